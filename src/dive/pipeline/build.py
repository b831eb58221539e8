"""Building a run's components from its config, through the registry (:mod:`dive.registry`).

    build = Build(config, packs=("core", "geo"), models=None)
    explorer = component("explorers", "typed_walk", build)

What a registered name may point at, in the order tried:

1. an object with a ``from_config(build)`` classmethod or function: called with the :class:`Build`;
2. a class: instantiated with no arguments (``QueryLength``);
3. any other callable: a factory called with the :class:`Build` (the built-ins below).

The factories below are the built-in components that need settings, a lexicon, seeds or a model.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from dive import registry
from dive.config import RunConfig
from dive.derivation.compose import Compose
from dive.derivation.llm import LLMDeriver
from dive.derivation.natural import Natural
from dive.derivation.phraser import Phraser
from dive.derivation.phrasing import SEM_NOUNS
from dive.errors import ConfigError
from dive.exploration.llm import LLMExplorer
from dive.exploration.programs import ProgramExplorer
from dive.exploration.typed_walk import TypedWalk
from dive.lexicon import Lexicon, load_lexicon, merge
from dive.llm import Models, StageLLM
from dive.records import Seed, Task, Trace
from dive.stages import Deriver, Explorer, Round, Verifier
from dive.tools.pack import Pack
from dive.tools.registry import PACKS
from dive.tools.sources.acting import acting
from dive.tools.sources.imported import ImportedPack
from dive.verification.dedup import Deduplicator, name_words
from dive.verification.depth import Depth
from dive.verification.grounding import Grounding
from dive.verification.judge import Judge, JudgedGrounding
from dive.verification.solver import ClosedBook, Solver

__all__ = ["Build", "Components", "component", "components"]


@dataclass(frozen=True)
class Build:
    """What a component factory may use: the config, the run's packs and (if any stage has one) its models."""

    config: RunConfig
    packs: tuple[str, ...]
    models: Models | None = None
    extra_packs: tuple[Pack, ...] = ()
    """Packs given in code (:class:`Components`), besides the registered ones named in ``packs``."""

    @property
    def all_packs(self) -> tuple[Pack, ...]:
        return (*(PACKS[name] for name in self.packs), *self.extra_packs)

    def stage(self, name: str, label: str | None = None) -> StageLLM:
        """The model of an LLM stage (ConfigError naming the setting when none is configured)."""
        if self.models is None:
            raise ConfigError(f"the {name} stage needs a model: set llm.{name}.model "
                              f"(or --{name} PROVIDER:MODEL), e.g. openai:Qwen/Qwen3-8B")
        return self.models.stage(name, label=label)

    @cached_property
    def judge(self) -> Judge | None:
        """The judge, when ``llm.judge.model`` is set."""
        return Judge(self.stage("judge")) if self.models is not None and self.models.configured("judge") else None

    @cached_property
    def lexicon(self) -> Lexicon:
        """The lexicon of the run's packs, with the lexicon of imported sources' tools."""
        own = [p.lexicon for p in self.extra_packs if isinstance(p, ImportedPack)]
        return merge([load_lexicon(self.packs), *own]) if own else load_lexicon(self.packs)

    @cached_property
    def mentions(self) -> dict[str, str]:
        """How a question mentions an entity, by semantic type: the packs' SemTypes over the built-in table."""
        out = dict(SEM_NOUNS)
        for pack in self.all_packs:
            for sem in pack.semtypes:
                if sem.entity and sem.mention:
                    out[sem.name] = sem.mention
        return out

    @cached_property
    def seeds(self) -> dict[str, list[Seed]]:
        """The run's seed pool by domain (registered packs' lists cached on disk, :mod:`dive.pipeline.packcache`)."""
        from dive.pipeline.packcache import cached_seeds

        out: dict[str, list[Seed]] = {}
        for pack in self.all_packs:
            for seed in cached_seeds(pack):
                out.setdefault(seed.domain, []).append(seed)
        return out


@dataclass
class Components:
    """Components built in code, for one run: they override or extend what the config names.

    ``explorer``/``deriver``: used instead of the configured ones. ``checks``: run in addition to
    the configured checks (after the cheap ones, before any costly one). ``packs``: tool packs
    added to the pool besides the configured ones."""

    explorer: Explorer | None = None
    deriver: Deriver | None = None
    checks: Sequence[Verifier] = field(default_factory=tuple)
    packs: Sequence[Pack] = field(default_factory=tuple)


def component(kind: registry.Kind, name: str, build: Build) -> Any:
    """The component registered as ``name`` of ``kind``, built for this run."""
    obj = registry.load(kind, name)
    factory = getattr(obj, "from_config", None)
    if factory is not None:
        return factory(build)
    if inspect.isclass(obj):
        return obj()
    if callable(obj):
        return obj(build)
    raise ConfigError(f"{kind} {name!r} points at a {type(obj).__name__}, which is neither a class nor a factory")


