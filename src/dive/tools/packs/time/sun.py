"""Sunrise, sunset, twilight, golden hour and the Sun's position for a place, from ``astral``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cache
from typing import Annotated, Any, Literal

from astral import Depression, Observer, SunDirection, geocoder, sun
from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.time._common import (
    IsoDate,
    IsoDateTime,
    Latitude,
    Longitude,
    TimeZone,
    check_latlon,
    hhmm,
    iso_local,
    local_moment,
    meta,
    parse_date,
    zone,
)
from dive.tools.tool import Sem, tool

__all__ = ["TOOLS", "astral_cities"]

_META = meta("astral", "Apache-2.0")

Clock = Annotated[str | None, Sem("datetime")]
ClockHM = Annotated[str | None, Sem("time_of_day")]


_FIXES = {
    ("Al Jubail", "Saudi Arabia"): (27.0174, 49.6225), ("Ashgabat", "Turkmenistan"): (37.95, 58.3833),
    ("Sana", "Yemen"): (15.3545, 44.2065), ("Sana'a", "Yemen"): (15.3545, 44.2065),
    ("Djibouti", "Djibouti"): (11.589, 43.145), ("Nouakchott", "Mauritania"): (18.0858, -15.9785),
    ("Kingston", "Norfolk Island"): (-29.0546, 167.9663), ("Nuku'alofa", "Tonga"): (-21.1368, -175.2011),
    ("Buenos Aires", "Argentina"): (-34.6131, -58.3772), ("St. George's", "Grenada"): (12.0529, -61.7523),
    ("Sucre", "Bolivia"): (-19.0333, -65.2627), ("Avarua", "Cook Islands"): (-21.2075, -159.7755),
    ("Washington DC", "USA"): (38.8951, -77.0364), ("Stanley", "Falkland Islands"): (-51.6938, -57.857),
    ('Accra', 'Ghana'): (5.556, -0.1969), ('Baku', 'Azerbaijan'): (40.3777, 49.892),
    ('Belgrade', 'Yugoslavia'): (44.804, 20.4651), ('Belmopan', 'Belize'): (17.2538, -88.764),
    ('Birmingham', 'USA'): (33.5207, -86.8025), ('Bishkek', 'Kyrgyzstan'): (42.87, 74.59),
    ('Bissau', 'Guinea-Bissau'): (11.8636, -15.5977), ('Bloemfontein', 'South Africa'): (-29.1211, 26.214),
    ('Bolton', 'England'): (53.5833, -2.4333), ('Brazzaville', 'Congo'): (-4.2661, 15.2832),
    ('Bridgetown', 'Barbados'): (13.1073, -59.6202), ('Bujumbura', 'Burundi'): (-3.3819, 29.3614),
    ('Cayenne', 'French Guiana'): (4.9381, -52.3346), ('Conakry', 'Guinea'): (9.538, -13.6773),
    ('Cotonou', 'Benin'): (6.3654, 2.4183), ('Dakar', 'Senegal'): (14.6937, -17.4441),
    ('Dammam', 'Saudi Arabia'): (26.4344, 50.1033), ('Gaborone', 'Botswana'): (-24.6545, 25.9086),
    ('Harare', 'Zimbabwe'): (-17.8277, 31.0534), ('Islamabad', 'Pakistan'): (33.7215, 73.0433),
    ('Juneau', 'USA'): (58.3019, -134.4197), ('La Paz', 'Bolivia'): (-16.5, -68.15),
    ('Majuro', 'Marshall Islands'): (7.0897, 171.3803), ('Male', 'Maldives'): (4.1752, 73.5092),
    ('Miami', 'USA'): (25.7743, -80.1937), ('Mumbai', 'India'): (19.0728, 72.8826),
    ('Muscat', 'Oman'): (23.5841, 58.4078), ('Ouagadougou', 'Burkina Faso'): (12.3657, -1.5339),
    ('Port-au-Prince', 'Haiti'): (18.5435, -72.3388), ('Porto-Novo', 'Benin'): (6.4965, 2.6036),
    ('Praia', 'Cape Verde'): (14.9315, -23.5125), ('Tarawa', 'Kiribati'): (1.3278, 172.977),
    ('Thimphu', 'Bhutan'): (27.4661, 89.6419), ('Willemstad', 'Netherlands Antilles'): (12.1225, -68.8864),
    ('Yangon', 'Myanmar'): (16.8053, 96.1561), ("P'yongyang", "Democratic People's Republic of Korea"): (39.0339, 125.7543),
    ('Asuncion', 'Paraguay'): (-25.2865, -57.647), ('Guatemala', 'Guatemala'): (14.6407, -90.5133),
    ('Kuwait', 'Kuwait'): (29.367, 47.9743), ('Lome', 'Togo'): (6.1287, 1.2215),
    ('Masqat', 'Oman'): (23.5841, 58.4078), ('Mexico', 'Mexico'): (19.4285, -99.1277),
    ('Panama', 'Panama'): (8.9936, -79.5197), ('Sao Tome', 'Sao Tome and Principe'): (0.3376, 6.7299),
    ('Torshavn', 'Faroe Islands'): (62.0097, -6.7716),
}
"""GeoNames' coordinates for the cities astral's database misplaces by over 0.1 degree (found by comparing every city
with GeoNames): Sana'a at 44.2° W (in the Atlantic; a moonset was asked there), Nouakchott at Mauritius, Grenada's
St. George's at Bermuda's, Avarua in the northern hemisphere, Washington DC in Pennsylvania (a reviewer); Cotonou
0.28° east of the city, which moves the Sun's azimuth at noon by 0.5° (a reader, round AG); Pyongyang 25 km northwest of
the city, which moves its dusk by a minute (a reader, round AL)."""
_NAMES = {("Kiev", "Ukraine"): ("Kyiv", "Ukraine", "Europe/Kyiv"), ("Belgrade", "Yugoslavia"): ("Belgrade", "Serbia", None),
          ("Willemstad", "Netherlands Antilles"): ("Willemstad", "Curaçao", None),
          ("P'yongyang", "Democratic People's Republic of Korea"): ("Pyongyang", "North Korea", None),
          ("Pristina", "Albania"): ("Pristina", "Kosovo", None), ("Hobart", "Tasmania"): ("Hobart", "Australia", None),
          ("Mexico", "Mexico"): ("Mexico City", "Mexico", None), ("Guatemala", "Guatemala"): ("Guatemala City", "Guatemala", None),
          ("Panama", "Panama"): ("Panama City", "Panama", None), ("Kuwait", "Kuwait"): ("Kuwait City", "Kuwait", None)}
"""Names astral's database keeps from before they changed: "Kiev, Ukraine" and "Belgrade, Yugoslavia" in a question
read as dated (round AG); "P'yongyang, Democratic People's Republic of Korea" as copied from a database (two readers,
round AL); Pristina listed in Albania; a capital named like its country ("When does the sun set at Mexico?")."""
_REGIONS = {"Russian Federation": "Russia", "Democratic People's Republic of Korea": "North Korea",
            "Republic of Korea": "South Korea", "Lao People's Democratic Republic": "Laos",
            "Libyan Arab Jamahiriya": "Libya", "Syrian Arab Republic": "Syria", "Viet Nam": "Vietnam",
            "Brunei Darussalam": "Brunei", "Dominica Republic": "Dominican Republic", "Priciplality Of Monaco": "Monaco",
            "Republic of China (Taiwan)": "Taiwan", "Republic of Singapore": "Singapore",
            "The Former Yugoslav Republic of Macedonia": "North Macedonia", "United Republic of Tanzania": "Tanzania",
            "Swaziland": "Eswatini", "Cote d'Ivoire": "Côte d'Ivoire", "Isle Of Man": "Isle of Man",
            "United States of Virgin Islands": "U.S. Virgin Islands", "UAE": "United Arab Emirates"}
"""Countries by the names people use, where astral's database gives an official or outdated one ("Moskva, Russian
Federation": two readers, round AL) or misspells it ("Dominica Republic", "Priciplality Of Monaco")."""
_DUPLICATES = {("Moskva", "Russian Federation"): "Moscow", ("Bucuresti", "Romania"): "Bucharest",
               ("Masqat", "Oman"): "Muscat", ("T'bilisi", "Georgia"): "Tbilisi", ("Sana", "Yemen"): "Sana'a",
               ("Tirane", "Albania"): "Tirana", ("Ulan Bator", "Mongolia"): "Ulaanbaatar",
               ("Makkah", "Saudi Arabia"): "Mecca", ("Madinah", "Saudi Arabia"): "Medina",
               ("Al Jubail", "Saudi Arabia"): "Jubail", ("Abu Dhabi", "UAE"): "Abu Dhabi",
               ("W. Indies", "Antigua and Barbuda"): "St. John's"}
