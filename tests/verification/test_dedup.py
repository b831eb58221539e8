"""Dedup: a lookup against the kept tasks (``admit``); a later exact or near duplicate is rejected, naming the earlier task."""

from __future__ import annotations

import random

import pytest
from tracekit import GOOD_QUERY, Offsets, make_task

from dive.records import AnswerSpec, Evidence, Task, ToolCall, Trace
from dive.verification import Deduplicator, VerifyContext, jaccard, shingles
from dive.verification.dedup import _wording_key, name_words, question_form


def _variant(offsets: Offsets, query: str, value: float = 3.5, instructions: str = "") -> tuple[Task, Trace]:
    """The good task with another query, on a trace with another seed (so another task id)."""
    trace = Trace(seed=query, toolset=offsets.trace.toolset, calls=offsets.trace.calls,
                  observations=offsets.trace.observations)
    spec = AnswerSpec(type="number", value=value, instructions=instructions)
    return make_task(trace, query, spec, [(offsets.subtract, "$.result")]), trace


def test_exact_duplicate_is_rejected(good_task: Task, offsets: Offsets, ctx: VerifyContext) -> None:
    dedup = Deduplicator()
    assert dedup.verify(good_task, offsets.trace, ctx).ok
    dedup.admit(good_task)
    # same question, other casing and punctuation, same answer, from another trace
    again, trace = _variant(offsets, GOOD_QUERY.upper().replace("?", " ?!"))
    assert again.id != good_task.id
    verdict = dedup.verify(again, trace, ctx)
    assert not verdict.ok
    assert verdict.details == {"duplicate_of": good_task.id, "kind": "exact", "similarity": 1.0}
    assert good_task.id in verdict.reason


def test_near_duplicate_is_rejected(good_task: Task, offsets: Offsets, ctx: VerifyContext) -> None:
    dedup = Deduplicator()
    assert dedup.verify(good_task, offsets.trace, ctx).ok
    dedup.admit(good_task)
    # one word appended: the 22 bigrams of the query plus one new one (Jaccard 22/23)
    near, trace = _variant(offsets, GOOD_QUERY.replace("time?", "time exactly?"))
    verdict = dedup.verify(near, trace, ctx)
    assert not verdict.ok
    assert verdict.details["kind"] == "near" and verdict.details["duplicate_of"] == good_task.id
    assert verdict.details["similarity"] == round(22 / 23, 4)


def test_a_different_question_passes(good_task: Task, offsets: Offsets, ctx: VerifyContext) -> None:
    dedup = Deduplicator()
    dedup.admit(good_task)
    other, trace = _variant(offsets, "How far ahead of Asia/Kolkata is Asia/Tokyo, in hours, on 2024-07-01?")
    assert dedup.verify(other, trace, ctx).ok
    dedup.admit(other)
    assert len(dedup) == 2


def test_format_instructions_do_not_make_tasks_similar(offsets: Offsets, ctx: VerifyContext) -> None:
    instructions = "Give the answer in hours as a decimal number, rounded to one decimal place, without units."
    dedup = Deduplicator()
    first, t1 = _variant(offsets, f"What is the UTC offset gap between Tokyo and Kolkata? {instructions}",
                         instructions=instructions)
    second, t2 = _variant(offsets, f"How much later is noon in Kolkata than in Tokyo? {instructions}",
                          instructions=instructions)
    assert dedup.verify(first, t1, ctx).ok
    dedup.admit(first)
    assert dedup.verify(second, t2, ctx).ok


def test_the_same_task_from_a_second_identical_item_is_a_duplicate(good_task: Task, offsets: Offsets,
                                                                    ctx: VerifyContext) -> None:
    """Two identical work items give the same task id; it must be kept (and counted) once."""
    dedup = Deduplicator()
    assert dedup.verify(good_task, offsets.trace, ctx).ok
    dedup.admit(good_task)
    verdict = dedup.verify(good_task, offsets.trace, ctx)
    assert not verdict.ok and verdict.details["kind"] == "same_id"


def test_admit_remembers_a_task_kept_before_a_resume(good_task: Task, offsets: Offsets, ctx: VerifyContext) -> None:
    dedup = Deduplicator()
    dedup.admit(good_task)
    assert good_task.id in dedup
    assert not dedup.verify(good_task, offsets.trace, ctx).ok


