"""Replay re-runs the provenance path through real tools and compares with the stored outputs."""

from __future__ import annotations

import itertools

from tracekit import Offsets, Recorder, make_task
from typing_extensions import TypedDict

from dive.records import AnswerSpec, Task
from dive.tools import FunctionToolset, load_pack, tool
from dive.verification import Replay, VerifyContext

CHECK = Replay()
_TICKETS = itertools.count(1)


class Ticket(TypedDict):
    ticket: int


@tool(kind="R", domain="general", pack="test", deterministic=False)
def draw_ticket(queue: str) -> Ticket:
    """Take the next ticket number from a queue (a new number on every call).

    Args:
        queue: name of the queue.
    """
    return {"ticket": next(_TICKETS)}


def test_good_task_replays_its_path_in_trace_order(good_task: Task, offsets: Offsets, ctx: VerifyContext) -> None:
    verdict = CHECK.verify(good_task, offsets.trace, ctx)
    assert verdict.ok, verdict.reason
    # the subtract call and both its parents, not the unrelated compare call
    assert verdict.details["replayed"] == [offsets.kolkata.id, offsets.tokyo.id, offsets.subtract.id]
    assert verdict.details["nondeterministic"] == []


def test_a_tampered_ancestor_observation_is_rejected(good_task: Task, offsets: Offsets, ctx: VerifyContext) -> None:
    forged = {"timezone": "Asia/Kolkata", "utc_offset_hours": 6.5, "abbreviation": "IST", "is_dst": False}
    trace = offsets.rec.trace(tampered={offsets.kolkata.id: forged})
    verdict = CHECK.verify(good_task, trace, ctx)
    assert not verdict.ok
    assert offsets.kolkata.id in verdict.reason and "timezone_offset" in verdict.reason
    assert "$.utc_offset_hours: stored 6.5, replayed 5.5" in verdict.reason
    assert verdict.details["mismatches"] == [
        {"call_id": offsets.kolkata.id, "tool": "timezone_offset",
         "difference": "$.utc_offset_hours: stored 6.5, replayed 5.5"}
    ]


def test_a_tampered_evidence_observation_is_rejected(good_task: Task, offsets: Offsets, ctx: VerifyContext) -> None:
    trace = offsets.rec.trace(tampered={offsets.subtract.id: {"result": 4.5}})
    verdict = CHECK.verify(good_task, trace, ctx)
    assert not verdict.ok and "subtract_numbers" in verdict.reason


def test_tampering_off_the_provenance_path_is_not_replayed(good_task: Task, offsets: Offsets, ctx: VerifyContext) -> None:
    forged = {"larger": "a", "difference": 3.5, "ratio": 1.6}
    trace = offsets.rec.trace(tampered={offsets.compare.id: forged})
    assert CHECK.verify(good_task, trace, ctx).ok


def test_numbers_within_relative_tolerance_match(good_task: Task, offsets: Offsets, ctx: VerifyContext) -> None:
    trace = offsets.rec.trace(tampered={offsets.subtract.id: {"result": 3.5 * (1 + 1e-12)}})
    assert CHECK.verify(good_task, trace, ctx).ok
    trace = offsets.rec.trace(tampered={offsets.subtract.id: {"result": 3.5 * (1 + 1e-6)}})
    assert not CHECK.verify(good_task, trace, ctx).ok


def test_a_changed_nondeterministic_tool_is_flagged_not_rejected(pool: FunctionToolset) -> None:
    toolset = FunctionToolset([*pool.list_tools(), draw_ticket])
    rec = Recorder(toolset)
    ticket = rec.call("draw_ticket", queue="visa")
    trace = rec.trace()
    task = make_task(trace, "Which ticket number?", AnswerSpec(type="integer", value=rec.output(ticket)["ticket"]),
                     [(ticket, "$.ticket")])  # type: ignore[index]
    verdict = CHECK.verify(task, trace, VerifyContext(toolset=toolset))
    assert verdict.ok, verdict.reason
    [flag] = verdict.details["nondeterministic"]
    assert flag["call_id"] == ticket.id and flag["tool"] == "draw_ticket"  # type: ignore[index]


def test_a_tool_missing_from_the_toolset_cannot_replay(good_task: Task, offsets: Offsets) -> None:
    only_arithmetic = FunctionToolset([t for t in load_pack("core") if t.name != "timezone_offset"])
    verdict = CHECK.verify(good_task, offsets.trace, VerifyContext(toolset=only_arithmetic))
    assert not verdict.ok and "unknown tool 'timezone_offset'" in verdict.reason


def test_a_missing_evidence_call_cannot_replay(offsets: Offsets, ctx: VerifyContext) -> None:
    task = make_task(offsets.trace, "q", AnswerSpec(type="number", value=3.5), [("0123456789abcdef", "$.result")])
    verdict = CHECK.verify(task, offsets.trace, ctx)
    assert not verdict.ok and verdict.reason.startswith("cannot replay: no call '0123456789abcdef'")
