"""The verbs: sample, explore, derive, verify and render, item by item, into a run store.

    config = load_config(tasks=500, seed=0)
    summary = run(config, "runs/demo")            # resumable: run(config, "runs/demo", resume=True)

One **work item** = one sampled (seed, toolset) and K rounds of explore -> derive -> verify.
Round ``k`` extends round ``k-1``'s trace and derives a task from the cumulative trace,
linked to the previous round's kept task (``parent_task_id``). Up to ``derive.attempts``
candidates are verified per round, best first; every verdict is stored, so every
rejection keeps its reason. A kept task gets a gold trajectory.

All records of an item are written in one transaction, with its :class:`ItemResult` last,
so a run killed at any point resumes at the first item without one and gives the same
records as an uninterrupted run: every random choice comes from the run seed and the item
id, and the deduplicator and the coverage sampler are rebuilt from the stored items in
item order.
"""

from __future__ import annotations

import platform
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dive import __version__
from dive.config import RunConfig
from dive.derivation import Compose, Deriver
from dive.derivation.llm import LLMDeriver
from dive.derivation.natural import Natural
from dive.errors import ConfigError, LLMOutage, StoreError
from dive.exploration import Explorer, TypedWalk
from dive.exploration.chains import chainable_sems
from dive.exploration.joins import ARITHMETIC
from dive.exploration.llm import LLMExplorer
from dive.exploration.programs import ProgramExplorer
from dive.lexicon import Lexicon, load_lexicon
from dive.llm import LLM, Models
from dive.preflight import check_config, check_resumable, check_same_config, prepare_out
from dive.records import ItemResult, LLMCall, Observation, Record, RunManifest, Seed, Task, Trace, Verdict
from dive.sampling import ToolsetSampler, item_rng
from dive.store import RunStore
from dive.tools.execution import Limits
from dive.tools.registry import PACKS, load_pool, load_seeds, pack_installed
from dive.tools.tool import Tool
from dive.tools.toolset import FunctionToolset
from dive.verification import (
    Deduplicator,
    Grounding,
    Leakage,
    Necessity,
    Replay,
    Verifier,
    VerifyContext,
    WellPosed,
    run_checks,
)
from dive.verification.hygiene import EmptyHop, QueryHygiene, Trivial
from dive.verification.informative import Informative
from dive.verification.judge import Judge, JudgedGrounding
from dive.verification.solver import ClosedBook, Solver

__all__ = ["Funnel", "ItemOutput", "RunContext", "process_item", "run", "run_context"]

_CHECKS: dict[str, Callable[[], Verifier]] = {
    "well_posed": WellPosed, "grounding": Grounding, "query_hygiene": QueryHygiene, "trivial": Trivial,
    "empty_hop": EmptyHop, "informative": Informative, "necessity": Necessity, "leakage": Leakage,
    "replay": Replay,
}
_LLM_CHECKS = ("closed_book", "solver")
"""Checks that call the solver model; they run only on tasks that passed every mechanical check."""


@dataclass
class Funnel:
    """Counts of a run so far: items, traces, derived and kept tasks, rejections by check."""

    items: int = 0
    traces: int = 0
    derived: int = 0
    kept: int = 0
    no_task: int = 0
    """Rounds whose trace gave no candidate task."""
    failed: int = 0
    """Items stopped by an unexpected error (stored with the reason in ItemResult.error)."""
    rejected: Counter[str] = field(default_factory=Counter)
    llm_calls: Counter[str] = field(default_factory=Counter)
    """Model calls by stage."""
    llm_tokens: Counter[str] = field(default_factory=Counter)
    """Prompt + completion tokens by stage."""
    llm_errors: Counter[str] = field(default_factory=Counter)
    """Calls by stage whose output was unusable (provider error, unparseable task, malformed tool call)."""
    tool_ms: float = 0.0
    wall_ms: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"items": self.items, "traces": self.traces, "derived": self.derived, "kept": self.kept,
                               "no_task_rounds": self.no_task, "rejected": dict(sorted(self.rejected.items()))}
        if self.failed:
            out["failed_items"] = self.failed
        if self.llm_calls:
            out["llm"] = {stage: {"calls": n, "tokens": self.llm_tokens[stage], "unusable": self.llm_errors[stage]}
                          for stage, n in sorted(self.llm_calls.items())}
        return out


