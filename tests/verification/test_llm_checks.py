"""The LLM checks (solver, closed book) and the judge, driven by ScriptedLLM over real core tools.

The solver scripts read the real timezone_offset outputs from their tool messages; the
reference is the independent fact that Asia/Tokyo (+9 h) is 3.5 h ahead of Asia/Kolkata (+5.5 h).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from tracekit import GOOD_QUERY, NOON, Offsets

from dive.config import LLMConfig, StageModel
from dive.errors import LLMUnavailable
from dive.llm import Completion, Models, ScriptedLLM, StageLLM, ToolCallRequest
from dive.records import AnswerSpec, Task
from dive.trajectories import SYSTEM_PROMPT
from dive.verification import VerifyContext
from dive.verification.judge import ANSWER_SYSTEM, ENTAILMENT_SYSTEM, Judge, JudgedGrounding
from dive.verification.solver import CLOSED_BOOK_SYSTEM, ClosedBook, Solver

OFFSET_CALLS = (ToolCallRequest("t1", "timezone_offset", json.dumps({"timezone": "Asia/Tokyo", "datetime": NOON})),
                ToolCallRequest("t2", "timezone_offset", json.dumps({"timezone": "Asia/Kolkata", "datetime": NOON})))


class Stages:
    """ScriptedLLMs for the solver and judge stages of one Models."""

    def __init__(self) -> None:
        self.made: list[Models] = []

    def __call__(self, solver: Any = (), judge: Any = None) -> tuple[Models, ScriptedLLM, ScriptedLLM | None]:
        solver_llm = ScriptedLLM(solver, name="scripted:solver")
        judge_llm = ScriptedLLM(judge, name="scripted:judge") if judge is not None else None
        config = LLMConfig(solver=StageModel(model="scripted:solver"),
                           judge=StageModel(model="scripted:judge" if judge_llm else None))
        instances = {"scripted:solver": solver_llm, **({"scripted:judge": judge_llm} if judge_llm else {})}
        models = Models(config, instances=instances)
        self.made.append(models)
        return models, solver_llm, judge_llm


@pytest.fixture
def stages() -> Iterator[Stages]:
    made = Stages()
    yield made
    for models in made.made:
        models.close()


def offsets_solver(verdicts: list[bool]) -> Any:
    """Look both offsets up, then answer their difference: right or off by one, in ``verdicts`` order."""
    finals = iter(verdicts)

    def script(messages: Any, tools: Any) -> Completion | str:
        results = {m["tool_call_id"]: json.loads(m["content"]) for m in messages if m["role"] == "tool"}
        if not results:
            return Completion(content=None, tool_calls=OFFSET_CALLS)
        tokyo, kolkata = results["t1"]["utc_offset_hours"], results["t2"]["utc_offset_hours"]
        diff = tokyo - kolkata + (0 if next(finals) else 1)
        return f"Tokyo is UTC+{tokyo:g} and Kolkata UTC+{kolkata:g}.\nFinal answer: {diff:g} hours"

    return script


def _judge(models: Models) -> Judge:
    return Judge(models.stage("judge"))


def test_solver_pass_rate_and_trajectories(stages: Stages, good_task: Task, offsets: Offsets,
                                           ctx: VerifyContext) -> None:
    models, llm, _ = stages(offsets_solver([True, False, True]))
    solver = Solver(models.stage("solver"), attempts=3, max_turns=5)
    checked = solver.verify(good_task, offsets.trace, ctx)
    verdict = checked.verdict
    assert verdict.ok and verdict.check == "solver"
    details = verdict.details
    assert (details["attempts"], details["correct"], details["pass_rate"]) == (3, 2, 0.6667)
    assert details["turns"] == [2, 2, 2]
    assert details["failures"] == ["expected 3.5 h within 1e-06 relative, got 4.5"]
    trajectories = checked.records
    assert len(trajectories) == 2 and details["trajectory_ids"] == [t.id for t in trajectories]
    for t in trajectories:
        assert t.source == "scripted:solver" and t.task_id == good_task.id
        assert [m.role for m in t.messages] == ["system", "user", "assistant", "tool", "tool", "assistant"]
        assert t.messages[0].content == SYSTEM_PROMPT and t.messages[1].content == GOOD_QUERY
        assert [c.name for c in t.messages[2].tool_calls] == ["timezone_offset", "timezone_offset"]
        assert json.loads(t.messages[3].content)["utc_offset_hours"] == 9.0 and t.messages[3].tool_call_id == "t1"
        assert json.loads(t.messages[4].content)["utc_offset_hours"] == 5.5
        assert t.messages[-1].content.endswith("Final answer: 3.5 hours")
        assert {s["function"]["name"] for s in t.tools} == set(good_task.toolset)
    calls = models.ledger.drain()
    assert len(calls) == 6 and {(c.stage, c.task_id) for c in calls} == {("solver", good_task.id)}
    assert len(llm.requests) == 6


@pytest.mark.parametrize(("bounds", "reason"), [
    ({"min_pass_rate": 0.9}, "the solver solved 2 of 3 attempts (pass rate 0.67 < 0.9); first failure: "
                             "expected 3.5 h within 1e-06 relative, got 4.5"),
    ({"max_pass_rate": 0.5}, "too easy: pass rate 0.67 > 0.5"),
])
def test_solver_pass_rate_bounds(stages: Stages, good_task: Task, offsets: Offsets, ctx: VerifyContext,
                                 bounds: dict[str, float], reason: str) -> None:
    models, _, _ = stages(offsets_solver([False, True, True]))
    solver = Solver(models.stage("solver"), attempts=3, **bounds)
    checked = solver.verify(good_task, offsets.trace, ctx)
    verdict = checked.verdict
    assert not verdict.ok and verdict.reason == reason
    assert verdict.details["pass_rate"] == 0.6667 and len(verdict.details["trajectory_ids"]) == 2
    assert checked.records == ()  # a rejected task gives no SFT data


def _one_answer(text: str) -> Any:
    def script(messages: Any, tools: Any) -> Completion | str:
        return text if any(m["role"] == "tool" for m in messages) else Completion(tool_calls=OFFSET_CALLS)
    return script


def test_an_unreadable_answer_goes_to_the_judge(stages: Stages, good_task: Task, offsets: Offsets,
                                                ctx: VerifyContext) -> None:
    words = "Tokyo is ahead.\nFinal answer: three and a half hours"
    models, _, judge_llm = stages(_one_answer(words), judge=['{"grade": "correct", "reason": "3.5 h in words"}'])
    verdict = Solver(models.stage("solver"), attempts=1, judge=_judge(models)).verify(good_task, offsets.trace, ctx).verdict
    assert verdict.ok and verdict.details["correct"] == 1
    (request,) = judge_llm.requests
    assert request[0][0] == {"role": "system", "content": ANSWER_SYSTEM}
    assert request[0][1]["content"].endswith("Candidate answer: " + words)
    assert f"Question: {GOOD_QUERY}" in request[0][1]["content"]
    assert [c.stage for c in models.ledger.drain()] == ["solver", "solver", "judge"]

    # The judge's other grades count as wrong, with its reason.
    models, _, _ = stages(_one_answer(words), judge=['{"grade": "partial", "reason": "unit missing"}'])
    verdict = Solver(models.stage("solver"), attempts=1, judge=_judge(models)).verify(good_task, offsets.trace, ctx).verdict
    assert not verdict.ok and verdict.details["failures"] == ["judge: partial (unit missing)"]

    # No judge: the unreadable answer is wrong, with the checker's reason.
    models, _, _ = stages(_one_answer(words))
    verdict = Solver(models.stage("solver"), attempts=1).verify(good_task, offsets.trace, ctx).verdict
    assert not verdict.ok
    assert verdict.details["failures"] == ["could not read a number from 'three and a half hours': no number found"]

    # A readable wrong answer never reaches the judge.
    models, _, judge_llm = stages(_one_answer("Final answer: 4"), judge=['{"grade": "correct"}'])
    verdict = Solver(models.stage("solver"), attempts=1, judge=_judge(models)).verify(good_task, offsets.trace, ctx).verdict
    assert not verdict.ok and judge_llm.requests == []


def test_malformed_calls_inside_an_attempt_become_error_messages(stages: Stages, good_task: Task, offsets: Offsets,
                                                                 ctx: VerifyContext) -> None:
    models, llm, _ = stages([
        Completion(tool_calls=(ToolCallRequest("m1", "lookup_offsets", "{}"),
                               ToolCallRequest("m2", "timezone_offset", '{"timezone": "Asia/Tokyo"'),
                               ToolCallRequest("m3", "timezone_offset", '{"timezone": 9}'))),
        Completion(tool_calls=OFFSET_CALLS),
        "Final answer: 3.5",
    ])
    verdict = Solver(models.stage("solver"), attempts=1).verify(good_task, offsets.trace, ctx).verdict
    assert verdict.ok and verdict.details["turns"] == [3]
    tool_messages = {m["tool_call_id"]: json.loads(m["content"])["error"]
                     for m in llm.requests[1][0] if m["role"] == "tool"}  # {"error": ...}, as in gold trajectories
    assert tool_messages["m1"] == "unknown tool 'lookup_offsets'; call one of the tools provided"
    assert tool_messages["m2"].startswith("arguments are not valid JSON (")
    assert tool_messages["m2"].endswith("; send the arguments as one JSON object")
    assert tool_messages["m3"].startswith("invalid arguments for timezone_offset")  # ran, and refused
    first, second, third = models.ledger.drain()
    assert first.error is not None and first.error.startswith(
        "malformed tool call: unknown tool 'lookup_offsets'; malformed tool call to timezone_offset: "
        "arguments are not valid JSON")
    assert second.error is None and third.error is None


def test_solver_turn_budget_and_provider_errors(stages: Stages, good_task: Task, offsets: Offsets,
                                                ctx: VerifyContext) -> None:
    def keep_calling(messages: Any, tools: Any) -> Completion:
        return Completion(tool_calls=(ToolCallRequest(f"k{len(messages)}", "add_numbers", '{"a": 1, "b": 2}'),))

    models, llm, _ = stages(keep_calling)
    verdict = Solver(models.stage("solver"), attempts=1, max_turns=2).verify(good_task, offsets.trace, ctx).verdict
    assert not verdict.ok and len(llm.requests) == 2 and verdict.details["turns"] == [2]
    assert verdict.reason.endswith("first failure: no final answer within 2 turns")
    assert json.loads(llm.requests[1][0][-1]["content"]) == {"result": 3}  # the real add_numbers output

    models, _, _ = stages([LLMUnavailable("server error (503)")])
    verdict = Solver(models.stage("solver"), attempts=1).verify(good_task, offsets.trace, ctx).verdict
    # an outage is never a verdict: the task is not kept, and the reason says it was not checked
    assert not verdict.ok and verdict.reason == "not checked: provider error: server error (503)"
    assert verdict.details["not_checked"] is True


def test_closed_book(stages: Stages, good_task: Task, offsets: Offsets, ctx: VerifyContext) -> None:
    models, llm, _ = stages(["India is UTC+5:30 and Japan UTC+9.\nFinal answer: 3.5"])
    verdict = ClosedBook(models.stage("solver")).verify(good_task, offsets.trace, ctx)
    assert not verdict.ok and verdict.check == "closed_book"
    assert verdict.reason.startswith("the solver model answered correctly without tools: ")
    messages, tools, _ = llm.requests[0]
    assert tools is None and messages == [{"role": "system", "content": CLOSED_BOOK_SYSTEM},
                                          {"role": "user", "content": GOOD_QUERY}]

    models, llm, _ = stages(["I cannot know that. Final answer: 4", "No idea. Final answer: unknown"])
    verdict = ClosedBook(models.stage("solver"), attempts=2).verify(good_task, offsets.trace, ctx)
    assert verdict.ok and len(verdict.details["answers"]) == 2

    models, _, _ = stages(["Final answer: 4", "Final answer: 3.5 h"])  # one correct attempt is enough to reject
    assert not ClosedBook(models.stage("solver"), attempts=2).verify(good_task, offsets.trace, ctx).ok

    models, _, _ = stages([LLMUnavailable("down")])
    verdict = ClosedBook(models.stage("solver")).verify(good_task, offsets.trace, ctx)
    assert not verdict.ok and verdict.reason == "not checked: provider error: down"
    assert verdict.details["not_checked"] is True


def _judge_stage(stages: Stages, replies: list[str]) -> tuple[Models, StageLLM, ScriptedLLM]:
    models, _, judge_llm = stages(judge=replies)
    return models, models.stage("judge"), judge_llm  # type: ignore[return-value]


def test_judge_replies(stages: Stages, good_task: Task) -> None:
    models, stage, _ = _judge_stage(stages, [
        "I think it is fine.",
        '{"grade": "maybe", "reason": "?"}',
        'Sure. {"grade": "partial", "reason": "close"} -- hope that helps',
        '```json\n{"grade": "correct", "reason": "same value"}\n```',
    ])
    judge = Judge(stage)
    grade, why = judge.grade_answer(good_task, "Final answer: three and a half")
    assert grade == "incorrect" and why == "unreadable judge reply: 'I think it is fine.'"
    assert judge.grade_answer(good_task, "x") == ("incorrect", "unknown grade 'maybe'")
    assert judge.grade_answer(good_task, "x") == ("partial", "")
    assert judge.grade_answer(good_task, "x") == ("correct", "same value")
    calls = models.ledger.drain()
    assert [c.error for c in calls] == ["the judge's reply has no grade", "unknown grade 'maybe'", None, None]
    assert calls[0].output == {"role": "assistant", "content": "I think it is fine."}
    assert all(c.stage == "judge" and c.task_id == good_task.id for c in calls)

    models, stage, _ = _judge_stage(stages, [LLMUnavailable("down")])
    with pytest.raises(LLMUnavailable, match="down"):  # an unreachable judge grades nothing
        Judge(stage).grade_answer(good_task, "x")


def _with(task: Task, value: float, template: str) -> Task:
    return Task(trace_id=task.trace_id, query=task.query, answer=AnswerSpec(type="number", value=value, unit="h"),
                provenance=task.provenance, toolset=task.toolset, template=template)


def test_judged_grounding_only_asks_for_llm_tasks_that_fail(stages: Stages, good_task: Task, offsets: Offsets,
                                                            ctx: VerifyContext) -> None:
    models, stage, judge_llm = _judge_stage(stages, [
        '{"grade": "correct", "reason": "the evidence gives it"}',
        '{"grade": "incorrect", "reason": "9 - 5.5 is 3.5"}',
    ])
    checker = JudgedGrounding(Judge(stage))
    grounded = _with(good_task, 3.5, "llm")
    assert checker.verify(grounded, offsets.trace, ctx).ok and judge_llm.requests == []
    compose_wrong = _with(good_task, 4.5, "difference")
    verdict = checker.verify(compose_wrong, offsets.trace, ctx)
    assert not verdict.ok and "judged" not in verdict.details and judge_llm.requests == []

    llm_wrong = _with(good_task, 4.5, "llm")
    accepted = checker.verify(llm_wrong, offsets.trace, ctx)
    assert accepted.ok and accepted.check == "grounding"
    assert accepted.details == {"judged": "correct", "judge_reason": "the evidence gives it",
                                "mechanical": "stored answer 4.5 does not match identity of the evidence = 3.5: "
                                              "expected 4.5 h within 1e-06 relative, got 3.5"}
    (messages, tools, _), = judge_llm.requests
    assert tools is None and messages[0]["content"] == ENTAILMENT_SYSTEM
    user = messages[1]["content"]
    assert user.startswith("Evidence:\n[c1] timezone_offset(") and f"Question: {GOOD_QUERY}" in user

    rejected = checker.verify(llm_wrong, offsets.trace, ctx)
    assert not rejected.ok and rejected.reason == (
        "stored answer 4.5 does not match identity of the evidence = 3.5: expected 4.5 h within 1e-06 relative, "
        "got 3.5; the judge graded it incorrect: 9 - 5.5 is 3.5")
    assert rejected.details["judged"] == "incorrect" and len(judge_llm.requests) == 2

