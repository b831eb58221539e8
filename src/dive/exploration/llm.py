"""The LLM explorer: a model calls real tools from the sampled toolset to collect evidence.

Each round is a fresh conversation: the system prompt (:data:`SYSTEM`), then the seed, the
evidence so far (each earlier call with its handle, arguments and a truncated output) and,
from round 2, the question derived so far, with the instruction to use diverse tools and not
repeat findings. The model gets up to ``max_turns`` assistant turns; calls in one turn are
parallel (one ``step``). The round ends when a turn has no tool calls or the budget is spent.

Malformed calls never crash the round; the model sees an error and can recover:

- invalid JSON arguments or an unknown tool name: a ``tool`` error message, not executed, not
  in the trace (nothing ran), counted in :attr:`LLMExplorer.malformed` and written on the
  call's :class:`~dive.records.LLMCall` (``error``);
- arguments of the wrong type: executed through the toolset, which refuses them with a
  validation error; the failed call stays in the trace, like any failed call, and is counted;
- a repeat of a call already in the trace: answered with a pointer to the earlier output.

A provider error after retries ends the round with the evidence collected so far. The trace
is the same record the typed walk produces; a call's ``parents`` are the earlier calls whose
outputs hold one of its argument values (the data flow the model followed).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from typing import Any

from dive._hashing import canonical_json
from dive.errors import LLMError
from dive.llm.models import StageLLM
from dive.llm.types import Message, parse_arguments
from dive.prompting import evidence_lines, short_json
from dive.records import Observation, Seed, Task, ToolCall, Trace
from dive.stages import Round
from dive.tools.toolset import Toolset
from dive.values import scalar_leaves

__all__ = ["SYSTEM", "LLMExplorer", "evidence_lines", "infer_parents"]

SYSTEM = (
    "You are an evidence collector. You explore a set of real tools, starting from one seed entity, "
    "to gather facts that a hard, specific question could later be built on.\n"
    "Rules:\n"
    "- Call tools; do not answer questions or explain. Every fact must come from a tool output.\n"
    "- Use diverse tools: prefer tools not used yet, and chain them: feed values found in one output "
    "(codes, names, numbers, dates) into the next call.\n"
    "- Several independent calls may go in one turn (parallel calls).\n"
    "- Do not repeat a call already made; the earlier output is listed under Evidence.\n"
    "- Use argument values exactly as the tool descriptions ask (codes, formats, units).\n"
    "- When there is nothing useful left to call, reply with one short sentence and no tool calls."
)
"""The explorer's system prompt (a golden file snapshots it)."""

_MIN_CHARS = 2


def _meaningful(value: Any) -> bool:
    if isinstance(value, str):
        return len(value.strip()) >= _MIN_CHARS
    return isinstance(value, int | float) and value not in (0, 1)


def infer_parents(arguments: Mapping[str, Any], calls: list[ToolCall], observations: list[Observation],
                  seed_value: Any) -> tuple[str, ...]:
    """Earlier calls whose outputs hold one of ``arguments``' values (the latest holder of each value)."""
    wanted = {canonical_json(v) for v in scalar_leaves(dict(arguments)) if _meaningful(v)}
    wanted.discard(canonical_json(seed_value))
    parents: list[str] = []
    for key in wanted:
        for call, obs in zip(reversed(calls), reversed(observations), strict=True):
            if obs.ok and any(canonical_json(v) == key for v in scalar_leaves(obs.output)):
                if call.id not in parents:
                    parents.append(call.id)
                break
    order = {c.id: i for i, c in enumerate(calls)}
    return tuple(sorted(parents, key=order.__getitem__))


