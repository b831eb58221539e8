"""Config sampling: a seed and a toolset per task item, all from seeded generators.

Every random choice for item ``i`` comes from :func:`item_rng` (the run seed and the item
id), so the same run seed gives the same configs. Three modes:

- ``single_domain`` (as in the paper): one domain's tools plus the core processing tools;
- ``cross_domain``: tools from two or three domains plus the core processing tools;
- ``coverage``: like ``cross_domain``, but by a deterministic schedule every tool of the pool is
  the *focus* of one item in each stretch of ``len(pool)`` items (a permutation drawn from the run
  seed and the stretch number): the focus tool's domain joins the item's domains and the tool
  joins its toolset. Every tool is used within the first ``len(pool)`` items. In later stretches a tool
  no program reaches past its own call (a calculator of stated inputs) is no item's focus: its one-call
  question is asked only in the first pass, and an item built around it asks nothing else. Its turn, and
  ``DEEP_SHARE`` of the other tools' turns, go to a tool whose questions take three tools or more (``deep``).

The sampler holds no state: item ``i``'s config is a pure function of (run seed, ``i``, pool),
so items can be sampled in any order, by any number of workers or shards.

A toolset always contains at least one tool that accepts the seed's semantic type. In coverage mode, a
focus tool that leads nowhere (none of its outputs feeds another call) gets, for ``UPSTREAM_SHARE`` of its
items, a seed one hop upstream and a tool that takes it and feeds the focus tool: it ends a chain. In the first
pass over the pool (items ``0 .. len(pool) - 1``), the focus tool is also the item's ``cover``: a deriver may ask a
one-call question about it, so every tool is in some task. After the first pass, ``SET_SHARE`` of the items start from
a seed whose set a tool lists (a lexicon list field with ``members: true``: the countries that border a country), with
that tool and one that gives a quantity of the members.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from dive._hashing import content_hash
from dive.chains import accepts, relates_places
from dive.config import ToolsConfig
from dive.records import Seed
from dive.tools.tool import Tool

__all__ = ["ItemConfig", "ToolsetSampler", "item_rng"]

CORE_DOMAIN = "general"
SET_SHARE = 0.15
"""How often an item after the first pass over the pool starts from a seed whose set a tool lists (a country, for
the countries that border it; a periodic group, for its elements), with that tool and one that gives a quantity of
its members: reviewers rated 89% of the questions over such sets good (which of the countries that border Germany
has the largest population?), against 64% of single chains, and each goes through every member. A few sets' questions
soon fill their question forms (``verify.max_per_form``): at 20%, a 2000-task run verified 60% more candidates for as
many kept tasks, most of them rejected as duplicates. 15% since a set's members are also followed one hop on (the
capital with the largest population: more forms)."""
SET_STRETCHES = 8
"""Stretches of ``len(pool)`` items in which toolsets hold the tools that list a set (the countries that border a
country) at the default limit of 12 kept tasks per question form (``verify.max_per_form``; in proportion to it, and
always without one): by then every form of question asked over a set is full. In 2000-task runs (seeds 601 and 613)
members questions were kept 22-32 times a stretch at first and at most 3 times a stretch from the seventh on, while
the items that went through a set after item 3,000 spent a third of the run's item time and kept 2% of its tasks."""
HOP_SHARE = 0.7
"""How often a set's toolset also holds a tool that follows its members' tool and gives a quantity (a country's
capital, then the city's population): *which of the countries that border Spain has the capital with the largest
population?* goes through the set, each member and each member's capital (three tools)."""
SIBLING_SHARE = 0.6
"""How often the toolset of an item whose seed has a family (a solvent, a country of a region) also holds up to two
more tools that give a quantity of a thing the chain's tools find or take (a compound's flash point beside its boiling
point): a later round asks the winner among the options that meet a condition on it
(:mod:`dive.exploration.constrain`)."""
DAY_SHARE = 0.8
"""How often a toolset holding a tool with a field asked on named days (the sunset) also holds the tools that find
them (the first day of Ramadan, the solstices): a later round asks the field on that day (:mod:`dive.exploration.days`)."""
DEEP_SHARE = 0.5
"""How often an item after the first pass takes its focus from the tools whose questions go deeper (``deep``)."""
UPSTREAM_SHARE = 0.6
"""How often an item whose focus tool leads nowhere starts its seed one hop upstream (a country, for a tool that
takes a time zone), so the focus tool ends a chain instead of standing alone as a one-call lookup."""


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
    focus: str | None = None
    """The tool this item must use in coverage mode (the explorer calls it first where it can)."""
    cover: str | None = None
    """The focus tool in the first pass over the pool (items ``0 .. len(pool) - 1``): a one-call question about it
    may be kept, so that every tool is in some task even where no chain reaches it."""


