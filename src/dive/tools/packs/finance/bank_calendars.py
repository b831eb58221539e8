"""Bank settlement calendars backed by QuantLib: business days, bank holidays and date rolling for
about 50 countries (the settlement calendar where QuantLib has one, else its main market) and the
euro area's TARGET2 calendar (code "EU").
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import Field
from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.finance._common import (
    QL_LOCK,
    CountryCode,
    IsoDate,
    Limit,
    Year,
    meta,
    parse_date,
    py_date,
    ql_date,
    quantlib,
)
from dive.tools.tool import Sem, tool

_META = meta("QuantLib")

# ISO 3166-1 alpha-2 code -> (QuantLib class, market enum or None). "EU" is the euro area (TARGET2).
BANK_CALENDARS: dict[str, tuple[str, str | None]] = {
    "AR": ("Argentina", None), "AU": ("Australia", "Settlement"), "AT": ("Austria", "Settlement"),
    "BW": ("Botswana", None), "BR": ("Brazil", "Settlement"), "CA": ("Canada", "Settlement"), "CL": ("Chile", None),
    "CN": ("China", "IB"), "HR": ("Croatia", None), "CZ": ("CzechRepublic", None), "DK": ("Denmark", None),
    "FI": ("Finland", None), "FR": ("France", "Settlement"), "DE": ("Germany", "Settlement"), "HK": ("HongKong", None),
    "HU": ("Hungary", None), "IS": ("Iceland", None), "IN": ("India", None), "ID": ("Indonesia", None),
    "IL": ("Israel", "Settlement"), "IT": ("Italy", "Settlement"), "JP": ("Japan", None), "MY": ("Malaysia", None),
    "MT": ("Malta", None), "MX": ("Mexico", None), "ME": ("Montenegro", None), "NZ": ("NewZealand", None),
    "MK": ("NorthMacedonia", None), "NO": ("Norway", None), "PH": ("Philippines", None), "PL": ("Poland", "Settlement"),
    "RO": ("Romania", "Public"), "RU": ("Russia", "Settlement"), "SA": ("SaudiArabia", None), "RS": ("Serbia", None),
    "SG": ("Singapore", None), "SK": ("Slovakia", None), "SI": ("Slovenia", None), "ZA": ("SouthAfrica", None),
    "KR": ("SouthKorea", "Settlement"), "SE": ("Sweden", None), "CH": ("Switzerland", None), "TW": ("Taiwan", None),
    "TH": ("Thailand", None), "TR": ("Turkey", None), "UA": ("Ukraine", None), "GB": ("UnitedKingdom", "Settlement"),
    "US": ("UnitedStates", "Settlement"), "UZ": ("Uzbekistan", None), "EU": ("TARGET", None),
}


def _calendar(country_code: str) -> Any:
    code = country_code.strip().upper()
    if code not in BANK_CALENDARS:
        raise ToolError(f"no bank calendar for {country_code!r}; use an ISO alpha-2 code such as US, GB, DE, JP "
                        f"(or EU for TARGET2). Known: {', '.join(sorted(BANK_CALENDARS))}")
    ql = quantlib()
    cls_name, market = BANK_CALENDARS[code]
    cls = getattr(ql, cls_name)
    return cls(getattr(cls, market)) if market else cls()


def _in_range(day: dt.date, what: str) -> dt.date:
    if not 1901 <= day.year <= 2199:
        raise ToolError(f"{what} must be between 1901 and 2199, got {day.isoformat()}")
    return day


class BankDay(TypedDict):
    date: Annotated[str, Sem("date")]
    is_business_day: bool
    is_weekend: bool
    is_holiday: bool
    next_business_day: Annotated[str, Sem("date")]
    previous_business_day: Annotated[str, Sem("date")]
    calendar: str


@tool(kind="R", examples=[{"country_code": "US", "date": "2024-11-11"}], **_META)
def bank_is_business_day(country_code: CountryCode, date: IsoDate) -> BankDay:
    """Check whether banks settle payments on a date in a country (its QuantLib settlement calendar).

    Also gives the nearest business days before and after the date.

    Args:
        country_code: ISO 3166-1 alpha-2 code such as "US", "GB", "JP" (or "EU" for the euro-area TARGET2 calendar).
        date: the date, YYYY-MM-DD.
    """
    day = _in_range(parse_date(date), "date")
    ql = quantlib()
    with QL_LOCK:
        cal, qd = _calendar(country_code), ql_date(day)
        weekend = cal.isWeekend(qd.weekday())
        business = cal.isBusinessDay(qd)
        nxt = cal.advance(qd, 1, ql.Days)
        prev = cal.advance(qd, -1, ql.Days)
        name = cal.name()
    return {
        "date": day.isoformat(), "is_business_day": business, "is_weekend": weekend,
        "is_holiday": not business and not weekend, "next_business_day": py_date(nxt).isoformat(),
        "previous_business_day": py_date(prev).isoformat(), "calendar": name,
    }


class BankHolidays(TypedDict):
    country_code: Annotated[str, Sem("country_code")]
    year: Annotated[int, Sem("year")]
    count: Annotated[int, Sem("integer")]
    holidays: list[Annotated[str, Sem("date")]]
    calendar: str


@tool(kind="R", examples=[{"country_code": "GB", "year": 2024}], **_META)
def bank_holidays(country_code: CountryCode, year: Year, limit: Limit = 30) -> BankHolidays:
    """List the weekday bank holidays of a country in a year (days banks do not settle), from QuantLib.

    Args:
        country_code: ISO 3166-1 alpha-2 code such as "GB" (or "EU" for TARGET2).
        year: the year, 1901-2199.
        limit: most dates to list (the count covers all of them).
    """
    if not 1901 <= year <= 2199:
        raise ToolError(f"year must be between 1901 and 2199, got {year}")
    with QL_LOCK:
        cal = _calendar(country_code)
        days = [py_date(d) for d in cal.holidayList(ql_date(dt.date(year, 1, 1)), ql_date(dt.date(year, 12, 31)), False)]
        name = cal.name()
    return {"country_code": country_code.strip().upper(), "year": year, "count": len(days),
            "holidays": [d.isoformat() for d in days[:limit]], "calendar": name}


class BusinessDayCount(TypedDict):
    business_days: Annotated[int, Sem("integer")]
    calendar_days: Annotated[int, Sem("duration_days")]
    holidays_on_weekdays: Annotated[int, Sem("integer")]


@tool(kind="R", examples=[{"country_code": "DE", "start": "2024-12-01", "end": "2024-12-31"}], **_META)
def bank_business_days_between(country_code: CountryCode, start: IsoDate, end: IsoDate) -> BusinessDayCount:
    """Count the bank business days from a start date to an end date in a country, both dates included.

    Args:
        country_code: ISO 3166-1 alpha-2 code (or "EU" for TARGET2).
        start: first date, YYYY-MM-DD.
        end: last date, YYYY-MM-DD (not before start).
    """
    d1, d2 = _in_range(parse_date(start, "start"), "start"), _in_range(parse_date(end, "end"), "end")
    if d2 < d1:
        raise ToolError(f"end {end} is before start {start}")
    with QL_LOCK:
        cal = _calendar(country_code)
        count = cal.businessDaysBetween(ql_date(d1), ql_date(d2), True, True)
        holidays = len(cal.holidayList(ql_date(d1), ql_date(d2), False))
    return {"business_days": count, "calendar_days": (d2 - d1).days + 1, "holidays_on_weekdays": holidays}


class Rolled(TypedDict):
    date: Annotated[str, Sem("date")]
    weekday: Annotated[str, Sem("weekday")]


@tool(kind="R", examples=[{"country_code": "JP", "date": "2024-12-27", "days": 3}], **_META)
def bank_add_business_days(
    country_code: CountryCode, date: IsoDate, days: Annotated[int, Field(ge=-3650, le=3650)],
) -> Rolled:
    """Move a date forward (or back, with negative days) by a number of bank business days, e.g. for a T+2 settlement date.

    Args:
        country_code: ISO 3166-1 alpha-2 code (or "EU" for TARGET2).
        date: the starting date, YYYY-MM-DD.
        days: business days to add; negative to go back.
    """
    day = _in_range(parse_date(date), "date")
    ql = quantlib()
    with QL_LOCK:
        out = py_date(_calendar(country_code).advance(ql_date(day), days, ql.Days))
    return {"date": out.isoformat(), "weekday": out.strftime("%A")}


_CONVENTIONS = {"following": "Following", "modified_following": "ModifiedFollowing", "preceding": "Preceding",
                "modified_preceding": "ModifiedPreceding"}


@tool(kind="R", examples=[{"country_code": "US", "date": "2024-08-31", "convention": "modified_following"}], **_META)
def bank_adjust_date(
    country_code: CountryCode, date: IsoDate,
    convention: Literal["following", "modified_following", "preceding", "modified_preceding"] = "following",
) -> Rolled:
    """Roll a payment date that falls on a weekend or bank holiday to a business day by a market convention.

    "following" takes the next business day; "modified_following" does too unless that lands in the
    next month, then it takes the previous one; "preceding" and "modified_preceding" mirror them.

    Args:
        country_code: ISO 3166-1 alpha-2 code (or "EU" for TARGET2).
        date: the unadjusted date, YYYY-MM-DD.
        convention: following, modified_following, preceding or modified_preceding.
    """
    day = _in_range(parse_date(date), "date")
    ql = quantlib()
    with QL_LOCK:
        out = py_date(_calendar(country_code).adjust(ql_date(day), getattr(ql, _CONVENTIONS[convention])))
    return {"date": out.isoformat(), "weekday": out.strftime("%A")}


TOOLS = [bank_is_business_day, bank_holidays, bank_business_days_between, bank_add_business_days, bank_adjust_date]
