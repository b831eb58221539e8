"""Toolsets: what a run can call. A protocol with two methods and a function-backed toolset."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import Any, Protocol, runtime_checkable

from dive._hashing import content_hash, json_problem, safe_repr
from dive.errors import ToolNameClash, UnknownToolError
from dive.records import Observation
from dive.tools.execution import Limits, execute
from dive.tools.isolation import ToolHost
from dive.tools.tool import Tool

__all__ = ["FunctionToolset", "Toolset"]


@runtime_checkable
class Toolset(Protocol):
    """Anything that lists tools and calls them by name."""

    def list_tools(self) -> Sequence[Tool]:
        """The tools this toolset exposes."""
        ...

    def call(self, name: str, arguments: dict[str, Any], *, call_id: str = "") -> Observation:
        """Call tool ``name``; every failure is an error observation, an unknown name included."""
        ...


class FunctionToolset:
    """A toolset of :class:`Tool` objects, run under :class:`Limits` (in a :class:`ToolHost` when given one)."""

    def __init__(self, tools: Iterable[Tool], limits: Limits | None = None, *, host: ToolHost | None = None) -> None:
        self._tools: dict[str, Tool] = {}
        for t in tools:
            if t.name in self._tools:
                raise ToolNameClash(f"two tools are named {t.name!r} (from {self._tools[t.name].pack} and {t.pack}); "
                                    "give one source a prefix (tools.modules: [{module: ..., prefix: ...}])")
            self._tools[t.name] = t
        self.limits = limits or Limits()
        self.host = host

    def list_tools(self) -> Sequence[Tool]:
        return list(self._tools.values())

    def __contains__(self, name: object) -> bool:
        return name in self._tools

    def __len__(self) -> int:
        return len(self._tools)

    def get(self, name: str) -> Tool:
        """Return tool ``name``; raise :class:`UnknownToolError` naming close matches."""
        try:
            return self._tools[name]
        except KeyError:
            raise UnknownToolError(self._unknown(name)) from None

    def _unknown(self, name: str) -> str:
        close = difflib.get_close_matches(name, list(self._tools), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        return f"unknown tool {name!r}{hint}"

    def subset(self, names: Iterable[str]) -> FunctionToolset:
        """A toolset of the named tools, with the same limits and host."""
        return FunctionToolset([self.get(n) for n in names], self.limits, host=self.host)

    def call(self, name: str, arguments: dict[str, Any], *, call_id: str = "") -> Observation:
        problem = json_problem(arguments, "arguments") if isinstance(arguments, dict) else None
        if not isinstance(arguments, dict):
            problem = f"arguments must be a JSON object, got {type(arguments).__name__}"
        if not isinstance(name, str) or json_problem(name):
            return Observation(call_id=call_id or content_hash(safe_repr(name)), ok=False,
                               error=f"a tool name must be text, got {safe_repr(name, 80)}")
        call_id = call_id or content_hash([name, safe_repr(arguments, 4000) if problem else arguments])
        if problem:  # untrusted input (a model's or a caller's): an error observation, never an exception
            return Observation(call_id=call_id, ok=False, error=f"invalid arguments for {name}: {problem}")
        if name not in self._tools:
            return Observation(call_id=call_id, ok=False, error=self._unknown(name))
        return execute(self._tools[name], arguments, call_id=call_id, limits=self.limits, host=self.host)
