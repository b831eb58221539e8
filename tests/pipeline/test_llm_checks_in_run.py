"""The costly checks inside the item loop: the solver never runs after closed_book rejected a task, and its
trajectories are stored only with their own kept task, in the same item (review bug 4.1)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dive.config import load_config
from dive.llm import ScriptedLLM
from dive.pipeline import Components, process_item, run, run_context
from dive.pipeline.build import Build, component
from dive.records import ItemResult, Task, Trajectory, Verdict
from dive.stages import Round
from dive.store import RunStore
from dive.tools.registry import PACKS
from dive.trajectories import render_answer

CHECKS = '["well_posed","grounding","necessity","leakage","replay","dedup","closed_book","solver"]'


def _setup(remembers: Any) -> tuple[Any, dict[str, str]]:
    """A run context whose solver model solves every task with tools and, without tools, "remembers"
    the answers ``remembers(query)`` says it does."""
    answers: dict[str, str] = {}

    def model(messages: Any, tools: Any) -> str:
        query = next(m["content"] for m in messages if m["role"] == "user")
        if tools is None and not remembers(query):  # closed book
            return "Final answer: no idea"
        return f"Final answer: {answers.get(query, 'no idea')}"

    config = load_config(overrides=['tools.packs=["core","geo","time"]', "llm.solver.model=scripted:s",
                                     f"verify.checks={CHECKS}"], tasks=5, seed=3)
    ctx = run_context(config, llms={"scripted:s": ScriptedLLM(model)})
    inner = ctx.deriver

    class Recording:  # the deriver, remembering each candidate's answer for the model above
        def derive(self, r: Round, trace: Any) -> list[Task]:
            tasks = list(inner.derive(r, trace))
            for t in tasks:
                answers[t.query] = render_answer(t.answer)
            return tasks

    ctx.deriver = Recording()
    return ctx, answers


def test_solver_does_not_run_after_closed_book_rejects_and_keeps_no_trajectories() -> None:
    ctx, _ = _setup(lambda query: len(query) % 2 == 1)  # the model "remembers" about half the answers
    closed, kept_with_teacher = 0, 0
    for item in range(16):  # until both paths ran (which items give which queries follows the generator)
        if closed > 0 and kept_with_teacher > 0:
            break
        out = process_item(ctx, item)
        kept = set(out.result.kept_task_ids)
        by_task: dict[str, list[Verdict]] = {}
        for v in out.verdicts:
            by_task.setdefault(v.task_id, []).append(v)
        for verdicts in by_task.values():
            checks = [v.check for v in verdicts]
            if "closed_book" in checks and not verdicts[checks.index("closed_book")].ok:
                closed += 1
                assert "solver" not in checks, "the solver ran on a task closed_book had rejected"
        teacher = [r for r in out.records if isinstance(r, Trajectory) and r.source != "gold"]
        assert {t.task_id for t in teacher} <= kept, "trajectories of a rejected task were stored"
        kept_with_teacher += len({t.task_id for t in teacher})
    assert closed > 0 and kept_with_teacher > 0  # both paths ran


def test_a_run_where_closed_book_rejects_everything_stores_no_teacher_data(tmp_path: Path) -> None:
    ctx, _ = _setup(lambda query: True)
    outputs = [process_item(ctx, item) for item in range(16)]  # some items derive no candidate
    assert all(o.result.kept_task_ids == () for o in outputs)
    assert not [r for o in outputs for r in o.records if isinstance(r, Trajectory)]
    assert any(v.check == "closed_book" and not v.ok for o in outputs for v in o.verdicts)


def test_stored_teacher_trajectories_belong_to_kept_tasks_of_their_own_item(tmp_path: Path) -> None:
    answers: dict[str, str] = {}
    config = load_config(overrides=['tools.packs=["core","geo","time"]', "llm.solver.model=scripted:s",
                                     f"verify.checks={CHECKS}", "verify.solver_attempts=2"], tasks=3, seed=3)

    def model(messages: Any, tools: Any) -> str:
        query = next(m["content"] for m in messages if m["role"] == "user")
        if tools is None and len(query) % 2:
            return "Final answer: no idea"
        return f"Final answer: {answers.get(query, 'no idea')}"

    build = Build(config, tuple(p for p in ("core", "geo", "time") if p in PACKS))
    inner = component("derivers", config.derive.deriver, build)

    class Recording:
        def derive(self, r: Round, trace: Any) -> list[Task]:
            tasks = list(inner.derive(r, trace))
            for t in tasks:
                answers[t.query] = render_answer(t.answer)
            return tasks

    run(config, tmp_path / "r", llms={"scripted:s": ScriptedLLM(model)}, components=Components(deriver=Recording()))
    with RunStore.open(tmp_path / "r", readonly=True) as store:
        item_of = {tid: r.item for r in store.iter(ItemResult) for tid in r.kept_task_ids}
        teacher = [t for t in store.iter(Trajectory) if t.source != "gold"]
        assert teacher and {t.task_id for t in teacher} <= set(item_of)
