"""What a country's holiday calendar covers: its subdivisions, weekend days, languages and years, from
``holidays``.
"""

from __future__ import annotations

from typing import Annotated

import holidays
from typing_extensions import TypedDict

from dive.tools.packs.time._common import WEEKDAYS, CountryCode, meta
from dive.tools.packs.time.public_holidays import YEAR_LIMITS, country_code_of, country_names
from dive.tools.tool import Sem, tool

__all__ = ["TOOLS"]

_META = meta("holidays", "MIT")


class SubdivisionItem(TypedDict):
    code: Annotated[str, Sem("subdivision_code")]
    name: Annotated[str | None, Sem("subdivision_name")]


class SubdivisionList(TypedDict):
    country_code: Annotated[str, Sem("country_code")]
    count: int
    subdivisions: list[SubdivisionItem]


@tool(kind="R", examples=[{"country_code": "DE"}], **_META)
def holiday_subdivisions(country_code: CountryCode, limit: int = 100) -> SubdivisionList:
    """List the states, provinces or regions of a country that have their own holiday calendar, with their names.

    Use the codes as ``subdivision`` in the other holiday tools.

    Args:
        country_code: ISO 3166-1 alpha-2 code.
        limit: maximum number of subdivisions to return (default 100).
    """
    alpha2 = country_code_of(country_code)
    probe = holidays.country_holidays(alpha2)
    names: dict[str, str] = {}
    for name, code in (probe.subdivisions_aliases or {}).items():
        names.setdefault(code, name)
    subs = [{"code": f"{alpha2}-{c}" if len(c) <= 3 else c, "name": names.get(c)} for c in probe.subdivisions]
    return {"country_code": alpha2, "count": len(subs), "subdivisions": subs[: max(limit, 0)]}  # type: ignore[typeddict-item]


class CalendarInfo(TypedDict):
    country_code: Annotated[str, Sem("country_code")]
    country_name: Annotated[str, Sem("country_name")]
    weekend_days: Annotated[list[str], Sem("weekday")]
    languages: Annotated[list[str], Sem("locale")]
    categories: list[str]
    subdivision_count: int
    first_year: Annotated[int, Sem("year")]
    last_year: Annotated[int, Sem("year")]


@tool(kind="R", examples=[{"country_code": "AE"}], **_META)
def holiday_calendar_info(country_code: CountryCode) -> CalendarInfo:
    """Describe a country's holiday calendar: its weekend days, languages of the holiday names, holiday categories
    (public, bank, school...), number of subdivisions and the years covered.

    Args:
        country_code: ISO 3166-1 alpha-2 code, e.g. "AE".
    """
    alpha2 = country_code_of(country_code)
    probe = holidays.country_holidays(alpha2)
    return {
        "country_code": alpha2,
        "country_name": country_names()[alpha2][0],
        "weekend_days": [WEEKDAYS[d] for d in sorted(probe.weekend)],
        "languages": list(probe.supported_languages),
        "categories": sorted(probe.supported_categories),
        "subdivision_count": len(probe.subdivisions),
        "first_year": YEAR_LIMITS.get(alpha2, (probe.start_year, probe.end_year))[0],
        "last_year": YEAR_LIMITS.get(alpha2, (probe.start_year, probe.end_year))[1],
    }


TOOLS = [holiday_subdivisions, holiday_calendar_info]