class _TimedToolset:
    """A toolset that adds up the time spent inside tool calls."""

    def __init__(self, inner: FunctionToolset) -> None:
        self.inner = inner
        self.ms = 0.0

    def list_tools(self) -> Sequence[Tool]:
        return self.inner.list_tools()

    def call(self, name: str, arguments: dict[str, Any], *, call_id: str = "") -> Observation:
        start = time.perf_counter()
        try:
            return self.inner.call(name, arguments, call_id=call_id)
        finally:
            self.ms += (time.perf_counter() - start) * 1000


@dataclass
class RunContext:
    """What every item of a run shares: config, pool, sampler, deriver, checks."""

    config: RunConfig
    pool: FunctionToolset
    sampler: ToolsetSampler
    dedup: Deduplicator | None
    checks: list[Verifier]
    explorer: Explorer
    deriver: Deriver
    llm_checks: list[Verifier] = field(default_factory=list)
    """closed_book and solver, run after the mechanical checks pass."""
    models: Models | None = None
    solver: Solver | None = None


def _seed_pool(packs: Iterable[str]) -> dict[str, list[Seed]]:
    seeds: dict[str, list[Seed]] = {}
    for name in packs:
        for seed in load_seeds(name):
            seeds.setdefault(seed.domain, []).append(seed)
    return seeds


def run_context(config: RunConfig, llms: Mapping[str, LLM] | None = None) -> RunContext:
    """Build the shared parts of a run from its config (ConfigError naming a bad value)."""
    packs = list(config.tools.packs) or [p for p in PACKS if pack_installed(p)]
    unknown = [p for p in packs if p not in PACKS]
    if unknown:
        raise ConfigError(f"tools.packs: unknown pack(s) {unknown}; known packs: {', '.join(PACKS)}")
    limits = Limits(timeout_s=config.tools.timeout_s, max_output_bytes=config.tools.max_output_bytes)
    pool = load_pool(packs, limits=limits)
    missing = [n for n in config.tools.exclude if n not in pool]
    if missing:
        raise ConfigError(f"tools.exclude: no tool named {missing} in the pool; see 'dive tools list'")
    tools = [t for t in pool.list_tools() if t.name not in set(config.tools.exclude)]
    pool = FunctionToolset(tools, limits)
    unknown_checks = [c for c in config.verify.checks if c not in (*_CHECKS, "dedup", *_LLM_CHECKS)]
    if unknown_checks:
        known = ", ".join([*_CHECKS, "dedup", *_LLM_CHECKS])
        raise ConfigError(f"verify.checks: unknown check(s) {unknown_checks}; known: {known}")
    models = Models(config.llm, instances=llms) if _needs_models(config) else None
    explorer, deriver = _stages(config, models, packs)
    judge = Judge(models.stage("judge")) if models is not None and models.configured("judge") else None
    if config.derive.ungrounded == "judge" and judge is None:
        raise ConfigError("derive.ungrounded=judge needs a judge model: set llm.judge.model (or --judge PROVIDER:MODEL)")
    checks: list[Verifier] = [
        JudgedGrounding(judge) if name == "grounding" and config.derive.ungrounded == "judge" and judge else _CHECKS[name]()
        for name in _CHECKS if name in config.verify.checks
    ]
    dedup = Deduplicator(config.verify.near_duplicate_threshold) if "dedup" in config.verify.checks else None
    if dedup is not None:
        checks.append(dedup)
    llm_checks: list[Verifier] = []
    solver = None
    if models is not None and "closed_book" in config.verify.checks:
        llm_checks.append(ClosedBook(models.stage("solver", label="closed_book"),
                                     attempts=config.verify.closed_book_attempts, judge=judge))
    if models is not None and "solver" in config.verify.checks:
        v = config.verify
        solver = Solver(models.stage("solver"), attempts=v.solver_attempts, max_turns=v.solver_max_turns,
                        min_pass_rate=v.min_pass_rate, max_pass_rate=v.max_pass_rate, judge=judge)
        llm_checks.append(solver)
    links = _links(tools, load_lexicon(packs)) if config.explore.explorer == "programs" else {}
    sampler = ToolsetSampler(tools, _seed_pool(packs), config.tools, config.seed, links=links,
                             always=frozenset(ARITHMETIC) if links else frozenset())
    return RunContext(config, pool, sampler, dedup, checks, explorer, deriver, llm_checks, models, solver)


