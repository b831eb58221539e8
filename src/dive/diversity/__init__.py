"""Diversity of generated tasks: provenance call graphs and the corpus-level summary."""

from __future__ import annotations

from dive.diversity.metrics import (
    TOPOLOGIES,
    TaskGraph,
    Topology,
    diversity_summary,
    pool_coverage,
    task_graph,
)

__all__ = ["TOPOLOGIES", "TaskGraph", "Topology", "diversity_summary", "pool_coverage", "task_graph"]
