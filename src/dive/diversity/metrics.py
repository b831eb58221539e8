"""Structural diversity of kept tasks: the call graph behind each answer, and a corpus summary.

Everything here is a pure function of kept tasks and their traces. Only the calls on a
task's provenance path count (the evidence calls and their ancestors, see
:func:`dive.verification.provenance.provenance_calls`): exploration calls that the answer
does not depend on are not part of the task's structure. Levels are those of
:func:`dive.trajectories.parallel_batches` (the assistant turns of the gold trajectory).
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import JsonValue

from dive.provenance import provenance_calls
from dive.records import Task, ToolCall, Trace
from dive.trajectories import parallel_batches

__all__ = ["TOPOLOGIES", "TaskGraph", "Topology", "diversity_summary", "pool_coverage", "task_graph"]

Topology = Literal["single", "chain", "fan_out", "fan_in", "dag"]
TOPOLOGIES: tuple[Topology, ...] = ("single", "chain", "fan_out", "fan_in", "dag")
"""The topology classes, simplest first."""


@dataclass(frozen=True)
class TaskGraph:
    """The call graph on a task's provenance path.

    ``topology`` classifies the graph of calls (edges are the ``parents`` links between
    calls on the path; the kinds R/P do not change the class):

    - ``single``: at most one call;
    - ``chain``: several calls, each with at most one parent and at most one child (a
      path, or several independent paths, e.g. two unrelated lookups combined by the op);
    - ``fan_out``: some call has two or more children and no call has two or more parents;
    - ``fan_in``: some call has two or more parents and no call has two or more children;
    - ``dag``: some call has two or more children and some call has two or more parents.

    ``shape`` is a canonical string of the graph with each tool replaced by its kind
    (``R``/``P``, or ``T`` when no kinds were given). Each call gets a label: its kind,
    followed by its parents' labels, sorted, in parentheses (``P(R, R)``): the call's whole
    ancestry with tools abstracted away. The shape lists the labels level by level, sorted
    within a level (`` + ``), levels joined by `` > ``: a fan-in of two retrievals into one
    processing call is ``R + R > P(R, R)``. Graphs that differ only in which tools they call
    or in call order get the same shape; the shape does not tell a diamond (one call
    feeding two that feed a third) from the same graph with the shared call duplicated,
    except through the number of labels at the first level.
    """

    calls: tuple[ToolCall, ...]
    """The calls on the provenance path, in trace order."""
    tools: tuple[str, ...]
    """Distinct tool names on the path, sorted."""
    sequence: tuple[str, ...]
    """Tool names in call order."""
    edges: tuple[tuple[str, str], ...]
    """(parent tool, child tool) for each parent link on the path, sorted, repeats kept."""
    depth: int
    """Calls on the longest parent-to-child chain (the number of levels)."""
    width: int
    """Most calls in one level (the most parallel calls in one gold turn)."""
    topology: Topology
    """Topology class (see the class docstring)."""
    shape: str
    """Canonical R/P-abstracted graph (see the class docstring)."""


def task_graph(task: Task, trace: Trace, kinds: Mapping[str, str] | None = None) -> TaskGraph:
    """The call graph on ``task``'s provenance path in ``trace``.

    ``kinds`` maps tool names to ``R``/``P`` for :attr:`TaskGraph.shape`; without it every
    tool is ``T``. A tool on the path missing from a given ``kinds`` raises ``KeyError``
    naming it; evidence calls missing from ``trace`` raise
    :class:`~dive.verification.provenance.EvidenceError`.
    """
    calls = provenance_calls(task, trace)
    by_id = {c.id: c for c in calls}
    parents = {c.id: [p for p in c.parents if p in by_id] for c in calls}
    children: Counter[str] = Counter(p for c in calls for p in parents[c.id])
    batches = parallel_batches(calls)
    edges = sorted((by_id[p].tool, c.tool) for c in calls for p in parents[c.id])
    return TaskGraph(
        calls=tuple(calls),
        tools=tuple(sorted({c.tool for c in calls})),
        sequence=tuple(c.tool for c in calls),
        edges=tuple(edges),
        depth=len(batches),
        width=max((len(b) for b in batches), default=0),
        topology=_topology(len(calls), max((len(v) for v in parents.values()), default=0),
                           max(children.values(), default=0)),
        shape=_shape(batches, parents, kinds),
    )


def _topology(n_calls: int, max_parents: int, max_children: int) -> Topology:
    if n_calls <= 1:
        return "single"
    if max_parents >= 2 and max_children >= 2:
        return "dag"
    if max_parents >= 2:
        return "fan_in"
    return "fan_out" if max_children >= 2 else "chain"


def _shape(batches: Sequence[Sequence[ToolCall]], parents: Mapping[str, list[str]],
           kinds: Mapping[str, str] | None) -> str:
    labels: dict[str, str] = {}
    levels = []
    for batch in batches:
        for call in batch:
            if kinds is None:
                kind = "T"
            elif call.tool in kinds:
                kind = kinds[call.tool]
            else:
                raise KeyError(f"no kind (R/P) given for tool {call.tool!r}")
            above = sorted(labels[p] for p in parents[call.id])
            labels[call.id] = f"{kind}({', '.join(above)})" if above else kind
        levels.append(" + ".join(sorted(labels[c.id] for c in batch)))
    return " > ".join(levels)


def diversity_summary(pairs: Iterable[tuple[Task, Trace]], kinds: Mapping[str, str]) -> dict[str, JsonValue]:
    """Table-3 style diversity numbers over kept ``(task, trace)`` pairs, as JSON.

    Keys: ``tasks``; ``tools_covered`` (distinct tools on provenance paths);
    ``unique_toolsets`` (distinct ``task.toolset``, order ignored); ``unique_call_sequences``;
    ``unique_call_graphs`` (distinct ``(tools, edges)``); ``topology_classes``
    (``{"classes": {class: count}, "shapes": distinct shapes}``, every class listed);
    ``distinct_tools_per_task`` (mean, median, max); ``calls_per_task`` (mean, max);
    ``depth`` (mean, max); ``by_round`` (per derivation round, keyed by the round as a
    string: tasks and the mean calls, depth, distinct tools and evidence items). Means are
    rounded to 3 decimals; an empty input gives zeros. ``kinds`` maps tool names to R/P
    (``KeyError`` for a tool on a path without one); a trace that is not the task's raises
    ``ValueError``.
    """
    graphs: list[tuple[Task, TaskGraph]] = []
    for task, trace in pairs:
        if task.trace_id != trace.id:
            raise ValueError(f"task {task.id} was derived from trace {task.trace_id}, not {trace.id}")
        graphs.append((task, task_graph(task, trace, kinds)))
    only = [g for _, g in graphs]
    n_tools = [len(g.tools) for g in only]
    n_calls = [len(g.calls) for g in only]
    depths = [g.depth for g in only]
    classes = Counter(g.topology for g in only)
    rounds: dict[int, list[tuple[Task, TaskGraph]]] = {}
    for task, graph in graphs:
        rounds.setdefault(task.round, []).append((task, graph))
    by_round: dict[str, JsonValue] = {
        str(r): {
            "tasks": len(group),
            "calls": _mean([len(g.calls) for _, g in group]),
            "depth": _mean([g.depth for _, g in group]),
            "distinct_tools": _mean([len(g.tools) for _, g in group]),
            "evidence_items": _mean([len(t.provenance.evidence) for t, _ in group]),
        }
        for r, group in sorted(rounds.items())
    }
    return {
        "tasks": len(graphs),
        "tools_covered": len({name for g in only for name in g.tools}),
        "unique_toolsets": len({tuple(sorted(set(t.toolset))) for t, _ in graphs}),
        "unique_call_sequences": len({g.sequence for g in only}),
        "unique_call_graphs": len({(g.tools, g.edges) for g in only}),
        "topology_classes": {
            "classes": {name: classes[name] for name in TOPOLOGIES},
            "shapes": len({g.shape for g in only}),
        },
        "distinct_tools_per_task": {"mean": _mean(n_tools), "median": _median(n_tools), "max": max(n_tools, default=0)},
        "calls_per_task": {"mean": _mean(n_calls), "max": max(n_calls, default=0)},
        "depth": {"mean": _mean(depths), "max": max(depths, default=0)},
        "by_round": by_round,
    }


def pool_coverage(used: Iterable[str], pool: Iterable[str]) -> float:
    """Fraction of the distinct tools in ``pool`` that occur in ``used`` (0.0 for an empty pool)."""
    pool_set = set(pool)
    if not pool_set:
        return 0.0
    return len(pool_set & set(used)) / len(pool_set)


def _mean(values: Sequence[int]) -> float:
    return round(statistics.fmean(values), 3) if values else 0.0


def _median(values: Sequence[int]) -> float:
    return round(float(statistics.median(values)), 3) if values else 0.0
