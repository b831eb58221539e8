"""Text-level fallbacks: Hermes ``<tool_call>`` blocks and ``<think>`` reasoning inside content.

A server with no tool-call parser (or a local model) returns tool calls as text:
``<tool_call>{"name": "f", "arguments": {...}}</tool_call>``. :func:`tool_calls_in_text`
turns each block into a :class:`ToolCallRequest` (arguments re-serialised as JSON text; a
block that is not valid JSON keeps its raw text, so the caller reports it as malformed).
"""

from __future__ import annotations

import json
import re

from dive.llm.types import ToolCallRequest

__all__ = ["split_reasoning", "tool_calls_in_text"]

_TOOL_CALL = re.compile(r"<tool_call>\s*(.*?)\s*(?:</tool_call>|$)", re.DOTALL)
_THINK = re.compile(r"^\s*<think>(.*?)</think>\s*", re.DOTALL)


def split_reasoning(content: str | None) -> tuple[str | None, str | None]:
    """``(content without a leading <think> block, the block's text or None)``."""
    if not content:
        return content, None
    match = _THINK.match(content)
    if not match:
        return content, None
    return content[match.end():] or None, match.group(1).strip() or None


def tool_calls_in_text(content: str) -> tuple[str | None, tuple[ToolCallRequest, ...]]:
    """``(the text outside tool-call blocks, the calls)``; no blocks gives ``(content, ())``."""
    if "<tool_call>" not in content:
        return content, ()
    calls = []
    for i, match in enumerate(_TOOL_CALL.finditer(content)):
        body = match.group(1).strip()
        name, arguments = "", body
        try:
            data = json.loads(body)
        except json.JSONDecodeError:
            found = re.search(r'"name"\s*:\s*"([^"]+)"', body)
            name = found.group(1) if found else ""
        else:
            if isinstance(data, dict):
                name = str(data.get("name", ""))
                args = data.get("arguments", data.get("parameters", {}))
                arguments = args if isinstance(args, str) else json.dumps(args, ensure_ascii=False)
        calls.append(ToolCallRequest(id=f"call_{i}", name=name, arguments=arguments))
    rest = _TOOL_CALL.sub("", content).strip()
    return rest or None, tuple(calls)