"""Second entries of astral's database for a city it also lists by its English name (Moskva for Moscow): left out
of the list, and their names looked up as the English one's."""
_OLD_NAMES = {**{k[0].casefold(): v for k, v in _DUPLICATES.items()},
              **{old.casefold(): new for (old, _), (new, _, _) in _NAMES.items() if old != new}}
_OLD_REGIONS = {old.casefold(): new for old, new in _REGIONS.items()}


@cache
def astral_cities() -> tuple[geocoder.LocationInfo, ...]:
    """The cities of astral's built-in geocoder database, with :data:`_FIXES` applied."""
    out = []
    for c in geocoder.all_locations(geocoder.database()):
        if (c.name, c.region) in _DUPLICATES:
            continue
        lat, lon = _FIXES.get((c.name, c.region), (c.latitude, c.longitude))
        name, region, zone = _NAMES.get((c.name, c.region), (c.name, c.region, None))
        out.append(geocoder.LocationInfo(name, _REGIONS.get(region, region), zone or c.timezone, lat, lon))
    return tuple(out)


def _observer(latitude: float, longitude: float) -> Observer:
    check_latlon(latitude, longitude)
    return Observer(latitude=latitude, longitude=longitude)


def _event(fn: Callable[[], dt.datetime]) -> dt.datetime | None:
    """Run an astral event function; None when the event does not happen that day (polar day or night)."""
    try:
        return fn()
    except ValueError:
        return None


