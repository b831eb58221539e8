"""The LLM judge: grades an answer against the reference, or a task against its evidence.

It is a fallback, never the first resort: the typed checker (:func:`dive.answers.check`)
decides every answer it can read; the judge grades only answers it cannot read (a
free-text date, a paraphrased entity), and, when ``derive.ungrounded: judge``, LLM-derived
tasks whose answer the trace does not recompute. Its grade is ``correct``, ``partial`` or
``incorrect``, read from a JSON object; an unreadable reply counts as ``incorrect`` with the
reason on the judge's LLMCall. Only ``correct`` counts as correct.
"""

from __future__ import annotations

import json
import re
from typing import ClassVar, Literal

from dive.errors import LLMError
from dive.llm.models import StageLLM
from dive.prompting import evidence_lines, render_answer
from dive.records import Task, Trace, Verdict
from dive.verification.grounding import Grounding
from dive.verification.verifier import VerifyContext, accept, reject

__all__ = ["ANSWER_SYSTEM", "ENTAILMENT_SYSTEM", "Grade", "Judge", "JudgedGrounding"]

Grade = Literal["correct", "partial", "incorrect"]

ANSWER_SYSTEM = (
    "You grade an answer to a question against the reference answer. Judge only whether the candidate's final "
    "answer means the same as the reference (allow a small numeric margin from rounding, equivalent units and "
    "spellings); do not solve the question yourself. Reply with one JSON object: "
    '{"grade": "correct" | "partial" | "incorrect", "reason": "one sentence"}.'
)
"""System prompt of answer grading."""

ENTAILMENT_SYSTEM = (
    "You check a question-answer pair against evidence: tool calls and their outputs. The pair is correct only "
    "if the evidence alone entails the answer to the question exactly. Reply with one JSON object: "
    '{"grade": "correct" | "partial" | "incorrect", "reason": "one sentence"}.'
)
"""System prompt of the entailment check of ungrounded tasks."""

_GRADE = re.compile(r'"grade"\s*:\s*"(correct|partial|incorrect)"')


class Judge:
    """Grades with the ``judge`` stage's model."""

    def __init__(self, llm: StageLLM) -> None:
        self.llm = llm

    def _ask(self, system: str, user: str, task_id: str) -> tuple[Grade, str]:
        # an LLMError propagates: a judge that could not be reached has graded nothing (callers record
        # "not checked"), and "incorrect" would turn an outage into a verdict
        completion, draft = self.llm.complete(
            [{"role": "system", "content": system}, {"role": "user", "content": user}], task_id=task_id)
        text = completion.content or ""
        try:
            data = json.loads(text.strip().removeprefix("```json").removesuffix("```").strip())
            grade, reason = data["grade"], str(data.get("reason", ""))
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError):
            found = _GRADE.search(text)
            if not found:
                self.llm.ledger.reject(draft, "the judge's reply has no grade")
                return "incorrect", f"unreadable judge reply: {text[:120]!r}"
            grade, reason = found.group(1), ""
        if grade not in ("correct", "partial", "incorrect"):
            self.llm.ledger.reject(draft, f"unknown grade {grade!r}")
            return "incorrect", f"unknown grade {grade!r}"
        return grade, reason

    def grade_answer(self, task: Task, candidate: str) -> tuple[Grade, str]:
        """Grade ``candidate`` (a model's final answer) against the task's reference answer."""
        user = (f"Question: {task.query}\n\nReference answer: {render_answer(task.answer)}\n\n"
                f"Candidate answer: {candidate[-2000:]}")
        return self._ask(ANSWER_SYSTEM, user, task.id)

    def grade_entailment(self, task: Task, trace: Trace) -> tuple[Grade, str]:
        """Whether the trace's evidence entails the task's answer."""
        user = ("Evidence:\n" + "\n".join(evidence_lines(trace, 1500))
                + f"\n\nQuestion: {task.query}\n\nAnswer: {render_answer(task.answer)}")
        return self._ask(ENTAILMENT_SYSTEM, user, task.id)


class JudgedGrounding:
    """Grounding, with the judge as a second chance for LLM-derived tasks (``derive.ungrounded: judge``)."""

    name: ClassVar[str] = "grounding"

    def __init__(self, judge: Judge) -> None:
        self.judge = judge
        self.grounding = Grounding()

    def verify(self, task: Task, trace: Trace, ctx: VerifyContext) -> Verdict:
        verdict = self.grounding.verify(task, trace, ctx)
        if verdict.ok or task.template != "llm":
            return verdict
        try:
            grade, why = self.judge.grade_entailment(task, trace)
        except LLMError as err:
            return reject(task, self.name, f"{verdict.reason}; not checked: judge unavailable: {err}",
                          not_checked=True)
        if grade == "correct":
            return accept(task, self.name, judged=grade, judge_reason=why, mechanical=verdict.reason)
        return reject(task, self.name, f"{verdict.reason}; the judge graded it {grade}: {why}",
                      judged=grade, judge_reason=why)
