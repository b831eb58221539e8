"""Coordinates and distances: geodesic distance, destination, bounding box, DMS (geopy) and three formulas."""

from __future__ import annotations

import math
from typing import Annotated

from pydantic import Field
from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.geo._common import Latitude, Longitude, haversine_km, initial_bearing, meta, tidy
from dive.tools.tool import Sem, tool

__all__ = ["TOOLS"]

_GEOPY = meta("geopy")
_OURS = meta("dive-tasks")

Bearing = Annotated[float, Sem("bearing_deg", unit="deg"), Field(ge=-360, le=360)]
_POINTS = ("N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE", "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW")


def _compass(bearing: float) -> str:
    return _POINTS[int((bearing % 360) / 22.5 + 0.5) % 16]


def _wrap_lon(lon: float) -> float:
    return (lon + 540.0) % 360.0 - 180.0


class Distance(TypedDict):
    distance_km: Annotated[float, Sem("distance_km", unit="km")]
    distance_mi: Annotated[float, Sem("number", unit="mi")]
    distance_nmi: Annotated[float, Sem("number", unit="nmi")]
    great_circle_km: Annotated[float, Sem("distance_km", unit="km")]


@tool(kind="P", examples=[{"latitude_a": 48.8566, "longitude_a": 2.3522, "latitude_b": 51.5074, "longitude_b": -0.1278}],
      **_GEOPY)
def geo_distance(latitude_a: Latitude, longitude_a: Longitude, latitude_b: Latitude, longitude_b: Longitude) -> Distance:
    """Compute the distance between two points given by latitude and longitude: the geodesic distance on the
    WGS-84 ellipsoid (accurate to millimetres) in km, statute miles and nautical miles, and the simpler
    spherical great-circle distance. Feed it coordinates from city, airport or country tools.

    Args:
        latitude_a: latitude of the first point, decimal degrees (north positive).
        longitude_a: longitude of the first point, decimal degrees (east positive).
        latitude_b: latitude of the second point.
        longitude_b: longitude of the second point.
    """
    from geopy.distance import geodesic, great_circle

    a, b = (latitude_a, longitude_a), (latitude_b, longitude_b)
    km = geodesic(a, b).km
    return {
        "distance_km": tidy(km, 3),
        "distance_mi": tidy(km / 1.609344, 3),
        "distance_nmi": tidy(km / 1.852, 3),
        "great_circle_km": tidy(great_circle(a, b).km, 3),
    }


class Destination(TypedDict):
    latitude: Annotated[float, Sem("latitude")]
    longitude: Annotated[float, Sem("longitude")]


@tool(kind="P", examples=[{"latitude": 48.8566, "longitude": 2.3522, "bearing_deg": 90, "distance_km": 100}], **_GEOPY)
def geo_destination(latitude: Latitude, longitude: Longitude, bearing_deg: Bearing,
                    distance_km: Annotated[float, Sem("distance_km", unit="km"), Field(ge=0, le=20040)]) -> Destination:
    """Find the point reached by travelling a distance from a start point along an initial compass bearing
    (0 = north, 90 = east), on the WGS-84 ellipsoid (the direct geodesic problem).

    Args:
        latitude: start latitude, decimal degrees.
        longitude: start longitude, decimal degrees.
        bearing_deg: initial bearing in degrees clockwise from true north.
        distance_km: distance to travel in kilometres.
    """
    from geopy.distance import geodesic

    end = geodesic(kilometers=distance_km).destination((latitude, longitude), bearing_deg)
    return {"latitude": tidy(end.latitude, 6), "longitude": tidy(_wrap_lon(end.longitude), 6)}


class BoundingBox(TypedDict):
    south: Annotated[float, Sem("latitude")]
    north: Annotated[float, Sem("latitude")]
    west: Annotated[float, Sem("longitude")]
    east: Annotated[float, Sem("longitude")]
    crosses_antimeridian: bool


