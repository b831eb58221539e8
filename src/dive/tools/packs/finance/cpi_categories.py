"""CPI expenditure categories and metropolitan areas, from the cpi package's bundled BLS database:
find an item or area code, and measure price changes for it between two periods.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field
from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.finance._common import Limit, Year, meta, tidy
from dive.tools.packs.finance.inflation import (
    ALL_ITEMS,
    NATIONAL,
    AreaCode,
    ItemCode,
    Month,
    areas,
    check_month_pair,
    index_value,
    items,
    period_label,
)
from dive.tools.packs.finance.inflation import area_code as valid_area
from dive.tools.packs.finance.inflation import item_code as valid_item
from dive.tools.tool import Sem, tool

_META = meta("cpi")


def _words(text: str) -> list[str]:
    words = text.casefold().replace(",", " ").split()
    if not words:
        raise ToolError("query must contain at least one word, e.g. 'gasoline' or 'rent'")
    return words


class ItemRow(TypedDict):
    item_code: Annotated[str, Sem("cpi_item_code")]
    name: Annotated[str, Sem("text")]


class ItemMatches(TypedDict):
    count: Annotated[int, Sem("integer")]
    items: list[ItemRow]


@tool(kind="R", examples=[{"query": "gasoline"}, {"query": "rent"}], **_META)
def cpi_item_search(query: Annotated[str, Field(min_length=1)], limit: Limit = 10) -> ItemMatches:
    """Find US CPI expenditure categories (items) whose name contains all the query words, with their BLS item codes.

    Use the code with cpi_item_change, e.g. SAF1 Food, SETB01 Gasoline, SEHA Rent, SEFH Eggs.

    Args:
        query: words to look for in the category name, e.g. "new vehicles".
        limit: most categories to list (the count covers all matches).
    """
    words = _words(query)
    hits = [(c, n) for c, n in items().items() if all(w in n.casefold() for w in words)]
    hits.sort(key=lambda cn: (len(cn[1]), cn[0]))
    return {"count": len(hits), "items": [{"item_code": c, "name": n} for c, n in hits[:limit]]}


class PriceChange(TypedDict):
    name: Annotated[str, Sem("text")]
    from_period: Annotated[str, Sem("text")]
    to_period: Annotated[str, Sem("text")]
    index_from: Annotated[float, Sem("cpi_index")]
    index_to: Annotated[float, Sem("cpi_index")]
    change_percent: Annotated[float, Sem("percent")]
    average_annual_percent: Annotated[float | None, Sem("percent")]


def _change(item: str, area: str, name: str, from_year: int, to_year: int,
            from_month: int | None, to_month: int | None) -> PriceChange:
    check_month_pair(from_month, to_month)
    a = index_value(item, area, from_year, from_month)
    b = index_value(item, area, to_year, to_month)
    months = (to_year - from_year) * 12 + ((to_month or 0) - (from_month or 0))
    if months <= 0:
        raise ToolError("the 'to' period must come after the 'from' period")
    avg = ((b / a) ** (12 / months) - 1) * 100 if months >= 12 else None
    return {
        "name": name, "from_period": period_label(from_year, from_month), "to_period": period_label(to_year, to_month),
        "index_from": a, "index_to": b, "change_percent": tidy((b / a - 1) * 100, 4),
        "average_annual_percent": None if avg is None else tidy(avg, 4),
    }


@tool(kind="R", examples=[{"item_code": "SETB01", "from_year": 2020, "to_year": 2022},
                          {"item_code": "SAF1", "from_year": 2023, "from_month": 12, "to_year": 2024, "to_month": 12}],
      **_META)
def cpi_item_change(
    item_code: ItemCode, from_year: Year, to_year: Year, from_month: Month = None, to_month: Month = None,
) -> PriceChange:
    """Measure how US consumer prices of one expenditure category (food, gasoline, rent ...) changed between two periods.

    Uses the national CPI-U index of the category; annual averages unless months are given.

    Args:
        item_code: BLS CPI item code, e.g. "SAF1" food, "SETB01" gasoline (find codes with cpi_item_search).
        from_year: the earlier year.
        to_year: the later year.
        from_month: month 1-12 of from_year for monthly values (give to_month too).
        to_month: month 1-12 of to_year.
    """
    code = valid_item(item_code)
    return _change(code, NATIONAL, items()[code], from_year, to_year, from_month, to_month)


class AreaRow(TypedDict):
    area_code: Annotated[str, Sem("cpi_area_code")]
    name: Annotated[str, Sem("text")]


class AreaMatches(TypedDict):
    count: Annotated[int, Sem("integer")]
    areas: list[AreaRow]


@tool(kind="R", examples=[{"query": "San Francisco"}, {"query": "West"}], **_META)
def cpi_area_search(query: Annotated[str, Field(min_length=1)], limit: Limit = 10) -> AreaMatches:
    """Find the BLS CPI areas (US regions, city-size classes and metropolitan areas) whose name contains all the query words.

    Use the code with cpi_area_change, e.g. S12A New York, S49B San Francisco, 0400 West region.

    Args:
        query: words to look for in the area name, e.g. "Chicago".
        limit: most areas to list (the count covers all matches).
    """
    words = _words(query)
    hits = [(c, n) for c, n in areas().items() if all(w in n.casefold() for w in words)]
    return {"count": len(hits), "areas": [{"area_code": c, "name": n} for c, n in hits[:limit]]}


@tool(kind="R", examples=[{"area_code": "S49B", "from_year": 2015, "to_year": 2024}], **_META)
def cpi_area_change(
    area_code: AreaCode, from_year: Year, to_year: Year, item_code: ItemCode = ALL_ITEMS,
) -> PriceChange:
    """Measure consumer-price inflation in a US region or metropolitan area between two years (CPI-U annual averages).

    Args:
        area_code: BLS CPI area code, e.g. "S49B" San Francisco, "S12A" New York (find codes with cpi_area_search).
        from_year: the earlier year.
        to_year: the later year.
        item_code: expenditure category, "SA0" (all items) by default; not every category is published per area.
    """
    area = valid_area(area_code)
    item = valid_item(item_code)
    return _change(item, area, f"{items()[item]}, {areas()[area]}", from_year, to_year, None, None)


TOOLS = [cpi_item_search, cpi_item_change, cpi_area_search, cpi_area_change]
