"""Well-posedness: one clear, non-empty answer."""

from __future__ import annotations

import pytest
from tracekit import NOON, Offsets, make_task

from dive.records import AnswerSpec, Task
from dive.verification import VerifyContext, WellPosed

CHECK = WellPosed()


def test_good_task_is_well_posed(good_task: Task, offsets: Offsets, ctx: VerifyContext) -> None:
    verdict = CHECK.verify(good_task, offsets.trace, ctx)
    assert verdict.ok, verdict.reason


@pytest.fixture
def tied(recorder):  # noqa: ANN001, ANN201
    """Asia/Tokyo and Asia/Seoul: both UTC+9."""
    rec = recorder()
    tokyo = rec.call("timezone_offset", timezone="Asia/Tokyo", datetime=NOON)
    seoul = rec.call("timezone_offset", timezone="Asia/Seoul", datetime=NOON)
    kolkata = rec.call("timezone_offset", timezone="Asia/Kolkata", datetime=NOON)
    return rec.trace(), tokyo, seoul, kolkata


@pytest.mark.parametrize("op", ["argmax", "compare", "sort_desc"])
def test_a_choice_over_tied_values_is_rejected(op: str, tied, ctx: VerifyContext) -> None:  # noqa: ANN001
    trace, tokyo, seoul, _ = tied
    spec = AnswerSpec(type="list", value=["Asia/Tokyo", "Asia/Seoul"]) if op.startswith("sort") else \
        AnswerSpec(type="string", value="Asia/Tokyo")
    task = make_task(trace, "Which of Asia/Tokyo and Asia/Seoul has the larger UTC offset?", spec,
                     [(tokyo, "$.utc_offset_hours"), (seoul, "$.utc_offset_hours")],
                     op=op, labels=["Asia/Tokyo", "Asia/Seoul"])
    verdict = CHECK.verify(task, trace, ctx)
    assert not verdict.ok
    assert verdict.details["tied"] == [9.0, 9.0]
    assert "the answer is arbitrary" in verdict.reason


def test_a_tie_that_does_not_decide_the_choice_is_fine(tied, ctx: VerifyContext) -> None:  # noqa: ANN001
    trace, tokyo, seoul, kolkata = tied
    task = make_task(trace, "Which of Asia/Tokyo, Asia/Seoul and Asia/Kolkata has the smallest UTC offset?",
                     AnswerSpec(type="string", value="Asia/Kolkata"),
                     [(tokyo, "$.utc_offset_hours"), (seoul, "$.utc_offset_hours"), (kolkata, "$.utc_offset_hours")],
                     op="argmin", labels=["Asia/Tokyo", "Asia/Seoul", "Asia/Kolkata"])
    assert CHECK.verify(task, trace, ctx).ok


@pytest.mark.parametrize(
    "spec",
    [
        AnswerSpec(type="string", value=""),
        AnswerSpec(type="string", value="  "),
        AnswerSpec(type="string", value=None),
        AnswerSpec(type="list", value=[]),
        AnswerSpec(type="list", value=["Asia/Tokyo", ""]),
    ],
)
def test_empty_answers_are_rejected(spec: AnswerSpec, offsets: Offsets, ctx: VerifyContext) -> None:
    task = make_task(offsets.trace, "Which zone?", spec, [(offsets.tokyo, "$.timezone")])
    verdict = CHECK.verify(task, offsets.trace, ctx)
    assert not verdict.ok and verdict.reason.startswith("the answer is empty")


def test_an_unreadable_answer_spec_is_rejected(offsets: Offsets, ctx: VerifyContext) -> None:
    task = make_task(offsets.trace, "q", AnswerSpec(type="number", value="about nine"),
                     [(offsets.tokyo, "$.utc_offset_hours")])
    verdict = CHECK.verify(task, offsets.trace, ctx)
    assert not verdict.ok and verdict.reason.startswith("invalid answer spec")


def test_a_count_of_zero_is_rejected(recorder, ctx: VerifyContext) -> None:  # noqa: ANN001
    rec = recorder()
    empty = rec.call("sort_numbers", values=[])
    trace = rec.trace()
    task = make_task(trace, "How many values are there?", AnswerSpec(type="integer", value=0),
                     [(empty, "$.values")], op="count")
    verdict = CHECK.verify(task, trace, ctx)
    assert not verdict.ok and "count of 0" in verdict.reason


@pytest.mark.parametrize(("path", "kind"), [("$", "dict"), ("$.values", "list")])
def test_identity_needs_one_scalar(path: str, kind: str, recorder, ctx: VerifyContext) -> None:  # noqa: ANN001
    rec = recorder()
    sort = rec.call("sort_numbers", values=[3, 1, 2])
    trace = rec.trace()
    task = make_task(trace, "q", AnswerSpec(type="list", item_type="number", value=[1, 2, 3]), [(sort, path)])
    verdict = CHECK.verify(task, trace, ctx)
    assert not verdict.ok and f"identity evidence is {kind}, not one scalar" in verdict.reason


def test_identity_over_two_items_is_rejected(offsets: Offsets, ctx: VerifyContext) -> None:
    task = make_task(offsets.trace, "q", AnswerSpec(type="number", value=9.0),
                     [(offsets.tokyo, "$.utc_offset_hours"), (offsets.kolkata, "$.utc_offset_hours")])
    verdict = CHECK.verify(task, offsets.trace, ctx)
    assert not verdict.ok and "exactly one evidence item, got 2" in verdict.reason
