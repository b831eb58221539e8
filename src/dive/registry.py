"""Explicit, lazy registries: a component's name maps to an import path; nothing loads until used.

    registry.names("explorers")                  # ('programs', 'typed_walk', 'llm', ...entry points)
    registry.load("checks", "grounding")         # imports dive.verification.grounding now
    registry.check_name("derivers", "natral")    # ConfigError: ... did you mean 'natural'?

Six kinds, each also open to other distributions through an entry-point group of the same
name (``dive.explorers``, ``dive.derivers``, ``dive.checks``, ``dive.exporters``,
``dive.providers``, ``dive.packs``). In a third party's ``pyproject.toml``:

    [project.entry-points."dive.checks"]
    query_length = "my_checks:QueryLength"

What a name loads: for ``explorers``, ``derivers`` and ``checks``, a component class or a
factory (see :func:`dive.pipeline.build.component`); for ``exporters``, an
:class:`~dive.stages.Exporter` class; for ``providers``, a factory
``(model, StageModel, endpoints, environ) -> LLM``; for ``packs``, a
:class:`~dive.tools.pack.Pack`. Built-in names win over entry points of the same name.
"""

from __future__ import annotations

import difflib
import importlib
from collections.abc import Mapping
from functools import cache
from importlib.metadata import entry_points
from typing import Any, Literal

from dive.errors import ConfigError

__all__ = ["BUILTIN", "KINDS", "Kind", "check_name", "load", "names", "origin", "refresh", "table"]

Kind = Literal["explorers", "derivers", "checks", "exporters", "providers", "packs"]
KINDS: tuple[Kind, ...] = ("explorers", "derivers", "checks", "exporters", "providers", "packs")

_B = "dive.pipeline.build"
BUILTIN: Mapping[Kind, Mapping[str, str]] = {
    "explorers": {"programs": f"{_B}:programs", "typed_walk": f"{_B}:typed_walk", "llm": f"{_B}:llm_explorer"},
    "derivers": {"natural": f"{_B}:natural", "compose": f"{_B}:compose", "llm": f"{_B}:llm_deriver"},
    "checks": {
        "well_posed": "dive.verification.wellposed:WellPosed",
        "grounding": f"{_B}:grounding",
        "query_hygiene": "dive.verification.hygiene:QueryHygiene",
        "trivial": "dive.verification.hygiene:Trivial",
        "empty_hop": "dive.verification.hygiene:EmptyHop",
        "informative": "dive.verification.informative:Informative",
        "necessity": "dive.verification.necessity:Necessity",
        "leakage": "dive.verification.leakage:Leakage",
        "replay": "dive.verification.replay:Replay",
        "dedup": f"{_B}:dedup",
        "depth": f"{_B}:depth",
        "closed_book": f"{_B}:closed_book",
        "solver": f"{_B}:solver",
    },
    "exporters": {"tasks": "dive.export.tasks:Tasks", "openai": "dive.export.openai:OpenAI",
                  "sft": "dive.export.sft:SFT"},
    "providers": {"openai": "dive.llm.openai_provider:from_config", "local": "dive.llm.local:from_config",
                  "scripted": "dive.llm.scripted:from_config"},
    "packs": {name: f"dive.tools.packs:{name.upper()}" for name in
              ("core", "geo", "time", "finance", "bio", "chem", "medicine")},
}
"""Built-in components by kind: name -> ``module:attribute``."""


@cache
def _entry_points(kind: Kind) -> dict[str, tuple[str, str]]:
    """name -> (import path, distribution) for the entry points of group ``dive.<kind>``."""
    out: dict[str, tuple[str, str]] = {}
    for ep in entry_points(group=f"dive.{kind}"):
        dist = ep.dist.name if ep.dist is not None else "?"
        out.setdefault(ep.name, (ep.value, dist))
    return out


def refresh() -> None:
    """Forget the cached entry points (after installing a distribution in a running process)."""
    _entry_points.cache_clear()


def table(kind: Kind) -> dict[str, str]:
    """Every registered name of ``kind`` -> its import path: built-ins first, then entry points."""
    out = dict(BUILTIN[kind])
    for name, (path, _) in _entry_points(kind).items():
        out.setdefault(name, path)
    return out


def names(kind: Kind) -> tuple[str, ...]:
    """The registered names of ``kind``, built-ins first."""
    return tuple(table(kind))


def origin(kind: Kind, name: str) -> str:
    """Where ``name`` comes from: ``dive-tasks`` (built in) or the distribution of its entry point."""
    if name in BUILTIN[kind]:
        return "dive-tasks"
    return _entry_points(kind).get(name, ("", "?"))[1]


def _singular(kind: Kind) -> str:
    return {"checks": "check", "packs": "pack", "providers": "provider", "exporters": "export format",
            "explorers": "explorer", "derivers": "deriver"}[kind]


def check_name(kind: Kind, name: str, where: str = "") -> None:
    """ConfigError naming the closest registered name when ``name`` is not one of ``kind``."""
    known = names(kind)
    if name in known:
        return
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
    hint = f"did you mean {close[0]!r}?" if close else f"known: {', '.join(known)}"
    prefix = f"{where}: " if where else ""
    raise ConfigError(f"{prefix}unknown {_singular(kind)} {name!r}; {hint} "
                      f"(a third-party one registers under the entry-point group 'dive.{kind}')")


def load(kind: Kind, name: str) -> Any:
    """Import and return what ``name`` points at (ConfigError with did-you-mean if unknown)."""
    check_name(kind, name)
    module, _, attr = table(kind)[name].partition(":")
    obj: Any = importlib.import_module(module)
    for part in attr.split(".") if attr else ():
        obj = getattr(obj, part)
    return obj