def test_verify_is_a_lookup_that_remembers_nothing(good_task: Task, offsets: Offsets, ctx: VerifyContext) -> None:
    """A task that passed dedup but was then rejected by another check must not shadow its duplicates."""
    dedup = Deduplicator()
    assert dedup.verify(good_task, offsets.trace, ctx).ok
    assert good_task.id not in dedup and len(dedup) == 0
    again, trace = _variant(offsets, GOOD_QUERY)
    assert dedup.verify(again, trace, ctx).ok


def test_forget_rolls_back_an_admitted_task(good_task: Task, offsets: Offsets, ctx: VerifyContext) -> None:
    dedup = Deduplicator()
    dedup.admit(good_task)
    dedup.forget(good_task.id)
    dedup.forget("unknown")  # no-op
    again, trace = _variant(offsets, GOOD_QUERY)
    assert dedup.verify(again, trace, ctx).ok and len(dedup) == 0


def test_dedup_is_deterministic_and_finds_the_earliest_match(offsets: Offsets, ctx: VerifyContext) -> None:
    words = ["which", "of", "these", "two", "zones", "has", "the", "larger", "utc", "offset", "at", "noon", "on",
             "the", "first", "of", "july"]
    queries = [" ".join(words[:i] + ["really"] + words[i:]) for i in range(len(words))]

    def run() -> list[tuple[bool, object]]:
        dedup = Deduplicator(threshold=0.75)
        out = []
        for q in queries:
            task, trace = _variant(offsets, q)
            verdict = dedup.verify(task, trace, ctx)
            out.append((verdict.ok, verdict.details.get("duplicate_of")))
            if verdict.ok:
                dedup.admit(task)
        return out

    first = run()
    assert first == run()
    # every variant shares >= 0.765 of its bigrams with the first query (one word inserted)
    earliest = _variant(offsets, queries[0])[0].id
    assert first == [(True, None)] + [(False, earliest)] * (len(queries) - 1)


def test_prefix_filter_misses_nothing_a_full_scan_finds(offsets: Offsets, ctx: VerifyContext) -> None:
    base = ["what", "is", "the", "utc", "offset", "difference", "in", "hours", "between", "asia", "tokyo", "and",
            "asia", "kolkata", "at", "noon", "on", "the", "first", "of", "july"]
    vocab = ["zone", "gap", "india", "japan", "local", "time", "summer", "exactly", "how", "many"]
    rng = random.Random(7)
    queries = []
    for _ in range(60):
        words = list(base)
        for _ in range(rng.randint(0, 5)):
            i = rng.randrange(len(words))
            action = rng.choice(["drop", "insert", "replace"])
            if action == "drop" and len(words) > 3:
                del words[i]
            elif action == "insert":
                words.insert(i, rng.choice(vocab))
            else:
                words[i] = rng.choice(vocab)
        queries.append(" ".join(words))
    queries = list(dict.fromkeys(queries))  # a repeated query would be the same task, not a duplicate
    for threshold in (0.5, 0.7, 0.8, 0.9, 1.0):
        dedup = Deduplicator(threshold=threshold)
        kept: list[frozenset[str]] = []
        worded: set[str] = set()  # the same words in another order, with the same answer: a repeat too
        outcomes = set()
        for q in queries:
            task, trace = _variant(offsets, q)
            brute = any(jaccard(shingles(q), s) >= threshold for s in kept) or _wording_key(task) in worded
            verdict = dedup.verify(task, trace, ctx)
            assert verdict.ok is not brute, (threshold, q)
            outcomes.add(verdict.ok)
            if verdict.ok:
                dedup.admit(task)
                kept.append(shingles(q))
                worded.add(_wording_key(task))
        assert outcomes == {True, False}, threshold


def test_shingles_and_jaccard() -> None:
    assert shingles("The São Paulo zone") == {"sao paulo", "paulo zone"}
    assert shingles("Tokyo") == {"tokyo"}
    assert jaccard(frozenset({"a", "b"}), frozenset({"b", "c"})) == pytest.approx(1 / 3)
    with pytest.raises(ValueError, match="threshold must be in"):
        Deduplicator(threshold=0)


