"""US consumer prices from the cpi package's bundled BLS database (CPI-U, not seasonally adjusted,
1913 onward): index values, inflation-adjusted dollars, annual inflation, expenditure categories
(food, gasoline, rent ...) and metropolitan areas.

The SQLite file that ships inside the cpi package is read directly and read-only, so nothing is
ever downloaded (importing ``cpi`` itself would check for staleness and load pandas).
"""

from __future__ import annotations

import importlib.util
import marshal
import sqlite3
from functools import cache
from pathlib import Path
from typing import Annotated

from pydantic import Field
from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.datacache import keyed_path, load_or_build, source_hash, versions
from dive.tools.packs.finance._common import Limit, Money, Year, meta, money, tidy
from dive.tools.tool import Sem, tool

_META = meta("cpi")

Month = Annotated[int | None, Sem("month"), Field(ge=1, le=12)]
ItemCode = Annotated[str, Sem("cpi_item_code")]
AreaCode = Annotated[str, Sem("cpi_area_code")]
NATIONAL, ALL_ITEMS = "0000", "SA0"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


@cache
def _db_path() -> Path:
    spec = importlib.util.find_spec("cpi")
    if spec is None or not spec.submodule_search_locations:
        raise ToolError("the cpi package is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "cpi.db"
    if not path.exists():
        raise ToolError("the cpi package's bundled database cpi.db is missing; reinstall cpi")
    return path


def _connect() -> sqlite3.Connection:
    return sqlite3.connect(f"file:{_db_path()}?mode=ro", uri=True)


def _query(sql: str, params: tuple[object, ...] = ()) -> list[tuple]:
    with _connect() as conn:
        return conn.execute(sql, params).fetchall()


def _build_stretches() -> dict[str, tuple[tuple[int, int], ...]]:
    """One scan of the indexes table: each CUUR/CUUS series' stretches of consecutive rows (one or two each)."""
    stretches: dict[str, list[tuple[int, int]]] = {}
    last = None
    with _connect() as conn:
        for series, rowid in conn.execute("SELECT series, rowid FROM indexes ORDER BY rowid"):
            runs = stretches.setdefault(series, [])
            if series == last:
                runs[-1] = (runs[-1][0], rowid)
            else:
                runs.append((rowid, rowid))
            last = series
    return {s: tuple(runs) for s, runs in stretches.items() if s.startswith(("CUUR", "CUUS"))}


@cache
def _stretches() -> dict[str, tuple[tuple[int, int], ...]]:
    """Series id -> its row-id stretches, cached on disk: the indexes table (1.7 million rows) has no index,
    so a lookup by series alone scans it all (about half a second a series)."""
    db = _db_path()
    stat = db.stat()
    path = keyed_path("finance", "cpi-stretches", versions("cpi"), str(db), stat.st_size, stat.st_mtime_ns,
                      source_hash(__file__))
    return load_or_build(path, _build_stretches, marshal.dumps, marshal.loads)


@cache
def _series(series_id: str) -> dict[tuple[int, str], float]:
    """A CUUR/CUUS series' values by (year, period), read by row id in table order (as a full scan reads them)."""
    rows = [row for lo, hi in _stretches().get(series_id, ())
            for row in _query("SELECT year, period, value FROM indexes WHERE rowid BETWEEN ? AND ? AND series = ? "
                              "ORDER BY rowid", (lo, hi, series_id))]
    return {(y, p): v for y, p, v in rows}


@cache
def items() -> dict[str, str]:
    """CPI item code -> name (expenditure categories such as SAF1 Food)."""
    return dict(_query("SELECT code, name FROM items ORDER BY code"))


@cache
def areas() -> dict[str, str]:
    """CPI area code -> name (US, regions, size classes and metropolitan areas)."""
    return dict(_query("SELECT code, name FROM areas ORDER BY code"))


def item_code(code: str) -> str:
    key = code.strip().upper()
    if key not in items():
        raise ToolError(f"unknown CPI item code {code!r}; find one with cpi_item_search (e.g. SAF1 food, "
                        "SETB01 gasoline, SEHA rent)")
    return key


def area_code(code: str) -> str:
    key = code.strip().upper()
    if key not in areas():
        raise ToolError(f"unknown CPI area code {code!r}; find one with cpi_area_search (e.g. 0000 U.S. city "
                        "average, S12A New York, S49B San Francisco)")
    return key


def index_value(item: str, area: str, year: int, month: int | None) -> float:
    """The index value of a month, or the annual average when month is None."""
    monthly = _series(f"CUUR{area}{item}")
    if month is None:
        value = monthly.get((year, "M13"))
        if value is None:
            value = _series(f"CUUS{area}{item}").get((year, "S03"))
    else:
        value = monthly.get((year, f"M{month:02d}"))
    if value is None:
        what = f"{_MONTHS[month - 1]} {year}" if month else f"the {year} annual average"
        years = sorted({y for y, _ in monthly} | {y for y, _ in _series(f"CUUS{area}{item}")})
        span = f"{years[0]}-{years[-1]}" if years else "no years"
        raise ToolError(f"no CPI value for {what} ({items()[item]}, {areas()[area]}); the series covers {span} "
                        "(some areas publish only every other month or twice a year, and October 2025 was never collected)")
    return float(value)


def period_label(year: int, month: int | None) -> str:
    return f"{year}-{month:02d}" if month else f"{year} annual average"


def check_month_pair(from_month: int | None, to_month: int | None) -> None:
    if (from_month is None) != (to_month is None):
        raise ToolError("give both from_month and to_month (monthly values) or neither (annual averages)")


class CpiValue(TypedDict):
    cpi: Annotated[float, Sem("cpi_index")]
    period: Annotated[str, Sem("text")]
    base: str


@tool(kind="R", examples=[{"year": 2024}, {"year": 1980, "month": 6}], **_META)
def cpi_value(year: Year, month: Month = None) -> CpiValue:
    """Look up the US Consumer Price Index (CPI-U, all items, U.S. city average, 1982-84 = 100) for a year or a month.

    Args:
        year: the year, 1913 onward.
        month: month 1-12 for a monthly value; omit for the annual average.
    """
    return {"cpi": index_value(ALL_ITEMS, NATIONAL, year, month), "period": period_label(year, month), "base": "1982-84=100"}


class Inflated(TypedDict):
    amount: Annotated[float, Sem("money_amount")]
    cpi_from: Annotated[float, Sem("cpi_index")]
    cpi_to: Annotated[float, Sem("cpi_index")]
    cumulative_inflation_percent: Annotated[float, Sem("percent")]


@tool(kind="R", examples=[{"amount": 100, "from_year": 1980, "to_year": 2024},
                          {"amount": 50, "from_year": 2020, "from_month": 1, "to_year": 2024, "to_month": 1}], **_META)
def cpi_inflate_amount(
    amount: Money, from_year: Year, to_year: Year, from_month: Month = None, to_month: Month = None,
) -> Inflated:
    """Adjust a US dollar amount for inflation between two years (or two months) with the CPI-U.

    Use it for "what is $100 from 1980 worth in 2024 dollars"; going back in time deflates.

    Args:
        amount: the dollar amount in from_year dollars.
        from_year: the year the amount is expressed in.
        to_year: the year to express it in.
        from_month: month 1-12 of from_year for monthly precision (give to_month too).
        to_month: month 1-12 of to_year.
    """
    check_month_pair(from_month, to_month)
    a = index_value(ALL_ITEMS, NATIONAL, from_year, from_month)
    b = index_value(ALL_ITEMS, NATIONAL, to_year, to_month)
    return {"amount": money(amount * b / a), "cpi_from": a, "cpi_to": b,
            "cumulative_inflation_percent": tidy((b / a - 1) * 100, 4)}


class AnnualInflation(TypedDict):
    year: Annotated[int, Sem("year")]
    annual_average_percent: Annotated[float, Sem("percent")]
    december_to_december_percent: Annotated[float | None, Sem("percent")]
    cpi_annual_average: Annotated[float, Sem("cpi_index")]


@tool(kind="R", examples=[{"year": 2022}], **_META)
def cpi_annual_inflation(year: Year) -> AnnualInflation:
    """Give the US inflation rate of a year: annual-average CPI-U change and December-to-December change.

    Args:
        year: the year, 1914 onward.
    """
    now = index_value(ALL_ITEMS, NATIONAL, year, None)
    before = index_value(ALL_ITEMS, NATIONAL, year - 1, None)
    try:
        dec = (index_value(ALL_ITEMS, NATIONAL, year, 12) / index_value(ALL_ITEMS, NATIONAL, year - 1, 12) - 1) * 100
    except ToolError:
        dec = None
    return {"year": year, "annual_average_percent": tidy((now / before - 1) * 100, 4),
            "december_to_december_percent": None if dec is None else tidy(dec, 4), "cpi_annual_average": now}


class InflationSpan(TypedDict):
    cumulative_percent: Annotated[float, Sem("percent")]
    average_annual_percent: Annotated[float, Sem("percent")]
    purchasing_power_of_dollar: Annotated[float, Sem("money_amount")]


@tool(kind="R", examples=[{"from_year": 2000, "to_year": 2024}], **_META)
def cpi_inflation_between(from_year: Year, to_year: Year) -> InflationSpan:
    """Measure US inflation between two years (CPI-U annual averages): total, average per year, and what $1 of from_year buys later.

    Args:
        from_year: the earlier year, 1913 onward.
        to_year: the later year.
    """
    if to_year <= from_year:
        raise ToolError(f"to_year ({to_year}) must be after from_year ({from_year})")
    a, b = index_value(ALL_ITEMS, NATIONAL, from_year, None), index_value(ALL_ITEMS, NATIONAL, to_year, None)
    return {"cumulative_percent": tidy((b / a - 1) * 100, 4),
            "average_annual_percent": tidy(((b / a) ** (1 / (to_year - from_year)) - 1) * 100, 4),
            "purchasing_power_of_dollar": tidy(a / b, 4)}


class Ranked(TypedDict):
    year: Annotated[int, Sem("year")]
    inflation_percent: Annotated[float, Sem("percent")]


class RankedYears(TypedDict):
    years: list[Ranked]


@tool(kind="R", examples=[{"start_year": 1970, "end_year": 2024, "limit": 5}], **_META)
def cpi_extreme_inflation_years(
    start_year: Year, end_year: Year, lowest: bool = False, limit: Limit = 5,
) -> RankedYears:
    """Rank the years of a period by US annual-average CPI-U inflation: the highest (or lowest, e.g. deflation) first.

    Args:
        start_year: first year of the period, 1914 onward.
        end_year: last year of the period.
        lowest: true to list the lowest inflation (or deflation) years first.
        limit: how many years to list.
    """
    if end_year < start_year:
        raise ToolError(f"end_year ({end_year}) is before start_year ({start_year})")
    annual = {y: v for (y, p), v in _series(f"CUUR{NATIONAL}{ALL_ITEMS}").items() if p == "M13"}
    rows = [(y, (annual[y] / annual[y - 1] - 1) * 100) for y in range(start_year, end_year + 1)
            if y in annual and y - 1 in annual]
    if not rows:
        raise ToolError(f"no annual CPI data between {start_year} and {end_year} (data: 1913-{max(annual)})")
    rows.sort(key=lambda r: r[1], reverse=not lowest)
    return {"years": [{"year": y, "inflation_percent": tidy(v, 4)} for y, v in rows[:limit]]}


TOOLS = [cpi_value, cpi_inflate_amount, cpi_annual_inflation, cpi_inflation_between, cpi_extreme_inflation_years]