@tool(kind="P", examples=[{"latitude": 40.7128, "longitude": -74.006, "radius_km": 10}], **_GEOPY)
def geo_bounding_box(latitude: Latitude, longitude: Longitude,
                     radius_km: Annotated[float, Sem("distance_km", unit="km"), Field(gt=0, le=5000)]) -> BoundingBox:
    """Compute the latitude/longitude box that encloses a circle of a given radius around a point, e.g. to
    filter places within 10 km. Edges come from geodesic destinations due north, south, east and west.

    Args:
        latitude: centre latitude, decimal degrees.
        longitude: centre longitude, decimal degrees.
        radius_km: circle radius in kilometres.
    """
    from geopy.distance import geodesic

    move = geodesic(kilometers=radius_km)
    north = move.destination((latitude, longitude), 0).latitude
    south = move.destination((latitude, longitude), 180).latitude
    if north >= 90 or south <= -90 or abs(latitude) + radius_km / 111.0 >= 89.9:
        raise ToolError("the circle reaches a pole, where a longitude box is meaningless; use a smaller radius")
    # The widest longitude span of a circle lies north or south of its centre's parallel; sample the rim.
    lons = [move.destination((latitude, longitude), b).longitude for b in range(0, 360, 2)]
    offsets = [((lo - longitude + 540) % 360) - 180 for lo in lons]
    west, east = _wrap_lon(longitude + min(offsets)), _wrap_lon(longitude + max(offsets))
    return {"south": tidy(south, 6), "north": tidy(north, 6), "west": tidy(west, 6), "east": tidy(east, 6),
            "crosses_antimeridian": west > east}


class Dms(TypedDict):
    latitude_dms: Annotated[str, Sem("coordinates_text")]
    longitude_dms: Annotated[str, Sem("coordinates_text")]
    formatted: Annotated[str, Sem("coordinates_text")]


@tool(kind="P", examples=[{"latitude": 48.8584, "longitude": 2.2945}], **_GEOPY)
def coordinates_to_dms(latitude: Latitude, longitude: Longitude) -> Dms:
    """Write decimal-degree coordinates as degrees, minutes and seconds with hemisphere letters,
    e.g. 48.8584, 2.2945 -> 48° 51′ 30.24″ N, 2° 17′ 40.2″ E.

    Args:
        latitude: latitude in decimal degrees (north positive).
        longitude: longitude in decimal degrees (east positive).
    """
    lat_text, lon_text = _dms(latitude, "NS"), _dms(longitude, "EW")
    return {"latitude_dms": lat_text, "longitude_dms": lon_text, "formatted": f"{lat_text}, {lon_text}"}


def _dms(value: float, hemispheres: str) -> str:
    """Degrees, minutes and seconds to 0.01″, carried (42.7833333 -> 42° 47′ 0″ N, never 46′ 59.9988″)."""
    hundredths = round(abs(value) * 360000)
    degrees, rest = divmod(hundredths, 360000)
    minutes, seconds = divmod(rest, 6000)
    sec = f"{seconds / 100:.2f}".rstrip("0").rstrip(".")
    return f"{degrees}° {minutes}′ {sec}″ {hemispheres[0] if value >= 0 else hemispheres[1]}"


class ParsedPoint(TypedDict):
    latitude: Annotated[float, Sem("latitude")]
    longitude: Annotated[float, Sem("longitude")]


@tool(kind="P", examples=[{"text": "48°51′24″N 2°21′8″E"}, {"text": "40.7128, -74.0060"}], **_GEOPY)
def coordinates_parse(text: Annotated[str, Sem("coordinates_text")]) -> ParsedPoint:
    """Read coordinates written as text into decimal latitude and longitude. Accepts decimal pairs
    ("40.7128, -74.0060"), degrees-minutes-seconds with symbols ("48°51′24″N 2°21′8″E") or with d/m/s
    letters ("23 26m 22s N 23 27m 30s E").

    Args:
        text: the coordinates, latitude first.
    """
    from geopy.point import Point

    try:
        point = Point.from_string(text.strip())
    except ValueError:
        raise ToolError(f"cannot read coordinates from {text!r}; write e.g. '40.7128, -74.0060' or "
                        "'48°51′24″N 2°21′8″E' (latitude first)") from None
    return {"latitude": tidy(point.latitude, 7), "longitude": tidy(point.longitude, 7)}


class BearingOut(TypedDict):
    initial_bearing_deg: Annotated[float, Sem("bearing_deg", unit="deg")]
    final_bearing_deg: Annotated[float, Sem("bearing_deg", unit="deg")]
    compass_point: Annotated[str, Sem("compass_point")]


@tool(kind="P", examples=[{"latitude_a": 40.6413, "longitude_a": -73.7781, "latitude_b": 51.47, "longitude_b": -0.4543}],
      **_OURS)