def test_at_most_per_form_tasks_ask_one_form_of_question(offsets: Offsets, ctx: VerifyContext) -> None:
    """A run is not one template with the names swapped: 170 of 2,000 kept tasks once asked how often one
    enzyme's site occurs in one sequence. The third such question is rejected; another form is not."""
    dedup = Deduplicator(per_form=2)
    site = "How many times does the recognition site of {} occur in ATGGAATTCGAGTCAAGAATCC on either strand?"
    kept = []
    for enzyme in ("EcoRI", "HindIII"):
        task, trace = _variant(offsets, site.format(enzyme))
        assert dedup.verify(task, trace, ctx).ok
        dedup.admit(task)
        kept.append(task)
    third, trace = _variant(offsets, "Quick question: " + site.format("BamHI").replace("ATGG", "TTGG"))
    verdict = dedup.verify(third, trace, ctx)
    assert not verdict.ok and verdict.details["kind"] == "form" and kept[0].id in verdict.reason
    other, trace = _variant(offsets, "How many restriction enzymes recognise the recognition site of BamHI?")
    assert dedup.verify(other, trace, ctx).ok
    dedup.forget(kept[0].id)  # a rolled-back item frees its place
    assert dedup.verify(third, trace, ctx).ok
    with pytest.raises(ValueError, match="per_form"):
        Deduplicator(per_form=0)


def test_a_name_written_in_lower_case_is_no_part_of_the_form(offsets: Offsets, ctx: VerifyContext) -> None:
    """A compound's or an element's name is written in lower case ("isopropanol", "iron"), so it once stayed in the
    question's form and kept each compound's melting point a form of its own: a 2,000-task run (seed 833) kept 56
    questions for one melting point or another at a limit of 12. The run's seed values give the words left out."""
    from dive.tools.packs.chem.seeds import seeds

    names = name_words(s.value for s in seeds())
    assert {"isopropanol", "iron", "carbon", "dioxide", "caffeine"} <= names
    assert not names & {"what", "melting", "point", "the", "of"}
    assert name_words(["en", "haw", "Europe/Paris", "C6H6", "tin", "acetic acid"]) == {"acetic", "acid"}  # no code,
    # no capitalized name, nothing under four letters
    dedup = Deduplicator(per_form=2, names=names)
    melts = "What is the melting point of {} in degrees Celsius?"
    for compound in ("isopropanol", "caffeine"):
        task, trace = _variant(offsets, melts.format(compound), value=float(len(compound)))
        assert dedup.verify(task, trace, ctx).ok
        dedup.admit(task)
    third, trace = _variant(offsets, melts.format("carbon dioxide"), value=-56.6)
    verdict = dedup.verify(third, trace, ctx)
    assert not verdict.ok and verdict.details["kind"] == "form"
    assert question_form(third, names) == "degrees melting point"
    assert question_form(third) == "carbon degrees dioxide melting point"  # without the run's names
    assert Deduplicator(per_form=2).verify(third, trace, ctx).ok


def test_at_most_per_kind_tasks_ask_one_kind_of_question(offsets: Offsets, ctx: VerifyContext) -> None:
    """A form is one wording, and a field asked in three wordings filled three forms: 62 of a 2,000-task run (seed 853)
    asked when the Sun stands at some angle over some city. The pipeline stamps each task with its kind (the op and
    the tool and field the answer is read from, ``Provenance.kind``), a value said again in another unit credited to
    the value's own: Tokyo's UTC offset in minutes is of the kind of the offset in hours. At ``per_kind=2`` the third
    is rejected whatever its words; another kind is kept, and forgetting one frees its place."""
    from dive.provenance import question_kind, with_question  # noqa: PLC0415

    rec = offsets.rec
    minutes = ToolCall(tool="convert_units", arguments={"value": 9.0, "from_unit": "h", "to_unit": "min"},
                       parents=(offsets.tokyo.id,), step=1,
                       sources={"value": Evidence(call_id=offsets.tokyo.id, path="$.utc_offset_hours")})
    rec.calls.append(minutes)
    rec.observations.append(rec.toolset.call(minutes.tool, dict(minutes.arguments), call_id=minutes.id))
    trace = rec.trace()
    assert rec.output(minutes)["value"] == 540  # type: ignore[index]
    in_hours = make_task(trace, "What is Tokyo's UTC offset at noon on 1 July 2024, in hours?",
                         AnswerSpec(type="number", value=9.0), [(offsets.tokyo, "$.utc_offset_hours")])
    in_minutes = make_task(trace, "By how many minutes is Tokyo ahead of UTC at noon on 1 July 2024?",
                           AnswerSpec(type="number", value=540), [(minutes, "$.value")])
    kind = "identity timezone_offset.utc_offset_hours"  # make_task names no shape (``template``)
    assert question_kind(in_hours, trace) == question_kind(in_minutes, trace) == kind
    assert question_kind(make_task(trace, "?", AnswerSpec(type="number", value=3.5), [(offsets.subtract, "$.result")]),
                         trace) == "identity subtract_numbers.result"
    dedup = Deduplicator(per_kind=2)
    kept = []
    for task in (in_hours, in_minutes):
        stamped = with_question(task, trace)
        assert stamped.provenance.kind == kind and dedup.verify(stamped, trace, ctx).ok
        dedup.admit(stamped)
        kept.append(stamped)
    third = with_question(make_task(trace, "Please look up how far ahead of UTC the clocks in Tokyo run on 1 July 2024.",
                                    AnswerSpec(type="number", value=9.0, unit="h"),
                                    [(offsets.tokyo, "$.utc_offset_hours")]), trace)
    third = third.model_copy(update={"provenance": third.provenance.model_copy(update={"question": "other"})})
    verdict = dedup.verify(third, trace, ctx)
    assert not verdict.ok and verdict.details["kind"] == "kind" and kind in verdict.reason
    assert Deduplicator(per_kind=3).verify(third, trace, ctx).ok
    dedup.forget(kept[0].id)
    assert dedup.verify(third, trace, ctx).ok
    with pytest.raises(ValueError, match="per_kind"):
        Deduplicator(per_kind=0)


