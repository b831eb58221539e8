"""Holidays of financial markets and exchanges (NYSE, LSE, JPX, ...), from ``holidays.financial``."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Annotated, Any

import holidays
from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.time._common import WEEKDAYS, IsoDate, Year, camel_words, meta, parse_date
from dive.tools.packs.time.public_holidays import Holiday
from dive.tools.tool import Sem, tool

__all__ = ["TOOLS", "markets"]

_META = meta("holidays", "MIT")

ExchangeCode = Annotated[str, Sem("exchange_code")]


@cache
def markets() -> dict[str, tuple[str, str]]:
    """Every accepted market code or alias -> (canonical code, English name)."""
    out: dict[str, tuple[str, str]] = {}
    for entry in holidays.registry.FINANCIAL.values():
        class_name, codes = entry[0], entry[1:]
        for code in codes:
            out.setdefault(code.upper(), (codes[0], camel_words(class_name)))
    return out


def _market(code: str, year: int, spread: int = 0) -> Any:
    """The calendar of a market for ``year`` (checked) and ``spread`` neighbouring years on each side."""
    key = str(code).strip().upper()
    if key not in markets():
        sample = ", ".join(sorted({c for c, _ in markets().values()})[:12])
        raise ToolError(f"no market holiday calendar for {code!r}; use an ISO 10383 MIC or alias such as "
                        f"XNYS (NYSE), XLON (LSE), XJPX; known: {sample}, ...")
    canonical = markets()[key][0]
    probe = holidays.financial_holidays(canonical)
    if not probe.start_year <= year <= probe.end_year:
        raise ToolError(f"the {canonical} calendar covers {probe.start_year}-{probe.end_year}; {year} is outside it")
    years = [y for y in range(year - spread, year + spread + 1) if probe.start_year <= y <= probe.end_year]
    lang = "en_US" if "en_US" in probe.supported_languages else None
    return holidays.financial_holidays(canonical, years=years, language=lang)


class MarketHolidays(TypedDict):
    exchange_code: Annotated[str, Sem("exchange_code")]
    market_name: Annotated[str, Sem("market_name")]
    year: Annotated[int, Sem("year")]
    count: int
    holidays: list[Holiday]


@tool(kind="R", examples=[{"exchange_code": "XNYS", "year": 2024}, {"exchange_code": "LSE", "year": 2025}], **_META)
def market_holidays(exchange_code: ExchangeCode, year: Year, limit: int = 30) -> MarketHolidays:
    """List the full-day market holidays (closures) of a stock exchange or financial market in a year.

    Args:
        exchange_code: ISO 10383 MIC such as "XNYS", or an alias such as "NYSE", "LSE", "JPX", "ECB".
        year: the Gregorian year.
        limit: maximum number of holidays to return (default 30).
    """
    cal = _market(exchange_code, year)
    items = sorted(cal.items())
    code = markets()[exchange_code.strip().upper()]
    return {"exchange_code": code[0], "market_name": code[1], "year": year, "count": len(items),
            "holidays": [{"date": d.isoformat(), "name": n, "weekday": WEEKDAYS[d.weekday()]}
                         for d, n in items[: max(limit, 0)]]}


class MarketDay(TypedDict):
    exchange_code: Annotated[str, Sem("exchange_code")]
    date: Annotated[str, Sem("date")]
    is_trading_day: bool
    is_weekend: bool
    holiday_name: Annotated[str | None, Sem("holiday_name")]
    next_trading_day: Annotated[str, Sem("date")]
    previous_trading_day: Annotated[str, Sem("date")]


@tool(kind="R", examples=[{"exchange_code": "XNYS", "date": "2024-11-28"}], **_META)
def market_holiday_check(exchange_code: ExchangeCode, date: IsoDate) -> MarketDay:
    """Check whether an exchange trades on a date (not a weekend, not a market holiday), and give the previous and
    next trading days.

    Args:
        exchange_code: ISO 10383 MIC such as "XNYS", or an alias such as "NYSE".
        date: the date to check, YYYY-MM-DD.
    """
    day = parse_date(date)
    cal = _market(exchange_code, day.year, spread=1)

    def trading(d: dt.date) -> bool:
        return d.weekday() not in cal.weekend and d not in cal

    nxt, prev = day + dt.timedelta(1), day - dt.timedelta(1)
    while not trading(nxt):
        nxt += dt.timedelta(1)
    while not trading(prev):
        prev -= dt.timedelta(1)
    return {"exchange_code": markets()[exchange_code.strip().upper()][0], "date": day.isoformat(),
            "is_trading_day": trading(day), "is_weekend": day.weekday() in cal.weekend,
            "holiday_name": cal.get(day), "next_trading_day": nxt.isoformat(), "previous_trading_day": prev.isoformat()}


class NextClosure(TypedDict):
    exchange_code: Annotated[str, Sem("exchange_code")]
    date: Annotated[str, Sem("date")]
    name: Annotated[str, Sem("holiday_name")]
    weekday: Annotated[str, Sem("weekday")]
    days_away: Annotated[int, Sem("duration_days")]


@tool(kind="R", examples=[{"exchange_code": "XLON", "date": "2024-05-01"}], **_META)
def next_market_holiday(exchange_code: ExchangeCode, date: IsoDate) -> NextClosure:
    """Find the next market holiday (full-day closure) of an exchange strictly after a date.

    Args:
        exchange_code: ISO 10383 MIC such as "XLON", or an alias such as "LSE".
        date: the reference date, YYYY-MM-DD.
    """
    day = parse_date(date)
    cal = _market(exchange_code, day.year, spread=1)
    later = sorted((d, n) for d, n in cal.items() if d > day)
    if not later:
        raise ToolError(f"no market holiday after {date} in the {exchange_code} calendar")
    hit, name = later[0]
    return {"exchange_code": markets()[exchange_code.strip().upper()][0], "date": hit.isoformat(), "name": name,
            "weekday": WEEKDAYS[hit.weekday()], "days_away": (hit - day).days}


TOOLS = [market_holidays, market_holiday_check, next_market_holiday]
