"""Leakage: the query must not give away the answer or an intermediate (bridge) value.

Strings match as whole tokens after :func:`dive.answers.normalize_text` (so ``São Paulo``
matches ``sao paulo`` but ``Paris`` never matches ``Parisian``), and ISO dates also match
any date the query spells (``March 10, 2024``). Numbers match every number written in the
query, in any spelling :func:`dive.answers.check` reads (``1,234.5``, ``1.2 million``,
``12.5%``), within the answer's own tolerance; dates, clock times and the spec's format
instructions are removed from the query first, so ``2024-07-01`` or "round to 2 decimals"
never count as numbers. Values shorter than 2 characters as written (``7``, ``b``) are
ignored: they match too much by chance.

For choice ops (argmax, argmin, compare, sorts) whose answer is one of the offered
``labels``, the query must name the options, so the answer itself is not checked; bridge
entities still are. A *bridge entity* is a string or number passed as an argument to a
call on the provenance path that came from a parent call's output: an intermediate value
the solver should have to discover. Values that were also the parent's own inputs
(echoes), the seed, and arguments of calls without parents (constants the query states)
are not bridges.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import ClassVar

from pydantic import JsonValue

from dive._answer_parsing import find_dates, find_numbers
from dive.answers import check, normalize_text
from dive.records import AnswerSpec, Seed, Task, Trace, Verdict
from dive.verification.grounding import render_value
from dive.verification.provenance import EvidenceError, provenance_calls
from dive.verification.verifier import VerifyContext, accept, reject

__all__ = ["CHOICE_OPS", "Leakage", "answer_in_query", "bridge_entities", "numbers_in_query", "scalar_leaves",
           "value_in_query"]

CHOICE_OPS = frozenset({"argmax", "argmin", "compare", "sort_asc", "sort_desc"})
"""Ops whose answer is chosen among labels the query has to name."""

MIN_CHARS = 2
"""Values shorter than this, as written, are never matched."""

_CLOCK = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?!\d)")
_BRIDGE_REL_TOL = 1e-9


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


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
    try:
        return dt.date.fromisoformat(value.strip()[:10]) if re.match(r"\d{4}-\d{2}-\d{2}", value.strip()) else None
    except ValueError:
        return None


def value_in_query(value: JsonValue, query: str, *, rel_tol: float = _BRIDGE_REL_TOL) -> bool:
    """Whether one scalar ``value`` is written in ``query`` (whole tokens; numbers in any spelling)."""
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        return False
    if _is_number(value):
        spec = AnswerSpec(type="number", value=value, rel_tol=rel_tol)
        return bool(numbers_in_query(spec, query))
    needle = normalize_text(value)
    if len(needle) >= MIN_CHARS and len(value.strip()) >= MIN_CHARS and f" {needle} " in f" {normalize_text(query)} ":
        return True
    day = _as_date(value)
    return day is not None and any(hit.value == day for hit in find_dates(query))


def scalar_leaves(value: JsonValue) -> Iterator[JsonValue]:
    """Every string and number inside ``value`` (depth first; booleans and nulls are not values here)."""
    if isinstance(value, dict):
        for v in value.values():
            yield from scalar_leaves(v)
    elif isinstance(value, list):
        for v in value:
            yield from scalar_leaves(v)
    elif isinstance(value, str) or _is_number(value):
        yield value


def _same(a: JsonValue, b: JsonValue) -> bool:
    if _is_number(a) and _is_number(b):
        return a == b or abs(a - b) <= _BRIDGE_REL_TOL * max(abs(a), abs(b))  # type: ignore[operator]
    return isinstance(a, str) and isinstance(b, str) and a == b


def bridge_entities(task: Task, trace: Trace, seed: Seed | None = None) -> list[JsonValue]:
    """Intermediate values on the provenance path: arguments that came from a parent's output.

    Raises :class:`~dive.verification.provenance.EvidenceError` when the path is broken.
    """
    calls = provenance_calls(task, trace)
    by_id = {c.id: c for c in trace.calls}
    constants: list[JsonValue] = [v for c in calls if not c.parents for v in scalar_leaves(c.arguments)]
    constants += [v for v in (trace.seed, *((seed.value, seed.label) if seed else ())) if v not in (None, "")]
    bridges: list[JsonValue] = []
    for call in calls:
        if not call.parents:
            continue
        outputs = [v for p in call.parents if trace.observation(p).ok for v in scalar_leaves(trace.observation(p).output)]
        inputs = [v for p in call.parents for v in scalar_leaves(by_id[p].arguments)]
        for value in scalar_leaves(call.arguments):
            if (any(_same(value, o) for o in outputs)
                    and not any(_same(value, x) for x in (*inputs, *constants))
                    and not any(_same(value, b) for b in bridges)):  # fmt: skip
                bridges.append(value)
    return bridges


def _answer_items(spec: AnswerSpec) -> list[JsonValue]:
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
    for item in _answer_items(spec):
        if _is_number(item) or (spec.item_type in ("number", "integer") and isinstance(item, str)):
            item_spec = AnswerSpec(type="number", value=item, abs_tol=spec.abs_tol, rel_tol=spec.rel_tol)
            hit = bool(numbers_in_query(item_spec, query))
        else:
            hit = value_in_query(item, query)
        if hit:
            found.append(render_value(item))
    return found


class Leakage:
    """Reject a task whose query states its answer or a bridge entity."""

    name: ClassVar[str] = "leakage"

    def verify(self, task: Task, trace: Trace, ctx: VerifyContext) -> Verdict:
        try:
            bridges = bridge_entities(task, trace, ctx.seed)
        except EvidenceError as err:
            return reject(task, self.name, f"cannot trace the provenance path: {err}")
        prov = task.provenance
        labels = prov.params.get("labels")
        offered = isinstance(labels, list) and {normalize_text(str(x)) for x in labels}
        chosen = prov.op in CHOICE_OPS and offered and all(
            normalize_text(str(item)) in offered for item in _answer_items(task.answer)
        )
        answer_hits = [] if chosen else answer_in_query(task)
        bridge_hits = [b for b in bridges if value_in_query(b, task.query)]
        details: dict[str, JsonValue] = {
            "answer_in_query": answer_hits, "bridges": bridges, "bridges_in_query": bridge_hits,
        }  # type: ignore[dict-item]
        if answer_hits:
            return reject(task, self.name, f"the query states the answer ({', '.join(answer_hits)})", **details)
        if bridge_hits:
            shown = ", ".join(render_value(b) for b in bridge_hits)
            return reject(task, self.name, f"the query states the intermediate value(s) {shown}", **details)
        return accept(task, self.name, **details)
