"""The LLM layer: a one-method protocol, ``provider:model`` names resolved lazily, and accounting.

Importing this package imports no provider SDK; ``openai`` and the local model load when a
stage first resolves its model (:class:`Models`).
"""

from dive.llm.models import PROVIDERS, Ledger, Models, StageLLM, resolve
from dive.llm.scripted import ScriptedLLM
from dive.llm.types import LLM, Completion, Message, Settings, ToolCallRequest, Usage, parse_arguments

__all__ = [
    "LLM",
    "PROVIDERS",
    "Completion",
    "Ledger",
    "Message",
    "Models",
    "ScriptedLLM",
    "Settings",
    "StageLLM",
    "ToolCallRequest",
    "Usage",
    "parse_arguments",
    "resolve",
]
