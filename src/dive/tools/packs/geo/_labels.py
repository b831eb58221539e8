"""Display names for the geo pack's lexicon (see lexicon.yaml): pure, offline, never raising.

Codes people do not say aloud (country, language, script, continent, locale codes) are
mentioned by name, with "the" where English uses it ("the Netherlands", "the United States").
"""

from __future__ import annotations

import functools
import re
from typing import Any

__all__ = [
    "airport_label",
    "calling_code_label",
    "compass_label",
    "continent_label",
    "country_label",
    "language_label",
    "locale_label",
    "phone_type_label",
    "plain_id_label",
    "script_label",
    "subdivision_type_label",
    "us_state_label",
]

# Short names people use where ISO's differ (or are awkward in a sentence).
_COUNTRY_NAMES = {
    "BQ": "Caribbean Netherlands", "BN": "Brunei", "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo", "CI": "Ivory Coast", "CC": "Cocos (Keeling) Islands",
    "FK": "Falkland Islands", "FM": "Micronesia", "MF": "Saint Martin", "PS": "Palestine",
    "RU": "Russia", "SH": "Saint Helena", "SX": "Sint Maarten", "TR": "Turkey", "VA": "Vatican City",
    "VG": "British Virgin Islands", "VI": "US Virgin Islands", "MO": "Macau", "CV": "Cape Verde",
    "KR": "South Korea", "KP": "North Korea", "SY": "Syria", "TZ": "Tanzania", "VN": "Vietnam",
    "LA": "Laos", "IR": "Iran", "BO": "Bolivia", "VE": "Venezuela", "MD": "Moldova",
    "UM": "United States Minor Outlying Islands", "HM": "Heard Island and McDonald Islands",
    "GS": "South Georgia and the South Sandwich Islands",
}
# Names English writes with "the".
_THE = {
    "AE", "BS", "CD", "CG", "CF", "CK", "KM", "KY", "DO", "FK", "FO", "GB", "GM", "MV", "MH", "MP",
    "NL", "PH", "SB", "SC", "TC", "UM", "US", "VG", "VI", "CC", "HM", "BQ", "AX",
}  # not FM or PS, said by their short names: "the Micronesia" read as a typo to two reviewers; not GS ("South
# Georgia and the South Sandwich Islands" opens with a place name)


@functools.cache
def _country(code: str) -> tuple[str, str] | None:
    from dive.errors import ToolError  # noqa: PLC0415
    from dive.tools.packs.geo._common import resolve_country  # noqa: PLC0415

    try:
        hit = resolve_country(code)
    except (ToolError, KeyError):
        hit = None
    if hit is None:
        return None
    name = _COUNTRY_NAMES.get(hit.alpha_2) or getattr(hit, "common_name", None) or hit.name
    return hit.alpha_2, name


def country_label(code: Any) -> str | None:
    """``"NL"``/``"NLD"``/``"528"`` -> ``"the Netherlands"``; ``"JP"`` -> ``"Japan"``; None if unknown."""
    if not isinstance(code, str | int) or isinstance(code, bool):
        return None
    found = _country(str(code))
    if found is None:
        return None
    alpha2, name = found
    return f"the {name}" if alpha2 in _THE else name


def country_aliases(code: Any) -> tuple[str, ...]:
    """Other names a person or a tool gives a country: ISO 3166's short and official names, without the comma
    forms ("Korea, Republic of"): ``"CI"`` -> ``("Côte d'Ivoire", "Republic of Côte d'Ivoire")``; ``"TR"`` ->
    ``("Türkiye", "Republic of Türkiye")`` (two reviewers found an agent copying the tool's "Türkiye" marked wrong)."""
    if not isinstance(code, str | int) or isinstance(code, bool):
        return ()
    from dive.tools.packs.geo._common import resolve_country  # noqa: PLC0415

    try:
        hit = resolve_country(str(code))
    except Exception:  # noqa: BLE001 - an unknown code simply has no other names
        return ()
    if hit is None:
        return ()
    label = country_label(code) or ""
    names = (hit.name, getattr(hit, "official_name", None), getattr(hit, "common_name", None),
             label.removeprefix("the "))
    return tuple(dict.fromkeys(n for n in names if n and "," not in n and n != label))


_CONTINENTS = {"AF": "Africa", "AN": "Antarctica", "AS": "Asia", "EU": "Europe", "NA": "North America",
               "OC": "Oceania", "SA": "South America"}


