"""Well-posedness: the task has one clear answer.

Rejected: an empty answer (None, blank text, an empty list, or an empty item); a spec
:func:`dive.answers.check` cannot use; a choice (argmax, argmin, compare, sorts with
labels) over tied evidence values, whose answer would be arbitrary; a count of 0 (a
question about nothing); and an identity task whose evidence is not exactly one scalar
(an object or a list has no single answer).
"""

from __future__ import annotations

import math
from typing import ClassVar

from pydantic import JsonValue

from dive.answers import check, normalize_text
from dive.ops import CHOICE_OPS, OpError, apply_op, kept_where, operands
from dive.provenance import EvidenceError, evidence_values
from dive.records import AnswerSpec, Task, Trace, Verdict
from dive.verification.verifier import VerifyContext, accept, reject

__all__ = ["WellPosed", "ties"]

_TIE_REL_TOL = 1e-9


def _empty(value: JsonValue) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip() or not normalize_text(value)
    if isinstance(value, list):
        return not value or any(_empty(v) for v in value)
    return False


def _close(a: JsonValue, b: JsonValue) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return math.isclose(a, b, rel_tol=_TIE_REL_TOL, abs_tol=0.0)
    return a == b


def ties(op: str, values: list[JsonValue], params: dict[str, JsonValue]) -> list[JsonValue]:
    """Tied operands that make a choice op's answer arbitrary (empty when the choice is clear)."""
    if op == "at_best" and params.get("by") in ("argmax", "argmin"):  # the winner whose follow-up is asked
        return ties(str(params["by"]), values[:-1], {"labels": list(range(len(values) - 1))})
    if op in ("argmax_where", "argmin_where"):  # a choice among the operands the filter keeps
        try:
            kept, items_ = kept_where(values, params, op)
        except OpError:
            return []
        return ties(op.removesuffix("_where"), [items_[i] for i in kept], {"labels": list(range(len(kept)))})
    if op not in CHOICE_OPS or (op.startswith("sort") and "labels" not in params):
        return []
    items = operands(values)
    if op in ("argmax", "argmin"):
        numbers = [v for v in items if isinstance(v, int | float) and not isinstance(v, bool)]
        if not numbers:
            return []
        best = max(numbers) if op == "argmax" else min(numbers)
        best_tied: list[JsonValue] = [v for v in numbers if _close(v, best)]
        return best_tied if len(best_tied) > 1 else []
    tied: list[JsonValue] = []
    for i, a in enumerate(items):
        if any(_close(a, b) for j, b in enumerate(items) if j != i):
            tied.append(a)
    return tied


def _spec_problem(spec: AnswerSpec) -> str | None:
    if _empty(spec.value):
        return f"the answer is empty ({spec.value!r})"
    try:
        check(spec, "")
    except ValueError as err:
        return f"invalid answer spec: {err}"
    return None


class WellPosed:
    """Reject empty answers, ties in choices, zero counts and non-scalar identity evidence."""

    name: ClassVar[str] = "well_posed"

    def verify(self, task: Task, trace: Trace, ctx: VerifyContext) -> Verdict:
        spec, prov = task.answer, task.provenance
        problem = _spec_problem(spec)
        if problem:
            return reject(task, self.name, problem)
        try:
            values = evidence_values(task, trace)
        except EvidenceError as err:
            return reject(task, self.name, f"cannot check the evidence: {err}")
        tied = ties(prov.op, values, prov.params)
        if tied:
            return reject(task, self.name, f"{prov.op} over tied values {tied}: the answer is arbitrary",
                          op=prov.op, values=values, tied=tied)
        if prov.op == "count":
            try:
                counted = apply_op("count", values, prov.params)
            except OpError as err:
                return reject(task, self.name, f"cannot count the evidence: {err}", values=values)
            if counted == 0 or (spec.value == 0 and not isinstance(spec.value, bool)):
                return reject(task, self.name, "a count of 0 asks about nothing", values=values, recomputed=counted)
        if prov.op == "identity":
            if len(values) != 1:
                return reject(task, self.name, f"identity needs exactly one evidence item, got {len(values)}",
                              values=values)
            if isinstance(values[0], dict | list) or values[0] is None:
                kind = "nothing" if values[0] is None else type(values[0]).__name__
                return reject(task, self.name, f"identity evidence is {kind}, not one scalar", values=values)
        return accept(task, self.name, op=prov.op)
