"""Stock and futures exchanges backed by exchange-calendars: exchange facts, trading hours on a
date, whether the market is open at a moment, holidays and early closes of a year.

Exchanges are named by ISO 10383 MIC (XNYS, XLON, XTKS ...); calendars cover 2000 to 2030
where the exchange's calendar supports it.
"""

from __future__ import annotations

import datetime as dt
import marshal
import zoneinfo
from functools import lru_cache
from typing import Annotated, Any

from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.datacache import keyed_path, load_or_build, source_hash, versions
from dive.tools.packs.finance._common import (
    CALENDAR_PACKAGES,
    CountryCode,
    ExchangeCode,
    IsoDate,
    Limit,
    Year,
    exchange_calendar,
    exchange_names,
    meta,
    parse_date,
    parse_datetime,
    session_window,
)
from dive.tools.tool import Sem, tool

_META = meta("exchange-calendars")

# MIC -> (exchange name, ISO 3166-1 alpha-2 country), per the ISO 10383 MIC registry.
EXCHANGES: dict[str, tuple[str, str | None]] = {
    "AIXK": ("Astana International Exchange", "KZ"), "ASEX": ("Athens Stock Exchange", "GR"),
    "BVMF": ("B3 - Brasil Bolsa Balcao", "BR"), "CMES": ("Chicago Mercantile Exchange", "US"),
    "IEPA": ("ICE Futures U.S.", "US"), "XAMS": ("Euronext Amsterdam", "NL"),
    "XASX": ("Australian Securities Exchange", "AU"), "XBDA": ("Bermuda Stock Exchange", "BM"),
    "XBEL": ("Belgrade Stock Exchange", "RS"), "XBKK": ("Stock Exchange of Thailand", "TH"),
    "XBOG": ("Bolsa de Valores de Colombia", "CO"), "XBOM": ("BSE (Bombay Stock Exchange)", "IN"),
    "XBRA": ("Bratislava Stock Exchange", "SK"), "XBRU": ("Euronext Brussels", "BE"),
    "XBSE": ("Bucharest Stock Exchange", "RO"), "XBUD": ("Budapest Stock Exchange", "HU"),
    "XBUE": ("Bolsa y Mercados Argentinos (Buenos Aires)", "AR"), "XCBF": ("Cboe Futures Exchange", "US"),
    "XCSE": ("Nasdaq Copenhagen", "DK"), "XCYS": ("Cyprus Stock Exchange", "CY"),
    "XDUB": ("Euronext Dublin", "IE"), "XDUS": ("Boerse Duesseldorf", "DE"),
    "XEEE": ("European Energy Exchange", "DE"), "XETR": ("Xetra (Deutsche Boerse)", "DE"),
    "XEUR": ("Eurex", "DE"), "XFRA": ("Frankfurt Stock Exchange", "DE"), "XHAM": ("Boerse Hamburg", "DE"),
    "XHEL": ("Nasdaq Helsinki", "FI"), "XHKG": ("Hong Kong Stock Exchange", "HK"),
    "XICE": ("Nasdaq Iceland", "IS"), "XIDX": ("Indonesia Stock Exchange", "ID"),
    "XIST": ("Borsa Istanbul", "TR"), "XJSE": ("Johannesburg Stock Exchange", "ZA"),
    "XKAR": ("Pakistan Stock Exchange", "PK"), "XKLS": ("Bursa Malaysia", "MY"), "XKRX": ("Korea Exchange", "KR"),
    "XLIM": ("Bolsa de Valores de Lima", "PE"), "XLIS": ("Euronext Lisbon", "PT"),
    "XLIT": ("Nasdaq Vilnius", "LT"), "XLJU": ("Ljubljana Stock Exchange", "SI"),
    "XLON": ("London Stock Exchange", "GB"), "XLUX": ("Luxembourg Stock Exchange", "LU"),
    "XMAD": ("Bolsa de Madrid", "ES"), "XMEX": ("Bolsa Mexicana de Valores", "MX"),
    "XMIL": ("Borsa Italiana (Milan)", "IT"), "XMOS": ("Moscow Exchange", "RU"),
    "XNYS": ("New York Stock Exchange", "US"), "XNZE": ("New Zealand Exchange", "NZ"),
    "XOSL": ("Oslo Boers", "NO"), "XPAR": ("Euronext Paris", "FR"), "XPHS": ("Philippine Stock Exchange", "PH"),
    "XPRA": ("Prague Stock Exchange", "CZ"), "XRIS": ("Nasdaq Riga", "LV"), "XSAU": ("Saudi Exchange (Tadawul)", "SA"),
    "XSES": ("Singapore Exchange", "SG"), "XSGO": ("Santiago Stock Exchange", "CL"),
    "XSHG": ("Shanghai Stock Exchange", "CN"), "XSTO": ("Nasdaq Stockholm", "SE"),
    "XSTU": ("Boerse Stuttgart", "DE"), "XSWX": ("SIX Swiss Exchange", "CH"), "XTAE": ("Tel Aviv Stock Exchange", "IL"),
    "XTAI": ("Taiwan Stock Exchange", "TW"), "XTAL": ("Nasdaq Tallinn", "EE"), "XTKS": ("Tokyo Stock Exchange", "JP"),
    "XTSE": ("Toronto Stock Exchange", "CA"), "XWAR": ("Warsaw Stock Exchange", "PL"),
    "XWBO": ("Wiener Boerse (Vienna)", "AT"), "XZAG": ("Zagreb Stock Exchange", "HR"),
    "us_futures": ("Synthetic US futures calendar", "US"), "24/7": ("Always-open calendar", None),
    "24/5": ("Weekdays-only calendar", None),
}
# Calendars exchange-calendars 4.13 cannot build with the installed pandas (Orthodox Easter offsets,
# Tel Aviv's 2026 move to a Monday-Friday week); they are left out of listings and seeds.
UNBUILDABLE = frozenset({"ASEX", "XBEL", "XBSE", "XCYS", "XTAE"})
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _hhmm(times: Any) -> str | None:
    """The current entry of an exchange_calendars time table ((date or None, time or None), ...)."""
    current = times[-1][1] if times else None
    return current.strftime("%H:%M") if current is not None else None


