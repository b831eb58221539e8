"""Chemical elements from mendeleev's SQLite database: identity, periodic position, discovery.

Tables are read with sqlite3 (mendeleev and SQLAlchemy take 1.5 s to import), lazily, and cached.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import re
import sqlite3
from pathlib import Path
from typing import Annotated, Any, Literal

from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.chem._common import MENDELEEV, ElementSymbol, clean_text, element_symbol, opt
from dive.tools.tool import Sem, tool

__all__ = ["TOOLS", "element_row", "table", "unknown_element"]


@functools.cache
def table(name: str) -> Any:
    """A table of mendeleev's SQLite database as a pandas DataFrame (cached).

    Read with sqlite3 as ``mendeleev.fetch.fetch_table`` reads it (the same frame), without importing
    mendeleev and SQLAlchemy (1.5 s).
    """
    import pandas as pd

    spec = importlib.util.find_spec("mendeleev")
    if spec is None or not spec.submodule_search_locations:
        raise ToolError("the mendeleev package is not installed")
    path = Path(spec.submodule_search_locations[0]) / "elements.db"
    with contextlib.closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
        return pd.read_sql_query(f"SELECT * FROM {name}", conn)  # noqa: S608 - our own table names


@functools.cache
def _rows() -> dict[str, dict[str, Any]]:
    """Element rows keyed by symbol, with the series name joined in."""
    series = {int(r["id"]): r["name"] for r in table("series").to_dict("records")}
    out = {}
    for row in table("elements").to_dict("records"):
        series_id = opt(row.get("series_id"))
        row["series"] = None if series_id is None else series.get(int(series_id))
        out[row["symbol"]] = row
    return out


def element_row(symbol: str) -> dict[str, Any]:
    """The element row for ``symbol`` (any case) or a ToolError listing what a symbol looks like."""
    row = _rows().get(element_symbol(symbol))
    if row is None:
        raise unknown_element(symbol)
    return row


def unknown_element(symbol: str) -> ToolError:
    """The error for a well-formed symbol that is no element."""
    return ToolError(f"no element with symbol {symbol!r}; give one of the 118 symbols such as 'H', 'Fe' or 'Og'")


def _int(x: Any) -> int | None:
    value = opt(x)
    return None if value is None else int(value)


def full_configuration(text: Any) -> str | None:
    """mendeleev stores "[He] 2s"; write the implicit single electron out: "[He] 2s1"."""
    conf = clean_text(text)
    return None if conf is None else re.sub(r"(\d[spdfg])(?=\s|$)", r"\g<1>1", conf)


@functools.cache
def _phase_rows() -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {}
    for row in table("phasetransitions").to_dict("records"):
        number = int(row["atomic_number"])
        if number in _MELTING and opt(row.get("is_transition")) != 1.0:
            row = {**row, "melting_point": _MELTING[number]}
        out.setdefault(number, []).append(row)
    return out


_MELTING = {40: 2128.15, 74: 3695.15}
"""Melting points (K) where mendeleev's table gives an outdated value: tungsten's 3687.15 K (3414 °C) against the
CRC Handbook's 3695.15 K (3422 °C), the figure everyone quotes (two reviewers each, round Y); zirconium's 2127.15 K
(1854 °C) against the CRC's 1855 °C (two readers, round AD)."""


def main_phase(atomic_number: int) -> dict[str, Any]:
    """The phase-transition row of the usual allotrope (skipping solid-solid transition rows)."""
    rows = _phase_rows().get(atomic_number, [])
    preferred = [r for r in rows if opt(r.get("is_transition")) != 1.0] or rows
    return preferred[0] if preferred else {}


class ElementInfo(TypedDict):
    symbol: Annotated[str, Sem("element_symbol")]
    name: Annotated[str, Sem("element_name")]
    atomic_number: Annotated[int, Sem("atomic_number")]
    atomic_weight: Annotated[float | None, Sem("molar_mass", unit="g/mol")]
    group: Annotated[int | None, Sem("periodic_group")]
    period: Annotated[int, Sem("periodic_period")]
    block: str
    series: str | None
    electron_configuration: str | None
    electronegativity_pauling: Annotated[float | None, Sem("number", unit="Pauling")]
    density: Annotated[float | None, Sem("density_g_cm3", unit="g/cm3")]
    melting_point: Annotated[float | None, Sem("temperature_k", unit="K")]
    boiling_point: Annotated[float | None, Sem("temperature_k", unit="K")]
    is_radioactive: bool
    cas_number: Annotated[str | None, Sem("cas_number")]


