"""Untrusted input through the Python API: tool arguments from a caller or a model, and malformed model turns.

Every bad value becomes an error the caller or the model reads (an error observation, a
reason, a stored LLMCall error); nothing raises out of a tool call or a run.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from dive.config import load_config
from dive.llm import Completion, ScriptedLLM, ToolCallRequest, parse_arguments
from dive.pipeline import run
from dive.records import LLMCall, Verdict
from dive.store import RunStore
from dive.tools.registry import load_pool

HUGE = 10**5000
DEEP: list[Any] = [1]
for _ in range(80):
    DEEP = [DEEP]


class Weird:
    """Not JSON data."""


TOOL_ARGUMENTS: list[tuple[str, Any, Any, str]] = [
    ("nan", "add_numbers", {"a": math.nan, "b": 1}, "arguments.a is nan"),
    ("inf", "add_numbers", {"a": math.inf, "b": 1}, "arguments.a is inf"),
    ("minus inf", "add_numbers", {"a": -math.inf, "b": 1}, "arguments.a is -inf"),
    ("nan nested", "mean", {"values": [1.0, math.nan]}, "arguments.values[1] is nan"),
    ("lone surrogate", "add_numbers", {"a": "\ud800", "b": 1}, "lone surrogate"),
    ("surrogate key", "add_numbers", {"\udc00": 1}, "lone surrogate"),
    ("huge int", "add_numbers", {"a": HUGE, "b": 1}, "more than 300 digits"),
    ("non-string key", "add_numbers", {1: 2}, "non-string key"),
    ("foreign object", "add_numbers", {"a": Weird(), "b": 1}, "not JSON data"),
    ("a list, not an object", "add_numbers", [1, 2], "must be a JSON object"),
    ("a string, not an object", "add_numbers", '{"a": 1}', "must be a JSON object"),
    ("wrong type", "add_numbers", {"a": "one", "b": 1}, "invalid arguments for add_numbers"),
    ("missing argument", "add_numbers", {"a": 1}, "invalid arguments for add_numbers"),
    ("unknown tool, bad args", "no_such_tool", {"a": math.nan}, "invalid arguments"),
    ("unknown tool", "add_numbrs", {"a": 1}, "did you mean add_numbers"),
    ("surrogate tool name", "\ud800", {}, "a tool name must be text"),
    ("deep nesting", "mean", {"values": DEEP}, "nested more than"),
]


@pytest.fixture(scope="module")
def core() -> Any:
    return load_pool(["core"])


@pytest.mark.parametrize(("name", "arguments", "needle"), [pytest.param(n, a, w, id=i) for i, n, a, w in TOOL_ARGUMENTS])
def test_a_bad_tool_call_is_an_error_observation(core: Any, name: str, arguments: Any, needle: str) -> None:
    obs = core.call(name, arguments)
    assert not obs.ok and needle in (obs.error or ""), obs.error
    assert obs.call_id and obs.model_dump_json()  # storable: valid Unicode, finite


MODEL_ARGUMENTS = [
    ("NaN", '{"a": NaN}', "NaN is not a JSON number"),
    ("Infinity", '{"a": Infinity, "b": 1}', "Infinity is not a JSON number"),
    ("-Infinity", '{"a": -Infinity}', "-Infinity is not a JSON number"),
    ("escaped surrogate", '{"a": "\\ud800"}', "lone surrogate"),
    ("raw surrogate", '{"a": "\ud800"}', "lone surrogate"),
    ("huge int", '{"a": 1' + "0" * 5000 + "}", "not usable JSON"),
    ("301-digit int", '{"a": 1' + "0" * 300 + "}", "more than 300 digits"),
    ("not JSON", '{"a": 1,', "not valid JSON"),
    ("a list", "[1, 2]", "must be a JSON object"),
    ("a number", "3", "must be a JSON object"),
    ("deep", '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}", "not usable JSON"),
    ("not text", 42, "must be a JSON object in a string"),
]


@pytest.mark.parametrize(("text", "needle"), [pytest.param(t, w, id=i) for i, t, w in MODEL_ARGUMENTS])
def test_malformed_model_arguments_give_a_reason(text: Any, needle: str) -> None:
    arguments, why = parse_arguments(text)
    assert arguments is None and needle in (why or ""), why
    why.encode("utf-8")  # type: ignore[union-attr]  # the reason itself can be stored and shown


def _malformed_turn() -> Completion:
    bad = ['{"a": NaN, "b": 1}', '{"a": Infinity, "b": 1}', '{"a": "\\ud800", "b": 1}', '{"a": "\ud800", "b": 1}',
           '{"a": 1' + "0" * 5000 + ', "b": 1}', '{"a": "one", "b": 1}', "[1, 2]", "{oops"]
    calls = [ToolCallRequest(f"bad{i}", "add_numbers", text) for i, text in enumerate(bad)]
    calls += [ToolCallRequest("ghost", "no_such_tool", "{}"), ToolCallRequest("sur", "add\udc80", "{}"),
              ToolCallRequest("good", "add_numbers", '{"a": 2, "b": 3}')]
    return Completion(content="thinking \ud83d aloud", tool_calls=tuple(calls))


def test_the_llm_explorer_survives_every_malformed_call(tmp_path: Path) -> None:
    def script(messages: Any, tools: Any) -> Completion | str:
        return _malformed_turn() if len(messages) == 2 else "done"

    config = load_config(tasks=1, seed=0, overrides=["tools.packs=[core]", "explore.explorer=llm", "max_items=1",
                                                     "explore.rounds=1", "llm.explorer.model=scripted:x"])
    funnel = run(config, tmp_path / "run", llms={"scripted:x": ScriptedLLM(script, name="scripted:x")})
    assert funnel.items == 1 and funnel.failed == 0
    with RunStore.open(tmp_path / "run", readonly=True) as store:
        calls = list(store.iter(LLMCall))
    errors = calls[0].error or ""
    for needle in ("NaN is not a JSON number", "Infinity", "lone surrogate", "not usable JSON", "not valid JSON",
                   "must be a JSON object", "unknown tool 'no_such_tool'", "invalid arguments for add_numbers"):
        assert needle in errors, needle
    tool_replies = [m["content"] for m in calls[1].messages if m["role"] == "tool"] if len(calls) > 1 else []
    assert len(tool_replies) == 11 and sum(r.startswith("ERROR") for r in tool_replies) == 9
    assert "\\ud83d" in (calls[0].output or {}).get("content", "")  # the model's lone surrogate, stored escaped


def test_the_solver_survives_malformed_calls_and_scores_the_answer(tmp_path: Path) -> None:
    def solver(messages: Any, tools: Any) -> Completion | str:
        if tools is None:
            return "No idea. Final answer: unknown"
        return _malformed_turn() if messages[-1]["role"] == "user" else "Final answer: 12345"

    config = load_config(tasks=1, seed=3, overrides=["tools.packs=[core,geo]", "max_items=1",  # item 0 derives
                                                     "verify.checks=[grounding,replay,closed_book,solver]",
                                                     "verify.solver_attempts=1", "llm.solver.model=scripted:s"])
    funnel = run(config, tmp_path / "run", llms={"scripted:s": ScriptedLLM(solver, name="scripted:s")})
    assert funnel.items == 1 and funnel.failed == 0 and funnel.kept == 0
    with RunStore.open(tmp_path / "run", readonly=True) as store:
        verdicts = [v for v in store.iter(Verdict) if v.check == "solver"]
        calls = [c for c in store.iter(LLMCall) if c.stage == "solver"]
    assert verdicts and all(not v.ok and "pass rate 0.00" in v.reason for v in verdicts)
    assert any("malformed tool call" in (c.error or "") for c in calls)


DERIVER_OUTPUTS = [
    ("NaN answer", '{"query": "q", "answer": {"type": "number", "value": NaN}, "provenance": {}}', "NaN is not"),
    ("surrogate query", '{"query": "\\udfff?", "answer": {}, "provenance": {}}', "lone surrogate"),
    ("huge answer", '{"query": "q", "answer": {"value": 1' + "0" * 400 + '}, "provenance": {}}', "more than 300"),
    ("prose", "Here is a task: what is 2 + 2?", "not one JSON object"),
]


@pytest.mark.parametrize(("text", "needle"), [pytest.param(t, w, id=i) for i, t, w in DERIVER_OUTPUTS])
def test_malformed_deriver_output_is_a_reason(text: str, needle: str) -> None:
    from dive.derivation.llm import DerivationError, parse_task
    from dive.records import Trace

    trace = Trace(seed="x", seed_type="text", toolset=(), calls=(), observations=())
    with pytest.raises(DerivationError, match=needle):
        parse_task(text, trace, {}, round=1, previous=None)
