"""Conversions between the Gregorian calendar and other calendar systems, Julian Day numbers,
the Maya calendar and the date of Easter, from ``convertdate``.
"""

from __future__ import annotations

import datetime as dt
import re
from types import ModuleType
from typing import Annotated, Literal

from convertdate import (
    armenian,
    bahai,
    coptic,
    french_republican,
    hebrew,
    indian_civil,
    islamic,
    julian,
    julianday,
    mayan,
    persian,
    positivist,
)
from convertdate import holidays as cd_holidays
from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.time._common import WEEKDAYS, IsoDate, Year, meta, parse_date
from dive.tools.tool import Sem, tool

__all__ = ["CALENDARS", "TOOLS"]

_META = meta("convertdate", "MIT")

CalendarName = Literal["julian", "hebrew", "islamic", "persian", "french_republican", "bahai", "indian_civil",
                       "coptic", "armenian", "positivist"]
CalendarSystem = Annotated[CalendarName, Sem("calendar_system")]

_GREGORIAN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                     "October", "November", "December")

CALENDARS: dict[str, tuple[ModuleType, tuple[str, ...], str]] = {
    # name: (module, month names by month number - 1, description)
    "julian": (julian, _GREGORIAN_MONTHS, "Julian calendar (Old Style), used by several Orthodox churches"),
    "hebrew": (hebrew, tuple(hebrew.MONTHS), "Hebrew (Jewish) calendar; month 1 is Nisan, month 7 is Tishri"),
    "islamic": (islamic, tuple(islamic.MONTHS), "tabular (arithmetic) Islamic Hijri calendar"),
    "persian": (persian, tuple(persian.MONTHS), "Persian Solar Hijri calendar (astronomical, year starts at Nowruz)"),
    "french_republican": (french_republican, tuple(french_republican.MONTHS),
                          "French Republican calendar (1792-1805); month 13 holds the complementary days"),
    "bahai": (bahai, tuple(bahai.ENGLISH_MONTHS),
              "Badi (Baha'i) calendar; month 19 is Ayyam-i-Ha (intercalary days), month 20 is 'Ala"),
    "indian_civil": (indian_civil, tuple(indian_civil.MONTHS), "Indian national (Saka) calendar"),
    "coptic": (coptic, tuple(coptic.MONTHS), "Coptic calendar; month 13 is the short month of Nasie"),
    "armenian": (armenian, tuple(armenian.MONTHS), "old Armenian calendar (365-day vague year)"),
    "positivist": (positivist, tuple(positivist.MONTHS[:13]) + ("Complementary days",),
                   "Positivist calendar of Auguste Comte (13 months of 28 days)"),
}


def _month_name(system: str, month: int) -> str:
    names = CALENDARS[system][1]
    return names[month - 1] if 1 <= month <= len(names) else str(month)


def _to_greg(system: str, year: int, month: int, day: int) -> dt.date:
    module = CALENDARS[system][0]
    bad = ToolError(f"{year}-{month}-{day} is not a valid date of the {system} calendar"
                    " (check the month number and the month's length; see calendar_year_info)")
    try:
        gy, gm, gd = module.to_gregorian(year, month, day)
        out = dt.date(int(gy), int(gm), int(gd))
    except (ValueError, IndexError, OverflowError, KeyError):
        raise bad from None
    if tuple(int(x) for x in module.from_gregorian(out.year, out.month, out.day)) != (year, month, day):
        raise bad
    return out


class CalendarDate(TypedDict):
    calendar_system: Annotated[str, Sem("calendar_system")]
    year: int
    month: int
    day: int
    month_name: str
    text: str


@tool(kind="P", examples=[{"date": "2024-03-20", "calendar_system": "persian"},
                          {"date": "1794-07-27", "calendar_system": "french_republican"}], **_META)
def gregorian_to_calendar(date: IsoDate, calendar_system: CalendarSystem) -> CalendarDate:
    """Convert a Gregorian date to another calendar system: Julian, Hebrew, tabular Islamic, Persian (Solar Hijri),
    French Republican, Baha'i, Indian national (Saka), Coptic, Armenian or Positivist.

    For the official Saudi Umm al-Qura Hijri date use gregorian_to_hijri; for Hebrew dates with holidays use
    gregorian_to_hebrew.

    Args:
        date: the Gregorian date, YYYY-MM-DD.
        calendar_system: the target calendar, e.g. "persian".
    """
    day = parse_date(date)
    module = CALENDARS[calendar_system][0]
    try:
        y, m, d = (int(x) for x in module.from_gregorian(day.year, day.month, day.day))
    except (ValueError, IndexError, OverflowError):
        raise ToolError(f"{date} cannot be expressed in the {calendar_system} calendar") from None
    name = _month_name(calendar_system, m)
    return {"calendar_system": calendar_system, "year": y, "month": m, "day": d, "month_name": name,
            "text": f"{d} {name} {y}"}


class GregorianDate(TypedDict):
    date: Annotated[str, Sem("date")]
    weekday: Annotated[str, Sem("weekday")]


