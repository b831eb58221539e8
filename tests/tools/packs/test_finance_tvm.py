"""Real-value tests of the finance pack's loan, time-value-of-money and cash-flow tools.

Each expected value is an independent fact: a closed-form formula worked by hand in the comment,
a textbook figure, or the example in Microsoft's Excel function documentation.
"""

from __future__ import annotations

import math

import pytest

from packs_util import pool_or_skip

POOL = pool_or_skip("finance")


def out(_tool: str, /, **args):  # noqa: ANN003, ANN201
    obs = POOL.call(_tool, args)
    assert obs.ok, obs.error
    return obs.output


def test_loan_payment_and_rows() -> None:
    # A $200,000 30-year mortgage at 6.5 % costs $1,264.14 a month:
    # P r / (1 - (1 + r)^-n) with r = 0.065/12, n = 360.
    pay = out("loan_payment", principal=200000, annual_rate=0.065, years=30)
    assert pay["payment"] == pytest.approx(1264.14, abs=0.01)
    assert pay["number_of_payments"] == 360
    assert pay["total_interest"] == pytest.approx(1264.136 * 360 - 200000, abs=1)
    # The first payment's interest is one month of interest on the full balance: 200000 * 0.065 / 12.
    row = out("loan_amortization_row", principal=200000, annual_rate=0.065, years=30, period=1)
    assert row["interest"] == pytest.approx(1083.33, abs=0.01)
    assert row["remaining_balance"] == pytest.approx(200000 - row["principal"], abs=0.01)
    # After the last payment nothing is owed.
    assert out("loan_amortization_row", principal=200000, annual_rate=0.065, years=30, period=360)[
        "remaining_balance"] == pytest.approx(0, abs=0.01)


def test_amortization_schedule() -> None:
    # $10,000 over 12 months at 6 %: payment 10000 * 0.005 / (1 - 1.005^-12) = 860.66; first interest 50.00.
    sched = out("loan_amortization_schedule", principal=10000, annual_rate=0.06, years=1, limit=12)
    assert sched["payment"] == pytest.approx(860.66, abs=0.01)
    assert len(sched["rows"]) == 12 and sched["rows"][0]["interest"] == 50.0
    assert sum(r["principal"] for r in sched["rows"]) == pytest.approx(10000, abs=0.05)


def test_payoff_affordability_and_savings() -> None:
    # $5,000 at 20 % APR paid $150 a month: n = -ln(1 - B r / P) / ln(1 + r), r = 0.2/12 -> 49.06 months.
    r = 0.2 / 12
    expected = -math.log(1 - 5000 * r / 150) / math.log(1 + r)
    assert out("loan_payoff_time", balance=5000, annual_rate=0.2, payment=150)["number_of_payments"] == pytest.approx(
        expected, abs=1e-3)
    # Payments scale linearly with principal: $2,000 a month buys 2000 / 1264.136 of the $200k loan above.
    assert out("loan_affordable_principal", payment=2000, annual_rate=0.065, years=30)["principal"] == pytest.approx(
        200000 * 2000 / 1264.136, abs=1)
    # Sinking fund: FV r / ((1 + r)^n - 1) with r = 0.05/12, n = 120 for $100,000 in 10 years.
    r = 0.05 / 12
    assert out("savings_payment_for_goal", goal=100000, annual_rate=0.05, years=10)["payment"] == pytest.approx(
        100000 * r / ((1 + r) ** 120 - 1), abs=0.01)


def test_future_and_present_value() -> None:
    # 1.05^10 = 1.628895: $1,000 grows to $1,628.89.
    assert out("future_value", present_value=1000, annual_rate=0.05, years=10)["future_value"] == 1628.89
    # $500 a month at 7 % for 30 years: 500 ((1 + r)^360 - 1) / r with r = 0.07/12.
    r = 0.07 / 12
    fv = out("future_value", present_value=0, annual_rate=0.07, years=30, contribution=500, periods_per_year=12)
    assert fv["future_value"] == pytest.approx(500 * ((1 + r) ** 360 - 1) / r, abs=0.05)
    # 10000 / 1.06^5 = 7472.58; a 20-year $1,000 annuity at 4 % is worth 1000 * PVIFA(4 %, 20) = 13,590.33.
    assert out("present_value", future_value=10000, annual_rate=0.06, years=5)["present_value"] == 7472.58
    assert out("present_value", future_value=0, annual_rate=0.04, years=20, payment=1000)["present_value"] == pytest.approx(
        1000 * (1 - 1.04 ** -20) / 0.04, abs=0.01)


def test_time_and_rate_to_goal() -> None:
    # Money doubles at 7 % in ln 2 / ln 1.07 = 10.245 years.
    assert out("years_to_reach_goal", present_value=10000, goal=20000, annual_rate=0.07)["years"] == pytest.approx(
        math.log(2) / math.log(1.07), abs=1e-4)
    # 10,000 -> 25,000 in 12 years needs 2.5^(1/12) - 1 = 7.93 % a year.
    assert out("required_rate_of_return", present_value=10000, goal=25000, years=12)["annual_rate"] == pytest.approx(
        2.5 ** (1 / 12) - 1, abs=1e-7)
    # Doubling in 10 years is a CAGR of 2^(1/10) - 1 = 7.177 %.
    assert out("compound_annual_growth_rate", start_value=100, end_value=200, years=10)["cagr"] == pytest.approx(
        2 ** 0.1 - 1, abs=1e-7)


