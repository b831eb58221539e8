"""The whole LLM pipeline through the real openai SDK against the fake server, faults included."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fake_server import FakeOpenAIServer
from sim_model import SimModel

from dive.config import load_config
from dive.export import export_run
from dive.llm import ScriptedLLM
from dive.pipeline import run
from dive.records import ItemResult, LLMCall, Task, Trajectory, Verdict
from dive.store import RunStore
from dive.tools.registry import load_pool

PACKS = "tools.packs=[core,geo]"
ALL_CHECKS = "verify.checks=[grounding,replay,leakage,well_posed,necessity,dedup,closed_book,solver]"
SIM_CHECKS = "verify.checks=[grounding,replay,leakage,well_posed,necessity,dedup]"
"""The simulated deriver's queries name their tool in backticks on purpose (the simulated solver reads the
tool back from them), so query_hygiene, which rejects exactly that, is left out where the sim derives."""


@pytest.fixture(scope="module")
def pool() -> dict[str, Any]:
    return {t.name: t for t in load_pool(["core", "geo"]).list_tools()}


def _llm_config(url: str, tasks: int, *extra: str, stages: tuple[str, ...] = ("explorer", "deriver", "solver", "judge")):
    overrides = [PACKS, "derive.exemplars=3", "verify.solver_attempts=2", *extra]
    for stage in stages:
        overrides += [f"llm.{stage}.model=openai:test-model", f"llm.{stage}.base_url={url}",
                      f"llm.{stage}.timeout_s=1.0", f"llm.{stage}.max_retries=3"]
    return load_config(tasks=tasks, seed=0, overrides=overrides)


def _read(out: Path) -> dict[str, list[Any]]:
    with RunStore.open(out, readonly=True) as store:
        return {cls.__name__: list(store.iter(cls)) for cls in (Task, Verdict, LLMCall, Trajectory, ItemResult)}


def _every_task_accounted(records: dict[str, list[Any]]) -> None:
    """Every task is kept or has a rejecting verdict with a reason."""
    kept = {tid for r in records["ItemResult"] for tid in r.kept_task_ids}
    by_task: dict[str, list[Verdict]] = {}
    for v in records["Verdict"]:
        by_task.setdefault(v.task_id, []).append(v)
    for task in records["Task"]:
        verdicts = by_task[task.id]
        if task.id in kept:
            assert all(v.ok for v in verdicts)
        else:
            assert any(not v.ok and v.reason for v in verdicts), task.query


def test_whole_llm_pipeline_with_every_fault(tmp_path: Path, pool: dict[str, Any]) -> None:
    sim = SimModel(pool)
    with FakeOpenAIServer(sim.respond) as server:
        # The first requests are the explorer's tool-calling turns: break their calls first.
        server.inject("malformed_args")
        server.inject("unknown_tool")
        server.inject("rate_limit", retry_after_s=0.05)
        server.inject("server_error")
        server.inject("timeout", delay_s=1.5)
        server.inject("empty_choices")
        server.inject("bad_json")
        server.inject("hermes", times=3)
        server.inject("empty_choices", times=4)  # one call fails for good after 3 retries
        config = _llm_config(server.url, 3, "explore.explorer=llm", "derive.deriver=llm", ALL_CHECKS)
        funnel = run(config, tmp_path / "run")
        chat_requests = [r for r in server.requests if r.path.endswith("/chat/completions")]
    assert set(server.faults_served) >= {"malformed_args", "unknown_tool", "rate_limit", "server_error", "timeout",
                                         "empty_choices", "bad_json", "hermes"}
    records = _read(tmp_path / "run")
    calls: list[LLMCall] = records["LLMCall"]
    assert funnel.kept >= 1
    assert {c.stage for c in calls} >= {"explorer", "deriver", "solver"}
    # Every request the server saw is one attempt of a recorded call: retries are counted, nothing is lost.
    assert sum(c.attempts for c in calls) == len(chat_requests)
    errors = [c.error for c in calls if c.error]
    assert any("malformed tool call" in e and "not valid JSON" in e for e in errors)
    assert any("unknown tool 'no_such_tool'" in e for e in errors)
    assert any("the response has no choices (after 4 attempts)" in e for e in errors)  # the 4 empty answers in a row
    assert all(c.output is not None or c.error for c in calls)
    _every_task_accounted(records)
    # Solver: correct attempts became SFT trajectories of the teacher, with the pass rate in the verdict.
    solver_verdicts = [v for v in records["Verdict"] if v.check == "solver"]
    assert solver_verdicts and all("pass_rate" in v.details for v in solver_verdicts)
    assert records["Trajectory"] and {t.source for t in records["Trajectory"]} >= {"gold", "openai:test-model"}
    teacher = [t for t in records["Trajectory"] if t.source != "gold"]
    assert all(t.messages[-1].role == "assistant" and "Final answer:" in (t.messages[-1].content or "") for t in teacher)
    assert funnel.llm_calls["explorer"] and funnel.llm_tokens["deriver"] > 0
    # The exports read the solver's pass rate and the trajectories of each kept task, and only of kept tasks.
    kept = {tid for r in records["ItemResult"] for tid in r.kept_task_ids}
    rates = {v.task_id: v.details["pass_rate"] for v in solver_verdicts}
    export_run(tmp_path / "run", tmp_path / "tasks.jsonl")
    lines = [json.loads(line) for line in (tmp_path / "tasks.jsonl").read_text().splitlines()]
    assert {line["id"] for line in lines} == kept and all(line["pass_rate"] == rates[line["id"]] for line in lines)
    export_run(tmp_path / "run", tmp_path / "sft.jsonl", fmt="sft")
    sft = [json.loads(line) for line in (tmp_path / "sft.jsonl").read_text().splitlines()]
    assert sorted((s["id"], s["source"]) for s in sft) == sorted((t.task_id, t.source) for t in teacher
                                                                 if t.task_id in kept)
    export_run(tmp_path / "run", tmp_path / "openai.jsonl", fmt="openai")
    gold = [json.loads(line) for line in (tmp_path / "openai.jsonl").read_text().splitlines()]
    assert [g["id"] for g in gold] == [line["id"] for line in lines]


def test_deriver_prose_and_wrong_answers_are_rejected_with_reasons(tmp_path: Path, pool: dict[str, Any]) -> None:
    with FakeOpenAIServer(SimModel(pool, prose=True).respond) as server:
        config = _llm_config(server.url, 1, "derive.deriver=llm", "max_items=2", stages=("deriver",))
        funnel = run(config, tmp_path / "prose")
    records = _read(tmp_path / "prose")
    assert funnel.kept == 0 and funnel.derived == 0
    deriver_calls = [c for c in records["LLMCall"] if c.stage == "deriver"]
    assert deriver_calls and all("unusable task: the output is not one JSON object" in (c.error or "")
                                 for c in deriver_calls)

    with FakeOpenAIServer(SimModel(pool, wrong_answers=True).respond) as server:
        config = _llm_config(server.url, 1, "derive.deriver=llm", "max_items=2", "derive.ungrounded=judge",
                             stages=("deriver", "judge"))
        funnel = run(config, tmp_path / "wrong")
    records = _read(tmp_path / "wrong")
    assert funnel.kept == 0 and funnel.rejected["grounding"] >= 1
    grounding = [v for v in records["Verdict"] if v.check == "grounding" and not v.ok]
    assert grounding and all("does not match" in v.reason and "the judge graded it incorrect" in v.reason
                             for v in grounding)
    assert any(c.stage == "judge" for c in records["LLMCall"])


def test_mixed_runs(tmp_path: Path, pool: dict[str, Any]) -> None:
    """LLM explorer + compositional deriver, and typed walk + LLM deriver (in process, scripted)."""
    sim = SimModel(pool)
    llms = {"scripted:sim": ScriptedLLM(sim.script, name="scripted:sim")}
    explore_llm = load_config(tasks=2, seed=0, overrides=[PACKS, "explore.explorer=llm", "llm.explorer.model=scripted:sim"])
    funnel = run(explore_llm, tmp_path / "a", llms=llms)
    records = _read(tmp_path / "a")
    assert funnel.kept >= 2
    assert {c.stage for c in records["LLMCall"]} == {"explorer"}
    assert all(t.template != "llm" for t in records["Task"])

    derive_llm = load_config(tasks=2, seed=0, overrides=[PACKS, SIM_CHECKS, "derive.deriver=llm", "derive.exemplars=0",
                                                         "llm.deriver.model=scripted:sim"])
    funnel = run(derive_llm, tmp_path / "b", llms=llms)
    records = _read(tmp_path / "b")
    assert funnel.kept >= 2
    assert {c.stage for c in records["LLMCall"]} == {"deriver"}
    assert {t.template for t in records["Task"]} == {"llm"}
    assert sim.stages["explorer"] > 0 and sim.stages["deriver"] > 0


def test_missing_model_is_a_config_error(tmp_path: Path) -> None:
    from dive.errors import ConfigError

    with pytest.raises(ConfigError, match="llm.explorer.model"):
        run(load_config(tasks=1, overrides=[PACKS, "explore.explorer=llm"]), tmp_path / "x")
    with pytest.raises(ConfigError, match="unknown provider 'nope'"):
        run(load_config(tasks=1, overrides=[PACKS, "derive.deriver=llm", "llm.deriver.model=nope:x"]), tmp_path / "y")


def test_cli_flags_show_and_sft_export(tmp_path: Path, pool: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from dive.cli import main

    with FakeOpenAIServer(SimModel(pool).respond) as server:
        model = "openai:test-model"
        code = main(["run", "--tasks", "2", "--out", str(tmp_path / "r"), "--quiet", "--json", "-o", PACKS, "-o", SIM_CHECKS,
                     "-o", "verify.solver_attempts=2", "--explorer", model, "--deriver", model, "--solver", model,
                     "--judge", model, "--base-url", server.url])
    summary = json.loads(capsys.readouterr().out)
    assert code == 0 and summary["kept"] >= 2
    assert set(summary["llm"]) >= {"explorer", "deriver", "solver"}
    assert main(["show", str(tmp_path / "r"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    usage = report["llm"]
    assert usage["explorer"]["calls"] > 0 and usage["explorer"]["per_kept_task"]["calls"] > 0
    assert usage["solver_trajectories"] >= 1 and 0 < usage["mean_pass_rate"] <= 1
    assert main(["export", str(tmp_path / "r"), "--format", "sft", "--out", str(tmp_path / "sft.jsonl")]) == 0
    lines = [json.loads(line) for line in (tmp_path / "sft.jsonl").read_text().splitlines()]
    assert len(lines) == usage["solver_trajectories"]
    assert all(line["source"] == model and line["messages"][0]["role"] == "system" for line in lines)
    assert main(["export", str(tmp_path / "r"), "--format", "tasks", "--out", str(tmp_path / "t.jsonl")]) == 0
    tasks = [json.loads(line) for line in (tmp_path / "t.jsonl").read_text().splitlines()]
    assert all(0 < t["pass_rate"] <= 1 for t in tasks)
    assert main(["run", "--tasks", "1", "--out", str(tmp_path / "bad"), "--explorer", "gpt4"]) == 2
    assert "--explorer 'gpt4': not a registered explorer (programs, typed_walk, llm)" in capsys.readouterr().err
