"""What mendeleev's Element methods compute for each element, cached on disk.

Loading one Element through mendeleev's ORM takes about half a second (it eagerly loads every related
table) and importing mendeleev 1.5 s. The tools read only a small finite table from it: each
electronegativity scale, the Slater and Clementi effective nuclear charge of each occupied subshell and
the configuration of each ion. That table is read from the disk cache in milliseconds. A process that
finds no cached table computes the elements it is asked for (relationships loaded lazily, a few ms
each after the import) while a background thread builds the table for later processes.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import Any, Literal, get_args

from dive.tools.datacache import cache_path, read_json, write_json_in_background

__all__ = ["METHODS", "EnScale", "ElementData", "element_data"]

EnScale = Literal["pauling", "allen", "mulliken", "allred-rochow", "sanderson", "ghosh", "gordy", "li-xue",
                  "martynov-batsanov", "nagle", "cottrell-sutton"]
METHODS = ("slater", "clementi")

# An outcome of a mendeleev call: [True, value] or [False, the exception's message].
Outcome = list[Any]


@dataclass(frozen=True)
class ElementData:
    """One element's computed values: the raw values mendeleev returned, as JSON keeps them."""

    symbol: str
    atomic_number: int
    subshells: list[tuple[int, str]]  # occupied (n, letter), in mendeleev's order
    electronegativity: dict[str, Outcome]  # scale -> raw value (li-xue's per-coordination dict keyed "IV/None")
    zeff: dict[str, dict[str, Outcome]]  # method -> "3s" -> Z_eff (None where not tabulated)
    ions: list[list[Any]]  # charge -> [configuration, unpaired electrons, spin-only moment]


def _outcome(call: Any) -> Outcome:
    try:
        return [True, _plain(call())]
    except MemoryError:  # a limit of this process, not a property of the element: never cached
        raise
    except Exception as exc:  # noqa: BLE001 - recorded, and raised as a ToolError by the tool as before
        return [False, str(exc)]


def _plain(value: Any) -> Any:
    """A JSON-able copy of a value, numbers as exact floats (Python's JSON keeps NaN too)."""
    if hasattr(value, "tolist"):  # a numpy scalar or array (Sanderson's value is a one-element array)
        value = value.tolist()
    if isinstance(value, dict):
        return {"/".join(map(str, k)) if isinstance(k, tuple) else str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (str, bool)):
        return value
    return float(value)


def _entry(el: Any) -> dict[str, Any]:
    """The JSON entry of a mendeleev Element."""
    subshells = list(el.ec.conf)

    def scale(s: str) -> Outcome:
        return _outcome(lambda: el.electronegativity(scale=s))

    def zeff(n: int, o: str, method: str) -> Outcome:
        return _outcome(lambda: el.zeff(n=n, o=o, method=method))

    return {
        "atomic_number": el.atomic_number,
        "subshells": subshells,
        "electronegativity": {s: scale(s) for s in get_args(EnScale)},
        "zeff": {m: {f"{n}{o}": zeff(n, o, m) for n, o in subshells} for m in METHODS},
        "ions": [_ion(el.ec.ionize(q) if q else el.ec) for q in range(el.atomic_number)],
    }


def _ion(conf: Any) -> list[Any]:
    return [str(conf), int(conf.unpaired_electrons()), float(conf.spin_only_magnetic_moment())]


def _query(symbol: str | None = None) -> dict[str, dict[str, Any]]:
    """JSON entries of every element (or of one symbol) from mendeleev's database."""
    from mendeleev.db import get_session
    from mendeleev.models import Element
    from sqlalchemy.orm import lazyload

    session = get_session()
    try:
        query = session.query(Element).options(lazyload("*"))
        query = query.filter(Element.symbol == symbol) if symbol else query.order_by(Element.atomic_number)
        return {str(el.symbol): _entry(el) for el in query}
    finally:
        session.close()


def _data(symbol: str, d: dict[str, Any]) -> ElementData:
    return ElementData(symbol=symbol, atomic_number=d["atomic_number"], subshells=[(n, o) for n, o in d["subshells"]],
                       electronegativity=d["electronegativity"], zeff=d["zeff"], ions=d["ions"])


@functools.cache
def _table() -> dict[str, ElementData] | None:
    """Every element's values from the disk cache, or None (then a background thread builds it)."""
    path = cache_path("chem", "mendeleev-element-methods", ".json", "mendeleev", __file__)
    found = read_json(path)
    if found is None:
        write_json_in_background(path, _query)
        return None
    return {symbol: _data(symbol, d) for symbol, d in found.items()}


@functools.lru_cache(maxsize=128)
def _computed(symbol: str) -> ElementData | None:
    """One element's values computed now (no cached table yet), kept as JSON keeps them."""
    found = json.loads(json.dumps(_query(symbol)))
    return _data(symbol, found[symbol]) if symbol in found else None


def element_data(symbol: str) -> ElementData | None:
    """The values of the element with this exact symbol ("Fe"), None when there is none."""
    table = _table()
    return table.get(symbol) if table is not None else _computed(symbol)
