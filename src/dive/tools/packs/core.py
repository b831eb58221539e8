"""The core pack: standard-library tools for arithmetic, statistics, units, dates, time zones,
Unicode and sandboxed Python. It needs no extra, so every install has a working pool.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
import unicodedata
import zoneinfo
from typing import Annotated, Literal

from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.records import Seed
from dive.tools.isodates import parse_date, parse_datetime
from dive.tools.tool import Sem, tool

__all__ = ["TOOLS", "seeds"]

_META = {"domain": "general", "pack": "core", "source": "python-stdlib", "license": "PSF-2.0"}

Num = Annotated[float, Sem("number")]


def _tidy(x: float) -> float:
    """Round away binary noise (0.1 + 0.2 -> 0.3) while keeping 12 significant digits."""
    if x == 0 or not math.isfinite(x):
        return x
    return float(f"{x:.12g}")


class Result(TypedDict):
    result: Annotated[float, Sem("number")]


@tool(kind="P", examples=[{"a": 2.5, "b": 4}], **_META)
def add_numbers(a: Num, b: Num) -> Result:
    """Add two numbers, e.g. to total two values found with other tools.

    Args:
        a: first addend.
        b: second addend.
    """
    return {"result": _tidy(a + b)}


@tool(kind="P", examples=[{"a": 10, "b": 4.5}], **_META)
def subtract_numbers(a: Num, b: Num) -> Result:
    """Subtract b from a (a - b), e.g. to find how much larger one value is than another.

    Args:
        a: the number to subtract from.
        b: the number to subtract.
    """
    return {"result": _tidy(a - b)}


@tool(kind="P", examples=[{"a": 3, "b": 7}], **_META)
def multiply_numbers(a: Num, b: Num) -> Result:
    """Multiply two numbers, e.g. a quantity by a rate or a price.

    Args:
        a: first factor.
        b: second factor.
    """
    return {"result": _tidy(a * b)}


@tool(kind="P", examples=[{"a": 22, "b": 7}], **_META)
def divide_numbers(a: Num, b: Num) -> Result:
    """Divide a by b (a / b), e.g. to get a ratio or a per-unit value.

    Args:
        a: the dividend.
        b: the divisor (must not be zero).
    """
    if b == 0:
        raise ToolError("division by zero: b must not be 0")
    return {"result": _tidy(a / b)}


@tool(kind="P", examples=[{"value": 3.14159, "digits": 2}], **_META)
def round_number(value: Num, digits: int = 0) -> Result:
    """Round a number to a given number of decimal places (half away from zero).

    Args:
        value: the number to round.
        digits: decimal places to keep (negative rounds to tens, hundreds...).
    """
    scale = 10.0**digits
    rounded = math.floor(abs(value) * scale + 0.5) / scale
    return {"result": _tidy(math.copysign(rounded, value))}


class PercentChange(TypedDict):
    percent_change: Annotated[float, Sem("percent")]
    absolute_change: Annotated[float, Sem("number")]


@tool(kind="P", examples=[{"old": 80, "new": 100}], **_META)
def percent_change(old: Num, new: Num) -> PercentChange:
    """Compute the percentage change from an old value to a new value.

    Args:
        old: the starting value (must not be zero).
        new: the ending value.
    """
    if old == 0:
        raise ToolError("percent change from 0 is undefined: old must not be 0")
    return {"percent_change": _tidy((new - old) / abs(old) * 100), "absolute_change": _tidy(new - old)}


class Comparison(TypedDict):
    larger: Literal["a", "b", "equal"]
    difference: Annotated[float, Sem("number")]
    ratio: Annotated[float | None, Sem("number")]


@tool(kind="P", examples=[{"a": 5, "b": 3}], **_META)
def compare_numbers(a: Num, b: Num) -> Comparison:
    """Compare two numbers: which is larger, their difference (a - b) and ratio (a / b).

    Args:
        a: first number.
        b: second number.
    """
    larger: Literal["a", "b", "equal"] = "a" if a > b else "b" if b > a else "equal"
    return {"larger": larger, "difference": _tidy(a - b), "ratio": _tidy(a / b) if b else None}


class Sorted(TypedDict):
    values: Annotated[list[float], Sem("number_list")]


@tool(kind="P", examples=[{"values": [3, 1, 2], "descending": True}], **_META)
def sort_numbers(values: Annotated[list[float], Sem("number_list")], descending: bool = False) -> Sorted:
    """Sort a list of numbers in ascending (or descending) order.

    Args:
        values: the numbers to sort.
        descending: sort from largest to smallest when true.
    """
    return {"values": sorted(values, reverse=descending)}


class Summary(TypedDict):
    count: int
    sum: Annotated[float, Sem("number")]
    mean: Annotated[float, Sem("number")]
    median: Annotated[float, Sem("number")]
    stdev: Annotated[float | None, Sem("number")]
    min: Annotated[float, Sem("number")]
    max: Annotated[float, Sem("number")]


@tool(kind="P", examples=[{"values": [2, 4, 4, 4, 5, 5, 7, 9]}], **_META)
def statistics_summary(values: Annotated[list[float], Sem("number_list")]) -> Summary:
    """Summarize a list of numbers: count, sum, mean, median, sample standard deviation, min, max.

    Args:
        values: one or more numbers.
    """
    if not values:
        raise ToolError("values must contain at least one number")
    return {
        "count": len(values),
        "sum": _tidy(math.fsum(values)),
        "mean": _tidy(statistics.fmean(values)),
        "median": _tidy(statistics.median(values)),
        "stdev": _tidy(statistics.stdev(values)) if len(values) > 1 else None,
        "min": min(values),
        "max": max(values),
    }


# Exact conversion factors to the SI base unit of each dimension (NIST SP 811).
_UNITS: dict[str, tuple[str, float]] = {
    "m": ("length", 1.0), "km": ("length", 1000.0), "cm": ("length", 0.01), "mm": ("length", 0.001),
    "mi": ("length", 1609.344), "yd": ("length", 0.9144), "ft": ("length", 0.3048), "in": ("length", 0.0254),
    "nmi": ("length", 1852.0),
    "kg": ("mass", 1.0), "g": ("mass", 0.001), "mg": ("mass", 1e-6), "t": ("mass", 1000.0),
    "lb": ("mass", 0.45359237), "oz": ("mass", 0.028349523125),
    "s": ("time", 1.0), "min": ("time", 60.0), "h": ("time", 3600.0), "day": ("time", 86400.0),
    "week": ("time", 604800.0), "yr": ("time", 31557600.0),  # the Julian year of nuclear data (365.25 days)
    "l": ("volume", 0.001), "ml": ("volume", 1e-6), "m3": ("volume", 1.0), "gal": ("volume", 0.003785411784),
    "m2": ("area", 1.0), "km2": ("area", 1e6), "ha": ("area", 1e4), "acre": ("area", 4046.8564224),
    "mi2": ("area", 2589988.110336),
    "m/s": ("speed", 1.0), "km/h": ("speed", 1000 / 3600), "mph": ("speed", 0.44704), "kn": ("speed", 1852 / 3600),
    "pa": ("pressure", 1.0), "kpa": ("pressure", 1000.0), "bar": ("pressure", 1e5), "atm": ("pressure", 101325.0),
    "psi": ("pressure", 6894.757293168361), "mmhg": ("pressure", 133.322387415),
    "j": ("energy", 1.0), "kj": ("energy", 1000.0), "cal": ("energy", 4.184), "kcal": ("energy", 4184.0),
    "kwh": ("energy", 3.6e6),
    "ev": ("molar energy", 96485.33212),  # an electronvolt per particle is 96.485 kJ per mole of them (e N_A, CODATA)
    "j/mol": ("molar energy", 1.0), "kj/mol": ("molar energy", 1000.0), "kcal/mol": ("molar energy", 4184.0),
}
_TEMPS = {"c", "f", "k"}


def _to_kelvin(value: float, unit: str) -> float:
    return {"k": value, "c": value + 273.15, "f": (value - 32) * 5 / 9 + 273.15}[unit]


def _from_kelvin(value: float, unit: str) -> float:
    return {"k": value, "c": value - 273.15, "f": (value - 273.15) * 9 / 5 + 32}[unit]


class Converted(TypedDict):
    value: Annotated[float, Sem("number")]
    unit: Annotated[str, Sem("unit")]
    quantity: Annotated[str, Sem("quantity_kind")]


@tool(kind="P", examples=[{"value": 10, "from_unit": "km", "to_unit": "mi"}, {"value": 100, "from_unit": "C", "to_unit": "F"}], **_META)
def convert_units(value: Num, from_unit: Annotated[str, Sem("unit")], to_unit: Annotated[str, Sem("unit")]) -> Converted:
    """Convert a value between units of length, mass, time, volume, area, speed, pressure, energy, molar energy or
    temperature.

    Units: m km cm mm mi yd ft in nmi | kg g mg t lb oz | s min h day week yr (365.25 days) | l ml m3 gal |
    m2 km2 ha acre mi2 | m/s km/h mph kn | Pa kPa bar atm psi mmHg | J kJ cal kcal kWh | C F K |
    eV (per particle) J/mol kJ/mol kcal/mol.

    Args:
        value: the amount to convert.
        from_unit: the unit of ``value``.
        to_unit: the unit to convert to (same quantity).
    """
    src, dst = from_unit.strip().lower(), to_unit.strip().lower()
    if src in _TEMPS or dst in _TEMPS:
        if not (src in _TEMPS and dst in _TEMPS):
            raise ToolError(f"cannot convert between {from_unit!r} and {to_unit!r}: only C, F and K are temperatures")
        return {"value": _tidy(_from_kelvin(_to_kelvin(value, src), dst)), "unit": to_unit, "quantity": "temperature"}
    for unit in (src, dst):
        if unit not in _UNITS:
            raise ToolError(f"unknown unit {unit!r}; known units: {', '.join(sorted(_UNITS))}, C, F, K")
    (q1, f1), (q2, f2) = _UNITS[src], _UNITS[dst]
    if q1 != q2:
        raise ToolError(f"cannot convert {q1} ({from_unit}) to {q2} ({to_unit})")
    return {"value": _tidy(value * f1 / f2), "unit": to_unit, "quantity": q1}


IsoDate = Annotated[str, Sem("date")]


class DateDiff(TypedDict):
    days: Annotated[int, Sem("duration_days")]
    weeks: Annotated[float, Sem("number")]


@tool(kind="P", examples=[{"start": "2024-01-01", "end": "2024-03-01"}], **_META)
def date_difference(start: IsoDate, end: IsoDate) -> DateDiff:
    """Count the days from a start date to an end date (negative if end is earlier).

    Args:
        start: the first date, YYYY-MM-DD.
        end: the second date, YYYY-MM-DD.
    """
    days = (parse_date(end, "end") - parse_date(start, "start")).days
    return {"days": days, "weeks": _tidy(days / 7)}


class DateOut(TypedDict):
    date: Annotated[str, Sem("date")]
    weekday: Annotated[str, Sem("weekday")]


@tool(kind="P", examples=[{"date": "2024-02-20", "days": 100}], **_META)  # 10 days after 3 May: no tool needed
def add_days(date: IsoDate, days: Annotated[int, Sem("duration_days")]) -> DateOut:
    """Add (or, with a negative number, subtract) days to a date.

    Args:
        date: the starting date, YYYY-MM-DD.
        days: number of days to add.
    """
    out = parse_date(date) + dt.timedelta(days=days)
    return {"date": out.isoformat(), "weekday": out.strftime("%A")}


class DayInfo(TypedDict):
    weekday: Annotated[str, Sem("weekday")]
    iso_week: int
    day_of_year: int
    is_leap_year: bool


@tool(kind="P", examples=[{"date": "2024-07-14"}], **_META)
def date_info(date: IsoDate) -> DayInfo:
    """Give the weekday, ISO week number, day of the year and leap-year flag of a date.

    Args:
        date: the date, YYYY-MM-DD.
    """
    d = parse_date(date)
    return {
        "weekday": d.strftime("%A"),
        "iso_week": d.isocalendar().week,
        "day_of_year": d.timetuple().tm_yday,
        "is_leap_year": (d.year % 4 == 0 and d.year % 100 != 0) or d.year % 400 == 0,
    }


def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name.strip())
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ToolError(f"unknown IANA time zone {name!r} (e.g. Europe/Paris, America/New_York)") from None


class ZoneOffset(TypedDict):
    timezone: Annotated[str, Sem("timezone")]
    utc_offset_hours: Annotated[float, Sem("utc_offset")]
    abbreviation: str
    is_dst: bool


@tool(kind="R", examples=[{"timezone": "America/New_York", "datetime": "2024-07-01T12:00:00"}], **_META)
def timezone_offset(timezone: Annotated[str, Sem("timezone")], datetime: Annotated[str, Sem("datetime")]) -> ZoneOffset:
    """Look up a time zone's UTC offset, abbreviation and daylight-saving status at a local date and time (IANA tz database).

    Args:
        timezone: IANA time zone name, e.g. "Asia/Kolkata".
        datetime: local date and time, ISO 8601 (YYYY-MM-DDTHH:MM[:SS]); a bare date means midnight.
    """
    zone = _zone(timezone)
    moment = parse_datetime(datetime).replace(tzinfo=zone)
    offset = moment.utcoffset() or dt.timedelta(0)
    return {
        "timezone": timezone,
        "utc_offset_hours": offset.total_seconds() / 3600,
        "abbreviation": moment.tzname() or "",
        "is_dst": bool(moment.dst()),
    }


class ZoneTime(TypedDict):
    datetime: Annotated[str, Sem("datetime")]
    date: Annotated[str, Sem("date")]
    timezone: Annotated[str, Sem("timezone")]


@tool(kind="R", examples=[{"datetime": "2024-03-10T09:00:00", "from_timezone": "Europe/London", "to_timezone": "Asia/Tokyo"}], **_META)
def convert_timezone(
    datetime: Annotated[str, Sem("datetime")],
    from_timezone: Annotated[str, Sem("timezone")],
    to_timezone: Annotated[str, Sem("timezone")],
) -> ZoneTime:
    """Convert a local date and time from one IANA time zone to another, using the tz database's DST rules.

    Args:
        datetime: local date and time in the source zone, ISO 8601.
        from_timezone: IANA name of the source zone.
        to_timezone: IANA name of the target zone.
    """
    src, dst = _zone(from_timezone), _zone(to_timezone)
    moment = parse_datetime(datetime).replace(tzinfo=src)
    out = moment.astimezone(dst).replace(tzinfo=None)
    return {"datetime": out.isoformat(), "date": out.date().isoformat(), "timezone": to_timezone}


class CharInfo(TypedDict):
    character: Annotated[str, Sem("unicode_char")]
    name: str
    codepoint: str
    category: str
    decimal_value: int | None


@tool(kind="R", examples=[{"character": "é"}], **_META)
def unicode_character_info(character: Annotated[str, Sem("unicode_char")]) -> CharInfo:
    """Look up a character in the Unicode database: official name, code point (U+XXXX), general category, digit value.

    Args:
        character: exactly one character.
    """
    if len(character) != 1:
        raise ToolError(f"give exactly one character, got {len(character)}")
    return {
        "character": character,
        "name": unicodedata.name(character, ""),
        "codepoint": f"U+{ord(character):04X}",
        "category": unicodedata.category(character),
        "decimal_value": unicodedata.decimal(character, None),
    }


class CharByName(TypedDict):
    character: Annotated[str, Sem("unicode_char")]
    codepoint: str


@tool(kind="R", examples=[{"name": "GREEK SMALL LETTER ALPHA"}], **_META)
def unicode_lookup(name: str) -> CharByName:
    """Find the character with a given official Unicode name, e.g. "SNOWMAN".

    Args:
        name: the Unicode character name (case-insensitive).
    """
    try:
        char = unicodedata.lookup(name.strip())
    except KeyError:
        raise ToolError(f"no Unicode character is named {name!r}") from None
    return {"character": char, "codepoint": f"U+{ord(char):04X}"}


class CodeOutput(TypedDict):
    stdout: Annotated[str, Sem("text")]


@tool(kind="P", deterministic=False, timeout_s=30, examples=[{"code": "print(sum(i * i for i in range(10)))"}], **_META)
def run_python(code: Annotated[str, Sem("python_code")]) -> CodeOutput:
    """Run a short Python 3 program (standard library only) in a sandbox and return what it prints.

    Use it for calculations no other tool covers. The sandbox has no network and no files
    outside a private /tmp, and limits CPU time (5 s), memory (512 MB) and processes.

    Args:
        code: the program; print() the values you need.
    """
    from dive.tools.sandbox import run_python as sandboxed

    result = sandboxed(code)
    if not result.ok:
        frames = [line for line in result.stderr.splitlines() if line.startswith('  File "<sandbox>"')]
        where = f" (at {frames[-1].strip()[6:]})" if frames else ""
        raise ToolError(f"{result.error}{where}")
    return {"stdout": result.stdout}


TOOLS = [
    add_numbers, subtract_numbers, multiply_numbers, divide_numbers, round_number, percent_change,
    compare_numbers, sort_numbers, statistics_summary, convert_units, date_difference, add_days, date_info,
    timezone_offset, convert_timezone, unicode_character_info, unicode_lookup, run_python,
]


_BIG_ZONES = frozenset({
    "America/Los_Angeles", "America/Mexico_City", "America/Sao_Paulo", "America/Argentina/Buenos_Aires",
    "America/Edmonton", "America/Winnipeg", "America/St_Johns", "America/Guayaquil", "America/Manaus",
    "Asia/Shanghai", "Asia/Jakarta", "Asia/Ho_Chi_Minh", "Asia/Tashkent", "Asia/Yekaterinburg", "Asia/Novosibirsk",
    "Asia/Vladivostok", "Europe/Moscow", "Europe/Madrid", "Europe/Lisbon", "Atlantic/Canary", "Pacific/Honolulu",
    "Pacific/Tahiti", "Australia/Melbourne", "Australia/Adelaide", "Australia/Darwin", "Australia/Hobart",
})
"""Zones of a region of a country that people know by their city (Los Angeles time, São Paulo time)."""


def _canonical_zones() -> list[str]:
    """The zones of the tz database's zone1970.tab (from the tzdata package) that people name: a country's only
    zone, its main one ("most areas"), one shared by several countries, or one of a well-known city
    (``_BIG_ZONES``); never an alias (BajaSur, Thimbu, ComodRivadavia read as riddles), nor a county's or an
    island's own zone (two reviewers found "New Salem time", "Broken Hill time" and "Efate time" jargon)."""
    from importlib.resources import files  # noqa: PLC0415

    text = files("tzdata").joinpath("zoneinfo", "zone1970.tab").read_text(encoding="utf-8")
    zones = set()
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        codes, _, zone, *comment = line.split("\t")
        note = comment[0].strip() if comment else ""
        if not note or "most" in note.lower() or "," in codes or zone in _BIG_ZONES:
            zones.add(zone)
    known = zoneinfo.available_timezones()  # a scan of the tz database: once, not per zone
    return sorted(z for z in zones if z in known and not z.startswith("Antarctica/"))


def seeds() -> list[Seed]:
    """Time zones from the IANA database (its canonical zones, grouped by region) and characters from Unicode
    blocks."""
    out = [Seed(value=z, sem="timezone", domain="general", group=z.split("/")[0]) for z in _canonical_zones()]
    for start, end in ((0x00C0, 0x0100), (0x0391, 0x03CA), (0x2600, 0x2640)):
        for cp in range(start, end):
            ch = chr(cp)
            if unicodedata.name(ch, ""):
                out.append(Seed(value=ch, sem="unicode_char", domain="general", label=unicodedata.name(ch)))
    return out
