"""Languages and scripts: BCP-47 tags and speaker counts (langcodes), ISO 639-3 and ISO 15924 (pycountry),
and who speaks what where (babel, CLDR territory data)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import pycountry
from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.geo._common import CountryCode, Limit, country_name, fold, meta, resolve_country
from dive.tools.tool import Sem, tool

__all__ = ["TOOLS"]

_LANGCODES = meta("langcodes")
_PYCOUNTRY = meta("pycountry")
_BABEL = meta("babel")

LanguageCode = Annotated[str, Sem("language_code")]


def _tag(code: str) -> Any:
    import langcodes

    text = code.strip()
    try:
        lang = langcodes.get(text)
    except (ValueError, LookupError):
        lang = None
    if lang is None or not lang.is_valid() or not lang.has_name_data() or lang.language in (None, "und"):
        raise ToolError(
            f"{code!r} is not a known language tag; give an ISO 639 code or BCP-47 tag such as 'fr', 'pt-BR', "
            "'zh-Hant' (use language_find to get the code of a language name)"
        )
    return lang


class LanguageInfo(TypedDict):
    language_code: Annotated[str, Sem("language_code")]
    name: Annotated[str, Sem("language_name")]
    autonym: str
    alpha3: str | None
    script_code: Annotated[str | None, Sem("script_code")]
    likely_country: Annotated[str | None, Sem("country_code")]
    speaking_population: Annotated[int, Sem("population")]
    writing_population: Annotated[int, Sem("population")]


@tool(kind="R", examples=[{"code": "fr"}, {"code": "pt-BR"}, {"code": "yue"}], **_LANGCODES)
def language_info(code: LanguageCode) -> LanguageInfo:
    """Describe a language from its code or BCP-47 tag: English name, its own name for itself, ISO 639-3 code,
    its usual script, the country it is most associated with, and how many people speak and write it
    (estimates from CLDR and Ethnologue via language-data; for a tag with a region, speakers in that region).

    Args:
        code: ISO 639 code or BCP-47 tag, e.g. "de", "zh-Hant", "es-MX".
    """
    lang = _tag(code)
    full = lang.maximize()
    try:
        alpha3 = lang.to_alpha3()
    except LookupError:
        alpha3 = None
    return {
        "language_code": lang.to_tag(),
        "name": lang.display_name(),
        "autonym": lang.autonym(),
        "alpha3": alpha3,
        "script_code": full.script,
        "likely_country": full.territory if full.territory and full.territory.isalpha() else None,
        "speaking_population": int(lang.speaking_population()),
        "writing_population": int(lang.writing_population()),
    }


class LanguageFound(TypedDict):
    language_code: Annotated[str, Sem("language_code")]
    name: Annotated[str, Sem("language_name")]


@tool(kind="R", examples=[{"name": "Swahili"}, {"name": "Deutsch"}, {"name": "français"}], **_LANGCODES)
def language_find(name: Annotated[str, Sem("language_name")]) -> LanguageFound:
    """Get the language code for a language name written in English or in many other languages
    ("German", "Deutsch", "allemand" all give "de").

    Args:
        name: the name of a language, e.g. "Brazilian Portuguese" or "Tagalog".
    """
    import langcodes

    try:
        lang = langcodes.find(name.strip())
    except LookupError:
        raise ToolError(f"no language is named {name!r}; check the spelling or give the code directly") from None
    return {"language_code": lang.to_tag(), "name": lang.display_name()}


class LocalizedLanguage(TypedDict):
    language_code: Annotated[str, Sem("language_code")]
    in_language: Annotated[str, Sem("language_code")]
    name: Annotated[str, Sem("text")]


@tool(kind="R", examples=[{"code": "de", "in_language": "fr"}, {"code": "en-GB", "in_language": "ja"}], **_LANGCODES)
def language_name_localized(code: LanguageCode, in_language: LanguageCode = "en") -> LocalizedLanguage:
    """Give a language's name as written in another language, e.g. German is "allemand" in French and
    British English is "英語 (イギリス)" in Japanese.

    Args:
        code: the language to name, e.g. "de" or "pt-BR".
        in_language: the language to write the name in, e.g. "fr".
    """
    lang, target = _tag(code), _tag(in_language)
    return {"language_code": lang.to_tag(), "in_language": target.to_tag(), "name": lang.display_name(target.to_tag())}


class TagDistance(TypedDict):
    distance: int
    mutually_usable: bool
    meaning: str


@tool(kind="P", examples=[{"desired": "en-AU", "supported": "en-GB"}, {"desired": "es", "supported": "fr"}],
      **_LANGCODES)
def language_tag_distance(desired: LanguageCode, supported: LanguageCode) -> TagDistance:
    """Score how well content in the "supported" language serves a user who wants the "desired" one (CLDR
    language matching): 0 means the same, 1-9 a regional, script or dialect variant, 10-24 a related language many
    users accept, 25+ effectively a different language. The score can be asymmetric (Swiss German speakers
    read German, not the reverse).

    Args:
        desired: the language the user wants, e.g. "pt-PT".
        supported: the language available, e.g. "pt-BR".
    """
    import langcodes

    a, b = _tag(desired), _tag(supported)
    dist = int(langcodes.tag_distance(a.to_tag(), b.to_tag()))
    meaning = ("same language" if dist == 0 else "regional, script or dialect variant" if dist < 10
               else "related language, often acceptable" if dist < 25 else "different language")
    return {"distance": dist, "mutually_usable": dist < 25, "meaning": meaning}


class StandardTag(TypedDict):
    language_code: Annotated[str, Sem("language_code")]
    maximized: Annotated[str, Sem("language_code")]
    language: Annotated[str, Sem("language_code")]
    script_code: Annotated[str | None, Sem("script_code")]
    country_code: Annotated[str | None, Sem("country_code")]


@tool(kind="P", examples=[{"tag": "eng_US"}, {"tag": "iw"}, {"tag": "zh-cmn-Hans-CN"}], **_LANGCODES)
def language_tag_standardize(tag: LanguageCode) -> StandardTag:
    """Normalize a language tag to standard BCP-47 (fixing case, underscores, deprecated and 3-letter codes:
    "eng_US" -> "en-US", "iw" -> "he") and expand it with its likely script and country ("sr" -> "sr-Cyrl-RS").

    Args:
        tag: a language tag in any common spelling.
    """
    import langcodes

    try:
        standard = langcodes.standardize_tag(tag.strip())
    except (ValueError, LookupError):
        raise ToolError(f"{tag!r} is not a well-formed language tag; examples: 'en-US', 'zh-Hant', 'pt_BR'") from None
    lang = _tag(standard)
    full = lang.maximize()
    return {
        "language_code": standard,
        "maximized": full.to_tag(),
        "language": lang.language,
        "script_code": full.script,
        "country_code": full.territory if full.territory and full.territory.isalpha() else None,
    }


_TYPES = {"L": "living", "E": "extinct", "H": "historical", "C": "constructed", "A": "ancient", "S": "special"}
_SCOPES = {"I": "individual", "M": "macrolanguage", "S": "special", "C": "collective"}


class Iso639(TypedDict):
    alpha2: Annotated[str | None, Sem("language_code")]
    alpha3: Annotated[str, Sem("language_code")]
    bibliographic: str | None
    name: Annotated[str, Sem("language_name")]
    status: str
    scope: str


@tool(kind="R", examples=[{"code": "la"}, {"code": "cmn"}, {"code": "ger"}], **_PYCOUNTRY)
def iso639_language(code: LanguageCode) -> Iso639:
    """Look up a language in ISO 639-3 by its 2- or 3-letter code (bibliographic codes like "ger" too): its
    codes, English name, whether it is living, extinct, historical or constructed, and whether it is an
    individual language or a macrolanguage. Covers all 7,900+ ISO 639-3 languages.

    Args:
        code: ISO 639-1 ("la"), 639-3 ("lat") or 639-2/B ("ger") code.
    """
    text = code.strip().lower()
    hit = None
    if len(text) == 2:
        hit = pycountry.languages.get(alpha_2=text)
    elif len(text) == 3:
        hit = pycountry.languages.get(alpha_3=text) or pycountry.languages.get(bibliographic=text)
    if hit is None:
        raise ToolError(f"{code!r} is not an ISO 639 code; use 2 letters ('fr') or 3 letters ('fra', 'cmn')")
    return {
        "alpha2": getattr(hit, "alpha_2", None),
        "alpha3": hit.alpha_3,
        "bibliographic": getattr(hit, "bibliographic", None),
        "name": hit.name,
        "status": _TYPES.get(getattr(hit, "type", ""), "unknown"),
        "scope": _SCOPES.get(getattr(hit, "scope", ""), "unknown"),
    }


class ScriptInfo(TypedDict):
    script_code: Annotated[str, Sem("script_code")]
    name: str
    numeric_code: str


@tool(kind="R", examples=[{"code": "Cyrl"}, {"code": "160"}], **_PYCOUNTRY)
def script_info(code: Annotated[str, Sem("script_code")]) -> ScriptInfo:
    """Look up a writing system in ISO 15924 by its four-letter code ("Cyrl", "Hani") or numeric code ("220"),
    or by its English name ("Arabic"): code, name and number.

    Args:
        code: four-letter script code, three-digit number or English name.
    """
    text = code.strip()
    hit = None
    if text.isdigit():
        hit = pycountry.scripts.get(numeric=text.zfill(3))
    elif len(text) == 4:
        hit = pycountry.scripts.get(alpha_4=text.title())
    if hit is None:
        hit = next((s for s in pycountry.scripts if fold(s.name) == fold(text)), None)
    if hit is None:
        raise ToolError(f"{code!r} is not an ISO 15924 script; examples: 'Latn', 'Cyrl', 'Arab', 'Hans', '215'")
    return {"script_code": hit.alpha_4, "name": hit.name, "numeric_code": hit.numeric}


# ---------------------------------------------------------------------------------------
# Languages by country (babel: CLDR territory-language data)

_STATUS = {"official": "official", "de_facto_official": "de facto official", "official_regional": "official regionally",
           "official_minority": "official minority"}


def _english_name(code: str) -> str:
    from babel import Locale

    return Locale("en").languages.get(code) or Locale("en").languages.get(code.split("_")[0]) or code


def _speakers(language: str, territory: str) -> int | None:
    import langcodes

    try:
        return int(langcodes.get(f"{language.replace('_', '-')}-{territory}").speaking_population()) or None
    except (ValueError, LookupError):
        return None


class CountryLanguage(TypedDict):
    language_code: Annotated[str, Sem("language_code")]
    name: Annotated[str, Sem("language_name")]
    population_percent: Annotated[float, Sem("percent")]
    official_status: str | None
    speakers: Annotated[int | None, Sem("population")]


class CountryLanguages(TypedDict):
    country_code: Annotated[str, Sem("country_code")]
    official_languages: list[Annotated[str, Sem("language_code")]]
    languages: list[CountryLanguage]


@tool(kind="R", examples=[{"country": "CH"}, {"country": "IN", "limit": 5}], **_BABEL)
def languages_of_country(country: CountryCode, limit: Limit = 10) -> CountryLanguages:
    """List the languages spoken in a country with the share of the population that speaks each, its official
    status and an estimated speaker count (CLDR territory data), most widely spoken first.

    Args:
        country: ISO alpha-2 code such as "CH".
        limit: most languages to return.
    """
    from babel.languages import get_official_languages, get_territory_language_info

    iso = resolve_country(country)
    info = get_territory_language_info(iso.alpha_2)
    if not info:
        raise ToolError(f"CLDR has no language data for {iso.alpha_2} ({country_name(iso)})")
    rows = sorted(info.items(), key=lambda kv: -kv[1]["population_percent"])
    return {
        "country_code": iso.alpha_2,
        "official_languages": [c.replace("_", "-") for c in get_official_languages(iso.alpha_2, de_facto=True)],
        "languages": [
            {
                "language_code": code.replace("_", "-"),
                "name": _english_name(code),
                "population_percent": float(data["population_percent"]),
                "official_status": _STATUS.get(data["official_status"] or ""),
                "speakers": _speakers(code, iso.alpha_2),
            }
            for code, data in rows[:limit]
        ],
    }


class LanguageCountry(TypedDict):
    country_code: Annotated[str, Sem("country_code")]
    name: Annotated[str, Sem("country_name")]
    population_percent: Annotated[float, Sem("percent")]
    official_status: str | None
    speakers: Annotated[int | None, Sem("population")]


class LanguageCountries(TypedDict):
    language_code: Annotated[str, Sem("language_code")]
    total: int
    countries: list[LanguageCountry]


@tool(kind="R", examples=[{"language": "pt"}, {"language": "ar", "official_only": True, "sort_by": "speakers"}],
      **_BABEL)
def countries_speaking_language(
    language: LanguageCode, official_only: bool = False, sort_by: Literal["percent", "speakers"] = "percent",
    limit: Limit = 20,
) -> LanguageCountries:
    """List the countries where a language is spoken, with the share of each country's population that speaks
    it, its official status there and estimated speakers (CLDR territory data).

    Args:
        language: language code, e.g. "es" or "sw".
        official_only: keep only countries where it is official (nationally, de facto or regionally).
        sort_by: "percent" of the population or absolute "speakers", largest first.
        limit: most countries to return; "total" counts them all.
    """
    from babel.core import get_global

    code = _tag(language).language
    rows: list[LanguageCountry] = []
    for territory, langs in get_global("territory_languages").items():
        data = langs.get(code)
        country = pycountry.countries.get(alpha_2=territory) if len(territory) == 2 else None
        if data is None or country is None or (official_only and not data.get("official_status")):
            continue
        rows.append({
            "country_code": territory,
            "name": country_name(country),
            "population_percent": float(data["population_percent"]),
            "official_status": _STATUS.get(data.get("official_status") or ""),
            "speakers": _speakers(code, territory),
        })
    if not rows:
        raise ToolError(f"CLDR lists no country where {code!r} is {'official' if official_only else 'spoken'}")
    if sort_by == "speakers":
        rows.sort(key=lambda r: (-(r["speakers"] or 0), r["country_code"]))
    else:
        rows.sort(key=lambda r: (-r["population_percent"], r["country_code"]))
    return {"language_code": code, "total": len(rows), "countries": rows[:limit]}


TOOLS = [language_info, language_find, language_name_localized, language_tag_distance, language_tag_standardize,
         iso639_language, script_info, languages_of_country, countries_speaking_language]