def test_npv_irr_mirr() -> None:
    # -1000 + 300/1.08 + 400/1.08^2 + 500/1.08^3 = 17.63.
    assert out("net_present_value", rate=0.08, cash_flows=[-1000, 300, 400, 500])["npv"] == pytest.approx(17.63, abs=0.01)
    # -100 + 60/x + 60/x^2 = 0 -> 100x^2 - 60x - 60 = 0 -> x = (60 + sqrt(27600)) / 200, IRR = x - 1 = 13.066 %.
    irr = out("internal_rate_of_return", cash_flows=[-100, 60, 60])
    assert irr["irr"] == pytest.approx((60 + math.sqrt(27600)) / 200 - 1, abs=1e-7)
    # Paying back 1000 from 300, 400, 500: 300 is still owed after year 2, recovered 300/500 into year 3.
    assert out("internal_rate_of_return", cash_flows=[-1000, 300, 400, 500])["payback_period"] == 2.6
    # Excel MIRR documentation example: -120000, 39000, 30000, 21000, 37000, 46000 at 10 % / 12 % -> 12.61 %.
    mirr = out("modified_internal_rate_of_return", cash_flows=[-120000, 39000, 30000, 21000, 37000, 46000],
               finance_rate=0.1, reinvest_rate=0.12)
    assert mirr["mirr_percent"] == pytest.approx(12.61, abs=0.005)


EXCEL_DATES = ["2008-01-01", "2008-03-01", "2008-10-30", "2009-02-15", "2009-04-01"]
EXCEL_FLOWS = [-10000, 2750, 4250, 3250, 2750]


def test_xirr_xnpv() -> None:
    # Microsoft's XIRR documentation example returns 0.373362535 (37.34 %).
    assert out("xirr", dates=EXCEL_DATES, amounts=EXCEL_FLOWS)["xirr"] == pytest.approx(0.373362535, abs=1e-8)
    # Microsoft's XNPV documentation example at 9 % returns 2086.65.
    assert out("xnpv", rate=0.09, dates=EXCEL_DATES, amounts=EXCEL_FLOWS)["xnpv"] == 2086.65


def test_cumulative_interest() -> None:
    # Excel CUMIPMT / CUMPRINC documentation: 9 %, 30 years, $125,000, payments 13-24:
    # interest -11135.23, principal -934.1071234.
    cum = out("loan_interest_between_periods", principal=125000, annual_rate=0.09, years=30, start_period=13,
              end_period=24)
    assert cum["interest_paid"] == 11135.23
    assert cum["principal_repaid"] == pytest.approx(934.11, abs=0.005)


def test_day_count_fraction() -> None:
    # 2024-01-01 to 2024-07-01 is 182 actual days: ACT/360 = 182/360; 30/360 counts six 30-day months = 0.5.
    assert out("day_count_fraction", start="2024-01-01", end="2024-07-01", convention="ACT/360")["year_fraction"] == (
        pytest.approx(182 / 360))
    assert out("day_count_fraction", start="2024-01-15", end="2024-07-15", convention="30/360")["year_fraction"] == 0.5
    assert out("day_count_fraction", start="2023-03-01", end="2024-03-01", convention="ACT/365F")["year_fraction"] == (
        pytest.approx(366 / 365))
    # the example a one-call question asks is not whole months apart (round BU: "six 30-day months" read off the dates):
    # 15 March to 30 September 2024 is 199 actual days and 6 months and 15 days, 195/360, under 30E/360
    from dive.tools.registry import load_pool  # noqa: PLC0415

    example = load_pool(["finance"]).get("day_count_fraction").examples[0]
    thirty = out("day_count_fraction", **{**example, "convention": "30E/360"})["year_fraction"]
    assert thirty == pytest.approx(195 / 360) and (thirty * 12) % 1 != 0


def test_fund_multiples_and_pme() -> None:
    # ILPA definitions: DPI = 1.1M / 1.5M, RVPI = 1.2M / 1.5M, TVPI = (1.1M + 1.2M) / 1.5M.
    m = out("fund_performance_multiples", contributions=[1000000, 500000], distributions=[300000, 800000], nav=1200000)
    assert m["dpi"] == pytest.approx(1.1 / 1.5, abs=1e-6) and m["rvpi"] == 0.8
    assert m["tvpi"] == pytest.approx(2.3 / 1.5, abs=1e-6)
    # Kaplan-Schoar (2005): (FV of distributions + NAV) / FV of contributions, grown with the index to the end:
    # (50 * 120/110 + 80) / (100 * 120/100) = 1.121212.
    pme = out("kaplan_schoar_pme", amounts=[-100, 50, 80], index_values=[100, 110, 120], nav=0)
    assert pme["ks_pme"] == pytest.approx((50 * 120 / 110 + 80) / 120, abs=1e-6) and pme["outperformed_index"] is True


def test_tvm_failures() -> None:
    bad = POOL.call("loan_payment", {"principal": 1000, "annual_rate": 6.5, "years": 30})
    assert not bad.ok and "fraction" in bad.error
    bad = POOL.call("internal_rate_of_return", {"cash_flows": [100, 200]})
    assert not bad.ok and "negative" in bad.error
    bad = POOL.call("xirr", {"dates": ["2024-01-01"], "amounts": [-100, 110]})
    assert not bad.ok and "same length" in bad.error
    bad = POOL.call("loan_payoff_time", {"balance": 5000, "annual_rate": 0.24, "payment": 50})
    assert not bad.ok and "never be repaid" in bad.error
    bad = POOL.call("day_count_fraction", {"start": "2024-01-01", "end": "2024-02-01", "convention": "BUS/252"})
    assert not bad.ok and "ACT/360" in bad.error
