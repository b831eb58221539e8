"""Depth: a run's share of shallow tasks, kept within a budget.

A task whose answer rests on fewer than ``few`` tool calls (a lookup behind a name: *What is the melting point of
tungsten?*, two calls) is *shallow*. Left alone, a run is mostly such tasks: they are what most items find first, and
in a 2000-task run (seed 907) 65% of the kept tasks rested on one or two calls, at 3.0 calls a task. The DIVE paper
keeps only each item's task after its K rounds; this check keeps shallow tasks up to ``verify.max_shallow_share``
(default 0.2) of the run's target (``--tasks``), and rejects the others (with None it keeps them all). A rejected shallow task is a repeat
(only a stateful check rejected it), so the item's next round extends it: the same question, on a named day or over
more entities, is asked again with more calls (:func:`dive.pipeline.item.verify`).

The tasks of the first pass over the pool (coverage sampling: every tool is the focus of one such item) are kept
whatever their depth, and count against the budget: a tool no chain reaches is in some task only through its
one-call question. From item ``relax_at`` on (three quarters of the run's item limit), shallow tasks are kept too: a
small pool (a user's own server of a few tools) has few deep questions, and its run still keeps ``--tasks`` tasks. A
pool with no tool whose questions go deeper (:attr:`dive.sampling.ToolsetSampler.deep`: core and a user's own tools)
has no default budget at all (:func:`dive.pipeline.run.run_context`); a share the config sets still holds.

A task whose answer rests on fewer than ``few`` distinct tools is *narrow* (shallow ones included: *Which of ethanol,
acetone and hexane boils lowest?*, a name's record and the boiling points, is deep but narrow). Narrow tasks are kept up
to ``verify.max_narrow_share`` (default 0.48) of the target in the same way, so by default at least half of a run's
tasks take 3 tools or more unless the run reaches ``relax_at``: without it, 2000-task runs kept 50.7-51.7% such tasks
(seeds 907 and 1171), within a point of half. A rejected narrow task is asked again by the next round too, which may
add a tool (a conversion, a named day, a hop) or only more calls of the same ones.

Like the deduplicator, the check is stateful: :meth:`Depth.admit` counts each kept task, in order, so the output is
the same for any number of workers (:func:`dive.pipeline.workers.reconcile`).
"""

from __future__ import annotations

from typing import ClassVar

from dive.records import Task, Trace, Verdict
from dive.verification.provenance import EvidenceError, provenance_calls
from dive.verification.verifier import VerifyContext, accept, reject

__all__ = ["Depth", "used_calls", "used_tools"]


def used_calls(task: Task, trace: Trace | None = None) -> int:
    """The calls ``task``'s answer rests on: its provenance's count (set by the pipeline), else counted in ``trace``
    (0 when neither says)."""
    if task.provenance.calls:
        return task.provenance.calls
    if trace is None:
        return 0
    try:
        return len(provenance_calls(task, trace))
    except EvidenceError:
        return 0


def used_tools(task: Task, trace: Trace | None = None) -> int:
    """The distinct tools of the calls ``task``'s answer rests on: its provenance's count (set by the pipeline), else
    counted in ``trace`` (0 when neither says)."""
    if task.provenance.tools:
        return task.provenance.tools
    if trace is None:
        return 0
    try:
        return len({c.tool for c in provenance_calls(task, trace)})
    except EvidenceError:
        return 0


class Depth:
    """Reject a shallow task (fewer than ``few`` calls) once the run keeps ``share`` of ``target`` such tasks, and a
    narrow one (fewer than ``few`` distinct tools) once it keeps ``narrow_share`` of ``target`` such tasks."""

    name: ClassVar[str] = "depth"

    def __init__(self, share: float | None, target: int, few: int = 3, relax_at: int | None = None,
                 narrow_share: float | None = None) -> None:
        for value in (share, narrow_share):
            if value is not None and not 0.0 <= value <= 1.0:
                raise ValueError(f"Depth shares must be in [0, 1], got {value}")
        if target < 1 or few < 1:
            raise ValueError(f"Depth target and few must be at least 1, got {target} and {few}")
        self.share = share
        self.target = target
        self.few = few
        self.relax_at = relax_at
        """The item from which shallow and narrow tasks are kept whatever the budgets (None: never)."""
        self.budget = None if share is None else int(share * target)
        """The most shallow tasks kept beyond the first pass (None: no limit)."""
        self._shallow: set[str] = set()
        """Ids of the kept shallow tasks."""
        self.narrow_share = narrow_share
        self.narrow_budget = None if narrow_share is None else int(narrow_share * target)
        """The most narrow tasks (fewer than ``few`` distinct tools, shallow ones included) kept beyond the first pass
        (None: no limit)."""
        self._narrow: set[str] = set()
        """Ids of the kept narrow tasks."""

    def verify(self, task: Task, trace: Trace, ctx: VerifyContext) -> Verdict:
        if self.budget is None and self.narrow_budget is None:
            return accept(task, self.name, checked=False)
        calls = used_calls(task, trace)
        tools = used_tools(task, trace)
        shallow = self.budget is not None and 0 < calls < self.few
        narrow = self.narrow_budget is not None and 0 < tools < self.few
        if not shallow and not narrow:
            return accept(task, self.name)
        if ctx.first_pass:
            return accept(task, self.name, first_pass=True)  # every tool is in some task
        full = []
        if shallow and self.budget is not None and len(self._shallow) >= self.budget:
            full.append(f"its answer rests on {calls} call{'s' if calls != 1 else ''}, and the run keeps "
                        f"{len(self._shallow)} tasks of fewer than {self.few} calls already (verify.max_shallow_share "
                        f"{self.share} of {self.target} tasks): a later round asks it with more calls")
        if narrow and self.narrow_budget is not None and len(self._narrow) >= self.narrow_budget:
            full.append(f"its answer rests on {tools} tool{'s' if tools != 1 else ''}, and the run keeps "
                        f"{len(self._narrow)} tasks of fewer than {self.few} tools already (verify.max_narrow_share "
                        f"{self.narrow_share} of {self.target} tasks): a later round may ask it with another tool")
        if not full:
            return accept(task, self.name)
        if self.relax_at is not None and ctx.item >= self.relax_at:
            return accept(task, self.name, late=True)  # deep questions ran out: the run still fills
        return reject(task, self.name, "; ".join(full))

    def admit(self, task: Task) -> None:
        """Count ``task`` as kept (the pipeline calls this for each task it keeps, in order)."""
        if self.budget is not None and 0 < used_calls(task) < self.few:
            self._shallow.add(task.id)
        if self.narrow_budget is not None and 0 < used_tools(task) < self.few:
            self._narrow.add(task.id)

    def forget(self, task_id: str) -> None:
        """Drop a kept task (no-op when unknown): an item's rollback, a worker's own tasks after its item."""
        self._shallow.discard(task_id)
        self._narrow.discard(task_id)