class LLMExplorer:
    """Evidence collection by a model with tools (the paper's explorer)."""

    def __init__(self, llm: StageLLM, *, max_turns: int = 5, output_chars: int = 1500) -> None:
        self.llm = llm
        self.max_turns = max_turns
        self.output_chars = output_chars
        self.malformed: Counter[str] = Counter()
        """Malformed tool calls by kind (bad_json, unknown_tool, bad_arguments) over the run."""

    def prompt(self, seed: Seed, trace: Trace | None, round: int, previous: Task | None) -> list[Message]:
        """The round's opening messages."""
        label = f"{seed.label} " if seed.label and seed.label != seed.value else ""
        parts = [f"Seed: {label}({seed.sem}: {json.dumps(seed.value, ensure_ascii=False)})",
                 f"This is round {round} of evidence collection."]
        lines = evidence_lines(trace, 300)
        if lines:
            parts.append("Evidence so far (do not repeat these calls):\n" + "\n".join(lines))
        if previous is not None:
            parts.append(f"A question built on this evidence so far: {previous.query!r}\n"
                         "Collect NEW evidence that a harder, more specific question could add to it: follow up "
                         "on values it uses, or add a different angle with tools not used yet.")
        parts.append("Call tools now.")
        return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": "\n\n".join(parts)}]

    def explore(self, r: Round) -> Trace:
        """One round: the model's tool calls, executed, appended to ``r.trace``."""
        seed, toolset, trace, round, previous = r.seed, r.toolset, r.trace, r.round, r.previous
        tools = dict(r.tools)
        schemas = [tools[name].openai_schema() for name in sorted(tools)]
        calls = list(trace.calls) if trace else []
        observations = list(trace.observations) if trace else []
        messages = self.prompt(seed, trace, round, previous)
        for step in range(self.max_turns):
            try:
                completion, draft = self.llm.complete(messages, schemas, round=round)
            except LLMError:
                break  # recorded on the LLMCall; the round keeps what it collected
            if not completion.tool_calls:
                break
            messages.append(completion.message())
            this_turn: list[ToolCall] = []
            for request in completion.tool_calls:
                reply, problem = self._run(request.name, request.arguments, toolset, set(tools), calls,
                                           observations, this_turn, seed, round, step)
                if problem:
                    self.llm.ledger.reject(draft, problem)
                messages.append({"role": "tool", "tool_call_id": request.id, "content": reply})
            calls.extend(this_turn)
        return Trace(seed=seed.value, seed_type=seed.sem, toolset=tuple(sorted(tools)), calls=tuple(calls),
                     observations=tuple(observations))

    def _run(self, name: str, raw: str, toolset: Toolset, names: set[str], calls: list[ToolCall],
             observations: list[Observation], this_turn: list[ToolCall], seed: Seed, round: int,
             step: int) -> tuple[str, str | None]:
        """Execute one requested call; ``(the tool message, a malformed-call reason or None)``."""
        if name not in names:
            self.malformed["unknown_tool"] += 1
            message = toolset.call(name, {}).error or f"unknown tool {name!r}"
            return f"ERROR {message}; call one of the tools provided", f"malformed tool call: {message}"
        arguments, why = parse_arguments(raw)
        if arguments is None:
            self.malformed["bad_json"] += 1
            return (f"ERROR {why}; send the arguments as one JSON object",
                    f"malformed tool call to {name}: {why}")
        done = {(c.tool, canonical_json(c.arguments)): i for i, c in enumerate([*calls, *this_turn], start=1)}
        key = (name, canonical_json(arguments))
        if key in done:
            return f"Already called: this is call c{done[key]} above; use its output or call something new", None
        done_calls = [*calls, *this_turn]
        parents = infer_parents(arguments, calls, observations[: len(calls)], seed.value)
        call = ToolCall(tool=name, arguments=arguments, parents=parents, round=round, step=step)
        obs = toolset.call(name, arguments, call_id=call.id)
        obs = Observation(call_id=call.id, ok=obs.ok, output=obs.output, error=obs.error, truncated=obs.truncated,
                          duration_ms=obs.duration_ms)
        this_turn.append(call.model_copy(update={"duration_ms": obs.duration_ms}))
        observations.append(obs)
        handle = f"c{len(done_calls) + 1}"
        if obs.ok:
            return f"[{handle}] " + short_json(obs.output, self.output_chars), None
        if (obs.error or "").startswith(f"invalid arguments for {name}"):
            self.malformed["bad_arguments"] += 1
            return f"[{handle}] ERROR {obs.error}", f"malformed tool call: {obs.error}"
        return f"[{handle}] ERROR {obs.error}", None
