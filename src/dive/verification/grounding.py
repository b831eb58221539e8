"""Grounding: the stored answer is what the provenance op computes from the trace's outputs."""

from __future__ import annotations

from typing import ClassVar

from pydantic import JsonValue

from dive.answers import check
from dive.ops import OpError, apply_op
from dive.provenance import EvidenceError, evidence_values
from dive.records import Task, Trace, Verdict
from dive.values import render_value
from dive.verification.verifier import VerifyContext, accept, reject

__all__ = ["Grounding", "recompute", "render_value"]  # render_value: re-exported from dive.values


def recompute(task: Task, trace: Trace) -> tuple[list[JsonValue], JsonValue]:
    """The evidence values and the op's result (EvidenceError or OpError when undefined)."""
    values = evidence_values(task, trace)
    return values, apply_op(task.provenance.op, values, task.provenance.params)


class Grounding:
    """Resolve each evidence item in the trace, apply the op, and compare with the stored answer."""

    name: ClassVar[str] = "grounding"

    def verify(self, task: Task, trace: Trace, ctx: VerifyContext) -> Verdict:
        op = task.provenance.op
        try:
            values, result = recompute(task, trace)
        except EvidenceError as err:
            return reject(task, self.name, f"evidence does not resolve: {err}", op=op)
        except OpError as err:
            return reject(task, self.name, f"op cannot be applied: {err}", op=op)
        if result is None or isinstance(result, dict):
            return reject(task, self.name, f"{op} gave {result!r}, which is not an answer", op=op,
                          values=values, recomputed=result)
        text = render_value(result)
        try:
            score = check(task.answer, text)
        except ValueError as err:
            return reject(task, self.name, f"invalid answer spec: {err}", op=op, values=values, recomputed=result)
        if not score.correct:
            return reject(
                task, self.name,
                f"stored answer {task.answer.value!r} does not match {op} of the evidence = {text}: {score.reason}",
                op=op, values=values, recomputed=result,
            )
        return accept(task, self.name, op=op, values=values, recomputed=result)
