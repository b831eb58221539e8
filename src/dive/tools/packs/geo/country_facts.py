"""Country facts (countryinfo): capital, area, population, region, borders, currencies, languages, zones."""

from __future__ import annotations

import functools
from typing import Annotated, Any, Literal

import pycountry
from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.geo._common import CountryCode, Limit, country_name, fold, meta, resolve_country, tidy
from dive.tools.tool import Sem, tool

__all__ = ["TOOLS"]

_COUNTRYINFO = meta("countryinfo")


_AREA_FIXES = {
    "RS": 77474,  # CIA World Factbook, without Kosovo; countryinfo gives Slovakia's 49,037 (two reviewers, round X)
    "MO": 32.9,  # Macao's statistics service, 2022, after land reclamation; countryinfo's 30 is decades old (round S)
}
"""Areas (km²) countryinfo has wrong, each checked against an independent gazetteer (GeoNames' differ by over 5% for
17 countries, nearly all by definition: France with its overseas regions, Pakistan with its part of Kashmir)."""

_POPULATION_FIXES = {
    "IE": 4_635_400,  # the CSO's estimate for April 2015; countryinfo's 6,378,000 is the island's, Northern Ireland
    # included (Ireland "more populous than Denmark": two readers, round BA). Denmark's 5,655,750 is of 2015 too
}
"""Populations countryinfo gives of another territory, each checked against the country's statistics office (the
others differ from GeoNames' by their year: Syria before and after 2011)."""


@functools.cache
def _facts() -> dict[str, dict[str, Any]]:
    """countryinfo records by ISO alpha-2; where several records share a code, the one with data wins."""
    from countryinfo import all_countries

    def completeness(info: dict[str, Any]) -> tuple[bool, bool, bool]:
        return info.get("population") is not None, isinstance(info.get("capital"), str), bool(info.get("borders"))

    best: dict[str, dict[str, Any]] = {}
    for entry in all_countries():
        info = entry.info()
        code = (info.get("ISO") or {}).get("alpha2")
        if not code or pycountry.countries.get(alpha_2=code) is None:
            continue
        if code not in best or completeness(info) > completeness(best[code]):
            best[code] = info
    for code, area in _AREA_FIXES.items():
        if code in best:
            best[code] = {**best[code], "area": area}
    for code, population in _POPULATION_FIXES.items():
        if code in best:
            best[code] = {**best[code], "population": population}
    return best


def _fact(country: str) -> tuple[Any, dict[str, Any]]:
    iso = resolve_country(country)
    info = _facts().get(iso.alpha_2)
    if info is None:
        raise ToolError(f"countryinfo has no facts for {iso.alpha_2} ({country_name(iso)})")
    return iso, info


_CAPITAL_NOW = {"KZ": "Astana", "BI": "Gitega"}
"""Capitals moved or renamed since countryinfo's data: Nur-Sultan became Astana again in September 2022; Burundi's
capital moved from Bujumbura to Gitega in 2019 (Bujumbura stays the economic capital)."""

_NO_ONE_CAPITAL = frozenset({"BO", "LK", "NR", "SZ"})
"""Countries with no one capital to ask for: Bolivia's constitutional Sucre and its seat of government La Paz; Sri
Lanka's official Sri Jayawardenepura Kotte and its commercial capital Colombo (countryinfo's); Eswatini's
administrative Mbabane and its royal and legislative Lobamba (countryinfo's); Nauru, which has none."""


def _capital(info: dict[str, Any], code: str = "") -> str | None:
    if code in _NO_ONE_CAPITAL:
        return None
    if code in _CAPITAL_NOW:
        return _CAPITAL_NOW[code]
    cap = info.get("capital")
    if isinstance(cap, list):
        cap = cap[0] if cap else None
    return cap or None


def _capital_position(code: str, capital: str | None, latlng: list[Any]) -> list[Any]:
    """The capital's coordinates: countryinfo's, unless GeoNames places a city of that name in that country
    over a degree away. countryinfo gives 12 capitals another place's position (Dili at New Delhi's, Tunis at
    the country's centre, The Valley in Nebraska, Brasília at Brazil's centroid), found by comparing the two."""
    from dive.tools.packs.geo.cities import _matches  # noqa: PLC0415 - the cities table loads on first use

    hits = _matches(capital, code) if capital else []
    if not hits:
        return latlng
    lat, lon = hits[0]["latitude"], hits[0]["longitude"]
    if len(latlng) != 2 or latlng[0] is None or abs(latlng[0] - lat) > 1 or abs(latlng[1] - lon) > 1:
        return [lat, lon]
    return latlng


def _density(info: dict[str, Any]) -> float | None:
    pop, area = info.get("population"), info.get("area")
    return tidy(pop / area, 2) if pop and area else None