@tool(kind="P", examples=[{"calendar_system": "julian", "year": 1917, "month": 10, "day": 25},
                          {"calendar_system": "hebrew", "year": 5785, "month": 7, "day": 1}], **_META)
def calendar_to_gregorian(calendar_system: CalendarSystem, year: int, month: int, day: int) -> GregorianDate:
    """Convert a date of another calendar system (Julian, Hebrew, tabular Islamic, Persian, French Republican,
    Baha'i, Indian national, Coptic, Armenian, Positivist) to the Gregorian date.

    Month numbers follow each calendar: Hebrew month 1 is Nisan and 7 is Tishri (13 is Adar II in leap years).

    Args:
        calendar_system: the source calendar, e.g. "julian".
        year: the year in that calendar, e.g. 5785 (Hebrew) or 1403 (Persian).
        month: the month number in that calendar, starting at 1.
        day: the day of the month, starting at 1.
    """
    out = _to_greg(calendar_system, year, month, day)
    return {"date": out.isoformat(), "weekday": WEEKDAYS[out.weekday()]}


class MonthInfo(TypedDict):
    month: int
    name: str
    days: Annotated[int, Sem("duration_days")]


class YearInfo(TypedDict):
    calendar_system: Annotated[str, Sem("calendar_system")]
    description: str
    year: int
    is_leap_year: bool
    days_in_year: Annotated[int, Sem("duration_days")]
    first_day: Annotated[str, Sem("date")]
    months: list[MonthInfo]


# Calendars whose months convertdate cannot measure directly: fixed month lengths, the last month takes the rest.
_FIXED_MONTHS = {"persian": (31,) * 6 + (30,) * 5, "french_republican": (30,) * 12, "positivist": (28,) * 13}
_COMMON_YEAR = {"islamic": 354, "armenian": 365}


def _first_day(system: str, year: int) -> dt.date:
    try:
        return _to_greg(system, year, 7 if system == "hebrew" else 1, 1)
    except ToolError:
        raise ToolError(f"year {year} of the {system} calendar cannot be placed between Gregorian years 1 and 9999"
                        " by convertdate; give a year such as the one gregorian_to_calendar returns") from None


@tool(kind="R", examples=[{"calendar_system": "hebrew", "year": 5784}, {"calendar_system": "persian", "year": 1403}],
      **_META)
def calendar_year_info(calendar_system: CalendarSystem, year: int) -> YearInfo:
    """Describe one year of a calendar system: whether it is a leap year, its months with their names and lengths,
    its number of days and the Gregorian date of its first day (e.g. Nowruz for the Persian calendar).

    Args:
        calendar_system: the calendar, e.g. "hebrew".
        year: the year in that calendar, e.g. 5784.
    """
    module = CALENDARS[calendar_system][0]
    first = _first_day(calendar_system, year)
    total = (_first_day(calendar_system, year + 1) - first).days
    months: list[MonthInfo] = []
    if calendar_system == "hebrew":
        leap = bool(hebrew.leap(year))
        for m in [*range(7, 14 if leap else 13), *range(1, 7)]:
            name = "Adar I" if (m == 12 and leap) else _month_name("hebrew", m)
            months.append({"month": m, "name": name, "days": int(hebrew.month_length(year, m))})
    elif calendar_system in _FIXED_MONTHS:
        lengths = _FIXED_MONTHS[calendar_system]
        leap = total == 366
        for m, days in enumerate((*lengths, total - sum(lengths)), start=1):
            months.append({"month": m, "name": _month_name(calendar_system, m), "days": days})
    else:
        leap = total > _COMMON_YEAR.get(calendar_system, 365)
        for m in range(1, len(CALENDARS[calendar_system][1]) + 1):
            days = int(module.month_length(year, m))
            months.append({"month": m, "name": _month_name(calendar_system, m), "days": days})
    return {"calendar_system": calendar_system, "description": CALENDARS[calendar_system][2], "year": year,
            "is_leap_year": leap, "days_in_year": total, "first_day": first.isoformat(), "months": months}


class JulianDay(TypedDict):
    date: Annotated[str, Sem("date")]
    julian_day: Annotated[float, Sem("julian_day")]
    julian_day_number: Annotated[int, Sem("julian_day")]
    modified_julian_day: Annotated[float, Sem("julian_day")]


@tool(kind="P", examples=[{"date": "2000-01-01"}], **_META)
def date_to_julian_day(date: IsoDate) -> JulianDay:
    """Convert a Gregorian date to its Julian Day (JD at 00:00 UTC), Julian Day Number (the integer day that begins
    at noon) and Modified Julian Day, as used in astronomy.

    Args:
        date: the Gregorian date, YYYY-MM-DD.
    """
    day = parse_date(date)
    jd = float(julianday.from_gregorian(day.year, day.month, day.day))
    return {"date": day.isoformat(), "julian_day": jd, "julian_day_number": int(jd + 0.5),
            "modified_julian_day": jd - 2400000.5}


class JulianDayDate(TypedDict):
    julian_day: Annotated[float, Sem("julian_day")]
    date: Annotated[str, Sem("date")]
    datetime_utc: Annotated[str, Sem("datetime")]
    weekday: Annotated[str, Sem("weekday")]


