"""What models read: evidence as prompt lines, tool outputs as tool messages, a reference answer as text.

One rendering for the explorer, the deriver, the judge, the solver and the gold trajectories, so
SFT data from the solver and from the trace look the same.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import JsonValue

from dive.records import AnswerSpec, Observation, Trace
from dive.values import render_value

__all__ = ["compact_json", "evidence_lines", "observation_text", "render_answer", "short_json"]


def short_json(value: Any, chars: int) -> str:
    """``value`` as compact JSON, cut to about ``chars`` characters."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text if len(text) <= chars else text[: chars - 12] + " ...(cut)"


def evidence_lines(trace: Trace | None, chars: int, *, ok_only: bool = False) -> list[str]:
    """One line per call of ``trace``: ``[c3] tool({...}) -> output``, for prompts.

    The handle ``c<i>`` is the call's 1-based position in the trace; ``ok_only`` leaves failed
    calls out (their handles are skipped, not renumbered).
    """
    if trace is None:
        return []
    lines = []
    for i, (call, obs) in enumerate(zip(trace.calls, trace.observations, strict=True), start=1):
        if ok_only and not obs.ok:
            continue
        result = short_json(obs.output, chars) if obs.ok else f"ERROR {obs.error}"
        lines.append(f"[c{i}] {call.tool}({short_json(call.arguments, 400)}) -> {result}")
    return lines


def render_answer(answer: AnswerSpec) -> str:
    """The reference answer as final-answer text that :func:`dive.answers.check` accepts.

    Scalars through :func:`~dive.verification.grounding.render_value` (booleans as yes/no,
    whole floats without ``.0``); numbers get the spec's unit appended (``3.5 h``, ``12%``);
    dates stay ISO. Lists and sets are comma-separated items, or a JSON array when an item
    contains a comma, a semicolon or a line break. A reference item that is a list of
    alternatives is rendered as its first alternative.
    """
    if answer.type in ("list", "set"):
        if not isinstance(answer.value, list):
            return render_value(answer.value)
        items = [render_value(_first(v)) for v in answer.value]
        if any(sep in item for item in items for sep in (",", ";", "\n")):
            return json.dumps(items, ensure_ascii=False)
        return ", ".join(items)
    text = render_value(_first(answer.value))
    if answer.type in ("number", "integer") and answer.unit:
        text += answer.unit if answer.unit == "%" else f" {answer.unit}"
    return text


def _first(value: JsonValue) -> JsonValue:
    while isinstance(value, list) and value:
        value = value[0]
    return value


def compact_json(value: JsonValue, *, sort_keys: bool = False) -> str:
    """``value`` as JSON without spaces (tool-call arguments, tool messages)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=sort_keys)


def observation_text(obs: Observation) -> str:
    """A tool message's content: the output as compact JSON, or ``{"error": ...}``."""
    return compact_json(obs.output if obs.ok else {"error": obs.error})