class CountryProfile(TypedDict):
    country_code: Annotated[str, Sem("country_code")]
    country_code3: Annotated[str, Sem("country_code3")]
    name: Annotated[str, Sem("country_name")]
    capital: Annotated[str | None, Sem("city_name")]
    capital_latitude: Annotated[float | None, Sem("latitude")]
    capital_longitude: Annotated[float | None, Sem("longitude")]
    area_km2: Annotated[float | None, Sem("area_km2", unit="km2")]
    population: Annotated[int | None, Sem("population")]
    region: Annotated[str | None, Sem("region_name")]
    subregion: Annotated[str | None, Sem("region_name")]
    demonym: Annotated[str | None, Sem("demonym")]
    currency_code: Annotated[str | None, Sem("currency_code")]
    currency_codes: list[Annotated[str, Sem("currency_code")]]
    language_code: Annotated[str | None, Sem("language_code")]
    language_codes: list[Annotated[str, Sem("language_code")]]
    calling_code: Annotated[str | None, Sem("calling_code")]
    timezone: Annotated[str | None, Sem("timezone")]
    timezones: list[Annotated[str, Sem("timezone")]]
    tld: Annotated[str | None, Sem("country_tld")]


def _tender(codes: list[str], alpha_2: str) -> list[str]:
    """The currencies that are legal tender in the country today (CLDR): ``codes`` in their order, less those no
    longer in use (Croatia's kuna since 2023, El Salvador's colón since 2001, Sierra Leone's old leone) and the funds
    codes that are no tender (Uruguay's UYI, countryinfo's first, and "the main currency of Uruguay" was UYI), then
    those ``codes`` lack (the euro in Croatia)."""
    from dive.tools.packs.geo.currencies import current_tender  # noqa: PLC0415

    now = current_tender(alpha_2)
    if not now:
        return codes
    return [c for c in codes if c in now] + [c for c in now if c not in codes]


@tool(kind="R", examples=[{"country": "FR"}, {"country": "Japan"}], **_COUNTRYINFO)
def country_profile(country: CountryCode) -> CountryProfile:
    """Get a country's key facts: capital (with coordinates), area, population, region and subregion,
    demonym, currencies, languages, calling code, IANA time zones and internet domain. The first currency,
    language and time zone are also given singly, ready to pass to currency, language or time tools.
    Population figures are mid-2010s estimates from the countryinfo dataset.

    Args:
        country: ISO alpha-2 code such as "FR" (alpha-3 or an English name also work).
    """
    iso, info = _fact(country)
    capital = _capital(info, iso.alpha_2)
    latlng = [None, None] if capital is None else info.get("capital_latlng") or [None, None]
    if iso.alpha_2 in _CAPITAL_NOW:
        latlng = [None, None]  # countryinfo's position is the old capital's (Bujumbura's, 0.6° from Gitega)
    latlng = _capital_position(iso.alpha_2, capital, latlng)
    currencies = _tender([c for c in info.get("currencies") or [] if isinstance(c, str)], iso.alpha_2)
    languages = [c for c in info.get("languages") or [] if isinstance(c, str)]
    zones = [z for z in info.get("timezoneNames") or [] if "/" in z]
    calling = [c for c in info.get("callingCodes") or [] if c]
    tlds = info.get("tld") or []
    area = info.get("area")
    return {
        "country_code": iso.alpha_2,
        "country_code3": iso.alpha_3,
        "name": country_name(iso),
        "capital": capital,
        "capital_latitude": latlng[0] if len(latlng) == 2 else None,
        "capital_longitude": latlng[1] if len(latlng) == 2 else None,
        "area_km2": float(area) if area is not None else None,
        "population": info.get("population"),
        "region": info.get("region") or None,
        "subregion": info.get("subregion") or None,
        "demonym": info.get("demonym") or None,
        "currency_code": currencies[0] if currencies else None,
        "currency_codes": currencies,
        "language_code": languages[0] if languages else None,
        "language_codes": languages,
        "calling_code": calling[0] if calling else None,
        "timezone": zones[0] if zones else None,
        "timezones": zones[:20],
        "tld": tlds[0] if tlds else None,
    }


class Neighbor(TypedDict):
    country_code: Annotated[str, Sem("country_code")]
    country_code3: Annotated[str, Sem("country_code3")]
    name: Annotated[str, Sem("country_name")]


class Neighbors(TypedDict):
    country_code: Annotated[str, Sem("country_code")]
    count: int
    neighbors: list[Neighbor]


