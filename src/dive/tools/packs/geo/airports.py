"""Airports by IATA and ICAO code (airportsdata): lookup, by country or city, nearby, metro areas, routes."""

from __future__ import annotations

import functools
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
    haversine_km,
    initial_bearing,
    meta,
    tidy,
)
from dive.tools.tool import Sem, tool

__all__ = ["TOOLS"]

_META = meta("airportsdata")

Iata = Annotated[str, Sem("airport_iata")]
FEET = 0.3048


@functools.cache
def _by_icao() -> dict[str, dict[str, Any]]:
    import airportsdata

    return airportsdata.load("ICAO")


@functools.cache
def _by_iata() -> dict[str, dict[str, Any]]:
    import airportsdata

    return airportsdata.load("IATA")


@functools.cache
def _metro_areas() -> dict[str, dict[str, Any]]:
    import airportsdata

    return airportsdata.load_iata_macs()


def _iata(code: str) -> dict[str, Any]:
    key = code.strip().upper()
    hit = _by_iata().get(key)
    if hit is None:
        hint = " (that looks like an ICAO code: use airport_by_icao)" if len(key) == 4 else ""
        raise ToolError(f"no airport has IATA code {code!r}{hint}; IATA codes are three letters such as 'CDG' or 'JFK'")
    return hit


class Airport(TypedDict):
    iata: Annotated[str | None, Sem("airport_iata")]
    icao: Annotated[str, Sem("airport_icao")]
    name: str
    city: Annotated[str, Sem("city_name")]
    subdivision: Annotated[str | None, Sem("subdivision_name")]
    country_code: Annotated[str, Sem("country_code")]
    latitude: Annotated[float, Sem("latitude")]
    longitude: Annotated[float, Sem("longitude")]
    elevation_m: Annotated[float, Sem("elevation_m", unit="m")]
    elevation_ft: Annotated[float, Sem("number", unit="ft")]
    timezone: Annotated[str, Sem("timezone")]


def _out(a: dict[str, Any]) -> Airport:
    return {
        "iata": a["iata"] or None,
        "icao": a["icao"],
        "name": a["name"],
        "city": a["city"],
        "subdivision": a["subd"] or None,
        "country_code": a["country"],
        "latitude": a["lat"],
        "longitude": a["lon"],
        "elevation_m": tidy(a["elevation"] * FEET, 1),
        "elevation_ft": a["elevation"],
        "timezone": a["tz"],
    }


@tool(kind="R", examples=[{"code": "CDG"}, {"code": "nrt"}], **_META)
def airport_by_iata(code: Iata) -> Airport:
    """Look up an airport by its three-letter IATA code: name, city, country code, coordinates, elevation and
    IANA time zone. Pass its latitude and longitude to distance tools, its timezone to time tools.

    Args:
        code: IATA airport code such as "CDG" (case-insensitive).
    """
    return _out(_iata(code))


@tool(kind="R", examples=[{"code": "EGLL"}, {"code": "KSFO"}], **_META)
def airport_by_icao(code: Annotated[str, Sem("airport_icao")]) -> Airport:
    """Look up an airport or airfield by its four-character ICAO code (28,000+ including small fields without an
    IATA code): name, city, country code, coordinates, elevation and time zone.

    Args:
        code: ICAO code such as "EGLL" (case-insensitive).
    """
    key = code.strip().upper()
    hit = _by_icao().get(key)
    if hit is None:
        hint = " (that looks like an IATA code: use airport_by_iata)" if len(key) == 3 else ""
        raise ToolError(f"no airport has ICAO code {code!r}{hint}; ICAO codes have four characters such as 'LFPG'")
    return _out(hit)


class AirportRow(TypedDict):
    iata: Annotated[str | None, Sem("airport_iata")]
    icao: Annotated[str, Sem("airport_icao")]
    name: str
    city: Annotated[str, Sem("city_name")]
    country_code: Annotated[str, Sem("country_code")]
    latitude: Annotated[float, Sem("latitude")]
    longitude: Annotated[float, Sem("longitude")]


def _row(a: dict[str, Any]) -> AirportRow:
    return {"iata": a["iata"] or None, "icao": a["icao"], "name": a["name"], "city": a["city"],
            "country_code": a["country"], "latitude": a["lat"], "longitude": a["lon"]}


