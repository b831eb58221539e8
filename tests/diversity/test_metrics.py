"""Task graphs and the diversity summary over hand-built traces of real core-pack calls.

Independent facts used: Asia/Kolkata is UTC+5.5 h and Asia/Tokyo UTC+9 h all year, so
9 * 60 = 540, 9 + 1 = 10 and 540 / 10 = 54 are what the processing calls return.
"""

from __future__ import annotations

import json

import pytest
from pydantic import JsonValue

from dive.diversity import TaskGraph, diversity_summary, pool_coverage, task_graph
from dive.records import AnswerSpec, Evidence, Observation, Provenance, Task, ToolCall, Trace
from dive.tools import FunctionToolset, load_pool

NOON = "2024-07-01T12:00"


@pytest.fixture(scope="module")
def pool() -> FunctionToolset:
    return load_pool(["core"])


@pytest.fixture(scope="module")
def kinds(pool: FunctionToolset) -> dict[str, str]:
    return {t.name: t.kind for t in pool.list_tools()}


class Shapes:
    """One trace holding every shape below; each task's provenance path picks its calls."""

    def __init__(self, pool: FunctionToolset) -> None:
        self.pool = pool
        self.calls: list[ToolCall] = []
        self.observations: list[Observation] = []
        self.kolkata = self.call("timezone_offset", timezone="Asia/Kolkata", datetime=NOON)
        self.tokyo = self.call("timezone_offset", timezone="Asia/Tokyo", datetime=NOON)
        self.minutes = self.call("multiply_numbers", self.tokyo, a=9.0, b=60)
        self.rounded = self.call("round_number", self.minutes, value=540.0, digits=0)
        self.plus_one = self.call("add_numbers", self.tokyo, a=9.0, b=1)
        self.ratio = self.call("divide_numbers", self.minutes, self.plus_one, a=540.0, b=10.0)
        self.diff = self.call("subtract_numbers", self.tokyo, self.kolkata, a=9.0, b=5.5)
        self.compared = self.call("compare_numbers", self.kolkata, self.tokyo, a=5.5, b=9.0)  # never on a path
        self.trace = Trace(seed="Asia/Tokyo", toolset=tuple(t.name for t in pool.list_tools()),
                           calls=tuple(self.calls), observations=tuple(self.observations))

    def call(self, tool: str, *parents: ToolCall, **arguments: JsonValue) -> ToolCall:
        call = ToolCall(tool=tool, arguments=arguments, parents=tuple(p.id for p in parents))
        obs = self.pool.call(tool, dict(arguments), call_id=call.id)
        assert obs.ok, obs.error
        self.calls.append(call)
        self.observations.append(obs)
        return call

    def output(self, call: ToolCall) -> JsonValue:
        return next(o.output for o in self.observations if o.call_id == call.id)

    def task(self, *evidence: ToolCall, round: int = 1, toolset: tuple[str, ...] | None = None) -> Task:
        items = tuple(Evidence(call_id=c.id, path="$") for c in evidence)
        return Task(trace_id=self.trace.id, query=f"q{len(evidence)}{evidence[-1].tool}",
                    answer=AnswerSpec(type="number", value=1.0), provenance=Provenance(evidence=items, op="identity"),
                    toolset=toolset or self.trace.toolset, round=round)


@pytest.fixture(scope="module")
def shapes(pool: FunctionToolset) -> Shapes:
    return Shapes(pool)


def test_the_tools_compute_the_known_values(shapes: Shapes) -> None:
    assert shapes.output(shapes.minutes) == {"result": 540.0}
    assert shapes.output(shapes.plus_one) == {"result": 10.0}
    assert shapes.output(shapes.ratio) == {"result": 54.0}
    assert shapes.output(shapes.diff) == {"result": 3.5}


def test_single(shapes: Shapes, kinds: dict[str, str]) -> None:
    g = task_graph(shapes.task(shapes.tokyo), shapes.trace, kinds)
    assert (g.topology, g.depth, g.width, g.shape) == ("single", 1, 1, "R")
    assert g.edges == () and g.sequence == ("timezone_offset",)


def test_chain(shapes: Shapes, kinds: dict[str, str]) -> None:
    g = task_graph(shapes.task(shapes.rounded), shapes.trace, kinds)
    assert g.topology == "chain"
    assert g.sequence == ("timezone_offset", "multiply_numbers", "round_number")
    assert g.edges == (("multiply_numbers", "round_number"), ("timezone_offset", "multiply_numbers"))
    assert (g.depth, g.width) == (3, 1)
    assert g.shape == "R > P(R) > P(P(R))"


def test_fan_out(shapes: Shapes, kinds: dict[str, str]) -> None:
    g = task_graph(shapes.task(shapes.minutes, shapes.plus_one), shapes.trace, kinds)
    assert g.topology == "fan_out"
    assert (g.depth, g.width) == (2, 2)
    assert g.shape == "R > P(R) + P(R)"


