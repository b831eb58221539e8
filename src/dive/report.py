"""Reading a finished (or running) run: its funnel, diversity summary, samples and exports.

    report = run_report("runs/demo")                  # JSON-ready dict, what `dive show --json` prints
    n = export_run("runs/demo", "tasks.jsonl", fmt="tasks")

Everything here reads the store only (read-only); kept tasks come in item order, round 1
first, so exports are byte-identical for the same config and seed.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from dive.diversity import diversity_summary, pool_coverage
from dive.errors import ConfigError, StoreError
from dive.outfile import check_writable, write_lines
from dive.records import ItemResult, LLMCall, RunManifest, Task, Trace, Trajectory, Verdict
from dive.store import RunStore
from dive.trajectories import trajectory_to_openai

__all__ = ["EXPORT_FORMATS", "export_run", "kept_tasks", "run_report"]

EXPORT_FORMATS = ("tasks", "openai", "sft")


def _open(run_dir: str | os.PathLike[str]) -> RunStore:
    path = Path(run_dir)
    if not (path / "run.sqlite").exists():
        raise StoreError(f"{str(path)!r} is not a run directory (no run.sqlite); run 'dive run --out {path}' first")
    return RunStore.open(path, readonly=True)


def _items(store: RunStore) -> list[ItemResult]:
    return sorted(store.iter(ItemResult), key=lambda r: r.item)


def kept_tasks(store: RunStore) -> Iterator[tuple[ItemResult, Task, Trace]]:
    """Every kept task with its item and trace, in item order, round 1 first."""
    for item in _items(store):
        for task_id in item.kept_task_ids:
            task = store.get(Task, task_id)
            yield item, task, store.get(Trace, task.trace_id)


def run_report(run_dir: str | os.PathLike[str], *, samples: int = 3) -> dict[str, Any]:
    """The funnel, the diversity summary (the paper's Table 3) and sample tasks of a run."""
    if samples < 0:
        raise ConfigError(f"--samples {samples}: give 0 or more sample tasks to print")
    with _open(run_dir) as store:
        manifests = list(store.iter(RunManifest))
        manifest = manifests[-1] if manifests else None
        items = _items(store)
        rejected: Counter[str] = Counter()
        reasons: dict[str, str] = {}
        derived = 0
        for item in items:
            for task_id in item.task_ids:
                derived += 1
                bad = next((v for v in store.iter(Verdict, where_parent=task_id) if not v.ok), None)
                if bad is not None:
                    rejected[bad.check] += 1
                    reasons.setdefault(bad.check, bad.reason)
        pairs = [(task, trace) for _, task, trace in kept_tasks(store)]
        pool = sorted(manifest.tool_hashes) if manifest is not None else []
        kinds = _tool_kinds(manifest, pairs)
        diversity = diversity_summary(pairs, kinds)
        used = {c.tool for task, trace in pairs for c in _path(task, trace)}
        diversity["pool_coverage"] = round(pool_coverage(used, pool), 4) if pool else None
        tool_ms = sum(i.tool_ms or 0 for i in items)
        wall_ms = sum(i.wall_ms or 0 for i in items)
        by_template = Counter(task.template for task, _ in pairs)
        step = max(1, len(pairs) // samples) if samples else 1
        sample = [_sample(task, trace) for task, trace in pairs[::step][:samples]]
        return {
            "dir": str(run_dir),
            "manifest_id": manifest.id if manifest else None,
            "seed": manifest.config.get("seed") if manifest else None,
            "funnel": {
                "items": len(items),
                "traces": sum(len(i.trace_ids) for i in items),
                "derived": derived,
                "kept": len(pairs),
                "rejected": dict(sorted(rejected.items())),
                "rejection_examples": dict(sorted(reasons.items())),
            },
            "templates": dict(sorted(by_template.items())),
            "diversity": diversity,
            "timing": {"tool_s": round(tool_ms / 1000, 3), "item_wall_s": round(wall_ms / 1000, 3),
                       "overhead_ratio": round((wall_ms - tool_ms) / tool_ms, 3) if tool_ms else None},
            "llm": llm_usage(store, len(pairs)),
            "samples": sample,
        }


def llm_usage(store: RunStore, kept: int) -> dict[str, Any]:
    """Calls, tokens, cost and unusable outputs of each LLM stage, in total and per kept task."""
    stages: dict[str, Counter[str]] = {}
    examples: dict[str, str] = {}
    for call in store.iter(LLMCall):
        c = stages.setdefault(call.stage, Counter())
        c["calls"] += 1
        c["requests"] += call.attempts
        c["prompt_tokens"] += call.prompt_tokens
        c["completion_tokens"] += call.completion_tokens
        c["cost_usd_e8"] += round(call.cost_usd * 1e8)
        c["unusable"] += call.error is not None
        if call.error:
            examples.setdefault(call.stage, call.error[:200])
    out: dict[str, Any] = {}
    for stage, c in sorted(stages.items()):
        tokens = c["prompt_tokens"] + c["completion_tokens"]
        out[stage] = {"calls": c["calls"], "requests": c["requests"], "prompt_tokens": c["prompt_tokens"],
                      "completion_tokens": c["completion_tokens"], "cost_usd": round(c["cost_usd_e8"] / 1e8, 6),
                      "unusable": c["unusable"], "unusable_example": examples.get(stage),
                      "per_kept_task": {"calls": round(c["calls"] / kept, 2) if kept else None,
                                        "tokens": round(tokens / kept, 1) if kept else None}}
    if out:
        teacher = [t for t in store.iter(Trajectory) if t.source != "gold"]
        rates = [v.details["pass_rate"] for v in store.iter(Verdict) if v.check == "solver" and "pass_rate" in v.details]
        out["solver_trajectories"] = len(teacher)  # type: ignore[assignment]
        out["mean_pass_rate"] = round(sum(rates) / len(rates), 4) if rates else None  # type: ignore[arg-type]
    return out


def _tool_kinds(manifest: RunManifest | None, pairs: list[tuple[Task, Trace]]) -> dict[str, str]:
    """R/P kind of every tool the kept tasks call, from the run's packs; ``?`` for a tool no longer installed."""
    from dive.tools.registry import PACKS, load_pool, pack_installed

    packs = list((manifest.config.get("tools") or {}).get("packs") or []) if manifest else []  # type: ignore[union-attr]
    packs = [p for p in packs or PACKS if p in PACKS and pack_installed(p)]
    known = {t.name: t.kind for t in load_pool(packs).list_tools()}
    used = {c.tool for task, trace in pairs for c in _path(task, trace)}
    return {name: known.get(name, "?") for name in used}


def _path(task: Task, trace: Trace) -> list[Any]:
    from dive.verification.provenance import provenance_calls

    return provenance_calls(task, trace)


def _sample(task: Task, trace: Trace) -> dict[str, Any]:
    calls = [{"tool": c.tool, "arguments": c.arguments, "round": c.round,
              "output": trace.observation(c.id).output} for c in _path(task, trace)]
    return {"id": task.id, "round": task.round, "template": task.template, "query": task.query,
            "answer": task.answer.value, "op": task.provenance.op, "calls": calls}


def export_run(run_dir: str | os.PathLike[str], out: str | os.PathLike[str],
               *, fmt: Literal["tasks", "openai", "sft"] = "tasks") -> int:
    """Write the kept tasks of a run as JSON lines; returns the number of lines.

    ``tasks``: one line per task with query, answer spec, provenance, toolset and the full
    trace (and the solver's ``pass_rate`` when the solver check ran). ``openai``: the gold
    trajectories as ``{"messages": [...], "tools": [...]}``. ``sft``: the solver's correct
    attempts (rejection sampling), one line each, same format plus ``source`` (the model).
    ``out`` may be ``-`` (standard output), a pipe, a device or a symlink (written through);
    a regular file is written whole to a temporary name and renamed, so a failed export never
    leaves a partial file. The run's own store files are never written over.
    """
    if fmt not in EXPORT_FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    own = [Path(run_dir) / name for name in ("run.sqlite", "run.sqlite-wal", "run.sqlite-shm", "run.sqlite.lock")]
    check_writable(out, protect=own)
    with _open(run_dir) as store:
        return write_lines(out, _export_lines(store, fmt), protect=own)


def _export_lines(store: RunStore, fmt: str) -> Iterator[str]:
    for item, task, trace in kept_tasks(store):
        if fmt == "tasks":
            line: dict[str, Any] = {"id": task.id, "item": item.item, "round": task.round,
                                    "parent_task_id": task.parent_task_id, "template": task.template,
                                    "query": task.query, "answer": task.answer.model_dump(mode="json"),
                                    "provenance": task.provenance.model_dump(mode="json"),
                                    "toolset": list(task.toolset), "seed": item.seed.model_dump(mode="json"),
                                    "trace": trace.model_dump(mode="json", exclude=_VOLATILE)}
            rate = _pass_rate(store, task.id)
            if rate is not None:
                line["pass_rate"] = rate
        elif fmt == "openai":
            gold = [t for t in store.iter(Trajectory, where_parent=task.id) if t.source == "gold"]
            if not gold:
                continue
            line = {"id": task.id, **trajectory_to_openai(gold[0])}
        else:
            for traj in store.iter(Trajectory, where_parent=task.id):
                if traj.source != "gold":
                    yield json.dumps({"id": task.id, "source": traj.source, **trajectory_to_openai(traj)},
                                     ensure_ascii=False) + "\n"
            continue
        yield json.dumps(line, ensure_ascii=False, sort_keys=False) + "\n"


def _pass_rate(store: RunStore, task_id: str) -> float | None:
    """The solver's pass rate of a task, when the solver check ran."""
    for verdict in store.iter(Verdict, where_parent=task_id):
        if verdict.check == "solver" and "pass_rate" in verdict.details:
            return verdict.details["pass_rate"]  # type: ignore[return-value]
    return None


_VOLATILE: Any = {"calls": {"__all__": {"started_at", "duration_ms"}},
                  "observations": {"__all__": {"duration_ms"}}}
"""Timings left out of exports, so the same run gives byte-identical files."""