def _on_local_day(fn: Callable[[dt.date], Any], day: dt.date) -> Any:
    """Call an astral function that takes a date and may answer for the neighbouring local day (golden hour,
    blue hour and time_at_elevation work on the UTC date); retry with the date shifted back onto ``day``."""
    result = fn(day)
    moment = result[0] if isinstance(result, tuple) else result
    shift = (day - moment.date()).days
    if shift:
        result = fn(day + dt.timedelta(days=shift))
    return result


def _polar_note(obs: Observer, day: dt.date) -> str:
    noon = sun.noon(obs, day)
    high = sun.elevation(obs, noon)
    if high < -0.833:
        return "polar night: the Sun stays below the horizon all day"
    midnight = sun.midnight(obs, day)
    low = sun.elevation(obs, midnight)
    if low > -0.833:
        return "midnight sun: the Sun stays above the horizon all day"
    return ""


def _fmt(moment: dt.datetime | None) -> tuple[str | None, str | None]:
    return (iso_local(moment), hhmm(moment)) if moment else (None, None)


class SunTimes(TypedDict):
    date: Annotated[str, Sem("date")]
    timezone: Annotated[str, Sem("timezone")]
    dawn: Clock
    sunrise: Clock
    solar_noon: Clock
    sunset: Clock
    dusk: Clock
    sunrise_time: ClockHM
    sunset_time: ClockHM
    day_length_hours: Annotated[float, Sem("duration_hours", unit="h")]
    note: str


