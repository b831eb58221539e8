"""Reading a finished (or running) run: its funnel, diversity summary and samples.

    report = run_report("runs/demo")                  # JSON-ready dict, what `dive show --json` prints

Everything here reads the store only (read-only), kept tasks in item order, round 1 first;
the kinds of the run's tools come from its manifest, so no pack is imported. Exports live in
:mod:`dive.export` (``export_run`` is re-exported here).
"""

from __future__ import annotations

import os
from collections import Counter
from typing import Any

from dive.diversity import diversity_summary, pool_coverage
from dive.errors import ConfigError
from dive.export import export_run, kept_tasks, open_run
from dive.provenance import provenance_calls
from dive.records import ItemResult, LLMCall, RunManifest, Task, Trace, Trajectory, Verdict
from dive.store import RunStore
from dive.tools.registry import PACKS, load_pool, pack_installed
from dive.verification.verifier import first_rejections

__all__ = ["export_run", "kept_tasks", "run_report"]


def run_report(run_dir: str | os.PathLike[str], *, samples: int = 3) -> dict[str, Any]:
    """The funnel, the diversity summary (the paper's Table 3) and ``samples`` sample tasks of a run."""
    if samples < 0:
        raise ConfigError(f"--samples {samples}: give 0 or more sample tasks to print")
    with open_run(run_dir) as store:
        manifests = list(store.iter(RunManifest))
        manifest = manifests[-1] if manifests else None
        items = sorted(store.iter(ItemResult), key=lambda r: r.item)
        rejected: Counter[str] = Counter()
        reasons: dict[str, str] = {}
        derived = 0
        for item in items:
            derived += len(item.task_ids)
            verdicts = [v for task_id in item.task_ids for v in store.iter(Verdict, where_parent=task_id)]
            for bad in first_rejections(verdicts).values():  # the funnel's own rule
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
        by_domain = Counter(item.seed.domain for item in items for _ in item.kept_task_ids)
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
            "domains": dict(by_domain.most_common()),
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
        numbers = [float(r) for r in rates if isinstance(r, int | float)]
        out["solver_trajectories"] = len(teacher)
        out["mean_pass_rate"] = round(sum(numbers) / len(numbers), 4) if numbers else None
    return out


def _tool_kinds(manifest: RunManifest | None, pairs: list[tuple[Task, Trace]]) -> dict[str, str]:
    """R/P kind of every tool the kept tasks call, from the manifest (a run stored before it recorded
    kinds: from the installed packs); ``?`` for a tool that is known neither way."""
    known: dict[str, str] = dict(manifest.tool_kinds) if manifest is not None else {}
    if not known:
        tools_config = manifest.config.get("tools") if manifest else None
        named = tools_config.get("packs") if isinstance(tools_config, dict) else None
        packs = [str(p) for p in named] if isinstance(named, list) else []
        packs = [p for p in packs or PACKS if p in PACKS and pack_installed(p)]
        known = {t.name: t.kind for t in load_pool(packs).list_tools()}
    used = {c.tool for task, trace in pairs for c in _path(task, trace)}
    return {name: known.get(name, "?") for name in used}


def _path(task: Task, trace: Trace) -> list[Any]:
    return provenance_calls(task, trace)


def _sample(task: Task, trace: Trace) -> dict[str, Any]:
    calls = [{"tool": c.tool, "arguments": c.arguments, "round": c.round,
              "output": trace.observation(c.id).output} for c in _path(task, trace)]
    return {"id": task.id, "round": task.round, "template": task.template, "query": task.query,
            "answer": task.answer.value, "op": task.provenance.op, "calls": calls}
