"""LLM checks: the teacher solves each task (rejection sampling), and must fail without tools.

**solver**: ``k`` attempts (``verify.solver_attempts``), run concurrently, each an agent loop
over the task's toolset of up to ``verify.solver_max_turns`` turns, ending in a message with
``Final answer: ...``. Each final answer is scored by :func:`dive.answers.check`; one the
checker cannot read goes to the judge, if one is configured. Correct attempts become SFT
:class:`~dive.records.Trajectory` records (``source`` = the model), returned with the verdict
(:class:`~dive.stages.Checked`); the pipeline stores them only with a kept task. The pass rate is stored in the verdict for RL difficulty filtering; the
task is rejected when it is outside ``[min_pass_rate, max_pass_rate]``.

**closed_book**: the same model, with no tools, must fail every attempt; a task it answers
correctly from memory does not need tools and is rejected.

Malformed tool calls inside an attempt become error messages the model sees (as in the
explorer). A provider failure is never a verdict: an attempt (or a judge call) that could not
reach its model makes the check reject the task as ``not checked: <cause>`` (``details.not_checked``),
so an outage never keeps a task as verified nor counts it as too hard.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any, ClassVar

from dive.answers import check
from dive.errors import LLMError
from dive.llm.models import StageLLM
from dive.llm.types import Message, parse_arguments
from dive.prompting import observation_text
from dive.records import ChatMessage, ChatToolCall, Observation, Task, Trace, Trajectory, Verdict
from dive.stages import Checked, VerifyContext
from dive.trajectories import SYSTEM_PROMPT
from dive.verification.judge import Judge
from dive.verification.verifier import accept, reject

__all__ = ["CLOSED_BOOK_SYSTEM", "Attempt", "ClosedBook", "Solver", "not_checked"]

CLOSED_BOOK_SYSTEM = (
    "Answer the question from your own knowledge; no tools are available. If you are unsure, give your best "
    "guess. End your reply with a line of the form `Final answer: ...`."
)
"""System prompt of the closed-book attempt."""


@dataclass
class Attempt:
    """One solver attempt: the conversation, its outcome and why."""

    messages: list[Message] = field(default_factory=list)
    correct: bool = False
    reason: str = ""
    turns: int = 0
    unchecked: str | None = None
    """Why the attempt could not run (a provider error): it is neither correct nor wrong."""


def not_checked(task: Task, check: str, cause: str, **details: Any) -> Verdict:
    """The verdict of a check whose model could not be reached: the task is not kept, and the reason says why."""
    return reject(task, check, f"not checked: {cause}", not_checked=True, **details)


def _score(task: Task, text: str, judge: Judge | None) -> tuple[bool, str]:
    """Typed check first; the judge only when the checker could not read the answer."""
    score = check(task.answer, text)
    if score.correct:
        return True, ""
    if score.parsed is None and judge is not None:
        grade, why = judge.grade_answer(task, text)
        return grade == "correct", f"judge: {grade} ({why})" if grade != "correct" else ""
    return False, score.reason


def _trajectory(task: Task, attempt: Attempt, tools: list[dict[str, Any]], source: str) -> Trajectory:
    messages = []
    for m in attempt.messages:
        calls = tuple(ChatToolCall(id=c["id"], name=c["function"]["name"], arguments=c["function"]["arguments"])
                      for c in m.get("tool_calls") or ())
        messages.append(ChatMessage(role=m["role"], content=m.get("content"), tool_calls=calls,
                                    tool_call_id=m.get("tool_call_id"), reasoning_content=m.get("reasoning_content")))
    return Trajectory(task_id=task.id, messages=tuple(messages), tools=tuple(tools), source=source)


class Solver:
    """The ``solver`` check (needs the ``solver`` stage's model)."""

    name: ClassVar[str] = "solver"
    costly: ClassVar[bool] = True
    """Runs only on tasks every other check passed, after the cheap checks."""

    def __init__(self, llm: StageLLM, *, attempts: int = 3, max_turns: int = 30, min_pass_rate: float = 0.01,
                 max_pass_rate: float = 1.0, judge: Judge | None = None) -> None:
        self.llm = llm
        self.attempts = attempts
        self.max_turns = max_turns
        self.min_pass_rate = min_pass_rate
        self.max_pass_rate = max_pass_rate
        self.judge = judge

    def verify(self, task: Task, trace: Trace, ctx: VerifyContext) -> Checked:
        """The verdict, with the correct attempts as SFT trajectories when it passes (none when rejected)."""
        tools = {t.name: t for t in ctx.toolset.list_tools() if t.name in set(task.toolset)}
        schemas = [tools[n].openai_schema() for n in sorted(tools)]
        lock = asyncio.Lock()
        attempts = self.llm.gather([self._attempt(task, ctx, schemas, set(tools), lock) for _ in range(self.attempts)])
        failed = [a.unchecked for a in attempts if a.unchecked]
        if failed:
            return Checked(not_checked(task, self.name, failed[0], attempts=len(attempts), unchecked=len(failed)))
        correct = [a for a in attempts if a.correct]
        rate = len(correct) / len(attempts)
        good = [_trajectory(task, a, schemas, self.llm.name) for a in correct]
        details: dict[str, Any] = {
            "attempts": len(attempts), "correct": len(correct), "pass_rate": round(rate, 4),
            "turns": [a.turns for a in attempts], "failures": [a.reason for a in attempts if not a.correct][:5],
            "trajectory_ids": [t.id for t in good],
        }
        if rate < self.min_pass_rate:
            return Checked(reject(task, self.name, f"the solver solved {len(correct)} of {len(attempts)} attempts "
                          f"(pass rate {rate:.2f} < {self.min_pass_rate}); first failure: "
                          f"{next((a.reason for a in attempts if not a.correct), '')}", **details))
        if rate > self.max_pass_rate:
            return Checked(reject(task, self.name, f"too easy: pass rate {rate:.2f} > {self.max_pass_rate}", **details))
        return Checked(accept(task, self.name, **details), tuple(good))

    async def _attempt(self, task: Task, ctx: VerifyContext, schemas: list[dict[str, Any]], names: set[str],
                       lock: asyncio.Lock) -> Attempt:
        attempt = Attempt(messages=[{"role": "system", "content": SYSTEM_PROMPT},
                                    {"role": "user", "content": task.query}])
        for _ in range(self.max_turns):
            attempt.turns += 1
            try:
                completion, draft = await self.llm.acomplete(attempt.messages, schemas, task_id=task.id)
            except LLMError as err:
                attempt.unchecked = f"provider error: {err}"
                return attempt
            message = completion.message()
            if completion.reasoning:
                message["reasoning_content"] = completion.reasoning
            attempt.messages.append(message)
            if not completion.tool_calls:
                # in a worker thread: a judge call blocks until the loop (free while we await) answers it
                try:
                    attempt.correct, attempt.reason = await asyncio.to_thread(_score, task, completion.content or "",
                                                                              self.judge)
                except LLMError as err:
                    attempt.unchecked = f"judge unavailable: {err}"
                return attempt
            for request in completion.tool_calls:
                arguments, why = parse_arguments(request.arguments)
                if request.name not in names:
                    why = f"unknown tool {request.name!r}; call one of the tools provided"
                    self.llm.ledger.reject(draft, f"malformed tool call: unknown tool {request.name!r}")
                elif arguments is None:
                    why = f"{why}; send the arguments as one JSON object"
                    self.llm.ledger.reject(draft, f"malformed tool call to {request.name}: {why}")
                if request.name not in names or arguments is None:
                    obs = Observation(call_id=request.id or "malformed", ok=False, error=why)
                else:
                    async with lock:  # tools run one at a time (not every backing library is thread-safe)
                        obs = await asyncio.to_thread(ctx.toolset.call, request.name, arguments)
                # rendered as in gold trajectories, so SFT data from both sources looks the same
                attempt.messages.append({"role": "tool", "tool_call_id": request.id, "content": observation_text(obs)})
        attempt.reason = f"no final answer within {self.max_turns} turns"
        return attempt


class ClosedBook:
    """The ``closed_book`` check: the solver model without tools must not find the answer."""

    name: ClassVar[str] = "closed_book"
    costly: ClassVar[bool] = True

    def __init__(self, llm: StageLLM, *, attempts: int = 1, judge: Judge | None = None) -> None:
        self.llm = llm
        self.attempts = attempts
        self.judge = judge

    def verify(self, task: Task, trace: Trace, ctx: VerifyContext) -> Verdict:
        messages = [{"role": "system", "content": CLOSED_BOOK_SYSTEM}, {"role": "user", "content": task.query}]

        async def one() -> str | LLMError:
            try:
                completion, _ = await self.llm.acomplete(messages, task_id=task.id)
            except LLMError as err:
                return err
            return completion.content or ""

        results = self.llm.gather([one() for _ in range(self.attempts)])
        answers = [r for r in results if isinstance(r, str)]
        errors = [str(r) for r in results if not isinstance(r, str)]
        for text in answers:
            try:
                correct, _ = _score(task, text, self.judge)
            except LLMError as err:
                errors.append(f"judge unavailable: {err}")
                continue
            if correct:
                return reject(task, self.name, "the solver model answered correctly without tools: "
                              f"{text.strip()[-160:]!r}", answers=[a[-300:] for a in answers])
        if errors:  # an attempt that never ran proves nothing: the task is not kept as verified
            cause = errors[0] if errors[0].startswith("judge") else f"provider error: {errors[0]}"
            return not_checked(task, self.name, cause, answers=[a[-300:] for a in answers], errors=errors)
        return accept(task, self.name, answers=[a[-300:] for a in answers])