def _daylight_hours(obs: Observer, day: dt.date, rise: dt.datetime | None, set_: dt.datetime | None) -> float:
    if rise and set_:
        span = (set_ - rise).total_seconds() / 3600
        return round(span if span > 0 else span + 24, 3)
    return 24.0 if "midnight sun" in _polar_note(obs, day) else 0.0


@tool(kind="R", examples=[{"latitude": 51.5074, "longitude": -0.1278, "date": "2024-06-21",
                           "timezone": "Europe/London"}], **_META)
def sunrise_sunset(latitude: Latitude, longitude: Longitude, date: IsoDate, timezone: TimeZone = "UTC") -> SunTimes:
    """Give the times of civil dawn, sunrise, solar noon, sunset and civil dusk at a place on a date, in a local
    time zone, with the length of the day. Events that do not happen (polar day or night) are null.

    Args:
        latitude: latitude in decimal degrees, north positive, e.g. 51.5074.
        longitude: longitude in decimal degrees, east positive, e.g. -0.1278.
        date: the local date, YYYY-MM-DD.
        timezone: IANA time zone for the output times, e.g. "Europe/London" (default UTC).
    """
    obs, day, tz = _observer(latitude, longitude), parse_date(date), zone(timezone)
    events = {name: _event(lambda f=f: f(obs, day, tzinfo=tz)) for name, f in
              (("dawn", sun.dawn), ("sunrise", sun.sunrise), ("noon", sun.noon), ("sunset", sun.sunset),
               ("dusk", sun.dusk))}
    note = "" if events["sunrise"] and events["sunset"] else _polar_note(obs, day)
    return {
        "date": day.isoformat(), "timezone": timezone,
        "dawn": _fmt(events["dawn"])[0], "sunrise": _fmt(events["sunrise"])[0],
        "solar_noon": _fmt(events["noon"])[0], "sunset": _fmt(events["sunset"])[0], "dusk": _fmt(events["dusk"])[0],
        "sunrise_time": _fmt(events["sunrise"])[1], "sunset_time": _fmt(events["sunset"])[1],
        "day_length_hours": _daylight_hours(obs, day, events["sunrise"], events["sunset"]), "note": note,
    }


class DayLength(TypedDict):
    date: Annotated[str, Sem("date")]
    day_length_hours: Annotated[float, Sem("duration_hours", unit="h")]
    day_length: str
    night_length_hours: Annotated[float, Sem("duration_hours", unit="h")]
    change_from_previous_day_minutes: Annotated[float, Sem("number", unit="min")]


@tool(kind="P", examples=[{"latitude": 59.33, "longitude": 18.07, "date": "2024-12-21"}], **_META)
def day_length(latitude: Latitude, longitude: Longitude, date: IsoDate) -> DayLength:
    """Compute how long the Sun is up (sunrise to sunset) at a place on a date, and how much longer or shorter the
    day is than the day before.

    Args:
        latitude: latitude in decimal degrees, north positive.
        longitude: longitude in decimal degrees, east positive.
        date: the date, YYYY-MM-DD.
    """
    obs, day = _observer(latitude, longitude), parse_date(date)
    local = dt.timezone(dt.timedelta(hours=round(longitude / 15)))  # the place's own day: on the UTC date, a sunrise
    # in eastern Asia (22:00 UTC) is the next local morning's, paired with the evening before (Bishkek's 15.33 hours
    # on 20 June 2024 where the local day has 15.34: a reader, round CRD)

    def hours(d: dt.date) -> float:
        return _daylight_hours(obs, d, _event(lambda: sun.sunrise(obs, d, tzinfo=local)),
                               _event(lambda: sun.sunset(obs, d, tzinfo=local)))

    today, yesterday = hours(day), hours(day - dt.timedelta(1))
    h, m = divmod(round(today * 60), 60)
    return {"date": day.isoformat(), "day_length_hours": today, "day_length": f"{h}h {m:02d}m",
            "night_length_hours": round(24 - today, 3), "change_from_previous_day_minutes": round((today - yesterday) * 60, 2)}


