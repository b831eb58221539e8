"""Answer ops: recompute a task's answer from its evidence values.

A :class:`~dive.records.Provenance` names an op and one evidence item per operand; the
verifiers resolve each item to a JSON value and call :func:`apply_op`. ``OPS`` maps every
op name to its function, so a deriver can list what it may use.

Operands. Each op receives the evidence values in order. An aggregating op (sum, product,
mean, max, min, argmax, argmin, compare, sort_asc, sort_desc) given a *single* list value
works on that list's items instead (``$.values`` of a list output); ``set`` flattens every
list value; ``count`` takes the length of one list value (or, with
``params["count_items"]``, the number of evidence items); ``same`` says whether every value
is equal (a yes/no answer); ``count_of`` counts the values that are ``params["value"]`` or are lists holding it
(the countries of a set that use the euro, each member's list of currencies one value); ``at_best`` gives its last value, a follow-up of the winner of
``params["by"]`` (argmax or argmin) among the others, which must be operand ``params["at"]``; ``argmax_where`` and
``argmin_where`` take n values then n keys and choose among the operands whose key is above ``params["over"]``
(or below ``params["under"]``): the solvent with the lowest boiling point of those whose flash point is above 10 °C.

Params. ``labels`` names the operands for argmax, argmin (and their ``_where`` forms, one label
per compared value), compare and the sorts (one label per operand; the op returns labels, not values). ``digits`` rounds a numeric result (or
each number of a list result) half away from zero; ``digits <= 0`` gives an integer.
``minute`` rounds an ISO date-time result to the minute, half up (``2024-09-01T18:21:31`` ->
``2024-09-01T18:22:00``): a sunset or a full moon to the second differs between ephemerides.
Ties are not an op error: argmax/argmin/compare return the first of the tied labels and
the sorts keep evidence order; :mod:`dive.verification.wellposed` rejects such tasks.
Anything else that makes an op undefined (unknown op, wrong arity, a non-number where a
number is needed, division by zero) raises :class:`OpError` naming the op and its needs.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import statistics
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, localcontext

from pydantic import JsonValue

__all__ = ["CHOICE_OPS", "OPS", "OpError", "apply_op", "holds", "kept_where", "operands"]

CHOICE_OPS = frozenset({"argmax", "argmin", "argmax_where", "argmin_where", "compare", "sort_asc", "sort_desc"})
"""Ops whose answer is chosen among labels the question names (ties make them ill-posed)."""

Params = dict[str, JsonValue]
OpFn = Callable[[list[JsonValue], Params], JsonValue]


class OpError(ValueError):
    """An op cannot be applied: unknown name, wrong arity or operand types, undefined result."""


def _is_number(value: object) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))


def _tidy(x: float) -> float | int:
    """Drop binary noise (0.1 + 0.2 -> 0.3) at 15 significant digits; ints stay ints."""
    if isinstance(x, int) or x == 0 or not math.isfinite(x):
        return x
    return float(f"{x:.15g}")


def operands(values: list[JsonValue]) -> list[JsonValue]:
    """The operands of an aggregating op: the items of a single list value, else the values."""
    if len(values) == 1 and isinstance(values[0], list):
        return list(values[0])
    return list(values)


def _numbers(op: str, values: list[JsonValue], *, at_least: int = 2) -> list[int | float]:
    items = operands(values)
    bad = [v for v in items if not _is_number(v)]
    if bad:
        raise OpError(f"{op} needs numbers, got {bad[0]!r}")
    if len(items) < at_least:
        raise OpError(
            f"{op} needs at least {at_least} numbers (or one list of numbers), got {len(items)}"
        )
    return items  # type: ignore[return-value]


def _exactly(op: str, values: list[JsonValue], n: int) -> list[int | float]:
    items = _numbers(op, values, at_least=n)
    if len(items) != n:
        raise OpError(f"{op} needs exactly {n} numbers, got {len(items)}")
    return items


def _labels(op: str, params: Params, n: int) -> list[JsonValue]:
    labels = params.get("labels")
    if not isinstance(labels, list) or len(labels) != n:
        got = f"{len(labels)} labels" if isinstance(labels, list) else repr(labels)
        raise OpError(f"{op} needs params['labels'] with one label per operand ({n}), got {got}")
    return labels


# ---------------------------------------------------------------------------------------
# The ops


def _identity(values: list[JsonValue], params: Params) -> JsonValue:
    if len(values) != 1:
        raise OpError(f"identity needs exactly 1 evidence value, got {len(values)}")
    return values[0]


def _count(values: list[JsonValue], params: Params) -> JsonValue:
    if params.get("count_items"):
        return len(values)
    if len(values) != 1 or not isinstance(values[0], list):
        raise OpError("count needs exactly 1 evidence value that is a list (or params['count_items'] to count items)")
    return len(values[0])


def _sum(values: list[JsonValue], params: Params) -> JsonValue:
    items = _numbers("sum", values)
    if all(isinstance(v, int) for v in items):
        return sum(items)
    return _tidy(math.fsum(items))


def _difference(values: list[JsonValue], params: Params) -> JsonValue:
    a, b = _exactly("difference", values, 2)
    return _tidy(a - b)


def _ratio(values: list[JsonValue], params: Params) -> JsonValue:
    a, b = _exactly("ratio", values, 2)
    if b == 0:
        raise OpError("ratio needs a non-zero divisor (the second value is 0)")
    return _tidy(a / b)


def _product(values: list[JsonValue], params: Params) -> JsonValue:
    return _tidy(math.prod(_numbers("product", values)))


def _mean(values: list[JsonValue], params: Params) -> JsonValue:
    return _tidy(statistics.fmean(_numbers("mean", values)))


def _max(values: list[JsonValue], params: Params) -> JsonValue:
    return max(_numbers("max", values))


def _min(values: list[JsonValue], params: Params) -> JsonValue:
    return min(_numbers("min", values))


def _argmax(values: list[JsonValue], params: Params) -> JsonValue:
    items = _numbers("argmax", values)
    labels = _labels("argmax", params, len(items))
    return labels[max(range(len(items)), key=items.__getitem__)]


def _argmin(values: list[JsonValue], params: Params) -> JsonValue:
    items = _numbers("argmin", values)
    labels = _labels("argmin", params, len(items))
    return labels[min(range(len(items)), key=items.__getitem__)]


def kept_where(values: list[JsonValue], params: Params, op: str = "argmax_where") -> tuple[list[int], list[int | float]]:
    """For ``argmax_where`` / ``argmin_where``: the indices of the operands whose key passes the filter, and the
    operands' values (the first half of ``values``; the keys are the second)."""
    n = len(values) // 2
    if n < 2 or len(values) != 2 * n:
        raise OpError(f"{op} needs n values then their n keys (n >= 2), got {len(values)} operands")
    items, keys = _numbers(op, values[:n]), _numbers(op, values[n:])
    over, under = params.get("over"), params.get("under")
    if (over is None) == (under is None) or not _is_number(over if over is not None else under):
        raise OpError(f"{op} needs one number, params['over'] or params['under'], got {over!r}, {under!r}")
    line = float(over if over is not None else under)  # type: ignore[arg-type]
    kept = [i for i in range(n) if (keys[i] > line if over is not None else keys[i] < line)]
    if not kept:
        raise OpError(f"{op}: no operand's key is {'over' if over is not None else 'under'} {line}")
    return kept, items


