"""Necessity: answering must take the tools; the seed or the query alone must not give it.

Rejected: an answer equal to the seed (its value or label, read the way
:func:`dive.answers.check` reads a candidate, so ``"Asia/Tokyo"`` equals
``"asia tokyo"``), unless it is the pick among options the query lists, the seed one of them; a numeric answer that is one of the numbers written in the query (any
length, unlike :mod:`~dive.verification.leakage`, but dates, times and format
instructions do not count); and evidence that points at no call of the trace (no
evidence, or only the seed's pseudo call), so no tool call is needed.
"""

from __future__ import annotations

import re
from typing import ClassVar

from pydantic import JsonValue

from dive.answers import check
from dive.ops import CHOICE_OPS
from dive.records import AnswerSpec, Task, Trace, Verdict
from dive.values import render_value
from dive.verification.leakage import numbers_in_query
from dive.verification.verifier import VerifyContext, accept, reject

__all__ = ["Necessity", "seed_gives_answer"]

_PLAIN_NUMBER = re.compile(r"\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*")


def seed_gives_answer(spec: AnswerSpec, seed_values: list[JsonValue]) -> JsonValue:
    """The seed value (or label) that ``check`` accepts as the answer, or None."""
    for seed in seed_values:
        if seed is None or seed == "" or isinstance(seed, dict):
            continue
        text = render_value(seed)
        numeric = spec.type in ("number", "integer") or spec.item_type in ("number", "integer")
        if numeric and not _PLAIN_NUMBER.fullmatch(text):
            continue  # "2024-07-01" or "Etc/GMT+5" would read as a number by accident
        try:
            if check(spec, text).correct:
                return seed
        except ValueError:
            return None  # an invalid spec is well_posed's to report
    return None


def _a_listed_option(task: Task) -> bool:
    """Whether the answer is the pick of a choice among options the query lists (which of radon, helium and argon has
    the largest ...): the seed is one of them, and never letting it win would teach that the first-named never does
    (1.8% of 487 superlatives were won by the first-named option, against a third by chance)."""
    labels = task.provenance.params.get("labels")
    return task.provenance.op in CHOICE_OPS and isinstance(labels, list) and task.answer.value in labels


class Necessity:
    """Reject a task whose answer the seed or the query already gives, or that needs no call."""

    name: ClassVar[str] = "necessity"

    def verify(self, task: Task, trace: Trace, ctx: VerifyContext) -> Verdict:
        call_ids = {c.id for c in trace.calls}
        evidence = [e.call_id for e in task.provenance.evidence]
        if not any(cid in call_ids for cid in evidence):
            why = "the task has no evidence" if not evidence else f"no evidence call is in the trace ({evidence})"
            return reject(task, self.name, f"no tool call is needed: {why}", evidence_calls=evidence)
        seeds: list[JsonValue] = [trace.seed]
        if ctx.seed is not None:
            seeds += [ctx.seed.value, ctx.seed.label]
        hit = None if _a_listed_option(task) else seed_gives_answer(task.answer, seeds)
        if hit is not None:
            return reject(task, self.name, f"the answer is the seed itself ({render_value(hit)})", seed=hit)
        in_query = numbers_in_query(task.answer, task.query, min_chars=0)
        if in_query:
            return reject(task, self.name, f"the answer is a number the query already states ({in_query[0]})",
                          numbers_in_query=in_query)
        return accept(task, self.name)