def continent_label(code: Any) -> str | None:
    """``"EU"`` -> ``"Europe"``; an English continent name is returned title-cased."""
    if not isinstance(code, str):
        return None
    text = code.strip()
    if text.upper() in _CONTINENTS:
        return _CONTINENTS[text.upper()]
    names = {v.lower(): v for v in _CONTINENTS.values()}
    return names.get(text.lower())


# Regional variants people name with an adjective.
_VARIANTS = {
    "en-US": "American English", "en-GB": "British English", "en-AU": "Australian English",
    "en-CA": "Canadian English", "en-IN": "Indian English", "en-NZ": "New Zealand English",
    "fr-CA": "Canadian French", "fr-CH": "Swiss French", "fr-BE": "Belgian French",
    "pt-BR": "Brazilian Portuguese", "pt-PT": "European Portuguese", "es-MX": "Mexican Spanish",
    "es-ES": "European Spanish", "es-419": "Latin American Spanish", "de-AT": "Austrian German",
    "zh-Hans": "Simplified Chinese", "zh-Hant": "Traditional Chinese",
    "zh-TW": "Chinese as used in Taiwan", "zh-HK": "Chinese as used in Hong Kong",
}


@functools.cache
def _tag_name(tag: str, plain_home: bool = True) -> str | None:
    import langcodes  # noqa: PLC0415

    text = tag.strip().replace("_", "-")
    if not text:
        return None
    try:
        lang = langcodes.Language.get(text)
        std = lang.to_tag()
    except (ValueError, LookupError, AttributeError):
        return None
    if std in _VARIANTS:
        return _VARIANTS[std]
    if not lang.language or lang.language == "und":
        return None
    base = langcodes.Language.get(lang.language).display_name()
    if base.lower().startswith(("unknown", "und")) or base == lang.language:
        return None
    if plain_home and lang.territory and not lang.script and \
            langcodes.Language.get(lang.language).maximize().territory == lang.territory:
        return base  # "de_DE" is plain German, "fr_FR" plain French
    if lang.territory:
        place = country_label(lang.territory)
        if place is None:
            return base
        return f"{base} as used in {place}"
    if lang.script:
        return lang.display_name()
    return base


def language_label(code: Any) -> str | None:
    """``"de"`` -> ``"German"``, ``"pt-BR"`` -> ``"Brazilian Portuguese"``, ``"es-AR"`` -> ``"Spanish as used in Argentina"``."""
    if not isinstance(code, str):
        return None
    return _tag_name(code)


def locale_label(code: Any) -> str | None:
    """A CLDR locale by name, its country always stated (it sets currency, week start...):
    ``"de_DE"`` -> ``"German as used in Germany"``, ``"en_US"`` -> ``"American English"``, ``"fr"`` -> ``"French"``."""
    if not isinstance(code, str):
        return None
    return _tag_name(code, plain_home=False)


@functools.cache
def _script(code: str) -> str | None:
    import pycountry  # noqa: PLC0415

    text = code.strip()
    try:
        hit = pycountry.scripts.get(numeric=text.zfill(3)) if text.isdigit() else \
            pycountry.scripts.get(alpha_4=text.title())
    except (LookupError, KeyError):
        hit = None
    if hit is None or hit.name.startswith("Code for"):
        return None
    name = hit.name.split(" (")[0] if "alias" in hit.name else hit.name
    if "(" in name:  # "Han (Simplified variant)" -> "Simplified Han"
        head, _, rest = name.partition(" (")
        rest = rest.rstrip(")").replace(" variant", "")
        name = f"{rest} {head}"
    return f"the {name} script"


def script_label(code: Any) -> str | None:
    """``"Cyrl"`` -> ``"the Cyrillic script"``; ``"160"`` -> ``"the Arabic script"``."""
    if not isinstance(code, str | int) or isinstance(code, bool):
        return None
    return _script(str(code))


def calling_code_label(code: Any) -> str | None:
    """``"44"`` -> ``"+44"``."""
    text = str(code).strip().lstrip("+")
    return f"+{text}" if text.isdigit() else None


_COMPASS = {"N": "north", "NNE": "north-northeast", "NE": "northeast", "ENE": "east-northeast", "E": "east",
            "ESE": "east-southeast", "SE": "southeast", "SSE": "south-southeast", "S": "south",
            "SSW": "south-southwest", "SW": "southwest", "WSW": "west-southwest", "W": "west",
            "WNW": "west-northwest", "NW": "northwest", "NNW": "north-northwest"}