def _best_where(op: str) -> OpFn:
    def best(values: list[JsonValue], params: Params) -> JsonValue:
        kept, items = kept_where(values, params, op)
        labels = _labels(op, params, len(items))
        return labels[(max if op == "argmax_where" else min)(kept, key=items.__getitem__)]

    return best


def _at_best(values: list[JsonValue], params: Params) -> JsonValue:
    """The last value, a follow-up of the winner among the others: the largest area among the countries that border
    Germany, in square miles (its conversion). ``params["by"]`` (argmax or argmin) picks the winner among the first
    values, and ``params["at"]`` must be its index, or the follow-up is not the winner's."""
    by, at = params.get("by"), params.get("at")
    if by not in ("argmax", "argmin") or isinstance(at, bool) or not isinstance(at, int):
        raise OpError(f"at_best needs params['by'] (argmax or argmin) and params['at'] (an index), got {by!r}, {at!r}")
    items = _numbers("at_best", values[:-1])
    best = (max if by == "argmax" else min)(range(len(items)), key=items.__getitem__)
    if best != at:
        raise OpError(f"at_best: the {by} is operand {best}, not operand {at} whose follow-up was given")
    return values[-1]


def _compare(values: list[JsonValue], params: Params) -> JsonValue:
    a, b = _exactly("compare", values, 2)
    labels = _labels("compare", params, 2)
    return labels[1] if b > a else labels[0]


def _sorter(op: str, descending: bool) -> OpFn:
    def sort(values: list[JsonValue], params: Params) -> JsonValue:
        items = operands(values)
        if not items:
            raise OpError(f"{op} needs at least 1 value")
        if not (all(_is_number(v) for v in items) or all(isinstance(v, str) for v in items)):
            raise OpError(f"{op} needs all numbers or all strings, got {items!r}")
        order = sorted(range(len(items)), key=items.__getitem__, reverse=descending)  # type: ignore[arg-type]
        if "labels" in params:
            labels = _labels(op, params, len(items))
            return [labels[i] for i in order]
        return [items[i] for i in order]

    return sort


