"""The LLM protocol and its values: settings in, a completion with tool calls and usage out.

Messages are OpenAI chat dicts (``{"role": "user", "content": "..."}``, assistant messages
with ``tool_calls``, ``tool`` messages with ``tool_call_id``); tools are OpenAI function
schemas. Every provider speaks this one format, so every stage works with every provider.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from dive._hashing import json_problem, safe_repr

__all__ = ["LLM", "Completion", "Message", "Settings", "ToolCallRequest", "Usage", "parse_arguments"]

Message = dict[str, Any]
"""One OpenAI chat message dict."""


@dataclass(frozen=True)
class Settings:
    """Sampling settings of one call."""

    temperature: float = 0.7
    max_tokens: int = 2048
    reasoning: bool | None = None
    """Ask for (True) or against (False) a reasoning phase where the server supports a switch
    (Qwen3's ``enable_thinking``); None leaves the server's default."""
    seed: int | None = None
    """Sampling seed, for servers that honour one."""
    tool_choice: str = "auto"
    """``auto``, ``none`` or ``required`` (used only when tools are given)."""
    parallel_tool_calls: bool = True


@dataclass(frozen=True)
class ToolCallRequest:
    """A tool call the model asked for, as it came over the wire."""

    id: str
    """The model's call id, answered by a ``tool`` message with the same ``tool_call_id``."""
    name: str
    """Function name (may name a tool that does not exist)."""
    arguments: str
    """Arguments as the raw JSON text the model wrote (may be invalid)."""

    def parsed(self) -> tuple[dict[str, Any] | None, str | None]:
        """``(arguments, None)`` when they are a JSON object, else ``(None, why not)``."""
        return parse_arguments(self.arguments)

    def to_openai(self) -> dict[str, Any]:
        """As an item of an assistant message's ``tool_calls``."""
        return {"id": self.id, "type": "function", "function": {"name": self.name, "arguments": self.arguments}}


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number; send a finite number")


def parse_arguments(text: Any) -> tuple[dict[str, Any] | None, str | None]:
    """Read tool-call arguments strictly: a JSON object of plain, finite, valid-Unicode data, or the reason it
    is not one (model output is untrusted: NaN, infinity, lone surrogates and huge integers are refused)."""
    if isinstance(text, dict):  # a provider that already decoded them
        value: Any = text
    elif not isinstance(text, str):
        return None, f"arguments must be a JSON object in a string, got {type(text).__name__}"
    elif not text.strip():
        return {}, None
    else:
        try:
            value = json.loads(text, parse_constant=_no_constant)
        except json.JSONDecodeError as err:
            return None, f"arguments are not valid JSON ({err.msg} at position {err.pos}): {safe_repr(text)}"
        except (ValueError, RecursionError) as err:  # NaN/Infinity, an integer over the interpreter's digit limit
            return None, f"arguments are not usable JSON ({str(err)[:120]}): {safe_repr(text)}"
    if not isinstance(value, dict):
        return None, f"arguments must be a JSON object, got {type(value).__name__}: {safe_repr(text)}"
    problem = json_problem(value, "arguments")
    if problem:
        return None, problem
    return value, None


@dataclass(frozen=True)
class Usage:
    """Tokens one call used, as the endpoint reported them (0 when it did not)."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    reasoning_tokens: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(self.prompt_tokens + other.prompt_tokens, self.completion_tokens + other.completion_tokens,
                     self.reasoning_tokens + other.reasoning_tokens)


@dataclass(frozen=True)
class Completion:
    """One assistant turn: text and/or tool calls, with optional reasoning and the usage."""

    content: str | None = None
    tool_calls: tuple[ToolCallRequest, ...] = ()
    reasoning: str | None = None
    finish_reason: str = "stop"
    usage: Usage = field(default_factory=Usage)
    model: str = ""
    """The model that answered, as the endpoint named it."""
    attempts: int = 1
    """Requests it took, retries included."""

    def message(self) -> Message:
        """This turn as an assistant message to append to the conversation."""
        out: Message = {"role": "assistant", "content": self.content}
        if self.tool_calls:
            out["tool_calls"] = [c.to_openai() for c in self.tool_calls]
        return out


@runtime_checkable
class LLM(Protocol):
    """A chat model: one method, async, provider errors translated to :class:`dive.errors.LLMError`."""

    name: str
    """``provider:model``, as configured."""

    async def complete(self, messages: Sequence[Message], tools: Sequence[dict[str, Any]] | None,
                       settings: Settings) -> Completion:
        """Return the next assistant turn for ``messages`` (with ``tools`` available, if any)."""
        ...
