"""Replay: re-run the calls behind the answer and check that the tools still say the same.

The provenance path (the evidence calls and their ancestors through ``parents``) is
re-executed in trace order with the stored arguments. Outputs are compared as canonical
JSON, numbers within a relative tolerance. A difference from a tool marked
``deterministic=False`` is flagged in ``details["nondeterministic"]`` but tolerated; a
difference from a deterministic tool rejects the task, naming the call and the tool (the
trace was tampered with, or the tool or its data changed since it was recorded).

Tools with state (``ctx.reset`` set): the tools are reset to the starting state and the whole
trace is re-run in order (so each call sees the state it saw when recorded, and the state after
the replay is the state after the trace); the calls of the solution (provenance and the action
calls in ``provenance.state_calls``) are compared.
"""

from __future__ import annotations

import math
from typing import ClassVar

from pydantic import JsonValue

from dive.provenance import EvidenceError, provenance_calls, solution_calls
from dive.records import Observation, Task, ToolCall, Trace, Verdict
from dive.verification.verifier import VerifyContext, accept, reject

__all__ = ["Replay", "first_difference"]


def first_difference(stored: JsonValue, replayed: JsonValue, rel_tol: float = 1e-9, path: str = "$") -> str | None:
    """Where two JSON values first differ (``None`` when equal; numbers within ``rel_tol``)."""
    if isinstance(stored, bool) or isinstance(replayed, bool):
        same = type(stored) is type(replayed) and stored == replayed
        return None if same else f"{path}: stored {stored!r}, replayed {replayed!r}"
    if isinstance(stored, int | float) and isinstance(replayed, int | float):
        if stored == replayed or math.isclose(stored, replayed, rel_tol=rel_tol, abs_tol=0.0):
            return None
        return f"{path}: stored {stored!r}, replayed {replayed!r}"
    if isinstance(stored, dict) and isinstance(replayed, dict):
        if stored.keys() != replayed.keys():
            only_stored = sorted(stored.keys() - replayed.keys())
            only_replayed = sorted(replayed.keys() - stored.keys())
            return f"{path}: keys only stored {only_stored}, only replayed {only_replayed}"
        for key in sorted(stored):
            diff = first_difference(stored[key], replayed[key], rel_tol, f"{path}.{key}")
            if diff:
                return diff
        return None
    if isinstance(stored, list) and isinstance(replayed, list):
        if len(stored) != len(replayed):
            return f"{path}: stored {len(stored)} items, replayed {len(replayed)}"
        for i, (a, b) in enumerate(zip(stored, replayed, strict=True)):
            diff = first_difference(a, b, rel_tol, f"{path}[{i}]")
            if diff:
                return diff
        return None
    if type(stored) is type(replayed) and stored == replayed:
        return None
    return f"{path}: stored {stored!r}, replayed {replayed!r}"


def _compare(stored: Observation, fresh: Observation, rel_tol: float) -> str | None:
    if stored.ok != fresh.ok:
        if fresh.ok:
            return f"stored call failed ({stored.error}) but the replay succeeded"
        return f"replay failed: {fresh.error}"
    if not stored.ok:
        return None  # both failed; error texts may carry run-specific detail
    return first_difference(stored.output, fresh.output, rel_tol)


class Replay:
    """Re-execute the provenance path through ``ctx.toolset`` and compare with the stored observations."""

    name: ClassVar[str] = "replay"
    calls_tools: ClassVar[bool] = True

    def verify(self, task: Task, trace: Trace, ctx: VerifyContext) -> Verdict:
        try:
            calls = solution_calls(task, trace) if ctx.reset is not None else provenance_calls(task, trace)
        except EvidenceError as err:
            return reject(task, self.name, f"cannot replay: {err}")
        deterministic = {t.name: t.deterministic for t in ctx.toolset.list_tools()}
        mismatches: list[dict[str, str]] = []
        flagged: list[dict[str, str]] = []
        diffs = self._from_reset(calls, trace, ctx) if ctx.reset is not None else {}
        for call in calls:
            diff = diffs.get(call.id) if ctx.reset is not None else self._replay(call, trace, ctx)
            if diff is None:
                continue
            entry = {"call_id": call.id, "tool": call.tool, "difference": diff}
            (flagged if not deterministic.get(call.tool, True) else mismatches).append(entry)
        details: dict[str, JsonValue] = {"replayed": [c.id for c in calls], "nondeterministic": flagged}  # type: ignore[dict-item]
        if mismatches:
            first = mismatches[0]
            reason = (f"deterministic call {first['call_id']} ({first['tool']}) gave a different result "
                      f"on replay: {first['difference']}")
            return reject(task, self.name, reason, mismatches=mismatches, **details)
        return accept(task, self.name, **details)

    @staticmethod
    def _from_reset(calls: list[ToolCall], trace: Trace, ctx: VerifyContext) -> dict[str, str | None]:
        """Reset, re-run every call of the trace in order; the differences of ``calls``."""
        assert ctx.reset is not None
        ctx.reset()
        wanted = {c.id for c in calls}
        out: dict[str, str | None] = {}
        for call in trace.calls:
            fresh = ctx.toolset.call(call.tool, dict(call.arguments), call_id=call.id)
            if call.id in wanted:
                out[call.id] = _compare(trace.observation(call.id), fresh, ctx.replay_rel_tol)
        return out

    @staticmethod
    def _replay(call: ToolCall, trace: Trace, ctx: VerifyContext) -> str | None:
        fresh = ctx.toolset.call(call.tool, dict(call.arguments), call_id=call.id)
        return _compare(trace.observation(call.id), fresh, ctx.replay_rel_tol)
