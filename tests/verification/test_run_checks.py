"""run_checks: every verdict, in order, no early stop; dedup state follows the outcome."""

from __future__ import annotations

import pytest
from tracekit import GOOD_QUERY, Offsets, make_task

from dive.records import AnswerSpec, Task, Trace, Verdict
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
    verdicts = run_checks(good_task, offsets.trace, ctx, standard_verifiers(Deduplicator()))
    assert [v.check for v in verdicts] == ["well_posed", "grounding", "necessity", "leakage", "replay", "dedup"]
    assert all(v.ok for v in verdicts), [v.reason for v in verdicts if not v.ok]
    assert {v.task_id for v in verdicts} == {good_task.id}


def test_every_verdict_is_kept_after_a_rejection(offsets: Offsets, ctx: VerifyContext) -> None:
    # wrong answer (4.5) that is also written in the query
    task = make_task(offsets.trace, "Is Asia/Tokyo 4.5 hours ahead of Asia/Kolkata? Give the gap in hours.",
                     AnswerSpec(type="number", value=4.5), [(offsets.subtract, "$.result")])
    verdicts = run_checks(task, offsets.trace, ctx, standard_verifiers())
    failed = {v.check for v in verdicts if not v.ok}
    assert failed == {"grounding", "necessity", "leakage"}
    assert len(verdicts) == 5


def test_a_rejected_task_does_not_occupy_a_dedup_slot(offsets: Offsets, ctx: VerifyContext) -> None:
    dedup = Deduplicator()
    wrong = make_task(offsets.trace, GOOD_QUERY, AnswerSpec(type="number", value=4.5), [(offsets.subtract, "$.result")])
    verdicts = run_checks(wrong, offsets.trace, ctx, [Grounding(), dedup])
    assert [v.ok for v in verdicts] == [False, True]
    assert wrong.id not in dedup
    right = make_task(offsets.trace, GOOD_QUERY, AnswerSpec(type="number", value=3.5), [(offsets.subtract, "$.result")])
    assert all(v.ok for v in run_checks(right, offsets.trace, ctx, [Grounding(), dedup]))


def test_a_task_from_another_trace_is_a_caller_error(good_task: Task, offsets: Offsets, ctx: VerifyContext) -> None:
    other = Trace(seed="Asia/Tokyo")
    with pytest.raises(ValueError, match="was derived from trace"):
        run_checks(good_task, other, ctx, standard_verifiers())


class QueryLength:
    """A custom check: the whole extension contract is a name and one method."""

    name = "query_length"

    def verify(self, task: Task, trace: Trace, ctx: VerifyContext) -> Verdict:
        ok = len(task.query) <= 40
        return Verdict(task_id=task.id, check=self.name, ok=ok, reason="" if ok else "query too long")


def test_verifiers_follow_the_protocol(good_task: Task, offsets: Offsets, ctx: VerifyContext) -> None:
    for verifier in (Grounding(), Replay(), Leakage(), WellPosed(), Necessity(), Deduplicator(), QueryLength()):
        assert isinstance(verifier, Verifier)
    [verdict] = run_checks(good_task, offsets.trace, ctx, [QueryLength()])
    assert not verdict.ok and verdict.reason == "query too long"