def _links(tools: Sequence[Tool], lexicon: Lexicon) -> dict[str, frozenset[str]]:
    """Per tool with askable fields, the semantic types of the fields that can feed another call."""
    out: dict[str, frozenset[str]] = {}
    chainable = chainable_sems(tools)
    for tool in tools:
        tl = lexicon.tools.get(tool.name)
        if tl is None or not tl.fields:
            continue
        out[tool.name] = frozenset(s for p, s in tool.output_sem.items()
                                   if p in tl.fields and "[*]" not in p and s in chainable)
    return out


def _needs_models(config: RunConfig) -> bool:
    return (config.explore.explorer == "llm" or config.derive.deriver == "llm"
            or any(c in config.verify.checks for c in _LLM_CHECKS) or config.llm.judge.model is not None)


def _stages(config: RunConfig, models: Models | None, packs: Sequence[str]) -> tuple[Explorer, Deriver]:
    """The explorer and the deriver the config names (ConfigError for an unknown name or a missing model)."""
    e, d = config.explore, config.derive
    if e.explorer not in ("programs", "typed_walk", "llm"):
        raise ConfigError(f"explore.explorer: {e.explorer!r} is not an explorer; use programs or typed_walk "
                          "(offline) or llm")
    if d.deriver not in ("natural", "compose", "llm"):
        raise ConfigError(f"derive.deriver: {d.deriver!r} is not a deriver; use natural or compose (offline) or llm")
    lexicon = load_lexicon(packs) if "programs" in (e.explorer,) or d.deriver == "natural" else None
    explorer: Explorer
    if e.explorer == "llm":
        explorer = LLMExplorer(models.stage("explorer"), max_turns=e.max_steps)  # type: ignore[union-attr]
    elif e.explorer == "programs":
        by_sem: dict[str, list[Seed]] = {}
        for seeds in _seed_pool(packs).values():
            for seed in seeds:
                by_sem.setdefault(seed.sem, []).append(seed)
        explorer = ProgramExplorer(lexicon, by_sem, hops=e.hops)  # type: ignore[arg-type]
    else:
        explorer = TypedWalk(max_steps=e.max_steps, fan_out=e.fan_out)
    deriver: Deriver
    if d.deriver == "llm":
        deriver = LLMDeriver(models.stage("deriver"), exemplars=d.exemplars)  # type: ignore[union-attr]
    elif d.deriver == "natural":
        deriver = Natural(lexicon, max_query_chars=d.max_query_chars,  # type: ignore[arg-type]
                          min_calls=2 if e.explorer == "programs" else 1)
    else:
        deriver = Compose(max_query_chars=d.max_query_chars)
    return explorer, deriver


@dataclass
class ItemOutput:
    """Everything one item produced, ready to store in one transaction (the ItemResult last)."""

    records: list[Record]
    result: ItemResult
    verdicts: list[Verdict]
    derived: int
    no_task: int


def process_item(ctx: RunContext, item: int) -> ItemOutput:
    """Sample, then K rounds of explore -> derive -> verify for one item (call in item order).

    An unexpected error inside the item becomes a stored failed ItemResult with its reason."""
    started = time.perf_counter()
    if ctx.models is not None:
        ctx.models.ledger.begin(item)
    cfg = ctx.sampler.sample(item)
    toolset = _TimedToolset(ctx.pool.subset(cfg.toolset))
    tools = {t.name: t for t in toolset.list_tools()}
    verify_ctx = VerifyContext(toolset=toolset, seed=cfg.seed)
    records: list[Record] = []
    verdicts: list[Verdict] = []
    traces: list[str] = []
    tried: list[str] = []
    kept: list[str] = []
    answers_seen: set[str] = set()
    state = _ItemState(records, verdicts, traces, tried, kept, answers_seen)
    try:
        derived, no_task = _rounds(ctx, item, cfg.seed, toolset, tools, verify_ctx, state)
    except LLMOutage:
        raise  # the endpoint is down: stop the run (the item is not stored, so a resume redoes it)
    except Exception as exc:  # noqa: BLE001 - one item's unexpected failure is stored with its reason, never a dead run
        if ctx.dedup is not None:
            for tid in kept:
                ctx.dedup.forget(tid)
        if ctx.models is not None:
            ctx.models.ledger.drain()
        result = ItemResult(item=item, seed=cfg.seed, toolset=cfg.toolset, domains=cfg.domains,
                            error=f"{type(exc).__name__}: {exc}"[:500], tool_ms=round(toolset.ms, 3),
                            wall_ms=round((time.perf_counter() - started) * 1000, 3))
        return ItemOutput([], result, [], 0, 0)
    if ctx.models is not None:
        records.extend(ctx.models.ledger.drain())
    result = ItemResult(item=item, seed=cfg.seed, toolset=cfg.toolset, domains=cfg.domains, trace_ids=tuple(traces),
                        task_ids=tuple(tried), kept_task_ids=tuple(kept), tool_ms=round(toolset.ms, 3),
                        wall_ms=round((time.perf_counter() - started) * 1000, 3))
    return ItemOutput(records, result, verdicts, derived, no_task)