_NO_STANDARD_WEIGHT = frozenset({43, 61, 84, 85, 86, 87, 88, 89, *range(93, 119)})
"""Elements IUPAC gives no standard atomic weight (no stable isotope and no characteristic terrestrial isotopic
composition): the data's 97.91 for technetium is the mass of technetium-98 (two readers, round AN). Bismuth,
thorium, protactinium and uranium have one."""


def _info(row: dict[str, Any]) -> ElementInfo:
    phase = main_phase(int(row["atomic_number"]))
    standard = int(row["atomic_number"]) not in _NO_STANDARD_WEIGHT
    return {
        "symbol": row["symbol"], "name": row["name"], "atomic_number": int(row["atomic_number"]),
        "atomic_weight": opt(row["atomic_weight"]) if standard else None, "group": _int(row["group_id"]), "period": int(row["period"]),
        "block": row["block"], "series": row["series"],
        "electron_configuration": full_configuration(row["electronic_configuration"]),
        "electronegativity_pauling": opt(row["en_pauling"]), "density": opt(row["density"]),
        "melting_point": opt(phase.get("melting_point")), "boiling_point": opt(phase.get("boiling_point")),
        "is_radioactive": bool(row["is_radioactive"]), "cas_number": clean_text(row["cas"]),
    }


@tool(kind="R", examples=[{"symbol": "Fe"}], **MENDELEEV)
def element_info(symbol: ElementSymbol) -> ElementInfo:
    """Look up a chemical element by symbol: name, atomic number and weight, group, period, block,
    series, electron configuration, Pauling electronegativity, density, melting and boiling point.

    Densities are in g/cm3 (gases at 273 K); temperatures in kelvin. The atomic weight is IUPAC's
    standard one, null for an element that has none (technetium, promethium, polonium onwards but
    for thorium, protactinium and uranium). Start here for any question about an element; the other
    element_* tools give more detail on one topic.

    Args:
        symbol: element symbol such as "Fe" (case-insensitive).
    """
    return _info(element_row(symbol))


@tool(kind="R", examples=[{"name": "iron"}], **MENDELEEV)
def element_by_name(name: Annotated[str, Sem("element_name")]) -> ElementInfo:
    """Find a chemical element by its English name (e.g. "iron" -> Fe) and return its basic data.

    Args:
        name: English element name, case-insensitive ("aluminium" and "aluminum" both work).
    """
    wanted = (name or "").strip().lower()
    aliases = {"aluminium": "aluminum", "caesium": "cesium", "sulphur": "sulfur"}
    wanted = aliases.get(wanted, wanted)
    for row in _rows().values():
        if row["name"].lower() == wanted:
            return _info(row)
    raise ToolError(f"no element named {name!r}; give an English element name such as 'iron' or 'oxygen'")


@tool(kind="R", examples=[{"atomic_number": 79}], **MENDELEEV)
def element_by_atomic_number(atomic_number: Annotated[int, Sem("atomic_number")]) -> ElementInfo:
    """Find the chemical element with a given atomic number (proton count), e.g. 79 -> gold (Au).

    Args:
        atomic_number: number of protons, 1 to 118.
    """
    for row in _rows().values():
        if int(row["atomic_number"]) == atomic_number:
            return _info(row)
    raise ToolError(f"no element with atomic number {atomic_number}; atomic numbers run from 1 to 118")


class Discovery(TypedDict):
    symbol: Annotated[str, Sem("element_symbol")]
    name: Annotated[str, Sem("element_name")]
    discovery_year: Annotated[int | None, Sem("year")]
    discoverers: str | None
    discovery_location: str | None
    name_origin: str | None