def test_the_yes_no_tasks_of_one_form_stay_balanced(offsets: Offsets, ctx: VerifyContext) -> None:
    """10 of 11 kept "Does the time zone of X observe daylight saving time in 2024?" once answered no: a third
    "no" ahead of the "yes" answers is rejected, a "yes" is not, and then a "no" is kept again."""
    dedup = Deduplicator(per_form=12)
    form = "Does the time zone of {} observe daylight saving time in 2024?"

    def ask(city: str, word: str) -> tuple[Task, Trace]:
        query = form.format(city)
        trace = Trace(seed=query, toolset=offsets.trace.toolset, calls=offsets.trace.calls,
                      observations=offsets.trace.observations)
        spec = AnswerSpec(type="boolean", value=word, instructions="Answer yes or no.")
        return make_task(trace, query, spec, [(offsets.subtract, "$.result")]), trace

    for city in ("Yangon", "Tokyo"):
        task, trace = ask(city, "no")
        assert dedup.verify(task, trace, ctx).ok
        dedup.admit(task)
    third, trace = ask("Lima", "no")
    verdict = dedup.verify(third, trace, ctx)
    assert not verdict.ok and verdict.details["kind"] == "lean" and "2 kept tasks" in verdict.reason
    yes, trace = ask("Berlin", "yes")
    assert dedup.verify(yes, trace, ctx).ok
    dedup.admit(yes)
    assert dedup.verify(third, trace, ctx).ok


def test_one_form_with_one_answer_is_kept_at_most_twice(offsets: Offsets, ctx: VerifyContext) -> None:
    """A HEART score of 4 for five patients of one question form reads as an answer guessed without a tool: with
    the per-form limit on, a third task of a form with the same (non yes/no) answer is rejected, another answer
    is not."""
    dedup = Deduplicator(per_form=12)
    queries = [f"What is the UTC offset of zone number {n} today?" for n in range(4)]
    verdicts = []
    for q in queries[:3]:
        task, trace = _variant(offsets, q)
        verdict = dedup.verify(task, trace, ctx)
        verdicts.append(verdict)
        if verdict.ok:
            dedup.admit(task)
    assert [v.ok for v in verdicts] == [True, True, False]
    assert verdicts[2].details["kind"] == "lean" and "mostly one value" in verdicts[2].reason
    task, trace = _variant(offsets, queries[3])
    other = task.model_copy(update={"answer": task.answer.model_copy(update={"value": 99.5})})
    assert dedup.verify(other, trace, ctx).ok


