"""The tool layer: Tool, @tool, semantic types, toolsets, execution limits, the pack registry."""

from __future__ import annotations

from dive.tools.execution import Limits, execute
from dive.tools.registry import (
    PACKS,
    PackInfo,
    load_pack,
    load_pool,
    load_seeds,
    load_semtypes,
    pack_installed,
)
from dive.tools.tool import Sem, Tool, tool
from dive.tools.toolset import FunctionToolset, Toolset

__all__ = [
    "PACKS",
    "FunctionToolset",
    "Limits",
    "PackInfo",
    "Sem",
    "Tool",
    "Toolset",
    "execute",
    "load_pack",
    "load_pool",
    "load_seeds",
    "load_semtypes",
    "pack_installed",
    "tool",
]