class ExchangeInfo(TypedDict):
    exchange_code: Annotated[str, Sem("exchange_code")]
    name: Annotated[str, Sem("exchange_name")]
    country_code: Annotated[str | None, Sem("country_code")]
    timezone: Annotated[str, Sem("timezone")]
    open_time: Annotated[str, Sem("time_of_day")]
    close_time: Annotated[str, Sem("time_of_day")]
    lunch_break: Annotated[str | None, Sem("text")]
    trading_weekdays: list[Annotated[str, Sem("weekday")]]
    aliases: list[Annotated[str, Sem("market_name")]]
    first_session: Annotated[str, Sem("date")]
    last_session: Annotated[str, Sem("date")]


@tool(kind="R", examples=[{"exchange_code": "XNYS"}, {"exchange_code": "XHKG"}], **_META)
def exchange_info(exchange_code: ExchangeCode) -> ExchangeInfo:
    """Look up an exchange by MIC: name, country, time zone, regular trading hours, lunch break and trading weekdays.

    Args:
        exchange_code: ISO 10383 MIC such as "XNYS", "XLON", "XTKS" (aliases like "NYSE", "LSE" also work).
    """
    cal = exchange_calendar(exchange_code)
    name, country = EXCHANGES.get(cal.name, (cal.name, None))
    brk_start, brk_end = _hhmm(cal.break_start_times), _hhmm(cal.break_end_times)
    brk = f"{brk_start}-{brk_end}" if brk_start and brk_end else None
    aliases = sorted(a for a, n in exchange_names().items() if n == cal.name and a != cal.name.upper())
    return {
        "exchange_code": cal.name, "name": name, "country_code": country, "timezone": str(cal.tz),
        "open_time": _hhmm(cal.open_times) or "", "close_time": _hhmm(cal.close_times) or "",
        "lunch_break": brk, "trading_weekdays": [d for d, m in zip(_WEEKDAYS, cal.weekmask, strict=True) if m == "1"],
        "aliases": aliases, "first_session": cal.first_session.date().isoformat(),
        "last_session": cal.last_session.date().isoformat(),
    }