@tool(kind="P", examples=[{"julian_day": 2451545.0}], **_META)
def julian_day_to_date(julian_day: Annotated[float, Sem("julian_day")]) -> JulianDayDate:
    """Convert a Julian Day (e.g. 2451545.0, which is 2000-01-01 12:00 UTC) to a Gregorian date and UTC time.

    Args:
        julian_day: the Julian Day; the fraction is the time of day counted from noon UTC.
    """
    if not 1721425.5 <= julian_day <= 5373484.5:
        raise ToolError("julian_day must fall between years 1 and 9999 (1721425.5 to 5373484.5)")
    moment = julianday.to_datetime(julian_day).replace(tzinfo=None, microsecond=0)
    return {"julian_day": julian_day, "date": moment.date().isoformat(), "datetime_utc": moment.isoformat(),
            "weekday": WEEKDAYS[moment.weekday()]}


class MayaDate(TypedDict):
    date: Annotated[str, Sem("date")]
    long_count: Annotated[str, Sem("maya_long_count")]
    tzolkin: str
    haab: str


_LONG_COUNT = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{1,2})\.(\d{1,2})\.(\d{1,2})\s*$")


@tool(kind="P", examples=[{"date": "2012-12-21"}], **_META)
def mayan_calendar(date: IsoDate) -> MayaDate:
    """Convert a Gregorian date to the Maya calendar: Long Count (baktun.katun.tun.uinal.kin), Tzolk'in and Haab'
    dates (GMT correlation 584283).

    Args:
        date: the Gregorian date, YYYY-MM-DD (year 1 or later).
    """
    day = parse_date(date)
    count = tuple(int(x) for x in mayan.from_gregorian(day.year, day.month, day.day))
    jd = mayan.to_jd(*count)
    tz_num, tz_name = mayan.to_tzolkin(jd)
    haab_day, haab_month = mayan.to_haab(jd)
    return {"date": day.isoformat(), "long_count": ".".join(str(x) for x in count),
            "tzolkin": f"{tz_num} {tz_name}", "haab": f"{haab_day} {haab_month}"}


@tool(kind="P", examples=[{"long_count": "13.0.0.0.0"}], **_META)
def maya_long_count_to_date(long_count: Annotated[str, Sem("maya_long_count")]) -> GregorianDate:
    """Convert a Maya Long Count such as "9.12.11.5.18" to the Gregorian date (GMT correlation 584283).

    Args:
        long_count: five dot-separated numbers baktun.katun.tun.uinal.kin; katun 0-19, tun 0-19, uinal 0-17, kin 0-19.
    """
    m = _LONG_COUNT.match(long_count)
    if not m:
        raise ToolError(f"long_count must be five dot-separated numbers like 13.0.0.0.0, got {long_count!r}")
    parts = tuple(int(x) for x in m.groups())
    limits = (20, 20, 20, 18, 20)
    if any(p >= lim for p, lim in zip(parts, limits, strict=True)):
        raise ToolError("long_count places must be below 20.20.20.18.20 (uinal counts 0-17)")
    try:
        y, mo, d = (int(x) for x in mayan.to_gregorian(*parts))
        out = dt.date(y, mo, d)
    except (ValueError, OverflowError):
        raise ToolError(f"{long_count} falls outside Gregorian years 1-9999") from None
    return {"date": out.isoformat(), "weekday": WEEKDAYS[out.weekday()]}


class EasterDates(TypedDict):
    year: Annotated[int, Sem("year")]
    church: str
    easter_sunday: Annotated[str, Sem("date")]
    ash_wednesday: Annotated[str, Sem("date")]
    palm_sunday: Annotated[str, Sem("date")]
    good_friday: Annotated[str, Sem("date")]
    ascension_day: Annotated[str, Sem("date")]
    pentecost: Annotated[str, Sem("date")]


@tool(kind="P", examples=[{"year": 2025}, {"year": 2024, "church": "orthodox"}], **_META)
def easter_date(year: Year, church: Literal["western", "orthodox"] = "western") -> EasterDates:
    """Compute the date of Easter Sunday in a year (Gregorian computus for Western churches, Julian computus for
    Orthodox churches, both given as Gregorian dates) and the movable feasts that depend on it.

    Args:
        year: the Gregorian year (1583-9999 for Western Easter).
        church: "western" (Catholic and Protestant) or "orthodox".
    """
    if not 1583 <= year <= 9999:
        raise ToolError(f"year must be between 1583 and 9999 (the Gregorian era), got {year}")
    y, m, d = cd_holidays.easter(year, church)
    easter = dt.date(int(y), int(m), int(d))

    def shift(days: int) -> str:
        return (easter + dt.timedelta(days)).isoformat()

    return {"year": year, "church": church, "easter_sunday": easter.isoformat(), "ash_wednesday": shift(-46),
            "palm_sunday": shift(-7), "good_friday": shift(-2), "ascension_day": shift(39), "pentecost": shift(49)}


TOOLS = [
    gregorian_to_calendar, calendar_to_gregorian, calendar_year_info, date_to_julian_day, julian_day_to_date,
    mayan_calendar, maya_long_count_to_date, easter_date,
]
