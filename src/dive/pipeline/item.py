"""One work item: sample, then K rounds of explore -> derive -> verify; the records it made.

    output = process_item(ctx, item)        # ItemOutput(records, result): store them in one transaction

Round ``k`` extends round ``k-1``'s trace and derives a task from the cumulative trace,
linked to the previous round's kept task (with a deriver of the trace alone, ``needs_new_evidence``, an item ends
at a round that added no call). Up to ``derive.attempts`` candidates are
verified per round, best first; every verdict is kept, so every rejection keeps its reason.
The cheap checks run first; the costly ones (the LLM checks) only on a task that passed
them, stopping at the first rejection. A kept task gets a gold trajectory and the records
its checks made (the solver's trajectories); a rejected task's are dropped. An unexpected
error inside the item becomes a failed :class:`~dive.records.ItemResult` with its reason.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from dive.config import RunConfig
from dive.errors import LLMOutage
from dive.llm import Models
from dive.provenance import with_question
from dive.records import ItemResult, Observation, Record, Seed, Task, Trace, Verdict
from dive.sampling import ToolsetSampler, item_rng
from dive.stages import Deriver, Explorer, Round, Verifier, VerifyContext
from dive.store.sqlite import Row
from dive.tools.tool import Tool
from dive.tools.toolset import FunctionToolset
from dive.trajectories import gold_trajectory
from dive.verification.verifier import run_checks

__all__ = ["ItemOutput", "RunContext", "process_item"]


@dataclass
class RunContext:
    """What every item of a run shares: config, pool, sampler and components."""

    config: RunConfig
    pool: FunctionToolset
    sampler: ToolsetSampler
    explorer: Explorer
    deriver: Deriver
    checks: list[Verifier]
    """In the order they run; costly ones (``costly = True``) last."""
    models: Models | None = None
    reset: Callable[[], None] | None = None
    """Brings tools with state back to the starting state (before each item, each replay and after the
    checks of each round, which then re-runs the trace); None when no tool has state."""
    sources: tuple[Any, ...] = ()
    """Imported sources (:class:`~dive.tools.sources.ImportedPack`), closed when the run ends."""

    @property
    def cheap(self) -> list[Verifier]:
        return [c for c in self.checks if not getattr(c, "costly", False)]

    @property
    def costly(self) -> list[Verifier]:
        return [c for c in self.checks if getattr(c, "costly", False)]

    def admit(self, task: Task) -> None:
        """Tell every stateful check (one with ``admit``, the deduplicator) about a kept task."""
        for check in self.checks:
            admit = getattr(check, "admit", None)
            if admit is not None:
                admit(task)

    def forget(self, task_ids: Sequence[str]) -> None:
        for check in self.checks:
            forget = getattr(check, "forget", None)
            if forget is not None:
                for tid in task_ids:
                    forget(tid)


@dataclass
class ItemOutput:
    """Everything one item produced, ready to store in one transaction (the ItemResult last)."""

    records: list[Record]
    """Its records; from a worker, only those the driver reads (:func:`dive.pipeline.workers.read_by_driver`), the
    others being in ``rows`` alone."""
    result: ItemResult
    rows: list[Row] | None = None
    """The store rows of every record the item made and of ``result``, in that order, when a worker made them (see
    :func:`dive.store.sqlite.store_rows`); None: ``records`` are all of them, and the process that stores them makes
    the rows."""

    @property
    def verdicts(self) -> list[Verdict]:
        return [r for r in self.records if isinstance(r, Verdict)]


class _Timed:
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
class _Item:
    """The records of one item so far."""

    records: list[Record] = field(default_factory=list)
    traces: list[str] = field(default_factory=list)
    tried: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    answers: set[str] = field(default_factory=set)


def process_item(ctx: RunContext, item: int) -> ItemOutput:
    """Sample, then K rounds of explore -> derive -> verify for one item (call in item order)."""
    started = time.perf_counter()
    if ctx.models is not None:
        ctx.models.ledger.begin(item)
    cfg = ctx.sampler.sample(item)
    toolset = _Timed(ctx.pool.subset(cfg.toolset))
    state = _Item()
    if ctx.reset is not None:
        ctx.reset()
    try:
        _rounds(ctx, item, cfg.seed, toolset, state, cfg.focus, cfg.cover)
    except LLMOutage:
        raise  # the endpoint is down: stop the run (the item is not stored, so a resume redoes it)
    except Exception as exc:  # noqa: BLE001 - one item's unexpected failure is stored with its reason, never a dead run
        ctx.forget(state.kept)
        if ctx.models is not None:
            ctx.models.ledger.drain()
        result = ItemResult(item=item, seed=cfg.seed, toolset=cfg.toolset, domains=cfg.domains,
                            error=f"{type(exc).__name__}: {exc}"[:500], tool_ms=round(toolset.ms, 3),
                            wall_ms=round((time.perf_counter() - started) * 1000, 3))
        return ItemOutput([], result)
    if ctx.models is not None:
        state.records.extend(ctx.models.ledger.drain())
    result = ItemResult(item=item, seed=cfg.seed, toolset=cfg.toolset, domains=cfg.domains,
                        trace_ids=tuple(state.traces), task_ids=tuple(state.tried), kept_task_ids=tuple(state.kept),
                        tool_ms=round(toolset.ms, 3), wall_ms=round((time.perf_counter() - started) * 1000, 3))
    return ItemOutput(state.records, result)


def _rounds(ctx: RunContext, item: int, seed: Seed, toolset: _Timed, state: _Item, focus: str | None = None,
            cover: str | None = None) -> None:
    tools = {t.name: t for t in toolset.list_tools()}
    verify_ctx = VerifyContext(toolset=toolset, seed=seed, reset=ctx.reset, first_pass=ctx.sampler.first_pass(item),
                               item=item)
    trace: Trace | None = None
    previous: Task | None = None
    for k in range(1, ctx.config.explore.rounds + 1):
        r = Round(seed=seed, toolset=toolset, tools=tools, trace=trace, round=k, previous=previous,
                  rng=item_rng(ctx.config.seed, item, f"explore:{k}"), item=item, focus=focus, cover=cover)
        grown = explore(ctx, r, state)
        if grown is None:
            break
        trace = grown
        candidates = derive(ctx, r, trace, state)
        kept, repeat = verify(ctx, candidates, trace, tools, verify_ctx, state)
        previous = kept or repeat or previous
        if ctx.reset is not None:  # checks may have changed the state: back to where the trace left it
            ctx.reset()
            for call in trace.calls:
                toolset.call(call.tool, dict(call.arguments), call_id=call.id)


def explore(ctx: RunContext, r: Round, state: _Item) -> Trace | None:
    """One round of evidence: the explorer extends the trace. None when it added no call and the deriver asks of the
    trace alone: the same evidence has nothing new to ask, and the item ends (in a 2000-task run, seed 601, 11,443
    of 15,740 items added nothing in round 2, 2 of them something in round 3, and one task was kept in such a
    round)."""
    trace = ctx.explorer.explore(r)
    if r.trace is not None and trace.id == r.trace.id and getattr(ctx.deriver, "needs_new_evidence", False):
        return None
    state.records.append(trace)
    state.traces.append(trace.id)
    return trace


def derive(ctx: RunContext, r: Round, trace: Trace, state: _Item) -> list[Task]:
    """New candidate tasks from the trace, best first: not tried in this item, no answer already kept (only as many
    as are verified are read from the deriver)."""
    rng = item_rng(ctx.config.seed, r.item, f"derive:{r.round}")
    candidates = ctx.deriver.derive(Round(r.seed, r.toolset, r.tools, r.trace, r.round, r.previous, rng, r.item,
                                          r.focus, r.cover), trace)
    stamped = (with_question(c, trace) for c in candidates)  # the question itself, for the deduplicator
    fresh = (c for c in stamped if _answer_key(c) not in state.answers and c.id not in state.tried)
    return list(islice(fresh, ctx.config.derive.attempts))


def verify(ctx: RunContext, candidates: Sequence[Task], trace: Trace, tools: dict[str, Tool],
           verify_ctx: VerifyContext, state: _Item) -> tuple[Task | None, Task | None]:
    """Verify candidates in order until one passes every check; that one is kept (with its gold trajectory). Also
    the first that only repeats a kept task (only a stateful check, the deduplicator, rejected it): with none kept,
    the next round extends that one (a members question asked of 12 sets already is still a program to grow: the
    currency of its winner is another question)."""
    repeat: Task | None = None
    stateful = {c.name for c in ctx.checks if getattr(c, "admit", None) is not None}
    for task in candidates:
        checks = run_checks(task, trace, verify_ctx, ctx.cheap)
        if checks.ok and ctx.costly:
            more = run_checks(task, trace, verify_ctx, ctx.costly, stop_on_reject=True)
            checks.verdicts += more.verdicts
            checks.records += more.records
        state.records += [task, *checks.verdicts]
        state.tried.append(task.id)
        if checks.ok:
            state.kept.append(task.id)
            state.answers.add(_answer_key(task))
            ctx.admit(task)
            state.records += [gold_trajectory(task, trace, tools), *checks.records]
            return task, None
        if repeat is None and {v.check for v in checks.verdicts if not v.ok} <= stateful:
            repeat = task
    return None, repeat


def _answer_key(task: Task) -> str:
    """Tasks of one item with the same answer repeat each other; later rounds must find a new one."""
    return repr((task.answer.type, task.answer.value))
