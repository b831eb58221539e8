"""Running and resuming: items in order into a run store, and the funnel counted once.

    config = load_config(tasks=500, seed=0)
    funnel = run(config, "runs/demo")             # resumable: run(config, "runs/demo", resume=True)
    funnel = run(config, "runs/mine", components=Components(checks=[QueryLength()]))

All records of an item are written in one transaction, with its :class:`ItemResult` last (an offline run's
transaction holds the items finished in half a second, whole and in order: :mod:`dive.pipeline.commits`), so a run
killed at any point resumes at the first item without one and gives the same
records as an uninterrupted run: every random choice and every item's config come from the
run seed and the item id, and the one stateful part (the deduplicator) is rebuilt from the
stored items in item order. With ``workers`` > 1 the items run in worker processes and are
committed in item order (:mod:`dive.pipeline.workers`), with the same records as one worker.
Tool calls of the packs run in the :class:`~dive.tools.isolation.ToolHost`'s processes (shared by forked workers), under
hard limits.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from dive.config import RunConfig, check_names
from dive.errors import ConfigError, StoreError
from dive.exploration.convert import CONVERTER
from dive.exploration.joins import JOIN_TOOLS
from dive.llm import LLM, Models
from dive.pipeline import poolmap
from dive.pipeline.build import Build, Components, components
from dive.pipeline.commits import COMMIT_S, Commits
from dive.pipeline.item import ItemOutput, RunContext
from dive.pipeline.manifest import check_resumable, manifest_of, replay_done
from dive.pipeline.packcache import cached_tools
from dive.pipeline.ray_backend import Recipe
from dive.pipeline.shard import Merged, Shard, shard_of
from dive.pipeline.workers import Workers, available_cores, sequential
from dive.preflight import check_config, check_same_config, prepare_out
from dive.records import ItemResult, LLMCall, Record, RunManifest, Task, Verdict
from dive.sampling import SET_STRETCHES, ToolsetSampler
from dive.store import RunStore
from dive.tools.execution import Limits
from dive.tools.isolation import ToolHost
from dive.tools.registry import PACKS, load_pool, pack_installed
from dive.tools.sandbox import gate
from dive.tools.sources import ImportedPack, close_sources, load_sources, objects_pack, reset_all
from dive.tools.toolset import FunctionToolset
from dive.verification.depth import Depth
from dive.verification.verifier import first_rejections, rejection_label

__all__ = ["Funnel", "run", "run_context"]


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
    goal: int = 0
    """Kept tasks the run aims at (a shard's share, else ``config.tasks``)."""

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"items": self.items, "traces": self.traces, "derived": self.derived, "kept": self.kept,
                               "no_task_rounds": self.no_task, "rejected": dict(sorted(self.rejected.items()))}
        if self.failed:
            out["failed_items"] = self.failed
        if self.llm_calls:
            out["llm"] = {stage: {"calls": n, "tokens": self.llm_tokens[stage], "unusable": self.llm_errors[stage]}
                          for stage, n in sorted(self.llm_calls.items())}
        return out

    def add(self, result: ItemResult, records: Sequence[Record], rounds: int) -> None:
        """Count one finished item from its result and records (live, or read back on resume)."""
        tasks = [r for r in records if isinstance(r, Task)]
        for call in records:
            if isinstance(call, LLMCall):
                self.llm_calls[call.stage] += 1
                self.llm_tokens[call.stage] += call.prompt_tokens + call.completion_tokens
                self.llm_errors[call.stage] += call.error is not None
        self.items += 1
        self.failed += result.error is not None
        self.traces += len(result.trace_ids)
        self.derived += len(tasks)
        self.kept += len(result.kept_task_ids)
        self.no_task += 0 if result.error is not None else rounds - len({t.round for t in tasks})
        self.tool_ms += result.tool_ms or 0.0
        self.rejected.update(rejection_label(v) for v in
                             first_rejections(r for r in records if isinstance(r, Verdict)).values())


def _packs(config: RunConfig) -> tuple[str, ...]:
    return tuple(config.tools.packs) or tuple(p for p in PACKS if pack_installed(p))


