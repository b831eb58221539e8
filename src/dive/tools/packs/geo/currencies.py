"""Currencies: ISO 4217 codes (pycountry) and who uses which currency since when (babel, CLDR)."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Annotated, Any

import pycountry
from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.geo._common import CountryCode, Limit, country_name, fold, meta, resolve_country
from dive.tools.tool import Sem, tool

__all__ = ["TOOLS", "territory_currencies"]

CurrencyCode = Annotated[str, Sem("currency_code")]


def _day(parts: tuple[int, int, int] | None) -> str | None:
    return dt.date(*parts).isoformat() if parts else None


Span = tuple[str, tuple[int, int, int] | None, tuple[int, int, int] | None, bool]

_SINCE_CLDR: dict[str, list[Span]] = {
    # Bulgaria adopted the euro on 1 January 2026 (the Council of the EU decided it on 8 July 2025); the lev stayed
    # legal tender through January, as the kuna did for two weeks in Croatia (CLDR: HRK until 2023-01-14)
    "BG": [("BGO", (1879, 7, 8), (1952, 5, 12), True), ("BGM", (1952, 5, 12), (1962, 1, 1), True),
           ("BGL", (1962, 1, 1), (1999, 7, 5), True), ("BGN", (1999, 7, 5), (2026, 1, 31), True),
           ("EUR", (2026, 1, 1), None, True)],
}
"""Territories whose currencies changed after the CLDR release the installed babel carries: their whole history."""


@functools.cache
def territory_currencies() -> dict[str, list[Span]]:
    """Every territory's currencies with the dates each was in use (CLDR, with :data:`_SINCE_CLDR`'s later changes):
    code, start, end (None: in use), legal tender. Built once: the profile and currency tools read it on every call."""
    from babel.core import get_global

    return {**get_global("territory_currencies"), **_SINCE_CLDR}


def current_tender(alpha_2: str) -> list[str]:
    """The currencies that are legal tender in a territory today, in the order CLDR lists them."""
    return [c for c, _start, end, tender in territory_currencies().get(alpha_2) or [] if end is None and tender]


def _current_users(code: str) -> list[str]:
    """Countries where ``code`` is legal tender today (CLDR territory currencies)."""
    users = []
    for territory, spans in territory_currencies().items():
        in_use = any(c == code and end is None and tender for c, _start, end, tender in spans)
        if in_use and len(territory) == 2 and pycountry.countries.get(alpha_2=territory):
            users.append(territory)
    return sorted(users)


def _currency(code: str) -> Any:
    text = code.strip().upper()
    hit = pycountry.currencies.get(numeric=text.zfill(3)) if text.isdigit() else pycountry.currencies.get(alpha_3=text)
    if hit is None:
        raise ToolError(f"{code!r} is not an active ISO 4217 currency code; examples: 'EUR', 'JPY', 'BRL' "
                        "(use currency_search to find a code by name)")
    return hit


class CurrencyInfo(TypedDict):
    currency_code: Annotated[str, Sem("currency_code")]
    name: Annotated[str, Sem("currency_name")]
    numeric_code: str
    symbol: Annotated[str, Sem("currency_symbol")]
    localized_name: Annotated[str, Sem("text")]
    decimal_digits: int
    used_by: list[Annotated[str, Sem("country_code")]]


@tool(kind="R", examples=[{"currency_code": "EUR"}, {"currency_code": "JPY", "locale": "ja_JP"}], **meta("babel"))
def iso_currency_info(currency_code: CurrencyCode,
                      locale: Annotated[str, Sem("locale")] = "en") -> CurrencyInfo:
    """Look up an ISO 4217 currency: its name, numeric code, its symbol as written in a locale,
    how many decimal digits it uses (JPY 0, KWD 3), and the countries where it is legal tender today.

    Args:
        currency_code: ISO 4217 code such as "CHF" (or its numeric code "756").
        locale: locale for the symbol and localized name, e.g. "en", "en_CA", "de".
    """
    from babel import Locale, UnknownLocaleError
    from babel.numbers import get_currency_name, get_currency_precision, get_currency_symbol

    cur = _currency(currency_code)
    try:
        loc = Locale.parse(locale.strip().replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise ToolError(f"unknown locale {locale!r}; give a CLDR locale such as 'en', 'fr_CA'") from None
    return {
        "currency_code": cur.alpha_3,
        "name": cur.name,
        "numeric_code": cur.numeric,
        "symbol": get_currency_symbol(cur.alpha_3, loc),
        "localized_name": get_currency_name(cur.alpha_3, locale=loc),
        "decimal_digits": get_currency_precision(cur.alpha_3),
        "used_by": _current_users(cur.alpha_3),
    }


class CurrencySpan(TypedDict):
    currency_code: Annotated[str, Sem("currency_code")]
    name: Annotated[str, Sem("currency_name")]
    since: Annotated[str | None, Sem("date")]
    until: Annotated[str | None, Sem("date")]
    legal_tender: bool


class CountryCurrencies(TypedDict):
    country_code: Annotated[str, Sem("country_code")]
    currency_code: Annotated[str | None, Sem("currency_code")]
    currencies: list[CurrencySpan]


@tool(kind="R", examples=[{"country": "DE"}, {"country": "HR", "include_historic": True}], **meta("babel"))
def country_currencies(country: CountryCode, include_historic: bool = False) -> CountryCurrencies:
    """Get the currency a country uses today and, optionally, the currencies it used before with the dates
    each was in use (CLDR), e.g. Germany: DEM 1948-2002, then EUR since 1999 (cash 2002). Where two currencies
    are legal tender today (Panama: the balboa and the US dollar), currency_code is null and both are listed.

    Args:
        country: ISO alpha-2 code such as "HR".
        include_historic: also list currencies no longer in use.
    """
    from babel import Locale

    iso = resolve_country(country)
    spans = territory_currencies().get(iso.alpha_2)
    if not spans:
        raise ToolError(f"CLDR has no currency data for {iso.alpha_2} ({country_name(iso)})")
    names = Locale("en").currencies
    rows: list[CurrencySpan] = [
        {"currency_code": code, "name": names.get(code, code), "since": _day(start), "until": _day(end),
         "legal_tender": bool(tender)}
        for code, start, end, tender in spans
        if include_historic or end is None
    ]
    rows.sort(key=lambda r: r["since"] or "")
    current = [r["currency_code"] for r in rows if r["until"] is None and r["legal_tender"]]
    # two legal tenders (Palestine: the shekel and the Jordanian dinar; Panama: the balboa and the US dollar): no one
    # currency is the answer (two readers marked "JOD" for Palestine wrong, round AC)
    return {"country_code": iso.alpha_2, "currency_code": current[0] if len(current) == 1 else None, "currencies": rows}


class CurrencyMatch(TypedDict):
    currency_code: Annotated[str, Sem("currency_code")]
    name: Annotated[str, Sem("currency_name")]


class CurrencyMatches(TypedDict):
    query: str
    matches: list[CurrencyMatch]


@tool(kind="R", examples=[{"query": "franc"}, {"query": "rupee"}], **meta("pycountry"))
def currency_search(query: Annotated[str, Sem("currency_name")], limit: Limit = 10) -> CurrencyMatches:
    """Find ISO 4217 currency codes by name, e.g. "franc" -> CHF, XAF, XOF, CDF...; "yuan" -> CNY.

    Args:
        query: part of the English currency name.
        limit: most matches to return.
    """
    key = fold(query)
    if len(key) < 3:
        raise ToolError("query must have at least 3 letters, e.g. 'dollar'")
    hits = [c for c in pycountry.currencies if key in fold(c.name)]
    if not hits:
        raise ToolError(f"no ISO 4217 currency name contains {query!r}")
    hits.sort(key=lambda c: (not fold(c.name).startswith(key), c.alpha_3))
    return {"query": query, "matches": [{"currency_code": c.alpha_3, "name": c.name} for c in hits[:limit]]}


TOOLS = [iso_currency_info, country_currencies, currency_search]
