"""Shared metadata, annotated parameter types and parsing helpers of the time pack."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Annotated, Any

from dive.errors import ToolError
from dive.tools.isodates import parse_date, parse_datetime  # noqa: F401 - re-exported for the pack
from dive.tools.tool import Sem

DOMAIN = "time"
PACK = "time"


def meta(source: str, license: str) -> dict[str, Any]:
    """The ``@tool`` keyword arguments shared by every tool of the pack."""
    return {"domain": DOMAIN, "pack": PACK, "source": source, "license": license}


IsoDate = Annotated[str, Sem("date")]
IsoDateTime = Annotated[str, Sem("datetime")]
Year = Annotated[int, Sem("year")]
Month = Annotated[int, Sem("month")]
CountryCode = Annotated[str, Sem("country_code")]
TimeZone = Annotated[str, Sem("timezone")]
Latitude = Annotated[float, Sem("latitude")]
Longitude = Annotated[float, Sem("longitude")]
TimeOfDay = Annotated[str, Sem("time_of_day")]

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def zone(name: str) -> zoneinfo.ZoneInfo:
    """An IANA time zone, or a ToolError with examples."""
    try:
        return zoneinfo.ZoneInfo(str(name).strip())
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ToolError(f"unknown IANA time zone {name!r} (e.g. UTC, Europe/Paris, America/New_York)") from None


def local_moment(text: str, tz_name: str, what: str = "datetime") -> dt.datetime:
    """Interpret an ISO date-time as local time in ``tz_name`` (an explicit offset wins)."""
    moment = parse_datetime(text, what)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone(tz_name))
    return moment


def iso_local(moment: dt.datetime) -> str:
    """A date-time as naive ISO text to the second (the zone is reported separately)."""
    return moment.replace(tzinfo=None, microsecond=0).isoformat()


def hhmm(moment: dt.datetime) -> str:
    """The time of day as HH:MM, rounded to the nearest minute."""
    rounded = moment + dt.timedelta(seconds=30)
    return rounded.strftime("%H:%M")


def check_latlon(latitude: float, longitude: float) -> None:
    """Reject coordinates outside the globe."""
    if not -90 <= latitude <= 90:
        raise ToolError(f"latitude must be between -90 and 90 degrees, got {latitude}")
    if not -180 <= longitude <= 180:
        raise ToolError(f"longitude must be between -180 and 180 degrees, got {longitude}")


def camel_words(name: str) -> str:
    """'UnitedStates' -> 'United States' (class names of the holidays registry)."""
    out = []
    for i, ch in enumerate(name):
        if ch.isupper() and i and (not name[i - 1].isupper() or (i + 1 < len(name) and name[i + 1].islower())):
            out.append(" ")
        out.append(ch)
    return "".join(out)
