"""Running and resuming: items in order into a run store, and the funnel counted once.

    config = load_config(tasks=500, seed=0)
    funnel = run(config, "runs/demo")             # resumable: run(config, "runs/demo", resume=True)
    funnel = run(config, "runs/mine", components=Components(checks=[QueryLength()]))

All records of an item are written in one transaction, with its :class:`ItemResult` last,
so a run killed at any point resumes at the first item without one and gives the same
records as an uninterrupted run: every random choice comes from the run seed and the item
id, and the stateful parts (the coverage sampler, the deduplicator) are rebuilt from the
stored items in item order.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from dive.chains import chainable_sems
from dive.config import RunConfig, check_names
from dive.errors import ConfigError, StoreError
from dive.exploration.joins import JOIN_TOOLS
from dive.lexicon import Lexicon
from dive.llm import LLM, Models
from dive.pipeline.build import Build, Components, components
from dive.pipeline.item import RunContext, process_item
from dive.pipeline.manifest import check_resumable, manifest_of, replay_done
from dive.preflight import check_config, check_same_config, prepare_out
from dive.records import ItemResult, LLMCall, Record, RunManifest, Task, Verdict
from dive.sampling import ToolsetSampler
from dive.store import RunStore
from dive.tools.execution import Limits
from dive.tools.registry import PACKS, load_pool, pack_installed
from dive.tools.sources import close_sources, load_sources, objects_pack, reset_all
from dive.tools.tool import Tool
from dive.tools.toolset import FunctionToolset
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
                components_: Components | None = None) -> RunContext:
    """Build the shared parts of a run from its config (ConfigError naming a bad value)."""
    check_names(config)
    given = components_ or Components()
    packs = _packs(config)
    limits = Limits(timeout_s=config.tools.timeout_s, max_output_bytes=config.tools.max_output_bytes)
    given = replace(given, packs=(*given.packs, *load_sources(config.tools, limits)))
    pool = load_pool(packs, limits=limits)
    pool = FunctionToolset([*pool.list_tools(), *(t for pack in given.packs for t in pack.tools())], limits)
    missing = [n for n in config.tools.exclude if n not in pool]
    if missing:
        raise ConfigError(f"tools.exclude: no tool named {missing} in the pool; see 'dive tools list'")
    tools = [t for t in pool.list_tools() if t.name not in set(config.tools.exclude)]
    pool = FunctionToolset(tools, limits)
    models = Models(config.llm, instances=llms, seed=config.seed) if _needs_models(config) else None
    build = Build(config, packs, models, tuple(given.packs))
    explorer, deriver, checks = components(build, given)
    links = _links(tools, build.lexicon) if config.explore.explorer == "programs" else {}
    sampler = ToolsetSampler(tools, build.seeds, config.tools, config.seed, links=links,
                             always=JOIN_TOOLS if links else frozenset())
    return RunContext(config, pool, sampler, explorer, deriver, checks, models, reset=reset_all(given.packs),
                      sources=tuple(given.packs))


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
    llm = config.llm
    return (config.explore.explorer == "llm" or config.derive.deriver == "llm"
            or any(c in config.verify.checks for c in ("closed_book", "solver"))
            or any(getattr(llm, stage).model is not None for stage in type(llm).model_fields))


def run(config: RunConfig, out: str | Path, *, resume: bool = False, on_item: Callable[[Funnel], None] | None = None,
        llms: Mapping[str, LLM] | None = None, components: Components | None = None, force: bool = False,
        no_verify: bool = False, tools: Sequence[Any] = ()) -> Funnel:
    """Synthesize until ``config.tasks`` tasks are kept (or ``max_items`` items are done).

    ``llms`` supplies models built in code (a :class:`~dive.llm.ScriptedLLM`), by the name the
    config gives them (``llm.deriver.model: scripted:deriver``); ``components`` supplies an
    explorer, a deriver, extra checks or packs built in code (:class:`Components`). Before the pool
    loads, the config and ``out`` are checked (:mod:`dive.preflight`: ``no_verify`` allows a config
    without grounding, ``force`` writing over files no run wrote); every configured endpoint is
    probed before the first item, and :class:`~dive.errors.LLMOutage` stops the run when one goes down.
    ``tools`` adds your own tools to the pool: ``@tool`` functions, packs, modules, and classes or
    instances (one stateful pack each; see docs/own-tools.md).
    """
    started = time.perf_counter()
    check_config(config, no_verify=no_verify)
    prepare_out(out, resume=resume, force=force)
    if resume:
        check_same_config(out, config.model_dump(mode="json", exclude={"tasks", "max_items"}))
    if tools:
        components = replace(components or Components(), packs=(*(components.packs if components else ()),
                                                                 *objects_pack(tools)))
    ctx = run_context(config, llms, components)
    try:
        if ctx.models is not None:
            ctx.models.probe()
        return _run(ctx, config, out, resume, on_item, started, no_verify)
    finally:
        if ctx.models is not None:
            ctx.models.close()
        close_sources(ctx.sources)


def _run(ctx: RunContext, config: RunConfig, out: str | Path, resume: bool,
         on_item: Callable[[Funnel], None] | None, started: float, no_verify: bool = False) -> Funnel:
    manifest = manifest_of(config, ctx.pool, no_verify)
    funnel = Funnel()
    rounds = config.explore.rounds
    with RunStore.open(out) as store:
        check_resumable(store, manifest, resume)
        if not store.has(RunManifest, manifest.id):
            store.put(manifest)
        for result, records in replay_done(store):
            ctx.sampler.sample(result.item)
            for tid in result.kept_task_ids:
                ctx.admit(store.get(Task, tid))
            funnel.add(result, records, rounds)
        next_item = funnel.items
        if on_item and next_item:
            on_item(funnel)  # the finished items' counts, before the first new item
        limit = config.max_items or 20 * config.tasks
        while funnel.kept < config.tasks and next_item < limit:
            output = process_item(ctx, next_item)
            if not store.path.exists():
                raise StoreError(f"{store.path} was deleted while the run was writing it; start again with --out")
            store.put_many([*output.records, output.result])
            funnel.add(output.result, output.records, rounds)
            next_item += 1
            funnel.wall_ms = (time.perf_counter() - started) * 1000
            if on_item:
                on_item(funnel)
    funnel.wall_ms = (time.perf_counter() - started) * 1000
    return funnel
