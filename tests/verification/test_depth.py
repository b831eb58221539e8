"""Depth: shallow tasks (an answer resting on fewer than 3 calls) kept within a budget of the run's tasks."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from tracekit import Offsets, make_task

from dive.config import load_config
from dive.pipeline import run
from dive.provenance import provenance_calls, with_question
from dive.records import AnswerSpec, ItemResult, Task, Trace, Verdict
from dive.report import export_run
from dive.store import RunStore
from dive.verification import VerifyContext
from dive.verification.depth import Depth, used_calls, used_tools


def _offset_of_kolkata(offsets: Offsets, seed: str = "") -> Task:
    """One call: Kolkata's UTC offset, 5.5 hours (no DST)."""
    trace = Trace(seed=seed or offsets.trace.seed, toolset=offsets.trace.toolset, calls=offsets.trace.calls,
                  observations=offsets.trace.observations)
    return make_task(trace, f"What is the UTC offset of Kolkata? {seed}", AnswerSpec(type="number", value=5.5),
                     [(offsets.kolkata, "$.utc_offset_hours")])


def test_calls_are_counted_through_the_parents(good_task: Task, offsets: Offsets) -> None:
    """9 - 5.5 rests on the subtraction and the two offsets it was fed; Kolkata's offset on its own call."""
    shallow = _offset_of_kolkata(offsets)
    assert used_calls(good_task, offsets.trace) == 3 and used_calls(shallow, offsets.trace) == 1
    stamped = with_question(good_task, offsets.trace)
    assert stamped.provenance.calls == 3 and used_calls(stamped) == 3  # the pipeline's count, no trace needed
    assert len(provenance_calls(stamped, offsets.trace)) == 3


def test_shallow_tasks_are_kept_up_to_the_budget(good_task: Task, offsets: Offsets, ctx: VerifyContext) -> None:
    depth = Depth(0.2, 10)  # 2 shallow tasks in a run of 10
    shallow = [with_question(_offset_of_kolkata(offsets, str(i)), offsets.trace) for i in range(3)]
    for task in shallow[:2]:
        assert depth.verify(task, offsets.trace, ctx).ok
        depth.admit(task)
    verdict = depth.verify(shallow[2], offsets.trace, ctx)
    assert not verdict.ok and "rests on 1 call" in verdict.reason and "verify.max_shallow_share" in verdict.reason
    assert depth.verify(good_task, offsets.trace, ctx).ok  # 3 calls: never limited
    first = dataclasses.replace(ctx, first_pass=True)
    assert depth.verify(shallow[2], offsets.trace, first).ok  # a first-pass task covers its tool
    depth.forget(shallow[0].id)  # an item rolled back: its task no longer counts
    assert depth.verify(shallow[2], offsets.trace, ctx).ok


def test_from_the_relax_point_on_shallow_tasks_fill_the_run(offsets: Offsets, ctx: VerifyContext) -> None:
    """A small pool (a user's own server of a few tools) asks few deep questions: from item ``relax_at`` on (three
    quarters of the run's item limit), a shallow task past the budget is kept, so the run still fills."""
    depth = Depth(0.0, 10, relax_at=150)
    task = with_question(_offset_of_kolkata(offsets), offsets.trace)
    assert not depth.verify(task, offsets.trace, dataclasses.replace(ctx, item=149)).ok
    late = depth.verify(task, offsets.trace, dataclasses.replace(ctx, item=150))
    assert late.ok and late.details == {"late": True}


def test_no_share_keeps_every_task(offsets: Offsets, ctx: VerifyContext) -> None:
    depth = Depth(None, 1)
    for i in range(3):
        task = with_question(_offset_of_kolkata(offsets, str(i)), offsets.trace)
        assert depth.verify(task, offsets.trace, ctx).ok
        depth.admit(task)


