"""Typed answer checking: property tests for the spellings a model may use, and the
near-misses that must fail."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from dive.answers import Score, check, extract_final_answer, normalize_text, parse_value
from dive.records import AnswerSpec

WRAPPERS = [
    "{}",
    "The final answer is {}.",
    "Let me think.\nSo the result follows.\n**Answer:** {}",
    "Final answer: {}",
    "Working...\n\\boxed{{{}}}",
    "<answer>{}</answer>",
    "<think>I guess 7 or 8</think>\nThe answer is {}",
    "Step 1: add 3 and 4.\n\n### Final Answer\n\n{}",
]


def ok(spec: AnswerSpec, text: str) -> bool:
    return check(spec, text).correct


# ---------------------------------------------------------------------------------------
# Extraction


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("The final answer is 1,234.5 kg", "1,234.5 kg"),
        ("**Answer:** Paris", "Paris"),
        ("\\boxed{42}", "42"),
        ("so $\\boxed{\\text{Paris}}$.", "Paris"),
        ("<answer>42</answer>", "42"),
        ("Final answer: yes", "yes"),
        ("The answer is 3. Wait, no.\nFinal Answer: 4", "4"),
        ("<think>The answer is 3</think>The answer is 4", "4"),
        ("reasoning</think>\n\\boxed{7}", "7"),
        ("Some reasoning.\nSo: 17", "So: 17"),
        ("Here they are:\n- a\n- b", "- a\n- b"),
        ('["x", "y"]', '["x", "y"]'),
        ("The final answer is $12.5\\%$.", "12.5%"),
        ("Answer:\n\nParis\nis the capital\n\nmore text", "Paris\nis the capital"),
        ("", ""),
    ],
)
def test_extract_final_answer(text: str, span: str) -> None:
    assert extract_final_answer(text) == span


@given(st.sampled_from(WRAPPERS), st.from_regex(r"[A-Za-z0-9][A-Za-z0-9 ,]{0,20}[A-Za-z0-9]", fullmatch=True))
def test_extraction_recovers_the_wrapped_span(wrapper: str, span: str) -> None:
    assert extract_final_answer(wrapper.format(span)) == span


# ---------------------------------------------------------------------------------------
# Numbers

decimals = st.decimals(min_value=-(10**12), max_value=10**12, places=4, allow_nan=False, allow_infinity=False)


def number_spellings(d: Decimal) -> list[str]:
    sign = "-" if d < 0 else ""
    plain = format(abs(d), "f")
    grouped = format(abs(d), ",f")
    mantissa, exponent = format(abs(d), ".12e").split("e")
    spellings = [
        sign + plain,
        sign + grouped,
        "\u2212" + grouped if sign else grouped,
        f"{sign}{mantissa}e{int(exponent)}",
        f"{sign}{mantissa}×10^{int(exponent)}",
        f"{sign}{mantissa} x 10^{int(exponent)}",
        f"${sign}{mantissa} \\times 10^{{{int(exponent)}}}$",
        f"{sign}${grouped}",
    ]
    if abs(d) >= 1000:  # grouped with a decimal comma is unambiguous only with a group
        spellings.append(sign + grouped.replace(",", " ").replace(".", ","))
        spellings.append(sign + grouped.replace(",", "\u202f"))
    return spellings


@given(decimals, st.sampled_from(WRAPPERS))
def test_any_number_spelling_round_trips(d: Decimal, wrapper: str) -> None:
    spec = AnswerSpec(type="number", value=float(d), unit="kg")
    for spelling in number_spellings(d):
        for text in (spelling, spelling + " kg", wrapper.format(spelling + " kg")):
            assert ok(spec, text), (text, check(spec, text))


@given(decimals, st.floats(min_value=1e-5, max_value=0.5))
def test_numbers_outside_the_tolerance_fail(d: Decimal, rel: float) -> None:
    assume(abs(d) > 1)
    spec = AnswerSpec(type="number", value=float(d), rel_tol=rel)
    off = d * (1 + Decimal(repr(rel)) * 2)
    assert not ok(spec, format(off, "f"))
    assert ok(spec, format(d * (1 + Decimal(repr(rel)) / 2), "f"))


@given(st.integers(min_value=-(10**18), max_value=10**18))
def test_integers_are_exact_at_any_size(n: int) -> None:
    spec = AnswerSpec(type="integer", value=n)
    assert ok(spec, f"{n:,}") and ok(spec, f"{n}.0") and ok(spec, f"There are {n:,} of them.")
    assert not ok(spec, f"{n + 1:,}")


@pytest.mark.parametrize(
    ("spec", "text"),
    [
        (AnswerSpec(type="number", value=1234.5), "1,234.5"),
        (AnswerSpec(type="number", value=1234.5), "1234.5"),
        (AnswerSpec(type="number", value=1234.5), "1.2345e3"),
        (AnswerSpec(type="number", value=1234.5), "1.2345E+03"),
        (AnswerSpec(type="number", value=1234.5), "1.2345×10^3"),
        (AnswerSpec(type="number", value=1234.5), "1.2345 · 10³"),
        (AnswerSpec(type="number", value=1234.5), "1 234,5"),
        (AnswerSpec(type="number", value=1234.5), "1.234,5"),
        (AnswerSpec(type="number", value=1234.5), "1'234.5"),
        (AnswerSpec(type="number", value=12.5), "12,5"),
        (AnswerSpec(type="number", value=1234567), "1.234.567"),
        (AnswerSpec(type="number", value=0.001234), "1.234 × 10⁻³"),
        (AnswerSpec(type="number", value=1234.5, unit="kg"), "The final answer is 1,234.5 kg"),
        (AnswerSpec(type="number", value=1234.5, unit="kg"), "1234.5"),
        (AnswerSpec(type="number", value=12.5, unit="%"), "12.5%"),
        (AnswerSpec(type="number", value=12.5, unit="%"), "12.5 percent"),
        (AnswerSpec(type="number", value=12.5, unit="%"), "12.5"),
        (AnswerSpec(type="number", value=12.5, unit="%"), "0.125"),
        (AnswerSpec(type="number", value=0.125), "12.5%"),
        (AnswerSpec(type="number", value=-3.5), "\u22123.5"),
        (AnswerSpec(type="number", value=-3.5), "–3.5"),
        (AnswerSpec(type="number", value=0), "-0"),
        (AnswerSpec(type="number", value=-0.0), "0"),
        (AnswerSpec(type="number", value=1200), "$1,200"),
        (AnswerSpec(type="number", value=1200), "€1.200,00"),
        (AnswerSpec(type="number", value=-1200), "-$1,200"),
        (AnswerSpec(type="number", value=5.2e6), "about 5.2 million people"),
        (AnswerSpec(type="number", value=5.2, unit="million"), "5.2 million"),
        (AnswerSpec(type="number", value=0.75), "\\boxed{\\frac{3}{4}}"),
        (AnswerSpec(type="number", value=1024), "2^10"),
        (AnswerSpec(type="number", value=35), "The 2 tanks hold 35 L."),
        (AnswerSpec(type="number", value=42.25), "Answer: 42.25 (rounded to 2 decimal places)"),
        (AnswerSpec(type="number", value=1234.5, unit="kg"), "1,234.5 kg (2024 estimate)"),
        (AnswerSpec(type="number", value=-1200), "(-1,200)"),
        (AnswerSpec(type="number", value=35, unit="km²"), "35 km²"),
        (AnswerSpec(type="number", value=35), "35 km²"),
        (AnswerSpec(type="number", value=12.5, unit="per 100,000 people"), "12.5 per 100,000 people"),
        (AnswerSpec(type="number", value=3.14159, abs_tol=0.001), "3.1416"),
        (AnswerSpec(type="number", value=1234.5, abs_tol=0.1), "1234.4"),
        (AnswerSpec(type="number", value=1234.5, rel_tol=0.01), "1246.8"),
        (AnswerSpec(type="number", value=42, aliases=("41",)), "41"),
        (AnswerSpec(type="integer", value=1234), "1,234"),
        (AnswerSpec(type="integer", value=1234), "1234.0"),
        (AnswerSpec(type="integer", value=1200), "1.2e3"),
        (AnswerSpec(type="integer", value=7), "COVID-19 killed 7"),
        (AnswerSpec(type="integer", value=1000, abs_tol=5), "1,004"),
    ],
)
def test_numbers_that_match(spec: AnswerSpec, text: str) -> None:
    result = check(spec, text)
    assert result.correct and result.score == 1.0 and result.reason == "", result


@pytest.mark.parametrize(
    ("spec", "text", "reason"),
    [
        (
            AnswerSpec(type="number", value=1234.5, rel_tol=0.01),
            "1300",
            "expected 1234.5 within 0.01 relative, got 1300",
        ),
        (AnswerSpec(type="number", value=1234.5), "1234.6", "expected 1234.5 within 1e-06 relative, got 1234.6"),
        (AnswerSpec(type="number", value=1234.5, abs_tol=0.1), "1234.61", "within ±0.1"),
        (AnswerSpec(type="number", value=3.14159), "3.1416", "got 3.1416"),
        (AnswerSpec(type="number", value=0), "0.0000001", "expected 0"),
        (AnswerSpec(type="number", value=1200), "-$1,200", "got -1200"),
        (AnswerSpec(type="number", value=12.5, unit="%"), "0.125%", "expected 12.5%"),
        (AnswerSpec(type="number", value=1234.5, unit="kg"), "1,234.4 kg (2024)", "got 1234.4"),
        (AnswerSpec(type="number", value=1234.5, unit="kg"), "The mass is 1,234.5 kg in 2024", "got 2024"),
        (AnswerSpec(type="number", value=5), "five", "no number found"),
        (AnswerSpec(type="number", value=5), "", "no number found"),
        (AnswerSpec(type="number", value=1e308), "1e999", "no number found"),
        (AnswerSpec(type="integer", value=1234), "1234.5", "1234.5 is not a whole number"),
        (AnswerSpec(type="integer", value=1234), "1,235", "expected 1234 exactly, got 1235"),
        (AnswerSpec(type="integer", value=1234), "1.234", "not a whole number"),
    ],
)
def test_numbers_that_fail(spec: AnswerSpec, text: str, reason: str) -> None:
    result = check(spec, text)
    assert not result.correct and result.score == 0.0
    assert reason in result.reason, result.reason


# ---------------------------------------------------------------------------------------
# Strings and entities

words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéüãçñøß", min_size=4, max_size=9)
noise = st.sampled_from(["", " ", "  ", ".", "!", '"', "**", "'", ",", "?"])


@given(st.lists(words, min_size=1, max_size=4), st.data())
def test_strings_match_through_case_whitespace_and_punctuation_noise(parts: list[str], data: st.DataObject) -> None:
    reference = " ".join(parts)
    noisy_words = ["".join(c.upper() if data.draw(st.booleans()) else c for c in w) + data.draw(noise) for w in parts]
    spaces = [data.draw(st.sampled_from([" ", "  ", "\t", " - "])) for _ in parts]
    article = data.draw(st.sampled_from(["", "the ", "The ", "A ", "an "]))
    noisy = article + "".join(w + s for w, s in zip(noisy_words, spaces, strict=True)).strip()
    spec = AnswerSpec(type="string", value=reference)
    assert ok(spec, noisy), (reference, noisy)
    assert ok(spec, f"The final answer is {noisy}")


@given(st.lists(words, min_size=1, max_size=3), words)
def test_a_different_entity_fails(parts: list[str], other: str) -> None:
    assume(other not in parts)
    spec = AnswerSpec(type="string", value=" ".join(parts))
    assert not ok(spec, " ".join([*parts, other]))
    assert not ok(spec, other)


@pytest.mark.parametrize(
    ("value", "aliases", "text", "expected"),
    [
        ("São Paulo", (), "Sao Paulo", True),
        ("Zürich", (), "ZURICH", True),
        ("Côte d'Ivoire", ("Ivory Coast",), "ivory coast", True),
        ("Côte d'Ivoire", (), "Cote d’Ivoire", True),
        ("Łódź", (), "Lodz", True),
        ("The Hague", (), "hague", True),
        ("The The", (), "the the", True),
        ("Paris", (), "**Answer:** Paris", True),
        ("Paris", (), "\\boxed{\\text{Paris}}", True),
        ("United States", ("USA", "U.S."), "The final answer is U.S.", True),
        ("Paris", (), "The capital is Paris.", False),
        ("Paris", (), "Paris, Texas", False),
        ("Paris", (), "London", False),
        ("Paris", (), "", False),
    ],
)
def test_entities(value: str, aliases: tuple[str, ...], text: str, expected: bool) -> None:
    assert ok(AnswerSpec(type="string", value=value, aliases=aliases), text) is expected


def test_normalize_text() -> None:
    assert normalize_text("  The   SÃO-Paulo!! ") == "sao paulo"
    assert normalize_text("Straße") == normalize_text("STRASSE")
    assert normalize_text("the") == "the"


# ---------------------------------------------------------------------------------------
# Dates

dates = st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31))


@given(dates, st.sampled_from(WRAPPERS))
def test_unambiguous_date_spellings_round_trip(day: date, wrapper: str) -> None:
    spec = AnswerSpec(type="date", value=day.isoformat())
    spellings = [
        day.isoformat(),
        f"{day.year}/{day.month:02d}/{day.day:02d}",
        f"{day:%B} {day.day}, {day.year}",
        f"{day:%b}. {day.day}th {day.year}",
        f"{day.day} {day:%B} {day.year}",
        f"{day.day} of {day:%B}, {day.year}",
        f"{day.day:02d}.{day.month:02d}.{day.year}",
        f"{day.isoformat()}T12:30:00Z",
    ]
    if day.day > 12:
        spellings += [f"{day.month}/{day.day}/{day.year}", f"{day.day}/{day.month}/{day.year}"]
    for spelling in spellings:
        assert ok(spec, wrapper.format(spelling)), spelling


@given(dates)
def test_ambiguous_slash_dates_fail_unless_the_instructions_name_the_order(day: date) -> None:
    assume(day.day <= 12 and day.day != day.month)
    us, eu = f"{day.month:02d}/{day.day:02d}/{day.year}", f"{day.day:02d}/{day.month:02d}/{day.year}"
    plain = AnswerSpec(type="date", value=day.isoformat())
    assert not ok(plain, us) and not ok(plain, eu)
    assert "ambiguous" in check(plain, us).reason
    assert ok(plain.model_copy(update={"instructions": "Give the date as MM/DD/YYYY."}), us)
    assert ok(plain.model_copy(update={"instructions": "Format: DD/MM/YYYY"}), eu)
    assert not ok(plain.model_copy(update={"instructions": "Format: DD/MM/YYYY"}), us)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-05", True),
        ("March 5, 2024", True),
        ("It happened on Tuesday, 5th March 2024.", True),
        ("2024-03-05 (announced 2024-01-10)", True),
        ("05-Mar-2024", True),
        ("5.3.2024", True),
        ("2024-03-06", False),
        ("March 2024", False),
        ("2024-02-30", False),
        ("05/03/2024", False),
    ],
)
def test_dates(text: str, expected: bool) -> None:
    assert ok(AnswerSpec(type="date", value="2024-03-05"), text) is expected


# ---------------------------------------------------------------------------------------
# Booleans


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("yes", True),
        ("YES", True),
        ("True", True),
        ("Correct.", True),
        ("Final answer: yes", True),
        ("\\boxed{\\text{Yes}}", True),
        ("The statement is true", True),
        ("no", False),
        ("FALSE", False),
        ("No, it is not.", False),
        ("incorrect", False),
    ],
)
def test_booleans(text: str, value: bool) -> None:
    assert ok(AnswerSpec(type="boolean", value=value), text)
    assert not ok(AnswerSpec(type="boolean", value=not value), text)


@pytest.mark.parametrize("text", ["maybe", "it is not true", "true or false", "Yes/No", ""])
def test_unreadable_booleans_fail_both_ways(text: str) -> None:
    for value in (True, False):
        result = check(AnswerSpec(type="boolean", value=value), text)
        assert not result.correct and result.parsed is None and "yes/no" in result.reason


# ---------------------------------------------------------------------------------------
# Lists and sets

items = st.lists(words, min_size=2, max_size=6, unique_by=normalize_text)


def item_spellings(xs: list[str]) -> list[str]:
    return [
        ", ".join(xs),
        json.dumps(xs),
        "\n".join(f"- {x}" for x in xs),
        "; ".join(xs),
        ", ".join(xs[:-1]) + ", and " + xs[-1],
    ]


@given(items, st.data())
def test_sets_are_order_insensitive(xs: list[str], data: st.DataObject) -> None:
    spec = AnswerSpec(type="set", value=xs)
    shuffled = data.draw(st.permutations(xs))
    for spelling in item_spellings(shuffled):
        result = check(spec, "Final answer:\n" + spelling if "\n" in spelling else spelling)
        assert result.correct and result.score == 1.0, (spelling, result)


@given(items, st.data())
def test_lists_are_order_sensitive(xs: list[str], data: st.DataObject) -> None:
    spec = AnswerSpec(type="list", value=xs)
    assert all(ok(spec, s) for s in item_spellings(xs))
    shuffled = data.draw(st.permutations(xs))
    assume(shuffled != xs)
    result = check(spec, ", ".join(shuffled))
    assert not result.correct and result.score < 1.0
    same = sum(a == b for a, b in zip(xs, shuffled, strict=True))
    assert result.score == pytest.approx(same / len(xs))


@given(items, words)
def test_an_extra_or_missing_set_item_fails_with_jaccard_credit(xs: list[str], extra: str) -> None:
    assume(normalize_text(extra) not in {normalize_text(x) for x in xs})
    spec = AnswerSpec(type="set", value=xs)
    more = check(spec, ", ".join([*xs, extra]))
    assert not more.correct and more.score == pytest.approx(len(xs) / (len(xs) + 1))
    assert "unexpected" in more.reason
    fewer = check(spec, ", ".join(xs[1:]))
    assert not fewer.correct and fewer.score == pytest.approx((len(xs) - 1) / len(xs))
    assert "missing" in fewer.reason


@given(st.lists(st.integers(min_value=-(10**9), max_value=10**9), min_size=1, max_size=6, unique=True), st.data())
def test_number_sets_in_any_spelling(xs: list[int], data: st.DataObject) -> None:
    spec = AnswerSpec(type="set", value=xs, item_type="integer")
    shuffled = data.draw(st.permutations(xs))
    assert ok(spec, json.dumps(shuffled))
    assert ok(spec, "; ".join(f"{x:,}" for x in shuffled))
    assert ok(spec, ", ".join(str(x) for x in shuffled))


@pytest.mark.parametrize(
    ("spec", "text", "correct", "score"),
    [
        (AnswerSpec(type="set", value=["a", "b"]), "b, a, b", True, 1.0),
        (AnswerSpec(type="set", value=["Paris", "Lyon"]), "[Lyon, Paris]", True, 1.0),
        (AnswerSpec(type="set", value=["Paris", "Lyon"]), "Lyon and Paris", True, 1.0),  # how people list two
        (AnswerSpec(type="set", value=["Paris", "Lyon", "Nice"]), "Nice, Lyon and Paris", True, 1.0),
        (AnswerSpec(type="set", value=["Trinidad and Tobago", "Jamaica"]), "Jamaica, Trinidad and Tobago", True, 1.0),
        (AnswerSpec(type="set", value=["Paris", "Lyon"]), "Lyon and Nice", False, 1 / 3),
        (AnswerSpec(type="set", value=["a", "b", "c"]), "a, b, d", False, 0.5),
        (AnswerSpec(type="list", value=["a", "b", "c"]), "a, b", False, 2 / 3),
        (AnswerSpec(type="list", value=["a", "b"]), "a, b, c", False, 2 / 3),
        (AnswerSpec(type="list", value=["New York", ["Los Angeles", "LA"]]), "New York, LA", True, 1.0),
        (
            AnswerSpec(type="set", value=["NYC", "LA"], aliases=("New York; Los Angeles",)),
            "los angeles; new york",
            True,
            1.0,
        ),
        (AnswerSpec(type="list", value=[1.5, 2.5], item_type="number", abs_tol=0.1), "1.55, 2.45", True, 1.0),
        (AnswerSpec(type="list", value=[1.5, 2.5], item_type="number", abs_tol=0.01), "1.55, 2.5", False, 0.5),
        (AnswerSpec(type="list", value=[1234, 5678], item_type="integer"), "1,234, 5,678", True, 1.0),
        (AnswerSpec(type="list", value=[12.5, 50], item_type="number", unit="%"), "12.5%, 50%", True, 1.0),
        (AnswerSpec(type="set", value=[True, False], item_type="boolean"), "no, yes", True, 1.0),
        (
            AnswerSpec(type="set", value=["2024-03-05", "2024-04-01"], item_type="date"),
            "April 1, 2024 and March 5, 2024",
            True,
            1.0,
        ),
        (AnswerSpec(type="list", value=["2024-03-05"], item_type="date"), "03/05/2024", False, 0.0),
        (AnswerSpec(type="list", value=[], item_type="integer"), "", True, 1.0),
        (AnswerSpec(type="set", value=["a"]), "", False, 0.0),
        (AnswerSpec(type="list", value=[1, 2, 3], item_type="integer"), "Answer:\n1. 1\n2. 2\n3. 3", True, 1.0),
    ],
)
def test_collections(spec: AnswerSpec, text: str, correct: bool, score: float) -> None:
    result = check(spec, text)
    assert result.correct is correct and result.score == pytest.approx(score), result
    assert (result.reason == "") is correct


# ---------------------------------------------------------------------------------------
# Score, parse_value and spec errors


def test_score_is_a_frozen_strict_record() -> None:
    result = check(AnswerSpec(type="number", value=1234.5, unit="kg"), "The final answer is 1,234.5 kg")
    assert result == Score(correct=True, score=1.0, parsed=1234.5, reason="", extracted="1,234.5 kg")
    with pytest.raises(ValidationError):
        result.correct = False  # type: ignore[misc]
    with pytest.raises(ValidationError):
        Score(correct=True, score=1.0, bonus=1)  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        Score(correct=False, score=1.5)
    assert Score.model_json_schema()["properties"]["parsed"]["description"]


def test_parse_value() -> None:
    assert parse_value("number", "1,234.5 kg") == 1234.5
    assert parse_value("number", "12.5%") == 0.125
    assert parse_value("number", "12.5%", unit="%") == 12.5
    assert parse_value("integer", "1,234") == 1234
    assert parse_value("string", " **Paris** ") == "Paris"
    assert parse_value("date", "5 March 2024") == "2024-03-05"
    assert parse_value("date", "03/05/2024", day_first=True) == "2024-05-03"
    assert parse_value("boolean", "Yes.") is True
    assert parse_value("list", "1, 2, 3", item_type="integer") == [1, 2, 3]
    assert parse_value("set", '["a", "b"]') == ["a", "b"]
    for kind, text in [("integer", "1234.5"), ("date", "03/05/2024"), ("boolean", "maybe"), ("number", "n/a")]:
        with pytest.raises(ValueError):
            parse_value(kind, text)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown answer type"):
        parse_value("entity", "x")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "spec",
    [
        AnswerSpec(type="date", value="sometime"),
        AnswerSpec(type="integer", value=1.5),
        AnswerSpec(type="number", value="lots"),
        AnswerSpec(type="number", value=True),
        AnswerSpec(type="list", value=5),
        AnswerSpec(type="boolean", value="perhaps"),
    ],
)
def test_an_invalid_spec_raises_naming_the_value(spec: AnswerSpec) -> None:
    with pytest.raises(ValueError, match="AnswerSpec value"):
        check(spec, "anything")


# ---------------------------------------------------------------------------------------
# Clock times

# The Sun passes 30° rising at Buenos Aires (-34.61, -58.38) on 17 August 2025 at 10:24:40 local time (the
# time_at_sun_elevation tool; round BL's readers): asked to the minute, 10:24 (cut) and 10:25 (rounded) are both right.
SUN_30 = AnswerSpec(type="time", value="17 August 2025 at 10:25", aliases=("2025-08-17T10:24:40",),
                    instructions="Give the time to the minute.")
# "0 9 * * 1-5" runs for the second time after Friday 15 March 2024 10:00 on Tuesday 19 March at 09:00 UTC.
CRON = AnswerSpec(type="time", value="19 March 2024 at 09:00", aliases=("2024-03-19T09:00:00",))


@pytest.mark.parametrize(
    ("spec", "text", "expected"),
    [
        (SUN_30, "10:25", True),
        (SUN_30, "10:24", True),
        (SUN_30, "10:24:40", True),
        (SUN_30, "10:25 local time", True),
        (SUN_30, "10:25 AM", True),
        (SUN_30, "10h25", True),
        (SUN_30, "2025-08-17 10:24", True),
        (SUN_30, "It passes 30° at 10:25 ART (13:25 UTC).", True),
        (SUN_30, "10:25 (UTC-03:00)", True),
        (SUN_30, "Final answer: 17 August 2025 at 10:25", True),
        (SUN_30, "10:26", False),
        (SUN_30, "10:23", False),
        (SUN_30, "10:25 PM", False),
        (SUN_30, "18 August 2025 at 10:25", False),
        (SUN_30, "about half past ten", False),
        (CRON, "2024-03-19 09:00", True),
        (CRON, "09:00 UTC on 19 March 2024", True),
        (CRON, "Tuesday, 19 March 2024, 9:00 am", True),
        (CRON, "2024-03-19T09:00:00+00:00", True),
        (CRON, "09:01", False),
        (CRON, "08:59", False),
        (CRON, "2024-03-18T09:00", False),
        (AnswerSpec(type="time", value="23:59", aliases=("2024-06-30T23:59:45",)), "00:00", True),
        (AnswerSpec(type="time", value="1 July 2024 at 00:00", aliases=("2024-06-30T23:59:45",)),
         "30 June 2024 at 23:59", True),
    ],
)
def test_clock_times(spec: AnswerSpec, text: str, expected: bool) -> None:
    assert ok(spec, text) is expected, check(spec, text)


@settings(max_examples=300)
@given(st.text(max_size=200), st.sampled_from(["number", "integer", "string", "date", "time", "boolean", "list",
                                               "set"]))
def test_check_never_raises_on_any_candidate(text: str, kind: str) -> None:
    value = {"number": 1.5, "integer": 2, "string": "x", "date": "2024-01-02", "time": "09:30",
             "boolean": True}.get(kind, ["a"])
    result = check(AnswerSpec(type=kind, value=value), text)  # type: ignore[arg-type]
    assert 0.0 <= result.score <= 1.0 and (result.score == 1.0 or not result.correct)
    Score.model_validate_json(result.model_dump_json())


def test_an_item_named_answer_is_not_a_heading() -> None:
    """A list whose last item is the word "answer" (found by hypothesis: ['aaaa', 'answer']) is read as items;
    "Answer" alone on its line is still a heading."""
    spec = AnswerSpec(type="list", value=["aaaa", "answer"])
    assert ok(spec, "aaaa, answer") and ok(spec, "aaaa; answer")
    assert ok(AnswerSpec(type="string", value="Paris"), "I looked it up.\n\nAnswer\nParis")