class ExchangeRow(TypedDict):
    exchange_code: Annotated[str, Sem("exchange_code")]
    name: Annotated[str, Sem("exchange_name")]
    country_code: Annotated[str | None, Sem("country_code")]


class ExchangeList(TypedDict):
    count: Annotated[int, Sem("integer")]
    exchanges: list[ExchangeRow]


@tool(kind="R", examples=[{"country_code": "DE"}, {}], **_META)
def list_exchanges(country_code: CountryCode | None = None, limit: Limit = 20) -> ExchangeList:
    """List the exchanges with trading calendars, optionally only those of one country, with their MIC codes.

    Args:
        country_code: ISO 3166-1 alpha-2 code to filter by, e.g. "DE"; omit for all exchanges.
        limit: most exchanges to list (the count covers all matches).
    """
    want = country_code.strip().upper() if country_code else None
    rows: list[ExchangeRow] = [
        {"exchange_code": mic, "name": name, "country_code": cc}
        for mic, (name, cc) in sorted(EXCHANGES.items()) if mic not in UNBUILDABLE and (want is None or cc == want)
    ]
    if want and not rows:
        raise ToolError(f"no exchange calendar for country {country_code!r}; countries with one: "
                        f"{', '.join(sorted({cc for m, (_, cc) in EXCHANGES.items() if cc and m not in UNBUILDABLE}))}")
    return {"count": len(rows), "exchanges": rows[:limit]}


def _local(ts: Any, tz: Any) -> str:
    return ts.tz_convert(tz).strftime("%Y-%m-%dT%H:%M")


class SessionHours(TypedDict):
    date: Annotated[str, Sem("date")]
    is_trading_day: bool
    open_local: Annotated[str | None, Sem("datetime")]
    close_local: Annotated[str | None, Sem("datetime")]
    open_utc: Annotated[str | None, Sem("datetime")]
    close_utc: Annotated[str | None, Sem("datetime")]
    timezone: Annotated[str, Sem("timezone")]
    early_close: bool
    late_open: bool
    break_local: Annotated[str | None, Sem("text")]
    trading_hours: Annotated[float | None, Sem("number", unit="h")]


@tool(kind="R", examples=[{"exchange_code": "XNYS", "date": "2024-11-29"}], **_META)
def exchange_session_hours(exchange_code: ExchangeCode, date: IsoDate) -> SessionHours:
    """Give an exchange's opening and closing time on a date, in local time and UTC, flagging early closes and late opens.

    Args:
        exchange_code: ISO 10383 MIC such as "XNYS".
        date: the date, YYYY-MM-DD.
    """
    cal = exchange_calendar(exchange_code)
    day = parse_date(date)
    session_window(cal, day)
    tz = cal.tz
    if not cal.is_session(day.isoformat()):
        return {"date": day.isoformat(), "is_trading_day": False, "open_local": None, "close_local": None,
                "open_utc": None, "close_utc": None, "timezone": str(tz), "early_close": False, "late_open": False,
                "break_local": None, "trading_hours": None}
    label = day.isoformat()
    opens, closes = cal.session_open(label), cal.session_close(label)
    hours = (closes - opens).total_seconds() / 3600
    brk = None
    if cal.session_has_break(label):
        bs, be = cal.session_break_start(label), cal.session_break_end(label)
        brk = f"{bs.tz_convert(tz).strftime('%H:%M')}-{be.tz_convert(tz).strftime('%H:%M')}"
        hours -= (be - bs).total_seconds() / 3600
    return {
        "date": label, "is_trading_day": True, "open_local": _local(opens, tz), "close_local": _local(closes, tz),
        "open_utc": _local(opens, "UTC"), "close_utc": _local(closes, "UTC"), "timezone": str(tz),
        "early_close": bool(label in {d.date().isoformat() for d in cal.early_closes}),
        "late_open": bool(label in {d.date().isoformat() for d in cal.late_opens}),
        "break_local": brk, "trading_hours": round(hours, 4),
    }


