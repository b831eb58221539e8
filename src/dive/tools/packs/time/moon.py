"""Phases, illumination, rise and set of the Moon, from ``astral`` and ``ephem``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import ephem
from astral import moon as astral_moon
from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.time._common import (
    IsoDate,
    IsoDateTime,
    Latitude,
    Longitude,
    Month,
    TimeZone,
    Year,
    check_latlon,
    iso_local,
    local_moment,
    meta,
    parse_date,
    zone,
)
from dive.tools.tool import Sem, tool

__all__ = ["TOOLS", "ephem_date", "utc_of"]

_ASTRAL = meta("astral", "Apache-2.0")
_EPHEM = meta("ephem", "MIT")

PhaseName = Literal["new", "first_quarter", "full", "last_quarter"]

_NEXT = {"new": ephem.next_new_moon, "first_quarter": ephem.next_first_quarter_moon, "full": ephem.next_full_moon,
         "last_quarter": ephem.next_last_quarter_moon}
_LABEL = {"new": "New Moon", "first_quarter": "First Quarter", "full": "Full Moon", "last_quarter": "Last Quarter"}


def ephem_date(moment: dt.datetime) -> ephem.Date:
    """An ephem date from an aware (or naive UTC) datetime."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return ephem.Date(moment)


def utc_of(value: ephem.Date) -> dt.datetime:
    """An aware UTC datetime, to the second, from an ephem date."""
    return value.datetime().replace(tzinfo=dt.UTC, microsecond=0)


def _phase_name(value: float) -> str:
    """Name of the phase for astral's 0-28 phase scale (0 new, 7 first quarter, 14 full, 21 last quarter)."""
    for upper, name in ((1, "New Moon"), (6, "Waxing Crescent"), (8, "First Quarter"), (13, "Waxing Gibbous"),
                        (15, "Full Moon"), (20, "Waning Gibbous"), (22, "Last Quarter"), (27, "Waning Crescent")):
        if value < upper:
            return name
    return "New Moon"


class MoonPhase(TypedDict):
    date: Annotated[str, Sem("date")]
    phase_value: Annotated[float, Sem("number")]
    phase_name: Annotated[str, Sem("moon_phase")]


@tool(kind="R", examples=[{"date": "2024-01-25"}], **_ASTRAL)
def moon_phase(date: IsoDate) -> MoonPhase:
    """Give the phase of the Moon on a date, as a name (New Moon, Waxing Crescent, First Quarter, Waxing Gibbous,
    Full Moon, Waning Gibbous, Last Quarter, Waning Crescent) and astral's phase value (0 new, 7 first quarter,
    14 full, 21 last quarter, up to 27.99).

    Args:
        date: the date, YYYY-MM-DD.
    """
    day = parse_date(date)
    value = astral_moon.phase(day)
    return {"date": day.isoformat(), "phase_value": round(value, 3), "phase_name": _phase_name(value)}


class MoonRiseSet(TypedDict):
    date: Annotated[str, Sem("date")]
    timezone: Annotated[str, Sem("timezone")]
    moonrise: Annotated[str | None, Sem("datetime")]
    moonset: Annotated[str | None, Sem("datetime")]


@tool(kind="R", examples=[{"latitude": 51.5, "longitude": 0.0, "date": "2024-06-21", "timezone": "Europe/London"}],
      **_EPHEM)
def moonrise_moonset(latitude: Latitude, longitude: Longitude, date: IsoDate, timezone: TimeZone = "UTC") -> MoonRiseSet:
    """Give the times the Moon rises and sets at a place on a local date; either can be null because the Moon
    rises about 50 minutes later each day and so skips one day a month.

    Args:
        latitude: latitude in decimal degrees, north positive.
        longitude: longitude in decimal degrees, east positive.
        date: the local date, YYYY-MM-DD.
        timezone: IANA time zone for the output times (default UTC).
    """
    # PyEphem, as planet_rise_set: astral's moonrise missed a whole day's rise (Lilongwe, 21 June 2025: it rose at
    # 01:4x local between astral's 00:47 on the 20th and 02:45 on the 22nd) and cut its times to the minute
    check_latlon(latitude, longitude)
    tz, day = zone(timezone), parse_date(date)
    start = dt.datetime(day.year, day.month, day.day, tzinfo=tz)
    end = start + dt.timedelta(days=1)
    obs = ephem.Observer()
    obs.lat, obs.lon = str(latitude), str(longitude)  # strings are read as degrees (floats would be radians)

    def event(fn) -> str | None:  # noqa: ANN001 - the observer's next_rising or next_setting
        obs.date = ephem_date(start)
        try:
            when = utc_of(fn(ephem.Moon()))
        except (ephem.AlwaysUpError, ephem.NeverUpError):
            return None
        return iso_local(when.astimezone(tz)) if when < end else None

    return {"date": day.isoformat(), "timezone": timezone, "moonrise": event(obs.next_rising),
            "moonset": event(obs.next_setting)}


class PhaseEvent(TypedDict):
    phase: Annotated[str, Sem("moon_phase")]
    datetime_utc: Annotated[str, Sem("datetime")]
    date: Annotated[str, Sem("date")]
    local_datetime: Annotated[str, Sem("datetime")]
    timezone: Annotated[str, Sem("timezone")]


def _phase_event(phase: str, when: ephem.Date, tz_name: str) -> PhaseEvent:
    utc = utc_of(when)
    local = utc.astimezone(zone(tz_name))
    return {"phase": _LABEL[phase], "datetime_utc": iso_local(utc), "date": local.date().isoformat(),
            "local_datetime": iso_local(local), "timezone": tz_name}