class Twilight(TypedDict):
    date: Annotated[str, Sem("date")]
    kind: str
    sun_depression_deg: Annotated[float, Sem("altitude_deg", unit="deg")]
    morning_twilight_begins: Clock
    evening_twilight_ends: Clock
    timezone: Annotated[str, Sem("timezone")]


@tool(kind="R", examples=[{"latitude": 40.71, "longitude": -74.01, "date": "2024-09-01", "kind": "astronomical",
                           "timezone": "America/New_York"}], **_META)
def twilight_times(latitude: Latitude, longitude: Longitude, date: IsoDate,
                   kind: Literal["civil", "nautical", "astronomical"] = "civil", timezone: TimeZone = "UTC") -> Twilight:
    """Give when morning twilight begins and evening twilight ends at a place on a date, for civil (Sun 6 degrees
    below the horizon), nautical (12) or astronomical (18) twilight; astronomical night lies outside them.

    Args:
        latitude: latitude in decimal degrees, north positive.
        longitude: longitude in decimal degrees, east positive.
        date: the local date, YYYY-MM-DD.
        kind: "civil", "nautical" or "astronomical".
        timezone: IANA time zone for the output times (default UTC).
    """
    obs, day, tz = _observer(latitude, longitude), parse_date(date), zone(timezone)
    depression = {"civil": Depression.CIVIL, "nautical": Depression.NAUTICAL,
                  "astronomical": Depression.ASTRONOMICAL}[kind]
    begin = _event(lambda: sun.dawn(obs, day, depression=depression, tzinfo=tz))
    end = _event(lambda: sun.dusk(obs, day, depression=depression, tzinfo=tz))
    return {"date": day.isoformat(), "kind": kind, "sun_depression_deg": float(depression.value),
            "morning_twilight_begins": _fmt(begin)[0], "evening_twilight_ends": _fmt(end)[0], "timezone": timezone}


class Window(TypedDict):
    start: Clock
    end: Clock


class PhotoHours(TypedDict):
    date: Annotated[str, Sem("date")]
    timezone: Annotated[str, Sem("timezone")]
    morning_blue_hour: Window
    morning_golden_hour: Window
    evening_golden_hour: Window
    evening_blue_hour: Window


@tool(kind="R", examples=[{"latitude": 48.8566, "longitude": 2.3522, "date": "2024-05-15",
                           "timezone": "Europe/Paris"}], **_META)
def golden_blue_hours(latitude: Latitude, longitude: Longitude, date: IsoDate, timezone: TimeZone = "UTC") -> PhotoHours:
    """Give the photographers' golden hours (Sun between 6 degrees above and 4 below the horizon) and blue hours
    (Sun 4 to 6 degrees below) in the morning and evening at a place on a date.

    Args:
        latitude: latitude in decimal degrees, north positive.
        longitude: longitude in decimal degrees, east positive.
        date: the local date, YYYY-MM-DD.
        timezone: IANA time zone for the output times (default UTC).
    """
    obs, day, tz = _observer(latitude, longitude), parse_date(date), zone(timezone)

    def window(fn: Callable[..., tuple[dt.datetime, dt.datetime]], direction: SunDirection) -> Window:
        try:
            a, b = _on_local_day(lambda d: fn(obs, d, direction=direction, tzinfo=tz), day)
        except ValueError:
            return {"start": None, "end": None}
        return {"start": iso_local(a), "end": iso_local(b)}

    return {"date": day.isoformat(), "timezone": timezone,
            "morning_blue_hour": window(sun.blue_hour, SunDirection.RISING),
            "morning_golden_hour": window(sun.golden_hour, SunDirection.RISING),
            "evening_golden_hour": window(sun.golden_hour, SunDirection.SETTING),
            "evening_blue_hour": window(sun.blue_hour, SunDirection.SETTING)}


