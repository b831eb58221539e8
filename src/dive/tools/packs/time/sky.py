"""Seasons, planets and bright stars: equinoxes, rise and set, positions, constellations, sidereal time,
from ``ephem``.
"""

from __future__ import annotations

import datetime as dt
import math
from functools import cache
from typing import Annotated, Any, Literal

import ephem
from ephem import stars as ephem_stars
from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.time._common import (
    IsoDate,
    IsoDateTime,
    Latitude,
    Longitude,
    TimeZone,
    Year,
    check_latlon,
    iso_local,
    local_moment,
    meta,
    parse_date,
    zone,
)
from dive.tools.packs.time.moon import ephem_date, utc_of
from dive.tools.tool import Sem, tool

__all__ = ["BODIES", "TOOLS", "star_names"]

_META = meta("ephem", "MIT")

BodyName = Literal["Sun", "Moon", "Mercury", "Venus", "Mars", "Jupiter", "Saturn", "Uranus", "Neptune", "Pluto"]
Body = Annotated[BodyName, Sem("celestial_body")]
BODIES: tuple[str, ...] = ("Sun", "Moon", "Mercury", "Venus", "Mars", "Jupiter", "Saturn", "Uranus", "Neptune",
                           "Pluto")
StarName = Annotated[str, Sem("star_name")]


@cache
def star_names() -> dict[str, str]:
    """Case-folded name -> proper name of each star in ephem's bright-star catalogue."""
    return {name.casefold(): name for name in ephem_stars.stars}


def _star(name: str) -> Any:
    key = name.strip().casefold()
    if key not in star_names():
        sample = ", ".join(sorted(star_names().values())[:10])
        raise ToolError(f"{name!r} is not in ephem's catalogue of {len(star_names())} bright stars (e.g. {sample}...)")
    return ephem.star(star_names()[key])


def _body(name: str) -> Any:
    """A Solar System body by name, or a named star."""
    if name in BODIES:
        return getattr(ephem, name)()
    for body in BODIES:
        if body.casefold() == name.strip().casefold():
            return getattr(ephem, body)()
    return _star(name)


def _hours(angle: float) -> float:
    return round(math.degrees(angle) / 15, 5)


def _deg(angle: float) -> float:
    return round(math.degrees(angle), 4)


class Season(TypedDict):
    event: str
    datetime_utc: Annotated[str, Sem("datetime")]
    date: Annotated[str, Sem("date")]
    local_datetime: Annotated[str, Sem("datetime")]


class Seasons(TypedDict):
    year: Annotated[int, Sem("year")]
    timezone: Annotated[str, Sem("timezone")]
    events: list[Season]


@tool(kind="R", examples=[{"year": 2024}, {"year": 2025, "timezone": "America/New_York"}], **_META)
def equinoxes_solstices(year: Year, timezone: TimeZone = "UTC") -> Seasons:
    """Give the exact moments of the March equinox, June solstice, September equinox and December solstice of a
    year (the astronomical starts of the seasons).

    Args:
        year: the Gregorian year.
        timezone: IANA time zone for the local dates and times (default UTC).
    """
    if not 1 <= year <= 9998:
        raise ToolError(f"year must be between 1 and 9998, got {year}")
    tz = zone(timezone)
    start = ephem.Date(dt.datetime(year, 1, 1))
    events: list[Season] = []
    for label, fn in (("March equinox", ephem.next_vernal_equinox), ("June solstice", ephem.next_summer_solstice),
                      ("September equinox", ephem.next_autumnal_equinox),
                      ("December solstice", ephem.next_winter_solstice)):
        utc = utc_of(fn(start))
        local = utc.astimezone(tz)
        events.append({"event": label, "datetime_utc": iso_local(utc), "date": local.date().isoformat(),
                       "local_datetime": iso_local(local)})
    return {"year": year, "timezone": timezone, "events": events}