class AirportList(TypedDict):
    total: int
    airports: list[AirportRow]


def _pool(iata_only: bool) -> list[dict[str, Any]]:
    return list(_by_iata().values()) if iata_only else list(_by_icao().values())


@tool(kind="R", examples=[{"country": "IS"}, {"country": "US", "subdivision": "Hawaii", "limit": 5}], **_META)
def airports_in_country(
    country: CountryCode, subdivision: Annotated[str | None, Sem("subdivision_name")] = None,
    iata_only: bool = True, limit: Limit = 20,
) -> AirportList:
    """List the airports of a country, optionally of one state or region, with codes and coordinates,
    sorted by IATA code. By default only airports with an IATA code (those served by airlines) are listed.

    Args:
        country: ISO alpha-2 code such as "NZ".
        subdivision: optional state or region name as airportsdata spells it, e.g. "California", "Bavaria".
        iata_only: list only airports with an IATA code; false adds small ICAO-only airfields.
        limit: most airports to return; "total" counts them all.
    """
    code = alpha2(country)
    hits = [a for a in _pool(iata_only) if a["country"] == code]
    if subdivision:
        key = fold(subdivision)
        hits = [a for a in hits if fold(a["subd"]) == key]
    if not hits:
        where = f" in {subdivision}" if subdivision else ""
        raise ToolError(f"no airport found in {code}{where}; check the region name or set iata_only to false")
    hits.sort(key=lambda a: (a["iata"] or "~", a["icao"]))
    return {"total": len(hits), "airports": [_row(a) for a in hits[:limit]]}


@tool(kind="R", examples=[{"city": "London"}, {"city": "Portland", "country": "US"}], **_META)
def airports_in_city(city: Annotated[str, Sem("city_name")], country: Annotated[str | None, Sem("country_code")] = None,
                     limit: Limit = 20) -> AirportList:
    """List the airports with IATA codes that serve a city (matched on the airport's city name), e.g. the
    London airports (Heathrow, Gatwick, Stansted...). Give a country to tell apart cities that share a name.

    Args:
        city: city name, e.g. "Tokyo".
        country: optional ISO alpha-2 code.
        limit: most airports to return.
    """
    key = fold(city)
    code = alpha2(country) if country else None
    hits = [a for a in _by_iata().values() if fold(a["city"]) == key and (code is None or a["country"] == code)]
    if not hits:
        raise ToolError(f"no IATA airport lists {city!r} as its city; try airports_near with the city's coordinates")
    hits.sort(key=lambda a: a["iata"])
    return {"total": len(hits), "airports": [_row(a) for a in hits[:limit]]}


@tool(kind="R", examples=[{"query": "Heathrow"}, {"query": "international", "country": "NZ"}], **_META)
def airport_search(query: str, country: Annotated[str | None, Sem("country_code")] = None,
                   limit: Limit = 10) -> AirportList:
    """Find airports with IATA codes whose name contains some text, e.g. "Kennedy" or "Schiphol",
    optionally within one country.

    Args:
        query: part of the airport's name.
        country: optional ISO alpha-2 code.
        limit: most airports to return; "total" counts all matches.
    """
    key = fold(query)
    if len(key) < 3:
        raise ToolError("query must have at least 3 letters")
    code = alpha2(country) if country else None
    hits = [a for a in _by_iata().values() if key in fold(a["name"]) and (code is None or a["country"] == code)]
    if not hits:
        raise ToolError(f"no IATA airport's name contains {query!r}")
    hits.sort(key=lambda a: a["iata"])
    return {"total": len(hits), "airports": [_row(a) for a in hits[:limit]]}


class NearAirport(AirportRow):
    distance_km: Annotated[float, Sem("distance_km", unit="km")]


class NearAirports(TypedDict):
    total: int
    airports: list[NearAirport]


@tool(kind="R", examples=[{"latitude": 51.5074, "longitude": -0.1278, "radius_km": 60}], **_META)
def airports_near(latitude: Latitude, longitude: Longitude,
                  radius_km: Annotated[float, Sem("distance_km", unit="km"), Field(gt=0, le=2000)] = 100,
                  iata_only: bool = True, limit: Limit = 10) -> NearAirports:
    """List airports within a radius of a point, nearest first, with great-circle distances in km. Use it with a
    city's coordinates to find where to fly into.

    Args:
        latitude: latitude in decimal degrees (north positive).
        longitude: longitude in decimal degrees (east positive).
        radius_km: search radius in kilometres (at most 2000).
        iata_only: list only airports with an IATA code (served by airlines).
        limit: most airports to return; "total" counts all within the radius.
    """
    found = _near(latitude, longitude, radius_km, iata_only)
    return {"total": len(found), "airports": [{**_row(a), "distance_km": tidy(d, 2)} for d, a in found[:limit]]}


