"""Worker processes and shards: the same tasks for 1 and N workers, across a resume with another N, and for
N shards merged."""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from pathlib import Path
from typing import ClassVar

import pytest

from dive.config import load_config
from dive.errors import ConfigError, StoreError
from dive.pipeline import Components, run, run_context
from dive.pipeline.shard import Merged, parse_shard
from dive.pipeline.workers import Forked, Workers, sequential
from dive.records import ItemResult, Task, Trace, Verdict
from dive.report import export_run
from dive.stages import Explorer, Round, VerifyContext
from dive.store import RunStore

PACKS = ["core", "geo", "time"]


def _config(tasks: int, seed: int = 7):
    return load_config(overrides=[f"tools.packs={json.dumps(PACKS)}"], tasks=tasks, seed=seed)


def _export(run_dir: Path, tmp_path: Path) -> bytes:
    out = tmp_path / f"{run_dir.name}.jsonl"
    export_run(run_dir, out, fmt="tasks")
    return out.read_bytes()


class FewPerAnswerType:
    """A stateful check (it has ``admit``): at most one kept task per answer type in the whole run. Items in flight
    at once see different states, so a worker's verdicts often disagree with the sequential ones."""

    name: ClassVar[str] = "few_per_type"

    def __init__(self) -> None:
        self.kept: dict[str, str] = {}

    def verify(self, task: Task, trace: Trace, ctx: VerifyContext) -> Verdict:
        used = Counter(self.kept.values())[task.answer.type]
        if used >= 1:
            return Verdict(task_id=task.id, check=self.name, ok=False, reason=f"{used} {task.answer.type} tasks kept")
        return Verdict(task_id=task.id, check=self.name, ok=True)

    def admit(self, task: Task) -> None:
        self.kept[task.id] = task.answer.type

    def forget(self, task_id: str) -> None:
        self.kept.pop(task_id, None)


def test_two_workers_give_the_tasks_of_one(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    run(_config(10), one, workers=1)
    run(_config(10), two, workers=2)
    assert _export(one, tmp_path) == _export(two, tmp_path)


def test_a_resume_with_other_workers_gives_the_uninterrupted_run(tmp_path: Path) -> None:
    whole, parts = tmp_path / "whole", tmp_path / "parts"
    run(_config(10), whole, workers=2)
    run(_config(4), parts, workers=2)
    run(_config(10), parts, resume=True, workers=1)
    assert _export(whole, tmp_path) == _export(parts, tmp_path)


def test_a_stateful_check_is_reconciled_at_commit(tmp_path: Path) -> None:
    config = _config(6).model_copy(update={"max_items": 40})
    one, two = tmp_path / "one", tmp_path / "two"
    run(config, one, workers=1, components=Components(checks=[FewPerAnswerType()]))
    run(config, two, workers=3, components=Components(checks=[FewPerAnswerType()]))
    with RunStore.open(one, readonly=True) as a, RunStore.open(two, readonly=True) as b:
        assert [r.id for r in sorted(a.iter(ItemResult), key=lambda r: r.item)] == \
               [r.id for r in sorted(b.iter(ItemResult), key=lambda r: r.item)]
        assert sorted(v.id for v in a.iter(Verdict)) == sorted(v.id for v in b.iter(Verdict))
        rejected = [v for v in a.iter(Verdict) if v.check == "few_per_type" and not v.ok]
    assert rejected, "the check never rejected: the test does not exercise reconciliation"


def test_workers_rerun_an_item_whose_stateful_verdict_changed() -> None:
    """Every pack (items derive tasks often), 40 items over 3 workers: items in flight together derive tasks of
    one answer type, so some verdict seen by a worker changes at commit and the item is run again."""
    config = load_config(tasks=6, seed=7)
    ctx = run_context(config, components_=Components(checks=[FewPerAnswerType()]))
    expected = [o.result.id for o in sequential(run_context(config, components_=Components(
        checks=[FewPerAnswerType()])), range(40))]
    with Workers.forked(ctx, 3) as workers:
        got = [o.result.id for o in workers.outputs(range(40))]
        reruns = workers.reruns
    assert reruns > 0
    assert got == expected


class DiesAtItem:
    """The run's explorer, except that a worker process exploring ``item`` dies (after a pause long enough for the
    driver to queue the worker's next item)."""

    def __init__(self, inner: Explorer, item: int) -> None:
        self.inner, self.item, self.driver = inner, item, os.getpid()

    def explore(self, r: Round) -> Trace:
        if r.item == self.item and os.getpid() != self.driver:
            time.sleep(0.5)
            os._exit(3)
        return self.inner.explore(r)


def test_a_worker_that_dies_fails_every_item_it_held_and_the_others_go_on() -> None:
    config = _config(4)
    inner = run_context(config).explorer
    ctx = run_context(config, components_=Components(explorer=DiesAtItem(inner, 2)))
    expected = {o.result.item: o.result.id for o in sequential(run_context(config), range(12))}
    with Workers.forked(ctx, 2) as workers:
        outputs = list(workers.outputs(range(12)))
    failed = [o.result.item for o in outputs if o.result.error is not None]
    assert [o.result.item for o in outputs] == list(range(12))
    assert 2 in failed and len(failed) == Forked.depth  # the item it was running and the one queued behind it
    for o in outputs:
        if o.result.error is not None:
            assert o.result.error == "WorkerDied: the worker process running the item was exit status 3"
        else:
            assert o.result.id == expected[o.result.item]


class SleepsAtItem:
    """The run's explorer, except that a worker process exploring ``item`` sleeps a minute first."""

    def __init__(self, inner: Explorer, item: int) -> None:
        self.inner, self.item, self.driver = inner, item, os.getpid()

    def explore(self, r: Round) -> Trace:
        if r.item == self.item and os.getpid() != self.driver:
            time.sleep(60)
        return self.inner.explore(r)


def test_closing_does_not_wait_for_an_item_the_run_no_longer_needs() -> None:
    """A run that has its tasks stops its workers at once: a worker still running an item past the last one needed
    is killed, not waited for (it kept every 2-worker run open for 2 s more)."""
    config = _config(4)
    ctx = run_context(config, components_=Components(explorer=SleepsAtItem(run_context(config).explorer, 3)))
    workers = Workers.forked(ctx, 2)
    got = []
    for output in workers.outputs(range(12)):
        got.append(output.result.item)
        if len(got) == 2:
            break
    time.sleep(0.5)  # item 3 has been sent and its worker is asleep
    start = time.monotonic()
    workers.close()
    assert got == [0, 1]
    assert time.monotonic() - start < 1.5


def test_workers_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="workers must be at least 1"):
        run(_config(1), tmp_path / "x", workers=0)


