"""Whether a text mentions a value: the answer or an intermediate value written in a question.

Strings match as whole tokens after :func:`dive.answers.normalize_text` (so ``São Paulo``
matches ``sao paulo`` but ``Paris`` never matches ``Parisian``), and ISO dates also match
any date the text spells (``March 10, 2024``). Numbers match every number written in the
text, in any spelling :func:`dive.answers.check` reads (``1,234.5``, ``1.2 million``,
``12.5%``), within the answer's own tolerance; dates, clock times and the spec's format
instructions are removed first, so ``2024-07-01`` or "round to 2 decimals" never count as
numbers. Values shorter than 2 characters as written (``7``, ``b``) are ignored: they match
too much by chance. The leakage check rejects with these; a deriver may skip a candidate
that would be rejected.
"""

from __future__ import annotations

import datetime as dt
import re

from pydantic import JsonValue

from dive._answer_parsing import find_dates, find_numbers
from dive.answers import check, normalize_text
from dive.records import AnswerSpec, Task
from dive.values import is_number, render_value, scalar_leaves

__all__ = ["MIN_CHARS", "answer_in_query", "answer_items", "numbers_in_query", "value_in_query"]

MIN_CHARS = 2
"""Values shorter than this, as written, are never matched."""

_CODE = re.compile(r"[A-Z][A-Za-z]")
"""A two-letter code (a country's, a US state's): found only as written, in capitals. Most are English words
too (IN, IT, NO, BE, TO, OR): "the countries the UN places in Southern Asia" does not state India (IN)."""

_CLOCK = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?!\d)")
_REL_TOL = 1e-9


def _number_text(query: str, instructions: str = "") -> str:
    """The query with format instructions, dates and clock times blanked out."""
    text = query.replace(instructions, " ") if instructions.strip() else query
    for hit in reversed(find_dates(text)):
        text = text[: hit.start] + " " + text[hit.end :]
    return _CLOCK.sub(" ", text)


def numbers_in_query(spec: AnswerSpec, query: str, *, min_chars: int = MIN_CHARS) -> list[str]:
    """Numbers written in ``query`` that ``check(spec, ...)`` accepts as the answer (numeric specs)."""
    if spec.type not in ("number", "integer"):
        return []
    written = [render_value(v) for v in (spec.value, *spec.aliases)]
    if all(len(w.lstrip("-+")) < min_chars for w in written):
        return []
    hits = []
    for token in find_numbers(_number_text(query, spec.instructions)):
        text = f"{token.value}%" if token.percent else str(token.value)
        try:
            if check(spec, text).correct:
                hits.append(text)
        except ValueError:  # an invalid spec is wellposed's to report
            return []
    return hits


def _as_date(value: str) -> dt.date | None:
    """The day of an ISO date, or of a datetime at midnight (a sunrise at 02:39 on 21 June is not written by
    writing 21 June: the time is the answer)."""
    clock = re.match(r"\s*\d{4}-\d{2}-\d{2}[T ](\d{2}):(\d{2})(?::(\d{2}))?", value)
    if clock and any(g and int(g) for g in clock.groups()):
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10]) if re.match(r"\d{4}-\d{2}-\d{2}", value.strip()) else None
    except ValueError:
        return None


def value_in_query(value: JsonValue, query: str, *, rel_tol: float = _REL_TOL) -> bool:
    """Whether one scalar ``value`` is written in ``query`` (whole tokens; numbers in any spelling)."""
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        return False
    if is_number(value):
        spec = AnswerSpec(type="number", value=value, rel_tol=rel_tol)
        return bool(numbers_in_query(spec, query))
    if _CODE.fullmatch(value.strip()):  # a two-letter code is written as one: India's IN is not the word "in"
        return re.search(rf"(?<![\w-]){value.strip()}(?![\w-])", query) is not None
    needle = normalize_text(value)
    if len(needle) >= MIN_CHARS and len(value.strip()) >= MIN_CHARS and f" {needle} " in f" {normalize_text(query)} ":
        return True
    day = _as_date(value)
    return day is not None and any(hit.value == day for hit in find_dates(query))


def answer_items(spec: AnswerSpec) -> list[JsonValue]:
    """Scalar reference values of the answer: value, aliases, and the items of a list/set."""
    out: list[JsonValue] = []
    for raw in (spec.value, *spec.aliases):
        out.extend(scalar_leaves(raw))
    return out


def answer_in_query(task: Task) -> list[str]:
    """The spellings of ``task``'s answer found in its query (empty when none)."""
    spec, query = task.answer, task.query
    if spec.type == "boolean":
        return []
    if spec.type in ("number", "integer"):
        return numbers_in_query(spec, query)
    found = []
    for item in answer_items(spec):
        if is_number(item) or (spec.item_type in ("number", "integer") and isinstance(item, str)):
            item_spec = AnswerSpec(type="number", value=item, abs_tol=spec.abs_tol, rel_tol=spec.rel_tol)
            hit = bool(numbers_in_query(item_spec, query))
        else:
            hit = value_in_query(item, query)
        if hit:
            found.append(render_value(item))
    return found
