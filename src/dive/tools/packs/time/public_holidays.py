"""Public holidays of countries and their subdivisions, from the ``holidays`` package."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cache
from typing import Annotated, Any

import holidays
from holidays.utils import list_long_breaks
from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.time._common import (
    WEEKDAYS,
    CountryCode,
    IsoDate,
    Year,
    camel_words,
    meta,
    parse_date,
)
from dive.tools.tool import Sem, tool

__all__ = ["TOOLS", "YEAR_LIMITS", "country_calendar", "country_code_of", "country_names", "subdivision_of"]

_META = meta("holidays", "MIT")

Subdivision = Annotated[str | None, Sem("subdivision_code")]
HolidayName = Annotated[str, Sem("holiday_name")]


@cache
def country_names() -> dict[str, tuple[str, str]]:
    """ISO alpha-2 code -> (English name, alpha-3 code) for every country in the holidays registry."""
    out: dict[str, tuple[str, str]] = {}
    for entry in holidays.registry.COUNTRIES.values():
        class_name, alpha2, alpha3 = entry[0], entry[1], entry[2]
        out[alpha2] = (camel_words(class_name), alpha3)
    return out


def country_code_of(code: str) -> str:
    """Normalize an alpha-2 (or alpha-3) code to the alpha-2 code the holidays package knows."""
    text = str(code).strip().upper()
    names = country_names()
    if text in names:
        return text
    for alpha2, (_, alpha3) in names.items():
        if alpha3 == text:
            return alpha2
    raise ToolError(
        f"no holiday calendar for country code {code!r}; give an ISO 3166-1 alpha-2 code such as US, FR, JP or BR"
    )


@cache
def _language(alpha2: str) -> str | None:
    """An English translation of the holiday names when the calendar has one."""
    probe = holidays.country_holidays(alpha2)
    default = probe.default_language
    if default and default.startswith("en"):
        return default
    langs = tuple(probe.supported_languages)
    for lang in ("en_US", "en_GB", *sorted(x for x in langs if x.startswith("en"))):
        if lang in langs:
            return lang
    return None


def subdivision_of(alpha2: str, subdivision: str | None) -> str | None:
    """Normalize 'US-CA', 'CA' or 'California' to the holidays package's subdivision code."""
    if subdivision is None or not str(subdivision).strip():
        return None
    probe = holidays.country_holidays(alpha2)
    text = str(subdivision).strip()
    if text.upper().startswith(alpha2 + "-"):
        text = text[len(alpha2) + 1:]
    for code in probe.subdivisions:
        if code.upper() == text.upper():
            return code
    for name, code in (probe.subdivisions_aliases or {}).items():
        if name.casefold() == text.casefold():
            return code
    if not probe.subdivisions:
        raise ToolError(f"country {alpha2} has no subdivisions in its holiday calendar; leave subdivision out")
    sample = ", ".join(f"{alpha2}-{c}" for c in list(probe.subdivisions)[:6])
    raise ToolError(
        f"country {alpha2} has no holiday subdivision {subdivision!r}; valid codes include: {sample}"
        " (see holiday_subdivisions)"
    )


# Calendars that are complete for fewer years than their class claims (India's Hindu holidays are tabulated
# for 2001-2035 only; the package warns and leaves them out elsewhere).
YEAR_LIMITS = {"IN": (2001, 2035)}


def country_calendar(code: str, years: int | Iterable[int], subdivision: str | None = None,
                     language: str | None = None, strict: bool = True) -> Any:
    """The holidays of a country for the given years (English names when available).

    Every year must lie in the calendar's range; with ``strict=False`` only the first one must,
    and the others are dropped when outside it.
    """
    alpha2 = country_code_of(code)
    subdiv = subdivision_of(alpha2, subdivision)
    probe = holidays.country_holidays(alpha2)
    first, last = YEAR_LIMITS.get(alpha2, (probe.start_year, probe.end_year))
    wanted = [years] if isinstance(years, int) else list(years)
    for i, year in enumerate(wanted):
        if not first <= year <= last and (strict or i == 0):
            raise ToolError(f"the {alpha2} holiday calendar covers {first}-{last}; year {year} is outside it")
    years = [y for y in wanted if first <= y <= last]
    if language is not None:
        lang = language.strip()
        if lang not in probe.supported_languages:
            raise ToolError(
                f"holiday names for {alpha2} exist in {', '.join(probe.supported_languages) or 'the default language'}"
                f" only, not {language!r}"
            )
    else:
        lang = _language(alpha2)
    return holidays.country_holidays(alpha2, subdiv=subdiv, years=years, language=lang)


class Holiday(TypedDict):
    date: Annotated[str, Sem("date")]
    name: Annotated[str, Sem("holiday_name")]
    weekday: Annotated[str, Sem("weekday")]


def _holiday(day: dt.date, name: str) -> Holiday:
    return {"date": day.isoformat(), "name": name, "weekday": WEEKDAYS[day.weekday()]}


class HolidayList(TypedDict):
    country_code: Annotated[str, Sem("country_code")]
    year: Annotated[int, Sem("year")]
    count: int
    holidays: list[Holiday]


