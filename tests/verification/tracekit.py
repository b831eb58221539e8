"""Helpers for the verifier tests: core-pack tools called for real, recorded as a Trace.

UTC offsets used below are independent facts: Asia/Kolkata is +5.5 h (no DST), Asia/Tokyo
and Asia/Seoul are +9 h (no DST).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import JsonValue

from dive.records import AnswerSpec, Evidence, Observation, Provenance, Task, ToolCall, Trace
from dive.tools import FunctionToolset

NOON = "2024-07-01T12:00"


@dataclass
class Recorder:
    """Calls tools through a toolset and records the calls and observations in order."""

    toolset: FunctionToolset
    seed: JsonValue = None
    calls: list[ToolCall] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)

    def call(self, tool: str, parents: tuple[ToolCall, ...] = (), step: int = 0, **arguments: JsonValue) -> ToolCall:
        call = ToolCall(tool=tool, arguments=arguments, parents=tuple(p.id for p in parents), step=step)
        obs = self.toolset.call(tool, dict(arguments), call_id=call.id)
        self.calls.append(call)
        self.observations.append(obs)
        return call

    def output(self, call: ToolCall) -> JsonValue:
        return next(o.output for o in self.observations if o.call_id == call.id)

    def trace(self, tampered: dict[str, JsonValue] | None = None) -> Trace:
        """The trace; ``tampered`` maps a call id to a hand-made output replacing the real one."""
        tampered = tampered or {}
        observations = [
            Observation(call_id=o.call_id, ok=True, output=tampered[o.call_id]) if o.call_id in tampered else o
            for o in self.observations
        ]
        return Trace(seed=self.seed, toolset=tuple(t.name for t in self.toolset.list_tools()),
                     calls=tuple(self.calls), observations=tuple(observations))


def make_task(
    trace: Trace,
    query: str,
    answer: AnswerSpec,
    evidence: list[tuple[ToolCall | str, str]],
    op: str = "identity",
    **params: JsonValue,
) -> Task:
    """A task on ``trace``: evidence is (call or call id, JSON path) pairs."""
    items = tuple(Evidence(call_id=c if isinstance(c, str) else c.id, path=p) for c, p in evidence)
    return Task(trace_id=trace.id, query=query, answer=answer, provenance=Provenance(evidence=items, op=op, params=params),
                toolset=trace.toolset)


@dataclass
class Offsets:
    """Kolkata and Tokyo offsets, compared and subtracted."""

    rec: Recorder
    kolkata: ToolCall
    tokyo: ToolCall
    compare: ToolCall
    subtract: ToolCall
    trace: Trace


def record_offsets(pool: FunctionToolset) -> Offsets:
    rec = Recorder(pool, seed="Asia/Kolkata")
    kolkata = rec.call("timezone_offset", timezone="Asia/Kolkata", datetime=NOON)
    tokyo = rec.call("timezone_offset", timezone="Asia/Tokyo", datetime=NOON)
    a, b = rec.output(kolkata)["utc_offset_hours"], rec.output(tokyo)["utc_offset_hours"]  # type: ignore[index]
    assert (a, b) == (5.5, 9.0)
    compare = rec.call("compare_numbers", parents=(kolkata, tokyo), step=1, a=a, b=b)
    subtract = rec.call("subtract_numbers", parents=(tokyo, kolkata), step=1, a=b, b=a)
    return Offsets(rec, kolkata, tokyo, compare, subtract, rec.trace())


GOOD_QUERY = ("By how many hours does the UTC offset of Asia/Tokyo exceed that of Asia/Kolkata "
              "on 2024-07-01 at 12:00 local time?")


def make_good_task(offsets: Offsets) -> Task:
    """Passes every check: 9 - 5.5 = 3.5 from the subtract call, nothing leaked."""
    return make_task(offsets.trace, GOOD_QUERY, AnswerSpec(type="number", value=3.5, unit="h"),
                     [(offsets.subtract, "$.result")])
