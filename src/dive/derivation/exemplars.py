"""The exemplar pool: query-only tool-use questions an LLM deriver is shown as priors.

    rng = random.Random(7)
    shots = pick_exemplars(rng, 4, domains=["chem"], structures=["multi_hop"])

The questions live in ``exemplars.yaml`` next to this module (original text, checked for
overlap with public benchmarks by ``dive decontam``). They carry no answers and no traces:
they show structure (lookup, multi-hop, comparison, ...) and style (one unambiguous answer,
a format instruction at the end), never what a tool returns.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

__all__ = ["DOMAINS", "STRUCTURES", "Exemplar", "load_exemplars", "parse_exemplars", "pick_exemplars"]

DOMAINS: tuple[str, ...] = ("general", "geo", "time", "finance", "bio", "chem", "medicine")
"""The domains of the built-in tool packs (``general`` is the core pack)."""

STRUCTURES: tuple[str, ...] = (
    "lookup", "multi_hop", "comparison", "aggregation", "count", "set", "temporal", "conversion", "computation",
)
"""Question structures: one fact; a chain through a described (unnamed) entity; which of several
is larger or earlier; a sum, mean or difference over lookups; how many; a list answer; a date
constraint; a unit, currency or calendar conversion; a processing tool fed by a looked-up value."""

_FIELDS = ("id", "domain", "structure", "query")


@dataclass(frozen=True)
class Exemplar:
    """One query-only exemplar."""

    id: str
    domain: str
    structure: str
    query: str


def parse_exemplars(rows: Any, source: str = "exemplars") -> tuple[Exemplar, ...]:
    """Validate a loaded YAML list of exemplar mappings; ValueError names the bad entry."""
    if not isinstance(rows, list):
        raise ValueError(f"{source}: expected a list of exemplars, got {type(rows).__name__}")
    seen: set[str] = set()
    out: list[Exemplar] = []
    for i, row in enumerate(rows):
        where = f"{source} entry {i}" + (f" ({row.get('id')!r})" if isinstance(row, dict) else "")
        if not isinstance(row, dict) or set(row) != set(_FIELDS):
            keys = sorted(row) if isinstance(row, dict) else type(row).__name__
            raise ValueError(f"{where}: expected exactly the keys {', '.join(_FIELDS)}; got {keys}")
        if not all(isinstance(row[f], str) and row[f].strip() for f in _FIELDS):
            raise ValueError(f"{where}: every field must be a non-empty string")
        if row["domain"] not in DOMAINS:
            raise ValueError(f"{where}: unknown domain {row['domain']!r}; known: {', '.join(DOMAINS)}")
        if row["structure"] not in STRUCTURES:
            raise ValueError(f"{where}: unknown structure {row['structure']!r}; known: {', '.join(STRUCTURES)}")
        if row["id"] in seen:
            raise ValueError(f"{where}: duplicate id {row['id']!r}")
        seen.add(row["id"])
        out.append(Exemplar(row["id"], row["domain"], row["structure"], row["query"].strip()))
    return tuple(out)


@functools.cache
def load_exemplars() -> tuple[Exemplar, ...]:
    """The built-in exemplar pool (read once from the package's ``exemplars.yaml``)."""
    text = resources.files("dive.derivation").joinpath("exemplars.yaml").read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's: 0.1 s, where PyYAML's own takes 0.7 s
    return parse_exemplars(yaml.load(text, Loader=loader), source="exemplars.yaml")  # noqa: S506 - a safe loader


def _score(e: Exemplar, used_structures: set[str], used_domains: set[str], liked: set[str]) -> tuple[bool, ...]:
    fresh = e.structure not in used_structures
    return (fresh and e.structure in liked, fresh, e.domain not in used_domains, e.structure in liked)


def pick_exemplars(rng: random.Random, k: int, domains: Sequence[str] = (),
                   structures: Sequence[str] = ()) -> list[Exemplar]:
    """``k`` exemplars for one derivation call, deterministic for a given ``rng`` state.

    About half (rounded up) come from ``domains`` when given, the rest from other domains.
    Within that split the picks cover distinct structures, the given ``structures`` first,
    and spread over distinct domains; ties go to the order of one ``rng.shuffle``. A domain
    with no exemplars (a third-party pack's) is ignored: its toolsets get exemplars of others.
    """
    unknown = sorted(set(structures) - set(STRUCTURES))
    if unknown:
        raise ValueError(f"unknown structure {unknown[0]!r}; known: {', '.join(STRUCTURES)}")
    order = list(load_exemplars())
    rng.shuffle(order)
    k = max(0, min(k, len(order)))
    wanted_domains, wanted_structures = set(domains) & set(DOMAINS), set(structures)
    inside = [e for e in order if e.domain in wanted_domains]
    outside = [e for e in order if e.domain not in wanted_domains]
    n_inside = min(len(inside), (k + 1) // 2) if wanted_domains else 0
    chosen: list[Exemplar] = []

    def take(candidates: list[Exemplar], n: int) -> None:
        for _ in range(n):
            key = functools.partial(_score, used_structures={e.structure for e in chosen},
                                    used_domains={e.domain for e in chosen}, liked=wanted_structures)
            best = max(candidates, key=key)  # max keeps the first of equals: the shuffled order
            candidates.remove(best)
            chosen.append(best)

    take(inside, n_inside)
    take(outside, min(len(outside), k - n_inside))
    take(inside, k - len(chosen))  # too few outside the given domains: top up from inside
    return chosen