def run_context(config: RunConfig, llms: Mapping[str, LLM] | None = None,
                components_: Components | None = None, host: ToolHost | None = None) -> RunContext:
    """Build the shared parts of a run from its config (ConfigError naming a bad value); with ``host``, the
    pack tools' calls run in it (forked workers share its hosts: :meth:`~dive.tools.isolation.ToolHost.share`)."""
    check_names(config)
    given = components_ or Components()
    packs = _packs(config)
    limits = Limits(timeout_s=config.tools.timeout_s, max_output_bytes=config.tools.max_output_bytes)
    given = replace(given, packs=(*given.packs, *load_sources(config.tools, limits)))
    pool = load_pool(packs, limits=limits)
    for name in packs:
        cached_tools(PACKS[name])  # their schemas and hashes from the cache: importing a pack builds none
    pool = FunctionToolset([*pool.list_tools(), *(t for pack in given.packs for t in pack.tools())], limits)
    missing = [n for n in config.tools.exclude if n not in pool]
    if missing:
        raise ConfigError(f"tools.exclude: no tool named {missing} in the pool; see 'dive tools list'")
    tools = [t for t in pool.list_tools() if t.name not in set(config.tools.exclude)]
    tools = gate(tools, allow_unsandboxed=config.tools.unsandboxed_code)
    pool = FunctionToolset(tools, limits, host=host)
    models = Models(config.llm, instances=llms, seed=config.seed) if _needs_models(config) else None
    build = Build(config, packs, models, tuple(given.packs))
    explorer, deriver, checks = components(build, given)
    links = poolmap.links(tools, build.lexicon) if config.explore.explorer == "programs" else {}
    sets = poolmap.sets(tools, build.lexicon) if links else {}
    sampler = ToolsetSampler(tools, build.seeds, config.tools, config.seed, links=links,
                             always=JOIN_TOOLS | {CONVERTER} if links else frozenset(), sets=sets,
                             quantities=poolmap.askers(tools, build.lexicon) if links else {},
                             rankers=poolmap.rankers(tools, build.lexicon) if links else {},
                             days=(days := poolmap.days(tools, build.lexicon) if links else {}),
                             resolvers=(resolvers := poolmap.resolvers(tools, build.lexicon, links)),
                             deep=poolmap.deep(tools, build.lexicon, days, resolvers, links) if links else (),
                             set_subjects=poolmap.set_subjects(sets, build.lexicon),
                             set_stretches=_set_stretches(config.verify.max_per_form))
    if not sampler.deep:
        for check in checks:  # no tool's questions go deeper (core and a user's own server of a few tools): the default
            if isinstance(check, Depth):  # budget would only lose tasks; a share the config sets still holds
                if "max_shallow_share" not in config.verify.model_fields_set:
                    check.budget = None
                if "max_narrow_share" not in config.verify.model_fields_set:
                    check.narrow_budget = None
    return RunContext(config, pool, sampler, explorer, deriver, checks, models, reset=reset_all(given.packs),
                      sources=tuple(given.packs))


def _set_stretches(max_per_form: int | None) -> int | None:
    """How long toolsets hold set-listing tools: :data:`dive.sampling.SET_STRETCHES` at 12 tasks per question form, in
    proportion to the limit, and always without one."""
    return None if max_per_form is None else max(1, math.ceil(SET_STRETCHES * max_per_form / 12))


def _needs_models(config: RunConfig) -> bool:
    llm = config.llm
    return (config.explore.explorer == "llm" or config.derive.deriver == "llm"
            or any(c in config.verify.checks for c in ("closed_book", "solver"))
            or any(getattr(llm, stage).model is not None for stage in type(llm).model_fields))


def run(config: RunConfig, out: str | Path, *, resume: bool = False, on_item: Callable[[Funnel], None] | None = None,
        llms: Mapping[str, LLM] | None = None, components: Components | None = None, force: bool = False,
        no_verify: bool = False, workers: int | None = 1, tool_memory_mb: int | None = 4096,
        shard: Shard | None = None, merge: Merged | None = None, backend: Literal["local", "ray"] = "local",
        ray_address: str | None = None, tools: Sequence[Any] = ()) -> Funnel:
    """Synthesize until ``config.tasks`` tasks are kept (or ``max_items`` items are done).

    ``llms`` supplies models built in code (a :class:`~dive.llm.ScriptedLLM`), by the name the
    config gives them (``llm.deriver.model: scripted:deriver``); ``components`` supplies an
    explorer, a deriver, extra checks or packs built in code (:class:`Components`). Before the pool
    loads, the config and ``out`` are checked (:mod:`dive.preflight`: ``no_verify`` allows a config
    without grounding, ``force`` writing over files no run wrote); every configured endpoint is
    probed before the first item, and :class:`~dive.errors.LLMOutage` stops the run when one goes down.

    ``workers``: processes running items (forked after the run's context is built; the records are the same
    for any number; None: one per core, or as many as an endpoint's concurrency when larger, or one per CPU of
    the Ray cluster). ``backend="ray"``: the workers are Ray actors on the cluster at ``ray_address`` (None: a
    local Ray; :mod:`dive.pipeline.ray_backend`). ``tool_memory_mb``: the address-space limit of each process
    running tool calls (None: none). ``shard``: run only that shard's items (:mod:`dive.pipeline.shard`);
    ``merge``: take the items from the shards of this run, giving the unsharded run.
    ``tools`` adds your own tools to the pool: ``@tool`` functions, packs, modules, and classes or
    instances (one stateful pack each; see docs/own-tools.md). Imported sources (``tools.modules``,
    ``tools.mcp``, ``tools.openapi``, ``tools``) hold their state in this process or in their servers,
    so a run with one runs its items here, one at a time.
    """
    if workers is not None and workers < 1:
        raise ConfigError(f"workers must be at least 1, got {workers}")
    started = time.perf_counter()
    check_config(config, no_verify=no_verify)
    prepare_out(out, resume=resume, force=force)
    if resume:
        check_same_config(out, config.model_dump(mode="json", exclude={"tasks", "max_items"}))
    if tools:
        components = replace(components or Components(), packs=(*(components.packs if components else ()),
                                                                 *objects_pack(tools)))
    host = ToolHost(memory_mb=tool_memory_mb)
    ctx = run_context(config, llms, components, host)
    with contextlib.ExitStack() as stack:
        stack.callback(host.close)
        stack.callback(close_sources, ctx.sources)
        if ctx.models is not None:
            stack.callback(ctx.models.close)
        if any(isinstance(p, ImportedPack) for p in ctx.sources):
            if backend == "ray":
                raise ConfigError("imported tools (tools.modules, tools.mcp, tools.openapi) keep their state in "
                                  "this process: run them with the local backend")
            workers = 1  # a source's state (and its MCP session) lives in this process
        # Workers are forked before the probe starts the driver's model loop (each worker starts its own).
        pool = _workers(ctx, Recipe(config, llms, components, tool_memory_mb), workers, backend, ray_address)
        if pool is not None:
            stack.enter_context(pool)
        if ctx.models is not None:
            ctx.models.probe()
        return _run(ctx, config, out, resume, on_item, started, no_verify, _Source(pool, shard, merge))
    raise AssertionError("unreachable")


