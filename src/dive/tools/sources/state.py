"""Checking a task over tools with state: its gold trajectory, run from its starting state, gives its answer.

    problem = replay_gold(task, trace, trajectory, toolset, reset)   # None when it reproduces

The tools are reset to the starting state, then every tool call of the gold trajectory is made in
order with its arguments; each output must equal the stored one, and the answer recomputed from
the new outputs must pass :func:`dive.answers.check` against the task's answer. This is what a
trainer that resets the environment and replays the gold trajectory would see.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from dive._hashing import canonical_json
from dive.answers import check
from dive.ops import OpError, apply_op
from dive.provenance import EvidenceError, evidence_values
from dive.records import Observation, Task, Trace, Trajectory
from dive.tools.toolset import Toolset
from dive.values import render_value

__all__ = ["replay_gold"]


def replay_gold(task: Task, trace: Trace, trajectory: Trajectory, toolset: Toolset,
                reset: Callable[[], None] | None) -> str | None:
    """Why ``trajectory`` (the task's gold one), run from the starting state, does not reproduce the answer;
    None when it does."""
    if reset is not None:
        reset()
    by_chat = {f"call_{c.id[:12]}": c for c in trace.calls}
    fresh: dict[str, Observation] = {}
    for message in trajectory.messages:
        for chat in message.tool_calls or ():
            call = by_chat.get(chat.id)
            if call is None or call.tool != chat.name:
                return f"tool call {chat.id} ({chat.name}) is not a call of the trace"
            obs = toolset.call(chat.name, json.loads(chat.arguments), call_id=call.id)
            stored = trace.observation(call.id)
            if (obs.ok, canonical_json(obs.output)) != (stored.ok, canonical_json(stored.output)):
                return f"{chat.name} {chat.arguments} gave {obs.output if obs.ok else obs.error!r}, stored {stored.output!r}"
            fresh[call.id] = obs
    observations = tuple(fresh.get(c.id, o) for c, o in zip(trace.calls, trace.observations, strict=True))
    missing = [e.call_id for e in task.provenance.evidence if e.call_id not in fresh]
    if missing:
        return f"the trajectory does not make evidence call {missing[0]}"
    try:
        values = evidence_values(task, trace.model_copy(update={"observations": observations}))
        result = apply_op(task.provenance.op, values, task.provenance.params)
    except (EvidenceError, OpError) as exc:
        return f"the answer does not recompute: {exc}"
    score = check(task.answer, render_value(result))
    return None if score.correct else f"recomputed {result!r}, the task says {task.answer.value!r}: {score.reason}"
