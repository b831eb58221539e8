"""The Hebrew (Jewish) calendar: dates, holidays and the weekly Torah portion, from ``pyluach``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pyluach import dates, hebrewcal, parshios
from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.time._common import WEEKDAYS, IsoDate, Year, meta, parse_date
from dive.tools.tool import Sem, tool

__all__ = ["TOOLS"]

_META = meta("pyluach", "MIT")

HebrewYear = Annotated[int, Sem("hebrew_year")]

# Common spellings of the month names -> pyluach month number (1 = Nisan ... 7 = Tishrei, 13 = Adar II).
_MONTHS: dict[str, int] = {
    "nisan": 1, "nissan": 1, "iyar": 2, "iyyar": 2, "sivan": 3, "tammuz": 4, "tamuz": 4, "av": 5, "menachem av": 5,
    "elul": 6, "tishrei": 7, "tishri": 7, "cheshvan": 8, "heshvan": 8, "marcheshvan": 8, "kislev": 9, "tevet": 10,
    "teves": 10, "teveth": 10, "shevat": 11, "shvat": 11, "adar": 12, "adar i": 12, "adar 1": 12, "adar rishon": 12,
    "adar ii": 13, "adar 2": 13, "adar sheni": 13, "adar bet": 13,
}


def _heb(date_text: str) -> tuple[dt.date, dates.HebrewDate]:
    day = parse_date(date_text)
    try:
        return day, dates.GregorianDate(day.year, day.month, day.day).to_heb()
    except ValueError as exc:
        raise ToolError(f"cannot convert {date_text}: {exc}") from None


def _holiday(h: dates.HebrewDate, israel: bool) -> str | None:
    return h.holiday(israel=israel, prefix_day=True)


class HebrewDate(TypedDict):
    date: Annotated[str, Sem("date")]
    year: Annotated[int, Sem("hebrew_year")]
    month: int
    day: int
    month_name: Annotated[str, Sem("hebrew_month")]
    hebrew_text: str
    weekday: Annotated[str, Sem("weekday")]
    holiday: Annotated[str | None, Sem("holiday_name")]


@tool(kind="P", examples=[{"date": "2024-04-23"}], **_META)
def gregorian_to_hebrew(date: IsoDate, israel: bool = False) -> HebrewDate:
    """Convert a Gregorian date to the Hebrew (Jewish) calendar date, written in English and in Hebrew letters,
    and name the Jewish holiday or fast that falls on it, if any.

    The Hebrew day begins at the previous sunset; this gives the date for the daytime of ``date``.

    Args:
        date: the Gregorian date, YYYY-MM-DD.
        israel: use the Israeli holiday schedule (one day of Yom Tov) instead of the diaspora one.
    """
    day, h = _heb(date)
    return {"date": day.isoformat(), "year": h.year, "month": h.month, "day": h.day, "month_name": h.month_name(),
            "hebrew_text": h.hebrew_date_string(), "weekday": WEEKDAYS[day.weekday()], "holiday": _holiday(h, israel)}


class FromHebrew(TypedDict):
    date: Annotated[str, Sem("date")]
    weekday: Annotated[str, Sem("weekday")]
    hebrew_text: str


@tool(kind="P", examples=[{"hebrew_year": 5785, "month": "Tishrei", "day": 10},
                          {"hebrew_year": 5784, "month": "Adar II", "day": 14}], **_META)
def hebrew_to_gregorian(hebrew_year: HebrewYear, month: str, day: int) -> FromHebrew:
    """Convert a Hebrew calendar date (e.g. 10 Tishrei 5785) to the Gregorian date.

    Args:
        hebrew_year: the Hebrew year (Anno Mundi), e.g. 5785.
        month: the month's name, e.g. "Nisan", "Tishrei", "Adar II", or its number (1 = Nisan, 7 = Tishrei,
            12 = Adar or Adar I, 13 = Adar II in leap years).
        day: the day of the month, 1-30.
    """
    text = str(month).strip()
    number = int(text) if text.isdigit() else _MONTHS.get(text.casefold().replace("'", ""))
    if number is None:
        raise ToolError(f"unknown Hebrew month {month!r}; use a name such as Nisan, Iyar, Sivan, Tammuz, Av, Elul, "
                        "Tishrei, Cheshvan, Kislev, Tevet, Shevat, Adar, Adar I, Adar II, or a number 1-13")
    if number == 12 and text.casefold() == "adar" and hebrewcal.Year(hebrew_year).leap:
        number = 13  # plain "Adar" in a leap year means Adar II, where Purim falls
    try:
        h = dates.HebrewDate(hebrew_year, number, day)
    except ValueError as exc:
        raise ToolError(f"invalid Hebrew date {day} {month} {hebrew_year}: {exc}") from None
    g = h.to_pydate()
    return {"date": g.isoformat(), "weekday": WEEKDAYS[g.weekday()], "hebrew_text": h.hebrew_date_string()}


class Parsha(TypedDict):
    shabbat_date: Annotated[str, Sem("date")]
    parsha: Annotated[str | None, Sem("torah_portion")]
    parsha_hebrew: str | None
    note: str


@tool(kind="R", examples=[{"date": "2024-03-20"}], **_META)
def torah_portion(date: IsoDate, israel: bool = False) -> Parsha:
    """Find the weekly Torah portion (parsha) read on the Shabbat on or after a date; double portions are joined
    with a comma, and none is read when a festival falls on that Shabbat.

    Args:
        date: any date, YYYY-MM-DD; the following Shabbat (Saturday) is used.
        israel: use the Israeli reading schedule instead of the diaspora one.
    """
    day, _ = _heb(date)
    shabbat = day + dt.timedelta((5 - day.weekday()) % 7)
    g = dates.GregorianDate(shabbat.year, shabbat.month, shabbat.day)
    name = parshios.getparsha_string(g, israel=israel)
    heb = parshios.getparsha_string(g, israel=israel, hebrew=True)
    note = "regular weekly reading" if name else f"festival reading ({g.to_heb().holiday(israel=israel) or 'holiday'})"
    return {"shabbat_date": shabbat.isoformat(), "parsha": name, "parsha_hebrew": heb, "note": note}


class JewishHoliday(TypedDict):
    date: Annotated[str, Sem("date")]
    name: Annotated[str, Sem("holiday_name")]
    hebrew_date: str
    weekday: Annotated[str, Sem("weekday")]


class JewishHolidays(TypedDict):
    year: Annotated[int, Sem("year")]
    count: int
    holidays: list[JewishHoliday]


@tool(kind="R", examples=[{"year": 2025}], **_META)
def jewish_holidays_in_year(year: Year, israel: bool = False, include_fasts: bool = True,
                            limit: int = 60) -> JewishHolidays:
    """List the Jewish holidays and (optionally) fast days falling in a Gregorian year, with their Hebrew dates:
    Rosh Hashana, Yom Kippur, Sukkos, Chanuka, Purim, Pesach, Shavuos, Tisha B'Av and others.

    Each day of a multi-day holiday is listed, numbered ("2 Pesach"). A holiday's eve starts at sunset the day
    before.

    Args:
        year: the Gregorian year, e.g. 2025.
        israel: use the Israeli schedule (one day of Yom Tov) instead of the diaspora one.
        include_fasts: also list the minor fast days (Tzom Gedalia, 10 of Teves, Taanis Esther, 17 of Tamuz...).
        limit: maximum number of days to return (default 60).
    """
    if not 1 <= year <= 9998:
        raise ToolError(f"year must be between 1 and 9998, got {year}")
    out: list[JewishHoliday] = []
    day = dt.date(year, 1, 1)
    while day.year == year:
        h = dates.GregorianDate(day.year, day.month, day.day).to_heb()
        name = h.festival(israel=israel, prefix_day=True, include_working_days=True)
        if name is None and include_fasts:
            name = h.fast_day()
        if name:
            out.append({"date": day.isoformat(), "name": name, "hebrew_date": f"{h.day} {h.month_name()} {h.year}",
                        "weekday": WEEKDAYS[day.weekday()]})
        day += dt.timedelta(1)
    return {"year": year, "count": len(out), "holidays": out[: max(limit, 0)]}


class HebrewYearInfo(TypedDict):
    year: Annotated[int, Sem("hebrew_year")]
    is_leap_year: bool
    days_in_year: Annotated[int, Sem("duration_days")]
    months: int
    rosh_hashana: Annotated[str, Sem("date")]
    yom_kippur: Annotated[str, Sem("date")]
    chanuka_first_day: Annotated[str, Sem("date")]
    purim: Annotated[str, Sem("date")]
    pesach_first_day: Annotated[str, Sem("date")]
    shavuos: Annotated[str, Sem("date")]


@tool(kind="R", examples=[{"hebrew_year": 5785}], **_META)
def hebrew_year_info(hebrew_year: HebrewYear) -> HebrewYearInfo:
    """Describe a Hebrew year (which begins at Rosh Hashana in autumn): leap year or not (13 months), number of
    days, and the Gregorian dates of Rosh Hashana, Yom Kippur, the first day of Chanuka, Purim, the first day of
    Pesach and Shavuos within it.

    Args:
        hebrew_year: the Hebrew year (Anno Mundi), e.g. 5785 (which began in October 2024).
    """
    if not 3762 <= hebrew_year <= 9999:
        raise ToolError(f"hebrew_year must be between 3762 and 9999 (Gregorian years 1-6239), got {hebrew_year}")
    cal = hebrewcal.Year(hebrew_year)

    def on(month: int, day: int) -> str:
        return dates.HebrewDate(hebrew_year, month, day).to_pydate().isoformat()

    return {"year": hebrew_year, "is_leap_year": cal.leap, "days_in_year": len(cal), "months": cal.monthscount(),
            "rosh_hashana": on(7, 1), "yom_kippur": on(7, 10), "chanuka_first_day": on(9, 25),
            "purim": on(13 if cal.leap else 12, 14), "pesach_first_day": on(1, 15), "shavuos": on(3, 6)}


TOOLS = [gregorian_to_hebrew, hebrew_to_gregorian, torah_portion, jewish_holidays_in_year, hebrew_year_info]
