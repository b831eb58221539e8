"""Display names for the core pack's lexicon (see core_lexicon.yaml): pure, offline, never raising."""

from __future__ import annotations

from typing import Any

__all__ = ["unit_label"]

# The unit codes convert_units accepts (lower-cased), as a person says them after a number.
_UNIT_NAMES = {
    "m": "meters", "km": "kilometers", "cm": "centimeters", "mm": "millimeters", "mi": "miles",
    "yd": "yards", "ft": "feet", "in": "inches", "nmi": "nautical miles",
    "kg": "kilograms", "g": "grams", "mg": "milligrams", "t": "metric tons", "lb": "pounds", "oz": "ounces",
    "s": "seconds", "min": "minutes", "h": "hours", "day": "days", "week": "weeks", "yr": "years",
    "l": "liters", "ml": "milliliters", "m3": "cubic meters", "gal": "US gallons",
    "m2": "square meters", "km2": "square kilometers", "ha": "hectares", "acre": "acres",
    "mi2": "square miles",
    "m/s": "meters per second", "km/h": "kilometers per hour", "mph": "miles per hour", "kn": "knots",
    "pa": "pascals", "kpa": "kilopascals", "bar": "bar", "atm": "atmospheres", "psi": "psi", "mmhg": "millimeters of mercury",
    "j": "joules", "kj": "kilojoules", "cal": "calories", "kcal": "kilocalories", "kwh": "kilowatt-hours",
    "c": "degrees Celsius", "f": "degrees Fahrenheit", "k": "kelvins",
}


def unit_label(value: Any) -> str | None:
    """``"km"`` -> ``"kilometers"``, ``"C"`` -> ``"degrees Celsius"``; None for a unit it does not know."""
    if not isinstance(value, str):
        return None
    return _UNIT_NAMES.get(value.strip().lower())