class SunPosition(TypedDict):
    datetime_utc: Annotated[str, Sem("datetime")]
    elevation_deg: Annotated[float, Sem("altitude_deg", unit="deg")]
    azimuth_deg: Annotated[float, Sem("azimuth_deg", unit="deg")]
    zenith_deg: Annotated[float, Sem("altitude_deg", unit="deg")]
    is_daytime: bool


@tool(kind="P", examples=[{"latitude": 0.0, "longitude": 0.0, "datetime": "2024-03-20T12:00:00"}], **_META)
def solar_position(latitude: Latitude, longitude: Longitude, datetime: IsoDateTime,
                   timezone: TimeZone = "UTC") -> SunPosition:
    """Compute where the Sun is in the sky at a place and moment: its elevation above the horizon (with refraction),
    its azimuth (degrees clockwise from true north) and zenith angle.

    Args:
        latitude: latitude in decimal degrees, north positive.
        longitude: longitude in decimal degrees, east positive.
        datetime: the local date and time, ISO 8601, e.g. "2024-03-20T12:00:00".
        timezone: IANA time zone of ``datetime`` (default UTC).
    """
    obs, moment = _observer(latitude, longitude), local_moment(datetime, timezone)
    elev = sun.elevation(obs, moment)
    utc = moment.astimezone(dt.UTC)
    return {"datetime_utc": iso_local(utc), "elevation_deg": round(elev, 3),
            "azimuth_deg": round(sun.azimuth(obs, moment), 3), "zenith_deg": round(90 - elev, 3),
            "is_daytime": elev > -0.833}


class ElevationTime(TypedDict):
    date: Annotated[str, Sem("date")]
    elevation_deg: Annotated[float, Sem("altitude_deg", unit="deg")]
    direction: str
    datetime: Annotated[str, Sem("datetime")]
    time: Annotated[str, Sem("time_of_day")]
    timezone: Annotated[str, Sem("timezone")]


@tool(kind="P", examples=[{"latitude": 35.68, "longitude": 139.69, "date": "2024-08-01", "elevation_deg": 30,
                           "direction": "rising", "timezone": "Asia/Tokyo"}], **_META)
def time_at_sun_elevation(latitude: Latitude, longitude: Longitude, date: IsoDate,
                          elevation_deg: Annotated[float, Sem("altitude_deg", unit="deg")],
                          direction: Literal["rising", "setting"] = "rising", timezone: TimeZone = "UTC") -> ElevationTime:
    """Find the time at which the Sun reaches a given elevation angle above the horizon at a place on a date, in the
    morning ("rising") or afternoon ("setting"); e.g. when the Sun climbs above 30 degrees.

    Args:
        latitude: latitude in decimal degrees, north positive.
        longitude: longitude in decimal degrees, east positive.
        date: the local date, YYYY-MM-DD.
        elevation_deg: the Sun's elevation in degrees, -18 to 90 (negative is below the horizon).
        direction: "rising" for the morning crossing, "setting" for the afternoon one.
        timezone: IANA time zone for the output time (default UTC).
    """
    if not -18 <= elevation_deg <= 90:
        raise ToolError(f"elevation_deg must be between -18 and 90, got {elevation_deg}")
    obs, day, tz = _observer(latitude, longitude), parse_date(date), zone(timezone)
    way = SunDirection.RISING if direction == "rising" else SunDirection.SETTING
    try:
        moment = _on_local_day(lambda d: sun.time_at_elevation(obs, elevation_deg, d, direction=way, tzinfo=tz), day)
    except ValueError:
        raise ToolError(f"the Sun does not reach {elevation_deg} degrees at this place on {date}") from None
    return {"date": day.isoformat(), "elevation_deg": elevation_deg, "direction": direction,
            "datetime": iso_local(moment), "time": hhmm(moment), "timezone": timezone}


class CityLocation(TypedDict):
    city: Annotated[str, Sem("city_name")]
    region: str
    latitude: Annotated[float, Sem("latitude")]
    longitude: Annotated[float, Sem("longitude")]
    timezone: Annotated[str, Sem("timezone")]
    other_matches: list[str]


