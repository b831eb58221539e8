"""Gold trajectories rendered from traces of real core-pack calls.

Independent facts used: Asia/Kolkata is UTC+5.5 h and Asia/Tokyo UTC+9 h all year (no
DST), so Tokyo is 3.5 h ahead; 2024-02-20 plus 10 days is 2024-03-01 (2024 is a leap year).
"""

from __future__ import annotations

import json

import pytest
from pydantic import JsonValue

from dive.answers import check
from dive.records import AnswerSpec, Evidence, Observation, Provenance, Task, ToolCall, Trace
from dive.tools import FunctionToolset, Tool, load_pool
from dive.trajectories import (
    FINAL_SENTENCE,
    SYSTEM_PROMPT,
    gold_trajectory,
    parallel_batches,
    render_answer,
    trajectory_to_openai,
)
from golden_util import assert_golden

NOON = "2024-07-01T12:00"


@pytest.fixture(scope="module")
def pool() -> FunctionToolset:
    return load_pool(["core"])


@pytest.fixture(scope="module")
def tools(pool: FunctionToolset) -> dict[str, Tool]:
    return {t.name: t for t in pool.list_tools()}


class Recorder:
    """Calls real tools and records the calls and observations as a Trace."""

    def __init__(self, pool: FunctionToolset, toolset: tuple[str, ...]) -> None:
        self.pool, self.toolset = pool, toolset
        self.calls: list[ToolCall] = []
        self.observations: list[Observation] = []

    def call(self, tool: str, *parents: ToolCall, **arguments: JsonValue) -> ToolCall:
        call = ToolCall(tool=tool, arguments=arguments, parents=tuple(p.id for p in parents))
        self.calls.append(call)
        self.observations.append(self.pool.call(tool, dict(arguments), call_id=call.id))
        return call

    def output(self, call: ToolCall) -> JsonValue:
        return next(o.output for o in self.observations if o.call_id == call.id)

    def trace(self) -> Trace:
        return Trace(seed="Asia/Kolkata", toolset=self.toolset, calls=tuple(self.calls),
                     observations=tuple(self.observations))


def task_on(trace: Trace, query: str, answer: AnswerSpec, *evidence: tuple[ToolCall, str], op: str = "identity") -> Task:
    items = tuple(Evidence(call_id=c.id, path=p) for c, p in evidence)
    return Task(trace_id=trace.id, query=query, answer=answer, provenance=Provenance(evidence=items, op=op),
                toolset=trace.toolset)


TOOLSET = ("timezone_offset", "subtract_numbers", "compare_numbers", "add_days", "divide_numbers")


@pytest.fixture(scope="module")
def offsets(pool: FunctionToolset) -> tuple[Task, Trace]:
    """Two parallel offset lookups fanning into a subtraction; a comparison off the path."""
    rec = Recorder(pool, TOOLSET)
    kolkata = rec.call("timezone_offset", timezone="Asia/Kolkata", datetime=NOON)
    tokyo = rec.call("timezone_offset", timezone="Asia/Tokyo", datetime=NOON)
    a, b = rec.output(kolkata)["utc_offset_hours"], rec.output(tokyo)["utc_offset_hours"]  # type: ignore[index]
    rec.call("compare_numbers", kolkata, tokyo, a=a, b=b)
    subtract = rec.call("subtract_numbers", tokyo, kolkata, b=a, a=b)
    trace = rec.trace()
    query = "How many hours ahead of Asia/Kolkata is Asia/Tokyo on 2024-07-01 at noon? Answer in hours."
    return task_on(trace, query, AnswerSpec(type="number", value=3.5, unit="h"), (subtract, "$.result")), trace


def test_parallel_lookups_share_the_first_turn(offsets: tuple[Task, Trace], tools: dict[str, Tool]) -> None:
    task, trace = offsets
    traj = gold_trajectory(task, trace, tools)
    roles = [m.role for m in traj.messages]
    assert roles == ["system", "user", "assistant", "tool", "tool", "assistant", "tool", "assistant"]
    assert traj.messages[0].content == SYSTEM_PROMPT and traj.messages[1].content == task.query
    first, second = traj.messages[2], traj.messages[5]
    assert [c.name for c in first.tool_calls] == ["timezone_offset", "timezone_offset"]
    assert [c.name for c in second.tool_calls] == ["subtract_numbers"]  # compare_numbers is off the path
    assert json.loads(first.tool_calls[1].arguments) == {"timezone": "Asia/Tokyo", "datetime": NOON}
    assert first.tool_calls[0].arguments == '{"datetime":"2024-07-01T12:00","timezone":"Asia/Kolkata"}'
    assert second.tool_calls[0].arguments == '{"a":9.0,"b":5.5}'
    # Each tool message answers its call, in order, with the real output.
    assert [m.tool_call_id for m in traj.messages[3:5]] == [c.id for c in first.tool_calls]
    assert json.loads(traj.messages[4].content or "")["utc_offset_hours"] == 9.0
    assert json.loads(traj.messages[6].content or "") == {"result": 3.5}
    assert first.tool_calls[0].id == f"call_{trace.calls[0].id[:12]}"
    final = traj.messages[-1].content or ""
    assert final.endswith("Final answer: 3.5 h")
    assert check(task.answer, final).correct
    assert traj.source == "gold" and traj.task_id == task.id
    assert [t["function"]["name"] for t in traj.tools] == sorted(TOOLSET)  # type: ignore[index]


