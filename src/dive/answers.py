"""Typed answers: read a free-text candidate and score it against an :class:`AnswerSpec`.

:func:`check` is the one deterministic checker used for verification, RL rewards and
evaluation. It extracts the final-answer span (:func:`extract_final_answer`), reads it as
the spec's type and compares. A candidate that cannot be read scores 0 with a reason; it
never raises. An invalid spec (a ``date`` whose value is not a date) raises ``ValueError``
naming the field: that is the task author's bug, not the candidate's.

Rules, by type:

- **number**: the *last* number in the span outside parentheses (inside them only when
  there is none outside: "42 (rounded to 2 places)" reads 42). Accepted spellings: ``1,234.5``, ``1234.5``,
  ``1 234,5`` / ``1.234,5`` / ``1'234.5`` (grouped, decimal comma), ``12,5`` (a comma is a
  decimal comma unless exactly three digits follow it, so ``1,234`` is 1234),
  ``1.2345e3``, ``1.2345×10^3`` (also ``x``, ``*``, ``·``, ``10³``, LaTeX), ``3/4``,
  ``2^10``, ``$1,200`` (currency symbols ignored), ``1.2 million`` (thousand, million,
  billion, trillion scale the value; k/M/bn abbreviations do not), a unicode minus,
  ``-0`` (equals 0). Text equal to
  the spec's unit (or its words) is removed first, so ``1,234.5 kg`` works and a missing
  unit is fine; units are not converted and a different unit is not detected. Tolerance:
  ``|got - expected| <= max(abs_tol, rel_tol * |expected|)``, relative to the reference
  (so a reference of 0 needs ``abs_tol``); with neither set, ``rel_tol = 1e-6``.
  Arithmetic is decimal, so boundaries are exact.
- **percent**: when the spec's unit is ``%`` (or percent, pct, percentage) the value is
  in percent: ``12.5%`` and ``12.5`` read as 12.5, and a bare fraction ``0.125`` is also
  accepted (read as 12.5%). Without a percent unit, ``12.5%`` is accepted as 0.125 *or*
  12.5. The two readings differ 100-fold, so they cannot both be near one reference.
- **integer**: read like a number, then it must be whole (``1,234`` and ``1234.0`` pass,
  ``1234.5`` fails). Exact unless the spec sets ``abs_tol`` or ``rel_tol``.
- **string** (entities too): equal after :func:`normalize_text` (case and accent
  folding, so ``São Paulo`` == ``sao paulo``; punctuation, articles and extra whitespace
  ignored) to the value or an alias. No substring matching: "capital is Paris" is not
  "Paris".
- **date**: the last date in the span (outside parentheses first, as for numbers). ``2024-03-05``, ``2024/03/05``, ``2024.3.5`` (year
  first is always Y-M-D), ``March 5, 2024``, ``Mar. 5th 2024``, ``5 March 2024``,
  ``5th of March, 2024``, ``05-Mar-2024``, ISO date-times (the date part). Day-month-year
  with numbers: a part above 12 is the day; dotted dates (``05.03.2024``) are day first;
  otherwise both orders are possible, so the date is *ambiguous and fails*, unless the
  spec's instructions name the format (``DD/MM/YYYY`` or ``MM/DD/YYYY``). Accepting either
  reading would give a model two guesses.
- **time**: a clock time to the minute, with its day where the reference has one: the last clock time in the
  span (outside parentheses first), ``08:15``, ``8:15``, ``08:15:06``, ``8:15 am``, ``08h15`` or an ISO date-time
  (its offset ignored, and no clock is read inside an offset: ``UTC+03:00``), with the span's last date as its day.
  A reference with seconds is read as the minute it falls in *and* the nearest minute (``10:24:40``: 10:24 cut,
  10:25 rounded; ``08:15:00``: 08:15 alone); the candidate's minute (its seconds cut) must be one of them. A day
  the candidate gives must be the reference's; a clock alone is accepted, since the question states the day.
  ``abs_tol`` is whole minutes of slack around those (a sunset at a place a gazetteer puts a few km off).
  Zone words (``local time``, ``UTC``, ``EAT``) are ignored.
- **boolean**: yes/y/true/correct vs no/n/false/incorrect, any case: the first word if it
  is one of these, else the only polarity present (and no "not").
- **list / set**: items are the elements of a JSON array, else one per line (bullets and
  numbering removed), else every date (for date items), else split on semicolons if any,
  else commas (a comma before exactly three digits is a thousands separator, so write
  ``1,234; 5,678`` or a JSON array for grouped numbers). Items are read and compared as
  ``spec.item_type`` (default string); an element of ``spec.value`` that is itself a list
  holds that item's alternatives. A set is correct when the candidate's distinct items
  match the reference one-to-one; its score is the Jaccard index (matched / union). A list
  is correct when every position matches and the lengths agree; its score is matches /
  the longer length. ``aliases`` of a list/set are alternative whole answers, as text.

For every scalar type, ``aliases`` are alternative reference values. Scalars score 1 or 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, get_args

from pydantic import Field, JsonValue

from dive._answer_parsing import (
    clean_span,
    extract_final_answer,
    find_dates,
    find_numbers,
    is_percent_unit,
    normalize_text,
    parse_bool,
    parse_date,
    split_items,
)
from dive._clock import Clock, find_clock, same_minute
from dive.records import AnswerSpec, AnswerType, Record

__all__ = ["Score", "check", "extract_final_answer", "normalize_text", "parse_value"]

_SCALAR_TYPES = ("number", "integer", "string", "date", "time", "boolean")
_DEFAULT_REL_TOL = Decimal("1e-6")
_PARENS = re.compile(r"\([^()]*\)")


class Score(Record):
    """The result of checking one candidate answer against an AnswerSpec."""

    correct: bool
    """True only on an exact match (within tolerance); partial credit never sets it."""
    score: float = Field(ge=0.0, le=1.0)
    """Credit in [0, 1]: 1/0 for scalars, Jaccard for sets, position matches for lists."""
    parsed: JsonValue = None
    """What was read from the candidate, as JSON (None when nothing could be read)."""
    reason: str = ""
    """Why the candidate is not correct; empty when it is."""
    extracted: str = ""
    """The final-answer span found in the candidate text (for a judge or a human)."""


def check(spec: AnswerSpec, candidate_text: str) -> Score:
    """Score ``candidate_text`` (a model's whole answer) against ``spec``."""
    extracted = extract_final_answer(candidate_text)
    if spec.type in ("list", "set"):
        return _check_collection(spec, extracted)
    expected = [_reference(spec, spec.type, raw) for raw in (spec.value, *spec.aliases)]
    try:
        got = _read(spec.type, extracted, spec)
    except ValueError as err:
        article = "an" if spec.type == "integer" else "a"
        reason = f"could not read {article} {spec.type} from {_short(extracted)}: {err}"
        return Score(correct=False, score=0.0, parsed=None, reason=reason, extracted=extracted)
    hit = _match(spec.type, spec, expected, got)
    if hit is not None:
        return Score(correct=True, score=1.0, parsed=_json(spec.type, hit, got), extracted=extracted)
    reason = f"expected {_describe(spec, spec.type, spec.value)}, got {_show(got.shown)}"
    return Score(correct=False, score=0.0, parsed=got.shown, reason=reason, extracted=extracted)


def parse_value(
    type: AnswerType,  # noqa: A002 - mirrors AnswerSpec.type
    text: str,
    *,
    unit: str | None = None,
    item_type: AnswerType | None = None,
    day_first: bool | None = None,
) -> JsonValue:
    """Read an answer span (already extracted) as ``type``; ValueError if it cannot be read.

    Returns JSON: a float, an int, the cleaned string, an ISO date, a bool, or a list of
    those. ``unit`` is the spec's unit (text to ignore; ``%`` switches to percent
    readings); ``day_first`` resolves ambiguous numeric dates.
    """
    if type not in get_args(AnswerType):
        raise ValueError(f"unknown answer type {type!r}; expected one of {get_args(AnswerType)}")
    spec = AnswerSpec(type=type, value=None, unit=unit, instructions=_format_hint(day_first))
    if type in ("list", "set"):
        kind = item_type or "string"
        return [_read(kind, item, spec).shown for item in split_items(text, kind, day_first)]
    return _read(type, text, spec).shown


# ---------------------------------------------------------------------------------------
# Reading one value


@dataclass(frozen=True)
class _Reading:
    values: tuple[object, ...]
    """Comparable readings, preferred first (several only for percent)."""
    shown: JsonValue
    """The preferred reading as JSON."""


def _read(kind: str, text: str, spec: AnswerSpec) -> _Reading:
    text = clean_span(text)
    if kind in ("number", "integer"):
        tokens = find_numbers(_outside_parens(text), spec.unit) or find_numbers(text, spec.unit)
        if not tokens:
            raise ValueError("no number found")
        last = tokens[-1]
        values = [last.value]
        if is_percent_unit(spec.unit) and not last.percent:
            values.append(last.value * 100)
        elif last.percent and not is_percent_unit(spec.unit):
            values.insert(0, last.value / 100)
        if kind == "integer":
            whole = [v for v in values if v == v.to_integral_value()]
            if not whole:
                raise ValueError(f"{_fmt(values[0])} is not a whole number")
            values = whole
        return _Reading(tuple(values), _json(kind, values[0], None))
    if kind == "string":
        if not normalize_text(text):
            raise ValueError("empty answer")
        return _Reading((normalize_text(text),), text)
    if kind == "date":
        outside = _outside_parens(text)
        day = parse_date(outside if find_dates(outside) else text, _day_first(spec))
        return _Reading((day,), day.isoformat())
    if kind == "time":
        clock = find_clock(_outside_parens(text)) or find_clock(text)
        if clock is None:
            raise ValueError("no clock time (HH:MM) found")
        return _Reading((clock,), clock.shown())
    if kind == "boolean":
        flag = parse_bool(text)
        return _Reading((flag,), flag)
    raise ValueError(f"{kind!r} is not a scalar answer type")


def _outside_parens(text: str) -> str:
    return _PARENS.sub(" ", text)


def _reference(spec: AnswerSpec, kind: str, raw: JsonValue) -> list[object]:
    """The accepted comparable values of one reference item (a list holds alternatives)."""
    if isinstance(raw, list):
        return [v for alt in raw for v in _reference(spec, kind, alt)]
    if isinstance(raw, bool) and kind == "boolean":
        return [raw]
    if isinstance(raw, int | float) and not isinstance(raw, bool) and kind in ("number", "integer"):
        raw = repr(raw)
    if raw is None or isinstance(raw, dict) or (isinstance(raw, bool) and kind != "boolean"):
        raise ValueError(f"AnswerSpec value {raw!r} is not a valid {kind} reference")
    try:
        reading = _read(kind, str(raw), spec)
    except ValueError as err:
        raise ValueError(f"AnswerSpec value {raw!r} is not a valid {kind} reference: {err}") from err
    return [reading.values[0]]


def _match(kind: str, spec: AnswerSpec, expected: list[list[object]], got: _Reading) -> object | None:
    """The candidate reading that matches a reference value, or None."""
    for value in got.values:
        for alternatives in expected:
            for ref in alternatives:
                if kind in ("number", "integer"):
                    if abs(value - ref) <= _allowed(spec, kind, ref):  # type: ignore[operator,arg-type]
                        return value
                elif kind == "time":
                    if (isinstance(value, Clock) and isinstance(ref, Clock)
                            and same_minute(ref, value, int(spec.abs_tol or 0))):
                        return value
                elif value == ref:
                    return value
    return None


def _allowed(spec: AnswerSpec, kind: str, ref: Decimal) -> Decimal:
    abs_tol = Decimal(repr(spec.abs_tol)) if spec.abs_tol is not None else Decimal(0)
    if spec.rel_tol is not None:
        rel_tol = Decimal(repr(spec.rel_tol))
    else:
        rel_tol = _DEFAULT_REL_TOL if spec.abs_tol is None and kind == "number" else Decimal(0)
    return max(abs_tol, rel_tol * abs(ref))


# ---------------------------------------------------------------------------------------
# Lists and sets


def _check_collection(spec: AnswerSpec, extracted: str) -> Score:
    kind = spec.item_type or "string"
    if kind not in _SCALAR_TYPES:
        raise ValueError(f"AnswerSpec.item_type {kind!r} is not a scalar type")
    references: list[tuple[list[Any], list[JsonValue]]] = []
    for alt in (spec.value, *spec.aliases):
        if not isinstance(alt, list | str):
            raise ValueError(f"AnswerSpec value {alt!r} of a {spec.type} answer must be a JSON list")
        items: list[JsonValue] = list(alt) if isinstance(alt, list) else list(split_items(alt, kind, _day_first(spec)))
        references.append(([_reference(spec, kind, x) for x in items], items))
    texts = split_items(extracted, kind, _day_first(spec))
    readings = [texts]
    if texts and " and " in texts[-1]:  # "argon-40 and calcium-40", "A, B and C": also read with the last "and" as
        # a separator (an item may hold one: Trinidad and Tobago), whichever matches better
        head, _, tail = texts[-1].rpartition(" and ")
        readings.append([*texts[:-1], head.strip(), tail.strip()])
    scorer = _score_set if spec.type == "set" else _score_list
    best: tuple[tuple[bool, float, str], list[_Reading | str]] | None = None
    for pieces in readings:
        got: list[_Reading | str] = []
        for text in pieces:
            try:
                got.append(_read(kind, text, spec))
            except ValueError:
                got.append(text)
        scores = [scorer(spec, kind, refs, shown, got) for refs, shown in references]
        top = max(scores, key=lambda s: (s[0], s[1]))
        if best is None or (top[0], top[1]) > (best[0][0], best[0][1]):
            best = (top, got)
    assert best is not None
    (correct, score, reason), got = best
    parsed = [g.shown if isinstance(g, _Reading) else None for g in got]
    return Score(correct=correct, score=score, parsed=parsed, reason=reason, extracted=extracted)


def _matches(spec: AnswerSpec, kind: str, ref: list[object], item: _Reading | str) -> bool:
    return isinstance(item, _Reading) and _match(kind, spec, [ref], item) is not None


def _score_set(
    spec: AnswerSpec, kind: str, refs: list[list[object]], shown: list[JsonValue], got: list[_Reading | str]
) -> tuple[bool, float, str]:
    distinct: list[_Reading | str] = []
    keys: set[object] = set()
    for item in got:
        key = item.values[0] if isinstance(item, _Reading) else ("unread", item)
        if key not in keys:
            keys.add(key)
            distinct.append(item)
    used: set[int] = set()
    missing = []
    for ref, label in zip(refs, shown, strict=True):
        index = next((i for i, g in enumerate(distinct) if i not in used and _matches(spec, kind, ref, g)), None)
        if index is None:
            missing.append(label)
        else:
            used.add(index)
    extra = [_item_label(g) for i, g in enumerate(distinct) if i not in used]
    union = len(refs) + len(distinct) - len(used)
    reason = "; ".join(part for part in (
        f"missing {_show(missing)}" if missing else "", f"unexpected {_show(extra)}" if extra else ""
    ) if part)  # fmt: skip
    return not missing and not extra, len(used) / union if union else 1.0, reason


def _score_list(
    spec: AnswerSpec, kind: str, refs: list[list[object]], shown: list[JsonValue], got: list[_Reading | str]
) -> tuple[bool, float, str]:
    problems = []
    hits = 0
    for position, (ref, label, item) in enumerate(zip(refs, shown, got, strict=False), start=1):
        if _matches(spec, kind, ref, item):
            hits += 1
        else:
            problems.append(f"position {position}: expected {_show(label)}, got {_show(_item_label(item))}")
    if len(got) != len(refs):
        problems.append(f"expected {len(refs)} items, got {len(got)}")
    longest = max(len(refs), len(got))
    return not problems, hits / longest if longest else 1.0, "; ".join(problems[:5])


# ---------------------------------------------------------------------------------------
# Formatting


def _json(kind: str, value: object, got: _Reading | None) -> JsonValue:
    if kind == "number":
        return float(value)  # type: ignore[arg-type]
    if kind == "integer":
        return int(value)  # type: ignore[call-overload]
    return got.shown if got is not None else None


def _fmt(value: Decimal) -> str:
    if value == value.to_integral_value() and abs(value) < Decimal("1e21"):
        return str(int(value))
    return format(float(value), ".15g")


def _describe(spec: AnswerSpec, kind: str, raw: JsonValue) -> str:
    also = " (or an alias)" if spec.aliases else ""
    if kind not in ("number", "integer"):
        return f"{_show(raw)}{also}"
    ref = _reference(spec, kind, raw)[0]
    unit = "" if not spec.unit else spec.unit if spec.unit == "%" else f" {spec.unit}"
    parts = [f"±{spec.abs_tol:g}"] if spec.abs_tol is not None else []
    parts += [f"{spec.rel_tol:g} relative"] if spec.rel_tol is not None else []
    if not parts:
        parts = ["1e-06 relative"] if kind == "number" else []
    tol = "within " + " or ".join(parts) if parts else "exactly"
    return f"{_fmt(ref)}{unit}{also} {tol}"  # type: ignore[arg-type]


def _item_label(item: _Reading | str) -> JsonValue:
    return item.shown if isinstance(item, _Reading) else item


def _show(value: JsonValue) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return format(value, ".15g")
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return _short(value) if isinstance(value, str) else repr(value)


def _short(text: str, limit: int = 80) -> str:
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


_DAY_FIRST = re.compile(r"DD[/.-]MM[/.-]YY", re.I)
_MONTH_FIRST = re.compile(r"MM[/.-]DD[/.-]YY", re.I)


def _day_first(spec: AnswerSpec) -> bool | None:
    if _DAY_FIRST.search(spec.instructions):
        return True
    return False if _MONTH_FIRST.search(spec.instructions) else None


def _format_hint(day_first: bool | None) -> str:
    return {True: "DD/MM/YYYY", False: "MM/DD/YYYY", None: ""}[day_first]
