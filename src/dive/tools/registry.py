"""The tool packs of a run: built-in and third-party :class:`~dive.tools.pack.Pack` objects, lazily.

:data:`PACKS` maps a pack name to its :class:`Pack`: the built-ins of :mod:`dive.tools.packs`
first, then packs other distributions register under the entry-point group ``dive.packs``
(:mod:`dive.registry`). Nothing is imported until a pack's tools or seeds are loaded; a pack
whose backing packages are missing is reported as not installed, with the pip command.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from dive import registry
from dive.errors import UnknownToolError
from dive.records import Seed
from dive.tools.execution import Limits
from dive.tools.pack import Pack
from dive.tools.tool import Tool
from dive.tools.toolset import FunctionToolset

__all__ = ["PACKS", "Pack", "PackInfo", "load_pack", "load_pool", "load_seeds", "load_semtypes", "pack_installed",
           "pack_origin"]

PackInfo = Pack
"""The former name of :class:`Pack`."""


class _Packs(Mapping[str, Pack]):
    """Every registered pack by name, resolved on access (built-ins first)."""

    def __getitem__(self, name: str) -> Pack:
        if name not in registry.table("packs"):
            raise KeyError(name)
        pack = registry.load("packs", name)
        if not isinstance(pack, Pack):
            raise UnknownToolError(f"the entry point of pack {name!r} gives a {type(pack).__name__}, not a "
                                   "dive.tools.pack.Pack")
        return pack

    def __iter__(self) -> Iterator[str]:
        return iter(registry.names("packs"))

    def __len__(self) -> int:
        return len(registry.names("packs"))


PACKS: Mapping[str, Pack] = _Packs()
"""Pack name -> :class:`Pack`, built-in and registered by entry point."""


def _info(name: str) -> Pack:
    try:
        return PACKS[name]
    except KeyError:
        raise UnknownToolError(f"unknown tool pack {name!r}; known packs: {', '.join(PACKS)}") from None


def pack_origin(name: str) -> str:
    """The distribution a pack comes from (``dive-tasks`` for the built-ins)."""
    return registry.origin("packs", name)


def pack_installed(name: str) -> bool:
    """True when the pack's module and every backing package can be imported."""
    return _info(name).installed()


def load_pack(name: str) -> tuple[Tool, ...]:
    """The tools of pack ``name`` (MissingExtraError with the pip command if not installed)."""
    return _info(name).tools()


def load_seeds(name: str) -> tuple[Seed, ...]:
    """The seed pool of pack ``name``."""
    return _info(name).seeds()


def load_semtypes(name: str) -> dict[str, tuple[str, str]]:
    """Semantic types pack ``name`` adds to the shared vocabulary: name -> (description, example)."""
    return {s.name: (s.description, s.example) for s in _info(name).all_semtypes()}


def load_pool(packs: Iterable[str] | None = None, *, limits: Limits | None = None) -> FunctionToolset:
    """A toolset of every tool in ``packs`` (default: every registered pack that is installed)."""
    names = list(packs) if packs is not None else [p for p in PACKS if pack_installed(p)]
    tools: list[Tool] = []
    for name in names:
        tools.extend(load_pack(name))
    return FunctionToolset(tools, limits)