class RiseSet(TypedDict):
    body: Annotated[str, Sem("celestial_body")]
    date: Annotated[str, Sem("date")]
    timezone: Annotated[str, Sem("timezone")]
    rise: Annotated[str | None, Sem("datetime")]
    transit: Annotated[str | None, Sem("datetime")]
    transit_altitude_deg: Annotated[float | None, Sem("altitude_deg", unit="deg")]
    set: Annotated[str | None, Sem("datetime")]
    note: str


def _observer(latitude: float, longitude: float, when: ephem.Date) -> ephem.Observer:
    check_latlon(latitude, longitude)
    obs = ephem.Observer()
    obs.lat, obs.lon = str(latitude), str(longitude)  # strings are read as degrees (floats would be radians)
    obs.date = when
    return obs


@tool(kind="R", examples=[{"body": "Venus", "latitude": 40.71, "longitude": -74.01, "date": "2024-12-01",
                           "timezone": "America/New_York"}], **_META)
def planet_rise_set(body: Body, latitude: Latitude, longitude: Longitude, date: IsoDate,
                    timezone: TimeZone = "UTC") -> RiseSet:
    """Give when a planet (or the Sun, Moon or Pluto) rises, crosses the meridian (highest point) and sets at a
    place during a local date. An event that does not happen that day is null, with the reason in ``note``.

    Args:
        body: "Sun", "Moon", "Mercury", "Venus", "Mars", "Jupiter", "Saturn", "Uranus", "Neptune" or "Pluto".
        latitude: latitude in decimal degrees, north positive.
        longitude: longitude in decimal degrees, east positive.
        date: the local date, YYYY-MM-DD.
        timezone: IANA time zone for the day's bounds and the output times (default UTC).
    """
    tz = zone(timezone)
    day = parse_date(date)
    start = dt.datetime(day.year, day.month, day.day, tzinfo=tz)
    end = start + dt.timedelta(days=1)
    obs = _observer(latitude, longitude, ephem_date(start))
    target = _body(body)
    out: dict[str, str | None] = {}
    note = ""
    for key, fn in (("rise", obs.next_rising), ("transit", obs.next_transit), ("set", obs.next_setting)):
        obs.date = ephem_date(start)
        try:
            when = utc_of(fn(target))
        except ephem.AlwaysUpError:
            out[key], note = None, f"{body} stays above the horizon all day (circumpolar)"
            continue
        except ephem.NeverUpError:
            out[key], note = None, f"{body} stays below the horizon all day"
            continue
        out[key] = iso_local(when.astimezone(tz)) if when < end else None
    altitude = None
    if out["transit"]:
        obs.date = ephem_date(local_moment(out["transit"], timezone))
        target.compute(obs)
        altitude = _deg(target.alt)
    if not note and None in (out["rise"], out["set"]):
        note = "one event falls on the next day (the body rises or sets about once a day, not always within it)"
    return {"body": body, "date": day.isoformat(), "timezone": timezone, "rise": out["rise"],
            "transit": out["transit"], "transit_altitude_deg": altitude, "set": out["set"], "note": note}


class PlanetPosition(TypedDict):
    body: Annotated[str, Sem("celestial_body")]
    datetime_utc: Annotated[str, Sem("datetime")]
    right_ascension_hours: Annotated[float, Sem("right_ascension", unit="h")]
    declination_deg: Annotated[float, Sem("declination", unit="deg")]
    constellation: Annotated[str, Sem("constellation")]
    magnitude: Annotated[float, Sem("magnitude")]
    earth_distance_au: Annotated[float, Sem("distance_au", unit="au")]
    sun_distance_au: Annotated[float | None, Sem("distance_au", unit="au")]
    elongation_deg: Annotated[float | None, Sem("angle_deg", unit="deg")]
    illuminated_percent: Annotated[float | None, Sem("percent")]


