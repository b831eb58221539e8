"""The LLM explorer, driven by ScriptedLLM turns that call real geo and core tools.

Independent facts checked against real tool outputs: Tokyo is the capital of Japan, whose
time zone Asia/Tokyo is UTC+9 all year (no daylight saving time).
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from dive.config import LLMConfig, StageModel
from dive.errors import LLMUnavailable
from dive.exploration.llm import SYSTEM, LLMExplorer, evidence_lines, infer_parents
from dive.llm import Completion, Models, ScriptedLLM, ToolCallRequest
from dive.records import AnswerSpec, Evidence, Observation, Provenance, Seed, Task, ToolCall, Trace
from dive.stages import Round
from golden_util import assert_golden
from packs_util import pool_or_skip

POOL = pool_or_skip("core", "geo")
TOOLS = POOL.subset(["country_profile", "timezone_offset", "city_lookup", "add_numbers"])
SEED = Seed(value="JP", sem="country_code", domain="geo", label="Japan")
NOON = "2024-07-01T12:00:00"


def call(call_id: str, name: str, arguments: dict[str, Any] | str) -> ToolCallRequest:
    return ToolCallRequest(call_id, name, arguments if isinstance(arguments, str) else json.dumps(arguments))


def turn(*calls: ToolCallRequest) -> Completion:
    return Completion(tool_calls=calls)


@pytest.fixture
def explorer_with() -> Iterator:
    made: list[Models] = []

    def build(script: Any, **options: int) -> tuple[LLMExplorer, ScriptedLLM, Models]:
        llm = ScriptedLLM(script, name="scripted:explorer")
        models = Models(LLMConfig(explorer=StageModel(model="scripted:explorer")),
                        instances={"scripted:explorer": llm})
        made.append(models)
        return LLMExplorer(models.stage("explorer"), **options), llm, models

    yield build
    for models in made:
        models.close()


def _tool_messages(messages: list[dict[str, Any]]) -> dict[str, str]:
    return {m["tool_call_id"]: m["content"] for m in messages if m["role"] == "tool"}


def test_a_round_with_chaining_malformed_calls_and_a_repeat(explorer_with) -> None:  # noqa: ANN001
    script = [
        turn(call("a1", "country_profile", {"country": "JP"}),
             call("a2", "weather_now", {"city": "Tokyo"}),
             call("a3", "city_lookup", '{"name": "Tokyo"')),
        turn(call("b1", "timezone_offset", {"timezone": "Asia/Tokyo", "datetime": NOON}),
             call("b2", "city_lookup", {"name": 5}),
             call("b3", "country_profile", '{"country":"JP"}')),
        "Nothing more to collect.",
        "never asked for",
    ]
    explorer, llm, models = explorer_with(script)
    trace = explorer.explore(Round.of(seed=SEED, toolset=TOOLS, trace=None, round=1, rng=random.Random(0)))

    assert len(llm.requests) == 3  # the text turn ended the round
    assert (trace.seed, trace.seed_type) == ("JP", "country_code")
    assert trace.toolset == ("add_numbers", "city_lookup", "country_profile", "timezone_offset")
    assert [c.tool for c in trace.calls] == ["country_profile", "timezone_offset", "city_lookup"]
    assert [c.step for c in trace.calls] == [0, 1, 1] and {c.round for c in trace.calls} == {1}
    profile, offset, bad = trace.observations
    assert profile.ok and profile.output["capital"] == "Tokyo" and profile.output["timezone"] == "Asia/Tokyo"
    assert offset.ok and offset.output["utc_offset_hours"] == 9.0 and offset.output["is_dst"] is False
    # "Asia/Tokyo" came out of the country_profile call: the data flow the model followed.
    assert trace.calls[1].parents == (trace.calls[0].id,)
    assert trace.calls[0].parents == () and trace.calls[2].parents == ()
    assert not bad.ok and bad.error.startswith("invalid arguments for city_lookup: name:")
    assert [o.call_id for o in trace.observations] == [c.id for c in trace.calls]
    assert explorer.malformed == Counter(unknown_tool=1, bad_json=1, bad_arguments=1)

    # What the model saw after each turn.
    second = _tool_messages(llm.requests[1][0])
    assert second["a1"].startswith("[c1] {") and '"capital":"Tokyo"' in second["a1"]
    assert second["a2"] == "ERROR unknown tool 'weather_now'; call one of the tools provided"
    assert second["a3"].startswith("ERROR arguments are not valid JSON (")
    assert second["a3"].endswith("; send the arguments as one JSON object")
    third = _tool_messages(llm.requests[2][0])
    assert json.loads(third["b1"].removeprefix("[c2] "))["utc_offset_hours"] == 9.0
    assert third["b2"].startswith("[c3] ERROR invalid arguments for city_lookup")
    assert third["b3"] == "Already called: this is call c1 above; use its output or call something new"
    assert [m["role"] for m in llm.requests[2][0]] == ["system", "user", "assistant", "tool", "tool", "tool",
                                                       "assistant", "tool", "tool", "tool"]
    offered = [t["function"]["name"] for t in llm.requests[0][1]]
    assert offered == ["add_numbers", "city_lookup", "country_profile", "timezone_offset"]

    calls = models.ledger.drain()
    assert [(c.stage, c.round, c.seq) for c in calls] == [("explorer", 1, 0), ("explorer", 1, 1), ("explorer", 1, 2)]
    assert calls[0].error is not None and calls[0].error.startswith(
        "malformed tool call: unknown tool 'weather_now'; malformed tool call to city_lookup: arguments are not valid JSON")
    assert calls[1].error is not None and calls[1].error.startswith(
        "malformed tool call: invalid arguments for city_lookup")
    assert calls[2].error is None and calls[2].output == {"role": "assistant", "content": "Nothing more to collect."}
    assert calls[0].tools == ("add_numbers", "city_lookup", "country_profile", "timezone_offset")


def test_max_turns_bounds_the_round(explorer_with) -> None:  # noqa: ANN001
    def always_call(messages, tools):  # noqa: ANN001, ANN202
        n = sum(m["role"] == "assistant" for m in messages)
        return turn(call(f"x{n}", "add_numbers", {"a": 10 + n, "b": 0.5}))

    explorer, llm, _ = explorer_with(always_call, max_turns=2)
    trace = explorer.explore(Round.of(seed=SEED, toolset=TOOLS, trace=None, round=1, rng=random.Random(0)))
    assert len(llm.requests) == 2
    assert [(c.arguments["a"], c.step) for c in trace.calls] == [(10, 0), (11, 1)]
    assert [o.output for o in trace.observations] == [{"result": 10.5}, {"result": 11.5}]


def test_a_provider_error_ends_the_round_and_keeps_the_evidence(explorer_with) -> None:  # noqa: ANN001
    script = [turn(call("a1", "country_profile", {"country": "JP"})), LLMUnavailable("server error (503): busy")]
    explorer, llm, models = explorer_with(script)
    trace = explorer.explore(Round.of(seed=SEED, toolset=TOOLS, trace=None, round=1, rng=random.Random(0)))
    assert [c.tool for c in trace.calls] == ["country_profile"] and trace.observations[0].ok
    assert len(llm.requests) == 2 and not explorer.malformed
    ok, failed = models.ledger.drain()
    assert ok.error is None and failed.output is None and failed.error == "server error (503): busy"


def test_round_two_sees_the_previous_question_and_the_evidence(explorer_with) -> None:  # noqa: ANN001
    explorer, llm, _ = explorer_with([
        turn(call("a1", "country_profile", {"country": "JP"})), "done",
        turn(call("b1", "timezone_offset", {"timezone": "Asia/Tokyo", "datetime": NOON})), "done",
    ])
    first = explorer.explore(Round.of(seed=SEED, toolset=TOOLS, trace=None, round=1, rng=random.Random(0)))
    previous = Task(trace_id=first.id, query="What is the capital of the country with the ISO code JP?",
                    answer=AnswerSpec(type="string", value="Tokyo"),
                    provenance=Provenance(evidence=(Evidence(call_id=first.calls[0].id, path="$.capital"),),
                                          op="identity"),
                    toolset=first.toolset, template="llm")
    second = explorer.explore(Round.of(seed=SEED, toolset=TOOLS, trace=first, round=2, rng=random.Random(1), previous=previous))

    prompt = llm.requests[2][0][1]["content"]
    assert "This is round 2 of evidence collection." in prompt
    assert "A question built on this evidence so far: 'What is the capital of the country with the ISO code JP?'" in prompt
    lines = evidence_lines(first, 300)
    assert len(lines) == 1 and lines[0].startswith('[c1] country_profile({"country":"JP"}) -> {"country_code":"JP"')
    assert lines[0].endswith(" ...(cut)")  # the profile is longer than 300 characters
    assert "Evidence so far (do not repeat these calls):\n" + lines[0] in prompt

    assert second.calls[0] == first.calls[0] and len(second.calls) == 2
    new = second.calls[1]
    assert (new.tool, new.round, new.step) == ("timezone_offset", 2, 0)
    assert new.parents == (first.calls[0].id,)  # the time zone came from round 1's output
    assert _tool_messages(llm.requests[3][0])["b1"].startswith("[c2] ")


def test_infer_parents_takes_the_latest_holder_and_ignores_the_seed() -> None:
    calls = [ToolCall(tool="a", arguments={}, step=0), ToolCall(tool="b", arguments={}, step=1),
             ToolCall(tool="c", arguments={}, step=2)]
    obs = [Observation(call_id=calls[0].id, ok=True, output={"tz": "Asia/Tokyo", "code": "JP", "n": 1}),
           Observation(call_id=calls[1].id, ok=True, output={"cities": [{"tz": "Asia/Tokyo"}], "pop": 377930.0}),
           Observation(call_id=calls[2].id, ok=False, error="boom")]
    assert infer_parents({"timezone": "Asia/Tokyo"}, calls, obs, "JP") == (calls[1].id,)
    assert infer_parents({"country": "JP", "limit": 1}, calls, obs, "JP") == ()  # the seed and 0/1 are no data flow
    assert infer_parents({"x": [377930.0, "Asia/Tokyo"]}, calls, obs, None) == (calls[1].id,)
    assert infer_parents({"x": "boom"}, calls, obs, None) == ()


def test_evidence_lines_show_errors() -> None:
    c1 = ToolCall(tool="country_profile", arguments={"country": "XX"})
    obs = POOL.call(c1.tool, dict(c1.arguments), call_id=c1.id)
    trace = Trace(seed="XX", calls=(c1,), observations=(obs,))
    assert evidence_lines(trace, 300) == [f'[c1] country_profile({{"country":"XX"}}) -> ERROR {obs.error}']
    assert obs.error.startswith("country_profile: unknown country 'XX'")
    assert evidence_lines(None, 300) == []


def test_round_one_prompt_golden(explorer_with) -> None:  # noqa: ANN001
    explorer, _, _ = explorer_with([])
    messages = explorer.prompt(SEED, None, 1, None)
    assert messages[0] == {"role": "system", "content": SYSTEM}
    assert messages[1]["content"].startswith('Seed: Japan (country_code: "JP")')
    # Round 2 of the same seed, after one real call and a kept question.
    c1 = ToolCall(tool="country_profile", arguments={"country": "JP"})
    trace = Trace(seed="JP", seed_type="country_code", toolset=("country_profile",), calls=(c1,),
                  observations=(POOL.call(c1.tool, dict(c1.arguments), call_id=c1.id),))
    previous = Task(trace_id=trace.id, query="What is the capital of the country with the ISO code JP?",
                    answer=AnswerSpec(type="string", value="Tokyo"),
                    provenance=Provenance(evidence=(Evidence(call_id=c1.id, path="$.capital"),), op="identity"),
                    toolset=trace.toolset, template="llm")
    messages += explorer.prompt(SEED, trace, 2, previous)[1:]
    assert_golden("prompt_explorer.txt", "".join(f"=== {m['role']} ===\n{m['content']}\n" for m in messages))