def test_three_shards_merged_give_the_unsharded_run(tmp_path: Path) -> None:
    whole = tmp_path / "whole"
    run(_config(10), whole, workers=2)
    shards = [tmp_path / f"s{i}" for i in range(3)]
    for i, out in enumerate(shards):
        funnel = run(_config(10), out, shard=parse_shard(f"{i}/3"))
        assert funnel.goal == 5
    with RunStore.open(shards[1], readonly=True) as store:
        assert {r.item % 3 for r in store.iter(ItemResult)} == {1}
    merged = Merged(shards)
    run(_config(10), tmp_path / "merged", merge=merged)
    assert merged.from_shards > 0
    assert _export(whole, tmp_path) == _export(tmp_path / "merged", tmp_path)


def test_merge_needs_every_shard_of_one_run(tmp_path: Path) -> None:
    for i in range(2):
        run(_config(2), tmp_path / f"s{i}", shard=parse_shard(f"{i}/2"))
    with pytest.raises(StoreError, match="give every shard"):
        run(_config(2), tmp_path / "m1", merge=Merged([tmp_path / "s0"]))
    run(_config(2, seed=8), tmp_path / "other", shard=parse_shard("1/2"))
    with pytest.raises(StoreError, match="another run"):
        run(_config(2), tmp_path / "m2", merge=Merged([tmp_path / "s0", tmp_path / "other"]))


def test_a_shard_resumes_as_its_shard(tmp_path: Path) -> None:
    run(_config(2), tmp_path / "s", shard=parse_shard("0/2"))
    with pytest.raises(StoreError, match="it ran shard 0/2"):
        run(_config(2), tmp_path / "s", resume=True)


@pytest.mark.parametrize("text", ["3/3", "1", "a/b", "-1/2"])
def test_a_bad_shard_names_the_form(text: str) -> None:
    with pytest.raises(ConfigError, match="INDEX/COUNT"):
        parse_shard(text)
