"""Real-value tests of the finance pack's option, bond, interest-rate and bank-calendar tools.

Option and bond figures come from J. Hull, *Options, Futures, and Other Derivatives* and
E. G. Haug, *The Complete Guide to Option Pricing Formulas*; calendar facts from the central
banks' and governments' published holiday lists.
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


HULL = {"spot": 42, "strike": 40, "years_to_expiry": 0.5, "risk_free_rate": 0.1}


def test_black_scholes_price_and_iv() -> None:
    # Hull Example 15.6: S=42, K=40, r=10 %, sigma=20 %, T=0.5 -> call 4.76, put 0.81.
    assert out("bs_option_price", option_type="call", volatility=0.2, **HULL)["price"] == pytest.approx(4.76, abs=0.005)
    put = out("bs_option_price", option_type="put", volatility=0.2, **HULL)
    assert put["price"] == pytest.approx(0.81, abs=0.005) and put["intrinsic_value"] == 0
    # The call quoted at 4.7594 (Hull's price, unrounded) implies Hull's 20 % volatility.
    assert out("bs_implied_volatility", option_type="call", price=4.7594, **HULL)["implied_volatility"] == pytest.approx(
        0.2, abs=1e-4)


def test_black_scholes_greeks() -> None:
    # Hull Examples 19.1-19.7: S=49, K=50, r=5 %, sigma=20 %, T=0.3846: delta 0.522, gamma 0.066,
    # vega 12.1 per unit of volatility, theta -4.31 a year, rho 8.91 per unit of rate.
    g = out("bs_option_greeks", option_type="call", spot=49, strike=50, years_to_expiry=0.3846, risk_free_rate=0.05,
            volatility=0.2)
    assert g["delta"] == pytest.approx(0.522, abs=5e-4)
    assert g["gamma"] == pytest.approx(0.066, abs=5e-4)
    assert g["vega"] == pytest.approx(0.121, abs=5e-4)  # per 1 % point
    assert g["theta_per_day"] * 365 == pytest.approx(-4.31, abs=0.01)
    assert g["rho"] == pytest.approx(0.0891, abs=1e-4)  # per 1 % point


def test_black76() -> None:
    # Hull's Black-model example: European put on futures, F=K=20, r=9 %, T=4 months, sigma=25 % -> 1.12.
    put = out("black76_option_price", option_type="put", futures_price=20, strike=20, years_to_expiry=4 / 12,
              risk_free_rate=0.09, volatility=0.25)
    assert put["price"] == pytest.approx(1.12, abs=0.005)
    iv = out("black76_implied_volatility", option_type="put", price=1.1166, futures_price=20, strike=20,
             years_to_expiry=4 / 12, risk_free_rate=0.09)
    assert iv["implied_volatility"] == pytest.approx(0.25, abs=1e-3)


def test_american_option() -> None:
    # Hull Example 21.1 (American put, S=K=50, r=10 %, sigma=40 %, T=5 months): 500 binomial steps give 4.283.
    am = out("american_option_price", option_type="put", spot=50, strike=50, years_to_expiry=5 / 12,
             risk_free_rate=0.1, volatility=0.4, steps=500)
    assert am["american_price"] == pytest.approx(4.283, abs=0.01)
    assert am["early_exercise_premium"] > 0.1
    # Merton: an American call on a non-dividend stock is never exercised early, so it equals the European call.
    call = out("american_option_price", option_type="call", spot=50, strike=50, years_to_expiry=1,
               risk_free_rate=0.05, volatility=0.3)
    assert call["american_price"] == pytest.approx(call["european_price"], abs=0.01)


def _bsm_call(s: float, k: float, r: float, q: float, vol: float, t: float) -> float:
    from math import erf, exp, log, sqrt  # noqa: PLC0415

    def n(x: float) -> float:
        return 0.5 * (1 + erf(x / sqrt(2)))
    d1 = (log(s / k) + (r - q + vol * vol / 2) * t) / (vol * sqrt(t))
    return s * exp(-q * t) * n(d1) - k * exp(-r * t) * n(d1 - vol * sqrt(t))


def test_barrier_option() -> None:
    # Haug, Table 4-13: S=100, K=90, H=95, r=8 %, q=4 %, T=0.5, sigma=25 %, rebate 3: down-and-out call 9.0246.
    args = {"option_type": "call", "spot": 100, "strike": 90, "barrier": 95, "years_to_expiry": 0.5,
            "risk_free_rate": 0.08, "volatility": 0.25, "dividend_yield": 0.04}
    assert out("barrier_option_price", barrier_type="down-and-out", rebate=3, **args)["price"] == pytest.approx(
        9.0246, abs=0.0005)  # at T = 0.5 exactly, not 182/365 (QuantLib's whole-day clock)
    # In-out parity (no rebate): knock-in + knock-out = the vanilla option, priced at T = 0.5 exactly (the
    # Black-Scholes-Merton formula here), not at QuantLib's whole-day 182/365 (13.8237).
    dout = out("barrier_option_price", barrier_type="down-and-out", **args)
    assert dout["vanilla_price"] == pytest.approx(_bsm_call(100, 90, 0.08, 0.04, 0.25, 0.5), abs=1e-4)
    din = out("barrier_option_price", barrier_type="down-and-in", **args)
    assert din["price"] + dout["price"] == pytest.approx(dout["vanilla_price"], abs=1e-6)


BOND = {"settlement_date": "2024-01-15", "maturity_date": "2034-01-15", "coupon_rate": 0.06}


def test_bond_price_and_yield() -> None:
    # A 10-year 6 % semiannual bond at an 8 % yield: 3 * PVIFA(4 %, 20) + 100 / 1.04^20 = 86.4097.
    expected = 3 * (1 - 1.04 ** -20) / 0.04 + 100 / 1.04 ** 20
    assert out("bond_price", yield_rate=0.08, **BOND)["clean_price"] == pytest.approx(expected, abs=1e-4)
    # A bond whose coupon equals its yield prices at par.
    assert out("bond_price", yield_rate=0.06, **BOND)["clean_price"] == pytest.approx(100, abs=1e-6)
    assert out("bond_yield", clean_price=expected, **BOND)["yield_to_maturity"] == pytest.approx(0.08, abs=1e-6)
    # 30/360 accrued interest from the 2023-12-31 coupon to 2024-03-01 is 61 days: 4.5 * 61/360 = 0.7625.
    mid = out("bond_price", settlement_date="2024-03-01", maturity_date="2026-06-30", coupon_rate=0.045, yield_rate=0.05)
    assert mid["accrued_interest"] == pytest.approx(0.7625, abs=1e-6)
    assert mid["dirty_price"] == pytest.approx(mid["clean_price"] + 0.7625, abs=1e-6)


def test_bond_duration_and_schedule() -> None:
    # Hull Table 4.6: a 3-year 10 % semiannual bond at a 12 % continuously compounded yield is worth
    # 94.213 and has a duration of 2.653 years.
    risk = out("bond_duration_convexity", settlement_date="2024-01-15", maturity_date="2027-01-15", coupon_rate=0.1,
               yield_rate=0.12, compounding="continuous")
    assert risk["dirty_price"] == pytest.approx(94.213, abs=5e-4)
    assert risk["macaulay_duration"] == pytest.approx(2.653, abs=5e-4)
    # US Treasury style: a 4.5 % note maturing 2026-06-30 pays $22.50 per $1,000 each June 30 and December 31.
    sched = out("bond_cashflow_schedule", settlement_date="2024-03-01", maturity_date="2026-06-30", coupon_rate=0.045,
                face_value=1000)
    assert [c["date"] for c in sched["cash_flows"][:2]] == ["2024-06-30", "2024-12-31"]
    assert sched["cash_flows"][0]["amount"] == pytest.approx(22.5)
    assert sched["cash_flows"][-1] == {"date": "2026-06-30", "amount": 1000.0, "kind": "redemption"}


def test_interest_rate_conventions() -> None:
    # Excel EFFECT documentation: 5.25 % nominal compounded quarterly is 5.3543 % effective.
    eff = out("convert_interest_rate", rate=0.0525, from_compounding="quarterly", to_compounding="annual")
    assert eff["rate"] == pytest.approx(0.053543, abs=1e-6)
    # Hull Example 4.3: 10 % compounded semiannually = 2 ln 1.05 = 9.758 % continuously compounded.
    cont = out("convert_interest_rate", rate=0.1, from_compounding="semiannual", to_compounding="continuous")
    assert cont["rate"] == pytest.approx(2 * math.log(1.05), abs=1e-9)
    # Continuous discounting over 912 days on ACT/365F: exp(-0.04 * 912/365).
    df = out("discount_factor", rate=0.04, start_date="2024-01-15", end_date="2026-07-15", amount=100)
    assert df["discount_factor"] == pytest.approx(math.exp(-0.04 * 912 / 365), abs=1e-9)


def test_bank_calendars() -> None:
    # Veterans Day (2024-11-11) is a US Federal Reserve holiday; banks settle again on the 12th.
    vet = out("bank_is_business_day", country_code="US", date="2024-11-11")
    assert vet["is_holiday"] is True and vet["next_business_day"] == "2024-11-12"
    # gov.uk: England and Wales had 8 bank holidays in 2024.
    gb = out("bank_holidays", country_code="GB", year=2024)
    assert gb["count"] == 8 and "2024-08-26" in gb["holidays"]
    # ECB: TARGET2 closes on New Year's Day, Good Friday, Easter Monday, 1 May, 25 and 26 December.
    assert out("bank_holidays", country_code="EU", year=2024)["holidays"] == [
        "2024-01-01", "2024-03-29", "2024-04-01", "2024-05-01", "2024-12-25", "2024-12-26"]
    # January 2024 has 23 weekdays; New Year's Day and Martin Luther King Jr. Day leave 21 business days.
    assert out("bank_business_days_between", country_code="US", start="2024-01-01", end="2024-01-31")[
        "business_days"] == 21
    # Japanese banks close from 31 December to 3 January: three business days after Fri 2024-12-27 are
    # Mon 30 Dec, Mon 6 Jan and Tue 7 Jan.
    assert out("bank_add_business_days", country_code="JP", date="2024-12-27", days=3)["date"] == "2025-01-07"
    # Sat 2024-08-31 rolls forward to Tue 3 Sep (Labor Day Monday) - a new month, so modified following
    # rolls back to Fri 30 Aug.
    assert out("bank_adjust_date", country_code="US", date="2024-08-31", convention="modified_following")[
        "date"] == "2024-08-30"


def test_derivative_failures() -> None:
    bad = POOL.call("bs_implied_volatility", {"option_type": "call", "price": 1.0, **HULL})
    assert not bad.ok and "intrinsic" in bad.error
    bad = POOL.call("bank_holidays", {"country_code": "XX", "year": 2024})
    assert not bad.ok and "ISO alpha-2" in bad.error
    bad = POOL.call("bond_price", {**BOND, "maturity_date": "2020-01-01", "yield_rate": 0.05})
    assert not bad.ok and "must be after" in bad.error
    bad = POOL.call("barrier_option_price", {"option_type": "call", "barrier_type": "down-and-out", "spot": 90,
                                             "strike": 90, "barrier": 95, "years_to_expiry": 0.5,
                                             "risk_free_rate": 0.05, "volatility": 0.2})
    assert not bad.ok and "already crossed" in bad.error
