"""Working-day arithmetic on a country's calendar (weekend rule plus public holidays), from ``holidays``."""

from __future__ import annotations

import calendar as stdcal
import datetime as dt
from typing import Annotated

from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.time._common import WEEKDAYS, CountryCode, IsoDate, Year, meta, parse_date
from dive.tools.packs.time.public_holidays import Subdivision, country_calendar
from dive.tools.tool import Sem, tool

__all__ = ["TOOLS"]

_META = meta("holidays", "MIT")

_MAX_SPAN_DAYS = 366 * 30


class WorkingDays(TypedDict):
    country_code: Annotated[str, Sem("country_code")]
    start: Annotated[str, Sem("date")]
    end: Annotated[str, Sem("date")]
    working_days: Annotated[int, Sem("duration_days")]
    calendar_days: Annotated[int, Sem("duration_days")]
    weekend_days: Annotated[int, Sem("duration_days")]
    holidays_on_workdays: Annotated[int, Sem("duration_days")]


@tool(kind="P", examples=[{"country_code": "US", "start": "2024-07-01", "end": "2024-07-31"}], **_META)
def working_days_between(country_code: CountryCode, start: IsoDate, end: IsoDate,
                         subdivision: Subdivision = None) -> WorkingDays:
    """Count the working (business) days from a start date to an end date, both included, in a country: days that
    are neither weekend days (by the country's own weekend rule) nor public holidays.

    Args:
        country_code: ISO 3166-1 alpha-2 code, e.g. "US".
        start: first date of the range, YYYY-MM-DD (included).
        end: last date of the range, YYYY-MM-DD (included); may be before start (the range is swapped).
        subdivision: optional ISO 3166-2 subdivision, e.g. "US-NY", whose regional holidays also count.
    """
    first, last = sorted((parse_date(start, "start"), parse_date(end, "end")))
    span = (last - first).days + 1
    if span > _MAX_SPAN_DAYS:
        raise ToolError(f"the range spans {span} days; give at most {_MAX_SPAN_DAYS} days (about 30 years)")
    cal = country_calendar(country_code, range(first.year, last.year + 1), subdivision)
    days = [first + dt.timedelta(n) for n in range(span)]
    weekend = sum(1 for d in days if d.weekday() in cal.weekend)
    holiday_workdays = sum(1 for d in days if d.weekday() not in cal.weekend and d in cal)
    return {"country_code": cal.country, "start": first.isoformat(), "end": last.isoformat(),
            "working_days": span - weekend - holiday_workdays, "calendar_days": span, "weekend_days": weekend,
            "holidays_on_workdays": holiday_workdays}


class BusinessDate(TypedDict):
    date: Annotated[str, Sem("date")]
    weekday: Annotated[str, Sem("weekday")]
    calendar_days: Annotated[int, Sem("duration_days")]
    skipped_holidays: Annotated[list[str], Sem("holiday_name")]


@tool(kind="P", examples=[{"country_code": "DE", "date": "2024-12-20", "days": 10},
                          {"country_code": "US", "date": "2024-07-03", "days": 1}], **_META)
def add_business_days(country_code: CountryCode, date: IsoDate, days: Annotated[int, Sem("duration_days")],
                      subdivision: Subdivision = None) -> BusinessDate:
    """Move forward (or backward, with negative ``days``) by a number of working days in a country, skipping
    weekends and public holidays; e.g. a payment due "10 business days after" a date.

    Args:
        country_code: ISO 3166-1 alpha-2 code.
        date: the starting date, YYYY-MM-DD (not counted itself).
        days: number of working days to add; negative to go back; 0 returns the date unchanged.
        subdivision: optional ISO 3166-2 subdivision.
    """
    if abs(days) > 5000:
        raise ToolError(f"days must be between -5000 and 5000, got {days}")
    day = parse_date(date)
    step = 1 if days >= 0 else -1
    reach = abs(days) // 200 + 1
    years = [day.year, *range(day.year - reach, day.year), *range(day.year + 1, day.year + reach + 1)]
    cal = country_calendar(country_code, years, subdivision, strict=False)
    current, left, skipped = day, abs(days), []
    while left:
        current += dt.timedelta(step)
        if current.weekday() in cal.weekend:
            continue
        if current in cal:
            skipped.extend(cal.get_list(current))
            continue
        left -= 1
    return {"date": current.isoformat(), "weekday": WEEKDAYS[current.weekday()],
            "calendar_days": (current - day).days, "skipped_holidays": skipped}


class WorkdayCheck(TypedDict):
    date: Annotated[str, Sem("date")]
    country_code: Annotated[str, Sem("country_code")]
    is_working_day: bool
    is_weekend: bool
    holiday_names: Annotated[list[str], Sem("holiday_name")]
    next_working_day: Annotated[str, Sem("date")]


@tool(kind="R", examples=[{"country_code": "AE", "date": "2024-03-15"}], **_META)
def is_working_day(country_code: CountryCode, date: IsoDate, subdivision: Subdivision = None) -> WorkdayCheck:
    """Check whether a date is a working day in a country (not a weekend day by local rules, not a public holiday)
    and give the next working day after it.

    Args:
        country_code: ISO 3166-1 alpha-2 code.
        date: the date to check, YYYY-MM-DD.
        subdivision: optional ISO 3166-2 subdivision.
    """
    day = parse_date(date)
    cal = country_calendar(country_code, [day.year, day.year + 1], subdivision, strict=False)
    names = cal.get_list(day)
    weekend = day.weekday() in cal.weekend
    nxt = day + dt.timedelta(1)
    while nxt.weekday() in cal.weekend or nxt in cal:
        nxt += dt.timedelta(1)
    return {"date": day.isoformat(), "country_code": cal.country, "is_working_day": not weekend and not names,
            "is_weekend": weekend, "holiday_names": names, "next_working_day": nxt.isoformat()}


class MonthWorkdays(TypedDict):
    month: Annotated[int, Sem("month")]
    working_days: Annotated[int, Sem("duration_days")]
    holidays_on_workdays: Annotated[int, Sem("duration_days")]


class YearWorkdays(TypedDict):
    country_code: Annotated[str, Sem("country_code")]
    year: Annotated[int, Sem("year")]
    total_working_days: Annotated[int, Sem("duration_days")]
    months: list[MonthWorkdays]


@tool(kind="P", examples=[{"country_code": "FR", "year": 2024}], **_META)
def working_days_per_month(country_code: CountryCode, year: Year, subdivision: Subdivision = None) -> YearWorkdays:
    """Count the working days in each month of a year in a country (weekends and public holidays excluded), e.g.
    for payroll or capacity planning.

    Args:
        country_code: ISO 3166-1 alpha-2 code.
        year: the Gregorian year.
        subdivision: optional ISO 3166-2 subdivision.
    """
    cal = country_calendar(country_code, year, subdivision)
    months: list[MonthWorkdays] = []
    for month in range(1, 13):
        n_days = stdcal.monthrange(year, month)[1]
        days = [dt.date(year, month, d) for d in range(1, n_days + 1)]
        weekdays = [d for d in days if d.weekday() not in cal.weekend]
        hol = sum(1 for d in weekdays if d in cal)
        months.append({"month": month, "working_days": len(weekdays) - hol, "holidays_on_workdays": hol})
    return {"country_code": cal.country, "year": year,
            "total_working_days": sum(m["working_days"] for m in months), "months": months}


TOOLS = [working_days_between, add_business_days, is_working_day, working_days_per_month]
