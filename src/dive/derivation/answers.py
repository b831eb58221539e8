"""Typed answer specs for derived tasks, with the format instructions a solver needs."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from pydantic import JsonValue

from dive.ops import apply_op
from dive.records import AnswerSpec

__all__ = ["decimal_places", "digits_for", "significant", "spec_for"]

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def digits_for(value: float) -> int:
    """Decimal places that keep about four significant digits (0 to 10)."""
    if value == 0 or not math.isfinite(value):
        return 2
    magnitude = math.floor(math.log10(abs(value)))
    return max(0, min(10, 3 - magnitude))


def decimal_places(value: float) -> int:
    """Decimal places the value is given to (2.56 -> 2): a tool that rounds to 2 places cannot answer to 3."""
    text = repr(value)
    if "e" in text or "E" in text:
        return 10
    return len(text.split(".")[1].rstrip("0")) if "." in text else 0


def _at_half(value: float, digits: int, within: float = 0.05) -> bool:
    """Whether ``value`` lies within ``within`` of a step (5%) of a rounding boundary at ``digits`` places."""
    scaled = abs(value) * 10.0 ** digits
    return abs(scaled - math.floor(scaled) - 0.5) < within


def _tolerance(digits: int) -> float:
    """One unit in the last stated decimal (a solver may round the other way), but half a unit for a whole
    number: a score difference of 1 must not accept 0 or 2."""
    return 0.5 if digits == 0 else 10.0 ** -digits


_DISTANCES = frozenset({"km", "mi", "nmi"})
"""Units of distances between places: they follow the places' coordinates, which gazetteers give a few km apart
(two reviewers got Sarajevo-Amsterdam 1.5 mi shorter from the capitals' coordinates of another source), so they
are matched within 1%."""
_UNSAID_UNITS = frozenset({"index", "ratio", "score", "dimensionless", "1", ""})
"""Units a question never says ("Give the number in index")."""


_MONEY = frozenset({"dollars", "USD", "$", "EUR", "euros"})

_SAID = {"s": "seconds", "ms": "milliseconds", "min": "minutes", "h": "hours", "d": "days", "y": "years",
         "yr": "years"}
"""Units of time the instructions spell out: "Answer with a whole number in seconds", never "... in s" (a Unix
timestamp's, a reviewer). The spec keeps the symbol."""


def _significant_digits(tolerance: float) -> str:
    """How many significant digits a value is asked to, given the relative error its sources differ by."""
    return ", to 3 significant digits." if tolerance >= 0.005 else ", to at least 4 significant digits."


def spec_for(value: Any, *, sem: str | None = None, unit: str | None = None,
             digits: int | None = None, tolerance: float = 0.0) -> tuple[AnswerSpec, dict[str, JsonValue]]:
    """The answer spec of one scalar value, and the op params (rounding) that produce it. ``tolerance``: the relative
    error sources differ by (a lexicon's ``tolerance``); at 0.5% or more a value asked to significant digits is asked
    to 3, not "at least 4" (China's area in square miles, 9,640,011 km² here and 9,596,961 in the CIA World Factbook:
    both readers, round CC)."""
    if unit in _UNSAID_UNITS:  # "Give the number in index": a reviewer found it garbled; a ratio has no unit
        unit = None
    if isinstance(value, bool):  # stored as the word a solver writes (the checker reads yes/no/true/false)
        return AnswerSpec(type="boolean", value="yes" if value else "no", instructions="Answer yes or no."), {}
    if isinstance(value, int):
        unit_text = f" in {_SAID.get(unit, unit)}" if unit else ""
        return AnswerSpec(type="integer", value=value, unit=unit,
                          instructions=f"Answer with a whole number{unit_text}."), {}
    if isinstance(value, float):
        d = min(digits_for(value), decimal_places(value)) if digits is None else digits  # never finer than the value
        if d < decimal_places(value) and _at_half(value, d):
            # 164.0491 g/mol is not asked to one place: 164.0 from one table is 164.1 from another (164.056), and a
            # reader takes the reference for wrong (two reviewers, round S); nor to two, which the tables do not
            # agree on either: 36.03 g of ozone is 0.75065 mol or 0.75067 by the oxygen taken (two readers, round AG).
            # Places a lexicon sets are only made coarser: samarium-153's 46.5 h is 1.9375 days, asked to 3 places
            # (two readers, round AM: 46.28 h by newer data)
            if digits is None:
                d = d - 1 if d > 0 and not _at_half(value, d - 1) else d + 1
            elif d > 0 and not _at_half(value, d - 1):
                d -= 1
            elif _at_half(value, d, 1e-6):  # exactly between two answers at the places the lexicon allows: no question
                raise ValueError(f"{value!r} lies on a rounding boundary at {d} decimal places")  # (tryptophan's
                # 282.5 °C "rounded to a whole number": two readers, round AQ)
        rounded = apply_op("identity", [value], {"digits": d})  # half away from zero, as the op rounds
        shown = int(rounded) if d == 0 else rounded  # type: ignore[arg-type]
        unit_text = f" in {_SAID.get(unit, unit)}" if unit else ""
        if (digits is None or abs(value) < 1e-3) and abs(value) > 0 and (abs(value) < 1e-2 or abs(value) * 10.0 ** d < 10):
            # a small quantity, or a tiny one converted (methyl linoleate's vapour pressure in atmospheres "rounded to
            # 10 decimal places": two readers, round BI)
            # significant digits, not "rounded to 10 decimal places" with a tolerance as large as the value
            # (polonium's crustal abundance, 2e-10 mg/kg; ruthenium's 0.001 mg/kg "rounded to 3 decimal places"
            # within 0.001, and n-dodecane's vapour pressure "in atmospheres to 7 decimal places": two readers, BC)
            sig = "." if significant(value) < 4 else _significant_digits(tolerance)  # radon in sea water is
            # 6e-16 mg/L: known to one digit, never asked to four (two reviewers)
            return (AnswerSpec(type="number", value=value, rel_tol=max(1e-3, tolerance), unit=unit,
                               instructions=f"Give the number{unit_text}{sig}"), {})
        if digits == 0 and float(value).is_integer() and abs(value) >= 1e4:  # a day number the lexicon asks whole:
            # exact, never to significant digits (the Modified Julian Date 54724 "to at least 4 significant digits"
            # accepted days 55 apart: two readers, round BL)
            return (AnswerSpec(type="integer", value=int(value), unit=unit,
                               instructions=f"Answer with a whole number{unit_text}."), {"digits": 0})
        if d == 0 and abs(value) >= 1e4 and unit not in _MONEY:  # a large quantity: ask for significant digits, not
            # units (plutonium-239's half-life is 24,110 years to the precision it is known, not 24109; glycine's heat
            # of fusion in J/mol: two readers, round BH); money is asked to the dollar. The reference is given to the
            # digits asked (Portugal's 35,556 square miles "to 3 significant digits" is 35,600: readers of rounds CF
            # and CI took the unrounded reference for one that ignores its own instruction)
            kept = (3 if tolerance >= 0.005 else 4) - (math.floor(math.log10(abs(value))) + 1)  # places: negative
            return (AnswerSpec(type="number", value=apply_op("identity", [value], {"digits": kept}),
                               rel_tol=max(1e-3, tolerance), unit=unit,
                               instructions=f"Give the number{unit_text}{_significant_digits(tolerance)}"),
                    {"digits": kept})
        places = "to a whole number" if d == 0 else f"to {d} decimal place{'s' if d != 1 else ''}"
        rel = 0.01 if unit in _DISTANCES else None
        if digits is None and float(value).is_integer():  # exactly whole: no rounding rule to state, and the
            # tolerance of the places it would be asked to: a volume fraction of 1.0 (acetylene's upper flammability
            # limit) within 0.5 accepts almost any answer (two readers, round AM)
            return (AnswerSpec(type="number", value=shown, abs_tol=_tolerance(digits_for(value)), rel_tol=rel,
                               unit=unit, instructions=f"Give the number{unit_text}."), {"digits": d})
        return (AnswerSpec(type="number", value=shown, abs_tol=_tolerance(d), rel_tol=rel, unit=unit,
                           instructions=f"Give the number{unit_text}, rounded {places}."),
                {"digits": d})
    if isinstance(value, str) and _ISO_DATE.match(value) and _valid_date(value):
        return AnswerSpec(type="date", value=value, instructions="Answer with the date as YYYY-MM-DD."), {}
    if isinstance(value, str):
        return AnswerSpec(type="string", value=value, instructions="Answer with the value exactly as the tool gives it."), {}
    raise ValueError(f"cannot make an answer spec for {value!r}")


def significant(value: float) -> int:
    """The significant digits a float is given to (6e-16 -> 1, 1.25e-05 -> 3)."""
    mantissa = f"{value:.15g}".lower().split("e")[0].lstrip("-").replace(".", "").strip("0")
    return max(1, len(mantissa))


def _valid_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True
