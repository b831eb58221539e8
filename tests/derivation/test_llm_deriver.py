"""The LLM deriver: strict parsing of the model's task, the prompt, and grounding of real traces.

Independent facts: Tokyo, the capital of Japan, is in the Asia/Tokyo time zone, UTC+9 all
year (no daylight saving time).
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from typing import Any

import pytest

from dive.config import LLMConfig, StageModel
from dive.derivation.llm import SYSTEM, DerivationError, LLMDeriver, parse_task
from dive.llm import Models, ScriptedLLM
from dive.records import AnswerSpec, Evidence, Provenance, Seed, Task, ToolCall, Trace
from dive.stages import Round
from dive.verification import Grounding, VerifyContext
from golden_util import assert_golden
from packs_util import pool_or_skip

POOL = pool_or_skip("core", "geo")
TOOLS = POOL.subset(["country_profile", "timezone_offset", "largest_cities", "add_numbers"])
SEED = Seed(value="JP", sem="country_code", domain="geo", label="Japan")
NOON = "2024-07-01T12:00:00"
QUERY = "What is the UTC offset, in hours, of the time zone of the capital of Japan on 1 July 2024 at noon?"


def _trace() -> Trace:
    """c1 country_profile(JP), c2 a failed call, c3 timezone_offset(Asia/Tokyo), c4 largest_cities(JP, 3)."""
    c1 = ToolCall(tool="country_profile", arguments={"country": "JP"})
    c2 = ToolCall(tool="country_profile", arguments={"country": "XX"})
    c3 = ToolCall(tool="timezone_offset", arguments={"timezone": "Asia/Tokyo", "datetime": NOON}, parents=(c1.id,),
                  step=1)
    c4 = ToolCall(tool="largest_cities", arguments={"country": "JP", "limit": 3}, step=1)
    calls = (c1, c2, c3, c4)
    observations = tuple(TOOLS.call(c.tool, dict(c.arguments), call_id=c.id) for c in calls)
    return Trace(seed="JP", seed_type="country_code", toolset=tuple(sorted(t.name for t in TOOLS.list_tools())),
                 calls=calls, observations=observations)


TRACE = _trace()
HANDLES = {"c1": TRACE.calls[0].id, "c3": TRACE.calls[2].id, "c4": TRACE.calls[3].id}
PREVIOUS = Task(trace_id=TRACE.id, query="What is the capital of the country with the ISO code JP?",
                answer=AnswerSpec(type="string", value="Tokyo"),
                provenance=Provenance(evidence=(Evidence(call_id=HANDLES["c1"], path="$.capital"),), op="identity"),
                toolset=TRACE.toolset, template="llm")


def _output(**changes: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "query": QUERY,
        "answer": {"type": "number", "value": 9, "unit": "h", "digits": 1},
        "provenance": {"evidence": [{"call": "c3", "path": "$.utc_offset_hours"}], "op": "identity", "params": {}},
    }
    out.update(changes)
    return out


def test_the_trace_holds_the_facts() -> None:
    profile, failed, offset, cities = TRACE.observations
    assert profile.output["capital"] == "Tokyo" and profile.output["timezone"] == "Asia/Tokyo"
    assert not failed.ok
    assert offset.output["utc_offset_hours"] == 9.0
    assert cities.output["cities"][0]["name"] == "Tokyo"


@pytest.mark.parametrize("wrap", [lambda s: s, lambda s: f"```json\n{s}\n```", lambda s: f"\n```\n{s}\n```\n  "])
def test_parse_task_builds_the_task(wrap: Any) -> None:
    task = parse_task(wrap(json.dumps(_output())), TRACE, HANDLES, round=2, previous=PREVIOUS)
    instructions = "Give the number in hours, rounded to 1 decimal place."
    assert task.query == f"{QUERY} {instructions}"
    assert task.answer == AnswerSpec(type="number", value=9.0, unit="h", abs_tol=0.1, instructions=instructions)
    assert task.provenance == Provenance(evidence=(Evidence(call_id=TRACE.calls[2].id, path="$.utc_offset_hours"),),
                                         op="identity", params={"digits": 1})
    assert (task.template, task.round, task.parent_task_id) == ("llm", 2, PREVIOUS.id)
    assert task.trace_id == TRACE.id and task.toolset == TRACE.toolset


def test_parse_task_keeps_given_params_aliases_and_lists() -> None:
    text = json.dumps(_output(
        query="Which are the three most populous cities of Japan, largest first?",
        answer={"type": "list", "value": ["Tokyo", "Yokohama", "Osaka"]},
        provenance={"evidence": [{"call": "c4", "path": "$.cities[*].name"}], "op": "identity", "params": {"k": 1}},
    ))
    task = parse_task(text, TRACE, HANDLES, round=1, previous=None)
    assert task.answer.type == "list" and task.answer.item_type == "string"
    assert task.query.endswith(" List the items in order, one per line.")
    assert task.provenance.params == {"k": 1} and task.parent_task_id is None
    assert Grounding().verify(task, TRACE, VerifyContext(toolset=TOOLS, seed=SEED)).ok
    aliased = parse_task(json.dumps(_output(
        query="What is the capital city of the country with the ISO code JP?",
        answer={"type": "string", "value": "Tokyo", "aliases": ["Tōkyō"]},
        provenance={"evidence": [{"call": "c1", "path": "$.capital"}], "op": "identity"},
    )), TRACE, HANDLES, round=1, previous=None)
    assert aliased.answer.aliases == ("Tōkyō",) and aliased.provenance.params == {}


def _answer(**answer: Any) -> dict[str, Any]:
    return {"answer": answer}


REJECTIONS = [
    ("prose", "Here is a good question: what is the offset of Tokyo? The answer is 9.",
     "the output is not one JSON object (Expecting value at position 0)"),
    ("array", json.dumps([_output()]), "the output is JSON but not an object (list)"),
    ("unknown key", json.dumps(_output(explanation="c3 holds it")),
     "the output has unknown keys ['explanation']; allowed: ['answer', 'provenance', 'query']"),
    ("no provenance", json.dumps({k: v for k, v in _output().items() if k != "provenance"}),
     "the output is missing ['provenance']"),
    ("unknown answer key", json.dumps(_output(**_answer(type="number", value=9, precision=1))),
     "answer has unknown keys ['precision']"),
    ("unknown op", json.dumps(_output(provenance={"evidence": [{"call": "c3", "path": "$.x"}], "op": "median"})),
     "provenance.op 'median' is not one of identity, count,"),
    ("op not a string", json.dumps(_output(provenance={"evidence": [{"call": "c3", "path": "$.x"}], "op": ["sum"]})),
     "provenance.op ['sum'] is not one of identity,"),
    ("failed call", json.dumps(_output(provenance={"evidence": [{"call": "c2", "path": "$.x"}], "op": "identity"})),
     "evidence call 'c2' is not in the evidence (c1, c3, c4)"),
    ("unknown handle", json.dumps(_output(provenance={"evidence": [{"call": "c9", "path": "$.x"}], "op": "identity"})),
     "evidence call 'c9' is not in the evidence"),
    ("handle not a string", json.dumps(_output(provenance={"evidence": [{"call": ["c3"], "path": "$.x"}],
                                                           "op": "identity"})),
     "evidence call ['c3'] is not in the evidence"),
    ("no evidence", json.dumps(_output(provenance={"evidence": [], "op": "identity"})),
     "provenance.evidence must be a non-empty list of {call, path}"),
    ("bad path", json.dumps(_output(provenance={"evidence": [{"call": "c3", "path": "utc_offset_hours"}],
                                                "op": "identity"})),
     "evidence path 'utc_offset_hours' is not a JSON path like $.field or $.list[0].name"),
    ("wrong value type", json.dumps(_output(**_answer(type="integer", value="nine"))),
     "answer.value 'nine' is not a integer"),
    ("bool as integer", json.dumps(_output(**_answer(type="integer", value=True))), "answer.value True is not a integer"),
    ("not a date", json.dumps(_output(**_answer(type="date", value="1 July 2024"))),
     "answer.value '1 July 2024' does not read as a date (it reads as a string)"),
    ("unknown type", json.dumps(_output(**_answer(type="duration", value="9h"))),
     "answer.type 'duration' is not one of number, integer, string, date, boolean, list, set"),
    ("digits too high", json.dumps(_output(**_answer(type="number", value=9, digits=11))),
     "answer.digits must be a whole number from 0 to 10, got 11"),
    ("digits negative", json.dumps(_output(**_answer(type="number", value=9, digits=-1))),
     "answer.digits must be a whole number from 0 to 10, got -1"),
    ("empty list", json.dumps(_output(**_answer(type="list", value=[]))),
     "answer.value of a list must be a non-empty JSON array"),
    ("bad item type", json.dumps(_output(**_answer(type="set", value=["a"], item_type="color"))),
     "answer.item_type 'color' is not one of number, integer, string, date, boolean"),
    ("short query", json.dumps(_output(query="UTC offset?")), "query must be a question of at least 15 characters"),
    ("aliases not strings", json.dumps(_output(**_answer(type="string", value="Tokyo", aliases=[1]))),
     "answer.aliases must be a list of strings"),
]


@pytest.mark.parametrize(("text", "reason"), [(t, r) for _, t, r in REJECTIONS], ids=[n for n, _, _ in REJECTIONS])
def test_parse_task_rejects_with_the_reason(text: str, reason: str) -> None:
    with pytest.raises(DerivationError) as err:
        parse_task(text, TRACE, HANDLES, round=1, previous=None)
    assert str(err.value).startswith(reason), str(err.value)


@pytest.fixture
def deriver_with() -> Iterator:
    made: list[Models] = []

    def build(script: Any, exemplars: int = 0) -> tuple[LLMDeriver, ScriptedLLM, Models]:
        llm = ScriptedLLM(script, name="scripted:deriver")
        models = Models(LLMConfig(deriver=StageModel(model="scripted:deriver")), instances={"scripted:deriver": llm})
        made.append(models)
        return LLMDeriver(models.stage("deriver"), exemplars=exemplars), llm, models

    yield build
    for models in made:
        models.close()


def _derive(deriver: LLMDeriver, trace: Trace = TRACE, previous: Task | None = None) -> list[Task]:
    tools = {t.name: t for t in TOOLS.list_tools()}
    return deriver.derive(Round.of(tools=tools, seed=SEED, round=1, previous=previous, rng=random.Random(0)), trace)


def test_prose_gives_no_task_and_the_reason_is_recorded(deriver_with) -> None:  # noqa: ANN001
    deriver, llm, models = deriver_with(["The answer is 9 hours, because Tokyo is UTC+9."])
    assert _derive(deriver) == []
    (call,) = models.ledger.drain()
    assert call.stage == "deriver" and call.round == 1 and call.tools == ()
    assert call.output == {"role": "assistant", "content": "The answer is 9 hours, because Tokyo is UTC+9."}
    assert call.error is not None and call.error.startswith("unusable task: the output is not one JSON object")


def test_a_trace_without_successful_calls_asks_nothing(deriver_with) -> None:  # noqa: ANN001
    deriver, llm, models = deriver_with(["never used"])
    failed = Trace(seed="JP", calls=TRACE.calls[1:2], observations=TRACE.observations[1:2])
    assert _derive(deriver, failed) == [] and llm.requests == [] and models.ledger.drain() == []


def test_a_grounded_task_passes_grounding_and_a_wrong_value_fails(deriver_with) -> None:  # noqa: ANN001
    wrong = _output(answer={"type": "number", "value": 10, "unit": "h", "digits": 1})
    deriver, llm, models = deriver_with([json.dumps(_output()), f"```json\n{json.dumps(wrong)}\n```"])
    ctx = VerifyContext(toolset=TOOLS, seed=SEED)
    (good,) = _derive(deriver, previous=PREVIOUS)
    verdict = Grounding().verify(good, TRACE, ctx)
    assert verdict.ok and verdict.details["recomputed"] == 9.0 and good.parent_task_id == PREVIOUS.id
    (bad,) = _derive(deriver)
    verdict = Grounding().verify(bad, TRACE, ctx)
    assert not verdict.ok and verdict.reason.startswith("stored answer 10.0 does not match identity of the evidence = 9")
    assert [c.error for c in models.ledger.drain()] == [None, None]
    # The handles the model saw skip the failed call: c2 is absent, c3 is timezone_offset.
    user = llm.requests[0][0][1]["content"]
    assert "\n[c1] country_profile(" in user and "[c2]" not in user
    assert '\n[c3] timezone_offset({"timezone":"Asia/Tokyo","datetime":"2024-07-01T12:00:00"}) -> ' in user
    assert f"Previous question: {PREVIOUS.query!r}" in user


def test_deriver_prompt_golden(deriver_with) -> None:  # noqa: ANN001
    deriver, _, _ = deriver_with([], exemplars=3)
    tools = {t.name: t for t in TOOLS.list_tools()}
    messages, handles = deriver.prompt(TRACE, tools, SEED, 2, PREVIOUS, random.Random(7))
    assert handles == HANDLES
    assert messages[0] == {"role": "system", "content": SYSTEM}
    assert messages[1]["content"].startswith("Examples of good questions")
    again, _ = deriver.prompt(TRACE, tools, SEED, 2, PREVIOUS, random.Random(7))
    assert again == messages
    assert_golden("prompt_deriver.txt", "".join(f"=== {m['role']} ===\n{m['content']}\n" for m in messages))
