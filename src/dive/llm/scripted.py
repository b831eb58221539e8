"""The ``scripted`` provider: a real LLM implementation whose turns are given in advance.

    llm = ScriptedLLM(["Paris", Completion(tool_calls=(ToolCallRequest("c1", "f", "{}"),))])
    llm = ScriptedLLM(lambda messages, tools: "Final answer: 42")

Outputs are strings (a text turn), :class:`Completion` objects, or exceptions (raised, to
script a provider failure); a function gets ``(messages, tools)`` and returns one of
those. A list that runs out raises ``LLMBadResponse`` naming how many turns it had. Usage is
counted as whitespace-separated words, so accounting has something real to add up.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any

from dive.errors import ConfigError, LLMBadResponse
from dive.llm.types import Completion, Message, Settings, Usage

__all__ = ["Script", "ScriptedLLM"]

Output = str | Completion | BaseException
Script = Callable[[Sequence[Message], Sequence[dict[str, Any]] | None], Output]


def _words(value: Any) -> int:
    return len(json.dumps(value, ensure_ascii=False).split()) if not isinstance(value, str) else len(value.split())


def from_config(model: str, config: Any, endpoints: Any, environ: Any) -> ScriptedLLM:
    """The ``scripted`` provider has nothing to build from a name: the script is code."""
    raise ConfigError(f"scripted:{model}: scripted models are built in code and passed to the run "
                      "(dive.run(config, out, llms={'scripted:...': ScriptedLLM(...)}))")


class ScriptedLLM:
    """An LLM that answers from a list of outputs or a function (the fake tests drive the pipeline with)."""

    def __init__(self, outputs: Iterable[Output] | Script, name: str = "scripted:model") -> None:
        self.name = name
        self._fn: Script | None = outputs if callable(outputs) else None
        self._outputs = [] if callable(outputs) else list(outputs)
        self._given = 0
        self.requests: list[tuple[list[Message], list[dict[str, Any]] | None, Settings]] = []

    async def complete(self, messages: Sequence[Message], tools: Sequence[dict[str, Any]] | None,
                       settings: Settings) -> Completion:
        """The next scripted turn."""
        self.requests.append((list(messages), list(tools) if tools else None, settings))
        if self._fn is not None:
            out = self._fn(messages, tools)
        elif self._given < len(self._outputs):
            out = self._outputs[self._given]
        else:
            raise LLMBadResponse(f"{self.name}: the script has only {len(self._outputs)} outputs")
        self._given += 1
        if isinstance(out, BaseException):
            raise out
        completion = Completion(content=out) if isinstance(out, str) else out
        if completion.usage == Usage():
            completion = replace(completion, usage=Usage(
                prompt_tokens=sum(_words(m.get("content") or "") for m in messages),
                completion_tokens=_words(completion.content or "") + sum(_words(c.arguments) for c in completion.tool_calls),
            ))
        return replace(completion, model=completion.model or self.name)