_ZONES = {("Avarua", "Cook Islands"): "Pacific/Rarotonga", ("Saint Helier", "Jersey"): "Europe/Jersey",
          ("El Aaiun", "Morocco"): "Africa/El_Aaiun", ("St. John's", "Canada"): "America/St_Johns"}
"""The IANA zones of astral's three cities listed with a zone of no place: Avarua's "Etc/GMT-10" is UTC+10 (POSIX
signs), where the Cook Islands keep UTC-10, so the Sun rose at 05:40 (two readers, round AF); Saint Helier's
"Etc/GMT" and El Aaiun's "UTC" ignore Jersey's summer time and Western Sahara's UTC+1. And one listed with another
city's zone: St. John's, Newfoundland keeps Newfoundland time (UTC-3:30), not Halifax's (two readers, round BK)."""


@tool(kind="R", examples=[{"city_name": "Paris"}, {"city_name": "Birmingham, USA"}], **_META)
def city_sun_location(city_name: Annotated[str, Sem("city_name")]) -> CityLocation:
    """Look up a capital or major city in astral's built-in city list and give its coordinates and IANA time zone,
    ready for the sunrise, twilight and moon tools.

    Args:
        city_name: the city name, optionally with its country or region after a comma, e.g. "Kingston, Jamaica".
    """
    name, _, region = (part.strip().casefold() for part in city_name.partition(","))
    name = _OLD_NAMES.get(name, name).casefold()  # "Moskva", "Kiev": the names astral's database also gives
    region = _OLD_REGIONS.get(region, region).casefold()  # "Russian Federation"
    hits = [c for c in astral_cities() if c.name.casefold() == name and (not region or c.region.casefold() == region)]
    if not hits:
        close = sorted({c.name for c in astral_cities() if name and name[:3] in c.name.casefold()})[:8]
        raise ToolError(f"city {city_name!r} is not in astral's city list (about 380 capitals and major cities)"
                        + (f"; similar names: {', '.join(close)}" if close else ""))
    first = hits[0]
    return {"city": first.name, "region": first.region, "latitude": round(first.latitude, 6),
            "longitude": round(first.longitude, 6), "timezone": _ZONES.get((first.name, first.region), first.timezone),
            "other_matches": [f"{c.name}, {c.region}" for c in hits[1:]]}


class Period(TypedDict):
    date: Annotated[str, Sem("date")]
    start: Annotated[str, Sem("datetime")]
    end: Annotated[str, Sem("datetime")]
    timezone: Annotated[str, Sem("timezone")]


@tool(kind="R", examples=[{"latitude": 12.97, "longitude": 77.59, "date": "2024-01-15", "timezone": "Asia/Kolkata"}],
      **_META)
def rahukaalam(latitude: Latitude, longitude: Longitude, date: IsoDate, timezone: TimeZone = "UTC") -> Period:
    """Give the Rahu Kaalam period of a day at a place: the one-eighth of daylight that Vedic astrology treats as
    inauspicious for starting new ventures (its slot depends on the weekday).

    Args:
        latitude: latitude in decimal degrees, north positive.
        longitude: longitude in decimal degrees, east positive.
        date: the local date, YYYY-MM-DD.
        timezone: IANA time zone for the output times (default UTC).
    """
    obs, day, tz = _observer(latitude, longitude), parse_date(date), zone(timezone)
    try:
        start, end = _on_local_day(lambda d: sun.rahukaalam(obs, d, tzinfo=tz), day)
    except ValueError:
        raise ToolError("Rahu Kaalam needs a sunrise and a sunset; the Sun does not rise or set here that day") from None
    return {"date": day.isoformat(), "start": iso_local(start), "end": iso_local(end), "timezone": timezone}


TOOLS = [sunrise_sunset, day_length, twilight_times, golden_blue_hours, solar_position, time_at_sun_elevation,
         city_sun_location, rahukaalam]
