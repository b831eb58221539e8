"""Display names of the finance pack's codes, for questions (pure, offline, never raising: None when unknown)."""

from __future__ import annotations

import functools
import re
from typing import Any

_FILING_STATUS = {
    "single": "single",
    "married_joint": "married filing jointly",
    "married_separate": "married filing separately",
    "head_of_household": "head of household",
    "widow": "qualifying surviving spouse",
}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
# Exchange names that read without "the" (brand names, not "... Exchange").
_NO_ARTICLE = ("Nasdaq", "Euronext", "Borsa", "Bolsa", "Bursa", "Boerse", "Wiener", "Oslo", "Xetra", "Eurex", "B3",
               "ICE")
_EXCHANGE_RENAMES = {"XBOM": "the Bombay Stock Exchange (BSE)", "XETR": "Xetra", "XMIL": "Borsa Italiana",
                     "XWBO": "the Vienna Stock Exchange", "XOSL": "the Oslo Stock Exchange",
                     "BVMF": "B3, the Brazilian stock exchange", "XSAU": "the Saudi Exchange (Tadawul)",
                     "XBUE": "Bolsas y Mercados Argentinos"}
_REGIONS = {"0000": "the US as a whole (U.S. city average)", "0100": "the Northeast region",
            "0200": "the Midwest region", "0300": "the South region", "0400": "the West region"}


def filing_status_label(value: Any) -> str | None:
    """``married_joint`` -> ``married filing jointly`` (reads after "whose filing status is")."""
    return _FILING_STATUS.get(str(value).strip().lower())


def month_label(value: Any) -> str | None:
    """``6`` -> ``June``."""
    try:
        n = int(value)
    except (TypeError, ValueError):
        return None
    return _MONTHS[n - 1] if 1 <= n <= 12 else None


def exchange_label(value: Any) -> str | None:
    """An exchange MIC or alias (``XNYS``, ``NYSE``) -> ``the New York Stock Exchange``."""
    try:
        from dive.tools.packs.finance._common import exchange_names  # noqa: PLC0415 - lazy, heavy import
        from dive.tools.packs.finance.exchanges import EXCHANGES  # noqa: PLC0415

        key = str(value).strip().upper()
        mic = key if key in EXCHANGES else exchange_names().get(key, key)
        if mic in _EXCHANGE_RENAMES:
            return _EXCHANGE_RENAMES[mic]
        entry = EXCHANGES.get(mic)
        if entry is None or entry[1] is None or mic == "us_futures":
            return None
        name = entry[0]
        return name if name.startswith(_NO_ARTICLE) else f"the {name}"
    except Exception:  # noqa: BLE001 - a label never raises
        return None


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


def cpi_item_label(value: Any) -> str | None:
    """A BLS CPI item code -> its category in running text (``SETB01`` -> ``gasoline (all types)``)."""
    try:
        from dive.tools.packs.finance.inflation import items  # noqa: PLC0415

        name = items().get(str(value).strip().upper())
    except Exception:  # noqa: BLE001 - a label never raises
        return None
    return _lower_first(name) if name else None


def cpi_area_label(value: Any) -> str | None:
    """A BLS CPI area code -> a place in running text (``S49B`` -> ``the San Francisco-Oakland-Hayward metro area``)."""
    try:
        from dive.tools.packs.finance.inflation import areas  # noqa: PLC0415

        code = str(value).strip().upper()
        name = areas().get(code)
    except Exception:  # noqa: BLE001 - a label never raises
        return None
    if not name:
        return None
    if code in _REGIONS:
        return _REGIONS[code]
    if code[:1] == "0":  # census divisions
        return f"the {name} division"
    if "Size Class" in name:
        region, _, size = name.rpartition(" - ")
        size = size.replace("Size Class", "size class")
        return f"{size} areas of the {region}" if region else f"{size} areas nationwide"
    if name.startswith("Urban "):
        return "urban " + name[len("Urban "):]
    place = re.sub(r",?\s+[A-Z]{2}(-[A-Z]{2})*$", "", name)
    return f"the {place} metro area"


def currency_aliases(value: Any) -> tuple[str, ...]:
    """The names people give an ISO 4217 currency, in English from CLDR by babel: ``MMK`` -> Myanmar Kyat, Myanmar
    kyats and, as only one other currency (Burma's former kyat) has that word, kyat (both readers of round CE found
    only "MMK" accepted as the currency of Myanmar); ``USD`` -> US Dollar and US dollars, never "dollar" alone, the
    word of 24 currencies. None for a code CLDR does not name, or without babel (the geo extra brings it)."""
    if not isinstance(value, str) or not re.fullmatch(r"[A-Z]{3}", value):
        return ()
    try:
        from babel.numbers import get_currency_name  # noqa: PLC0415
    except ImportError:
        return ()

    name = get_currency_name(value, locale="en")
    if name == value:
        return ()
    plural = get_currency_name(value, count=2, locale="en")
    names = [name, plural]
    head = name.split()[-1]
    if _currency_words().get(head.casefold(), 0) <= 2:  # the kyat (with Burma's old kyat), the won (both Koreas)
        names += [head.casefold(), plural.split()[-1].casefold()]
    return tuple(dict.fromkeys(n for n in names if n != value))


@functools.cache
def _currency_words() -> dict[str, int]:
    """How many of CLDR's currencies (former ones too) have each last word of their English name."""
    from babel.numbers import get_currency_name, list_currencies  # noqa: PLC0415

    words: dict[str, int] = {}
    for code in list_currencies():
        word = get_currency_name(code, locale="en").split()[-1].casefold()
        words[word] = words.get(word, 0) + 1
    return words

