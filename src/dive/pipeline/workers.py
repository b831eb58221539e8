"""Items in worker processes, committed in item order: the same records for any number of workers.

    with Workers.forked(ctx, 4) as workers:    # forks 4 processes that share the run's context
        for output in workers.outputs(range(1000)):
            ...                                # ItemOutputs in item order; stop iterating to stop

Every item's config and random choices come from the run seed and the item id, so a worker
can run any item. The one thing an item reads from earlier items is the state of the
stateful checks (those with ``admit``, the deduplicator): a worker runs its item against the
kept tasks committed when it was sent (never its own uncommitted ones), and at commit time
the driver recomputes each of the item's stateful verdicts against every task kept before
the item. When all agree, the item's records are exactly those of a sequential run; when one
differs (a task that repeats one kept by an item still in flight), the driver runs the item
again itself, with the full state. So the output is byte-identical for 1 and N workers.

Workers are forked from the driver after the run's context is built (components given in
code, scripted models and tool packs come along; nothing is pickled), ignore Ctrl-C (the
driver stops them) and die with the driver. A worker that dies mid-item (not in a tool call:
those run in its :class:`~dive.tools.isolation.ToolHost`) leaves a failed item with the reason.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import multiprocessing
import os
import signal
import time
from collections.abc import Iterator, Mapping, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any, Protocol

from dive.derivation.exemplars import load_exemplars
from dive.errors import LLMOutage
from dive.pipeline.item import ItemOutput, RunContext, process_item
from dive.records import ItemResult, Record, Task, Trace, Trajectory, Verdict
from dive.stages import Checked, VerifyContext
from dive.store.sqlite import store_rows
from dive.tools.isolation import die_with_parent
from dive.tools.registry import PACKS

__all__ = ["Forked", "Transport", "Workers", "available_cores", "failed_item", "read_by_driver", "reconcile", "sequential",
           "work"]


def available_cores() -> int:
    """The cores this process may run on (the affinity mask, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def reconcile(ctx: RunContext, output: ItemOutput) -> bool:
    """Check the item's stateful verdicts against ``ctx``'s state (every task kept before the item), admitting its
    kept tasks in order as a sequential run would. False (and nothing admitted) when one verdict differs."""
    stateful = {c.name: c for c in ctx.checks if getattr(c, "admit", None) is not None}
    kept = set(output.result.kept_task_ids)
    if not stateful or output.result.error is not None:
        for task in (r for r in output.records if isinstance(r, Task) and r.id in kept):
            ctx.admit(task)
        return True
    traces = {r.id: r for r in output.records if isinstance(r, Trace)}
    tasks = {r.id: r for r in output.records if isinstance(r, Task)}
    verify_ctx: VerifyContext | None = None  # made for the first stateful verdict: most items have none
    admitted: list[str] = []
    pending: Task | None = None
    for record in (*output.records, None):
        if (record is None or isinstance(record, Task)) and pending is not None:
            ctx.admit(pending)
            admitted.append(pending.id)
            pending = None
        if isinstance(record, Task) and record.id in kept:
            pending = record
        if isinstance(record, Verdict) and record.check in stateful:
            task = tasks[record.task_id]
            if verify_ctx is None:
                verify_ctx = VerifyContext(toolset=ctx.pool.subset(output.result.toolset), seed=output.result.seed,
                                           first_pass=ctx.sampler.first_pass(output.result.item),
                                           item=output.result.item)
            again = stateful[record.check].verify(task, traces[task.trace_id], verify_ctx)
            if (again.verdict if isinstance(again, Checked) else again) != record:
                ctx.forget(admitted)
                return False
    return True


def work(ctx: RunContext, item: int, committed: Sequence[Task]) -> tuple[str, Any]:
    """A worker's step: admit the newly committed tasks, run the item, forget its own kept tasks (the driver
    commits them). ("done", ItemOutput), or ("outage", message) when an endpoint is down."""
    for task in committed:
        ctx.admit(task)
    try:
        output = process_item(ctx, item)
    except LLMOutage as exc:
        return "outage", str(exc)
    ctx.forget(output.result.kept_task_ids)
    output.rows = store_rows([*output.records, output.result])  # serialized and hashed here, not in the driver
    output.records = read_by_driver(output.records)
    return "done", output


def read_by_driver(records: Sequence[Record]) -> list[Record]:
    """The records the driver reads of an item whose rows it stores (counts, reconciliation): not the gold
    trajectories, nor the traces no task of the item was derived from. They travel only as rows: in a 2-worker run
    they were most of the bytes a worker sent and the driver unpickled."""
    read = {r.trace_id for r in records if isinstance(r, Task)}
    return [r for r in records if not isinstance(r, Trajectory) and not (isinstance(r, Trace) and r.id not in read)]


def failed_item(ctx: RunContext, item: int, error: str) -> ItemOutput:
    """The output of an item whose worker was lost: no records, the reason stored."""
    cfg = ctx.sampler.sample(item)
    return ItemOutput([], ItemResult(item=item, seed=cfg.seed, toolset=cfg.toolset, domains=cfg.domains,
                                     error=error[:500]))


_SDK_MODULES = ("openai", "openai.resources.chat", "openai.resources.models", "openai.lib.streaming.chat",
                "openai.types.chat", "anyio._backends._asyncio", "httpcore2", "trio", "truststore")
"""What an OpenAI-compatible endpoint's first chat request imports (the SDK's chat resources, the HTTP stack):
imported before forking, not again in every worker (0.4 s each; 12 workers on an endpoint spent 5 s of CPU)."""


class Transport(Protocol):
    """How items reach workers: forked processes (:class:`Forked`) or Ray actors (:mod:`dive.pipeline.ray`)."""

    size: int
    """Workers, numbered 0 .. size - 1."""
    depth: int
    """Items a worker may hold at once: more than 1 queues the next item, so the worker starts it as soon as it
    sends its output, without waiting for the driver to commit that output and send another."""

    def submit(self, worker: int, item: int, committed: Sequence[Task]) -> None:
        """Send ``item`` to a ``worker`` holding fewer than ``depth`` items, with the tasks committed since its last
        item."""
        ...

    def ready(self, busy: Mapping[int, Sequence[int]]) -> list[tuple[int, ItemOutput]]:
        """Wait until some busy workers (worker -> its items, oldest first) finish an item; their outputs (every item a
        lost worker held; LLMOutage when one reports one)."""
        ...

    def close(self) -> None: ...


class Workers:
    """Items of one run on the workers of a transport; outputs come back in item order, reconciled."""

    def __init__(self, ctx: RunContext, transport: Transport, window: int | None = None) -> None:
        self.ctx = ctx
        self.transport = transport
        self.window = window or 16 * transport.size
        """Items dispatched ahead of the next one to commit, at most. Item times vary a hundredfold (a one-call
        question, a member set gone through twice), so a worker that finishes its items while one slow item holds
        the commit idles once the window is used up: with 4 per worker, 2 workers idled 2.4-3.1 s each in a 17 s
        run (250 tasks); with 16, 0.2-0.3 s."""
        self.reruns = 0
        """Items the driver ran again because a stateful verdict had changed."""
        self._committed: list[Task] = []
        self._synced = [0] * transport.size

    @classmethod
    def forked(cls, ctx: RunContext, n: int) -> Workers:
        """``n`` worker processes forked from this one (each endpoint's limits shared by all of them)."""
        if ctx.models is not None:
            for endpoint in ctx.models.endpoints.values():
                endpoint.share()
            if ctx.models.endpoints:  # network providers: import their SDK once, not in every worker
                for module in _SDK_MODULES:
                    with contextlib.suppress(ImportError):
                        importlib.import_module(module)
            load_exemplars()  # the LLM deriver's exemplar pool (0.1 s): read once here, not in every worker
        if ctx.pool.host is not None:  # one warm host per pack for all the workers, not one each
            tools = ctx.pool.list_tools()
            packs = [PACKS[name] for name in sorted({t.pack for t in tools}) if name in PACKS]  # once per pack, not tool
            libraries = {pack.module: pack.requires for pack in packs}
            ctx.pool.host.share((t.fn for t in tools), libraries)
        return cls(ctx, Forked(ctx, n))

    def outputs(self, items: range) -> Iterator[ItemOutput]:
        """The ``items`` in order (reconciled with the state of the stateful checks)."""
        busy: dict[int, list[int]] = {w: [] for w in range(self.transport.size)}  # worker -> its items, in order
        done: dict[int, ItemOutput] = {}
        dispatch = position = 0  # positions in items: the next to send, the next to commit
        while position < len(items):
            while dispatch < min(len(items), position + self.window):
                w = min(busy, key=lambda w: len(busy[w]))  # an idle worker first
                if len(busy[w]) >= self.transport.depth:
                    break
                self.transport.submit(w, items[dispatch], self._committed[self._synced[w]:])
                self._synced[w] = len(self._committed)
                busy[w].append(items[dispatch])
                dispatch += 1
            for w, output in self.transport.ready({w: held for w, held in busy.items() if held}):
                busy[w].remove(output.result.item)
                done[output.result.item] = output
            while position < len(items) and items[position] in done:
                output = done.pop(items[position])
                if not reconcile(self.ctx, output):
                    self.reruns += 1
                    output = process_item(self.ctx, items[position])
                kept = set(output.result.kept_task_ids)
                self._committed += [r for r in output.records if isinstance(r, Task) and r.id in kept]
                yield output
                position += 1

    def close(self) -> None:
        self.transport.close()

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _serve(conn: Connection, ctx: RunContext) -> None:
    """A forked worker's loop: (item, committed) in, work()'s reply out, until None or the driver goes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()
    try:
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError):
                return
            if message is None:
                return
            try:
                conn.send(work(ctx, *message))
            except OSError:  # the driver went (a run stopped with Ctrl-C): a traceback here would come after its
                return  # "interrupted" line on the shared stderr (seen twice on a loaded machine, not reproduced)
    finally:
        if ctx.pool.host is not None:
            ctx.pool.host.close()


class Forked:
    """Worker processes forked from the driver after the run's context is built (nothing is pickled)."""

    depth = 2
    """With 1, a worker idles while the driver commits its output and sends it the next item. An LLM run of 640 items
    on 8 workers against a 200 ms endpoint reached 86-90% of the ideal request rate with 1 (4 runs) and 83-92% with 2
    (8 runs, on a machine whose plain SDK client ranged 89-97%): within the noise; offline runs are unchanged."""

    def __init__(self, ctx: RunContext, n: int) -> None:
        self.ctx = ctx
        self.size = n
        self._procs: list[Any] = []
        self._conns: list[Connection] = []
        self._held = [0] * n
        """Items each worker holds (sent, output not yet received)."""
        for w in range(n):
            self._start(w)

    def _start(self, w: int) -> None:
        fork = multiprocessing.get_context("fork")
        ours, theirs = fork.Pipe()
        proc = fork.Process(target=_serve, args=(theirs, self.ctx), name="dive-worker", daemon=True)
        gc.freeze()  # the worker's collections leave the driver's objects alone (no copy-on-write of their pages)
        try:
            proc.start()
        finally:
            gc.unfreeze()
        theirs.close()
        if w < len(self._procs):
            self._conns[w].close()
            self._procs[w], self._conns[w] = proc, ours
        else:
            self._procs.append(proc)
            self._conns.append(ours)

    def submit(self, worker: int, item: int, committed: Sequence[Task]) -> None:
        self._conns[worker].send((item, list(committed)))
        self._held[worker] += 1

    def ready(self, busy: Mapping[int, Sequence[int]]) -> list[tuple[int, ItemOutput]]:
        waiting = {self._conns[w]: w for w in busy} | {self._procs[w].sentinel: w for w in busy}
        out = []
        for w in sorted({waiting[r] for r in wait(list(waiting))}):
            out += [(w, output) for output in self._receive(w, busy[w])]
        return out

    def _receive(self, w: int, held: Sequence[int]) -> list[ItemOutput]:
        """The output of the oldest item ``w`` holds; when the worker died, a failed item for each it held."""
        conn = self._conns[w]
        try:
            if conn.poll():
                kind, payload = conn.recv()
                if kind == "outage":
                    raise LLMOutage(payload)
                output: ItemOutput = payload
                self._held[w] -= 1
                return [output]
        except (EOFError, OSError):
            pass
        proc = self._procs[w]
        proc.join(timeout=5)
        reason = (f"killed by {signal.Signals(-proc.exitcode).name}" if proc.exitcode and proc.exitcode < 0
                  else f"exit status {proc.exitcode}")
        self._start(w)
        self._held[w] = 0
        return [failed_item(self.ctx, item, f"WorkerDied: the worker process running the item was {reason}")
                for item in held]

    def close(self) -> None:
        """Stop every worker: an idle one exits (closing its tool hosts), one still holding items is killed at once
        (its items are not needed: the run stopped before them). Waiting for it kept every 2-worker run open 1.9 s
        longer (3% of a 1,000-task run's wall)."""
        for w, conn in enumerate(self._conns):
            if self._held[w]:
                self._procs[w].kill()
            with contextlib.suppress(OSError):
                conn.send(None)
        deadline = time.monotonic() + 2.0  # an idle worker exits at once; one that does not is killed
        for proc in self._procs:
            proc.join(timeout=max(0.0, deadline - time.monotonic()))
            if proc.is_alive():
                proc.kill()
                proc.join(timeout=5)
        for conn in self._conns:
            conn.close()
        self._procs, self._conns, self._held = [], [], []


def sequential(ctx: RunContext, items: range) -> Iterator[ItemOutput]:
    """The ``items`` in this process, in order (one worker)."""
    for item in items:
        yield process_item(ctx, item)

