"""The Umm al-Qura Hijri calendar of Saudi Arabia (1343-1500 AH, 1924-2077 CE), from ``hijridate``."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from hijridate import Gregorian, Hijri
from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.time._common import WEEKDAYS, IsoDate, meta, parse_date
from dive.tools.tool import Sem, tool

__all__ = ["TOOLS"]

_META = meta("hijridate", "MIT")

HijriYear = Annotated[int, Sem("hijri_year")]
_HIJRI_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def _hijri(year: int, month: int, day: int) -> Hijri:
    try:
        return Hijri(year, month, day)
    except (ValueError, OverflowError) as exc:
        raise ToolError(f"invalid Umm al-Qura Hijri date {year}-{month:02d}-{day:02d}: {exc} "
                        "(the calendar covers 1343-1500 AH)") from None


def _from_greg(day: dt.date) -> Hijri:
    try:
        return Gregorian(day.year, day.month, day.day).to_hijri()
    except (ValueError, OverflowError):
        raise ToolError(f"{day.isoformat()} is outside the Umm al-Qura calendar, which covers "
                        "1924-08-01 to 2077-11-16") from None


def _greg(h: Hijri) -> dt.date:
    g = h.to_gregorian()
    return dt.date(g.year, g.month, g.day)


class HijriDate(TypedDict):
    date: Annotated[str, Sem("date")]
    hijri_date: Annotated[str, Sem("hijri_date")]
    year: Annotated[int, Sem("hijri_year")]
    month: int
    day: int
    month_name: str
    month_name_arabic: str
    month_length: Annotated[int, Sem("duration_days")]
    weekday: Annotated[str, Sem("weekday")]
    text: str


@tool(kind="P", examples=[{"date": "2024-03-11"}], **_META)
def gregorian_to_hijri(date: IsoDate) -> HijriDate:
    """Convert a Gregorian date to the Islamic Hijri date of the official Umm al-Qura calendar (Saudi Arabia),
    with the month's English and Arabic names and its length.

    Args:
        date: the Gregorian date, YYYY-MM-DD, between 1924-08-01 and 2077-11-16.
    """
    day = parse_date(date)
    h = _from_greg(day)
    return {"date": day.isoformat(), "hijri_date": h.isoformat(), "year": h.year, "month": h.month, "day": h.day,
            "month_name": h.month_name(), "month_name_arabic": h.month_name("ar"), "month_length": h.month_length(),
            "weekday": WEEKDAYS[day.weekday()], "text": f"{h.day} {h.month_name()} {h.year} AH"}


class FromHijri(TypedDict):
    hijri_date: Annotated[str, Sem("hijri_date")]
    date: Annotated[str, Sem("date")]
    weekday: Annotated[str, Sem("weekday")]


@tool(kind="P", examples=[{"hijri_date": "1445-10-01"}], **_META)
def hijri_to_gregorian(hijri_date: Annotated[str, Sem("hijri_date")]) -> FromHijri:
    """Convert an Umm al-Qura Hijri date written YYYY-MM-DD (e.g. "1445-10-01" for 1 Shawwal 1445) to the Gregorian
    date.

    Args:
        hijri_date: the Hijri date as year-month-day, year 1343-1500, month 1 (Muharram) to 12 (Dhu al-Hijjah).
    """
    m = _HIJRI_RE.match(hijri_date)
    if not m:
        raise ToolError(f"hijri_date must look like 1445-09-01 (year-month-day), got {hijri_date!r}")
    h = _hijri(*(int(x) for x in m.groups()))
    out = _greg(h)
    return {"hijri_date": h.isoformat(), "date": out.isoformat(), "weekday": WEEKDAYS[out.weekday()]}


class HijriMonth(TypedDict):
    year: Annotated[int, Sem("hijri_year")]
    month: int
    month_name: str
    days: Annotated[int, Sem("duration_days")]
    first_day: Annotated[str, Sem("date")]
    last_day: Annotated[str, Sem("date")]


@tool(kind="R", examples=[{"hijri_year": 1445, "hijri_month": 9}], **_META)
def hijri_month_info(hijri_year: HijriYear, hijri_month: int) -> HijriMonth:
    """Give the length (29 or 30 days) and the Gregorian first and last days of a month of the Umm al-Qura Hijri
    calendar, e.g. when Ramadan (month 9) begins and ends.

    Args:
        hijri_year: the Hijri year, 1343-1500, e.g. 1446.
        hijri_month: the month number, 1 (Muharram) to 12 (Dhu al-Hijjah); 9 is Ramadan.
    """
    first = _hijri(hijri_year, hijri_month, 1)
    length = first.month_length()
    start = _greg(first)
    return {"year": hijri_year, "month": hijri_month, "month_name": first.month_name(), "days": length,
            "first_day": start.isoformat(), "last_day": (start + dt.timedelta(length - 1)).isoformat()}


class IslamicYear(TypedDict):
    year: Annotated[int, Sem("hijri_year")]
    days_in_year: Annotated[int, Sem("duration_days")]
    islamic_new_year: Annotated[str, Sem("date")]
    ashura: Annotated[str, Sem("date")]
    mawlid: Annotated[str, Sem("date")]
    ramadan_start: Annotated[str, Sem("date")]
    eid_al_fitr: Annotated[str, Sem("date")]
    day_of_arafah: Annotated[str, Sem("date")]
    eid_al_adha: Annotated[str, Sem("date")]


@tool(kind="R", examples=[{"hijri_year": 1446}], **_META)
def islamic_year_dates(hijri_year: HijriYear) -> IslamicYear:
    """Give the Gregorian dates of the main Islamic observances of a Hijri year by the Umm al-Qura calendar: Islamic
    New Year, Ashura, Mawlid, start of Ramadan, Eid al-Fitr, Day of Arafah and Eid al-Adha.

    Dates observed locally by moon sighting can differ by a day.

    Args:
        hijri_year: the Hijri year, 1343-1500, e.g. 1446 (to start from a Gregorian date, use gregorian_to_hijri).
    """
    def on(month: int, day: int) -> str:
        return _greg(_hijri(hijri_year, month, day)).isoformat()

    return {"year": hijri_year, "days_in_year": _hijri(hijri_year, 1, 1).year_length(),
            "islamic_new_year": on(1, 1), "ashura": on(1, 10), "mawlid": on(3, 12), "ramadan_start": on(9, 1),
            "eid_al_fitr": on(10, 1), "day_of_arafah": on(12, 9), "eid_al_adha": on(12, 10)}


TOOLS = [gregorian_to_hijri, hijri_to_gregorian, hijri_month_info, islamic_year_dates]
