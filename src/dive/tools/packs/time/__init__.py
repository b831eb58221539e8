"""The time pack: public and market holidays, working days, calendar systems (Hebrew, Hijri, Persian,
Julian, Maya...), sunrise and twilight, Moon phases, planets and stars, cron schedules, ISO weeks, Unix
timestamps and time-zone geography.

Backed by holidays, convertdate, hijridate, pyluach, astral, ephem, croniter, cron-descriptor, tzdata and
python-dateutil; everything runs offline.
"""

from __future__ import annotations

from dive.tools.packs.time import (
    calendars,
    clock,
    cron,
    hebrew,
    hijri,
    holiday_calendars,
    markets,
    moon,
    public_holidays,
    sky,
    sun,
    workdays,
    zones,
)
from dive.tools.packs.time._seeds import seeds

__all__ = ["SEMANTIC_TYPES", "TOOLS", "seeds"]

TOOLS = [
    *public_holidays.TOOLS, *holiday_calendars.TOOLS, *workdays.TOOLS, *markets.TOOLS, *calendars.TOOLS, *hijri.TOOLS, *hebrew.TOOLS,
    *sun.TOOLS, *moon.TOOLS, *sky.TOOLS, *cron.TOOLS, *clock.TOOLS, *zones.TOOLS,
]

SEMANTIC_TYPES: dict[str, tuple[str, str]] = {
    # name: (description, example)
    "julian_day": ("an astronomical Julian Day (days since noon UTC, 1 January 4713 BC)", "2451545.0"),
    "maya_long_count": ("a Maya Long Count date baktun.katun.tun.uinal.kin", "13.0.0.0.0"),
    "hijri_date": ("an Umm al-Qura Hijri date written year-month-day", "1445-09-01"),
    "hijri_year": ("a year of the Islamic Hijri calendar (AH)", "1446"),
    "hebrew_year": ("a year of the Hebrew calendar (Anno Mundi)", "5785"),
    "hebrew_month": ("a month of the Hebrew calendar, by its English name", "Nisan"),
    "torah_portion": ("the name of a weekly Torah portion (parsha)", "Bereshit"),
    "iso_week": ("an ISO 8601 week number, 1-53", "12"),
    "unix_timestamp": ("seconds since 1970-01-01T00:00:00Z", "1700000000"),
    "duration_hours": ("a duration in hours", "14.5"),
    "moon_phase": ("the name of a phase of the Moon", "Waxing Gibbous"),
    "celestial_body": ("the Sun, the Moon, a planet or Pluto, by English name", "Mars"),
    "star_name": ("the proper name of a bright star", "Sirius"),
    "constellation": ("the Latin name of one of the 88 IAU constellations", "Orion"),
    "right_ascension": ("a right ascension in hours, 0-24", "6.7525"),
    "declination": ("a declination in degrees, -90 to 90", "-16.716"),
    "altitude_deg": ("an angle above the horizon in degrees (negative below)", "35.2"),
    "azimuth_deg": ("a compass bearing in degrees clockwise from true north", "180.0"),
    "angle_deg": ("an angle in degrees", "12.5"),
    "magnitude": ("an apparent visual magnitude (smaller is brighter)", "-1.46"),
    "distance_au": ("a distance in astronomical units", "1.52"),
}