def test_rendering_is_deterministic(offsets: tuple[Task, Trace], tools: dict[str, Tool]) -> None:
    task, trace = offsets
    assert gold_trajectory(task, trace, tools).id == gold_trajectory(task, trace, tools).id


def test_openai_export_golden(offsets: tuple[Task, Trace], tools: dict[str, Tool]) -> None:
    task, trace = offsets
    body = trajectory_to_openai(gold_trajectory(task, trace, tools))
    assert set(body) == {"messages", "tools"}
    assert body["messages"][2]["tool_calls"][0]["type"] == "function"  # type: ignore[index]
    assert "x-sem" not in json.dumps(body["tools"])
    assert_golden("trajectory_gold.json", json.dumps(body, indent=2, ensure_ascii=False) + "\n")


def test_chain_and_failed_observation(pool: FunctionToolset, tools: dict[str, Tool]) -> None:
    rec = Recorder(pool, TOOLSET)
    failed = rec.call("divide_numbers", a=1, b=0)
    shifted = rec.call("add_days", failed, date="2024-02-20", days=10)
    trace = rec.trace()
    task = task_on(trace, "What date is 10 days after 2024-02-20?", AnswerSpec(type="date", value="2024-03-01"),
                   (shifted, "$.date"))
    traj = gold_trajectory(task, trace, tools)
    assert [len(m.tool_calls) for m in traj.messages if m.role == "assistant"] == [1, 1, 0]
    error = json.loads(traj.messages[3].content or "")
    assert list(error) == ["error"] and "division by zero" in error["error"]
    assert (traj.messages[-1].content or "").endswith("Final answer: 2024-03-01")


def test_unknown_tool_in_toolset_is_named(offsets: tuple[Task, Trace], tools: dict[str, Tool]) -> None:
    task, trace = offsets
    del_one = {k: v for k, v in tools.items() if k != "subtract_numbers"}
    with pytest.raises(KeyError, match="subtract_numbers"):
        gold_trajectory(task, trace, del_one)


def test_wrong_trace_is_refused(offsets: tuple[Task, Trace], tools: dict[str, Tool]) -> None:
    task, trace = offsets
    other = Trace(seed="x", toolset=trace.toolset)
    with pytest.raises(ValueError, match="derived from trace"):
        gold_trajectory(task, other, tools)


def test_parallel_batches_ignore_parents_outside() -> None:
    root = ToolCall(tool="timezone_offset", arguments={"timezone": "UTC"})
    a = ToolCall(tool="add_numbers", arguments={"a": 1}, parents=(root.id,))
    b = ToolCall(tool="add_numbers", arguments={"a": 2}, parents=(root.id,))
    c = ToolCall(tool="subtract_numbers", arguments={}, parents=(a.id, b.id))
    assert parallel_batches([root, a, b, c]) == [[root], [a, b], [c]]
    assert parallel_batches([a, b, c]) == [[a, b], [c]]
    assert parallel_batches([]) == []