def test_narrow_tasks_are_kept_up_to_their_own_budget(good_task: Task, offsets: Offsets, ctx: VerifyContext) -> None:
    """9 - 5.5 rests on 3 calls of 2 tools (two UTC offsets and a subtraction): deep enough for the shallow budget,
    narrow for ``verify.max_narrow_share``, whose budget counts shallow tasks too (one tool is fewer than 3)."""
    assert used_tools(good_task, offsets.trace) == 2 and used_tools(good_task) == 0  # no count stamped yet
    narrow = [with_question(make_task(offsets.trace, f"{good_task.query} ({i})", good_task.answer,
                                      [(offsets.subtract, "$.result")]), offsets.trace) for i in range(3)]
    assert narrow[0].provenance.tools == 2 and used_tools(narrow[0]) == 2
    depth = Depth(None, 10, narrow_share=0.2)  # 2 narrow tasks in a run of 10, shallow ones unlimited
    for task in narrow[:2]:
        assert depth.verify(task, offsets.trace, ctx).ok
        depth.admit(task)
    verdict = depth.verify(narrow[2], offsets.trace, ctx)
    assert not verdict.ok and "rests on 2 tools" in verdict.reason and "verify.max_narrow_share" in verdict.reason
    assert "another tool" in verdict.reason and "more calls" not in verdict.reason
    shallow = with_question(_offset_of_kolkata(offsets), offsets.trace)
    assert not depth.verify(shallow, offsets.trace, ctx).ok  # one call of one tool: narrow too
    assert depth.verify(narrow[2], offsets.trace, dataclasses.replace(ctx, first_pass=True)).ok
    depth.forget(narrow[0].id)
    assert depth.verify(narrow[2], offsets.trace, ctx).ok


@pytest.mark.parametrize("share", [-0.1, 1.5])
def test_a_share_outside_0_1_is_refused(share: float) -> None:
    with pytest.raises(ValueError, match="share"):
        Depth(share, 10)
    with pytest.raises(ValueError, match="share"):
        Depth(None, 10, narrow_share=share)


def test_a_run_with_no_shallow_share_keeps_only_deep_tasks(tmp_path: Path) -> None:
    """No first pass (cross-domain sampling) and no shallow task allowed: every kept task rests on 3 calls or more,
    the shallow ones were rejected by the depth check, and two workers keep what one does."""
    config = load_config(overrides=['tools.packs=["core", "geo", "time"]', "tools.mode=cross_domain",
                                    "verify.max_shallow_share=0", "max_items=1000"], tasks=3, seed=11)  # relaxed
    # only from item 750 on
    one, two = tmp_path / "one", tmp_path / "two"
    run(config, one, workers=1)
    run(config, two, workers=2)
    with RunStore.open(one, readonly=True) as store:
        kept = [store.get(Task, tid) for r in store.iter(ItemResult) for tid in r.kept_task_ids]
        assert len(kept) >= 3
        for task in kept:
            assert len(provenance_calls(task, store.get(Trace, task.trace_id))) >= 3 and task.provenance.calls >= 3
        rejected = [v for v in store.iter(Verdict) if v.check == "depth" and not v.ok]
    assert rejected, "no shallow task was rejected: the test does not exercise the budget"
    out = {}
    for d in (one, two):
        export_run(d, tmp_path / f"{d.name}.jsonl", fmt="tasks")
        out[d.name] = (tmp_path / f"{d.name}.jsonl").read_bytes()
    assert out["one"] == out["two"]
    assert all(json.loads(line)["query"] for line in out["one"].splitlines())


def test_a_pool_with_no_deeper_questions_has_no_default_budget() -> None:
    """Core's calculators and a user's own few tools ask no question of three tools or more: the default budget would
    only lose tasks, so it is off there; a share the config sets still holds, and the built-in pool keeps its budget."""
    from dive.pipeline.run import run_context  # noqa: PLC0415

    def budgets(*overrides: str) -> tuple[int | None, int | None]:
        ctx = run_context(load_config(overrides=list(overrides), tasks=100))
        return next((c.budget, c.narrow_budget) for c in ctx.checks if isinstance(c, Depth))

    assert budgets("tools.packs=[core]") == (None, None)
    assert budgets("tools.packs=[core]", "verify.max_shallow_share=0.3") == (30, None)
    assert budgets("tools.packs=[core]", "verify.max_narrow_share=0.5") == (None, 50)
    assert budgets("tools.packs=[core,time]") == (20, 48)  # the sunset on the June solstice: 0.2 and 0.48 of 100
