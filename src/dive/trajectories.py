"""Gold trajectories: a kept task's solution rendered as an OpenAI chat with parallel tool calls.

:func:`gold_trajectory` replays the task's provenance path (the evidence calls and their
ancestors, see :func:`dive.verification.provenance.provenance_calls`) as a conversation:

- a system message (:data:`SYSTEM_PROMPT`) and the user message (the task's query);
- one assistant turn per dependency level (:func:`parallel_batches`): a call goes into the
  first turn after all its parents' turns, so independent calls share a turn as parallel
  tool calls; each turn is followed by one ``tool`` message per call, in the same order;
- a final assistant message: the task's answer as a sentence (:attr:`~dive.records.Task.statement`, else
  :data:`FINAL_SENTENCE`), then ``Final answer: ...``, rendered from the task's
  :class:`~dive.records.AnswerSpec` by :func:`render_answer` so that
  :func:`dive.answers.check` accepts it (checked, a ``ValueError`` otherwise).

Tool-call ids are ``call_`` plus the first 12 hex digits of the :class:`ToolCall` id, so the
same task always renders to the same trajectory (and the same trajectory id).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pydantic import JsonValue

from dive.answers import check
from dive.prompting import compact_json, observation_text, render_answer
from dive.provenance import solution_calls
from dive.records import (
    ChatMessage,
    ChatToolCall,
    Task,
    ToolCall,
    Trace,
    Trajectory,
)
from dive.tools.tool import Tool

__all__ = [
    "FINAL_SENTENCE",
    "SYSTEM_PROMPT",
    "gold_trajectory",
    "observation_text",
    "parallel_batches",
    "render_answer",
    "trajectory_to_openai",
]

SYSTEM_PROMPT = (
    "You are a careful assistant that answers questions by calling the tools provided. "
    "Use the tools to look up and compute every fact you need; do not guess. "
    "When several tool calls do not depend on each other, make them in parallel in the same turn. "
    "When you are done, end your reply with a line of the form `Final answer: ...` "
    "that gives the answer in the format the question asks for."
)
"""The system message of every gold trajectory."""

FINAL_SENTENCE = "The tool results above give everything needed to answer the question."
"""The sentence before the ``Final answer:`` line of a gold trajectory whose task has no ``statement``."""


def gold_trajectory(task: Task, trace: Trace, tools: Mapping[str, Tool]) -> Trajectory:
    """Render ``task``'s solution over ``trace`` as a chat (``source="gold"``).

    ``tools`` maps tool names to tools; every name in ``task.toolset`` must be there
    (``KeyError`` naming the tool otherwise). Raises ``ValueError`` when ``trace`` is not the
    task's trace or the rendered answer does not pass :func:`dive.answers.check`, and :class:`~dive.verification.provenance.EvidenceError` when an evidence
    call is missing from it.
    """
    if task.trace_id != trace.id:
        raise ValueError(f"task {task.id} was derived from trace {task.trace_id}, not {trace.id}")
    schemas = []
    for name in sorted(set(task.toolset)):
        if name not in tools:
            raise KeyError(f"tool {name!r} of task {task.id}'s toolset is not among the given tools")
        schemas.append(tools[name].openai_schema())
    messages = [ChatMessage(role="system", content=SYSTEM_PROMPT), ChatMessage(role="user", content=task.query)]
    calls = solution_calls(task, trace)
    actions = [c for c in calls if c.id in task.provenance.state_calls]  # each in its own turn, first
    batches = [[c] for c in actions] + parallel_batches([c for c in calls if c.id not in task.provenance.state_calls])
    for batch in batches:
        chat_calls = [
            ChatToolCall(id=_chat_id(call), name=call.tool, arguments=compact_json(call.arguments, sort_keys=True))
            for call in batch
        ]
        messages.append(ChatMessage(role="assistant", content=None, tool_calls=tuple(chat_calls)))
        for call, chat_call in zip(batch, chat_calls, strict=True):
            content = observation_text(trace.observation(call.id))
            messages.append(ChatMessage(role="tool", content=content, tool_call_id=chat_call.id, name=call.tool))
    answer = render_answer(task.answer)
    said = task.statement or FINAL_SENTENCE
    final = f"{said}\n\nFinal answer: {answer}"
    score = check(task.answer, final)
    if not score.correct and task.answer.unit:  # a unit the parser cannot read back (10⁻⁶ Å⁻²): the bare number
        answer = render_answer(task.answer.model_copy(update={"unit": None}))
        final = f"{said}\n\nFinal answer: {answer}"
        score = check(task.answer, final)
    if not score.correct:
        raise ValueError(f"the rendered answer {answer!r} of task {task.id} does not check: {score.reason}")
    messages.append(ChatMessage(role="assistant", content=final))
    return Trajectory(task_id=task.id, messages=tuple(messages), tools=tuple(schemas), source="gold")


def trajectory_to_openai(traj: Trajectory) -> dict[str, JsonValue]:
    """The trajectory as an OpenAI chat-completions body: ``{"messages": [...], "tools": [...]}``."""
    return {"messages": [m.to_openai() for m in traj.messages], "tools": list(traj.tools)}


def parallel_batches(calls: Sequence[ToolCall]) -> list[list[ToolCall]]:
    """Group ``calls`` (parents before children) into dependency levels, in call order within a level.

    A call's level is 1 when none of its parents is among ``calls``, else 1 + the largest
    level of those parents; parents outside ``calls`` are ignored. Batch ``i`` holds the
    calls of level ``i + 1``, so calls in one batch never depend on each other.
    """
    level: dict[str, int] = {}
    for call in calls:
        parent_levels = [level[p] for p in call.parents if p in level]
        level[call.id] = 1 + max(parent_levels, default=0)
    batches: list[list[ToolCall]] = [[] for _ in range(max(level.values(), default=0))]
    for call in calls:
        batches[level[call.id] - 1].append(call)
    return batches


def _chat_id(call: ToolCall) -> str:
    return f"call_{call.id[:12]}"