def test_the_same_choice_among_the_same_options_is_a_duplicate_however_worded(offsets: Offsets,
                                                                              ctx: VerifyContext) -> None:
    """"Which of the countries that border Nigeria has the smallest population?" and "Among the countries that
    border Nigeria, which one has the smallest population?" (both Benin) ask one thing; the other extreme, or
    another set of options, is another question."""
    def choice(query: str, op: str, labels: list[str], answer: str) -> tuple[Task, Trace]:
        task, trace = _variant(offsets, query)
        prov = task.provenance.model_copy(update={"op": op, "params": {"labels": labels}})
        return task.model_copy(update={"provenance": prov, "answer": AnswerSpec(type="string", value=answer)}), trace

    dedup = Deduplicator()
    first, trace = choice("Which of the countries that border Nigeria has the smallest population?", "argmin",
                          ["Benin", "Cameroon", "Chad", "Niger"], "Benin")
    assert dedup.verify(first, trace, ctx).ok
    dedup.admit(first)
    again, trace = choice("Among the countries that border Nigeria, which one has the smallest population?", "argmin",
                          ["Niger", "Chad", "Cameroon", "Benin"], "Benin")
    verdict = dedup.verify(again, trace, ctx)
    assert not verdict.ok and verdict.details["kind"] == "options" and verdict.details["duplicate_of"] == first.id
    cased, trace = choice("Among the countries that border Nigeria, which one has the smallest population?", "argmin",
                          ["niger", "chad", "cameroon", "benin"], "benin")  # one tool's names in lower case
    assert dedup.verify(cased, trace, ctx).details["kind"] == "options"  # (two reviewers saw calcium twice)
    other, trace = choice("Among the countries that border Nigeria, which one has the largest population?", "argmax",
                          ["Niger", "Chad", "Cameroon", "Benin"], "Cameroon")
    assert dedup.verify(other, trace, ctx).ok
    fewer, trace = choice("Which of Benin, Chad and Niger has the smallest population?", "argmin",
                          ["Benin", "Chad", "Niger"], "Benin")  # another set of options (the same words name one set)
    assert dedup.verify(fewer, trace, ctx).ok
    peptides = ["GLY", "ALA", "TRP"]
    kd, trace = choice("Which of GLY, ALA and TRP is most hydrophobic on the Kyte-Doolittle scale?", "argmax",
                       peptides, "TRP")
    dedup.admit(kd)
    hw, trace = choice("Which of GLY, ALA and TRP is most hydrophobic on the Hopp-Woods scale?", "argmax",
                       peptides, "TRP")  # the same options under another condition
    assert dedup.verify(hw, trace, ctx).ok
    dedup.forget(first.id)
    assert dedup.verify(again, trace, ctx).ok


def test_the_same_question_in_other_words_or_by_other_calls_is_a_duplicate(good_task: Task, offsets: Offsets,
                                                                             ctx: VerifyContext) -> None:
    """Two items that ask one question (the same stated values and answer) in other words, or find the answer by other
    calls: the pipeline stamps each with its question (``Provenance.question``), and the later one is a repeat. The
    same wording with other stated values (another date) is another question, and so is another field with the same
    answer for any answer but a number with decimals."""
    from dive.provenance import question_key, with_question  # noqa: PLC0415

    dedup = Deduplicator()
    first = with_question(good_task, offsets.trace)
    assert first.provenance.question == question_key(good_task, offsets.trace) != ""
    assert dedup.verify(first, offsets.trace, ctx).ok
    dedup.admit(first)
    query = "Tokyo is how many hours ahead of Kolkata at noon local time on 1 July 2024?"
    _, trace = _variant(offsets, query)
    reworded = with_question(make_task(trace, query, good_task.answer, [(offsets.subtract, "$.result")]), trace)
    assert reworded.provenance.question == first.provenance.question and reworded.id != first.id
    assert jaccard(shingles(GOOD_QUERY), shingles(reworded.query)) < 0.5  # no near duplicate by its words
    verdict = dedup.verify(reworded, trace, ctx)
    assert not verdict.ok and verdict.details == {"duplicate_of": first.id, "kind": "question", "similarity": 1.0}
    rec = offsets.rec  # the same answer read from the compare call, fed the same stated values: one question
    by_other = with_question(make_task(rec.trace(), "How far ahead is Tokyo's clock of Kolkata's on 1 July 2024?",
                                       AnswerSpec(type="number", value=3.5, unit="h"),
                                       [(offsets.compare, "$.difference_hours")]), rec.trace())
    assert by_other.provenance.question == first.provenance.question
    assert dedup.verify(by_other, rec.trace(), ctx).details["kind"] == "question"
    other = rec.call("subtract_numbers", parents=(offsets.tokyo, offsets.kolkata), step=2, a=10.0, b=5.5)
    later = with_question(make_task(rec.trace(), GOOD_QUERY.replace("2024-07-01", "2024-01-01"),
                                    AnswerSpec(type="number", value=4.5, unit="h"), [(other, "$.result")]), rec.trace())
    assert later.provenance.question not in ("", first.provenance.question)
    assert dedup.verify(later, rec.trace(), ctx).ok
    dedup.forget(first.id)  # forgotten: the reworded question is new again
    assert dedup.verify(reworded, trace, ctx).ok