ANSWERS = [
    (AnswerSpec(type="number", value=3.5, unit="h"), "3.5 h"),
    (AnswerSpec(type="number", value=12.5, unit="%"), "12.5%"),
    (AnswerSpec(type="number", value=-0.000123), "-0.000123"),
    (AnswerSpec(type="number", value=1.5e-09, unit="mol"), "1.5e-09 mol"),
    (AnswerSpec(type="number", value=1234567.0, unit="km"), "1234567 km"),
    (AnswerSpec(type="integer", value=330, unit="min"), "330 min"),
    (AnswerSpec(type="integer", value=-7), "-7"),
    (AnswerSpec(type="string", value="LATIN SMALL LETTER E WITH ACUTE"), "LATIN SMALL LETTER E WITH ACUTE"),
    (AnswerSpec(type="string", value="São Paulo", aliases=("Sao Paulo",)), "São Paulo"),
    (AnswerSpec(type="date", value="2024-03-01"), "2024-03-01"),
    (AnswerSpec(type="boolean", value=True), "yes"),
    (AnswerSpec(type="boolean", value=False), "no"),
    (AnswerSpec(type="list", value=[1.0, 2.0, 3.0], item_type="number"), "1, 2, 3"),
    (AnswerSpec(type="list", value=["2024-03-01", "2024-07-14"], item_type="date"), "2024-03-01, 2024-07-14"),
    (AnswerSpec(type="list", value=[["Tokyo", "Tōkyō"], "Seoul"]), "Tokyo, Seoul"),
    (AnswerSpec(type="set", value=["JST", "IST", "KST"]), "JST, IST, KST"),
    (AnswerSpec(type="set", value=["Washington, D.C.", "Paris"]), '["Washington, D.C.", "Paris"]'),
    (AnswerSpec(type="set", value=[1234, 5678], item_type="integer"), "1234, 5678"),
    (AnswerSpec(type="list", value=[True, False], item_type="boolean"), "yes, no"),
]


@pytest.mark.parametrize(("spec", "text"), ANSWERS, ids=[f"{s.type}-{i}" for i, (s, _) in enumerate(ANSWERS)])
def test_rendered_answer_checks(spec: AnswerSpec, text: str) -> None:
    assert render_answer(spec) == text
    assert check(spec, f"Some reasoning.\n\nFinal answer: {text}").correct


def _mixed_trace(pool: FunctionToolset) -> tuple[Trace, dict[str, ToolCall]]:
    rec = Recorder(pool, ("timezone_offset", "date_info", "sort_numbers", "add_days"))
    calls = {
        "kolkata": rec.call("timezone_offset", timezone="Asia/Kolkata", datetime=NOON),
        "tokyo": rec.call("timezone_offset", timezone="Asia/Tokyo", datetime=NOON),
        "info": rec.call("date_info", date="2024-07-14"),
        "sorted": rec.call("sort_numbers", values=[3, 1, 2]),
        "shifted": rec.call("add_days", date="2024-02-20", days=10),
    }
    return rec.trace(), calls


# One task per answer type; the values are the independently known facts in the module docstring
# (plus: 2024-07-14 is in ISO week 28 and 2024 is a leap year).
END_TO_END = [
    ("number", AnswerSpec(type="number", value=9.0, unit="h"), [("tokyo", "$.utc_offset_hours")], "9 h"),
    ("integer", AnswerSpec(type="integer", value=28), [("info", "$.iso_week")], "28"),
    ("string", AnswerSpec(type="string", value="JST"), [("tokyo", "$.abbreviation")], "JST"),
    ("date", AnswerSpec(type="date", value="2024-03-01"), [("shifted", "$.date")], "2024-03-01"),
    ("boolean", AnswerSpec(type="boolean", value=True), [("info", "$.is_leap_year")], "yes"),
    ("list", AnswerSpec(type="list", value=[1.0, 2.0, 3.0], item_type="number"), [("sorted", "$.values")], "1, 2, 3"),
    ("set", AnswerSpec(type="set", value=["IST", "JST"]),
     [("kolkata", "$.abbreviation"), ("tokyo", "$.abbreviation")], "IST, JST"),
]


@pytest.mark.parametrize(("kind", "spec", "evidence", "text"), END_TO_END, ids=[e[0] for e in END_TO_END])
def test_gold_final_answer_checks_for_every_type(
    pool: FunctionToolset, tools: dict[str, Tool], kind: str, spec: AnswerSpec,
    evidence: list[tuple[str, str]], text: str,
) -> None:
    trace, calls = _mixed_trace(pool)
    task = task_on(trace, f"A {kind} question.", spec, *[(calls[name], path) for name, path in evidence])
    traj = gold_trajectory(task, trace, tools)
    final = traj.messages[-1].content or ""
    assert final.splitlines()[-1] == f"Final answer: {text}"
    assert check(task.answer, final).correct
    # Only the evidence calls are replayed, all in one parallel turn (none depends on another).
    assert [len(m.tool_calls) for m in traj.messages if m.role == "assistant"] == [len(evidence), 0]


def test_the_last_turn_says_the_answer_in_the_tasks_own_sentence(offsets: tuple[Task, Trace],
                                                                  tools: dict[str, Tool]) -> None:
    task, trace = offsets
    said = "Tokyo is 3.5 hours ahead of Kolkata on 1 July 2024 at noon."
    traj = gold_trajectory(task.model_copy(update={"statement": said}), trace, tools)
    assert traj.messages[-1].content == f"{said}\n\nFinal answer: 3.5 h"
    assert gold_trajectory(task, trace, tools).messages[-1].content.startswith(FINAL_SENTENCE)  # none written
