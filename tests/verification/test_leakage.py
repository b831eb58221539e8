"""Leakage: the answer, or an intermediate value a solver must discover, written in the query."""

from __future__ import annotations

import pytest
from tracekit import NOON, Offsets, make_task

from dive.records import AnswerSpec, Task
from dive.verification import Leakage, VerifyContext, bridge_entities, value_in_query

CHECK = Leakage()


def test_good_task_leaks_nothing(good_task: Task, offsets: Offsets, ctx: VerifyContext) -> None:
    verdict = CHECK.verify(good_task, offsets.trace, ctx)
    assert verdict.ok, verdict.reason
    assert verdict.details["bridges"] == [9.0, 5.5]


@pytest.mark.parametrize(
    "query",
    [
        "Asia/Tokyo is 3.5 hours ahead of Asia/Kolkata; by how many hours does its offset exceed Kolkata's?",
        "Is the gap between Asia/Tokyo and Asia/Kolkata 3.50 hours? Give the gap in hours.",
        "Asia/Tokyo leads Asia/Kolkata by 7/2 hours. How many hours is that?",
    ],
)
def test_the_answer_in_the_query_is_rejected(query: str, offsets: Offsets, ctx: VerifyContext) -> None:
    task = make_task(offsets.trace, query, AnswerSpec(type="number", value=3.5), [(offsets.subtract, "$.result")])
    verdict = CHECK.verify(task, offsets.trace, ctx)
    assert not verdict.ok
    assert "the query states the answer" in verdict.reason and verdict.details["answer_in_query"]


def test_a_bridge_entity_in_the_query_is_rejected(offsets: Offsets, ctx: VerifyContext) -> None:
    query = ("Asia/Kolkata is UTC+5.5 at noon on 2024-07-01. By how many hours does the offset of Asia/Tokyo "
             "exceed it?")
    task = make_task(offsets.trace, query, AnswerSpec(type="number", value=3.5), [(offsets.subtract, "$.result")])
    verdict = CHECK.verify(task, offsets.trace, ctx)
    assert not verdict.ok
    assert verdict.details["bridges_in_query"] == [5.5]
    assert "intermediate value(s) 5.5" in verdict.reason


def test_string_answers_match_whole_normalized_tokens(offsets: Offsets, ctx: VerifyContext) -> None:
    spec = AnswerSpec(type="string", value="IST")
    evidence = [(offsets.kolkata, "$.abbreviation")]
    inside_a_word = make_task(offsets.trace, "Give the zone abbreviation on the list for Asia/Kolkata.", spec, evidence)
    assert CHECK.verify(inside_a_word, offsets.trace, ctx).ok
    stated = make_task(offsets.trace, "Is the abbreviation of Asia/Kolkata 'ist'? Give it.", spec, evidence)
    verdict = CHECK.verify(stated, offsets.trace, ctx)
    assert not verdict.ok and verdict.details["answer_in_query"] == ["IST"]


def test_values_shorter_than_two_characters_are_ignored(offsets: Offsets, ctx: VerifyContext) -> None:
    # compare_numbers says which of a and b is larger: "b"; single letters match too much by chance
    task = make_task(offsets.trace, "Of (a) Asia/Kolkata and (b) Asia/Tokyo, which offset is larger, a or b?",
                     AnswerSpec(type="string", value="b"), [(offsets.compare, "$.larger")])
    assert CHECK.verify(task, offsets.trace, ctx).ok
    # a one-digit number likewise: Tokyo's +9 written in a query is not flagged as the answer 9
    nine = make_task(offsets.trace, "Tokyo is one of 9 zones I track: what is the UTC offset of Asia/Tokyo?",
                     AnswerSpec(type="number", value=9.0), [(offsets.tokyo, "$.utc_offset_hours")])
    assert CHECK.verify(nine, offsets.trace, ctx).ok


def test_a_choice_may_name_its_options(offsets: Offsets, ctx: VerifyContext) -> None:
    task = make_task(offsets.trace, "Which has the larger UTC offset at noon on 2024-07-01: Asia/Kolkata or Asia/Tokyo?",
                     AnswerSpec(type="string", value="Asia/Tokyo"),
                     [(offsets.kolkata, "$.utc_offset_hours"), (offsets.tokyo, "$.utc_offset_hours")],
                     op="argmax", labels=["Asia/Kolkata", "Asia/Tokyo"])
    verdict = CHECK.verify(task, offsets.trace, ctx)
    assert verdict.ok, verdict.reason


