"""Running checks: verdict helpers and :func:`run_checks`, over the :class:`~dive.stages.Verifier` contract.

A verifier never raises for a bad task: every rejection is a stored
:class:`~dive.records.Verdict` with ``ok=False``, a reason a person can act on and
details (the recomputed value, the matching text, the earlier duplicate). Collaborators
(the toolset to replay calls through, the seed) come in a :class:`VerifyContext`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from dive.records import Record, Task, Trace, Verdict
from dive.stages import Checked, Verifier, VerifyContext

__all__ = ["Checked", "Checks", "VerifyContext", "Verifier", "accept", "first_rejections", "reject", "rejection_label",
           "run_checks"]


def accept(task: Task, check: str, **details: Any) -> Verdict:
    """A passing verdict of ``check`` on ``task`` (``details``: JSON values, validated by the Verdict)."""
    return Verdict(task_id=task.id, check=check, ok=True, details=details)


def reject(task: Task, check: str, reason: str, **details: Any) -> Verdict:
    """A rejecting verdict of ``check`` on ``task``, with the reason and details."""
    return Verdict(task_id=task.id, check=check, ok=False, reason=reason, details=details)


@dataclass
class Checks:
    """The verdicts of a group of checks on one task, in order, and the records they made."""

    verdicts: list[Verdict] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    """Kept with the task only (the solver's trajectories); dropped when the task is rejected."""

    @property
    def ok(self) -> bool:
        return all(v.ok for v in self.verdicts)


def run_checks(task: Task, trace: Trace, ctx: VerifyContext, verifiers: Iterable[Verifier], *,
               stop_on_reject: bool = False) -> Checks:
    """Run the verifiers on ``task`` in order; every verdict, or up to the first rejection.

    The caller keeps the task only if every verdict is ok. Checks are pure: a stateful
    check (the deduplicator) learns about a task only when the caller keeps it (``admit``).
    A check that calls tools (``calls_tools = True``: informative, replay) is not run for a task
    another check rejected: its verdict could not keep the task, and duplicates re-ran whole
    member sets (73% of a 2000-task run's item time went to items whose tasks were mostly duplicates).
    """
    if task.trace_id != trace.id:
        raise ValueError(f"task {task.id} was derived from trace {task.trace_id}, but trace {trace.id} was given")
    out = Checks()
    rejected = False
    for verifier in verifiers:
        if rejected and getattr(verifier, "calls_tools", False):
            continue
        result = verifier.verify(task, trace, ctx)
        verdict = result.verdict if isinstance(result, Checked) else result
        out.verdicts.append(verdict)
        if isinstance(result, Checked):
            out.records.extend(result.records)
        rejected = rejected or not verdict.ok
        if stop_on_reject and rejected:
            break
    return out


def rejection_label(verdict: Verdict) -> str:
    """The name a rejection is counted under: the check, marked when its model could not be reached."""
    return f"{verdict.check} (not checked)" if verdict.details.get("not_checked") else verdict.check


def first_rejections(verdicts: Iterable[Verdict]) -> dict[str, Verdict]:
    """Per rejected task, its first rejecting verdict: the check a rejection is counted under
    (the run's funnel and ``dive show`` both count with this)."""
    out: dict[str, Verdict] = {}
    for verdict in verdicts:
        if not verdict.ok and verdict.task_id not in out:
            out[verdict.task_id] = verdict
    return out