@dataclass
class _ItemState:
    records: list[Record]
    verdicts: list[Verdict]
    traces: list[str]
    tried: list[str]
    kept: list[str]
    answers_seen: set[str]


def _rounds(ctx: RunContext, item: int, seed: Seed, toolset: _TimedToolset, tools: dict[str, Tool],
            verify_ctx: VerifyContext, st: _ItemState) -> tuple[int, int]:
    """K rounds of explore -> derive -> verify; (candidates verified, rounds with no candidate)."""
    from dive.trajectories import gold_trajectory

    records, verdicts, traces, tried, kept, answers_seen = (st.records, st.verdicts, st.traces, st.tried, st.kept,
                                                             st.answers_seen)
    trace: Trace | None = None
    previous: Task | None = None
    derived = no_task = 0
    cfg_seed = seed
    for round_ in range(1, ctx.config.explore.rounds + 1):
        rng = item_rng(ctx.config.seed, item, f"explore:{round_}")
        trace = ctx.explorer.explore(seed=cfg_seed, toolset=toolset, trace=trace, round=round_, rng=rng,  # type: ignore[arg-type]
                                     previous=previous)
        records.append(trace)
        traces.append(trace.id)
        candidates = ctx.deriver.derive(trace=trace, tools=tools, seed=cfg_seed, round=round_, previous=previous,
                                        rng=item_rng(ctx.config.seed, item, f"derive:{round_}"))
        candidates = [c for c in candidates if _answer_key(c) not in answers_seen and c.id not in tried]
        if not candidates:
            no_task += 1
            continue
        for task in candidates[: ctx.config.derive.attempts]:
            derived += 1
            found = _verify(ctx, task, trace, verify_ctx)
            records.append(task)
            records.extend(found)
            verdicts.extend(found)
            tried.append(task.id)
            if all(v.ok for v in found):
                kept.append(task.id)
                answers_seen.add(_answer_key(task))
                records.append(gold_trajectory(task, trace, tools))
                records.extend(ctx.solver.drain() if ctx.solver else ())
                previous = task
                break
    return derived, no_task


def _verify(ctx: RunContext, task: Task, trace: Trace, verify_ctx: VerifyContext) -> list[Verdict]:
    """The mechanical checks, then (only if all pass) the LLM checks; a deduplicator forgets a rejected task."""
    found = run_checks(task, trace, verify_ctx, ctx.checks)
    if ctx.llm_checks and all(v.ok for v in found):
        more = run_checks(task, trace, verify_ctx, ctx.llm_checks)
        if not all(v.ok for v in more) and ctx.dedup is not None:
            ctx.dedup.forget(task.id)
        found += more
    return found


def _answer_key(task: Task) -> str:
    """Tasks of one item with the same answer repeat each other; later rounds must find a new one."""
    return repr((task.answer.type, task.answer.value))


def _manifest(config: RunConfig, pool: FunctionToolset, no_verify: bool = False) -> RunManifest:
    return RunManifest(
        dive_version=__version__,
        config=config.model_dump(mode="json", exclude={"tasks", "max_items"}),
        packages={"python": platform.python_version()},
        tool_hashes={t.name: t.hash for t in pool.list_tools()},
        created_at=time.time(),
        target={"tasks": config.tasks, "max_items": config.max_items, "no_verify": no_verify},
    )


