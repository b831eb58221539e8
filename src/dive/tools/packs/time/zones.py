"""Which time zones a country uses, where a zone's reference city is, which zones share an offset, and when
daylight-saving time changes, from the IANA tz database (``tzdata`` and stdlib ``zoneinfo``).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib import resources
from typing import Annotated

from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.time._common import CountryCode, IsoDate, TimeZone, Year, iso_local, meta, parse_date, zone
from dive.tools.tool import Sem, tool

__all__ = ["TOOLS", "zone_table"]

_META = meta("tzdata", "Apache-2.0")


def _tab(name: str) -> list[list[str]]:
    text = (resources.files("tzdata") / "zoneinfo" / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


def _iso6709(text: str) -> tuple[float, float]:
    """'+404251-0740023' -> (40.7142, -74.0064)."""
    split = max(text.rfind("+"), text.rfind("-"))
    out = []
    for part in (text[:split], text[split:]):
        sign, digits = (-1 if part[0] == "-" else 1), part[1:]
        deg_len = 2 if len(digits) in (4, 6) else 3
        deg, rest = int(digits[:deg_len]), digits[deg_len:]
        minutes, seconds = int(rest[:2]), int(rest[2:4] or 0)
        out.append(round(sign * (deg + minutes / 60 + seconds / 3600), 4))
    return out[0], out[1]


@cache
def zone_table() -> tuple[tuple[str, str, float, float, str], ...]:
    """(country code, zone, latitude, longitude, comment) for each row of zone.tab."""
    rows = []
    for cols in _tab("zone.tab"):
        lat, lon = _iso6709(cols[1])
        rows.append((cols[0], cols[2], lat, lon, cols[3] if len(cols) > 3 else ""))
    return tuple(rows)


@cache
def _countries() -> dict[str, str]:
    return {cols[0]: cols[1] for cols in _tab("iso3166.tab")}


class ZoneItem(TypedDict):
    timezone: Annotated[str, Sem("timezone")]
    comment: str
    latitude: Annotated[float, Sem("latitude")]
    longitude: Annotated[float, Sem("longitude")]


class CountryZones(TypedDict):
    country_code: Annotated[str, Sem("country_code")]
    country_name: Annotated[str, Sem("country_name")]
    count: int
    timezones: list[ZoneItem]


@tool(kind="R", examples=[{"country_code": "AU"}], **_META)
def country_timezones(country_code: CountryCode, limit: int = 30) -> CountryZones:
    """List the IANA time zones used in a country, with the region each covers and the coordinates of its
    reference city.

    Args:
        country_code: ISO 3166-1 alpha-2 code, e.g. "AU".
        limit: maximum number of zones to return (default 30).
    """
    code = country_code.strip().upper()
    if code not in _countries():
        raise ToolError(f"unknown ISO 3166-1 alpha-2 country code {country_code!r} (e.g. US, IN, BR)")
    rows = [r for r in zone_table() if r[0] == code]
    return {"country_code": code, "country_name": _countries()[code], "count": len(rows),
            "timezones": [{"timezone": z, "comment": c, "latitude": lat, "longitude": lon}
                          for _, z, lat, lon, c in rows[: max(limit, 0)]]}


class ZoneLocation(TypedDict):
    timezone: Annotated[str, Sem("timezone")]
    country_code: Annotated[str, Sem("country_code")]
    country_name: Annotated[str, Sem("country_name")]
    latitude: Annotated[float, Sem("latitude")]
    longitude: Annotated[float, Sem("longitude")]
    comment: str


@tool(kind="R", examples=[{"timezone": "America/Chicago"}], **_META)
def timezone_location(timezone: TimeZone) -> ZoneLocation:
    """Give the country of an IANA time zone and the coordinates of its reference city (e.g. America/Chicago ->
    US, 41.85, -87.65), ready for sunrise or moon tools.

    Args:
        timezone: an IANA time zone name with a location, e.g. "Asia/Tokyo" (not "UTC" or "Etc/GMT+5").
    """
    name = timezone.strip()
    zone(name)
    for code, z, lat, lon, comment in zone_table():
        if z == name:
            return {"timezone": z, "country_code": code, "country_name": _countries().get(code, code),
                    "latitude": lat, "longitude": lon, "comment": comment}
    raise ToolError(f"{timezone!r} is a valid zone but not a located one in zone.tab (it may be an alias or "
                    "a fixed offset); try a canonical name such as Europe/Berlin")


class OffsetZones(TypedDict):
    utc_offset_hours: Annotated[float, Sem("utc_offset")]
    date: Annotated[str, Sem("date")]
    count: int
    timezones: Annotated[list[str], Sem("timezone")]


@tool(kind="R", examples=[{"utc_offset_hours": 5.5, "date": "2024-01-15"}], **_META)
def timezones_at_offset(utc_offset_hours: Annotated[float, Sem("utc_offset")], date: IsoDate,
                        limit: int = 50) -> OffsetZones:
    """List the located IANA time zones whose UTC offset equals a given value at noon UTC on a date (daylight
    saving included), e.g. which zones are at UTC-4 in July.

    Args:
        utc_offset_hours: the offset in hours, e.g. -4 or 5.75.
        date: the date at which to compare offsets, YYYY-MM-DD.
        limit: maximum number of zones to return (default 50).
    """
    day = parse_date(date)
    moment = dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC)
    hits = sorted({z for _, z, _, _, _ in zone_table()
                   if (moment.astimezone(zone(z)).utcoffset() or dt.timedelta()).total_seconds() / 3600
                   == utc_offset_hours})
    return {"utc_offset_hours": utc_offset_hours, "date": day.isoformat(), "count": len(hits),
            "timezones": hits[: max(limit, 0)]}


class Transition(TypedDict):
    utc: Annotated[str, Sem("datetime")]
    local_before: Annotated[str, Sem("datetime")]
    local_after: Annotated[str, Sem("datetime")]
    offset_before_hours: Annotated[float, Sem("utc_offset")]
    offset_after_hours: Annotated[float, Sem("utc_offset")]
    abbreviation_after: str
    starts_dst: bool


class Transitions(TypedDict):
    timezone: Annotated[str, Sem("timezone")]
    year: Annotated[int, Sem("year")]
    observes_dst: bool
    transitions: list[Transition]


def _offset(tz: dt.tzinfo, moment: dt.datetime) -> dt.timedelta:
    return moment.astimezone(tz).utcoffset() or dt.timedelta()


@tool(kind="R", examples=[{"timezone": "Europe/Berlin", "year": 2024}], **_META)
def dst_transitions(timezone: TimeZone, year: Year) -> Transitions:
    """Find when the clocks change in a time zone during a year (daylight-saving start and end, or other offset
    changes), with the local wall-clock times just before and after each change.

    Args:
        timezone: IANA time zone name, e.g. "America/New_York".
        year: the Gregorian year, 1900-2100.
    """
    if not 1900 <= year <= 2100:
        raise ToolError(f"year must be between 1900 and 2100, got {year}")
    tz = zone(timezone)
    found: list[Transition] = []
    step = dt.timedelta(hours=6)
    t = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC)
    while t < end:
        a, b = t, min(t + step, end)
        if _offset(tz, a) != _offset(tz, b):
            lo_s, hi_s = int(a.timestamp()), int(b.timestamp())
            while hi_s - lo_s > 1:
                mid_s = (lo_s + hi_s) // 2
                mid = dt.datetime.fromtimestamp(mid_s, dt.UTC)
                lo_s, hi_s = (mid_s, hi_s) if _offset(tz, mid) == _offset(tz, a) else (lo_s, mid_s)
            lo = dt.datetime.fromtimestamp(lo_s, dt.UTC)
            hi = dt.datetime.fromtimestamp(hi_s, dt.UTC)
            before, after = lo.astimezone(tz), hi.astimezone(tz)
            off_a, off_b = _offset(tz, lo), _offset(tz, hi)
            found.append({"utc": iso_local(hi), "local_before": iso_local(before + (hi - lo)),
                          "local_after": iso_local(after), "offset_before_hours": off_a.total_seconds() / 3600,
                          "offset_after_hours": off_b.total_seconds() / 3600,
                          "abbreviation_after": after.tzname() or "", "starts_dst": bool(after.dst())})
        t = b
    observes = any(bool(dt.datetime(year, m, 15, tzinfo=dt.UTC).astimezone(tz).dst()) for m in range(1, 13))
    return {"timezone": timezone, "year": year, "observes_dst": observes, "transitions": found}


TOOLS = [country_timezones, timezone_location, timezones_at_offset, dst_transitions]
