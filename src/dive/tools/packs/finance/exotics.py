"""American and barrier options backed by QuantLib (binomial trees and the analytic barrier formulas).

Times are in years. QuantLib prices options between dates, so the expiry falls on the nearest whole day
(Actual/365 Fixed) and the rates and the variance are scaled by the ratio of the two times: with constant
parameters a Black-Scholes-Merton price depends only on r*T, q*T and sigma^2*T, so the price is the one
for the exact time asked (0.5 years, not 182 days).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import Field
from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.finance._common import QL_LOCK, Money, Rate, Years, meta, ql_date, quantlib, tidy
from dive.tools.tool import Sem, tool

_META = meta("QuantLib")

OptionType = Annotated[Literal["call", "put"], Sem("option_type")]
Vol = Annotated[float, Sem("volatility"), Field(gt=0, le=5)]

_TODAY = dt.date(2024, 1, 2)  # a fixed valuation date: only the time to expiry matters


def _setup(spot: float, strike: float, years: float, rate: float, dividend: float, vol: float) -> tuple[Any, Any, Any]:
    """(process, maturity date, payoff type) for a Black-Scholes-Merton world; call under QL_LOCK."""
    if spot <= 0 or strike <= 0:
        raise ToolError(f"spot and strike must be positive prices, got spot={spot}, strike={strike}")
    days = round(years * 365)
    if days < 1:
        raise ToolError(f"years_to_expiry must be at least one day (1/365), got {years}")
    scale = years * 365 / days  # the exact time's r*T, q*T and sigma^2*T on a whole-day clock
    rate, dividend, vol = rate * scale, dividend * scale, vol * scale ** 0.5
    ql = quantlib()
    today = ql_date(_TODAY)
    ql.Settings.instance().evaluationDate = today
    dc = ql.Actual365Fixed()
    process = ql.BlackScholesMertonProcess(
        ql.QuoteHandle(ql.SimpleQuote(spot)),
        ql.YieldTermStructureHandle(ql.FlatForward(today, dividend, dc)),
        ql.YieldTermStructureHandle(ql.FlatForward(today, rate, dc)),
        ql.BlackVolTermStructureHandle(ql.BlackConstantVol(today, ql.NullCalendar(), vol, dc)),
    )
    return process, today + ql.Period(days, ql.Days), today


def _kind(option_type: str) -> Any:
    ql = quantlib()
    return ql.Option.Call if option_type == "call" else ql.Option.Put


class AmericanPrice(TypedDict):
    american_price: Annotated[float, Sem("money_amount")]
    european_price: Annotated[float, Sem("money_amount")]
    early_exercise_premium: Annotated[float, Sem("money_amount")]
    delta: Annotated[float, Sem("number")]
    gamma: Annotated[float, Sem("number")]


@tool(kind="P", examples=[{"option_type": "put", "spot": 50, "strike": 50, "years_to_expiry": 0.4167,
                           "risk_free_rate": 0.1, "volatility": 0.4}], **_META)
def american_option_price(
    option_type: OptionType, spot: Money, strike: Money, years_to_expiry: Years, risk_free_rate: Rate,
    volatility: Vol, dividend_yield: Annotated[float, Sem("dividend_yield")] = 0.0,
    steps: Annotated[int, Field(ge=10, le=5000)] = 500,
) -> AmericanPrice:
    """Price an American option (exercisable any time) on a Cox-Ross-Rubinstein binomial tree, with its early-exercise premium.

    The European price (analytic Black-Scholes-Merton) is returned alongside, so the value of
    early exercise can be read off; an American call on a non-dividend stock has none.

    Args:
        option_type: "call" or "put".
        spot: current price of the underlying.
        strike: strike price.
        years_to_expiry: time to expiry in years (priced for this exact time).
        risk_free_rate: continuously compounded annual risk-free rate as a fraction.
        volatility: annualized volatility as a fraction.
        dividend_yield: continuous annual dividend yield as a fraction.
        steps: number of time steps of the binomial tree (more is slower and more accurate).
    """
    ql = quantlib()
    with QL_LOCK:
        process, maturity, today = _setup(spot, strike, years_to_expiry, risk_free_rate, dividend_yield, volatility)
        payoff = ql.PlainVanillaPayoff(_kind(option_type), strike)
        american = ql.VanillaOption(payoff, ql.AmericanExercise(today, maturity))
        american.setPricingEngine(ql.BinomialVanillaEngine(process, "crr", steps))
        european = ql.VanillaOption(payoff, ql.EuropeanExercise(maturity))
        european.setPricingEngine(ql.AnalyticEuropeanEngine(process))
        am, eu = american.NPV(), european.NPV()
        delta, gamma = american.delta(), american.gamma()
    return {
        "american_price": tidy(am, 6), "european_price": tidy(eu, 6),
        "early_exercise_premium": tidy(max(am - eu, 0.0), 6), "delta": tidy(delta, 6), "gamma": tidy(gamma, 6),
    }


_BARRIERS = {"down-and-out": "DownOut", "down-and-in": "DownIn", "up-and-out": "UpOut", "up-and-in": "UpIn"}


class BarrierPrice(TypedDict):
    price: Annotated[float, Sem("money_amount")]
    vanilla_price: Annotated[float, Sem("money_amount")]


@tool(kind="P", examples=[{"option_type": "call", "barrier_type": "down-and-out", "spot": 100, "strike": 90,
                           "barrier": 95, "years_to_expiry": 0.5, "risk_free_rate": 0.08, "volatility": 0.25,
                           "dividend_yield": 0.04, "rebate": 3}], **_META)
def barrier_option_price(
    option_type: OptionType,
    barrier_type: Literal["down-and-out", "down-and-in", "up-and-out", "up-and-in"],
    spot: Money, strike: Money, barrier: Money, years_to_expiry: Years, risk_free_rate: Rate, volatility: Vol,
    dividend_yield: Annotated[float, Sem("dividend_yield")] = 0.0, rebate: Money = 0.0,
) -> BarrierPrice:
    """Price a European single-barrier (knock-in or knock-out) option with the analytic Merton/Reiner-Rubinstein formulas.

    A knock-out option dies when the spot touches the barrier (paying the rebate); a knock-in
    option only comes alive then. The plain vanilla price is returned for comparison.

    Args:
        option_type: "call" or "put".
        barrier_type: "down-and-out", "down-and-in", "up-and-out" or "up-and-in".
        spot: current price of the underlying (must not have crossed the barrier yet).
        strike: strike price.
        barrier: the barrier level.
        years_to_expiry: time to expiry in years (priced for this exact time).
        risk_free_rate: continuously compounded annual risk-free rate as a fraction.
        volatility: annualized volatility as a fraction.
        dividend_yield: continuous annual dividend yield as a fraction.
        rebate: amount paid when a knock-out option is knocked out (or a knock-in never knocks in).
    """
    if barrier <= 0:
        raise ToolError(f"barrier must be a positive price, got {barrier}")
    if barrier_type.startswith("down") and spot <= barrier or barrier_type.startswith("up") and spot >= barrier:
        raise ToolError(f"the spot {spot} has already crossed the {barrier_type} barrier {barrier}")
    ql = quantlib()
    with QL_LOCK:
        process, maturity, _ = _setup(spot, strike, years_to_expiry, risk_free_rate, dividend_yield, volatility)
        payoff = ql.PlainVanillaPayoff(_kind(option_type), strike)
        option = ql.BarrierOption(getattr(ql.Barrier, _BARRIERS[barrier_type]), barrier, rebate, payoff,
                                  ql.EuropeanExercise(maturity))
        option.setPricingEngine(ql.AnalyticBarrierEngine(process))
        vanilla = ql.VanillaOption(payoff, ql.EuropeanExercise(maturity))
        vanilla.setPricingEngine(ql.AnalyticEuropeanEngine(process))
        price, plain = option.NPV(), vanilla.NPV()
    return {"price": tidy(price, 6), "vanilla_price": tidy(plain, 6)}


TOOLS = [american_option_price, barrier_option_price]