@tool(kind="R", examples=[{"country_code": "FR", "year": 2024}, {"country_code": "US", "year": 2025,
                                                                  "subdivision": "US-CA"}], **_META)
def list_public_holidays(country_code: CountryCode, year: Year, subdivision: Subdivision = None,
                         language: Annotated[str | None, Sem("locale")] = None, limit: int = 30) -> HolidayList:
    """List the official public holidays of a country (optionally one state or province) in a year, in date order.

    Use it for "what are the bank holidays in Germany in 2025" questions; names are in English
    when the calendar has an English translation.

    Args:
        country_code: ISO 3166-1 alpha-2 code, e.g. "DE".
        year: the Gregorian year, e.g. 2025.
        subdivision: optional ISO 3166-2 subdivision, e.g. "US-CA" or "DE-BY", for regional holidays.
        language: optional language of the names, e.g. "de" or "fr" (see holiday_calendar_info).
        limit: maximum number of holidays to return (default 30).
    """
    cal = country_calendar(country_code, year, subdivision, language)
    items = sorted(cal.items())
    return {"country_code": cal.country, "year": year, "count": len(items),
            "holidays": [_holiday(d, n) for d, n in items[: max(limit, 0)]]}


class HolidayCheck(TypedDict):
    date: Annotated[str, Sem("date")]
    country_code: Annotated[str, Sem("country_code")]
    is_holiday: bool
    holiday_names: Annotated[list[str], Sem("holiday_name")]
    weekday: Annotated[str, Sem("weekday")]


@tool(kind="R", examples=[{"country_code": "US", "date": "2024-07-04"}], **_META)
def is_public_holiday(country_code: CountryCode, date: IsoDate, subdivision: Subdivision = None) -> HolidayCheck:
    """Check whether a date is a public holiday in a country (or subdivision) and name the holiday.

    Args:
        country_code: ISO 3166-1 alpha-2 code, e.g. "GB".
        date: the date to check, YYYY-MM-DD.
        subdivision: optional ISO 3166-2 subdivision such as "GB-SCT".
    """
    day = parse_date(date)
    cal = country_calendar(country_code, day.year, subdivision)
    names = cal.get_list(day)
    return {"date": day.isoformat(), "country_code": cal.country, "is_holiday": bool(names),
            "holiday_names": names, "weekday": WEEKDAYS[day.weekday()]}


class NearHoliday(TypedDict):
    date: Annotated[str, Sem("date")]
    name: Annotated[str, Sem("holiday_name")]
    weekday: Annotated[str, Sem("weekday")]
    days_away: Annotated[int, Sem("duration_days")]


def _nearest(country_code: str, date: str, subdivision: str | None, forward: bool) -> NearHoliday:
    day = parse_date(date)
    years = [day.year, day.year + 1] if forward else [day.year, day.year - 1]
    cal = country_calendar(country_code, years, subdivision, strict=False)
    items = sorted(cal.items())
    found = [(d, n) for d, n in items if d > day] if forward else [(d, n) for d, n in items if d < day][::-1]
    if not found:
        raise ToolError(f"no {'later' if forward else 'earlier'} holiday found in the {cal.country} calendar near {date}")
    hit, name = found[0]
    return {"date": hit.isoformat(), "name": name, "weekday": WEEKDAYS[hit.weekday()],
            "days_away": abs((hit - day).days)}


@tool(kind="R", examples=[{"country_code": "JP", "date": "2024-04-15"}], **_META)
def next_public_holiday(country_code: CountryCode, date: IsoDate, subdivision: Subdivision = None) -> NearHoliday:
    """Find the first public holiday strictly after a date in a country and how many days away it is.

    Args:
        country_code: ISO 3166-1 alpha-2 code, e.g. "JP".
        date: the reference date, YYYY-MM-DD.
        subdivision: optional ISO 3166-2 subdivision.
    """
    return _nearest(country_code, date, subdivision, forward=True)


@tool(kind="R", examples=[{"country_code": "BR", "date": "2024-03-01"}], **_META)
def previous_public_holiday(country_code: CountryCode, date: IsoDate, subdivision: Subdivision = None) -> NearHoliday:
    """Find the most recent public holiday strictly before a date in a country.

    Args:
        country_code: ISO 3166-1 alpha-2 code, e.g. "BR".
        date: the reference date, YYYY-MM-DD.
        subdivision: optional ISO 3166-2 subdivision.
    """
    return _nearest(country_code, date, subdivision, forward=False)


class HolidayCount(TypedDict):
    country_code: Annotated[str, Sem("country_code")]
    year: Annotated[int, Sem("year")]
    holiday_dates: Annotated[int, Sem("duration_days")]
    on_working_weekdays: Annotated[int, Sem("duration_days")]
    on_weekend: Annotated[int, Sem("duration_days")]