def compass_label(point: Any) -> str | None:
    """``"NE"`` -> ``"northeast"``."""
    return _COMPASS.get(str(point).strip().upper()) if isinstance(point, str) else None


_PHONE_TYPES = {"mobile": "mobile", "fixed_line": "landline", "fixed_line_or_mobile": "landline or mobile",
                "toll_free": "toll-free", "premium_rate": "premium-rate", "shared_cost": "shared-cost",
                "voip": "VoIP", "personal_number": "personal", "pager": "pager",
                "uan": "universal access (UAN)", "voicemail": "voicemail access"}


def phone_type_label(kind: Any) -> str | None:
    """``"fixed_line"`` -> ``"landline"``, ``"toll_free"`` -> ``"toll-free"``."""
    return _PHONE_TYPES.get(str(kind).strip().lower()) if isinstance(kind, str) else None


def subdivision_type_label(kind: Any) -> str | None:
    """``"Metropolitan department"`` -> ``"metropolitan department"`` (lower case, for mid-sentence use)."""
    if not isinstance(kind, str) or not kind.strip():
        return None
    return kind.strip().lower()


@functools.cache
def _us_states() -> dict[str, str]:
    try:
        from dive.tools.packs.geo._common import geonames  # noqa: PLC0415

        return {code: s["name"] for code, s in geonames().get_us_states().items()}
    except Exception:  # noqa: BLE001 - never raise from a label
        return {}


def us_state_label(code: Any) -> str | None:
    """``"TX"`` -> ``"Texas"``; a state's name is returned as it is."""
    if not isinstance(code, str):
        return None
    text = code.strip()
    states = _us_states()
    if text.upper() in states:
        return states[text.upper()]
    names = {v.lower(): v for v in states.values()}
    return names.get(text.lower())


@functools.cache
def _iata_names() -> dict[str, str]:
    import airportsdata  # noqa: PLC0415 - loaded on the first IATA code mentioned

    return {code: _spoken(row["name"]) for code, row in airportsdata.load("IATA").items() if row.get("name")}


def _spoken(name: str) -> str:
    """An airport's name as people say it: the first of two names joined by a slash, with the kind of airport
    ("Val de Cans/Julio Cezar Ribeiro International Airport" -> "Val de Cans International Airport"; two reviewers
    read the slash-joined name as copied from a database), or the airport's own name after a place and a spaced
    slash ("Fort McMurray / Mildred Lake Airport" -> "Mildred Lake Airport", not Fort McMurray's own airport)."""
    text = name.strip()
    if " / " in text:  # "Fort McMurray / Mildred Lake Airport": a place, then the airport's own name
        last = text.rsplit(" / ", 1)[1]
        return last if re.search(r"\b(?:Airport|Aerodrome|Airfield)$", last) else text
    m = re.fullmatch(r"([^/]+?)/.+?((?:\s+International)?\s+Airport)", text)
    return f"{m.group(1)}{m.group(2)}" if m else text


def airport_label(code: Any) -> str | None:
    """An IATA airport code with the airport's name, as people write it: ``"nrt"`` -> ``"Narita International
    Airport (NRT)"``. Two reviewers found a bare "ALP" or "GBE" unreadable; a code without a name stays a code."""
    if not isinstance(code, str) or not code.strip().isalnum():
        return None
    upper = code.strip().upper()
    try:
        name = _iata_names().get(upper)
    except Exception:  # noqa: BLE001 - a label never raises
        name = None
    return f"{name} ({upper})" if name else upper


@functools.cache
def _icao_names() -> dict[str, str]:
    import airportsdata  # noqa: PLC0415 - loaded on the first ICAO code mentioned

    return {code: _spoken(row["name"]) for code, row in airportsdata.load("ICAO").items() if row.get("name")}


def icao_label(code: Any) -> str | None:
    """An ICAO airport code by the airport's name (``"OIKB"`` -> ``"Bandar Abbas International Airport"``):
    people name an airport, and few know its ICAO code; a code without a name stays a code."""
    if not isinstance(code, str) or not code.strip().isalnum():
        return None
    try:
        return _icao_names().get(code.strip().upper()) or code.strip().upper()
    except Exception:  # noqa: BLE001 - a label never raises
        return code.strip().upper()


def plain_id_label(value: Any) -> str | None:
    """A numeric identifier without thousands separators: ``2996944`` -> ``"2996944"``."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    text = str(value).strip()
    return text if text.isdigit() else None
