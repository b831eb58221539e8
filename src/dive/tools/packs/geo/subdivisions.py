"""Country subdivisions from ISO 3166-2 (pycountry): states, provinces, regions, departments..."""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any

import pycountry
from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.geo._common import CountryCode, Limit, country_name, fold, meta, resolve_country
from dive.tools.tool import Sem, tool

__all__ = ["TOOLS"]

_META = meta("pycountry")

SubdivisionCode = Annotated[str, Sem("subdivision_code")]


def _subdivisions_of(country: str) -> tuple[Any, list[Any]]:
    iso = resolve_country(country)
    return iso, list(pycountry.subdivisions.get(country_code=iso.alpha_2) or [])


def _subdivision(code: str) -> Any:
    text = code.strip().upper()
    hit = pycountry.subdivisions.get(code=text)
    if hit is None:
        raise ToolError(
            f"unknown ISO 3166-2 subdivision code {code!r}; codes look like 'US-CA', 'FR-IDF' or 'DE-BY' "
            "(use country_subdivisions or subdivision_search to find one)"
        )
    return hit


class Subdivision(TypedDict):
    subdivision_code: Annotated[str, Sem("subdivision_code")]
    name: Annotated[str, Sem("subdivision_name")]
    type: Annotated[str, Sem("subdivision_type")]
    parent_code: Annotated[str | None, Sem("subdivision_code")]


def _row(sub: Any) -> Subdivision:
    return {"subdivision_code": sub.code, "name": sub.name, "type": sub.type, "parent_code": sub.parent_code}


class SubdivisionList(TypedDict):
    country_code: Annotated[str, Sem("country_code")]
    total: int
    types: list[Annotated[str, Sem("subdivision_type")]]
    subdivisions: list[Subdivision]


@tool(kind="R", examples=[{"country": "US", "limit": 5}, {"country": "FR", "subdivision_type": "Metropolitan region"},
                          {"country": "GB", "top_level_only": True}], **_META)
def country_subdivisions(
    country: CountryCode,
    subdivision_type: Annotated[str | None, Sem("subdivision_type")] = None,
    top_level_only: bool = False,
    limit: Limit = 20,
) -> SubdivisionList:
    """List a country's ISO 3166-2 subdivisions (states, provinces, regions, departments...) with their codes,
    sorted by code. Names are the ISO names, usually in the local language ("Bayern", not "Bavaria").

    Args:
        country: ISO alpha-2 code such as "US".
        subdivision_type: keep only this type, e.g. "State", "Province", "Metropolitan department".
        top_level_only: keep only subdivisions with no parent (e.g. French regions, not departments).
        limit: most subdivisions to return; "total" counts all that match.
    """
    iso, subs = _subdivisions_of(country)
    types = sorted({s.type for s in subs})
    if subdivision_type:
        wanted = fold(subdivision_type)
        subs = [s for s in subs if fold(s.type) == wanted]
        if not subs:
            raise ToolError(
                f"{iso.alpha_2} has no subdivisions of type {subdivision_type!r}; its types are: {', '.join(types)}"
            )
    if top_level_only:
        subs = [s for s in subs if s.parent_code is None]
    subs.sort(key=lambda s: s.code)
    return {"country_code": iso.alpha_2, "total": len(subs), "types": types, "subdivisions": [_row(s) for s in subs[:limit]]}


class SubdivisionInfo(TypedDict):
    subdivision_code: Annotated[str, Sem("subdivision_code")]
    name: Annotated[str, Sem("subdivision_name")]
    type: Annotated[str, Sem("subdivision_type")]
    country_code: Annotated[str, Sem("country_code")]
    country_name: Annotated[str, Sem("country_name")]
    parent_code: Annotated[str | None, Sem("subdivision_code")]
    parent_name: Annotated[str | None, Sem("subdivision_name")]
    child_count: int


