"""Necessity: the seed or the query alone must not give the answer, and a tool call must be needed."""

from __future__ import annotations

from tracekit import Offsets, make_task

from dive.records import AnswerSpec, Seed, Task
from dive.verification import Necessity, VerifyContext

CHECK = Necessity()


def test_good_task_needs_its_tools(good_task: Task, offsets: Offsets, ctx: VerifyContext) -> None:
    verdict = CHECK.verify(good_task, offsets.trace, ctx)
    assert verdict.ok, verdict.reason


def test_an_answer_equal_to_the_seed_is_rejected(offsets: Offsets, ctx: VerifyContext) -> None:
    # timezone_offset echoes its input zone: the "answer" is the seed the trace started from
    task = make_task(offsets.trace, "Which IANA zone has the abbreviation IST at noon on 2024-07-01?",
                     AnswerSpec(type="string", value="asia/kolkata"), [(offsets.kolkata, "$.timezone")])
    verdict = CHECK.verify(task, offsets.trace, ctx)
    assert not verdict.ok and verdict.reason == "the answer is the seed itself (Asia/Kolkata)"


def test_an_answer_equal_to_the_seed_label_is_rejected(pool, recorder) -> None:  # noqa: ANN001
    seed = Seed(value="é", sem="unicode_char", domain="general", label="LATIN SMALL LETTER E WITH ACUTE")
    rec = recorder(seed.value)
    info = rec.call("unicode_character_info", character="é")
    trace = rec.trace()
    task = make_task(trace, "What is the official Unicode name of é?",
                     AnswerSpec(type="string", value="LATIN SMALL LETTER E WITH ACUTE"), [(info, "$.name")])
    verdict = CHECK.verify(task, trace, VerifyContext(toolset=pool, seed=seed))
    assert not verdict.ok and "seed itself" in verdict.reason
    codepoint = make_task(trace, "What is the code point of é?", AnswerSpec(type="string", value="U+00E9"),
                          [(info, "$.codepoint")])
    assert CHECK.verify(codepoint, trace, VerifyContext(toolset=pool, seed=seed)).ok


def test_a_number_the_query_states_is_rejected_even_with_one_digit(offsets: Offsets, ctx: VerifyContext) -> None:
    task = make_task(offsets.trace, "Tokyo is 9 hours ahead of UTC. What is the UTC offset of Asia/Tokyo?",
                     AnswerSpec(type="number", value=9.0), [(offsets.tokyo, "$.utc_offset_hours")])
    verdict = CHECK.verify(task, offsets.trace, ctx)
    assert not verdict.ok and verdict.details["numbers_in_query"] == ["9"]


def test_numbers_in_dates_and_format_instructions_do_not_count(recorder, ctx: VerifyContext) -> None:  # noqa: ANN001
    rec = recorder()
    info = rec.call("date_info", date="2024-03-11")
    trace = rec.trace()
    instructions = "Answer with a whole number such as 11."
    task = make_task(trace, f"What ISO week number is 2024-03-11? {instructions}",
                     AnswerSpec(type="integer", value=11, instructions=instructions), [(info, "$.iso_week")])
    verdict = CHECK.verify(task, trace, ctx)
    assert verdict.ok, verdict.reason


def test_a_task_whose_evidence_needs_no_call_is_rejected(offsets: Offsets, ctx: VerifyContext) -> None:
    spec = AnswerSpec(type="number", value=3.5)
    no_evidence = make_task(offsets.trace, "q", spec, [], op="identity")
    verdict = CHECK.verify(no_evidence, offsets.trace, ctx)
    assert not verdict.ok and verdict.reason == "no tool call is needed: the task has no evidence"
    from_seed_only = make_task(offsets.trace, "q", spec, [("seed", "$")])
    verdict = CHECK.verify(from_seed_only, offsets.trace, ctx)
    assert not verdict.ok and "no evidence call is in the trace" in verdict.reason


def test_a_seed_that_only_looks_numeric_is_not_the_answer(recorder, pool) -> None:  # noqa: ANN001
    # check() would read "2024-01-01" as the number 1; the seed is a date, not the answer
    rec = recorder("2024-01-01")
    info = rec.call("date_info", date="2024-01-01")
    trace = rec.trace()
    task = make_task(trace, "What ISO week number does New Year's Day of 2024 fall in?",
                     AnswerSpec(type="integer", value=1), [(info, "$.iso_week")])
    assert CHECK.verify(task, trace, VerifyContext(toolset=pool)).ok


def test_the_seed_may_win_a_choice_among_options_the_query_names(offsets: Offsets, ctx: VerifyContext) -> None:
    """Kolkata (UTC+5:30) is fewer hours ahead than Tokyo (UTC+9): the seed is one of the options, and a run whose
    seed never wins teaches that the first-named option (the seed's chain) never does. An answer equal to the seed
    that is no pick among listed options is still rejected."""
    evidence = [(offsets.kolkata, "$.utc_offset_hours"), (offsets.tokyo, "$.utc_offset_hours")]
    spec = AnswerSpec(type="string", value="Asia/Kolkata")
    query = "Which is fewer hours ahead of UTC: Asia/Tokyo or Asia/Kolkata?"
    task = make_task(offsets.trace, query, spec, evidence, op="argmin", labels=["Asia/Kolkata", "Asia/Tokyo"])
    assert CHECK.verify(task, offsets.trace, ctx).ok
    unlisted = make_task(offsets.trace, query, spec, evidence, op="argmin")
    assert "seed itself" in CHECK.verify(unlisted, offsets.trace, ctx).reason
