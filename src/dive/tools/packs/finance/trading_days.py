"""Trading-day arithmetic on exchange calendars (exchange-calendars): is a date a session, the next
and previous session, sessions between two dates, and moving a date by N sessions.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import Field
from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.finance._common import ExchangeCode, IsoDate, exchange_calendar, meta, parse_date, session_window
from dive.tools.tool import Sem, tool

_META = meta("exchange-calendars")


def _day(cal: Any, text: str, what: str = "date") -> dt.date:
    day = parse_date(text, what)
    session_window(cal, day, what)
    return day


class TradingDay(TypedDict):
    exchange_code: Annotated[str, Sem("exchange_code")]
    date: Annotated[str, Sem("date")]
    is_trading_day: bool
    reason: str
    previous_trading_day: Annotated[str | None, Sem("date")]
    next_trading_day: Annotated[str | None, Sem("date")]


def _neighbours(cal: Any, day: dt.date) -> tuple[str | None, str | None]:
    label = day.isoformat()
    prev = cal.date_to_session(label, direction="previous")
    nxt = cal.date_to_session(label, direction="next")
    if cal.is_session(label):
        prev = cal.previous_session(label) if prev > cal.first_session else None
        nxt = cal.next_session(label) if nxt < cal.last_session else None
    return (prev.date().isoformat() if prev is not None else None,
            nxt.date().isoformat() if nxt is not None else None)


@tool(kind="R", examples=[{"exchange_code": "XNYS", "date": "2024-07-04"}], **_META)
def exchange_is_trading_day(exchange_code: ExchangeCode, date: IsoDate) -> TradingDay:
    """Check whether an exchange holds a trading session on a date (closed for a weekend or a market holiday).

    Args:
        exchange_code: ISO 10383 MIC such as "XNYS", "XLON", "XTKS".
        date: the date, YYYY-MM-DD (2000-2030).
    """
    cal = exchange_calendar(exchange_code)
    day = _day(cal, date)
    is_session = bool(cal.is_session(day.isoformat()))
    if is_session:
        reason = "regular trading session"
    elif cal.weekmask[day.weekday()] == "0":
        reason = f"weekend ({day.strftime('%A')})"
    else:
        reason = "market holiday"
    prev, nxt = _neighbours(cal, day)
    return {"exchange_code": cal.name, "date": day.isoformat(), "is_trading_day": is_session, "reason": reason,
            "previous_trading_day": prev, "next_trading_day": nxt}


class Session(TypedDict):
    exchange_code: Annotated[str, Sem("exchange_code")]
    date: Annotated[str, Sem("date")]
    weekday: Annotated[str, Sem("weekday")]
    days_away: Annotated[int, Sem("duration_days")]


def _session(cal: Any, start: dt.date, target: Any) -> Session:
    day = target.date()
    return {"exchange_code": cal.name, "date": day.isoformat(), "weekday": day.strftime("%A"),
            "days_away": (day - start).days}


@tool(kind="R", examples=[{"exchange_code": "XNYS", "date": "2024-12-24"}], **_META)
def exchange_next_trading_day(exchange_code: ExchangeCode, date: IsoDate) -> Session:
    """Find the first trading session of an exchange strictly after a date (skipping weekends and holidays).

    Args:
        exchange_code: ISO 10383 MIC such as "XNYS".
        date: the date to start from, YYYY-MM-DD.
    """
    cal = exchange_calendar(exchange_code)
    day = _day(cal, date)
    label = day.isoformat()
    target = cal.next_session(label) if cal.is_session(label) else cal.date_to_session(label, direction="next")
    return _session(cal, day, target)


@tool(kind="R", examples=[{"exchange_code": "XLON", "date": "2024-12-26"}], **_META)
def exchange_previous_trading_day(exchange_code: ExchangeCode, date: IsoDate) -> Session:
    """Find the last trading session of an exchange strictly before a date (skipping weekends and holidays).

    Args:
        exchange_code: ISO 10383 MIC such as "XLON".
        date: the date to start from, YYYY-MM-DD.
    """
    cal = exchange_calendar(exchange_code)
    day = _day(cal, date)
    label = day.isoformat()
    if label == cal.first_session.date().isoformat():
        raise ToolError(f"{label} is the first session the {cal.name} calendar covers")
    target = (cal.previous_session(label) if cal.is_session(label)
              else cal.date_to_session(label, direction="previous"))
    return _session(cal, day, target)


class SessionCount(TypedDict):
    exchange_code: Annotated[str, Sem("exchange_code")]
    trading_days: Annotated[int, Sem("integer")]
    first_trading_day: Annotated[str | None, Sem("date")]
    last_trading_day: Annotated[str | None, Sem("date")]
    closed_weekdays: Annotated[int, Sem("integer")]


def _weekdays(weekmask: str, d1: dt.date, d2: dt.date) -> int:
    """The days from ``d1`` to ``d2`` (both included) that are trading weekdays per ``weekmask`` ("1111100")."""
    weeks, rest = divmod((d2 - d1).days + 1, 7)
    first = d1.weekday()
    return weeks * weekmask.count("1") + sum(weekmask[(first + k) % 7] == "1" for k in range(rest))


@tool(kind="R", examples=[{"exchange_code": "XNYS", "start": "2024-01-01", "end": "2024-12-31"}], **_META)
def exchange_trading_days_between(exchange_code: ExchangeCode, start: IsoDate, end: IsoDate) -> SessionCount:
    """Count an exchange's trading sessions from a start date to an end date, both included.

    Args:
        exchange_code: ISO 10383 MIC such as "XNYS".
        start: first date, YYYY-MM-DD.
        end: last date, YYYY-MM-DD (not before start).
    """
    cal = exchange_calendar(exchange_code)
    d1, d2 = _day(cal, start, "start"), _day(cal, end, "end")
    if d2 < d1:
        raise ToolError(f"end {end} is before start {start}")
    sessions = cal.sessions_in_range(d1.isoformat(), d2.isoformat())
    weekdays = _weekdays(cal.weekmask, d1, d2)
    return {
        "exchange_code": cal.name, "trading_days": len(sessions),
        "first_trading_day": sessions[0].date().isoformat() if len(sessions) else None,
        "last_trading_day": sessions[-1].date().isoformat() if len(sessions) else None,
        "closed_weekdays": weekdays - len(sessions),
    }


@tool(kind="R", examples=[{"exchange_code": "XNYS", "date": "2024-12-20", "sessions": 5}], **_META)
def exchange_add_trading_days(
    exchange_code: ExchangeCode, date: IsoDate, sessions: Annotated[int, Sem("integer"), Field(ge=-2500, le=2500)],
) -> Session:
    """Move a date forward (or back, if negative) by a number of an exchange's trading sessions, e.g. for T+1 settlement.

    A date that is not a session first rolls to the next session (forward) or previous one (back).

    Args:
        exchange_code: ISO 10383 MIC such as "XNYS".
        date: the starting date, YYYY-MM-DD.
        sessions: number of trading sessions to move; negative moves back.
    """
    cal = exchange_calendar(exchange_code)
    day = _day(cal, date)
    label = day.isoformat()
    if cal.is_session(label):
        base = cal.date_to_session(label)
    else:
        base = cal.date_to_session(label, direction="next" if sessions >= 0 else "previous")
        sessions = sessions - 1 if sessions > 0 else sessions + 1 if sessions < 0 else 0
    try:
        target = cal.session_offset(base, sessions)
    except Exception:  # noqa: BLE001 - exchange_calendars raises its own range errors
        raise ToolError(f"moving {sessions} sessions from {label} leaves the {cal.name} calendar's range "
                        f"{cal.first_session.date()} to {cal.last_session.date()}") from None
    return _session(cal, day, target)


TOOLS = [exchange_is_trading_day, exchange_next_trading_day, exchange_previous_trading_day,
         exchange_trading_days_between, exchange_add_trading_days]