_NOT_BORDERS = frozenset({("TD", "SSD"), ("KW", "IRN"), ("MM", "BTN"), ("RS", "ALB"), ("CY", "GBR"), ("IN", "AFG"),
                          ("IN", "LKA"), ("LK", "IND")})
"""Borders countryinfo lists that do not exist on the ground (Chad and South Sudan do not touch; Serbia meets Albania
only through Kosovo; India's border with Afghanistan is a claim over Kashmir; India and Sri Lanka share only a
maritime boundary)."""
_MISSED_BORDERS = frozenset({("TD", "SDN"), ("MM", "IND"), ("KW", "IRQ"), ("CN", "NPL"), ("EG", "PSE"), ("IL", "PSE"),
                             ("JO", "PSE"), ("FR", "BRA"), ("FR", "SUR"), ("BR", "FRA")})
"""Borders countryinfo lists on the other side only (Sudan lists Chad, Chad lists South Sudan instead), or not at all:
France meets Brazil and Suriname in French Guiana, an overseas region of France (two readers, round AL: Spain is not
the largest country that borders France)."""


_KOSOVO_NEIGHBOURS = frozenset({"AL", "ME", "MK", "RS"})
"""The countries whose land borders meet Kosovo, which has no ISO 3166 code (XK, the code the EU and others use):
left out, the smallest of Montenegro's neighbours was Albania (two readers, round AM: Kosovo has fewer people)."""


def _borders(iso: Any, info: dict[str, Any]) -> list[str]:
    """The alpha-3 codes of the countries ``iso`` shares a land border with."""
    codes = [c for c in info.get("borders") or [] if (iso.alpha_2, c) not in _NOT_BORDERS]
    return codes + [c for a, c in sorted(_MISSED_BORDERS) if a == iso.alpha_2 and c not in codes]


@tool(kind="R", examples=[{"country": "DE"}, {"country": "BR"}], **_COUNTRYINFO)
def country_neighbors(country: CountryCode) -> Neighbors:
    """List the countries that share a land border with a country (an island nation has none); Kosovo, which has
    no ISO code, is listed as XK.

    Args:
        country: ISO alpha-2 code such as "DE" (alpha-3 or an English name also work).
    """
    iso, info = _fact(country)
    out: list[Neighbor] = []
    for code3 in _borders(iso, info):
        hit = pycountry.countries.get(alpha_3=code3)
        if hit is not None:
            out.append({"country_code": hit.alpha_2, "country_code3": hit.alpha_3, "name": country_name(hit)})
    if iso.alpha_2 in _KOSOVO_NEIGHBOURS:
        out.append({"country_code": "XK", "country_code3": "XKX", "name": "Kosovo"})
    out.sort(key=lambda n: n["name"])
    return {"country_code": iso.alpha_2, "count": len(out), "neighbors": out}


class RegionCountry(TypedDict):
    country_code: Annotated[str, Sem("country_code")]
    name: Annotated[str, Sem("country_name")]
    population: Annotated[int | None, Sem("population")]
    area_km2: Annotated[float | None, Sem("area_km2", unit="km2")]


class RegionCountries(TypedDict):
    region: Annotated[str, Sem("region_name")]
    total: int
    countries: list[RegionCountry]


def _regions() -> list[str]:
    names = {info.get(k) for info in _facts().values() for k in ("region", "subregion")}
    return sorted(n for n in names if n)


@tool(kind="R", examples=[{"region": "Western Europe"}, {"region": "Africa", "sort_by": "area", "limit": 5}],
      **_COUNTRYINFO)
def countries_in_region(
    region: Annotated[str, Sem("region_name")],
    sort_by: Literal["population", "area", "name"] = "population",
    limit: Limit = 20,
) -> RegionCountries:
    """List the countries of a world region or subregion (UN geoscheme names such as "Europe", "Asia",
    "Western Africa", "South-eastern Asia", "Latin America and the Caribbean"), largest first.

    Args:
        region: region ("Americas") or subregion ("Northern Europe") name, case-insensitive.
        sort_by: order by "population" or "area" (largest first) or by "name".
        limit: most countries to return; "total" counts them all.
    """
    key = fold(region)
    rows = [
        (code, info) for code, info in _facts().items()
        if key in (fold(info.get("region") or ""), fold(info.get("subregion") or ""))
    ]
    if not rows:
        raise ToolError(f"unknown region {region!r}; known regions and subregions: {', '.join(_regions())}")
    if sort_by == "name":
        rows.sort(key=lambda r: country_name(pycountry.countries.get(alpha_2=r[0])))
    else:
        field = "population" if sort_by == "population" else "area"
        rows.sort(key=lambda r: -(r[1].get(field) or 0))
    label = next(info.get(k) for _, info in rows for k in ("region", "subregion") if fold(info.get(k) or "") == key)
    countries: list[RegionCountry] = [
        {
            "country_code": code,
            "name": country_name(pycountry.countries.get(alpha_2=code)),
            "population": info.get("population"),
            "area_km2": float(info["area"]) if info.get("area") is not None else None,
        }
        for code, info in rows[:limit]
    ]
    return {"region": label, "total": len(rows), "countries": countries}