@tool(kind="R", examples=[{"code": "US-CA"}, {"code": "FR-69"}], **_META)
def subdivision_info(code: SubdivisionCode) -> SubdivisionInfo:
    """Look up an ISO 3166-2 subdivision code such as "US-CA" or "FR-69": its name, type, country, its
    parent subdivision (e.g. the region of a French department) and how many subdivisions it contains.

    Args:
        code: ISO 3166-2 code, country alpha-2 + "-" + up to three characters.
    """
    sub = _subdivision(code)
    parent = pycountry.subdivisions.get(code=sub.parent_code) if sub.parent_code else None
    children = sum(1 for s in pycountry.subdivisions.get(country_code=sub.country_code) or [] if s.parent_code == sub.code)
    country = pycountry.countries.get(alpha_2=sub.country_code)
    return {
        "subdivision_code": sub.code,
        "name": sub.name,
        "type": sub.type,
        "country_code": sub.country_code,
        "country_name": country_name(country),
        "parent_code": sub.parent_code,
        "parent_name": parent.name if parent else None,
        "child_count": children,
    }


class SubdivisionMatch(TypedDict):
    subdivision_code: Annotated[str, Sem("subdivision_code")]
    name: Annotated[str, Sem("subdivision_name")]
    type: Annotated[str, Sem("subdivision_type")]
    country_code: Annotated[str, Sem("country_code")]


class SubdivisionMatches(TypedDict):
    query: str
    total: int
    matches: list[SubdivisionMatch]


@tool(kind="R", examples=[{"name": "Bayern"}, {"name": "Victoria", "country": "AU"}], **_META)
def subdivision_search(
    name: Annotated[str, Sem("subdivision_name")], country: Annotated[str | None, Sem("country_code")] = None,
    limit: Limit = 10,
) -> SubdivisionMatches:
    """Find ISO 3166-2 subdivisions by name (accents and case ignored), worldwide or within one country, to get
    their codes. Exact name matches come first, then names that contain the query.

    Args:
        name: subdivision name or part of it, e.g. "California" or "Ile-de-France".
        country: optional ISO alpha-2 code to search within.
        limit: most matches to return.
    """
    key = fold(name)
    if len(key) < 2:
        raise ToolError("give at least 2 letters of the subdivision name, e.g. 'Texas'")
    pool = _subdivisions_of(country)[1] if country else list(pycountry.subdivisions)
    hits = [s for s in pool if key in fold(s.name)]
    if not hits:
        where = f" of {country}" if country else ""
        raise ToolError(f"no ISO 3166-2 subdivision{where} has a name containing {name!r}; ISO uses local names "
                        "such as 'Bayern' for Bavaria")
    hits.sort(key=lambda s: (fold(s.name) != key, not fold(s.name).startswith(key), s.code))
    return {
        "query": name,
        "total": len(hits),
        "matches": [{"subdivision_code": s.code, "name": s.name, "type": s.type, "country_code": s.country_code}
                    for s in hits[:limit]],
    }


class TypeCount(TypedDict):
    type: Annotated[str, Sem("subdivision_type")]
    count: int


class SubdivisionTypes(TypedDict):
    country_code: Annotated[str, Sem("country_code")]
    total: int
    types: list[TypeCount]


@tool(kind="R", examples=[{"country": "FR"}, {"country": "CN"}], **_META)
def subdivision_types(country: CountryCode) -> SubdivisionTypes:
    """Count a country's ISO 3166-2 subdivisions by type, e.g. the US has 50 states, 1 district and 6
    outlying areas. Use the type names to filter country_subdivisions.

    Args:
        country: ISO alpha-2 code such as "US".
    """
    iso, subs = _subdivisions_of(country)
    counts = Counter(s.type for s in subs)
    return {
        "country_code": iso.alpha_2,
        "total": len(subs),
        "types": [{"type": t, "count": n} for t, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))],
    }


TOOLS = [country_subdivisions, subdivision_info, subdivision_search, subdivision_types]