def _minute_bounds(cal: Any) -> tuple[Any, Any]:
    """``cal.first_minute`` and ``cal.last_minute``, taken from the sessions' first and last minutes: those
    properties build the index of every trading minute (millions; 0.2 s and tens of MB a calendar)."""
    import pandas as pd

    return pd.Timestamp(cal.first_minutes_nanos[0], tz="UTC"), pd.Timestamp(cal.last_minutes_nanos[-1], tz="UTC")


def _or_none(step: Any, ts: Any) -> Any:
    """``step(ts)``, or None past the end of the calendar."""
    try:
        return step(ts)
    except Exception:  # noqa: BLE001 - exchange_calendars raises range errors near its last session
        return None


class OpenAt(TypedDict):
    is_open: bool
    local_time: Annotated[str, Sem("datetime")]
    next_session_open_local: Annotated[str | None, Sem("datetime")]
    next_close_local: Annotated[str | None, Sem("datetime")]
    timezone: Annotated[str, Sem("timezone")]


@tool(kind="R", examples=[{"exchange_code": "XLON", "datetime": "2024-03-15T15:00:00", "timezone": "Europe/London"}],
      **_META)
def exchange_is_open_at(
    exchange_code: ExchangeCode, datetime: Annotated[str, Sem("datetime")],
    timezone: Annotated[str | None, Sem("timezone")] = None,
) -> OpenAt:
    """Check whether an exchange is open for trading at a moment, when its next session opens and when it next closes.

    Args:
        exchange_code: ISO 10383 MIC such as "XLON".
        datetime: the moment, ISO 8601 (e.g. 2024-03-15T15:00:00); an offset in it is respected.
        timezone: IANA time zone of a datetime without offset; omit to use the exchange's own time zone.
    """
    import pandas as pd

    cal = exchange_calendar(exchange_code)
    moment = parse_datetime(datetime)
    if moment.tzinfo is None:
        try:
            zone = zoneinfo.ZoneInfo(timezone) if timezone else zoneinfo.ZoneInfo(str(cal.tz))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ToolError(f"unknown IANA time zone {timezone!r} (e.g. America/New_York)") from None
        moment = moment.replace(tzinfo=zone)
    ts = pd.Timestamp(moment).tz_convert("UTC")
    first, last = _minute_bounds(cal)
    if not first <= ts < last:
        raise ToolError(f"{datetime} is outside the {cal.name} calendar's range {first.date()} to {last.date()}")
    tz = cal.tz
    nxt_open, nxt_close = _or_none(cal.next_open, ts), _or_none(cal.next_close, ts)
    return {
        "is_open": bool(cal.is_open_at_time(ts)), "local_time": _local(ts, tz),
        "next_session_open_local": _local(nxt_open, tz) if nxt_open is not None else None,
        "next_close_local": _local(nxt_close, tz) if nxt_close is not None else None,
        "timezone": str(tz),
    }


class Holiday(TypedDict):
    date: Annotated[str, Sem("date")]
    name: Annotated[str | None, Sem("holiday_name")]


class HolidayList(TypedDict):
    exchange_code: Annotated[str, Sem("exchange_code")]
    year: Annotated[int, Sem("year")]
    count: Annotated[int, Sem("integer")]
    holidays: list[Holiday]


def _year_bounds(cal: Any, year: int) -> tuple[dt.date, dt.date]:
    start = max(dt.date(year, 1, 1), cal.first_session.date())
    end = min(dt.date(year, 12, 31), cal.last_session.date())
    if start > end:
        raise ToolError(f"year {year} is outside the {cal.name} calendar's range "
                        f"{cal.first_session.date()} to {cal.last_session.date()}")
    return start, end