@tool(kind="R", examples=[{"body": "Mars", "datetime": "2024-06-01T00:00:00"}], **_META)
def planet_position(body: Body, datetime: IsoDateTime, timezone: TimeZone = "UTC") -> PlanetPosition:
    """Give a planet's (or the Sun's or Moon's) geocentric position at a moment: apparent right ascension and
    declination, the constellation it is in, its magnitude, distances from Earth and Sun, elongation from the Sun
    and the percent of its disc that is lit.

    Args:
        body: "Sun", "Moon", "Mercury", "Venus", "Mars", "Jupiter", "Saturn", "Uranus", "Neptune" or "Pluto".
        datetime: the date and time, ISO 8601 (a bare date means midnight).
        timezone: IANA time zone of ``datetime`` (default UTC).
    """
    when = ephem_date(local_moment(datetime, timezone))
    target = _body(body)
    target.compute(when)
    is_sun = body == "Sun"
    return {
        "body": body, "datetime_utc": iso_local(utc_of(when)), "right_ascension_hours": _hours(target.ra),
        "declination_deg": _deg(target.dec), "constellation": ephem.constellation(target)[1],
        "magnitude": round(float(target.mag), 2), "earth_distance_au": round(float(target.earth_distance), 6),
        "sun_distance_au": None if is_sun else round(float(target.sun_distance), 6),
        "elongation_deg": None if is_sun else _deg(target.elong),
        "illuminated_percent": None if is_sun else round(float(target.phase), 2),
    }


class StarInfo(TypedDict):
    star: Annotated[str, Sem("star_name")]
    right_ascension_hours: Annotated[float, Sem("right_ascension", unit="h")]
    declination_deg: Annotated[float, Sem("declination", unit="deg")]
    magnitude: Annotated[float, Sem("magnitude")]
    constellation: Annotated[str, Sem("constellation")]


@tool(kind="R", examples=[{"star_name": "Sirius"}], **_META)
def star_info(star_name: StarName, date: IsoDate = "2000-01-01") -> StarInfo:
    """Look up a bright named star (Sirius, Vega, Polaris, Betelgeuse...) in ephem's catalogue: its apparent right
    ascension and declination on a date, its visual magnitude and its constellation.

    Args:
        star_name: the star's proper name, e.g. "Aldebaran".
        date: the date of the apparent position, YYYY-MM-DD (default 2000-01-01); precession moves it slowly.
    """
    day = parse_date(date)
    target = _star(star_name)
    target.compute(ephem.Date(dt.datetime(day.year, day.month, day.day)))
    return {"star": star_names()[star_name.strip().casefold()], "right_ascension_hours": _hours(target.ra),
            "declination_deg": _deg(target.dec), "magnitude": round(float(target.mag), 2),
            "constellation": ephem.constellation(target)[1]}


class Separation(TypedDict):
    body: Annotated[str, Sem("celestial_body")]
    other_body: Annotated[str, Sem("celestial_body")]
    datetime_utc: Annotated[str, Sem("datetime")]
    separation_deg: Annotated[float, Sem("angle_deg", unit="deg")]


@tool(kind="P", examples=[{"body": "Venus", "other_body": "Jupiter", "datetime": "2023-03-02T00:00:00"}], **_META)
def angular_separation(body: Annotated[str, Sem("celestial_body")], other_body: Annotated[str, Sem("celestial_body")],
                       datetime: IsoDateTime, timezone: TimeZone = "UTC") -> Separation:
    """Compute the angle on the sky between two bodies (Sun, Moon, planets or named bright stars) as seen from
    Earth's centre at a moment, e.g. to check how close a conjunction is.

    Args:
        body: a Solar System body ("Moon", "Venus"...) or a named star ("Regulus").
        other_body: the second body or star.
        datetime: the date and time, ISO 8601.
        timezone: IANA time zone of ``datetime`` (default UTC).
    """
    when = ephem_date(local_moment(datetime, timezone))
    a, b = _body(body), _body(other_body)
    a.compute(when)
    b.compute(when)
    return {"body": body, "other_body": other_body, "datetime_utc": iso_local(utc_of(when)),
            "separation_deg": _deg(ephem.separation(a, b))}


class SkyPlace(TypedDict):
    body: Annotated[str, Sem("celestial_body")]
    datetime_utc: Annotated[str, Sem("datetime")]
    altitude_deg: Annotated[float, Sem("altitude_deg", unit="deg")]
    azimuth_deg: Annotated[float, Sem("azimuth_deg", unit="deg")]
    above_horizon: bool