class CountryFigures(TypedDict):
    country_code: Annotated[str, Sem("country_code")]
    name: Annotated[str, Sem("country_name")]
    population: Annotated[int | None, Sem("population")]
    area_km2: Annotated[float | None, Sem("area_km2", unit="km2")]
    density_per_km2: Annotated[float | None, Sem("population_density", unit="1/km2")]


class CountryComparison(TypedDict):
    a: CountryFigures
    b: CountryFigures
    population_ratio: Annotated[float | None, Sem("number")]
    area_ratio: Annotated[float | None, Sem("number")]
    more_populous: Annotated[str | None, Sem("country_code")]
    larger_area: Annotated[str | None, Sem("country_code")]
    share_border: bool


def _figures(iso: Any, info: dict[str, Any]) -> CountryFigures:
    area = info.get("area")
    return {
        "country_code": iso.alpha_2,
        "name": country_name(iso),
        "population": info.get("population"),
        "area_km2": float(area) if area is not None else None,
        "density_per_km2": _density(info),
    }


def _bigger(code_a: str, value_a: float | None, code_b: str, value_b: float | None) -> str | None:
    if value_a is None or value_b is None or value_a == value_b:
        return None
    return code_a if value_a > value_b else code_b


@tool(kind="P", examples=[{"country_a": "FR", "country_b": "DE"}], **_COUNTRYINFO)
def compare_countries(country_a: CountryCode, country_b: CountryCode) -> CountryComparison:
    """Compare two countries side by side: population, area and population density of each, the ratios
    a/b, which is more populous or larger, and whether they share a land border.

    Args:
        country_a: first country, ISO alpha-2 code such as "FR".
        country_b: second country, ISO alpha-2 code such as "DE".
    """
    iso_a, info_a = _fact(country_a)
    iso_b, info_b = _fact(country_b)
    fa, fb = _figures(iso_a, info_a), _figures(iso_b, info_b)
    pa, pb, aa, ab = fa["population"], fb["population"], fa["area_km2"], fb["area_km2"]
    return {
        "a": fa,
        "b": fb,
        "population_ratio": tidy(pa / pb, 4) if pa and pb else None,
        "area_ratio": tidy(aa / ab, 4) if aa and ab else None,
        "more_populous": _bigger(fa["country_code"], pa, fb["country_code"], pb),
        "larger_area": _bigger(fa["country_code"], aa, fb["country_code"], ab),
        "share_border": iso_b.alpha_3 in _borders(iso_a, info_a),
    }


class CountryRank(TypedDict):
    country_code: Annotated[str, Sem("country_code")]
    metric: str
    value: Annotated[float, Sem("number")]
    rank: int
    out_of: int
    region: Annotated[str | None, Sem("region_name")]
    rank_in_region: int
    countries_in_region: int


@tool(kind="R", examples=[{"country": "BR", "metric": "area"}, {"country": "NG"}], **_COUNTRYINFO)
def country_rank(country: CountryCode, metric: Literal["population", "area", "density"] = "population") -> CountryRank:
    """Rank a country by population, area or population density among all countries in the dataset and
    within its region (rank 1 is the largest or densest).

    Args:
        country: ISO alpha-2 code such as "BR".
        metric: "population", "area" (km2) or "density" (people per km2).
    """
    iso, info = _fact(country)

    def value(entry: dict[str, Any]) -> float | None:
        if metric == "density":
            return _density(entry)
        v = entry.get("population" if metric == "population" else "area")
        return float(v) if v is not None else None

    mine = value(info)
    if mine is None:
        raise ToolError(f"the dataset has no {metric} for {iso.alpha_2} ({country_name(iso)})")
    values = [(code, value(e), e.get("region")) for code, e in _facts().items()]
    ranked = [(c, v, r) for c, v, r in values if v is not None]
    in_region = [v for _, v, r in ranked if r == info.get("region")]
    return {
        "country_code": iso.alpha_2,
        "metric": metric,
        "value": mine,
        "rank": 1 + sum(1 for _, v, _ in ranked if v > mine),
        "out_of": len(ranked),
        "region": info.get("region") or None,
        "rank_in_region": 1 + sum(1 for v in in_region if v > mine),
        "countries_in_region": len(in_region),
    }


TOOLS = [country_profile, country_neighbors, countries_in_region, compare_countries, country_rank]