def test_a_choice_named_by_another_name_of_its_options_leaks_nothing(offsets: Offsets, ctx: VerifyContext) -> None:
    # options said by their country, the zones compared: "Japan" is the chosen option's other name, not a leak
    task = make_task(offsets.trace, "Which is ahead of UTC by more at noon on 2024-07-01: the zone of India or the "
                     "zone of Japan?", AnswerSpec(type="string", value="Asia/Tokyo", aliases=("Japan",)),
                     [(offsets.kolkata, "$.utc_offset_hours"), (offsets.tokyo, "$.utc_offset_hours")],
                     op="argmax", labels=["Asia/Kolkata", "Asia/Tokyo"])
    verdict = CHECK.verify(task, offsets.trace, ctx)
    assert verdict.ok, verdict.reason
    # a question that is no choice still may not state its answer by another name
    stated = make_task(offsets.trace, "In Japan, on Asia/Tokyo time, what is the zone's abbreviation?",
                       AnswerSpec(type="string", value="JST", aliases=("Japan",)), [(offsets.tokyo, "$.abbreviation")])
    assert not CHECK.verify(stated, offsets.trace, ctx).ok


def test_dates_dates_in_other_spellings_and_echoes(recorder, ctx: VerifyContext) -> None:  # noqa: ANN001
    rec = recorder()
    conv = rec.call("convert_timezone", datetime="2024-03-10T20:00", from_timezone="America/New_York",
                    to_timezone="Asia/Tokyo")
    info = rec.call("date_info", parents=(conv,), step=1, date=rec.output(conv)["date"])
    # "Asia/Tokyo" is in conv's output only as an echo of its own input: not a bridge
    offset = rec.call("timezone_offset", parents=(conv,), step=1, timezone="Asia/Tokyo",
                      datetime=rec.output(conv)["datetime"])
    trace = rec.trace()
    spec = AnswerSpec(type="string", value="Monday")
    query = "What day of the week is it in Asia/Tokyo when it is 8 pm on 2024-03-10 in America/New_York?"
    task = make_task(trace, query, spec, [(info, "$.weekday")])
    assert bridge_entities(task, trace) == ["2024-03-11"]
    assert CHECK.verify(task, trace, ctx).ok
    leaky = make_task(trace, query + " (That is March 11th, 2024 in Tokyo.)", spec, [(info, "$.weekday")])
    verdict = CHECK.verify(leaky, trace, ctx)
    assert not verdict.ok and verdict.details["bridges_in_query"] == ["2024-03-11"]
    dst = make_task(trace, "q", AnswerSpec(type="boolean", value=False), [(offset, "$.is_dst")])
    assert bridge_entities(dst, trace) == ["2024-03-11T09:00:00"]


def test_constants_of_root_calls_are_not_bridges(pool, recorder) -> None:  # noqa: ANN001
    rec = recorder()
    a = rec.call("timezone_offset", timezone="Asia/Kolkata", datetime=NOON)
    b = rec.call("add_numbers", parents=(a,), step=1, a=rec.output(a)["utc_offset_hours"], b=2.5)
    trace = rec.trace()
    task = make_task(trace, "q", AnswerSpec(type="number", value=8.0), [(b, "$.result")])
    assert bridge_entities(task, trace) == [5.5]


def test_value_in_query_reads_number_spellings_but_not_dates_or_times() -> None:
    assert value_in_query(1234.5, "about 1,234.5 km")
    assert value_in_query(1200000, "some 1.2 million people")
    assert value_in_query(0.125, "a rise of 12.5% overall")
    assert not value_in_query(12, "on 2024-07-12 at 12:30")
    assert not value_in_query(12, "zone 125 and 112")
    assert value_in_query("São Paulo", "flights from SAO PAULO today")
    assert not value_in_query("Paris", "a Parisian café")
    # a two-letter code only as written: India's IN is not the word "in", Norway's NO not "no"
    assert not value_in_query("IN", "the countries the UN places in Southern Asia")
    assert value_in_query("IN", "calling code of IN") and not value_in_query("NO", "no, not Norway")
    # so is an element's symbol: indium's In is not the word "in" (a period-5 question said "the elements in period 5")
    assert not value_in_query("In", "Which of the elements in period 5 of the periodic table is the densest?")
    assert value_in_query("In", "the melting point of In") and not value_in_query("As", "as a fraction by volume")
