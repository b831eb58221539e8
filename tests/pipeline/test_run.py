"""The offline engine end to end: determinism, resume after SIGKILL, stored verdicts, exports, CLI."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from dive.answers import check, extract_final_answer
from dive.cli import main
from dive.config import load_config
from dive.errors import ConfigError, StoreError
from dive.pipeline import process_item, run, run_context
from dive.records import ItemResult, Task, Trace, Trajectory, Verdict
from dive.report import export_run, run_report
from dive.stages import Round
from dive.store import RunStore
from dive.tools.registry import load_pool
from dive.verification import Deduplicator, Grounding, Leakage, VerifyContext

PACKS = ["core", "geo", "time"]


def _config(tasks: int, seed: int = 7, **extra: object):
    overrides = [f"tools.packs={json.dumps(PACKS)}", *(f"{k}={v}" for k, v in extra.items())]
    return load_config(overrides=overrides, tasks=tasks, seed=seed)


def _kept(run_dir: Path) -> list[str]:
    with RunStore.open(run_dir, readonly=True) as store:
        items = sorted(store.iter(ItemResult), key=lambda r: r.item)
    return [tid for item in items for tid in item.kept_task_ids]


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("runs") / "reference"
    funnel = run(_config(12), out)
    assert funnel.kept >= 12
    return out


def test_same_config_and_seed_give_identical_ids_and_exports(reference: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    run(_config(12), again)
    assert _kept(again) == _kept(reference)
    for fmt in ("tasks", "openai"):
        a, b = tmp_path / f"a.{fmt}.jsonl", tmp_path / f"b.{fmt}.jsonl"
        assert export_run(reference, a, fmt=fmt) == export_run(again, b, fmt=fmt) >= 12
        assert a.read_bytes() == b.read_bytes()


def test_another_seed_gives_other_tasks(reference: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    run(_config(12, seed=8), other)
    assert not set(_kept(other)) & set(_kept(reference))


def test_every_kept_task_passed_every_check_and_has_a_gold_trajectory(reference: Path) -> None:
    pool = load_pool(PACKS)
    with RunStore.open(reference, readonly=True) as store:
        for tid in _kept(reference):
            task = store.get(Task, tid)
            verdicts = list(store.iter(Verdict, where_parent=tid))
            assert {v.check for v in verdicts} == {"well_posed", "grounding", "necessity", "leakage", "replay", "dedup",
                                                   "depth", "query_hygiene", "trivial", "empty_hop", "informative"}
            assert all(v.ok for v in verdicts)
            trace = store.get(Trace, task.trace_id)
            assert Grounding().verify(task, trace, VerifyContext(toolset=pool)).ok
            (traj,) = store.iter(Trajectory, where_parent=tid)
            final = traj.messages[-1].content or ""
            assert check(task.answer, final).correct, (task.query, final, extract_final_answer(final))
            assert traj.messages[1].content == task.query


def test_rejections_come_with_reasons_and_are_kept_in_the_item_records() -> None:
    ctx = run_context(_config(12))
    rejected: list[Verdict] = []
    for item in range(40):  # about a quarter of verified candidates are rejected (see the 2,000-task run)
        output = process_item(ctx, item)
        stored = {r.id for r in output.records}
        for verdict in output.verdicts:
            if not verdict.ok:
                rejected.append(verdict)
                assert verdict.reason
                assert verdict.id in stored and verdict.task_id in stored
                assert verdict.task_id in output.result.task_ids
                assert verdict.task_id not in output.result.kept_task_ids
        if rejected:
            break
    assert rejected, "no candidate was rejected in 40 items"


def test_later_rounds_link_to_the_task_they_extend(reference: Path) -> None:
    """A later round's task extends the last task of its item that was kept, or that only repeated a task kept
    before (the deduplicator alone rejected it): a members question asked of 12 sets already still grows a program
    (the currency of its winner)."""
    with RunStore.open(reference, readonly=True) as store:
        verdicts: dict[str, list[Verdict]] = {}
        for v in store.iter(Verdict):
            verdicts.setdefault(v.task_id, []).append(v)
        for item in store.iter(ItemResult):
            tasks = [store.get(Task, t) for t in item.kept_task_ids]
            for before, after in zip(tasks, tasks[1:], strict=False):
                assert after.round > before.round
                parent = store.get(Task, after.parent_task_id or "")
                assert parent.round < after.round
                if parent.id != before.id:
                    assert parent.round > before.round and parent.id in item.task_ids
                    assert {v.check for v in verdicts[parent.id] if not v.ok} == {"dedup"}


def test_a_task_that_only_repeats_a_kept_one_is_the_next_rounds_basis(reference: Path) -> None:
    """verify() keeps the first candidate that passes every check; with none kept, it gives the first that only the
    stateful deduplicator rejected (the next round extends it), never one another check rejected."""
    from dive.pipeline.item import _Item, verify  # noqa: PLC0415

    with RunStore.open(reference, readonly=True) as store:
        task = next(store.iter(Task))
        trace = store.get(Trace, task.trace_id)
    pool = load_pool(PACKS)
    tools = {t.name: t for t in pool.list_tools()}
    dedup = Deduplicator()
    ctx = SimpleNamespace(checks=[dedup], cheap=[dedup], costly=[], admit=dedup.admit)
    assert verify(ctx, [task], trace, tools, VerifyContext(toolset=pool), _Item()) == (task, None)
    assert verify(ctx, [task], trace, tools, VerifyContext(toolset=pool), _Item()) == (None, task)  # kept already
    strict = [dedup, Leakage()]
    other = Task.model_validate({**task.model_dump(mode="json", exclude={"id"}),
                                 "query": f"{task.query} The answer is {task.answer.value}."})
    ctx = SimpleNamespace(checks=strict, cheap=strict, costly=[], admit=dedup.admit)
    assert verify(ctx, [other], trace, tools, VerifyContext(toolset=pool), _Item()) == (None, None)


def test_an_item_ends_at_a_round_that_adds_no_call() -> None:
    """The natural deriver asks only of the trace: a round whose explorer added no call has nothing new to ask, and
    the item ends there (no second copy of the same trace). A deriver that does not say so (an LLM may ask a harder
    question of the same evidence) gets every round."""
    ctx = run_context(_config(12))
    assert ctx.deriver.needs_new_evidence
    ended = None
    for item in range(60):
        out = process_item(ctx, item)
        traces = [r for r in out.records if isinstance(r, Trace)]
        assert [len(t.calls) for t in traces] == sorted({len(t.calls) for t in traces}), item  # each round grew
        if len(traces) < ctx.config.explore.rounds:
            ended = item
            break
    assert ended is not None
    ctx.deriver.needs_new_evidence = False
    traces = [r for r in process_item(ctx, ended).records if isinstance(r, Trace)]
    assert len(traces) == ctx.config.explore.rounds and traces[-1].id == traces[-2].id


def test_an_existing_run_needs_resume_and_the_same_config(reference: Path) -> None:
    with pytest.raises(StoreError, match="--resume"):
        run(_config(12), reference)
    with pytest.raises(StoreError, match="config differs"):
        run(_config(12, seed=99), reference, resume=True)


def test_resume_after_sigkill_gives_the_uninterrupted_kept_set(tmp_path: Path) -> None:
    # 60 tasks: an offline run commits the items of half a second together, and 12 tasks fit in the first commit
    reference = tmp_path / "reference"
    run(_config(60), reference)
    out = tmp_path / "killed"
    cmd = [sys.executable, "-m", "dive.cli", "run", "--tasks", "60", "--seed", "7", "--out", str(out), "--quiet",
           "-o", f"tools.packs={json.dumps(PACKS)}"]
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    done = 0
    while time.monotonic() < deadline and child.poll() is None:
        db = out / "run.sqlite"
        if db.exists():
            try:
                with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
                    rows = conn.execute("SELECT json FROM records WHERE kind='ItemResult'").fetchall()
                    done = sum(bool(json.loads(r[0])["kept_task_ids"]) for r in rows)
            except sqlite3.Error:
                done = 0
        if done >= 1:  # some item has kept a task (an item may keep none)
            break
        time.sleep(0.05)
    assert child.poll() is None, "the run finished before it could be killed; make it longer"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    partial = _kept(out)
    assert 0 < len(partial) < len(_kept(reference))
    run(_config(60), out, resume=True)
    assert _kept(out) == _kept(reference)


def test_an_error_mid_run_keeps_every_finished_item_and_the_resume_gives_the_uninterrupted_run(
        reference: Path, tmp_path: Path) -> None:
    """Items are committed a few at a time (``_Commits``); an exception between items (here from the progress
    callback, after the 4th) still stores the finished ones, each whole, and a resume goes on from there."""
    out = tmp_path / "stopped"

    def stop(funnel) -> None:  # noqa: ANN001
        if funnel.items == 4:
            raise RuntimeError("stop here")

    with pytest.raises(RuntimeError, match="stop here"):
        run(_config(12), out, on_item=stop)
    with RunStore.open(out, readonly=True) as store:
        results = sorted(store.iter(ItemResult), key=lambda r: r.item)
        assert [r.item for r in results] == [0, 1, 2, 3]
        assert all(store.has(Trace, t) for r in results for t in r.trace_ids)  # each item whole, traces too
        assert all(store.has(Task, t) for r in results for t in r.kept_task_ids)
    run(_config(12), out, resume=True)
    assert _kept(out) == _kept(reference)


def test_cli_run_show_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cli"
    packs = f"tools.packs={json.dumps(PACKS)}"
    assert main(["run", "--tasks", "5", "--seed", "3", "--out", str(out), "--quiet", "-o", packs]) == 0
    assert "kept" in capsys.readouterr().out
    assert main(["show", str(out), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["funnel"]["kept"] == len(_kept(out)) >= 5
    assert report["diversity"]["tasks"] == report["funnel"]["kept"]
    assert sum(report["domains"].values()) == report["funnel"]["kept"]  # kept tasks by their item's seed domain
    assert set(report["domains"]) <= {"geo", "time", "general"}, report["domains"]
    assert report["samples"] and report["samples"][0]["query"]
    assert main(["export", str(out), "--format", "openai", "--out", str(tmp_path / "sft.jsonl")]) == 0
    lines = (tmp_path / "sft.jsonl").read_text().splitlines()
    first = json.loads(lines[0])
    assert [m["role"] for m in first["messages"]][:2] == ["system", "user"]
    assert first["tools"] and first["tools"][0]["type"] == "function"
    assert main(["show", str(tmp_path / "nowhere")]) == 2
    assert "not a run directory" in capsys.readouterr().err


def test_report_counts_match_the_store(reference: Path) -> None:
    report = run_report(reference)
    funnel = report["funnel"]
    assert funnel["kept"] == len(_kept(reference))
    assert funnel["derived"] == funnel["kept"] + sum(funnel["rejected"].values())


def test_an_unexpected_error_in_an_item_is_stored_and_the_run_goes_on(tmp_path: Path) -> None:
    class Broken:
        def derive(self, r: Round, trace: Trace) -> list[Task]:
            raise RuntimeError("the deriver broke")

    ctx = run_context(_config(1))
    ctx.deriver = Broken()
    output = process_item(ctx, 0)
    assert output.result.error == "RuntimeError: the deriver broke"
    assert output.records == [] and output.result.kept_task_ids == ()


def test_show_with_zero_samples_and_bad_sample_counts(reference: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_report(reference, samples=0)["samples"] == []
    assert main(["show", str(reference), "--samples", "0", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["samples"] == []
    with pytest.raises(SystemExit) as exit_:
        main(["show", str(reference), "--samples", "-1"])
    assert exit_.value.code == 2 and "must be 0 or more, got -1" in capsys.readouterr().err
    with pytest.raises(ConfigError, match="--samples -2: give 0 or more"):
        run_report(reference, samples=-2)


def test_an_unknown_export_format_is_a_config_error_with_the_closest_name(reference: Path, tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(reference), "--format", "openia", "--out", str(tmp_path / "x.jsonl")]) == 2
    assert "unknown export format 'openia'; did you mean 'openai'?" in capsys.readouterr().err
    with pytest.raises(ConfigError):
        export_run(reference, tmp_path / "y.jsonl", fmt="parquet")
    assert not (tmp_path / "x.jsonl").exists() and not (tmp_path / "y.jsonl").exists()


def test_checks_run_in_the_configured_order(tmp_path: Path) -> None:
    order = ["dedup", "replay", "leakage", "necessity", "empty_hop", "trivial", "query_hygiene", "grounding",
             "well_posed"]
    config = _config(2, **{"verify.checks": json.dumps(order)})
    ctx = run_context(config)
    assert [c.name for c in ctx.checks] == order
    by_task: dict[str, list[str]] = {}
    for item in range(40):  # the first item that derives a task (which one follows the generator)
        for v in process_item(ctx, item).verdicts:
            by_task.setdefault(v.task_id, []).append(v.check)
        if by_task:
            break
    assert by_task and all(checks == order for checks in by_task.values())


def test_an_export_holds_one_item_at_a_time(reference: Path) -> None:
    """Exporting reads the kept tasks item by item: holding every item of a 4,000-task run (59,653 of them) took
    350 MB at the end of ``dive run``. While the last task is read, only its item is alive, of the run's many."""
    import gc  # noqa: PLC0415

    from dive.export.base import kept_tasks  # noqa: PLC0415

    with RunStore.open(reference, readonly=True) as store:
        items = sum(1 for _ in store.iter(ItemResult))
        for _ in kept_tasks(store):
            gc.collect()
            alive = sum(isinstance(o, ItemResult) for o in gc.get_objects())
    assert items >= 10 and alive <= 2, (items, alive)