def _near(lat: float, lon: float, radius_km: float, iata_only: bool) -> list[tuple[float, dict[str, Any]]]:
    band = radius_km / 111.0 + 0.01
    found = []
    for a in _pool(iata_only):
        if abs(a["lat"] - lat) <= band:
            d = haversine_km(lat, lon, a["lat"], a["lon"])
            if d <= radius_km:
                found.append((d, a))
    found.sort(key=lambda x: (x[0], x[1]["icao"]))
    return found


class MetroArea(TypedDict):
    metro_code: Annotated[str, Sem("airport_iata")]
    name: Annotated[str, Sem("city_name")]
    country_code: Annotated[str, Sem("country_code")]
    airports: list[AirportRow]


@tool(kind="R", examples=[{"code": "LON"}, {"code": "JFK"}], **_META)
def metro_area_airports(code: Iata) -> MetroArea:
    """Resolve an IATA metropolitan-area code (e.g. "NYC", "LON", "TYO", "PAR") to the airports it groups, or find
    the metro area an airport belongs to (e.g. "ORY" -> PAR with CDG and ORY). Tickets to a metro code may
    use any of its airports.

    Args:
        code: a metropolitan-area code such as "LON" or an airport code such as "LGW".
    """
    key = code.strip().upper()
    macs = _metro_areas()
    mac = macs.get(key)
    if mac is None:
        mac_key = next((k for k, m in macs.items() if key in m["airports"]), None)
        if mac_key is None:
            known = ", ".join(sorted(macs))
            raise ToolError(f"{code!r} is neither an IATA metropolitan-area code nor one of its airports; "
                            f"metro codes: {known}")
        key, mac = mac_key, macs[mac_key]
    airports = [_row(a) for _, a in sorted(mac["airports"].items())]
    return {"metro_code": key, "name": mac["name"], "country_code": mac["country"], "airports": airports}


class Route(TypedDict):
    origin: AirportRow
    destination: AirportRow
    distance_km: Annotated[float, Sem("distance_km", unit="km")]
    distance_mi: Annotated[float, Sem("number", unit="mi")]
    distance_nmi: Annotated[float, Sem("number", unit="nmi")]
    initial_bearing_deg: Annotated[float, Sem("bearing_deg", unit="deg")]
    origin_timezone: Annotated[str, Sem("timezone")]
    destination_timezone: Annotated[str, Sem("timezone")]
    domestic: bool


@tool(kind="P", examples=[{"origin": "JFK", "destination": "LHR"}, {"origin": "SYD", "destination": "MEL"}],
      **meta("geopy"))
def flight_distance(origin: Iata, destination: Iata) -> Route:
    """Compute the great-circle route between two airports given by IATA code: geodesic distance (WGS-84, geopy)
    in km, statute miles and nautical miles, the initial compass bearing, both time zones and whether the
    route is domestic.

    Args:
        origin: IATA code of the departure airport, e.g. "JFK".
        destination: IATA code of the arrival airport, e.g. "LHR".
    """
    from geopy.distance import geodesic

    a, b = _iata(origin), _iata(destination)
    km = geodesic((a["lat"], a["lon"]), (b["lat"], b["lon"])).km
    bearing = initial_bearing(a["lat"], a["lon"], b["lat"], b["lon"])
    return {
        "origin": _row(a),
        "destination": _row(b),
        "distance_km": tidy(km, 2),
        "distance_mi": tidy(km / 1.609344, 2),
        "distance_nmi": tidy(km / 1.852, 2),
        "initial_bearing_deg": tidy(bearing, 2),
        "origin_timezone": a["tz"],
        "destination_timezone": b["tz"],
        "domestic": a["country"] == b["country"],
    }


TOOLS = [airport_by_iata, airport_by_icao, airports_in_country, airports_in_city, airport_search, airports_near,
         metro_area_airports, flight_distance]
