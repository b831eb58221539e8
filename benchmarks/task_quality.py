"""What a run's kept tasks are worth: the natural-tasks measures, read from one run's store.

    python benchmarks/task_quality.py RUN_DIR                 # measure an existing run
    python benchmarks/task_quality.py --tasks 2000 --seed 11  # run `dive run` first (timed), then measure
    python benchmarks/task_quality.py --tasks 2000 --seed 907 --reference f04516f --reference-seed 911
        # ... and the code of an earlier commit (f04516f: when the natural-tasks issue was filed), for a speed ratio

Prints the items the run took for its kept tasks and, over the kept tasks:

- query hygiene: queries with a backtick, a snake_case identifier or `` = `` (the same pattern
  the project's pre-stop hook counts);
- empty hops (a call fed its source's own input), answers equal to an input of their call, and
  answers from a near-constant field (a tool field that gives the same value in >= 90% of its
  >= 5 kept tasks); duplicate normalized queries, and tasks that ask a kept task's question in other words
  (the same stated values and answer, read from the same field but for a number with decimals, recomputed from
  the traces);
- diversity of kinds: the kinds of question (:func:`dive.provenance.question_kind`: the op and the tool and field the
  answer is read from, however worded), the largest kind's count and the share of the 20 largest;
- depth: mean calls behind the answer (the calls whose outputs are used), the share of tasks
  with >= 3 distinct tools, round-3 over round-1 calls, the share of mixed R+P topologies;
- coverage: the share of the pool's tools called in some trace, and used by some kept task; the share of kept
  tasks whose item started from each pack's seeds;
- throughput: kept tasks per second of the whole `dive run` command (start-up and export
  included), when the benchmark ran it; with ``--reference REV``, the same command of the code at git revision REV (a
  worktree of this repository, run with its own ``src`` first on the path: the installed packages serve both) on the
  same number of tasks, right after, and the ratio of the two throughputs. f04516f is the code when the natural-tasks
  issue was filed; it fails on seed 907's item 404 (a bug fixed since), so ``--reference-seed`` runs it on another.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from statistics import mean

from dive.provenance import question_kind
from dive.records import ItemResult, RunManifest, Task, Trace
from dive.store import RunStore
from dive.verification import VerifyContext, provenance_calls
from dive.verification.hygiene import EmptyHop, Trivial

_HOOK = re.compile(r"`|\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b| = ")


def _norm(query: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", "", query.lower())).strip()


def _asked(task: Task, used: list) -> str:  # type: ignore[type-arg]
    """What a task asks, recomputed here from its calls: the values it states (arguments no earlier call gave, whole
    or item by item), its answer, and but for a number with decimals the field the answer is read from."""
    stated = sorted({json.dumps(v, sort_keys=True) for c in used for p, v in c.arguments.items()
                     if v is not None and p not in c.sources and not any(k.startswith(p + "[") for k in c.sources)})
    value = task.answer.value
    decimals = task.answer.type == "number" and isinstance(value, float) and not value.is_integer()
    fields = [] if decimals else sorted({re.sub(r"\[(\d+|\*)\]", "", e.path).rsplit(".", 1)[-1]
                                         for e in task.provenance.evidence})
    return json.dumps([stated, task.answer.type, value, task.answer.unit, fields], sort_keys=True)


def measure(run_dir: Path) -> dict[str, float]:
    with RunStore.open(run_dir, readonly=True) as store:
        manifest = list(store.iter(RunManifest))[-1]
        kinds: dict[str, str] = {}
        results = sorted(store.iter(ItemResult), key=lambda r: r.item)
        pairs: list[tuple[Task, Trace]] = []
        traced: set[str] = set()
        for result in results:
            for tid in result.trace_ids:
                traced.update(c.tool for c in store.get(Trace, tid).calls)
            for tid in result.kept_task_ids:
                task = store.get(Task, tid)
                pairs.append((task, store.get(Trace, task.trace_id)))
        pool = set(manifest.tool_hashes)
        domains = Counter(r.seed.domain for r in results for _ in r.kept_task_ids)
    from dive.tools.registry import PACKS, load_pack, pack_installed  # noqa: PLC0415

    for pack in PACKS:
        if pack_installed(pack):
            kinds.update({t.name: t.kind for t in load_pack(pack)})
    n = len(pairs)
    if not n:
        raise SystemExit(f"{run_dir}: no kept tasks")
    ctx = VerifyContext(toolset=None)  # type: ignore[arg-type] - neither check calls tools
    empty = sum(not EmptyHop().verify(t, tr, ctx).ok for t, tr in pairs)
    echo = sum(not Trivial().verify(t, tr, ctx).ok for t, tr in pairs)
    by_field: dict[tuple[str, str], list[str]] = defaultdict(list)
    for task, trace in pairs:
        if task.provenance.op == "identity":
            ev = task.provenance.evidence[0]
            tool = next(c.tool for c in trace.calls if c.id == ev.call_id)
            by_field[(tool, re.sub(r"\[\d+\]", "[*]", ev.path))].append(json.dumps(task.answer.value))
    constant = {k for k, v in by_field.items() if len(v) >= 5 and Counter(v).most_common(1)[0][1] >= 0.9 * len(v)}
    near_constant = sum(len(by_field[k]) for k in constant)
    norm = Counter(_norm(t.query) for t, _ in pairs)
    dup = sum(c - 1 for c in norm.values() if c > 1)
    used = [provenance_calls(t, tr) for t, tr in pairs]
    asked = Counter(_asked(t, u) for (t, _), u in zip(pairs, used, strict=True))
    calls = [len(u) for u in used]
    distinct = [len({c.tool for c in u}) for u in used]
    by_round: dict[int, list[int]] = defaultdict(list)
    for (task, _), k in zip(pairs, calls, strict=True):
        by_round[task.round].append(k)
    mixed = sum(len({kinds.get(c.tool) for c in u} & {"R", "P"}) == 2 for u in used)
    used_tools = {c.tool for u in used for c in u}
    of_kind = Counter(question_kind(t, tr) for t, tr in pairs)
    return {
        "kept": n,
        "items": len(results),
        "hygiene_violations": sum(bool(_HOOK.search(t.query)) for t, _ in pairs) / n,
        "empty_hop": empty / n,
        "answer_equals_input": echo / n,
        "near_constant_field": near_constant / n,
        "duplicate_normalized_queries": dup / n,
        "same_question_other_words": sum(c - 1 for c in asked.values() if c > 1) / n,
        "mean_used_calls": mean(calls),
        "share_3plus_tools": sum(d >= 3 for d in distinct) / n,
        "mean_distinct_tools": mean(distinct),
        "round3_over_round1_calls": (mean(by_round[3]) / mean(by_round[1])) if by_round[3] and by_round[1] else 0.0,
        "share_mixed_rp": mixed / n,
        "pool_tools": len(pool),
        "pool_called_in_traces": len(traced & pool) / len(pool),
        "pool_used_by_kept_tasks": len(used_tools & pool) / len(pool),
        "question_kinds": len(of_kind),
        "largest_kind": of_kind.most_common(1)[0][1] if of_kind else 0,
        "top20_kinds_share": sum(k for _, k in of_kind.most_common(20)) / n,
        "shapes": dict(Counter(t.template for t, _ in pairs)),  # type: ignore[dict-item]
        "seed_domain_shares": {d: round(k / n, 3) for d, k in domains.most_common()},  # type: ignore[dict-item]
    }


def _timed_run(tasks: int, seed: int, out: Path, *overrides: str) -> float:
    """Seconds of one whole `dive run` command (start-up and export included)."""
    cmd = ["dive", "run", "--tasks", str(tasks), "--seed", str(seed), "--out", str(out)]
    for o in overrides:
        cmd += ["-o", o]
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def _reference_run(rev: str, tasks: int, seed: int, work: Path) -> tuple[float, int]:
    """Seconds and kept tasks of one whole `dive run` command of the code at git revision ``rev``."""
    repo = Path(__file__).resolve().parent.parent
    tree = work / "reference"
    subprocess.run(["git", "-C", str(repo), "worktree", "add", "--detach", "-f", str(tree), rev], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        cmd = [sys.executable, "-m", "dive.cli", "run", "--tasks", str(tasks), "--seed", str(seed), "--out",
               str(work / "reference_run")]
        env = {**os.environ, "PYTHONPATH": str(tree / "src")}
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=tree)
        wall = time.perf_counter() - start
        lines = (work / "reference_run" / "tasks.jsonl").read_text(encoding="utf-8").splitlines()
        return wall, len(lines)
    finally:
        subprocess.run(["git", "-C", str(repo), "worktree", "remove", "--force", str(tree)], check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("run_dir", nargs="?", type=Path)
    parser.add_argument("--tasks", type=int, default=500)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--reference", metavar="REV",
                        help="also run the code of git revision REV (e.g. f04516f) on the same number of tasks, and "
                             "print the throughput ratio")
    parser.add_argument("--reference-seed", type=int, help="the reference run's seed (default: --seed)")
    args = parser.parse_args()
    wall = None
    tmp = None
    run_dir = args.run_dir
    reference: tuple[float, int] | None = None
    if run_dir is None:
        tmp = tempfile.TemporaryDirectory()
        run_dir = Path(tmp.name) / "run"
        wall = _timed_run(args.tasks, args.seed, run_dir)
        if args.reference:
            reference = _reference_run(args.reference, args.tasks, args.reference_seed or args.seed, Path(tmp.name))
    out = measure(run_dir)
    if wall is not None:
        out["cli_wall_s"] = round(wall, 1)
        out["kept_per_s"] = round(out["kept"] / wall, 2)
    if reference is not None and wall is not None:
        out["reference_cli_wall_s"] = round(reference[0], 1)
        out["reference_kept_per_s"] = round(reference[1] / reference[0], 2)
        out["throughput_over_reference"] = round((out["kept"] / wall) / (reference[1] / reference[0]), 3)
    for key, value in out.items():
        print(f"{key:32} {value:.3f}" if isinstance(value, float) else f"{key:32} {value}")
    if tmp is not None:
        tmp.cleanup()
    sys.stdout.flush()


if __name__ == "__main__":
    main()