def components(build: Build, given: Components | None = None) -> tuple[Explorer, Deriver, list[Verifier]]:
    """The run's explorer, deriver and checks in order (configured, then given, then costly)."""
    given = given or Components()
    config = build.config
    explorer = given.explorer or component("explorers", config.explore.explorer, build)
    deriver = given.deriver or component("derivers", config.derive.deriver, build)
    explorer, deriver = acting(explorer, deriver, build.extra_packs, build.seeds)
    if config.llm.phraser.model is not None:
        deriver = Phraser(deriver, build.stage("phraser"), limit=config.derive.attempts)
    configured = [component("checks", name, build) for name in config.verify.checks]
    for check in (*configured, *given.checks):
        if not isinstance(check, Verifier):
            raise ConfigError(f"check {check!r} has no verify(task, trace, ctx) method or no name")
    cheap = [c for c in configured if not getattr(c, "costly", False)]
    costly = [c for c in configured if getattr(c, "costly", False)]
    return explorer, deriver, [*cheap, *given.checks, *costly]


# --- built-in factories -----------------------------------------------------------------------


class _Keywords:
    """Adapts an explorer or deriver with the keyword-argument signature (``seed=, toolset=, ...``)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        explore = getattr(inner, "explore", None)
        self.focus = explore is not None and "focus" in inspect.signature(explore).parameters
        self.explore_cover = explore is not None and "cover" in inspect.signature(explore).parameters
        derive = getattr(inner, "iter_derive", None) or getattr(inner, "derive", None)
        self.derive_cover = derive is not None and "cover" in inspect.signature(derive).parameters
        self.needs_new_evidence = bool(getattr(inner, "needs_new_evidence", False))

    def explore(self, r: Round) -> Trace:
        extra = {"focus": r.focus} if self.focus else {}
        if self.explore_cover:
            extra["cover"] = r.cover
        trace: Trace = self.inner.explore(seed=r.seed, toolset=r.toolset, trace=r.trace, round=r.round, rng=r.rng,
                                          previous=r.previous, **extra)
        return trace

    def derive(self, r: Round, trace: Trace) -> Iterable[Task]:
        """The inner deriver's tasks, lazily where it can give them so (``iter_derive``)."""
        extra = {"cover": r.cover} if self.derive_cover else {}
        derive = getattr(self.inner, "iter_derive", None) or self.inner.derive
        tasks: Iterable[Task] = derive(trace=trace, tools=r.tools, seed=r.seed, round=r.round, previous=r.previous,
                                       rng=r.rng, **extra)
        return tasks


def programs(build: Build) -> Explorer:
    by_sem: dict[str, list[Seed]] = {}
    for seeds in build.seeds.values():
        for seed in seeds:
            by_sem.setdefault(seed.sem, []).append(seed)
    return _Keywords(ProgramExplorer(build.lexicon, by_sem, hops=build.config.explore.hops,
                                     combine="join" in build.config.derive.shapes,
                                     asks=frozenset(build.config.derive.shapes)))


def typed_walk(build: Build) -> Explorer:
    return TypedWalk(max_steps=build.config.explore.max_steps, fan_out=build.config.explore.fan_out)


def llm_explorer(build: Build) -> Explorer:
    return LLMExplorer(build.stage("explorer"), max_turns=build.config.explore.max_steps)


def natural(build: Build) -> Deriver:
    return _Keywords(Natural(build.lexicon, max_query_chars=build.config.derive.max_query_chars,
                             min_calls=2 if build.config.explore.explorer == "programs" else 1,
                             shapes=build.config.derive.shapes,
                             one_call=build.config.derive.one_call == "worked_out"))


def compose(build: Build) -> Deriver:
    return Compose(max_query_chars=build.config.derive.max_query_chars, mentions=build.mentions)


def llm_deriver(build: Build) -> Deriver:
    return LLMDeriver(build.stage("deriver"), exemplars=build.config.derive.exemplars)


def grounding(build: Build) -> Verifier:
    if build.config.derive.ungrounded == "judge":
        if build.judge is None:
            raise ConfigError("derive.ungrounded=judge needs a judge model: set llm.judge.model "
                              "(or --judge PROVIDER:MODEL)")
        return JudgedGrounding(build.judge)
    return Grounding()


def dedup(build: Build) -> Verifier:
    names = name_words(s.value for seeds in build.seeds.values() for s in seeds)
    openers = frozenset(c for tl in build.lexicon.tools.values() for c in tl.context)
    return Deduplicator(build.config.verify.near_duplicate_threshold, per_form=build.config.verify.max_per_form,
                        names=names, per_kind=build.config.verify.max_per_kind, openers=openers)


def depth(build: Build) -> Verifier:
    return Depth(build.config.verify.max_shallow_share, build.config.tasks,
                 relax_at=build.config.item_limit * 3 // 4, narrow_share=build.config.verify.max_narrow_share)


def closed_book(build: Build) -> Verifier:
    return ClosedBook(build.stage("solver", label="closed_book"), attempts=build.config.verify.closed_book_attempts,
                      judge=build.judge)


def solver(build: Build) -> Verifier:
    v = build.config.verify
    return Solver(build.stage("solver"), attempts=v.solver_attempts, max_turns=v.solver_max_turns,
                  min_pass_rate=v.min_pass_rate, max_pass_rate=v.max_pass_rate, judge=build.judge)
