"""The contracts of every extension point, in one place (read it right after ``records.py``).

Each contract is a Protocol with one required method. A component is anything with that
method: a class in your own package, registered by one entry-point line or passed to
:func:`dive.run` as an object (``docs/extending.md``).

    class Shortest:                                    # a Deriver
        def derive(self, r: Round, trace: Trace) -> list[Task]: ...  # or any iterable of tasks

    class QueryLength:                                 # a Verifier
        name: ClassVar[str] = "query_length"
        def verify(self, task: Task, trace: Trace, ctx: VerifyContext) -> Verdict: ...

One round of one work item is a frozen :class:`Round`: the explorer extends ``r.trace``
by one round of calls, the deriver turns the extended trace into candidate tasks, best
first. Every random choice draws from ``r.rng``, which the pipeline derives from the run
seed, the item and the round, so the same inputs give the same records.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

from dive.llm.types import LLM
from dive.records import Record, Seed, Task, Trace, Verdict
from dive.tools.tool import Tool
from dive.tools.toolset import FunctionToolset, Toolset

if TYPE_CHECKING:
    from dive.store import RunStore

__all__ = ["LLM", "Checked", "Deriver", "Explorer", "Exporter", "Round", "Verifier", "VerifyContext"]


@dataclass(frozen=True)
class Round:
    """One round of one work item: what an explorer and a deriver may use."""

    seed: Seed
    """The item's starting entity."""
    toolset: Toolset
    """The tools exposed to this item (calls through it are timed and executed under limits)."""
    tools: Mapping[str, Tool]
    """The same tools by name, for their metadata (semantic types, kinds, descriptions)."""
    trace: Trace | None
    """The cumulative trace of earlier rounds (None in round 1); an explorer returns it extended."""
    round: int
    """1-based round number."""
    previous: Task | None
    """The task kept in the previous round, if any (later rounds build on it)."""
    rng: random.Random = field(compare=False)
    """The only source of randomness for this stage of this round."""
    item: int = 0
    """The work item's number."""
    focus: str | None = None
    """The tool the item should use (coverage mode's schedule), if any: an explorer calls it where it can."""
    cover: str | None = None
    """The focus tool in the first pass over the pool: a deriver may ask a one-call question about it, and an
    explorer may call it from its own example where no seed reaches it."""

    @classmethod
    def of(cls, seed: Seed, toolset: Toolset | None = None, *, tools: Mapping[str, Tool] | None = None,
           trace: Trace | None = None, round: int = 1, previous: Task | None = None,
           rng: random.Random | None = None, item: int = 0) -> Round:
        """A round built by hand (tests, notebooks): ``tools`` default to the toolset's, and back."""
        if toolset is None and tools is None:
            raise ValueError("give a toolset or tools")
        if tools is None:
            tools = {t.name: t for t in toolset.list_tools()}  # type: ignore[union-attr]
        if toolset is None:
            toolset = FunctionToolset(tools.values())
        return cls(seed, toolset, tools, trace, round, previous, rng or random.Random(0), item)


@runtime_checkable
class Explorer(Protocol):
    """Collects evidence: returns ``r.trace`` extended by one round of real tool calls."""

    def explore(self, r: Round) -> Trace:
        """Run one evidence-collection round; failed calls stay in the trace."""
        ...


@runtime_checkable
class Deriver(Protocol):
    """Writes tasks whose answers the trace entails, with provenance, best first."""

    def derive(self, r: Round, trace: Trace) -> Iterable[Task]:
        """Candidate tasks from ``trace`` (the explorer's output for ``r``); may be empty. A list, or an iterator
        that makes each task when read: the pipeline reads only as many as it verifies (``derive.attempts``).

        A deriver whose tasks depend on the trace alone may set ``needs_new_evidence = True``: an item then ends at
        the first round whose explorer added no call (an LLM deriver may still ask a harder question of the same
        evidence, and does not set it)."""
        ...


@dataclass(frozen=True)
class VerifyContext:
    """What verifiers may use besides the task and its trace."""

    toolset: Toolset
    """The tools to replay calls through (a :class:`~dive.tools.FunctionToolset` in practice)."""
    seed: Seed | None = None
    """The seed the trace started from, with its label; ``trace.seed`` is used when absent."""
    replay_rel_tol: float = 1e-9
    """Relative tolerance for numbers when comparing a replayed output with the stored one."""
    reset: Callable[[], None] | None = None
    """Brings the tools back to the starting state (None: tools without state): a replay starts there
    and re-runs the trace in order."""
    first_pass: bool = False
    """Whether the item is of the first pass over the pool (coverage sampling), whose tasks cover every tool: the
    ``depth`` check keeps them whatever their depth."""
    item: int = 0
    """The item's index in the run: past a late item the ``depth`` check keeps shallow tasks too, so a small pool still
    fills its run."""


@dataclass(frozen=True)
class Checked:
    """A verdict together with records the check produced (the solver's SFT trajectories).

    The pipeline stores ``records`` only when the task is kept, in the same item."""

    verdict: Verdict
    records: tuple[Record, ...] = ()


@runtime_checkable
class Verifier(Protocol):
    """One check of a synthesized task; a rejection is a verdict with a reason, never an exception."""

    name: ClassVar[str]
    """Name recorded in every verdict's ``check`` field and used in ``verify.checks``."""

    def verify(self, task: Task, trace: Trace, ctx: VerifyContext) -> Verdict | Checked:
        """A passing or rejecting verdict of ``task`` (with records, if the check makes any)."""
        ...


@runtime_checkable
class Exporter(Protocol):
    """Writes a run's kept tasks in one format (``dive export --format NAME``)."""

    name: ClassVar[str]
    """The format name."""

    def write(self, store: RunStore, out: Path) -> int:
        """Write the file ``out`` from the run in ``store``; the number of lines (or rows) written."""
        ...
