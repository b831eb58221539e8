"""Loan tools backed by numpy-financial: payment, amortization rows and schedules, payoff time.

Rates are nominal annual rates as fractions (0.065 for 6.5 %), divided by the number of
payments per year to get the periodic rate (the APR convention of mortgages and car loans).
Amounts are given and returned as positive numbers.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any

from pydantic import Field
from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.finance._common import Limit, Money, Rate, Years, finite, meta, money, np_quiet, tidy
from dive.tools.tool import Sem, tool

_META = meta("numpy-financial")

PerYear = Annotated[int, Field(ge=1, le=365)]


@cache
def _npf() -> Any:
    import numpy_financial

    return numpy_financial


def _periods(years: float, per_year: int) -> int:
    n = round(years * per_year)
    if years <= 0 or n < 1:
        raise ToolError(f"the term must be positive: {years} years at {per_year} payments a year gives no payment")
    if abs(n - years * per_year) > 1e-6:
        raise ToolError(f"{years} years is not a whole number of payments at {per_year} a year; use e.g. {n / per_year:g}")
    return n


def _check_rate(annual_rate: float) -> None:
    if annual_rate < 0 or annual_rate > 1:
        raise ToolError(f"annual_rate is a fraction between 0 and 1 (0.065 for 6.5 %), got {annual_rate}")


class LoanPayment(TypedDict):
    payment: Annotated[float, Sem("money_amount")]
    number_of_payments: Annotated[int, Sem("integer")]
    total_paid: Annotated[float, Sem("money_amount")]
    total_interest: Annotated[float, Sem("money_amount")]
    periodic_rate: Annotated[float, Sem("interest_rate")]


@tool(kind="P", examples=[{"principal": 200000, "annual_rate": 0.065, "years": 30}], **_META)
def loan_payment(principal: Money, annual_rate: Rate, years: Years, payments_per_year: PerYear = 12) -> LoanPayment:
    """Compute the fixed payment that repays an amortizing loan (mortgage, car loan), with total interest paid.

    Use it to answer "what is the monthly payment on a $X loan at r % over n years". The periodic
    rate is annual_rate / payments_per_year; payments are made at the end of each period.

    Args:
        principal: amount borrowed, e.g. 200000.
        annual_rate: nominal annual interest rate as a fraction, e.g. 0.065 for 6.5 %.
        years: loan term in years, e.g. 30.
        payments_per_year: payments per year (12 monthly, 26 biweekly, 4 quarterly, 1 annual).
    """
    _check_rate(annual_rate)
    if principal <= 0:
        raise ToolError(f"principal must be positive, got {principal}")
    n = _periods(years, payments_per_year)
    r = annual_rate / payments_per_year
    pmt = -finite(_npf().pmt(r, n, principal), "the payment")
    return {
        "payment": money(pmt),
        "number_of_payments": n,
        "total_paid": money(pmt * n),
        "total_interest": money(pmt * n - principal),
        "periodic_rate": tidy(r, 10),
    }


class AmortRow(TypedDict):
    period: Annotated[int, Sem("integer")]
    payment: Annotated[float, Sem("money_amount")]
    interest: Annotated[float, Sem("money_amount")]
    principal: Annotated[float, Sem("money_amount")]
    remaining_balance: Annotated[float, Sem("money_amount")]


def _row(principal: float, r: float, n: int, k: int) -> AmortRow:
    npf = _npf()
    interest = -float(npf.ipmt(r, k, n, principal))
    paid = -float(npf.ppmt(r, k, n, principal))
    balance = float(npf.fv(r, k, npf.pmt(r, n, principal), principal))
    return {
        "period": k,
        "payment": money(interest + paid),
        "interest": money(interest),
        "principal": money(paid),
        "remaining_balance": money(max(-balance, 0.0)),
    }


@tool(kind="P", examples=[{"principal": 200000, "annual_rate": 0.065, "years": 30, "period": 13}], **_META)
def loan_amortization_row(
    principal: Money, annual_rate: Rate, years: Years, period: Annotated[int, Sem("integer")],
    payments_per_year: PerYear = 12,
) -> AmortRow:
    """Split one payment of an amortizing loan into interest and principal, with the balance left after it.

    Use it for "how much of payment number k is interest" or "what do I still owe after k payments".

    Args:
        principal: amount borrowed.
        annual_rate: nominal annual interest rate as a fraction, e.g. 0.065.
        years: loan term in years.
        period: payment number, 1 for the first payment, up to years * payments_per_year.
        payments_per_year: payments per year (12 for monthly).
    """
    _check_rate(annual_rate)
    n = _periods(years, payments_per_year)
    if not 1 <= period <= n:
        raise ToolError(f"period must be between 1 and {n} (the number of payments), got {period}")
    return _row(principal, annual_rate / payments_per_year, n, period)


class Schedule(TypedDict):
    payment: Annotated[float, Sem("money_amount")]
    number_of_payments: Annotated[int, Sem("integer")]
    rows: list[AmortRow]


@tool(kind="P", examples=[{"principal": 10000, "annual_rate": 0.06, "years": 1, "limit": 12}], **_META)
def loan_amortization_schedule(
    principal: Money, annual_rate: Rate, years: Years, payments_per_year: PerYear = 12,
    start_period: Annotated[int, Field(ge=1)] = 1, limit: Limit = 12,
) -> Schedule:
    """List consecutive rows of a loan's amortization schedule (interest, principal, balance per payment).

    Args:
        principal: amount borrowed.
        annual_rate: nominal annual interest rate as a fraction.
        years: loan term in years.
        payments_per_year: payments per year (12 for monthly).
        start_period: first payment number to list (1 = first payment).
        limit: how many rows to list (at most 100).
    """
    _check_rate(annual_rate)
    n = _periods(years, payments_per_year)
    if start_period > n:
        raise ToolError(f"start_period {start_period} is past the last payment ({n})")
    r = annual_rate / payments_per_year
    rows = [_row(principal, r, n, k) for k in range(start_period, min(n, start_period + limit - 1) + 1)]
    return {"payment": money(-float(_npf().pmt(r, n, principal))), "number_of_payments": n, "rows": rows}


class Payoff(TypedDict):
    number_of_payments: Annotated[float, Sem("number")]
    years: Annotated[float, Sem("duration_years")]
    total_paid: Annotated[float, Sem("money_amount")]
    total_interest: Annotated[float, Sem("money_amount")]


@tool(kind="P", examples=[{"balance": 5000, "annual_rate": 0.2, "payment": 150}], **_META)
def loan_payoff_time(balance: Money, annual_rate: Rate, payment: Money, payments_per_year: PerYear = 12) -> Payoff:
    """Compute how long a fixed payment takes to pay off a balance (credit card, loan), and the interest paid.

    Args:
        balance: amount owed now.
        annual_rate: nominal annual interest rate as a fraction, e.g. 0.2 for 20 % APR.
        payment: fixed payment made each period.
        payments_per_year: payments per year (12 for monthly).
    """
    _check_rate(annual_rate)
    r = annual_rate / payments_per_year
    if payment <= balance * r:
        raise ToolError(f"a payment of {payment} does not cover the interest of {money(balance * r)} per period; "
                        "the balance would never be repaid")
    with np_quiet():
        n = finite(_npf().nper(r, -payment, balance), "the number of payments")
    return {
        "number_of_payments": tidy(n, 4),
        "years": tidy(n / payments_per_year, 4),
        "total_paid": money(payment * n),
        "total_interest": money(payment * n - balance),
    }


class Affordable(TypedDict):
    principal: Annotated[float, Sem("money_amount")]
    total_interest: Annotated[float, Sem("money_amount")]


@tool(kind="P", examples=[{"payment": 2000, "annual_rate": 0.065, "years": 30}], **_META)
def loan_affordable_principal(payment: Money, annual_rate: Rate, years: Years, payments_per_year: PerYear = 12) -> Affordable:
    """Compute the largest loan a given periodic payment can repay (the present value of the payments).

    Use it for "how big a mortgage can I afford with $X a month".

    Args:
        payment: payment you can make each period.
        annual_rate: nominal annual interest rate as a fraction.
        years: loan term in years.
        payments_per_year: payments per year (12 for monthly).
    """
    _check_rate(annual_rate)
    n = _periods(years, payments_per_year)
    pv = -float(_npf().pv(annual_rate / payments_per_year, n, payment))
    return {"principal": money(pv), "total_interest": money(payment * n - pv)}


class Savings(TypedDict):
    payment: Annotated[float, Sem("money_amount")]
    total_contributed: Annotated[float, Sem("money_amount")]
    interest_earned: Annotated[float, Sem("money_amount")]


@tool(kind="P", examples=[{"goal": 100000, "annual_rate": 0.05, "years": 10}], **_META)
def savings_payment_for_goal(
    goal: Money, annual_rate: Rate, years: Years, starting_balance: Money = 0.0, payments_per_year: PerYear = 12,
) -> Savings:
    """Compute the regular deposit needed to reach a savings goal by a deadline, at a fixed rate of return.

    Deposits are made at the end of each period; the starting balance also compounds.

    Args:
        goal: amount wanted at the end.
        annual_rate: nominal annual return as a fraction, e.g. 0.05.
        years: years until the goal.
        starting_balance: amount already saved now.
        payments_per_year: deposits per year (12 for monthly).
    """
    _check_rate(annual_rate)
    n = _periods(years, payments_per_year)
    pmt = -float(_npf().pmt(annual_rate / payments_per_year, n, -starting_balance, goal))
    if pmt <= 0:
        raise ToolError(f"the starting balance of {starting_balance} already grows past the goal of {goal}; no deposit is needed")
    return {
        "payment": money(pmt),
        "total_contributed": money(pmt * n + starting_balance),
        "interest_earned": money(goal - pmt * n - starting_balance),
    }


TOOLS = [loan_payment, loan_amortization_row, loan_amortization_schedule, loan_payoff_time,
         loan_affordable_principal, savings_payment_for_goal]