def test_a_named_answer_read_from_another_field_is_another_question(offsets: Offsets) -> None:
    """Russia is both the largest by area and the largest by population among the neighbours of Norway: two questions
    with one answer, told apart by the field the answer is read from."""
    from dive.provenance import question_key  # noqa: PLC0415

    spec = AnswerSpec(type="string", value="Russia")
    by_area = make_task(offsets.trace, "Which is larger by area?", spec, [(offsets.subtract, "$.area_km2")])
    by_people = make_task(offsets.trace, "Which has more people?", spec, [(offsets.subtract, "$.population")])
    assert question_key(by_area, offsets.trace) != question_key(by_people, offsets.trace)


def test_the_same_words_but_the_asking_ones_with_the_same_answer_are_a_duplicate(offsets: Offsets,
                                                                                ctx: VerifyContext) -> None:
    """The molecular weight of caffeine asked of its record found by name and of its record found by CAS number: other
    programs, one question. The same words with another answer are another question (a changed record)."""
    dedup = Deduplicator()
    first, t1 = _variant(offsets, "What is the molecular weight of caffeine? Give the number in g/mol.", value=194.19,
                         instructions="Give the number in g/mol.")
    assert dedup.verify(first, t1, ctx).ok
    dedup.admit(first)
    again, t2 = _variant(offsets, "Could you look up the molecular weight of caffeine? Give the number in g/mol.",
                         value=194.19, instructions="Give the number in g/mol.")
    assert jaccard(shingles(first.query), shingles(again.query)) < 0.9
    verdict = dedup.verify(again, t2, ctx)
    assert not verdict.ok and verdict.details == {"duplicate_of": first.id, "kind": "wording", "similarity": 1.0}
    other, t3 = _variant(offsets, "Could you look up the molecular weight of caffeine? Give the number in g/mol.",
                         value=180.16, instructions="Give the number in g/mol.")
    assert dedup.verify(other, t3, ctx).ok
    # an asking word with an apostrophe is one too: "What's the molecular weight of ribose?" after "Can you tell me the
    # molecular weight of ribose?" (a reader, round BQ, found both in one sample)
    ribose, t4 = _variant(offsets, "Can you tell me the molecular weight of ribose? Give the number in g/mol.",
                          value=150.1, instructions="Give the number in g/mol.")
    dedup.admit(ribose)
    whats, t5 = _variant(offsets, "What's the molecular weight of ribose? Give the number in g/mol.", value=150.1,
                         instructions="Give the number in g/mol.")
    assert dedup.verify(whats, t5, ctx).details.get("kind") == "wording"
    for first_q, then_q in (("Is 2024-03-04 a bank business day in the US?", "Is 2024-04-03 a bank business day in the US?"),
                            ("How far is 1.1 km in miles?", "How far is 1 km in miles?"),
                            ("Is the melting point of iron above the boiling point of zinc?",
                             "Is the boiling point of zinc above the melting point of iron?")):
        one, ta = _variant(offsets, first_q, value=1.0)  # the same words, in another order or with other numbers
        dedup.admit(one)
        two, tb = _variant(offsets, then_q, value=1.0)
        assert dedup.verify(two, tb, ctx).details.get("kind") != "wording", then_q


def test_a_question_opened_by_context_is_the_plain_questions_duplicate_and_form(good_task: Task, offsets: Offsets,
                                                                               ctx: VerifyContext) -> None:
    """A sentence of context (the lexicon's ``context``) is a voice, not another question: with it the good task's
    question is its exact duplicate, and counts against its form; a context the dedup was not given is words like
    any other."""
    opener = "I'm planning a trip abroad."
    dedup = Deduplicator(per_form=1, openers=frozenset({opener, "I'm planning a trip."}))
    dedup.admit(good_task)
    opened, trace = _variant(offsets, f"{opener} {GOOD_QUERY}")
    verdict = dedup.verify(opened, trace, ctx)
    assert verdict.details["kind"] == "exact" and verdict.details["duplicate_of"] == good_task.id, verdict
    other, trace = _variant(offsets, f"{opener} {GOOD_QUERY}", value=4.5)  # another answer: the form is full
    verdict = dedup.verify(other, trace, ctx)
    assert verdict.details["kind"] == "form", verdict
    plain = Deduplicator(per_form=1)
    plain.admit(good_task)
    assert plain.verify(other, trace, ctx).ok
