"""European option pricing backed by vollib (the code behind py_vollib): Black-Scholes-Merton prices, greeks and implied
volatility, and Black-76 for options on futures.

Times are in years, rates and volatilities are annual fractions (0.05, 0.2).
"""

from __future__ import annotations

import warnings
from functools import cache
from types import SimpleNamespace
from typing import Annotated, Any, Literal

from pydantic import Field
from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.finance._common import Money, Rate, Years, meta, tidy
from dive.tools.tool import Sem, tool

_META = meta("vollib")

OptionType = Annotated[Literal["call", "put"], Sem("option_type")]
Vol = Annotated[float, Sem("volatility"), Field(gt=0, le=5)]
Dividend = Annotated[float, Sem("dividend_yield")]  # never an interest rate seed (8.875% a year)


@cache
def _vl() -> SimpleNamespace:
    """The vollib pricing functions (vollib is the maintained code behind py_vollib)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from vollib.black import black
        from vollib.black.implied_volatility import implied_volatility as black_iv
        from vollib.black_scholes_merton import black_scholes_merton as bsm
        from vollib.black_scholes_merton.implied_volatility import implied_volatility as bsm_iv
    return SimpleNamespace(bsm=bsm, bsm_iv=bsm_iv, black=black, black_iv=black_iv)


def _greeks(flag: str, s: float, k: float, t: float, r: float, sigma: float, q: float) -> dict[str, Any]:
    """vollib's analytical Black-Scholes-Merton greeks (``vollib.black_scholes_merton.greeks.analytical``),
    restated operation for operation on vollib's own N and pdf: that module takes d1 and d2 from vollib's
    reference module, which imports scipy.stats (1-2 s) for functions the greeks never use."""
    import numpy as np
    from vollib.helpers import pdf
    from vollib.lets_be_rational import norm_cdf as n

    d1 = (np.log(np.float64(s) / np.float64(k)) + (r - q + sigma * sigma / 2.0) * t) / (sigma * np.sqrt(t))
    d2 = d1 - sigma * np.sqrt(t)
    carry, discount = np.exp(-q * t), np.exp(-r * t)
    decay = s * carry * pdf(d1) * sigma / (2 * np.sqrt(t))
    if flag == "c":
        delta = carry * n(d1)
        theta = -(decay + -q * s * carry * n(d1) + r * k * discount * n(d2)) / 365.0
        rho = t * k * discount * n(d2) * 0.01
    else:
        delta = -carry * n(-d1)
        theta = (-decay + -q * s * carry * n(-d1) + r * k * discount * n(-d2)) / 365.0
        rho = -t * k * discount * n(-d2) * 0.01
    return {"delta": delta, "gamma": carry * pdf(d1) / (s * sigma * np.sqrt(t)),
            "vega": s * carry * pdf(d1) * np.sqrt(t) * 0.01, "theta_per_day": theta, "rho": rho}


def _flag(option_type: str) -> str:
    return "c" if option_type == "call" else "p"


def _check(spot: float, strike: float, years: float) -> None:
    if spot <= 0 or strike <= 0:
        raise ToolError(f"spot and strike must be positive prices, got spot={spot}, strike={strike}")
    if years <= 0:
        raise ToolError(f"years_to_expiry must be positive, got {years}")


class OptionPrice(TypedDict):
    price: Annotated[float, Sem("money_amount")]
    intrinsic_value: Annotated[float, Sem("money_amount")]
    time_value: Annotated[float, Sem("money_amount")]


@tool(kind="P", examples=[{"option_type": "call", "spot": 42, "strike": 40, "years_to_expiry": 0.5,
                           "risk_free_rate": 0.1, "volatility": 0.2}], **_META)
def bs_option_price(
    option_type: OptionType, spot: Money, strike: Money, years_to_expiry: Years, risk_free_rate: Rate,
    volatility: Vol, dividend_yield: Dividend = 0.0,
) -> OptionPrice:
    """Price a European call or put on a stock with the Black-Scholes-Merton formula.

    Args:
        option_type: "call" or "put".
        spot: current price of the underlying, e.g. 42.
        strike: strike price, e.g. 40.
        years_to_expiry: time to expiry in years, e.g. 0.5 for six months.
        risk_free_rate: continuously compounded annual risk-free rate as a fraction, e.g. 0.05.
        volatility: annualized volatility as a fraction, e.g. 0.2 for 20 %.
        dividend_yield: continuous annual dividend yield as a fraction (0 for none).
    """
    _check(spot, strike, years_to_expiry)
    price = float(_vl().bsm(_flag(option_type), spot, strike, years_to_expiry, risk_free_rate, volatility, dividend_yield))
    intrinsic = max(spot - strike, 0.0) if option_type == "call" else max(strike - spot, 0.0)
    return {"price": tidy(price, 6), "intrinsic_value": tidy(intrinsic, 6), "time_value": tidy(price - intrinsic, 6)}


class Greeks(TypedDict):
    delta: Annotated[float, Sem("number")]
    gamma: Annotated[float, Sem("number")]
    vega: Annotated[float, Sem("number")]
    theta_per_day: Annotated[float, Sem("number")]
    rho: Annotated[float, Sem("number")]


@tool(kind="P", examples=[{"option_type": "call", "spot": 49, "strike": 50, "years_to_expiry": 0.3846,
                           "risk_free_rate": 0.05, "volatility": 0.2}], **_META)
def bs_option_greeks(
    option_type: OptionType, spot: Money, strike: Money, years_to_expiry: Years, risk_free_rate: Rate,
    volatility: Vol, dividend_yield: Dividend = 0.0,
) -> Greeks:
    """Compute the Black-Scholes-Merton greeks of a European option: delta, gamma, vega, theta, rho.

    Vega and rho are per 1 percentage point change (0.01) in volatility and rate; theta is the price
    change per calendar day.

    Args:
        option_type: "call" or "put".
        spot: current price of the underlying.
        strike: strike price.
        years_to_expiry: time to expiry in years.
        risk_free_rate: continuously compounded annual risk-free rate as a fraction.
        volatility: annualized volatility as a fraction.
        dividend_yield: continuous annual dividend yield as a fraction.
    """
    _check(spot, strike, years_to_expiry)
    g = _greeks(_flag(option_type), spot, strike, years_to_expiry, risk_free_rate, volatility, dividend_yield)
    return {
        "delta": tidy(g["delta"], 6), "gamma": tidy(g["gamma"], 6), "vega": tidy(g["vega"], 6),
        "theta_per_day": tidy(g["theta_per_day"], 6), "rho": tidy(g["rho"], 6),
    }


class ImpliedVol(TypedDict):
    implied_volatility: Annotated[float, Sem("volatility")]
    implied_volatility_percent: Annotated[float, Sem("percent")]


def _iv(solver: object, *args: object) -> float:
    try:
        return float(solver(*args))  # type: ignore[operator]
    except Exception as exc:  # noqa: BLE001 - the solver's own exceptions name the reason
        name = type(exc).__name__
        if "BelowIntrinsic" in name:
            raise ToolError("the option price is below its intrinsic value, so no volatility reproduces it") from None
        if "AboveMaximum" in name:
            raise ToolError("the option price is above the maximum an option can be worth (the spot or strike)") from None
        raise ToolError(f"implied volatility could not be solved: {exc}") from None


@tool(kind="P", examples=[{"option_type": "call", "price": 4.76, "spot": 42, "strike": 40, "years_to_expiry": 0.5,
                           "risk_free_rate": 0.1}], **_META)
def bs_implied_volatility(
    option_type: OptionType, price: Money, spot: Money, strike: Money, years_to_expiry: Years,
    risk_free_rate: Rate, dividend_yield: Dividend = 0.0,
) -> ImpliedVol:
    """Find the volatility that makes the Black-Scholes-Merton price equal a quoted option price (implied volatility).

    Args:
        option_type: "call" or "put".
        price: the option's market price.
        spot: current price of the underlying.
        strike: strike price.
        years_to_expiry: time to expiry in years.
        risk_free_rate: continuously compounded annual risk-free rate as a fraction.
        dividend_yield: continuous annual dividend yield as a fraction.
    """
    _check(spot, strike, years_to_expiry)
    if price <= 0:
        raise ToolError(f"price must be positive, got {price}")
    vol = _iv(_vl().bsm_iv, price, spot, strike, years_to_expiry, risk_free_rate, dividend_yield, _flag(option_type))
    return {"implied_volatility": tidy(vol, 8), "implied_volatility_percent": tidy(vol * 100, 6)}


class FuturesOption(TypedDict):
    price: Annotated[float, Sem("money_amount")]
    intrinsic_value: Annotated[float, Sem("money_amount")]


@tool(kind="P", examples=[{"option_type": "put", "futures_price": 20, "strike": 20, "years_to_expiry": 0.3333,
                           "risk_free_rate": 0.09, "volatility": 0.25}], **_META)
def black76_option_price(
    option_type: OptionType, futures_price: Money, strike: Money, years_to_expiry: Years, risk_free_rate: Rate,
    volatility: Vol,
) -> FuturesOption:
    """Price a European option on a futures or forward contract with the Black (1976) model.

    Use it for options on commodity, bond or index futures, caps and floors.

    Args:
        option_type: "call" or "put".
        futures_price: current futures (forward) price.
        strike: strike price.
        years_to_expiry: time to expiry in years.
        risk_free_rate: continuously compounded annual risk-free rate, used to discount the payoff.
        volatility: annualized volatility of the futures price as a fraction.
    """
    _check(futures_price, strike, years_to_expiry)
    price = float(_vl().black(_flag(option_type), futures_price, strike, years_to_expiry, risk_free_rate, volatility))
    intrinsic = max(futures_price - strike, 0.0) if option_type == "call" else max(strike - futures_price, 0.0)
    return {"price": tidy(price, 6), "intrinsic_value": tidy(intrinsic, 6)}


@tool(kind="P", examples=[{"option_type": "put", "price": 1.1166, "futures_price": 20, "strike": 20,
                           "years_to_expiry": 0.3333, "risk_free_rate": 0.09}], **_META)
def black76_implied_volatility(
    option_type: OptionType, price: Money, futures_price: Money, strike: Money, years_to_expiry: Years,
    risk_free_rate: Rate,
) -> ImpliedVol:
    """Find the volatility implied by the price of an option on a futures contract (Black-76 model).

    Args:
        option_type: "call" or "put".
        price: the option's market price.
        futures_price: current futures (forward) price.
        strike: strike price.
        years_to_expiry: time to expiry in years.
        risk_free_rate: continuously compounded annual risk-free rate as a fraction.
    """
    _check(futures_price, strike, years_to_expiry)
    if price <= 0:
        raise ToolError(f"price must be positive, got {price}")
    vol = _iv(_vl().black_iv, price, futures_price, strike, risk_free_rate, years_to_expiry, _flag(option_type))
    return {"implied_volatility": tidy(vol, 8), "implied_volatility_percent": tidy(vol * 100, 6)}


TOOLS = [bs_option_price, bs_option_greeks, bs_implied_volatility, black76_option_price, black76_implied_volatility]
