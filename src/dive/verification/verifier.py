"""The verifier contract: one ``verify`` method that turns a task and its trace into a Verdict.

A verifier never raises for a bad task: every rejection is a stored
:class:`~dive.records.Verdict` with ``ok=False``, a reason a person can act on and
details (the recomputed value, the matching text, the earlier duplicate). Collaborators
(the toolset to replay calls through, the seed) come in a :class:`VerifyContext`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from pydantic import JsonValue

from dive.records import Seed, Task, Trace, Verdict
from dive.tools.toolset import Toolset
from dive.verification.dedup import Deduplicator

__all__ = ["VerifyContext", "Verifier", "accept", "reject", "run_checks"]


@dataclass(frozen=True)
class VerifyContext:
    """What verifiers may use besides the task and its trace."""

    toolset: Toolset
    """The tools to replay calls through (a :class:`~dive.tools.FunctionToolset` in practice)."""
    seed: Seed | None = None
    """The seed the trace started from, with its label; ``trace.seed`` is used when absent."""
    replay_rel_tol: float = 1e-9
    """Relative tolerance for numbers when comparing a replayed output with the stored one."""


@runtime_checkable
class Verifier(Protocol):
    """One mechanical check of a synthesized task."""

    name: str
    """Name recorded in every verdict's ``check`` field, e.g. ``grounding``."""

    def verify(self, task: Task, trace: Trace, ctx: VerifyContext) -> Verdict:
        """Return a passing or rejecting Verdict for ``task``; never raise for a bad task."""
        ...


def accept(task: Task, check: str, **details: JsonValue) -> Verdict:
    """A passing verdict of ``check`` on ``task``."""
    return Verdict(task_id=task.id, check=check, ok=True, details=details)


def reject(task: Task, check: str, reason: str, **details: JsonValue) -> Verdict:
    """A rejecting verdict of ``check`` on ``task``, with the reason and details."""
    return Verdict(task_id=task.id, check=check, ok=False, reason=reason, details=details)


def run_checks(task: Task, trace: Trace, ctx: VerifyContext, verifiers: Iterable[Verifier]) -> list[Verdict]:
    """Run every verifier on ``task`` in order and return all verdicts (no early stop).

    The caller keeps the task only if every verdict is ok. A stateful deduplicator that
    registered the task is told to forget it when another check rejected it, so a
    rejected task never shadows a later, valid duplicate.
    """
    if task.trace_id != trace.id:
        raise ValueError(f"task {task.id} was derived from trace {task.trace_id}, but trace {trace.id} was given")
    verifiers = list(verifiers)
    verdicts = [v.verify(task, trace, ctx) for v in verifiers]
    if not all(v.ok for v in verdicts):
        for verifier in verifiers:
            if isinstance(verifier, Deduplicator):
                verifier.forget(task.id)
    return verdicts
