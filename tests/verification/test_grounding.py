"""Grounding recomputes the answer from real tool outputs and compares it with the stored one."""

from __future__ import annotations

from tracekit import NOON, Offsets, make_task

from dive.records import AnswerSpec, Task
from dive.verification import Grounding, VerifyContext

CHECK = Grounding()


def test_good_task_is_grounded(good_task: Task, offsets: Offsets, ctx: VerifyContext) -> None:
    verdict = CHECK.verify(good_task, offsets.trace, ctx)
    assert verdict.ok, verdict.reason
    assert verdict.check == "grounding" and verdict.task_id == good_task.id
    assert verdict.details["recomputed"] == 3.5


def test_wrong_stored_answer_is_rejected_with_the_recomputed_value(offsets: Offsets, ctx: VerifyContext) -> None:
    task = make_task(offsets.trace, "How many hours ahead of Asia/Kolkata is Asia/Tokyo?",
                     AnswerSpec(type="number", value=4.5), [(offsets.subtract, "$.result")])
    verdict = CHECK.verify(task, offsets.trace, ctx)
    assert not verdict.ok
    assert verdict.details["recomputed"] == 3.5
    assert "does not match identity of the evidence = 3.5" in verdict.reason


def test_ops_over_several_evidence_items(offsets: Offsets, ctx: VerifyContext) -> None:
    k, t = (offsets.kolkata, "$.utc_offset_hours"), (offsets.tokyo, "$.utc_offset_hours")
    cases = [
        (AnswerSpec(type="number", value=3.5), "difference", {}),
        (AnswerSpec(type="number", value=14.5), "sum", {}),
        (AnswerSpec(type="number", value=1.64, abs_tol=0.005), "ratio", {"digits": 2}),
        (AnswerSpec(type="string", value="Asia/Tokyo"), "argmax", {"labels": ["Asia/Kolkata", "Asia/Tokyo"]}),
        (AnswerSpec(type="string", value="asia tokyo"), "compare", {"labels": ["Asia/Kolkata", "Asia/Tokyo"]}),
        (AnswerSpec(type="list", value=["Asia/Tokyo", "Asia/Kolkata"]), "sort_desc",
         {"labels": ["Asia/Kolkata", "Asia/Tokyo"]}),
        (AnswerSpec(type="integer", value=2), "count", {"count_items": True}),
    ]
    for spec, op, params in cases:
        evidence = [t, k] if op in ("difference", "ratio") else [k, t]
        task = make_task(offsets.trace, "Compare the UTC offsets of Asia/Kolkata and Asia/Tokyo.", spec, evidence,
                         op=op, **params)
        verdict = CHECK.verify(task, offsets.trace, ctx)
        assert verdict.ok, (op, verdict.reason)


def test_wildcard_path_gives_a_list_to_count_and_collect(recorder, ctx: VerifyContext) -> None:  # noqa: ANN001
    rec = recorder()
    sort = rec.call("sort_numbers", values=[9.0, 5.5, -4.0], descending=True)
    trace = rec.trace()
    count = make_task(trace, "How many values?", AnswerSpec(type="integer", value=3), [(sort, "$.values[*]")], op="count")
    assert CHECK.verify(count, trace, ctx).ok
    values = make_task(trace, "Which values, in order?", AnswerSpec(type="list", item_type="number", value=[9, 5.5, -4]),
                       [(sort, "$.values")])
    verdict = CHECK.verify(values, trace, ctx)
    assert verdict.ok, verdict.reason
    assert verdict.details["recomputed"] == [9.0, 5.5, -4.0]


def test_evidence_that_does_not_resolve_is_rejected(offsets: Offsets, recorder, ctx: VerifyContext) -> None:  # noqa: ANN001
    spec = AnswerSpec(type="number", value=3.5)
    missing_call = make_task(offsets.trace, "q", spec, [("0123456789abcdef", "$.result")])
    verdict = CHECK.verify(missing_call, offsets.trace, ctx)
    assert not verdict.ok and "no call '0123456789abcdef'" in verdict.reason

    missing_key = make_task(offsets.trace, "q", spec, [(offsets.subtract, "$.value")])
    verdict = CHECK.verify(missing_key, offsets.trace, ctx)
    assert not verdict.ok and "$ has no key 'value'" in verdict.reason

    rec = recorder()
    failed = rec.call("divide_numbers", a=9.0, b=0)
    trace = rec.trace()
    verdict = CHECK.verify(make_task(trace, "q", spec, [(failed, "$.result")]), trace, ctx)
    assert not verdict.ok and "the call failed: divide_numbers: division by zero" in verdict.reason


def test_an_op_that_cannot_be_applied_is_rejected(offsets: Offsets, ctx: VerifyContext) -> None:
    task = make_task(offsets.trace, "q", AnswerSpec(type="string", value="Asia/Tokyo"),
                     [(offsets.kolkata, "$.utc_offset_hours"), (offsets.tokyo, "$.utc_offset_hours")], op="argmax")
    verdict = CHECK.verify(task, offsets.trace, ctx)
    assert not verdict.ok and "argmax needs params['labels']" in verdict.reason


def test_dates_and_booleans_are_read_as_typed_answers(recorder, ctx: VerifyContext) -> None:  # noqa: ANN001
    rec = recorder()
    conv = rec.call("convert_timezone", datetime="2024-03-10T20:00", from_timezone="America/New_York",
                    to_timezone="Asia/Tokyo")
    dst = rec.call("timezone_offset", timezone="America/New_York", datetime=NOON)
    trace = rec.trace()
    date_task = make_task(trace, "q", AnswerSpec(type="date", value="2024-03-11"), [(conv, "$.date")])
    assert CHECK.verify(date_task, trace, ctx).ok
    wrong_date = make_task(trace, "q", AnswerSpec(type="date", value="2024-03-10"), [(conv, "$.date")])
    assert not CHECK.verify(wrong_date, trace, ctx).ok
    bool_task = make_task(trace, "q", AnswerSpec(type="boolean", value=True), [(dst, "$.is_dst")])
    assert CHECK.verify(bool_task, trace, ctx).ok
