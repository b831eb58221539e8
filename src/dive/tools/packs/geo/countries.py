"""Countries in ISO 3166-1 and ISO 3166-3 (pycountry): codes, names, search, withdrawn codes."""

from __future__ import annotations

from typing import Annotated, Any

import pycountry
from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.geo._common import Limit, country_name, fold, meta, resolve_country
from dive.tools.tool import Sem, tool

__all__ = ["TOOLS"]

_PYCOUNTRY = meta("pycountry")



class CountryCodes(TypedDict):
    country_code: Annotated[str, Sem("country_code")]
    country_code3: Annotated[str, Sem("country_code3")]
    numeric_code: str
    name: Annotated[str, Sem("country_name")]
    iso_name: str
    official_name: str | None
    flag: str


def _codes(country: Any) -> CountryCodes:
    return {
        "country_code": country.alpha_2,
        "country_code3": country.alpha_3,
        "numeric_code": country.numeric,
        "name": country_name(country),
        "iso_name": country.name,
        "official_name": getattr(country, "official_name", None),
        "flag": getattr(country, "flag", ""),
    }


@tool(kind="R", examples=[{"code": "DE"}, {"code": "BOL"}, {"code": "392"}], **_PYCOUNTRY)
def country_by_code(code: Annotated[str, Sem("country_code")]) -> CountryCodes:
    """Look up a country in ISO 3166-1 by its alpha-2, alpha-3 or numeric code (or its English name) and
    get all its codes, its short, ISO and official names and its flag emoji. Use it to convert between
    code systems, e.g. "DEU" -> "DE", or to name a country code another tool returned.

    Args:
        code: alpha-2 ("DE"), alpha-3 ("DEU") or numeric ("276") code; an English name also works.
    """
    return _codes(resolve_country(code))


class CountryMatch(TypedDict):
    country_code: Annotated[str, Sem("country_code")]
    name: Annotated[str, Sem("country_name")]


class CountryMatches(TypedDict):
    query: str
    matches: list[CountryMatch]


@tool(kind="R", examples=[{"query": "korea"}, {"query": "Congo"}], **_PYCOUNTRY)
def country_search(query: Annotated[str, Sem("country_name")], limit: Limit = 10) -> CountryMatches:
    """Find countries whose ISO names contain a word or phrase, e.g. "korea" finds North and South Korea.
    Use it when a country name is ambiguous or misspelt, then pick the right ISO alpha-2 code.

    Args:
        query: part of a country name, in English.
        limit: most matches to return.
    """
    key = fold(query)
    if len(key) < 2:
        raise ToolError("query must have at least 2 letters, e.g. 'guinea'")
    found = []
    for country in pycountry.countries:
        names = [country.name, getattr(country, "common_name", ""), getattr(country, "official_name", "")]
        if any(key in fold(n) for n in names if n):
            found.append(country)
    if not found:
        try:
            found = [c for c in pycountry.countries.search_fuzzy(query) if hasattr(c, "alpha_2")]
        except LookupError:
            found = []
    if not found:
        raise ToolError(f"no country name contains {query!r}; try a shorter part of the English name")
    return {"query": query, "matches": [{"country_code": c.alpha_2, "name": country_name(c)} for c in found[:limit]]}


class HistoricCountry(TypedDict):
    name: str
    former_code: str
    former_code3: str
    code4: str
    withdrawal_date: Annotated[str | None, Sem("date")]
    comment: str | None


@tool(kind="R", examples=[{"code": "YU"}, {"code": "SUN"}], **_PYCOUNTRY)
def historic_country(code: str) -> HistoricCountry:
    """Look up a country code withdrawn from ISO 3166-1 (ISO 3166-3), such as "SU" (USSR), "YU" (Yugoslavia)
    or "DD" (East Germany): its name, when the code was withdrawn, and ISO's note on what replaced it.

    Args:
        code: the former alpha-2, alpha-3 or four-letter ISO 3166-3 code, e.g. "CS" or "CSHH".
    """
    text = code.strip().upper()
    field = {2: "alpha_2", 3: "alpha_3", 4: "alpha_4"}.get(len(text))
    hit = pycountry.historic_countries.get(**{field: text}) if field else None
    if hit is None:
        raise ToolError(f"{code!r} is not a withdrawn ISO 3166 code; examples: 'SU', 'YUG', 'DDDE', 'ZR'")
    return {
        "name": hit.name,
        "former_code": hit.alpha_2,
        "former_code3": hit.alpha_3,
        "code4": hit.alpha_4,
        "withdrawal_date": getattr(hit, "withdrawal_date", None),
        "comment": getattr(hit, "comment", None),
    }


TOOLS = [country_by_code, country_search, historic_country]