def test_fan_in_ignores_calls_off_the_path(shapes: Shapes, kinds: dict[str, str]) -> None:
    g = task_graph(shapes.task(shapes.diff), shapes.trace, kinds)
    assert g.topology == "fan_in"
    assert [c.tool for c in g.calls] == ["timezone_offset", "timezone_offset", "subtract_numbers"]
    assert g.tools == ("subtract_numbers", "timezone_offset")
    assert g.edges == (("timezone_offset", "subtract_numbers"),) * 2
    assert (g.depth, g.width) == (2, 2)
    assert g.shape == "R + R > P(R, R)"


def test_diamond_is_a_dag(shapes: Shapes, kinds: dict[str, str]) -> None:
    g = task_graph(shapes.task(shapes.ratio), shapes.trace, kinds)
    assert g.topology == "dag"
    assert (g.depth, g.width, len(g.calls)) == (3, 2, 4)
    assert g.shape == "R > P(R) + P(R) > P(P(R), P(R))"


def test_independent_lookups_are_a_chain_with_their_own_shape(shapes: Shapes, kinds: dict[str, str]) -> None:
    g = task_graph(shapes.task(shapes.kolkata, shapes.tokyo), shapes.trace, kinds)
    assert (g.topology, g.depth, g.width, g.shape) == ("chain", 1, 2, "R + R")


def test_kinds(shapes: Shapes, kinds: dict[str, str]) -> None:
    task = shapes.task(shapes.diff)
    assert task_graph(task, shapes.trace).shape == "T + T > T(T, T)"
    with pytest.raises(KeyError, match="subtract_numbers"):
        task_graph(task, shapes.trace, {"timezone_offset": "R"})


def test_graph_is_frozen(shapes: Shapes) -> None:
    g: TaskGraph = task_graph(shapes.task(shapes.tokyo), shapes.trace)
    with pytest.raises(AttributeError):
        g.depth = 2  # type: ignore[misc]


def test_summary(shapes: Shapes, kinds: dict[str, str]) -> None:
    s = shapes
    small = ("timezone_offset", "add_numbers")
    tasks = [
        s.task(s.tokyo, round=1, toolset=small),                  # single: 1 call, 1 tool
        s.task(s.kolkata, round=1, toolset=small[::-1]),          # same graph; same toolset, reordered
        s.task(s.diff, round=1),                                   # fan_in: 3 calls, 2 tools, depth 2
        s.task(s.rounded, round=2),                                # chain: 3 calls, 3 tools, depth 3
        s.task(s.minutes, s.plus_one, round=2),                    # fan_out: 3 calls, 3 tools, depth 2
        s.task(s.ratio, round=2),                                  # dag: 4 calls, 4 tools, depth 3
    ]
    summary = diversity_summary([(t, s.trace) for t in tasks], kinds)
    assert summary == {
        "tasks": 6,
        "tools_covered": 6,
        "unique_toolsets": 2,
        "unique_call_sequences": 5,
        "unique_call_graphs": 5,
        "topology_classes": {"classes": {"single": 2, "chain": 1, "fan_out": 1, "fan_in": 1, "dag": 1}, "shapes": 5},
        "distinct_tools_per_task": {"mean": 2.333, "median": 2.5, "max": 4},
        "calls_per_task": {"mean": 2.5, "max": 4},
        "depth": {"mean": 2.0, "max": 3},
        "by_round": {
            "1": {"tasks": 3, "calls": 1.667, "depth": 1.333, "distinct_tools": 1.333, "evidence_items": 1.0},
            "2": {"tasks": 3, "calls": 3.333, "depth": 2.667, "distinct_tools": 3.333, "evidence_items": 1.333},
        },
    }
    assert json.loads(json.dumps(summary)) == summary


def test_empty_summary(kinds: dict[str, str]) -> None:
    summary = diversity_summary([], kinds)
    assert summary["tasks"] == 0 and summary["calls_per_task"] == {"mean": 0.0, "max": 0}
    assert summary["topology_classes"] == {"classes": dict.fromkeys(("single", "chain", "fan_out", "fan_in", "dag"), 0),
                                           "shapes": 0}


def test_summary_refuses_a_foreign_trace(shapes: Shapes, kinds: dict[str, str]) -> None:
    with pytest.raises(ValueError, match="derived from trace"):
        diversity_summary([(shapes.task(shapes.tokyo), Trace(seed="x"))], kinds)


def test_pool_coverage(pool: FunctionToolset) -> None:
    names = [t.name for t in pool.list_tools()]
    used = ["timezone_offset", "multiply_numbers", "timezone_offset", "not_in_pool"]
    assert pool_coverage(used, names) == pytest.approx(2 / len(names))
    assert pool_coverage(names, names) == 1.0
    assert pool_coverage(["a"], []) == 0.0