def holds(value: JsonValue, target: JsonValue) -> bool:
    """Whether ``value`` is ``target`` or a list that holds it (a country's currencies hold the euro)."""
    return value == target or (isinstance(value, list) and target in value)


def _count_of(values: list[JsonValue], params: Params) -> JsonValue:
    """How many values are ``params["value"]`` or lists that hold it: the members of a set that use the euro."""
    if "value" not in params or len(values) < 2:
        raise OpError("count_of needs params['value'] and at least 2 values (one per member)")
    return sum(1 for v in values if holds(v, params["value"]))


def _count_over(values: list[JsonValue], params: Params) -> JsonValue:
    """How many values exceed ``params["over"]``: the members of a set with more than 10 million people."""
    if not _is_number(params.get("over")) or len(values) < 2:
        raise OpError("count_over needs a number params['over'] and at least 2 values (one per member)")
    line = float(params["over"])  # type: ignore[arg-type]
    return sum(1 for v in _numbers("count_over", values) if v > line)


def _set_key(value: JsonValue) -> tuple[int, object]:
    if isinstance(value, bool):
        return (0, value)
    if _is_number(value):
        return (1, value)
    if isinstance(value, str):
        return (2, value)
    raise OpError(f"set needs scalar values (strings, numbers, booleans), got {value!r}")


def _set(values: list[JsonValue], params: Params) -> JsonValue:
    flat = [item for v in values for item in (v if isinstance(v, list) else [v])]
    if not flat:
        raise OpError("set needs at least 1 value")
    distinct: dict[tuple[int, object], JsonValue] = {}
    for item in flat:
        distinct.setdefault(_set_key(item), item)
    return [distinct[k] for k in sorted(distinct)]


def _same(values: list[JsonValue], params: Params) -> JsonValue:
    """Whether every value is the same (two cities in one time zone, two countries with one currency)."""
    if len(values) < 2:
        raise OpError("same needs at least 2 values")
    return len({json.dumps(v, sort_keys=True) for v in values}) == 1


OPS: dict[str, OpFn] = {
    "identity": _identity,
    "count": _count,
    "sum": _sum,
    "difference": _difference,
    "ratio": _ratio,
    "product": _product,
    "mean": _mean,
    "max": _max,
    "min": _min,
    "argmax": _argmax,
    "argmin": _argmin,
    "argmax_where": _best_where("argmax_where"),
    "argmin_where": _best_where("argmin_where"),
    "at_best": _at_best,
    "compare": _compare,
    "sort_asc": _sorter("sort_asc", descending=False),
    "sort_desc": _sorter("sort_desc", descending=True),
    "set": _set,
    "same": _same,
    "count_of": _count_of,
    "count_over": _count_over,
}
"""Every op by name."""


# ---------------------------------------------------------------------------------------
# Applying an op


def _round(value: int | float, digits: int) -> int | float:
    if isinstance(value, int) and digits >= 0:
        return value
    with localcontext() as context:
        context.prec = 800
        rounded = Decimal(repr(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return int(rounded) if digits <= 0 else float(rounded)


def _rounded(result: JsonValue, digits: JsonValue) -> JsonValue:
    if isinstance(digits, bool) or not isinstance(digits, int):
        raise OpError(f"params['digits'] must be an integer, got {digits!r}")
    if abs(digits) > 100:
        raise OpError(f"params['digits'] must be between -100 and 100, got {digits}")
    if _is_number(result):
        return _round(result, digits)  # type: ignore[arg-type]
    if isinstance(result, list):
        return [_round(v, digits) if _is_number(v) else v for v in result]  # type: ignore[arg-type]
    return result


def apply_op(op: str, values: list[JsonValue], params: Params | None = None) -> JsonValue:
    """Recompute an answer: apply ``op`` to ``values`` (one per evidence item) under ``params``."""
    params = params or {}
    try:
        fn = OPS[op]
    except KeyError:
        raise OpError(f"unknown op {op!r}; known ops: {', '.join(OPS)}") from None
    result = fn(list(values), params)
    if "digits" in params:
        result = _rounded(result, params["digits"])
    if params.get("minute"):
        result = to_minute(result)
    return result


def to_minute(value: JsonValue) -> JsonValue:
    """An ISO date-time string rounded to the minute, half up, its offset kept (OpError for anything else)."""
    if not isinstance(value, str) or "T" not in value:
        raise OpError(f"params['minute'] needs an ISO date-time, got {value!r}")
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise OpError(f"params['minute'] needs an ISO date-time, got {value!r}") from None
    rounded = (moment + dt.timedelta(seconds=30)).replace(second=0, microsecond=0)
    return rounded.isoformat()