def _workers(ctx: RunContext, recipe: Recipe, workers: int | None, backend: str,
             ray_address: str | None) -> Workers | None:
    if backend == "ray":
        from dive.pipeline.ray_backend import RayActors

        return Workers(ctx, RayActors(ctx, recipe, workers, ray_address))
    if ray_address is not None:
        raise ConfigError("--ray-address needs --backend ray")
    n = workers or default_workers(ctx)
    return Workers.forked(ctx, n) if n > 1 else None


def default_workers(ctx: RunContext) -> int:
    """The cores available, or an endpoint's concurrency when larger: items wait on the model most of the time, so
    as many are in flight as the endpoint takes (its limits hold across the workers)."""
    endpoints = ctx.models.endpoints.values() if ctx.models is not None else ()
    return max([available_cores(), *(e.concurrency for e in endpoints)])


@dataclass
class _Source:
    """Where a run's items come from: this process or its workers, one shard's items, or the shards of a run."""

    workers: Workers | None = None
    shard: Shard | None = None
    merge: Merged | None = None

    def items(self, limit: int) -> range:
        return self.shard.items(limit) if self.shard is not None else range(limit)

    def goal(self, tasks: int) -> int:
        return self.shard.goal(tasks) if self.shard is not None else tasks

    def outputs(self, ctx: RunContext, items: range) -> Iterator[ItemOutput]:
        if self.merge is not None:
            return self.merge.outputs(ctx, items)
        if self.workers is not None:
            return self.workers.outputs(items)
        return sequential(ctx, items)


def _run(ctx: RunContext, config: RunConfig, out: str | Path, resume: bool,
         on_item: Callable[[Funnel], None] | None, started: float, no_verify: bool = False,
         source: _Source | None = None) -> Funnel:
    source = source or _Source()
    manifest = manifest_of(config, ctx.pool, no_verify, str(source.shard) if source.shard else None)
    funnel = Funnel()
    rounds = config.explore.rounds
    with RunStore.open(out) as store:
        check_resumable(store, manifest, resume)
        stored = list(store.iter(RunManifest))
        if stored and shard_of(stored[-1]) != source.shard:
            raise StoreError(f"cannot resume {store.path}: it ran shard {shard_of(stored[-1]) or 'none'}, "
                             f"not {source.shard or 'the whole run'}; resume with 'dive run --resume --out DIR' alone")
        if source.merge is not None:
            source.merge.check(manifest)
        if not store.has(RunManifest, manifest.id):
            store.put(manifest)
        limit = config.item_limit
        items = source.items(limit)
        for result, records in replay_done(store, items):
            for tid in result.kept_task_ids:
                ctx.admit(store.get(Task, tid))
            funnel.add(result, records, rounds)
        if on_item and funnel.items:
            on_item(funnel)  # the finished items' counts, before the first new item
        goal = funnel.goal = source.goal(config.tasks)
        if funnel.kept < goal and funnel.items < len(items):
            with Commits(store, every_s=0.0 if ctx.models is not None else COMMIT_S) as commits:
                for output in source.outputs(ctx, items[funnel.items:]):
                    commits.add(output)
                    funnel.add(output.result, output.records, rounds)
                    funnel.wall_ms = (time.perf_counter() - started) * 1000
                    if on_item:
                        on_item(funnel)
                    if funnel.kept >= goal:
                        break
    funnel.wall_ms = (time.perf_counter() - started) * 1000
    return funnel
