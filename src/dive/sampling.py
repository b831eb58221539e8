"""Config sampling: a seed and a toolset per task item, all from seeded generators.

Every random choice for item ``i`` comes from :func:`item_rng` (the run seed and the item
id), so the same run seed gives the same configs. Three modes:

- ``single_domain`` (as in the paper): one domain's tools plus the core processing tools;
- ``cross_domain``: tools from two or three domains plus the core processing tools;
- ``coverage``: like ``cross_domain``, but tools are drawn with weights that favour the tools
  and tool pairs used least by earlier items, so every tool in the pool gets used. The
  usage counts depend only on earlier items' configs, which are themselves deterministic,
  so a resumed run replays them cheaply.

A toolset always contains at least one tool that accepts the seed's semantic type.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from dive._hashing import content_hash
from dive.config import ToolsConfig
from dive.records import Seed
from dive.tools.tool import Tool

__all__ = ["ItemConfig", "ToolsetSampler", "item_rng"]

CORE_DOMAIN = "general"


def item_rng(run_seed: int, item: int | str, purpose: str = "") -> random.Random:
    """The generator of one item (and purpose), derived from the run seed and the item id."""
    return random.Random(int(content_hash([run_seed, item, purpose]), 16))


@dataclass(frozen=True)
class ItemConfig:
    """What one task item starts from."""

    item: int
    seed: Seed
    toolset: tuple[str, ...]
    domains: tuple[str, ...]
    mode: str


@dataclass
class ToolsetSampler:
    """Samples (seed, toolset) per item; stateful only in the coverage counts."""

    tools: Sequence[Tool]
    seeds: Mapping[str, Sequence[Seed]]
    config: ToolsConfig
    run_seed: int = 0
    links: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Per tool, the semantic types of its outputs that can feed another call (from the lexicon): a
    toolset then holds a chain of tools that can follow each other from the seed."""
    chain_picks: int = 3
    always: frozenset[str] = frozenset()
    """Core tools in every toolset (the arithmetic a join of two chains uses)."""
    """How many tools are picked along such a chain before the rest are drawn freely."""
    tool_uses: Counter[str] = field(default_factory=Counter)
    pair_uses: Counter[tuple[str, str]] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self._by_domain: dict[str, list[Tool]] = {}
        for t in sorted(self.tools, key=lambda t: t.name):
            self._by_domain.setdefault(t.domain, []).append(t)
        self._seed_domains = sorted(d for d, s in self.seeds.items() if s)
        if not self._seed_domains:
            raise ValueError("no seeds: install at least one tool pack with a seed pool")
        self._accepting: dict[str, list[Tool]] = {}
        for t in self.tools:
            for sem in set(t.param_sem.values()):
                self._accepting.setdefault(sem, []).append(t)

    def sample(self, item: int) -> ItemConfig:
        """The config of item ``item``; call in item order for coverage mode."""
        rng = item_rng(self.run_seed, item, "config")
        mode = self.config.mode
        seed = self._seed(rng)
        domains = [seed.domain] if seed.domain != CORE_DOMAIN else [rng.choice(self._other_domains())]
        if mode != "single_domain":
            others = [d for d in self._other_domains() if d not in domains]
            domains += rng.sample(others, k=min(len(others), rng.randint(1, 2)))
        candidates = [t for d in domains for t in self._by_domain.get(d, [])]
        core = self._by_domain.get(CORE_DOMAIN, [])
        size = rng.randint(self.config.toolset_min, self.config.toolset_max)
        chosen: list[Tool] = []
        allowed = set(candidates) | set(core)
        accepting = [t for t in self._accepting.get(seed.sem, []) if t in allowed]
        if self.links:  # a first tool that leads somewhere, else any with askable fields
            accepting = ([t for t in accepting if self.links.get(t.name)]
                         or [t for t in accepting if t.name in self.links] or accepting)
        if accepting:
            chosen.append(self._weighted(accepting, chosen, rng, mode))
            frontier = chosen[0]
            for pick in range(self.chain_picks if self.links else 0):
                following = [t for sem in sorted(self.links.get(frontier.name, ()))
                             for t in self._accepting.get(sem, []) if t in allowed and t not in chosen
                             and t.name in self.links]
                if pick < self.chain_picks - 1:  # a tool that leads on, while the chain wants more
                    following = [t for t in following if self.links.get(t.name)] or following
                if not following:
                    break
                frontier = self._weighted(list(dict.fromkeys(following)), chosen, rng, mode)
                chosen.append(frontier)
        chosen += [t for t in core if t.name in self.always and t not in chosen]
        pool = [t for t in dict.fromkeys([*candidates, *core]) if t not in chosen]
        while pool and len(chosen) < size:
            drawn = self._weighted(pool, chosen, rng, mode)
            chosen.append(drawn)
            pool.remove(drawn)
        names = tuple(sorted(t.name for t in chosen))
        self._count(names)
        return ItemConfig(item=item, seed=seed, toolset=names, domains=tuple(domains), mode=mode)

    def _other_domains(self) -> list[str]:
        return [d for d in sorted(self._by_domain) if d != CORE_DOMAIN] or [CORE_DOMAIN]

    def _seed(self, rng: random.Random) -> Seed:
        domain = rng.choice(self._seed_domains)
        pool = self.seeds[domain]
        usable = [s for s in pool if s.sem in self._accepting]
        return rng.choice(usable or list(pool))

    def _weighted(self, pool: Sequence[Tool], chosen: Sequence[Tool], rng: random.Random, mode: str) -> Tool:
        if mode != "coverage":
            return rng.choice(list(pool))
        weights = []
        for t in pool:
            w = 1.0 / (1 + self.tool_uses[t.name])
            if chosen:
                pair = sum(self.pair_uses[_pair(t.name, c.name)] for c in chosen) / len(chosen)
                w *= 1.0 / (1 + pair)
            weights.append(w)
        return rng.choices(list(pool), weights=weights, k=1)[0]

    def _count(self, names: Sequence[str]) -> None:
        if self.config.mode != "coverage":
            return
        self.tool_uses.update(names)
        self.pair_uses.update(combinations(names, 2))


def _pair(a: str, b: str) -> tuple[str, str]:
    """Two tool names in sorted order (the key of ``pair_uses``)."""
    return (a, b) if a <= b else (b, a)
