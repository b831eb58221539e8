"""run_checks: every verdict in order (or up to the first rejection); checks keep no state; records ride along."""

from __future__ import annotations

from typing import ClassVar

import pytest
from tracekit import GOOD_QUERY, Offsets, make_task

from dive.records import AnswerSpec, Task, Trace, Verdict
from dive.stages import Checked
from dive.verification import (
    Deduplicator,
    Grounding,
    Leakage,
    Necessity,
    Replay,
    Verifier,
    VerifyContext,
    WellPosed,
    run_checks,
    standard_verifiers,
)


def test_good_task_passes_every_check(good_task: Task, offsets: Offsets, ctx: VerifyContext) -> None:
    verdicts = run_checks(good_task, offsets.trace, ctx, standard_verifiers(Deduplicator())).verdicts
    assert [v.check for v in verdicts] == ["well_posed", "grounding", "necessity", "leakage", "replay", "dedup"]
    assert all(v.ok for v in verdicts), [v.reason for v in verdicts if not v.ok]
    assert {v.task_id for v in verdicts} == {good_task.id}


def test_every_verdict_is_kept_after_a_rejection_but_no_tool_is_called_for_it(offsets: Offsets,
                                                                                 ctx: VerifyContext) -> None:
    """After a rejection the checks that read the task and trace still give their verdicts (every reason is
    stored); the ones that call tools (replay, informative) are not run: their verdict could not keep the task."""
    # wrong answer (4.5) that is also written in the query
    task = make_task(offsets.trace, "Is Asia/Tokyo 4.5 hours ahead of Asia/Kolkata? Give the gap in hours.",
                     AnswerSpec(type="number", value=4.5), [(offsets.subtract, "$.result")])
    verdicts = run_checks(task, offsets.trace, ctx, standard_verifiers()).verdicts
    failed = {v.check for v in verdicts if not v.ok}
    assert failed == {"grounding", "necessity", "leakage"}
    assert [v.check for v in verdicts] == ["well_posed", "grounding", "necessity", "leakage"]  # no replay
    good = make_task(offsets.trace, GOOD_QUERY, AnswerSpec(type="number", value=3.5),
                     [(offsets.subtract, "$.result")])
    assert [v.check for v in run_checks(good, offsets.trace, ctx, standard_verifiers()).verdicts][-1] == "replay"
    stopped = run_checks(task, offsets.trace, ctx, standard_verifiers(), stop_on_reject=True).verdicts
    assert [v.check for v in stopped] == ["well_posed", "grounding"] and not stopped[-1].ok


def test_a_rejected_task_does_not_occupy_a_dedup_slot(offsets: Offsets, ctx: VerifyContext) -> None:
    dedup = Deduplicator()
    wrong = make_task(offsets.trace, GOOD_QUERY, AnswerSpec(type="number", value=4.5), [(offsets.subtract, "$.result")])
    checks = run_checks(wrong, offsets.trace, ctx, [Grounding(), dedup])
    assert [v.ok for v in checks.verdicts] == [False, True] and not checks.ok
    assert wrong.id not in dedup
    right = make_task(offsets.trace, GOOD_QUERY, AnswerSpec(type="number", value=3.5), [(offsets.subtract, "$.result")])
    assert run_checks(right, offsets.trace, ctx, [Grounding(), dedup]).ok


def test_a_task_from_another_trace_is_a_caller_error(good_task: Task, offsets: Offsets, ctx: VerifyContext) -> None:
    other = Trace(seed="Asia/Tokyo")
    with pytest.raises(ValueError, match="was derived from trace"):
        run_checks(good_task, other, ctx, standard_verifiers())


class QueryLength:
    """A custom check: the whole extension contract is a name and one method."""

    name: ClassVar[str] = "query_length"

    def verify(self, task: Task, trace: Trace, ctx: VerifyContext) -> Verdict:
        ok = len(task.query) <= 40
        return Verdict(task_id=task.id, check=self.name, ok=ok, reason="" if ok else "query too long")


def test_verifiers_follow_the_protocol(good_task: Task, offsets: Offsets, ctx: VerifyContext) -> None:
    for verifier in (Grounding(), Replay(), Leakage(), WellPosed(), Necessity(), Deduplicator(), QueryLength()):
        assert isinstance(verifier, Verifier)
    [verdict] = run_checks(good_task, offsets.trace, ctx, [QueryLength()]).verdicts
    assert not verdict.ok and verdict.reason == "query too long"


class Noting:
    """A check that makes a record besides its verdict (as the solver makes trajectories)."""

    name: ClassVar[str] = "noting"

    def verify(self, task: Task, trace: Trace, ctx: VerifyContext) -> Checked:
        note = Verdict(task_id=task.id, check="note", ok=True, details={"chars": len(task.query)})
        return Checked(Verdict(task_id=task.id, check=self.name, ok=True), (note,))


def test_a_check_may_return_records_with_its_verdict(good_task: Task, offsets: Offsets, ctx: VerifyContext) -> None:
    checks = run_checks(good_task, offsets.trace, ctx, [Noting(), Grounding()])
    assert [v.check for v in checks.verdicts] == ["noting", "grounding"]
    assert [r.details for r in checks.records] == [{"chars": len(GOOD_QUERY)}]
