"""Calendar arithmetic the core pack lacks: ISO weeks, nth weekday of a month, year-month-day differences,
calendar-month addition and Unix timestamps (stdlib ``datetime``/``calendar`` and ``python-dateutil``).
"""

from __future__ import annotations

import calendar as stdcal
import datetime as dt
from typing import Annotated

from dateutil.relativedelta import relativedelta
from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.time._common import (
    WEEKDAYS,
    IsoDate,
    IsoDateTime,
    Month,
    TimeZone,
    Year,
    iso_local,
    local_moment,
    meta,
    parse_date,
    zone,
)
from dive.tools.tool import Sem, tool

__all__ = ["TOOLS"]

_STDLIB = meta("python-stdlib", "PSF-2.0")
_DATEUTIL = meta("python-dateutil", "Apache-2.0 OR BSD-3-Clause")

IsoWeek = Annotated[int, Sem("iso_week")]


class IsoWeekDates(TypedDict):
    date: Annotated[str, Sem("date")]
    weekday: Annotated[str, Sem("weekday")]
    week_start: Annotated[str, Sem("date")]
    week_end: Annotated[str, Sem("date")]


@tool(kind="P", examples=[{"iso_year": 2024, "iso_week": 12}, {"iso_year": 2020, "iso_week": 53, "weekday": 5}],
      **_STDLIB)
def iso_week_to_date(iso_year: Year, iso_week: IsoWeek, weekday: int = 1) -> IsoWeekDates:
    """Convert an ISO 8601 week date (year, week number, weekday) to the calendar date, with the Monday and Sunday
    that bound that week; e.g. "week 12 of 2024" starts on 2024-03-18.

    Args:
        iso_year: the ISO week-numbering year (can differ from the calendar year near New Year).
        iso_week: the ISO week number, 1-52 or 53.
        weekday: day of the week, 1 = Monday ... 7 = Sunday (default 1).
    """
    try:
        day = dt.date.fromisocalendar(iso_year, iso_week, weekday)
    except ValueError as exc:
        raise ToolError(f"invalid ISO week date {iso_year}-W{iso_week:02d}-{weekday}: {exc}") from None
    monday = day - dt.timedelta(day.weekday())
    return {"date": day.isoformat(), "weekday": WEEKDAYS[day.weekday()], "week_start": monday.isoformat(),
            "week_end": (monday + dt.timedelta(6)).isoformat()}


class NthWeekday(TypedDict):
    date: Annotated[str, Sem("date")]
    weekday: Annotated[str, Sem("weekday")]
    occurrences_in_month: int


@tool(kind="P", examples=[{"year": 2024, "month": 11, "weekday": "Thursday", "n": 4},
                          {"year": 2024, "month": 5, "weekday": "Monday", "n": -1}], **_STDLIB)
def nth_weekday_of_month(year: Year, month: Month, weekday: Annotated[str, Sem("weekday")], n: int) -> NthWeekday:
    """Find the date of the n-th given weekday of a month, or the last one with n = -1; e.g. the 4th Thursday of
    November, or the last Monday of May.

    Args:
        year: the Gregorian year.
        month: the month number, 1-12.
        weekday: an English weekday name, e.g. "Thursday" (or its first three letters).
        n: which occurrence, 1-5, or -1 for the last (-2 for the second-to-last, ...).
    """
    key = weekday.strip().casefold()
    idx = next((i for i, w in enumerate(WEEKDAYS) if w.casefold() == key or w[:3].casefold() == key), None)
    if idx is None:
        raise ToolError(f"weekday must be an English day name such as Monday, got {weekday!r}")
    if not 1 <= month <= 12 or not 1 <= year <= 9999:
        raise ToolError(f"give a month 1-12 and a year 1-9999, got {year}-{month}")
    days = [dt.date(year, month, d) for d in range(1, stdcal.monthrange(year, month)[1] + 1)]
    matching = [d for d in days if d.weekday() == idx]
    if n == 0 or not -len(matching) <= n <= len(matching):
        raise ToolError(f"{WEEKDAYS[idx]} occurs {len(matching)} times in {year}-{month:02d}; n must be 1 to "
                        f"{len(matching)} or -1 to -{len(matching)}")
    hit = matching[n - 1] if n > 0 else matching[n]
    return {"date": hit.isoformat(), "weekday": WEEKDAYS[idx], "occurrences_in_month": len(matching)}


class YmdDifference(TypedDict):
    start: Annotated[str, Sem("date")]
    end: Annotated[str, Sem("date")]
    years: Annotated[int, Sem("age_years")]
    months: int
    days: int
    total_days: Annotated[int, Sem("duration_days")]
    total_months: int
    text: str