@tool(kind="R", examples=[{"country_code": "IN", "year": 2024}], **_META)
def count_public_holidays(country_code: CountryCode, year: Year, subdivision: Subdivision = None) -> HolidayCount:
    """Count a country's public-holiday dates in a year, split into those falling on working weekdays and on the weekend.

    The weekend follows the country's own rule (e.g. Friday-Saturday in some countries).

    Args:
        country_code: ISO 3166-1 alpha-2 code.
        year: the Gregorian year.
        subdivision: optional ISO 3166-2 subdivision.
    """
    cal = country_calendar(country_code, year, subdivision)
    days = [d for d in cal if d.year == year]
    weekend = sum(1 for d in days if d.weekday() in cal.weekend)
    return {"country_code": cal.country, "year": year, "holiday_dates": len(days),
            "on_working_weekdays": len(days) - weekend, "on_weekend": weekend}


class NamedHolidays(TypedDict):
    country_code: Annotated[str, Sem("country_code")]
    query: Annotated[str, Sem("holiday_name")]
    matches: list[Holiday]


@tool(kind="R", examples=[{"country_code": "US", "holiday_name": "Thanksgiving", "year": 2025}], **_META)
def find_holiday_date(country_code: CountryCode, holiday_name: HolidayName, year: Year) -> NamedHolidays:
    """Find the date of a named public holiday (e.g. "Thanksgiving", "Easter Monday") in a country and year.

    Matching is case-insensitive on part of the English name.

    Args:
        country_code: ISO 3166-1 alpha-2 code.
        holiday_name: the holiday's name or part of it, e.g. "Labour Day".
        year: the Gregorian year.
    """
    cal = country_calendar(country_code, year)
    query = holiday_name.strip()
    if not query:
        raise ToolError("holiday_name must not be empty")
    hits = sorted((d, n) for d, n in cal.items() if query.casefold() in n.casefold())
    if not hits:
        known = sorted(set(cal.values()))[:12]
        raise ToolError(f"no {cal.country} holiday in {year} matches {holiday_name!r}; holidays that year include: "
                        + "; ".join(known))
    return {"country_code": cal.country, "query": query, "matches": [_holiday(d, n) for d, n in hits]}


class LongBreak(TypedDict):
    start: Annotated[str, Sem("date")]
    end: Annotated[str, Sem("date")]
    days: Annotated[int, Sem("duration_days")]
    holidays: Annotated[list[str], Sem("holiday_name")]


class LongBreaks(TypedDict):
    country_code: Annotated[str, Sem("country_code")]
    year: Annotated[int, Sem("year")]
    breaks: list[LongBreak]


@tool(kind="R", examples=[{"country_code": "GB", "year": 2024}], **_META)
def long_weekends(country_code: CountryCode, year: Year, min_days: int = 3,
                  subdivision: Subdivision = None) -> LongBreaks:
    """List the long weekends of a year: runs of consecutive days off (weekend plus public holidays) of at least
    ``min_days`` days.

    Args:
        country_code: ISO 3166-1 alpha-2 code.
        year: the Gregorian year; breaks that overlap it are listed.
        min_days: minimum length of a break in days (default 3).
        subdivision: optional ISO 3166-2 subdivision.
    """
    if min_days < 2:
        raise ToolError(f"min_days must be at least 2, got {min_days}")
    cal = country_calendar(country_code, year, subdivision)
    breaks = [b for b in list_long_breaks(cal, minimum_break_length=min_days) if any(d.year == year for d in b)]
    out: list[LongBreak] = []
    for run in breaks:
        run = sorted(run)
        names = [n for d in run for n in cal.get_list(d)]
        out.append({"start": run[0].isoformat(), "end": run[-1].isoformat(), "days": len(run), "holidays": names})
    return {"country_code": cal.country, "year": year, "breaks": out}


class SharedHoliday(TypedDict):
    date: Annotated[str, Sem("date")]
    name: Annotated[str, Sem("holiday_name")]
    other_name: Annotated[str, Sem("holiday_name")]


class SharedHolidays(TypedDict):
    country_code: Annotated[str, Sem("country_code")]
    other_country_code: Annotated[str, Sem("country_code")]
    year: Annotated[int, Sem("year")]
    count: int
    shared: list[SharedHoliday]


@tool(kind="R", examples=[{"country_code": "US", "other_country_code": "CA", "year": 2024}], **_META)
def shared_public_holidays(country_code: CountryCode, other_country_code: CountryCode, year: Year) -> SharedHolidays:
    """Find the dates that are public holidays in both of two countries in a year, e.g. to plan a cross-border
    meeting.

    Args:
        country_code: ISO 3166-1 alpha-2 code of the first country.
        other_country_code: ISO 3166-1 alpha-2 code of the second country.
        year: the Gregorian year.
    """
    a = country_calendar(country_code, year)
    b = country_calendar(other_country_code, year)
    both = sorted(set(a) & set(b))
    return {"country_code": a.country, "other_country_code": b.country, "year": year, "count": len(both),
            "shared": [{"date": d.isoformat(), "name": a[d], "other_name": b[d]} for d in both]}


TOOLS = [
    list_public_holidays, is_public_holiday, next_public_holiday, previous_public_holiday, count_public_holidays,
    find_holiday_date, long_weekends, shared_public_holidays,
]
