"""Facts: typed values found in a trace (the seed and every semantic field of every output).

A fact is what the typed-walk explorer chains on and what a deriver asks about: a value,
its semantic type, and where it came from (the call id and the concrete JSON path, or the
seed).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from dive.jsonpath import expand
from dive.records import Observation, Seed, ToolCall, Trace
from dive.tools.tool import Tool

__all__ = ["SEED_CALL", "Fact", "call_facts", "facts_of", "output_units"]

SEED_CALL = "seed"
"""The pseudo call id of the seed fact."""


@dataclass(frozen=True)
class Fact:
    """A typed value and its origin."""

    value: Any
    sem: str
    call_id: str
    path: str
    unit: str | None = None
    kind: str = "seed"
    """Kind of the tool that produced the fact: ``R``, ``P`` or ``seed``."""

    @property
    def is_number(self) -> bool:
        return isinstance(self.value, int | float) and not isinstance(self.value, bool)


def _unit_at(schema: Mapping[str, Any], pattern: str, defs: Mapping[str, Any]) -> str | None:
    node: Any = schema
    for part in pattern.replace("[*]", ".[*]").split(".")[1:]:
        if "$ref" in node:
            node = defs.get(node["$ref"].rsplit("/", 1)[-1], {})
        if part == "[*]":
            node = node.get("items", {})
        else:
            props = node.get("properties")
            if props is None:
                for alt in node.get("anyOf", []):
                    if "$ref" in alt:
                        alt = defs.get(alt["$ref"].rsplit("/", 1)[-1], {})
                    if "properties" in alt:
                        props = alt["properties"]
                        break
            node = (props or {}).get(part, {})
    if "$ref" in node:
        node = defs.get(node["$ref"].rsplit("/", 1)[-1], {})
    return node.get("x-unit")


@cache
def output_units(tool: Tool) -> dict[str, str]:
    """The unit of each semantic output path that has one (``{"$.area_km2": "km2"}``), computed once per tool."""
    defs = tool.output_schema.get("$defs", {})
    units = {pattern: _unit_at(tool.output_schema, pattern, defs) for pattern in tool.output_sem}
    return {pattern: unit for pattern, unit in units.items() if unit}


def call_facts(call: ToolCall, obs: Observation, tool: Tool | None) -> list[Fact]:
    """The facts in one call's output: every scalar at a semantic-typed path."""
    if tool is None or not obs.ok:
        return []
    out: list[Fact] = []
    units = output_units(tool)
    for pattern, sem in tool.output_sem.items():
        unit = units.get(pattern)
        for path, value in expand(obs.output, pattern):
            if value is None or isinstance(value, dict | list) or value == "":
                continue
            out.append(Fact(value, sem, call.id, path, unit, tool.kind))
    return out


def facts_of(trace: Trace, tools: Mapping[str, Tool], seed: Seed | None = None) -> list[Fact]:
    """Every fact in ``trace``: the seed first, then each output's semantic fields in call order."""
    out: list[Fact] = []
    if seed is not None:
        out.append(Fact(seed.value, seed.sem, SEED_CALL, "$"))
    for call, obs in zip(trace.calls, trace.observations, strict=True):
        out.extend(call_facts(call, obs, tools.get(call.tool)))
    return out
