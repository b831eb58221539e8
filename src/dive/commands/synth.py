"""``dive run``, ``dive show`` and ``dive export``: synthesize tasks, inspect a run, write files."""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

__all__ = ["cmd_export", "cmd_run", "cmd_show"]


def cmd_run(args: argparse.Namespace) -> int:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from dive.config import load_config
    from dive.pipeline import Funnel, run

    # Tools compute on real data; numeric libraries warn (divide by zero, ...) and the run records
    # the outcome as an observation, so the warnings are noise on the terminal.
    warnings.filterwarnings("ignore", category=RuntimeWarning)
    config = load_config(args.config, [*(args.override or ()), *model_overrides(args)], tasks=args.tasks, seed=args.seed)
    config = with_base_url(config, args.base_url, add_solver_checks=bool(args.solver))
    out = Path(args.out)
    err = Console(stderr=True)
    columns = (TextColumn("[bold]kept"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
               TimeElapsedColumn())
    with Progress(*columns, console=err, transient=False, disable=args.quiet) as progress:
        bar = progress.add_task("", total=config.tasks)

        def update(funnel: Funnel) -> None:
            rejected = sum(funnel.rejected.values())
            progress.update(bar, completed=min(funnel.kept, config.tasks),
                            description=f"items {funnel.items}  derived {funnel.derived}  rejected {rejected}")

        funnel = run(config, out, resume=args.resume, on_item=update)
    from dive.export import export_run

    files = {fmt: out / name for fmt, name in (("tasks", "tasks.jsonl"), ("openai", "gold_openai.jsonl"))}
    for fmt, path in files.items():
        export_run(out, path, fmt=fmt)
    summary = {"out": str(out), **funnel.as_dict(), "wall_s": round(funnel.wall_ms / 1000, 2),
               "tool_s": round(funnel.tool_ms / 1000, 2), "files": {k: str(v) for k, v in files.items()}}
    if args.json:
        sys.stdout.write(json.dumps(summary, indent=2) + "\n")
    else:
        rejected = ", ".join(f"{k} {v}" for k, v in summary["rejected"].items()) or "none"
        print(f"kept {funnel.kept} tasks from {funnel.items} items ({funnel.derived} derived; rejected: {rejected}) "
              f"in {summary['wall_s']} s")
        print(f"tasks: {files['tasks']} (one JSON line per kept task: query, answer, provenance, toolset, trace)")
        print(f"gold trajectories: {files['openai']} (OpenAI chat format)")
        print(f"everything (traces, verdicts with reasons): {out}/run.sqlite; inspect with 'dive show {out}'")
    if funnel.kept < config.tasks:
        print(f"dive: warning: only {funnel.kept} of {config.tasks} tasks were kept before the item limit "
              f"({funnel.items} items); raise max_items or widen the tool pool", file=sys.stderr)
        return 1
    return 0


def model_overrides(args: argparse.Namespace) -> list[str]:
    """Config overrides for --explorer/--deriver/--solver/--judge (a ``provider:model`` turns the LLM stage on)."""
    out: list[str] = []
    for stage, section, key in (("explorer", "explore", "explorer"), ("deriver", "derive", "deriver")):
        value = getattr(args, stage, None)
        if value is None:
            continue
        if ":" in value:
            out += [f"{section}.{key}=llm", f"llm.{stage}.model={value}"]
        else:  # a registered name; load_config checks it (did-you-mean)
            out.append(f"{section}.{key}={value}")
    if getattr(args, "solver", None):
        out.append(f"llm.solver.model={args.solver}")
    if getattr(args, "judge", None):
        out.append(f"llm.judge.model={args.judge}")
    return out


def with_base_url(config: Any, base_url: str | None, *, add_solver_checks: bool = False) -> Any:
    """--base-url for every stage with a model and no base URL; --solver adds the closed_book and solver checks."""
    from dive.config import LLMConfig

    llm = config.llm
    if base_url:
        llm = LLMConfig(**{stage: getattr(llm, stage).model_copy(update={"base_url": base_url})
                           if getattr(llm, stage).model and not getattr(llm, stage).base_url else getattr(llm, stage)
                           for stage in LLMConfig.model_fields})
    checks = config.verify.checks
    if add_solver_checks:
        checks = (*checks, *(c for c in ("closed_book", "solver") if c not in checks))
    return config.model_copy(update={"llm": llm, "verify": config.verify.model_copy(update={"checks": checks})})


def cmd_show(args: argparse.Namespace) -> int:
    from dive.report import run_report

    report = run_report(args.dir, samples=args.samples)
    if args.json:
        sys.stdout.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        return 0
    console = Console()
    funnel = report["funnel"]
    console.print(f"[bold]{report['dir']}[/]  seed {report['seed']}  manifest {report['manifest_id']}")
    table = Table(title="funnel")
    for col in ("items", "traces", "derived", "kept", "rejected"):
        table.add_column(col)
    rejected = ", ".join(f"{k} {v}" for k, v in funnel["rejected"].items()) or "0"
    table.add_row(*(str(funnel[c]) for c in ("items", "traces", "derived", "kept")), rejected)
    console.print(table)
    _print_diversity(console, report["diversity"], report["templates"])
    timing = report["timing"]
    console.print(f"tool time {timing['tool_s']} s, item wall time {timing['item_wall_s']} s, "
                  f"overhead / tool time = {timing['overhead_ratio']}")
    _print_llm(console, report.get("llm") or {})
    for sample in report["samples"]:
        console.print(f"\n[bold]task {sample['id']}[/] (round {sample['round']}, {sample['template']}, "
                      f"op {sample['op']})")
        console.print(sample["query"], markup=False)
        console.print(f"answer: {sample['answer']!r}", markup=False)
        for call in sample["calls"]:
            console.print(f"  r{call['round']} {call['tool']}({json.dumps(call['arguments'])[:100]}) -> "
                          f"{json.dumps(call['output'])[:120]}", markup=False)
    return 0


def _print_llm(console: Console, llm: dict[str, Any]) -> None:
    stages = {k: v for k, v in llm.items() if isinstance(v, dict)}
    if not stages:
        return
    table = Table(title="LLM usage")
    for col in ("stage", "calls", "requests", "prompt tok", "completion tok", "cost $", "unusable",
                "calls/kept", "tokens/kept"):
        table.add_column(col)
    for stage, u in stages.items():
        per = u["per_kept_task"]
        table.add_row(stage, str(u["calls"]), str(u["requests"]), str(u["prompt_tokens"]), str(u["completion_tokens"]),
                      f"{u['cost_usd']:.4f}", str(u["unusable"]), str(per["calls"]), str(per["tokens"]))
    console.print(table)
    for stage, u in stages.items():
        if u["unusable_example"]:
            console.print(f"  {stage} unusable output, e.g.: {u['unusable_example']}", markup=False)
    console.print(f"solver trajectories (SFT): {llm.get('solver_trajectories')}, "
                  f"mean pass rate: {llm.get('mean_pass_rate')}")


def _print_diversity(console: Console, div: dict[str, Any], templates: dict[str, int]) -> None:
    table = Table(title="diversity (kept tasks)")
    table.add_column("metric")
    table.add_column("value")
    rows = [
        ("tasks", div["tasks"]),
        ("tools covered", f"{div['tools_covered']} (pool coverage {div.get('pool_coverage')})"),
        ("unique toolsets", div["unique_toolsets"]),
        ("unique call sequences", div["unique_call_sequences"]),
        ("unique call graphs", div["unique_call_graphs"]),
        ("topology classes", json.dumps(div["topology_classes"])),
        ("distinct tools per task", json.dumps(div["distinct_tools_per_task"])),
        ("calls per task", json.dumps(div["calls_per_task"])),
        ("depth", json.dumps(div["depth"])),
        ("templates", json.dumps(templates)),
    ]
    for name, value in rows:
        table.add_row(name, str(value))
    console.print(table)
    by_round = Table(title="structure by round")
    for col in ("round", "tasks", "calls", "depth", "tools", "evidence"):
        by_round.add_column(col)
    for rnd, row in div["by_round"].items():
        by_round.add_row(rnd, *(str(v) for v in row.values()))
    console.print(by_round)


def cmd_export(args: argparse.Namespace) -> int:
    from dive.export import export_run

    n = export_run(args.dir, args.out, fmt=args.format)
    print(f"wrote {n} lines to {args.out}")
    return 0