@lru_cache(maxsize=4096)  # a calendar's years: 31 at most for each of the 70 calendars
def _holiday_names(cal: Any, start: dt.date, end: dt.date) -> dict[str, str]:
    """Holiday date -> name in a year, kept in memory and on disk (expanding the rules takes 0.1-2 s a year;
    over a wider span, then sliced, the names of two holidays on one day can come out the other way)."""
    path = keyed_path("finance", "holiday-names", cal.name, start, end, versions(*CALENDAR_PACKAGES), source_hash(__file__))
    return load_or_build(path, lambda: _named_holidays(cal, start, end), marshal.dumps, marshal.loads)


def _named_holidays(cal: Any, start: dt.date, end: dt.date) -> dict[str, str]:
    import pandas as pd

    try:
        named = cal.regular_holidays.holidays(pd.Timestamp(start), pd.Timestamp(end), return_name=True)
    except MemoryError:  # a limit of this process: never cached as "no names"
        raise
    except Exception:  # noqa: BLE001 - names are a nicety; the dates come from the sessions
        return {}
    return {d.date().isoformat(): str(n) for d, n in named.items()}


@tool(kind="R", examples=[{"exchange_code": "XNYS", "year": 2024}], **_META)
def exchange_holidays(exchange_code: ExchangeCode, year: Year, limit: Limit = 30) -> HolidayList:
    """List the days an exchange is closed in a year although they are normal trading weekdays (market holidays), with names where known.

    Args:
        exchange_code: ISO 10383 MIC such as "XNYS".
        year: the year, 2000-2030.
        limit: most holidays to list (the count covers all of them).
    """
    import pandas as pd

    cal = exchange_calendar(exchange_code)
    start, end = _year_bounds(cal, year)
    sessions = {d.date() for d in cal.sessions_in_range(start.isoformat(), end.isoformat())}
    days = [d.date() for d in pd.date_range(start, end, freq="D") if cal.weekmask[d.weekday()] == "1"]
    closed = [d for d in days if d not in sessions]
    names = _holiday_names(cal, start, end)
    rows: list[Holiday] = [{"date": d.isoformat(), "name": names.get(d.isoformat())} for d in closed]
    return {"exchange_code": cal.name, "year": year, "count": len(rows), "holidays": rows[:limit]}


class EarlyClose(TypedDict):
    date: Annotated[str, Sem("date")]
    close_local: Annotated[str, Sem("time_of_day")]


class EarlyCloses(TypedDict):
    exchange_code: Annotated[str, Sem("exchange_code")]
    year: Annotated[int, Sem("year")]
    count: Annotated[int, Sem("integer")]
    early_closes: list[EarlyClose]


@tool(kind="R", examples=[{"exchange_code": "XNYS", "year": 2024}], **_META)
def exchange_early_closes(exchange_code: ExchangeCode, year: Year, limit: Limit = 20) -> EarlyCloses:
    """List the shortened trading days (early closes, e.g. Christmas Eve) of an exchange in a year, with the closing time.

    Args:
        exchange_code: ISO 10383 MIC such as "XNYS".
        year: the year, 2000-2030.
        limit: most days to list (the count covers all of them).
    """
    cal = exchange_calendar(exchange_code)
    start, end = _year_bounds(cal, year)
    days = [d for d in cal.early_closes if start <= d.date() <= end]
    rows: list[EarlyClose] = [
        {"date": d.date().isoformat(), "close_local": cal.closes[d].tz_convert(cal.tz).strftime("%H:%M")} for d in days
    ]
    return {"exchange_code": cal.name, "year": year, "count": len(rows), "early_closes": rows[:limit]}


TOOLS = [exchange_info, list_exchanges, exchange_session_hours, exchange_is_open_at, exchange_holidays,
         exchange_early_closes]
