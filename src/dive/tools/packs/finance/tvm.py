"""Time value of money backed by numpy-financial: future and present value, time and rate to a goal,
growth rate, NPV, IRR and MIRR of periodic cash flows.

Rates are fractions per year (0.05 for 5 %), compounded ``periods_per_year`` times a year
(the nominal-rate convention). Deposits and withdrawals are positive numbers.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any

from pydantic import Field
from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.finance._common import (
    CashFlows,
    Money,
    Rate,
    Years,
    check_cash_flows,
    finite,
    meta,
    money,
    np_quiet,
    tidy,
)
from dive.tools.tool import Sem, tool

_META = meta("numpy-financial")

PerYear = Annotated[int, Field(ge=1, le=365)]


@cache
def _npf() -> Any:
    import numpy_financial

    return numpy_financial


def _when(at_start: bool) -> str:
    return "begin" if at_start else "end"


class FutureValue(TypedDict):
    future_value: Annotated[float, Sem("money_amount")]
    total_contributed: Annotated[float, Sem("money_amount")]
    growth: Annotated[float, Sem("money_amount")]


@tool(kind="P", examples=[{"present_value": 1000, "annual_rate": 0.05, "years": 10},
                          {"present_value": 0, "annual_rate": 0.07, "years": 30, "contribution": 500, "periods_per_year": 12}],
      **_META)
def future_value(
    present_value: Money, annual_rate: Rate, years: Years, contribution: Money = 0.0,
    periods_per_year: PerYear = 1, contributions_at_start: bool = False,
) -> FutureValue:
    """Compute what a lump sum plus optional regular contributions grows to at a compound rate of return.

    Args:
        present_value: amount invested now.
        annual_rate: nominal annual rate of return as a fraction, e.g. 0.05.
        years: number of years, e.g. 10.
        contribution: amount added every period (0 for a lump sum only).
        periods_per_year: compounding and contribution periods per year (1 annual, 12 monthly).
        contributions_at_start: true when contributions are made at the start of each period (annuity due).
    """
    n = years * periods_per_year
    fv = float(_npf().fv(annual_rate / periods_per_year, n, -contribution, -present_value, when=_when(contributions_at_start)))
    fv = finite(fv, "the future value")
    paid = present_value + contribution * n
    return {"future_value": money(fv), "total_contributed": money(paid), "growth": money(fv - paid)}


class PresentValue(TypedDict):
    present_value: Annotated[float, Sem("money_amount")]
    discount: Annotated[float, Sem("money_amount")]


@tool(kind="P", examples=[{"future_value": 10000, "annual_rate": 0.06, "years": 5},
                          {"future_value": 0, "annual_rate": 0.04, "years": 20, "payment": 1000}], **_META)
def present_value(
    future_value: Money, annual_rate: Rate, years: Years, payment: Money = 0.0,
    periods_per_year: PerYear = 1, payments_at_start: bool = False,
) -> PresentValue:
    """Discount a future amount, and optionally a stream of equal payments (an annuity), to today's value.

    Use it for "what is $X received in n years worth today" or "what lump sum buys an annuity of $P a year".

    Args:
        future_value: single amount received at the end (0 for an annuity only).
        annual_rate: nominal annual discount rate as a fraction, e.g. 0.06.
        years: number of years until the end.
        payment: amount received every period (0 for a single amount).
        periods_per_year: periods per year (1 annual, 12 monthly).
        payments_at_start: true when payments come at the start of each period (annuity due).
    """
    n = years * periods_per_year
    pv = -float(_npf().pv(annual_rate / periods_per_year, n, payment, future_value, when=_when(payments_at_start)))
    pv = finite(pv, "the present value")
    return {"present_value": money(pv), "discount": money(future_value + payment * n - pv)}


class TimeToGoal(TypedDict):
    periods: Annotated[float, Sem("number")]
    years: Annotated[float, Sem("duration_years")]


@tool(kind="P", examples=[{"present_value": 10000, "goal": 20000, "annual_rate": 0.07}], **_META)
def years_to_reach_goal(
    present_value: Money, goal: Money, annual_rate: Rate, contribution: Money = 0.0, periods_per_year: PerYear = 1,
) -> TimeToGoal:
    """Compute how many years an investment (plus optional regular contributions) takes to grow to a goal.

    Args:
        present_value: amount invested now.
        goal: target amount.
        annual_rate: nominal annual rate of return as a fraction, e.g. 0.07.
        contribution: amount added at the end of every period.
        periods_per_year: periods per year (1 annual, 12 monthly).
    """
    if goal <= present_value:
        raise ToolError(f"the goal ({goal}) must be larger than the present value ({present_value})")
    if annual_rate <= 0 and contribution <= 0:
        raise ToolError("with no positive rate and no contributions the goal is never reached")
    with np_quiet():
        n = finite(_npf().nper(annual_rate / periods_per_year, -contribution, -present_value, goal), "the number of periods")
    return {"periods": tidy(n, 4), "years": tidy(n / periods_per_year, 4)}


class RateOut(TypedDict):
    annual_rate: Annotated[float, Sem("interest_rate")]
    periodic_rate: Annotated[float, Sem("interest_rate")]


@tool(kind="P", examples=[{"present_value": 10000, "goal": 25000, "years": 12}], **_META)
def required_rate_of_return(
    present_value: Money, goal: Money, years: Years, contribution: Money = 0.0, periods_per_year: PerYear = 1,
) -> RateOut:
    """Compute the annual rate of return needed to grow an amount (plus optional contributions) to a goal in time.

    Args:
        present_value: amount invested now.
        goal: target amount at the end.
        years: number of years available.
        contribution: amount added at the end of every period.
        periods_per_year: periods per year (1 annual, 12 monthly).
    """
    n = years * periods_per_year
    if n <= 0:
        raise ToolError(f"years must be positive, got {years}")
    r = float(_npf().rate(n, -contribution, -present_value, goal))
    r = finite(r, "the required rate")
    return {"annual_rate": tidy(r * periods_per_year, 8), "periodic_rate": tidy(r, 8)}


class Cagr(TypedDict):
    cagr: Annotated[float, Sem("interest_rate")]
    cagr_percent: Annotated[float, Sem("percent")]
    total_growth_percent: Annotated[float, Sem("percent")]


@tool(kind="P", examples=[{"start_value": 100, "end_value": 200, "years": 10}], **_META)
def compound_annual_growth_rate(start_value: Money, end_value: Money, years: Years) -> Cagr:
    """Compute the compound annual growth rate (CAGR) between a starting and an ending value.

    Use it for "by what % a year did revenue / a price / an index grow from A to B over n years".

    Args:
        start_value: value at the start (positive).
        end_value: value at the end (positive).
        years: years between the two values.
    """
    if start_value <= 0 or end_value <= 0 or years <= 0:
        raise ToolError("start_value, end_value and years must all be positive")
    r = finite(_npf().rate(years, 0, -start_value, end_value), "the growth rate")
    return {"cagr": tidy(r, 8), "cagr_percent": tidy(r * 100, 6),
            "total_growth_percent": tidy((end_value / start_value - 1) * 100, 6)}


class Npv(TypedDict):
    npv: Annotated[float, Sem("money_amount")]
    profitability_index: Annotated[float | None, Sem("number")]


@tool(kind="P", examples=[{"rate": 0.08, "cash_flows": [-1000, 300, 400, 500]}], **_META)
def net_present_value(rate: Rate, cash_flows: CashFlows) -> Npv:
    """Compute the net present value (NPV) of equally spaced cash flows at a discount rate.

    The first amount is at time 0 (not discounted), the next one period later, and so on.
    A positive NPV means the project earns more than the discount rate.

    Args:
        rate: discount rate per period as a fraction, e.g. 0.08.
        cash_flows: amounts per period, outflows negative, e.g. [-1000, 300, 400, 500].
    """
    if not cash_flows:
        raise ToolError("cash_flows must contain at least one amount")
    value = finite(_npf().npv(rate, cash_flows), "the NPV")
    outlay = -sum(c for c in cash_flows[:1] if c < 0)
    pi = (value + outlay) / outlay if outlay > 0 else None
    return {"npv": money(value), "profitability_index": None if pi is None else tidy(pi, 6)}


class Irr(TypedDict):
    irr: Annotated[float, Sem("interest_rate")]
    irr_percent: Annotated[float, Sem("percent")]
    payback_period: Annotated[float | None, Sem("number")]


def _payback(flows: list[float]) -> float | None:
    total = 0.0
    for k, c in enumerate(flows):
        if total < 0 <= total + c and c > 0 and k > 0:
            return k - 1 + (-total / c)
        total += c
    return None


@tool(kind="P", examples=[{"cash_flows": [-1000, 300, 400, 500]}], **_META)
def internal_rate_of_return(cash_flows: CashFlows) -> Irr:
    """Compute the internal rate of return (IRR) of equally spaced cash flows, and the simple payback period.

    The IRR is the per-period rate at which the NPV is zero. For dated, irregular flows use xirr.

    Args:
        cash_flows: amounts per period starting at time 0, outflows negative, e.g. [-1000, 300, 400, 500].
    """
    check_cash_flows(cash_flows)
    r = float(_npf().irr(cash_flows))
    r = finite(r, "the IRR")
    pb = _payback(cash_flows)
    return {"irr": tidy(r, 8), "irr_percent": tidy(r * 100, 6), "payback_period": None if pb is None else tidy(pb, 4)}


class Mirr(TypedDict):
    mirr: Annotated[float, Sem("interest_rate")]
    mirr_percent: Annotated[float, Sem("percent")]


@tool(kind="P", examples=[{"cash_flows": [-120000, 39000, 30000, 21000, 37000, 46000],
                           "finance_rate": 0.1, "reinvest_rate": 0.12}], **_META)
def modified_internal_rate_of_return(cash_flows: CashFlows, finance_rate: Rate, reinvest_rate: Rate) -> Mirr:
    """Compute the modified IRR (MIRR): outflows are financed at one rate and inflows reinvested at another.

    Args:
        cash_flows: amounts per period starting at time 0, outflows negative.
        finance_rate: interest rate paid on the money invested (outflows), as a fraction.
        reinvest_rate: rate earned when reinvesting the inflows, as a fraction.
    """
    check_cash_flows(cash_flows)
    r = finite(_npf().mirr(cash_flows, finance_rate, reinvest_rate), "the MIRR")
    return {"mirr": tidy(r, 8), "mirr_percent": tidy(r * 100, 6)}


TOOLS = [future_value, present_value, years_to_reach_goal, required_rate_of_return, compound_annual_growth_rate,
         net_present_value, internal_rate_of_return, modified_internal_rate_of_return]