def geo_bearing(latitude_a: Latitude, longitude_a: Longitude, latitude_b: Latitude, longitude_b: Longitude) -> BearingOut:
    """Compute the compass bearing of the great-circle route from point a to point b: the initial bearing at
    departure, the final bearing on arrival, and the 16-point compass direction (e.g. "NE") of the start.
    Spherical formula from Chris Veness, "Calculate distance, bearing and more between latitude/longitude
    points" (movable-type.co.uk), after Sinnott (1984).

    Args:
        latitude_a: latitude of the start, decimal degrees.
        longitude_a: longitude of the start, decimal degrees.
        latitude_b: latitude of the destination.
        longitude_b: longitude of the destination.
    """
    if (latitude_a, longitude_a) == (latitude_b, longitude_b):
        raise ToolError("the two points are the same, so there is no bearing between them")
    start = initial_bearing(latitude_a, longitude_a, latitude_b, longitude_b)
    final = (initial_bearing(latitude_b, longitude_b, latitude_a, longitude_a) + 180.0) % 360.0
    return {"initial_bearing_deg": tidy(start, 3), "final_bearing_deg": tidy(final, 3), "compass_point": _compass(start)}


class Midpoint(TypedDict):
    latitude: Annotated[float, Sem("latitude")]
    longitude: Annotated[float, Sem("longitude")]
    distance_to_each_km: Annotated[float, Sem("distance_km", unit="km")]


@tool(kind="P", examples=[{"latitude_a": 48.8566, "longitude_a": 2.3522, "latitude_b": 41.9028, "longitude_b": 12.4964}],
      **_OURS)
def geo_midpoint(latitude_a: Latitude, longitude_a: Longitude, latitude_b: Latitude, longitude_b: Longitude) -> Midpoint:
    """Find the point halfway along the great-circle path between two points (a fair meeting point), and
    its distance to each end on a sphere of mean Earth radius 6371.0088 km. Formula from Chris Veness,
    "Calculate distance, bearing and more between latitude/longitude points" (movable-type.co.uk).

    Args:
        latitude_a: latitude of the first point, decimal degrees.
        longitude_a: longitude of the first point, decimal degrees.
        latitude_b: latitude of the second point.
        longitude_b: longitude of the second point.
    """
    p1, p2 = math.radians(latitude_a), math.radians(latitude_b)
    l1, dl = math.radians(longitude_a), math.radians(longitude_b - longitude_a)
    bx, by = math.cos(p2) * math.cos(dl), math.cos(p2) * math.sin(dl)
    if math.hypot(math.cos(p1) + bx, by) < 1e-12:
        raise ToolError("the points are antipodal: every great circle through them has a different midpoint")
    lat = math.atan2(math.sin(p1) + math.sin(p2), math.hypot(math.cos(p1) + bx, by))
    lon = l1 + math.atan2(by, math.cos(p1) + bx)
    mid_lat, mid_lon = math.degrees(lat), _wrap_lon(math.degrees(lon))
    half = haversine_km(latitude_a, longitude_a, latitude_b, longitude_b) / 2
    return {"latitude": tidy(mid_lat, 6), "longitude": tidy(mid_lon, 6), "distance_to_each_km": tidy(half, 3)}


class Density(TypedDict):
    density_per_km2: Annotated[float, Sem("population_density", unit="1/km2")]
    density_per_mi2: Annotated[float, Sem("number", unit="1/mi2")]
    km2_per_person: Annotated[float | None, Sem("number", unit="km2")]


@tool(kind="P", examples=[{"population": 67750000, "area_km2": 551695}], **_OURS)
def population_density(population: Annotated[int, Sem("population"), Field(ge=0)],
                       area_km2: Annotated[float, Sem("area_km2", unit="km2"), Field(gt=0)]) -> Density:
    """Compute population density: people per square kilometre and per square mile (1 mi2 = 2.589988110336
    km2, NIST SP 811), and land area per person. Arithmetic density as defined by the UN Statistics Division.

    Args:
        population: number of people.
        area_km2: area in square kilometres (must be positive).
    """
    per_km2 = population / area_km2
    return {
        "density_per_km2": tidy(per_km2, 3),
        "density_per_mi2": tidy(per_km2 * 2.589988110336, 3),
        "km2_per_person": tidy(area_km2 / population, 9) if population else None,
    }


TOOLS = [geo_distance, geo_destination, geo_bounding_box, coordinates_to_dms, coordinates_parse, geo_bearing,
         geo_midpoint, population_density]