@tool(kind="P", examples=[{"body": "Jupiter", "latitude": 48.85, "longitude": 2.35, "datetime": "2024-12-07T22:00:00",
                           "timezone": "Europe/Paris"}], **_META)
def sky_position_altaz(body: Annotated[str, Sem("celestial_body")], latitude: Latitude, longitude: Longitude,
                       datetime: IsoDateTime, timezone: TimeZone = "UTC") -> SkyPlace:
    """Compute where a body or bright star appears in the local sky at a place and moment: altitude above the
    horizon and azimuth (degrees clockwise from true north), with atmospheric refraction.

    Args:
        body: a Solar System body ("Mars", "Moon"...) or a named star ("Vega").
        latitude: latitude in decimal degrees, north positive.
        longitude: longitude in decimal degrees, east positive.
        datetime: the local date and time, ISO 8601.
        timezone: IANA time zone of ``datetime`` (default UTC).
    """
    when = ephem_date(local_moment(datetime, timezone))
    obs = _observer(latitude, longitude, when)
    target = _body(body)
    target.compute(obs)
    alt = _deg(target.alt)
    return {"body": body, "datetime_utc": iso_local(utc_of(when)), "altitude_deg": alt,
            "azimuth_deg": _deg(target.az), "above_horizon": alt > 0}


class SiderealTime(TypedDict):
    datetime_utc: Annotated[str, Sem("datetime")]
    longitude: Annotated[float, Sem("longitude")]
    local_sidereal_time_hours: Annotated[float, Sem("right_ascension", unit="h")]
    local_sidereal_time: str


@tool(kind="P", examples=[{"longitude": 0.0, "datetime": "2000-01-01T12:00:00"}], **_META)
def local_sidereal_time(longitude: Longitude, datetime: IsoDateTime, timezone: TimeZone = "UTC") -> SiderealTime:
    """Compute the local apparent sidereal time at a longitude and moment: the right ascension currently crossing
    the meridian, used to point telescopes.

    Args:
        longitude: longitude in decimal degrees, east positive.
        datetime: the date and time, ISO 8601.
        timezone: IANA time zone of ``datetime`` (default UTC).
    """
    when = ephem_date(local_moment(datetime, timezone))
    obs = _observer(0.0, longitude, when)
    lst = obs.sidereal_time()
    hours = math.degrees(lst) / 15
    h, rem = divmod(round(hours * 3600), 3600)
    return {"datetime_utc": iso_local(utc_of(when)), "longitude": longitude,
            "local_sidereal_time_hours": round(hours, 5), "local_sidereal_time": f"{h % 24:02d}:{rem // 60:02d}:{rem % 60:02d}"}


class ConstellationAt(TypedDict):
    constellation: Annotated[str, Sem("constellation")]
    abbreviation: str


@tool(kind="P", examples=[{"right_ascension_hours": 5.9195, "declination_deg": 7.407}], **_META)
def constellation_at(right_ascension_hours: Annotated[float, Sem("right_ascension", unit="h")],
                     declination_deg: Annotated[float, Sem("declination", unit="deg")]) -> ConstellationAt:
    """Find which of the 88 IAU constellations contains a sky position given in equatorial coordinates (J2000).

    Args:
        right_ascension_hours: right ascension in hours, 0-24.
        declination_deg: declination in degrees, -90 to 90.
    """
    if not 0 <= right_ascension_hours < 24 or not -90 <= declination_deg <= 90:
        raise ToolError("right_ascension_hours must be in [0, 24) and declination_deg in [-90, 90]")
    abbr, name = ephem.constellation((math.radians(right_ascension_hours * 15), math.radians(declination_deg)))
    return {"constellation": name, "abbreviation": abbr}


TOOLS = [equinoxes_solstices, planet_rise_set, planet_position, star_info, angular_separation, sky_position_altaz,
         local_sidereal_time, constellation_at]
