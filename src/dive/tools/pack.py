"""A tool pack as an object: its name, domain, backing packages, tools, seeds and semantic types.

    PACK = Pack("astro", module="dive_astro.tools", domain="astro", requires=("ephem",),
                description="planets, stars and eclipses",
                semtypes=(SemType("star_name", "a named star", "Sirius", mention="the star {v}", entity=True),))

A ``Pack`` is a declaration: building one imports nothing. ``module`` holds the tools
(``TOOLS``) and the seed pool (``seeds()``) and is imported only when they are asked for,
so ``dive tools list`` can name a pack whose backing packages are missing, with the pip
command that installs them. Ship a pack as its own distribution with one entry-point line
(``[project.entry-points."dive.packs"] astro = "dive_astro:PACK"``); keep the module that
defines ``PACK`` light (no backing imports), as the built-in declarations in
:mod:`dive.tools.packs` are.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass
from types import ModuleType

from dive.errors import MissingExtraError
from dive.records import Seed
from dive.tools.tool import Tool, deferred_schemas

__all__ = ["Pack", "SemType"]


@dataclass(frozen=True)
class SemType:
    """A semantic type: what a value *is*, how a question mentions it, whether it names an entity."""

    name: str
    description: str
    """One line, e.g. ``a country's ISO 3166-1 alpha-2 code``."""
    example: str
    """One typical value, as text."""
    mention: str | None = None
    """How a question names a value of this type, with ``{v}`` for the value (``the airport {v}``);
    None: the value is written bare."""
    entity: bool = False
    """Whether a value names a thing (a country, a drug) rather than a quantity, so a question may ask
    about it by name."""


@dataclass(frozen=True)
class Pack:
    """One domain's tools, shipped together."""

    name: str
    module: str
    """Import path of the module with ``TOOLS`` and ``seeds()``."""
    domain: str
    requires: tuple[str, ...] = ()
    """Top-level import names of the backing packages."""
    description: str = ""
    semtypes: tuple[SemType, ...] = ()
    """Semantic types this pack adds to the shared vocabulary."""
    install: str | None = None
    """The pip command that installs the backing packages (default: the ``dive-tasks`` extra of the
    pack's name when it requires anything)."""

    @property
    def install_hint(self) -> str:
        if self.install:
            return self.install
        return f'pip install "dive-tasks[{self.name}]"' if self.requires else "(part of dive-tasks)"

    def missing(self) -> list[str]:
        """Backing packages (and the pack module) that cannot be imported."""
        out = []
        for mod in (*self.requires, self.module):
            try:
                found = importlib.util.find_spec(mod) is not None
            except ModuleNotFoundError:  # a dotted module whose parent package is missing
                found = False
            if not found:
                out.append(mod)
        return out

    def installed(self) -> bool:
        """True when the pack module and every backing package can be imported."""
        return not self.missing()

    def _module(self) -> ModuleType:
        missing = self.missing()
        if missing:
            raise MissingExtraError(f"tool pack {self.name!r} needs {', '.join(missing)}, which is not installed; "
                                    f"run: {self.install_hint}")
        with deferred_schemas():  # each tool's schemas are built on its first use (or come from a cache)
            return importlib.import_module(self.module)

    def tools(self) -> tuple[Tool, ...]:
        """The pack's tools (imports the module; MissingExtraError with the pip command if it can't)."""
        return tuple(self._module().TOOLS)

    def seeds(self) -> tuple[Seed, ...]:
        """The pack's seed pool."""
        seeds = getattr(self._module(), "seeds", None)
        return tuple(seeds()) if seeds is not None else ()

    def all_semtypes(self) -> tuple[SemType, ...]:
        """``semtypes`` plus the module's ``SEMANTIC_TYPES`` (name -> (description, example)), if any."""
        declared = {s.name for s in self.semtypes}
        extra = getattr(self._module(), "SEMANTIC_TYPES", {}) if self.installed() else {}
        return (*self.semtypes, *(SemType(name, *value) for name, value in extra.items() if name not in declared))