_SPELLED = (("Gustov Kirchoff", "Gustav Kirchhoff"), ("Kirchoff", "Kirchhoff"), ("Fredrich", "Friedrich"),
            ("Ramsey", "Ramsay"), ("Nils Langet", "Nils Langlet"), ("Joseph Priestly", "Joseph Priestley"),
            ("Humphrey Davy", "Humphry Davy"), ("Émillo Segrè", "Emilio Segrè"), ("E.Segré", "E. Segrè"),
            ("Aver von Welsbach", "Auer von Welsbach"), ("Smithson Tenant", "Smithson Tennant"),
            ("S.Tenant", "S. Tennant"), ("A.F.Fourcory", "A.F. Fourcroy"), ("Collet-Descoltils", "Collet-Descotils"),
            ("Marguerite Derey", "Marguerite Perey"), ("A.C.Wohl", "A.C. Wahl"), ("George Brandt", "Georg Brandt"),
            ("Karl Klaus", "Karl Claus"))
"""mendeleev's misspelt discoverers, as each wrote his or her name: "Fredrich Stromeyer" for cadmium's (two readers,
round AY), Kirchhoff as "Gustov Kirchoff" (round AF), Ramsay, Priestley, Humphry Davy, Auer von Welsbach, Tennant,
Fourcroy, Perey (francium), Wahl (plutonium)."""

_CONTESTED = frozenset({"Pt"})
"""Elements no one person is credited with finding: platinum (mendeleev names Julius Scaliger, who described it in
1557; Antonio de Ulloa's report of 1748 is the usual date)."""


def _person(text: str | None, symbol: str = "") -> str | None:
    """Who discovered an element: no one for "Known to the ancients" (no person; a reader, round AC) or where the
    credit is contested (:data:`_CONTESTED`); each name as its bearer wrote it (:data:`_SPELLED`)."""
    if text is None or text.lower().startswith("known to the ancients") or symbol in _CONTESTED:
        return None
    for wrong, right in _SPELLED:
        text = text.replace(wrong, right)
    return text


@tool(kind="R", examples=[{"symbol": "O"}], **MENDELEEV)
def element_discovery(symbol: ElementSymbol) -> Discovery:
    """Who discovered an element, when and where, and where its name comes from.

    The year and the discoverers are None for elements known since antiquity (iron, gold, carbon, ...), and the
    year is None where no one is credited with the discovery (platinum, known in pre-Columbian America and described
    in 1557, 1748 and 1750).

    Args:
        symbol: element symbol such as "O".
    """
    row = element_row(symbol)
    people = _person(clean_text(row["discoverers"]), row["symbol"])
    return {  # the data's 1735 for platinum names no one: a year among several claims (a reader, round BR)
        "symbol": row["symbol"], "name": row["name"],
        "discovery_year": _int(row["discovery_year"]) if people is not None else None,
        "discoverers": people,
        "discovery_location": clean_text(row["discovery_location"]),
        "name_origin": clean_text(row["name_origin"]),
    }


class ElementBrief(TypedDict):
    symbol: Annotated[str, Sem("element_symbol")]
    name: Annotated[str, Sem("element_name")]
    atomic_number: Annotated[int, Sem("atomic_number")]


class ElementList(TypedDict):
    count: int
    elements: list[ElementBrief]


def _brief(row: dict[str, Any]) -> ElementBrief:
    return {"symbol": row["symbol"], "name": row["name"], "atomic_number": int(row["atomic_number"])}


@tool(kind="R", examples=[{"group": 17}], **MENDELEEV)
def elements_in_group(group: Annotated[int, Sem("periodic_group")]) -> ElementList:
    """List the elements of one periodic-table group (column 1-18), in order of atomic number.

    Lanthanides and actinides other than La and Ac belong to no group.

    Args:
        group: IUPAC group number 1-18 (1 = alkali metals, 17 = halogens, 18 = noble gases).
    """
    if not 1 <= group <= 18:
        raise ToolError(f"group must be between 1 and 18, got {group}")
    rows = [r for r in _rows().values() if _int(r["group_id"]) == group]
    return {"count": len(rows), "elements": [_brief(r) for r in rows]}


@tool(kind="R", examples=[{"period": 2}], **MENDELEEV)
def elements_in_period(period: Annotated[int, Sem("periodic_period")]) -> ElementList:
    """List the elements of one periodic-table period (row 1-7), in order of atomic number.

    Args:
        period: period number 1-7.
    """
    if not 1 <= period <= 7:
        raise ToolError(f"period must be between 1 and 7, got {period}")
    rows = [r for r in _rows().values() if int(r["period"]) == period]
    return {"count": len(rows), "elements": [_brief(r) for r in rows]}