def run(config: RunConfig, out: str | Path, *, resume: bool = False,
        on_item: Callable[[Funnel], None] | None = None, llms: Mapping[str, LLM] | None = None,
        force: bool = False, no_verify: bool = False) -> Funnel:
    """Synthesize until ``config.tasks`` tasks are kept (or ``max_items`` items are done).

    ``llms`` supplies models built in code (a :class:`~dive.llm.ScriptedLLM`), by the name the
    config gives them (``llm.deriver.model: scripted:deriver``). Before the pool loads, the config
    and ``out`` are checked (:mod:`dive.preflight`: ``no_verify`` allows a config without
    grounding, ``force`` writing over files no run wrote); every configured endpoint is probed
    before the first item, and :class:`~dive.errors.LLMOutage` stops the run when one goes down.
    """
    started = time.perf_counter()
    check_config(config, no_verify=no_verify)
    prepare_out(out, resume=resume, force=force)
    if resume:
        check_same_config(out, config.model_dump(mode="json", exclude={"tasks", "max_items"}))
    ctx = run_context(config, llms)
    try:
        if ctx.models is not None:
            ctx.models.probe()
        return _run(ctx, config, out, resume, on_item, started, no_verify)
    finally:
        if ctx.models is not None:
            ctx.models.close()


def _run(ctx: RunContext, config: RunConfig, out: str | Path, resume: bool,
         on_item: Callable[[Funnel], None] | None, started: float, no_verify: bool = False) -> Funnel:
    manifest = _manifest(config, ctx.pool, no_verify)
    funnel = Funnel()
    with RunStore.open(out) as store:
        check_resumable(store, manifest, resume)
        if not store.has(RunManifest, manifest.id):
            store.put(manifest)
        done = sorted(store.iter(ItemResult), key=lambda r: r.item)
        next_item = _replay_done(ctx, store, done, funnel)
        if on_item and done:
            on_item(funnel)  # the finished items' counts, before the first new item
        limit = config.max_items or 20 * config.tasks
        while funnel.kept < config.tasks and next_item < limit:
            output = process_item(ctx, next_item)
            if not store.path.exists():
                raise StoreError(f"{store.path} was deleted while the run was writing it; start again with --out")
            store.put_many([*output.records, output.result])
            _count(funnel, output.result, output.verdicts, output.derived, output.no_task,
                   [r for r in output.records if isinstance(r, LLMCall)])
            next_item += 1
            funnel.wall_ms = (time.perf_counter() - started) * 1000
            if on_item:
                on_item(funnel)
    funnel.wall_ms = (time.perf_counter() - started) * 1000
    return funnel


def _replay_done(ctx: RunContext, store: RunStore, done: Sequence[ItemResult], funnel: Funnel) -> int:
    """Rebuild the sampler's coverage counts and the deduplicator from finished items; the next item."""
    expected = 0
    llm_calls: dict[int | None, list[LLMCall]] = {}
    for call in store.iter(LLMCall):
        llm_calls.setdefault(call.item, []).append(call)
    for result in done:
        if result.item != expected:
            raise StoreError(f"{store.path}: item {expected} is missing but item {result.item} is stored; "
                             "the store was edited, start a new run")
        ctx.sampler.sample(result.item)
        tasks = {t.id: t for tid in result.task_ids for t in [store.get(Task, tid)]}
        verdicts = [v for tid in result.task_ids for v in store.iter(Verdict, where_parent=tid)]
        if ctx.dedup is not None:
            for tid in result.kept_task_ids:
                task = tasks[tid]
                ctx.dedup.admit(task)
        derived = len(result.task_ids)
        no_task = ctx.config.explore.rounds - len({tasks[t].round for t in result.task_ids})
        _count(funnel, result, verdicts, derived, no_task, llm_calls.get(result.item, []))
        expected += 1
    return expected


def _count(funnel: Funnel, result: ItemResult, verdicts: Sequence[Verdict], derived: int, no_task: int,
           llm_calls: Sequence[LLMCall] = ()) -> None:
    for call in llm_calls:
        funnel.llm_calls[call.stage] += 1
        funnel.llm_tokens[call.stage] += call.prompt_tokens + call.completion_tokens
        funnel.llm_errors[call.stage] += call.error is not None
    funnel.items += 1
    funnel.failed += result.error is not None
    funnel.traces += len(result.trace_ids)
    funnel.derived += derived
    funnel.kept += len(result.kept_task_ids)
    funnel.no_task += no_task
    funnel.tool_ms += result.tool_ms or 0.0
    rejected_tasks: dict[str, str] = {}
    for verdict in verdicts:
        if not verdict.ok and verdict.task_id not in rejected_tasks:
            unchecked = verdict.details.get("not_checked")  # a model that could not be reached: not a verdict
            rejected_tasks[verdict.task_id] = f"{verdict.check} (not checked)" if unchecked else verdict.check
    funnel.rejected.update(rejected_tasks.values())