@tool(kind="R", examples=[{"date": "2024-01-01", "phase": "full"}], **_EPHEM)
def next_moon_phase(date: IsoDate, phase: PhaseName = "full", timezone: TimeZone = "UTC") -> PhaseEvent:
    """Find the exact moment of the next new moon, first quarter, full moon or last quarter after the start of a
    date.

    Args:
        date: the date to search from, YYYY-MM-DD (from 00:00 in ``timezone``).
        phase: "new", "first_quarter", "full" or "last_quarter".
        timezone: IANA time zone for the start of the search and the local time of the result (default UTC).
    """
    start = local_moment(parse_date(date).isoformat(), timezone, "date")
    return _phase_event(phase, _NEXT[phase](ephem_date(start)), timezone)


class MonthPhases(TypedDict):
    year: Annotated[int, Sem("year")]
    month: Annotated[int, Sem("month")]
    phases: list[PhaseEvent]


def _phases_between(start: dt.datetime, end: dt.datetime, tz_name: str, kinds: tuple[str, ...]) -> list[PhaseEvent]:
    events: list[tuple[dt.datetime, str, ephem.Date]] = []
    for kind in kinds:
        cursor = ephem_date(start)
        while True:
            when = _NEXT[kind](cursor)
            if utc_of(when) >= end:
                break
            events.append((utc_of(when), kind, when))
            cursor = ephem.Date(when + 1)
    return [_phase_event(kind, when, tz_name) for _, kind, when in sorted(events)]


@tool(kind="R", examples=[{"year": 2024, "month": 2}], **_EPHEM)
def moon_phases_in_month(year: Year, month: Month, timezone: TimeZone = "UTC") -> MonthPhases:
    """List the principal Moon phases (new moon, first quarter, full moon, last quarter) that occur in a calendar
    month, with their exact times.

    Args:
        year: the Gregorian year.
        month: the month number, 1-12.
        timezone: IANA time zone that defines the month's bounds and the local times (default UTC).
    """
    if not 1 <= month <= 12 or not 1 <= year <= 9998:
        raise ToolError(f"give a month 1-12 and a year 1-9998, got {year}-{month}")
    tz = zone(timezone)
    start = dt.datetime(year, month, 1, tzinfo=tz)
    end = dt.datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=tz)
    return {"year": year, "month": month, "phases": _phases_between(start, end, timezone, tuple(_NEXT))}


class FullMoon(TypedDict):
    date: Annotated[str, Sem("date")]
    datetime_utc: Annotated[str, Sem("datetime")]
    traditional_name: str
    blue_moon: bool


class FullMoons(TypedDict):
    year: Annotated[int, Sem("year")]
    count: int
    full_moons: list[FullMoon]


# Northern-hemisphere folk names of the full moon of each month (Old Farmer's Almanac).
_FOLK = ("Wolf Moon", "Snow Moon", "Worm Moon", "Pink Moon", "Flower Moon", "Strawberry Moon", "Buck Moon",
         "Sturgeon Moon", "Harvest Moon", "Hunter's Moon", "Beaver Moon", "Cold Moon")


@tool(kind="R", examples=[{"year": 2023}], **_EPHEM)
def full_moons_in_year(year: Year, timezone: TimeZone = "UTC") -> FullMoons:
    """List every full moon of a year with its exact time, its traditional month name (Wolf Moon, Harvest Moon...)
    and whether it is a "blue moon" (the second full moon in one calendar month).

    Args:
        year: the Gregorian year.
        timezone: IANA time zone for the dates (a full moon near midnight can change day and month) (default UTC).
    """
    if not 1 <= year <= 9998:
        raise ToolError(f"year must be between 1 and 9998, got {year}")
    tz = zone(timezone)
    events = _phases_between(dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz), timezone,
                             ("full",))
    out: list[FullMoon] = []
    seen: set[int] = set()
    for event in events:
        month = int(event["date"][5:7])
        blue = month in seen
        seen.add(month)
        out.append({"date": event["date"], "datetime_utc": event["datetime_utc"],
                    "traditional_name": "Blue Moon" if blue else _FOLK[month - 1], "blue_moon": blue})
    return {"year": year, "count": len(out), "full_moons": out}


class MoonState(TypedDict):
    datetime_utc: Annotated[str, Sem("datetime")]
    illuminated_percent: Annotated[float, Sem("percent")]
    age_days: Annotated[float, Sem("number", unit="day")]
    waxing: bool
    distance_km: Annotated[float, Sem("distance_km", unit="km")]
    constellation: Annotated[str, Sem("constellation")]


@tool(kind="R", examples=[{"datetime": "2024-01-25T17:54:00"}], **_EPHEM)
def moon_illumination(datetime: IsoDateTime, timezone: TimeZone = "UTC") -> MoonState:
    """Give the state of the Moon at a moment: percent of its disc lit, age in days since the last new moon,
    whether it is waxing, its distance from Earth and the constellation it is in.

    Args:
        datetime: the date and time, ISO 8601 (a bare date means midnight).
        timezone: IANA time zone of ``datetime`` (default UTC).
    """
    moment = local_moment(datetime, timezone)
    when = ephem_date(moment)
    body = ephem.Moon(when)
    previous_new, next_full = ephem.previous_new_moon(when), ephem.next_full_moon(when)
    next_new = ephem.next_new_moon(when)
    return {"datetime_utc": iso_local(utc_of(when)), "illuminated_percent": round(float(body.phase), 2),
            "age_days": round(float(when - previous_new), 3), "waxing": next_full < next_new,
            "distance_km": round(body.earth_distance * ephem.meters_per_au / 1000, 1),
            "constellation": ephem.constellation(body)[1]}


TOOLS = [moon_phase, moonrise_moonset, next_moon_phase, moon_phases_in_month, full_moons_in_year, moon_illumination]
