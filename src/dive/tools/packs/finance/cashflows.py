"""Dated cash flows, day counts, cumulative loan interest and fund multiples, backed by pyxirr.

pyxirr implements the Excel financial functions (XIRR, XNPV, CUMIPMT, CUMPRINC) and the
private-equity performance measures (DPI, RVPI, TVPI, Kaplan-Schoar PME) in Rust.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any

from pydantic import Field
from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.finance._common import (
    CashFlows,
    IsoDate,
    Money,
    Rate,
    Years,
    check_cash_flows,
    finite,
    meta,
    money,
    parse_date,
    tidy,
)
from dive.tools.tool import Sem, tool

_META = meta("pyxirr")

DateList = Annotated[list[str], Sem("date_list")]
DayCountName = Annotated[str, Sem("day_count_convention")]

# Names a user may type -> pyxirr DayCount members.
_DAY_COUNTS = {
    "ACT/360": "ACT_360", "ACT/365F": "ACT_365F", "ACT/365": "ACT_365F", "ACT/365.25": "ACT_365_25",
    "ACT/364": "ACT_364", "ACT/ACT": "ACT_ACT_ISDA", "ACT/ACT ISDA": "ACT_ACT_ISDA", "30/360": "THIRTY_360_ISDA",
    "30/360 ISDA": "THIRTY_360_ISDA", "30U/360": "THIRTY_U_360", "30E/360": "THIRTY_E_360",
    "30E/360 ISDA": "THIRTY_E_360_ISDA", "30E+/360": "THIRTY_E_PLUS_360", "NL/360": "NL_360", "NL/365": "NL_365",
}
DAY_COUNT_NAMES = ("ACT/360", "ACT/365F", "ACT/365.25", "ACT/364", "ACT/ACT", "30/360", "30U/360", "30E/360",
                   "30E/360 ISDA", "30E+/360", "NL/360", "NL/365")


@cache
def _px() -> Any:
    import pyxirr

    return pyxirr


def _day_count(name: str) -> Any:
    key = " ".join(name.strip().upper().replace("ACTUAL", "ACT").replace("FIXED", "F").split())
    if key not in _DAY_COUNTS:
        raise ToolError(f"unknown day-count convention {name!r}; use one of {', '.join(DAY_COUNT_NAMES)}")
    return getattr(_px().DayCount, _DAY_COUNTS[key])


def _dated(dates: list[str], amounts: list[float]) -> list[Any]:
    if len(dates) != len(amounts):
        raise ToolError(f"dates and amounts must have the same length ({len(dates)} dates, {len(amounts)} amounts)")
    return [parse_date(d, f"dates[{i}]") for i, d in enumerate(dates)]


class Xirr(TypedDict):
    xirr: Annotated[float, Sem("interest_rate")]
    xirr_percent: Annotated[float, Sem("percent")]


@tool(kind="P", examples=[{"dates": ["2008-01-01", "2008-03-01", "2008-10-30", "2009-02-15", "2009-04-01"],
                           "amounts": [-10000, 2750, 4250, 3250, 2750]}], **_META)
def xirr(dates: DateList, amounts: CashFlows) -> Xirr:
    """Compute the annualized internal rate of return of cash flows on irregular dates (Excel XIRR).

    Use it for investments with deposits and withdrawals on arbitrary dates; for equally spaced
    flows use internal_rate_of_return. Years are counted as actual days / 365.

    Args:
        dates: ISO date of each cash flow, e.g. ["2024-01-15", "2024-06-30"].
        amounts: the amount on each date, money paid out negative, money received positive.
    """
    days = _dated(dates, amounts)
    check_cash_flows(amounts, "amounts")
    r = _px().xirr(days, amounts, silent=True)
    if r is None:
        raise ToolError("XIRR did not converge for these cash flows; check the dates and signs")
    r = finite(r, "the XIRR")
    return {"xirr": tidy(r, 8), "xirr_percent": tidy(r * 100, 6)}


class Xnpv(TypedDict):
    xnpv: Annotated[float, Sem("money_amount")]
    valuation_date: Annotated[str, Sem("date")]


@tool(kind="P", examples=[{"rate": 0.09, "dates": ["2008-01-01", "2008-03-01", "2008-10-30", "2009-02-15", "2009-04-01"],
                           "amounts": [-10000, 2750, 4250, 3250, 2750]}], **_META)
def xnpv(rate: Rate, dates: DateList, amounts: CashFlows) -> Xnpv:
    """Compute the net present value of cash flows on irregular dates at an annual rate (Excel XNPV).

    Each flow is discounted by (1 + rate) ** (days since the first date / 365) to the first date.

    Args:
        rate: annual discount rate as a fraction, e.g. 0.09.
        dates: ISO date of each cash flow; the first date is the valuation date.
        amounts: the amount on each date, money paid out negative.
    """
    days = _dated(dates, amounts)
    if not days:
        raise ToolError("give at least one dated amount")
    value = finite(_px().xnpv(rate, days, amounts), "the XNPV")
    return {"xnpv": money(value), "valuation_date": days[0].isoformat()}


class CumInterest(TypedDict):
    interest_paid: Annotated[float, Sem("money_amount")]
    principal_repaid: Annotated[float, Sem("money_amount")]
    total_paid: Annotated[float, Sem("money_amount")]


@tool(kind="P", examples=[{"principal": 125000, "annual_rate": 0.09, "years": 30, "start_period": 13, "end_period": 24}],
      **_META)
def loan_interest_between_periods(
    principal: Money, annual_rate: Rate, years: Years, start_period: Annotated[int, Field(ge=1)],
    end_period: Annotated[int, Field(ge=1)], payments_per_year: Annotated[int, Field(ge=1, le=365)] = 12,
) -> CumInterest:
    """Sum the interest and the principal paid on an amortizing loan between two payment numbers (Excel CUMIPMT/CUMPRINC).

    Use it for "how much interest do I pay in year 2 of my mortgage" (payments 13 to 24).

    Args:
        principal: amount borrowed.
        annual_rate: nominal annual interest rate as a fraction.
        years: loan term in years.
        start_period: first payment number included (1 = first payment).
        end_period: last payment number included.
        payments_per_year: payments per year (12 for monthly).
    """
    n = round(years * payments_per_year)
    if n < 1 or not 1 <= start_period <= end_period <= n:
        raise ToolError(f"need 1 <= start_period <= end_period <= {n} (the number of payments)")
    if annual_rate <= 0:
        raise ToolError(f"annual_rate must be positive, got {annual_rate}")
    r = annual_rate / payments_per_year
    interest = -float(_px().cumipmt(r, n, principal, start_period, end_period))
    princ = -float(_px().cumprinc(r, n, principal, start_period, end_period))
    return {"interest_paid": money(interest), "principal_repaid": money(princ), "total_paid": money(interest + princ)}


class YearFraction(TypedDict):
    year_fraction: Annotated[float, Sem("duration_years")]
    days: Annotated[int, Sem("duration_days")]
    convention: Annotated[str, Sem("day_count_convention")]


# an example not whole months apart: 1 January to 1 July is half a year under every 30/360 convention, read off the
# dates (two readers, round BU)
@tool(kind="P", examples=[{"start": "2024-03-15", "end": "2024-09-30", "convention": "ACT/360"}], **_META)
def day_count_fraction(start: IsoDate, end: IsoDate, convention: DayCountName = "ACT/365F") -> YearFraction:
    """Compute the year fraction between two dates under a day-count convention (ACT/360, 30/360, ACT/ACT ...).

    Accrued interest on a bond or a deposit is rate * principal * year fraction.

    Args:
        start: accrual start date, YYYY-MM-DD.
        end: accrual end date, YYYY-MM-DD.
        convention: ACT/360, ACT/365F, ACT/365.25, ACT/364, ACT/ACT (ISDA), 30/360 (ISDA), 30U/360,
            30E/360, 30E/360 ISDA, 30E+/360, NL/360 or NL/365.
    """
    d1, d2 = parse_date(start, "start"), parse_date(end, "end")
    frac = float(_px().year_fraction(d1, d2, _day_count(convention)))
    return {"year_fraction": tidy(frac, 10), "days": (d2 - d1).days, "convention": convention}


class FundMultiples(TypedDict):
    paid_in: Annotated[float, Sem("money_amount")]
    distributed: Annotated[float, Sem("money_amount")]
    dpi: Annotated[float, Sem("number")]
    rvpi: Annotated[float, Sem("number")]
    tvpi: Annotated[float, Sem("number")]


def _positive(values: list[float], what: str) -> list[float]:
    if any(v < 0 for v in values):
        raise ToolError(f"{what} are given as positive amounts, e.g. [1000000, 500000]")
    return values


@tool(kind="P", examples=[{"contributions": [1000000, 500000], "distributions": [300000, 800000], "nav": 1200000}],
      **_META)
def fund_performance_multiples(
    contributions: CashFlows, distributions: CashFlows, nav: Money,
) -> FundMultiples:
    """Compute a private-equity fund's DPI, RVPI and TVPI multiples from capital calls, distributions and NAV.

    DPI = distributions / paid-in, RVPI = NAV / paid-in, TVPI = (distributions + NAV) / paid-in.

    Args:
        contributions: capital paid in (capital calls), positive amounts.
        distributions: money returned to investors, positive amounts (may be empty).
        nav: residual (net asset) value still held by the fund.
    """
    paid = _positive(contributions, "contributions")
    dist = _positive(distributions, "distributions")
    if sum(paid) <= 0:
        raise ToolError("contributions must add up to more than 0")
    pe = _px().pe
    return {
        "paid_in": money(sum(paid)),
        "distributed": money(sum(dist)),
        "dpi": tidy(pe.dpi_2(paid, dist or [0.0]), 6),
        "rvpi": tidy(pe.rvpi(paid, nav), 6),
        "tvpi": tidy(pe.tvpi_2(paid, dist or [0.0], nav), 6),
    }


class Pme(TypedDict):
    ks_pme: Annotated[float, Sem("number")]
    tvpi: Annotated[float, Sem("number")]
    outperformed_index: bool


@tool(kind="P", examples=[{"amounts": [-100, -50, 60, 120], "index_values": [100, 105, 115, 120], "nav": 20}], **_META)
def kaplan_schoar_pme(amounts: CashFlows, index_values: Annotated[list[float], Sem("number_list")], nav: Money = 0.0) -> Pme:
    """Compare a fund with a public market index by the Kaplan-Schoar public market equivalent (KS-PME).

    Every contribution and distribution is grown with the index to the last date; KS-PME above 1
    means the fund beat the index.

    Args:
        amounts: fund cash flows per period, contributions negative and distributions positive.
        index_values: the index level (e.g. S&P 500) on the date of each amount, same length.
        nav: residual value of the fund at the last date.
    """
    if len(amounts) != len(index_values):
        raise ToolError(f"amounts and index_values must have the same length ({len(amounts)} vs {len(index_values)})")
    if not any(a < 0 for a in amounts):
        raise ToolError("amounts need at least one contribution (a negative amount)")
    if any(v <= 0 for v in index_values):
        raise ToolError("index_values must be positive index levels")
    pe = _px().pe
    ks = finite(pe.ks_pme(amounts, index_values, nav), "the KS-PME")
    return {"ks_pme": tidy(ks, 6), "tvpi": tidy(pe.tvpi(amounts, nav), 6), "outperformed_index": ks > 1}


TOOLS = [xirr, xnpv, loan_interest_between_periods, day_count_fraction, fund_performance_multiples, kaplan_schoar_pme]
