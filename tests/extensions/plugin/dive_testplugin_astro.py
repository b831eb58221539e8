"""The astro pack's tools and seeds (values: the IAU and the Hipparcos catalogue, rounded)."""

from __future__ import annotations

from typing import Annotated

from typing_extensions import TypedDict

from dive.records import Seed
from dive.tools import Sem, tool

Star = Annotated[str, Sem("bright_star")]
Constellation = Annotated[str, Sem("constellation")]
_META = {"domain": "astro", "pack": "astro", "source": "IAU, Hipparcos", "license": "CC0"}

_STARS = {"Sirius": ("Canis Major", -1.46, 8.6), "Vega": ("Lyra", 0.03, 25.0), "Rigel": ("Orion", 0.13, 860.0),
          "Betelgeuse": ("Orion", 0.5, 550.0), "Deneb": ("Cygnus", 1.25, 2600.0)}
_CONSTELLATIONS = {"Canis Major": ("Sirius", 380), "Lyra": ("Vega", 286), "Orion": ("Rigel", 594),
                   "Cygnus": ("Deneb", 804)}


class StarInfo(TypedDict):
    constellation: Constellation
    apparent_magnitude: Annotated[float, Sem("apparent_magnitude", unit="mag")]
    distance_ly: Annotated[float, Sem("distance", unit="ly")]


class ConstellationInfo(TypedDict):
    brightest_star: Star
    area_sq_deg: Annotated[int, Sem("area", unit="deg2")]


@tool(kind="R", examples=[{"star": "Vega"}], **_META)
def star_info(star: Star) -> StarInfo:
    """Look up a bright star: its constellation, apparent magnitude and distance.

    Args:
        star: the star's proper name, e.g. Sirius.
    """
    constellation, magnitude, distance = _STARS[star]
    return {"constellation": constellation, "apparent_magnitude": magnitude, "distance_ly": distance}


@tool(kind="R", examples=[{"constellation": "Lyra"}], **_META)
def constellation_info(constellation: Constellation) -> ConstellationInfo:
    """Look up a constellation: its brightest star and its area on the sky.

    Args:
        constellation: the IAU name, e.g. Orion.
    """
    star, area = _CONSTELLATIONS[constellation]
    return {"brightest_star": star, "area_sq_deg": area}


TOOLS = [star_info, constellation_info]


def seeds() -> list[Seed]:
    return [Seed(value=name, sem="bright_star", domain="astro") for name in _STARS]