@tool(kind="P", examples=[{"start": "1990-05-17", "end": "2024-03-15"}], **_DATEUTIL)
def date_difference_ymd(start: IsoDate, end: IsoDate) -> YmdDifference:
    """Express the time from a start date to an end date in whole years, months and days (calendar-aware), e.g. a
    person's exact age or a contract's duration; negative when end is earlier.

    Args:
        start: the earlier date, e.g. a birth date, YYYY-MM-DD.
        end: the later date, YYYY-MM-DD.
    """
    a, b = parse_date(start, "start"), parse_date(end, "end")
    delta = relativedelta(b, a)
    text = f"{delta.years} years, {delta.months} months, {delta.days} days"
    return {"start": a.isoformat(), "end": b.isoformat(), "years": delta.years, "months": delta.months,
            "days": delta.days, "total_days": (b - a).days, "total_months": delta.years * 12 + delta.months,
            "text": text}


class MonthShift(TypedDict):
    date: Annotated[str, Sem("date")]
    weekday: Annotated[str, Sem("weekday")]
    clamped_to_month_end: bool


@tool(kind="P", examples=[{"date": "2024-01-31", "months": 1}, {"date": "2024-02-29", "years": 1}], **_DATEUTIL)
def add_calendar_months(date: IsoDate, months: int = 0, years: int = 0) -> MonthShift:
    """Add (or subtract) calendar months and years to a date, keeping the day of the month and clamping to the last
    day of a shorter month (2024-01-31 + 1 month = 2024-02-29).

    Args:
        date: the starting date, YYYY-MM-DD.
        months: months to add; negative to subtract.
        years: years to add; negative to subtract.
    """
    day = parse_date(date)
    try:
        out = day + relativedelta(months=months, years=years)
    except (ValueError, OverflowError):
        raise ToolError("the result falls outside years 1-9999") from None
    return {"date": out.isoformat(), "weekday": WEEKDAYS[out.weekday()], "clamped_to_month_end": out.day != day.day}


class FromUnix(TypedDict):
    timestamp: Annotated[float, Sem("unix_timestamp", unit="s")]
    datetime_utc: Annotated[str, Sem("datetime")]
    local_datetime: Annotated[str, Sem("datetime")]
    date: Annotated[str, Sem("date")]
    timezone: Annotated[str, Sem("timezone")]


@tool(kind="P", examples=[{"timestamp": 1700000000}, {"timestamp": 0, "timezone": "Asia/Tokyo"}], **_STDLIB)
def unix_timestamp_to_datetime(timestamp: Annotated[float, Sem("unix_timestamp", unit="s")],
                               timezone: TimeZone = "UTC") -> FromUnix:
    """Convert a Unix timestamp (seconds since 1970-01-01T00:00:00Z; milliseconds are detected and divided) to a
    UTC and a local date and time.

    Args:
        timestamp: seconds since the Unix epoch, e.g. 1700000000; a 13-digit value is taken as milliseconds.
        timezone: IANA time zone for the local time (default UTC).
    """
    seconds = timestamp / 1000 if abs(timestamp) >= 1e11 else timestamp
    try:
        utc = dt.datetime.fromtimestamp(seconds, dt.UTC)
    except (OverflowError, OSError, ValueError):
        raise ToolError(f"timestamp {timestamp} is outside the supported range (years 1-9999)") from None
    local = utc.astimezone(zone(timezone))
    return {"timestamp": seconds, "datetime_utc": iso_local(utc), "local_datetime": iso_local(local),
            "date": local.date().isoformat(), "timezone": timezone}


class ToUnix(TypedDict):
    datetime: Annotated[str, Sem("datetime")]
    timezone: Annotated[str, Sem("timezone")]
    timestamp: Annotated[int, Sem("unix_timestamp", unit="s")]
    timestamp_ms: int


@tool(kind="P", examples=[{"datetime": "2024-01-01T00:00:00", "timezone": "Europe/Paris"}], **_STDLIB)
def datetime_to_unix_timestamp(datetime: IsoDateTime, timezone: TimeZone = "UTC") -> ToUnix:
    """Convert a local date and time in a time zone to a Unix timestamp (seconds since 1970-01-01T00:00:00Z).

    Args:
        datetime: the date and time, ISO 8601; an explicit offset such as +02:00 overrides ``timezone``.
        timezone: IANA time zone of ``datetime`` (default UTC).
    """
    moment = local_moment(datetime, timezone)
    seconds = moment.timestamp()
    return {"datetime": iso_local(moment), "timezone": timezone, "timestamp": int(seconds // 1),
            "timestamp_ms": int(round(seconds * 1000))}


TOOLS = [iso_week_to_date, nth_weekday_of_month, date_difference_ymd, add_calendar_months,
         unix_timestamp_to_datetime, datetime_to_unix_timestamp]