@dataclass
class ToolsetSampler:
    """Samples (seed, toolset) per item: a pure function of the run seed, the item and the pool."""

    tools: Sequence[Tool]
    seeds: Mapping[str, Sequence[Seed]]
    config: ToolsConfig
    run_seed: int = 0
    links: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Per tool, the semantic types of its outputs that can feed another call (from the lexicon): a
    toolset then holds a chain of tools that can follow each other from the seed."""
    chain_picks: int = 3
    """How many tools are picked along such a chain before the rest are drawn freely."""
    always: frozenset[str] = frozenset()
    """Core tools in every toolset (the arithmetic a join of two chains uses)."""
    sets: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Per tool that lists a complete set of entities (the countries that border a country), the tools that give
    a quantity of its members: four in five toolsets whose seed such a tool takes hold it and one of them."""
    quantities: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Per semantic type, the tools that give a quantity of a thing of it (a city's population): a set's toolset
    holds, in :data:`HOP_SHARE` of items, one that follows its members' tool (each neighbour's capital, then the
    capital's population)."""
    set_subjects: Mapping[str, frozenset[object]] = field(default_factory=dict)
    """Per set-listing tool whose lexicon names the subjects of its sets (``subjects``: the currencies several
    countries share), those subjects: its items start only from them."""
    set_stretches: int | None = None
    """Stretches of ``len(pool)`` items in which toolsets hold set-listing tools (:data:`SET_STRETCHES`); None:
    always."""
    resolvers: Mapping[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    """Per seed type whose values nobody knows by heart (a compound's InChIKey; lexicon ``found_by``), the type of
    the label a question mentions them by and the tools that find such a value from it (a compound's name): an item
    whose seed is such a value starts from its label, with one of those tools first, so the program passes no value
    the question does not give (``What is the melting point of warfarin?`` is solved from the name, not from an
    InChIKey an agent would have to know)."""
    days: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Per tool with a field asked on named days (lexicon ``days``: a sunset), the tools that find those days (the
    Islamic year's dates): :data:`DAY_SHARE` of toolsets holding it hold all of them."""
    rankers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Per semantic type, the tools that measure between two things of it (a distance between two positions): a
    toolset holding a tool that gives such a thing holds one of them, for *which is closest*."""
    deep: tuple[str, ...] = ()
    """Tools whose questions take three tools or more (a field asked on a named day, a compound's property found from
    its name): after the first pass, the focus of an item whose scheduled focus leads nowhere (:attr:`_dead`) and of
    :data:`DEEP_SHARE` of the others (:func:`dive.pipeline.poolmap.deep`). In a 2000-task run (seed 907) items after the
    first pass built around these tools kept 0.072 tasks each, the others 0.026."""

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
        self._by_name = {t.name: t for t in self.tools}
        self._by_sem: dict[str, list[Seed]] = {}
        for domain in self._seed_domains:
            for s in self.seeds[domain]:
                if s.sem in self._accepting:
                    self._by_sem.setdefault(s.sem, []).append(s)
        self._names = sorted(self._by_name)
        self._set_listers = [(name, sem) for name in sorted(self.sets) if name in self._by_name
                             for sem in sorted({self._by_name[name].param_sem[p]
                                                for p in self._by_name[name].parameters.get("required", ())
                                                if p in self._by_name[name].param_sem})
                             if sem in self._by_sem]
        """(tool, seed type) pairs for :data:`SET_SHARE`: a tool that lists a set of a seed's members, by the type of a
        parameter it requires (the currency a currency's users are listed for, not the locale it is named in)."""
        self._set_seeds = [[x for x in self._by_sem[sem] if name not in self.set_subjects
                            or x.value in self.set_subjects[name]] for name, sem in self._set_listers]
        """Per (tool, seed type) pair, the seeds its sets start from."""
        self._set_listers = [pair for pair, seeds in zip(self._set_listers, self._set_seeds, strict=True) if seeds]
        self._set_seeds = [seeds for seeds in self._set_seeds if seeds]
        self._set_weights = [len(seeds) ** 0.5 for seeds in self._set_seeds]
        """Drawn in proportion to the square root of their seeds: the 331 countries' neighbours more often than the
        elements of two periods, which still come up."""
        self._schedules: dict[int, list[str]] = {}
        self._usable: dict[str, list[Seed]] = {}
        """Per domain, the seeds some tool takes (made on first use)."""
        self._upstream: dict[str, list[tuple[str, str]]] = {}
        """Per tool that leads nowhere (no output feeds another call), (seed type, tool) pairs that start a chain
        into it: a tool taking seeds of that type whose outputs feed one of its parameters."""
        self._seedless = frozenset(n for n, t in self._by_name.items() if not set(t.param_sem.values()) & set(self._by_sem))
        """Tools that take no seed of any kind (a position: the nearest city): their items always start one hop
        upstream."""
        for name, tool in sorted(self._by_name.items()):
            if not self.links or name not in self.links or (self.links.get(name) and name not in self._seedless):
                continue
            takes = set(tool.param_sem.values())
            named = "latitude" in takes and not relates_places(tool)  # sunset at a city a person names
            self._upstream[name] = sorted({(sem, up) for up, gives in self.links.items()  # a set's lister starts
                                           # no chain: a list is gone through, never followed
                                           if up != name and up in self._by_name and up not in self.sets
                                           and gives & takes
                                           for sem in set(self._by_name[up].param_sem.values()) if sem in self._by_sem
                                           and (not named or sem == "city_name")})
        self._dead = frozenset(n for n in self._names if self.links and not self.links.get(n)
                               and not self._upstream.get(n))
        """Tools no program reaches past their own call (a calculator of stated inputs, a search by words): after the
        first pass they are no item's focus. Seed 307, 2000 tasks: 6,932 of 13,544 later items had such a focus and
        kept 0.04 tasks each (0.21 for the others), 40% of the item time."""
        self._deep = [n for n in self.deep if n in self._by_name and n not in self._dead]
        """The :attr:`deep` tools an item after the first pass may take as its focus."""

    def focus(self, item: int) -> str | None:
        """The tool item ``item`` must use in coverage mode (each tool once per ``len(pool)`` items), else None."""
        if self.config.mode != "coverage" or not self._names:
            return None
        stretch, place = divmod(item, len(self._names))
        order = self._schedules.get(stretch)
        if order is None:
            order = list(self._names)
            item_rng(self.run_seed, stretch, "coverage").shuffle(order)
            self._schedules = {stretch: order}  # items come in near order: one stretch at a time is enough
        return order[place]

    def first_pass(self, item: int) -> bool:
        """Whether item ``item`` is of the first pass over the pool in coverage mode (its focus tool is its ``cover``)."""
        return self.config.mode == "coverage" and item < len(self._names)

    def sample(self, item: int) -> ItemConfig:
        """The config of item ``item`` (any order: nothing depends on other items)."""
        rng = item_rng(self.run_seed, item, "config")
        mode = self.config.mode
        focus_name = self.focus(item)
        if item >= len(self._names) and (focus_name in self._dead or rng.random() < DEEP_SHARE):  # its one-call
            # question was the first pass's; now it asks nothing: a tool whose questions go deeper instead, else none
            focus_name = (rng.choice(self._deep) if self._deep  # (else a seed of any domain)
                          else None if focus_name in self._dead else focus_name)
        focus = self._by_name[focus_name] if focus_name else None
        upstream = self._upstream.get(focus_name or "")
        if upstream:  # a compound's name, not its InChIKey, starts the chain into the focus tool (``resolvers``)
            upstream = [pair for pair in upstream if pair[0] not in self.resolvers] or upstream
        first: Tool | None = None
        lister: Tool | None = None
        with_sets = self.set_stretches is None or item < self.set_stretches * max(1, len(self._names))
        if (mode == "coverage" and self._set_listers and item >= len(self._names) and rng.random() < SET_SHARE
                and with_sets):
            k = rng.choices(range(len(self._set_listers)), weights=self._set_weights)[0]  # the countries that border
            # Spain: which is the most populous
            seed, lister = rng.choice(self._set_seeds[k]), self._by_name[self._set_listers[k][0]]
        elif focus is not None and upstream and (rng.random() < UPSTREAM_SHARE or focus.name in self._seedless):
            sem, up = rng.choice(upstream)  # a tool that leads nowhere ends a chain instead: the UTC offset of the
            # time zone of the capital of Kenya
            seed, first = rng.choice(self._by_sem[sem]), self._by_name[up]
        else:
            seed = self._seed(rng, focus)
        found = self.resolvers.get(seed.sem)
        if found is not None and first is None and lister is None and seed.label and seed.label != seed.value:
            usable = [self._by_name[n] for n in found[1] if n in self._by_name]
            if usable:  # warfarin, not its InChIKey: the name is what the question gives
                first = self._pick(usable, focus, rng)
                seed = Seed(value=seed.label, sem=found[0], domain=seed.domain, label=str(seed.value), group=seed.group)
        domains = [seed.domain] if seed.domain != CORE_DOMAIN else [rng.choice(self._other_domains())]
        for tool in (focus, first, lister):
            if tool is not None and tool.domain not in (*domains, CORE_DOMAIN):
                domains.append(tool.domain)
        if mode != "single_domain":
            others = [d for d in self._other_domains() if d not in domains]
            domains += rng.sample(others, k=min(len(others), max(0, rng.randint(1, 2) + 1 - len(domains))))
        candidates = [t for d in domains for t in self._by_domain.get(d, [])]
        core = self._by_domain.get(CORE_DOMAIN, [])
        size = rng.randint(self.config.toolset_min, self.config.toolset_max)
        chosen: list[Tool] = []
        allowed = {t for t in (*candidates, *core) if with_sets or t.name not in self.sets or t is focus}  # past the
        # stretches of sets, no set is gone through
        accepting = [t for t in self._accepting.get(seed.sem, []) if t in allowed]
        if self.links:  # a first tool that leads somewhere, else any with askable fields (the focus tool always)
            accepting = ([t for t in accepting if self.links.get(t.name) or t is focus]
                         or [t for t in accepting if t.name in self.links] or accepting)
        if first is not None:
            accepting = [first]
        if accepting:
            chosen.append(self._pick(accepting, focus, rng))
            frontier = chosen[0]
            for pick in range(self.chain_picks if self.links else 0):
                following = [t for sem in sorted(self.links.get(frontier.name, ()))
                             for t in self._accepting.get(sem, []) if t in allowed and t not in chosen
                             and t.name in self.links]
                if pick < self.chain_picks - 1:  # a tool that leads on, while the chain wants more
                    following = [t for t in following if self.links.get(t.name)] or following
                if not following:
                    break
                frontier = self._pick(list(dict.fromkeys(following)), focus, rng)
                chosen.append(frontier)
        if seed.group and chosen and rng.random() < SIBLING_SHARE:
            kinds = sorted({seed.sem, *(sem for t in chosen for sem in self.links.get(t.name, ()))})
            siblings = [self._by_name[n] for sem in kinds for n in self.quantities.get(sem, ())
                        if n in self._by_name and self._by_name[n] in allowed and self._by_name[n] not in chosen]
            for drawn in rng.sample(list(dict.fromkeys(siblings)), k=min(2, len(set(siblings)))):
                chosen.append(drawn)
        listers = sorted((t for t in self._accepting.get(seed.sem, []) if t in allowed and t not in chosen
                          and self.sets.get(t.name) and seed.value in self.set_subjects.get(t.name, (seed.value,))),
                         key=lambda t: t.name)
        if lister is None and listers and rng.random() < 0.8 and with_sets:  # a set named by its relation: the
            lister = rng.choice(listers)  # countries that border Spain
        if lister is not None:
            if lister not in chosen:
                chosen.append(lister)
            askers = [self._by_name[n] for n in self.sets[lister.name]
                      if n in self._by_name and self._by_name[n] in allowed and self._by_name[n] not in chosen]
            if askers and not any(n in self.sets[lister.name] for n in (t.name for t in chosen)):
                chosen.append(rng.choice(askers))
                hops = [self._by_name[n] for sem in sorted(self.links.get(chosen[-1].name, ()))
                        for n in self.quantities.get(sem, ()) if n in self._by_name and self._by_name[n] in allowed
                        and self._by_name[n] not in chosen]
                if hops and rng.random() < HOP_SHARE:  # the capital with the largest population
                    chosen.append(rng.choice(hops))
        given = sorted({sem for t in chosen for sem in self.links.get(t.name, ()) if sem in self.rankers})
        if given:  # which of them is closest to ...: a measure between two things of a kind the toolset gives
            ranker = self._by_name.get(rng.choice(self.rankers[rng.choice(given)]))
            if ranker is not None and ranker in allowed and ranker not in chosen:
                chosen.append(ranker)
        dated = sorted({d for t in chosen for d in self.days.get(t.name, ())
                        if d in self._by_name and self._by_name[d] in allowed and self._by_name[d] not in chosen})
        if dated and rng.random() < DAY_SHARE:  # the sunset, then on the first day of Ramadan: every such tool, since
            # which field a question asks is not known yet (one drawn of three left 4 in 5 moonrises with no full moon)
            chosen += [self._by_name[d] for d in dated]
        chosen += [t for t in core if t.name in self.always and t not in chosen]
        if focus is not None and focus not in chosen and len(chosen) < self.config.toolset_max:
            chosen.append(focus)
        pool = [t for t in dict.fromkeys([*candidates, *core]) if t not in chosen and t in allowed]
        while pool and len(chosen) < size:
            drawn = rng.choice(pool)
            chosen.append(drawn)
            pool.remove(drawn)
        names = tuple(sorted(t.name for t in chosen))
        return ItemConfig(item=item, seed=seed, toolset=names, domains=tuple(domains), mode=mode, focus=focus_name,
                          cover=focus_name if item < len(self._names) else None)

    def _other_domains(self) -> list[str]:
        return [d for d in sorted(self._by_domain) if d != CORE_DOMAIN] or [CORE_DOMAIN]

    def _seed(self, rng: random.Random, focus: Tool | None = None) -> Seed:
        """A seed the focus tool takes, where there is one (a tool never fed its own kind of input is never
        called: coverage), else a seed of a random domain."""
        if focus is not None:
            kinds = sorted(set(focus.param_sem.values()) & set(self._by_sem))
            if kinds:
                kind = rng.choice(kinds)
                props = focus.parameters.get("properties", {})
                params = [p for p, sem in focus.param_sem.items() if sem == kind and p in props]
                fits = [s for s in self._by_sem[kind] if any(accepts(props[p], s.value) for p in params)]
                return rng.choice(fits or self._by_sem[kind])  # a year the tool takes: the tax years 2018-2025
        domain = rng.choice(self._seed_domains)
        if domain not in self._usable:  # made once per domain: rebuilding a list of thousands of seeds for every
            # item took 3% of the items' time
            pool = self.seeds[domain]
            self._usable[domain] = [s for s in pool if s.sem in self._accepting] or list(pool)
        return rng.choice(self._usable[domain])

    @staticmethod
    def _pick(pool: Sequence[Tool], focus: Tool | None, rng: random.Random) -> Tool:
        """The focus tool when ``pool`` holds it, else a uniform draw."""
        return focus if focus is not None and focus in pool else rng.choice(list(pool))