class DiscoveredElement(TypedDict):
    symbol: Annotated[str, Sem("element_symbol")]
    name: Annotated[str, Sem("element_name")]
    discovery_year: Annotated[int, Sem("year")]


class DiscoveredList(TypedDict):
    count: int
    elements: list[DiscoveredElement]


@tool(kind="R", examples=[{"start_year": 1800, "end_year": 1810}], **MENDELEEV)
def elements_discovered_between(start_year: Annotated[int, Sem("year")], end_year: Annotated[int, Sem("year")],
                                limit: int = 20) -> DiscoveredList:
    """List elements discovered between two years (inclusive), oldest first.

    ``count`` is the total number found; the list is cut at ``limit``.

    Args:
        start_year: first year of the range, e.g. 1800.
        end_year: last year of the range (inclusive).
        limit: most elements to list (1-118).
    """
    if end_year < start_year:
        raise ToolError(f"end_year ({end_year}) must not be before start_year ({start_year})")
    found = []
    for row in _rows().values():
        year = _int(row["discovery_year"])
        if year is not None and start_year <= year <= end_year:
            found.append({"symbol": row["symbol"], "name": row["name"], "discovery_year": year})
    found.sort(key=lambda r: (r["discovery_year"], r["symbol"]))
    return {"count": len(found), "elements": found[: max(1, min(limit, 118))]}


_RANKABLE = {
    "atomic_weight": ("atomic_weight", "g/mol"),
    "density": ("density", "g/cm3"),
    "electronegativity_pauling": ("en_pauling", "Pauling"),
    "atomic_radius": ("atomic_radius", "pm"),
    "covalent_radius": ("covalent_radius_pyykko", "pm"),
    "electron_affinity": ("electron_affinity", "eV"),
    "abundance_crust": ("abundance_crust", "mg/kg"),
    "thermal_conductivity": ("thermal_conductivity", "W/(m K)"),
    "discovery_year": ("discovery_year", "year"),
}
RankProperty = Literal["atomic_weight", "density", "electronegativity_pauling", "atomic_radius", "covalent_radius",
                       "electron_affinity", "abundance_crust", "thermal_conductivity", "discovery_year"]


class RankedElement(TypedDict):
    symbol: Annotated[str, Sem("element_symbol")]
    name: Annotated[str, Sem("element_name")]
    value: Annotated[float, Sem("number")]


class Ranking(TypedDict):
    property: str
    unit: Annotated[str, Sem("unit")]
    elements: list[RankedElement]


@tool(kind="R", examples=[{"property": "density", "limit": 5}], **MENDELEEV)
def elements_ranked_by_property(property: RankProperty, descending: bool = True, limit: int = 10,
                                block: Literal["s", "p", "d", "f", "any"] = "any",
                                include_superheavy: bool = False) -> Ranking:
    """Rank the elements by a property, e.g. the densest or most electronegative elements.

    Elements without a value for the property are skipped. Units: atomic_weight g/mol,
    density g/cm3, radii pm, electron_affinity eV, abundance_crust mg/kg. Superheavy elements
    (Z > 103), whose values are mostly theoretical predictions, are left out unless asked for.

    Args:
        property: which property to rank by.
        descending: largest first when true (the default), smallest first when false.
        limit: how many elements to return (1-118).
        block: restrict to one periodic-table block, or "any".
        include_superheavy: also rank the transactinides Rf to Og (Z 104-118).
    """
    column, unit = _RANKABLE[property]
    ranked = []
    for row in _rows().values():
        value = opt(row[column])
        if value is None or (block != "any" and row["block"] != block):
            continue
        if int(row["atomic_number"]) > 103 and not include_superheavy:
            continue
        ranked.append({"symbol": row["symbol"], "name": row["name"], "value": value})
    ranked.sort(key=lambda r: r["value"], reverse=descending)
    return {"property": property, "unit": unit, "elements": ranked[: max(1, min(limit, 118))]}


TOOLS = [element_info, element_by_name, element_by_atomic_number, element_discovery, elements_in_group,
         elements_in_period, elements_discovered_between, elements_ranked_by_property]
