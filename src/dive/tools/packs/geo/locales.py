"""Locales (babel, Unicode CLDR): localized names, number, currency and date formatting, time-zone names."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.geo._common import CountryCode, country_name, fold, meta, resolve_country
from dive.tools.tool import Sem, tool

__all__ = ["TOOLS"]

_META = meta("babel")

LocaleId = Annotated[str, Sem("locale")]
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _locale(identifier: str) -> Any:
    from babel import Locale, UnknownLocaleError

    text = identifier.strip().replace("-", "_")
    try:
        return Locale.parse(text)
    except (UnknownLocaleError, ValueError, TypeError):
        raise ToolError(
            f"unknown locale {identifier!r}; give a CLDR locale such as 'fr', 'fr_CA', 'pt_BR' or 'zh_Hant_TW'"
        ) from None


def _number(value: float) -> Decimal:
    # Through str() so that 0.1 formats as 0.1, not 0.1000000000000000055511151231257827.
    return Decimal(str(value))


class LocalizedCountry(TypedDict):
    country_code: Annotated[str, Sem("country_code")]
    locale: Annotated[str, Sem("locale")]
    name: Annotated[str, Sem("text")]
    english_name: Annotated[str, Sem("country_name")]


@tool(kind="R", examples=[{"country": "DE", "locale": "fr"}, {"country": "US", "locale": "ja"}], **_META)
def localized_country_name(country: CountryCode, locale: LocaleId) -> LocalizedCountry:
    """Give a country's name in another language (CLDR), e.g. Germany is "Allemagne" in French,
    "Alemania" in Spanish and "ドイツ" in Japanese.

    Args:
        country: ISO alpha-2 code such as "DE".
        locale: language or locale to write the name in, e.g. "fr", "es_MX", "zh_Hant".
    """
    iso = resolve_country(country)
    loc = _locale(locale)
    name = loc.territories.get(iso.alpha_2)
    if not name:
        raise ToolError(f"CLDR has no {loc} name for {iso.alpha_2}")
    return {"country_code": iso.alpha_2, "locale": str(loc), "name": name, "english_name": country_name(iso)}


class LocaleInfo(TypedDict):
    locale: Annotated[str, Sem("locale")]
    english_name: str
    native_name: str
    language_code: Annotated[str, Sem("language_code")]
    country_code: Annotated[str | None, Sem("country_code")]
    script_code: Annotated[str | None, Sem("script_code")]
    text_direction: Literal["ltr", "rtl"]
    first_weekday: Annotated[str, Sem("weekday")]
    decimal_symbol: str
    group_symbol: str
    currency_code: Annotated[str | None, Sem("currency_code")]


@tool(kind="R", examples=[{"locale": "de_CH"}, {"locale": "ar_EG"}, {"locale": "en_US"}], **_META)
def locale_info(locale: LocaleId) -> LocaleInfo:
    """Describe a CLDR locale: its names, language, country and script (filled in with likely values when not
    given), writing direction, the first day of the week, decimal and grouping separators, and the
    country's currency.

    Args:
        locale: locale identifier such as "de_CH", "pt-BR" or "ja".
    """
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global
    from babel.numbers import get_decimal_symbol, get_group_symbol

    from dive.tools.packs.geo.currencies import current_tender

    loc = _locale(locale)
    likely = get_global("likely_subtags")
    parts = (likely.get(str(loc)) or likely.get(loc.language) or str(loc)).split("_")
    script = loc.script or next((p for p in parts[1:] if len(p) == 4), None)
    territory = loc.territory or next((p for p in parts[1:] if len(p) == 2 and p.isalpha()), None)
    week_locale = loc
    if not loc.territory and territory:
        try:  # week data is per country: "en" alone gives the world default, en_US starts on Sunday
            week_locale = Locale.parse(f"{loc.language}_{territory}")
        except (UnknownLocaleError, ValueError):
            week_locale = loc
    currencies = current_tender(territory) if territory else []
    return {
        "locale": str(loc),
        "english_name": loc.get_display_name("en") or str(loc),
        "native_name": loc.get_display_name() or str(loc),
        "language_code": loc.language,
        "country_code": territory,
        "script_code": script,
        "text_direction": "rtl" if loc.text_direction == "rtl" else "ltr",
        "first_weekday": _WEEKDAYS[week_locale.first_week_day],
        "decimal_symbol": get_decimal_symbol(loc),
        "group_symbol": get_group_symbol(loc),
        "currency_code": currencies[0] if currencies else None,
    }


class FormattedAmount(TypedDict):
    formatted: Annotated[str, Sem("text")]
    currency_code: Annotated[str, Sem("currency_code")]
    locale: Annotated[str, Sem("locale")]


@tool(kind="P", examples=[{"amount": 1234.5, "currency_code": "EUR", "locale": "fr_FR"},
                          {"amount": -1234.5, "currency_code": "USD", "locale": "en_US", "style": "accounting"}],
      **_META)
def format_currency_amount(
    amount: Annotated[float, Sem("money_amount")], currency_code: Annotated[str, Sem("currency_code")],
    locale: LocaleId = "en_US", style: Literal["standard", "accounting", "name"] = "standard",
) -> FormattedAmount:
    """Format an amount of money the way a locale writes it (CLDR): symbol position, separators and the
    currency's usual decimals, e.g. 1234.5 EUR -> "1 234,50 €" in fr_FR, "€1,234.50" in en_IE, and 1234 JPY
    -> "￥1,234" in ja_JP (amounts round half to even). "accounting" puts negatives in parentheses; "name"
    spells the currency out.

    Args:
        amount: the amount of money.
        currency_code: ISO 4217 code such as "EUR".
        locale: CLDR locale such as "de_DE" or "en-IN".
        style: "standard", "accounting" or "name".
    """
    from babel.numbers import UnknownCurrencyError, format_currency, is_currency

    code = currency_code.strip().upper()
    if not is_currency(code):
        raise ToolError(f"unknown currency code {currency_code!r}; give an ISO 4217 code such as 'USD' or 'JPY'")
    loc = _locale(locale)
    try:
        text = format_currency(_number(amount), code, locale=loc, format_type=style)
    except UnknownCurrencyError:
        raise ToolError(f"CLDR cannot format {code} in {loc}") from None
    return {"formatted": text, "currency_code": code, "locale": str(loc)}


class FormattedNumber(TypedDict):
    formatted: Annotated[str, Sem("text")]
    locale: Annotated[str, Sem("locale")]


@tool(kind="P", examples=[{"number": 1234567.891, "locale": "de_DE"}, {"number": 0.256, "locale": "tr", "style": "percent"},
                          {"number": 1234567, "locale": "en", "style": "compact"}], **_META)
def format_number_localized(
    number: Annotated[float, Sem("number")], locale: LocaleId,
    style: Literal["decimal", "percent", "scientific", "compact"] = "decimal",
) -> FormattedNumber:
    """Write a number the way a locale does (CLDR): decimal and grouping separators ("1.234.567,891" in de_DE,
    "12,34,567" grouping in en_IN), percent ("%26" in Turkish), scientific, or compact ("1.2M", "123.5万").

    Args:
        number: the number to format; for "percent" give a fraction (0.25 -> 25%).
        locale: CLDR locale such as "fr_CH".
        style: "decimal", "percent", "scientific" or "compact".
    """
    from babel import numbers

    loc = _locale(locale)
    value = _number(number)
    if style == "percent":
        text = numbers.format_percent(value, locale=loc)
    elif style == "scientific":
        text = numbers.format_scientific(value, locale=loc)
    elif style == "compact":
        text = numbers.format_compact_decimal(value, locale=loc, fraction_digits=1)
    else:
        text = numbers.format_decimal(value, locale=loc, decimal_quantization=False)
    return {"formatted": text, "locale": str(loc)}


class ParsedNumber(TypedDict):
    value: Annotated[float, Sem("number")]
    locale: Annotated[str, Sem("locale")]


@tool(kind="P", examples=[{"text": "1.234,56", "locale": "de"}, {"text": "1 234,5", "locale": "fr"}], **_META)
def parse_localized_number(text: Annotated[str, Sem("text")], locale: LocaleId) -> ParsedNumber:
    """Read a number written in a locale's style back into a plain number, e.g. "1.234,56" in German is 1234.56
    while "1,234.56" is refused there as ambiguous. Strict: misplaced separators are an error with a hint.

    Args:
        text: the number as written, without currency symbols.
        locale: the locale it was written in, e.g. "de", "fr_CH", "en_IN".
    """
    from babel.numbers import NumberFormatError, get_group_symbol, parse_decimal

    loc = _locale(locale)
    written = text.strip()
    group = get_group_symbol(loc)
    if group.isspace():  # French and others group with a (narrow) no-break space; people type a plain one
        written = " ".join(written.split()).replace(" ", group)
    try:
        value = parse_decimal(written, locale=loc, strict=True)
    except (NumberFormatError, InvalidOperation) as exc:
        raise ToolError(f"{text!r} is not a number in {loc} style: {exc}") from None
    return {"value": float(value), "locale": str(loc)}


class FormattedDate(TypedDict):
    formatted: Annotated[str, Sem("text")]
    locale: Annotated[str, Sem("locale")]


@tool(kind="P", examples=[{"date": "2024-07-14", "locale": "fr", "length": "full"}, {"date": "2024-12-25", "locale": "ja"}],
      **_META)
def format_date_localized(date: Annotated[str, Sem("date")], locale: LocaleId,
                          length: Literal["short", "medium", "long", "full"] = "long") -> FormattedDate:
    """Write a calendar date the way a locale does (CLDR patterns), e.g. 2024-07-14 is "dimanche 14 juillet 2024"
    in French (full) and "14. Juli 2024" in German (long).

    Args:
        date: ISO date YYYY-MM-DD.
        locale: CLDR locale such as "de" or "en_GB".
        length: "short" (14/07/2024), "medium", "long" or "full" (with weekday).
    """
    from babel.dates import format_date

    try:
        day = dt.date.fromisoformat(date.strip())
    except ValueError:
        raise ToolError(f"not an ISO date (YYYY-MM-DD): {date!r}") from None
    loc = _locale(locale)
    return {"formatted": format_date(day, format=length, locale=loc), "locale": str(loc)}


# ---------------------------------------------------------------------------------------
# Time zones and territories (CLDR)


class ZoneTerritory(TypedDict):
    timezone: Annotated[str, Sem("timezone")]
    country_code: Annotated[str | None, Sem("country_code")]
    country_name: Annotated[str | None, Sem("country_name")]
    metazone: str | None
    long_name: Annotated[str, Sem("text")]
    location_name: Annotated[str, Sem("text")]


@tool(kind="R", examples=[{"timezone": "America/Chicago"}, {"timezone": "Asia/Kolkata", "locale": "de"}], **_META)
def timezone_country(timezone: Annotated[str, Sem("timezone")], locale: LocaleId = "en") -> ZoneTerritory:
    """Find which country an IANA time zone belongs to and how people name it (CLDR), e.g. "America/Chicago" is
    in the US and called "Central Time"; names can be given in another language.

    Args:
        timezone: IANA time zone name such as "Europe/Lisbon" (old aliases such as "Asia/Calcutta" work).
        locale: language or locale for the names, e.g. "en", "fr".
    """
    from babel.core import get_global
    from babel.dates import get_timezone_location, get_timezone_name

    zone = timezone.strip()
    canonical = get_global("zone_aliases").get(zone, zone)
    territories = get_global("zone_territories")
    if canonical not in territories and canonical not in get_global("meta_zones"):
        raise ToolError(f"unknown IANA time zone {timezone!r}; examples: 'Europe/Paris', 'America/New_York'")
    loc = _locale(locale)
    code = territories.get(canonical)
    country = resolve_country(code) if code and code != "001" else None
    try:
        long_name = get_timezone_name(canonical, width="long", locale=loc)
        location = get_timezone_location(canonical, locale=loc)
    except LookupError:
        raise ToolError(f"the system time-zone database has no zone {canonical!r}") from None
    return {
        "timezone": canonical,
        "country_code": country.alpha_2 if country else None,
        "country_name": country_name(country) if country else None,
        "metazone": get_global("meta_zones").get(canonical),
        "long_name": long_name,
        "location_name": location,
    }


class WindowsZone(TypedDict):
    windows_timezone: Annotated[str, Sem("windows_timezone")]
    timezone: Annotated[str, Sem("timezone")]


@tool(kind="R", examples=[{"windows_timezone": "Romance Standard Time"}, {"windows_timezone": "Pacific Standard Time"}],
      **_META)
def windows_timezone_to_iana(windows_timezone: Annotated[str, Sem("windows_timezone")]) -> WindowsZone:
    """Translate a Windows time-zone name (as Outlook and .NET report it, e.g. "W. Europe Standard Time") into
    its main IANA zone (CLDR windowsZones mapping), e.g. "Tokyo Standard Time" -> "Asia/Tokyo".

    Args:
        windows_timezone: the Windows time-zone id, case-insensitive.
    """
    from babel.core import get_global

    mapping = get_global("windows_zone_mapping")
    key = {fold(k): k for k in mapping}.get(fold(windows_timezone))
    if key is None:
        raise ToolError(f"unknown Windows time zone {windows_timezone!r}; examples: 'Pacific Standard Time', "
                        "'GMT Standard Time', 'China Standard Time'")
    return {"windows_timezone": key, "timezone": mapping[key]}


TOOLS = [localized_country_name, locale_info, format_currency_amount, format_number_localized, parse_localized_number,
         format_date_localized, timezone_country, windows_timezone_to_iana]
