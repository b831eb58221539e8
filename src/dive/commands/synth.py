"""``dive run``, ``dive show`` and ``dive export``: synthesize tasks, inspect a run, write files."""

from __future__ import annotations

import argparse
import difflib
import json
import shlex
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

__all__ = ["cmd_export", "cmd_merge", "cmd_run", "cmd_show"]


def cmd_run(args: argparse.Namespace) -> int:
    from dive.errors import LLMOutage
    from dive.pipeline import Funnel

    # Tools compute on real data; numeric libraries warn (divide by zero, ...) and the run records
    # the outcome as an observation, so the warnings are noise on the terminal.
    warnings.filterwarnings("ignore", category=RuntimeWarning)
    config, no_verify = run_config(args)
    out = Path(args.out)
    seen: list[Funnel] = []  # the funnel after each item, for the interrupt and outage messages
    resume_hint = f"dive run --resume --out {shlex.quote(str(out))}"
    try:
        funnel = _run_with_progress(args, config, no_verify, on_done=seen.append)
        files = _write_run_files(out)
    except KeyboardInterrupt:
        if not (out / "run.sqlite").exists():
            sys.stderr.write("dive: interrupted before the first item; nothing was written\n")
        else:
            items = seen[-1].items if seen else 0
            sys.stderr.write(f"dive: interrupted after {items} items; resume with: {resume_hint}\n")
        return 130
    except LLMOutage as exc:
        if not (out / "run.sqlite").exists():
            raise
        items = seen[-1].items if seen else 0
        raise LLMOutage(f"{exc}; the {items} items done are stored; then resume with: {resume_hint}") from None
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
    unchecked = sum(n for k, n in funnel.rejected.items() if k.endswith("(not checked)"))
    if unchecked:
        print(f"dive: warning: {unchecked} tasks were not checked because a model could not be reached, so they "
              f"are not kept (their reasons: 'dive show {out}'); check the endpoint", file=sys.stderr)
    if funnel.kept < funnel.goal:
        print(f"dive: warning: only {funnel.kept} of {funnel.goal} tasks were kept before the item limit "
              f"({funnel.items} items); raise max_items or widen the tool pool", file=sys.stderr)
        return 1
    return 0


def _run_with_progress(args: argparse.Namespace, config: Any, no_verify: bool,
                       on_done: Callable[[Any], None]) -> Any:
    """``pipeline.run`` under a progress bar on standard error (erased at the end); ``on_done`` gets each funnel."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from dive.pipeline import Funnel, run

    columns = (TextColumn("[bold]kept"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
               TimeElapsedColumn())
    quiet = args.quiet or not sys.stderr.isatty()  # no bar (and no stray blank line) in logs and pipes
    with Progress(*columns, console=Console(stderr=True), transient=True, disable=quiet) as progress:
        first = "loading the tool pool" + (", then replaying the finished items" if args.resume else "")
        bar = progress.add_task(first, total=config.tasks)

        def update(funnel: Funnel) -> None:
            on_done(funnel)
            rejected = sum(funnel.rejected.values())
            progress.update(bar, completed=min(funnel.kept, config.tasks),
                            description=f"items {funnel.items}  derived {funnel.derived}  rejected {rejected}")

        from dive.pipeline.shard import parse_shard, shard_of
        from dive.preflight import stored_manifest

        shard = parse_shard(args.shard) if args.shard else None
        if args.resume and shard is None:
            shard = shard_of(stored_manifest(args.out))
        return run(config, Path(args.out), resume=args.resume, on_item=update, force=args.force, no_verify=no_verify,
                   workers=args.workers, tool_memory_mb=args.tool_memory_mb, shard=shard, backend=args.backend,
                   ray_address=args.ray_address)


def cmd_merge(args: argparse.Namespace) -> int:
    from dive.config import load_config
    from dive.pipeline import run
    from dive.pipeline.shard import Merged
    from dive.preflight import stored_manifest

    warnings.filterwarnings("ignore", category=RuntimeWarning)
    manifest = stored_manifest(args.shards[0])
    target = manifest.target
    base = {**manifest.config, **({"max_items": target["max_items"]} if target.get("max_items") is not None else {})}
    config = load_config(None, [], base=base, tasks=target.get("tasks"))
    merged = Merged(args.shards)
    out = Path(args.out)
    funnel = run(config, out, merge=merged, no_verify=bool(target.get("no_verify")))
    files = _write_run_files(out)
    summary = {"out": str(out), **funnel.as_dict(), "items_from_shards": merged.from_shards,
               "items_run_here": merged.ran_here, "files": {k: str(v) for k, v in files.items()}}
    if args.json:
        sys.stdout.write(json.dumps(summary, indent=2) + "\n")
    else:
        print(f"kept {funnel.kept} tasks from {funnel.items} items ({merged.from_shards} from the shards, "
              f"{merged.ran_here} run here); tasks: {files['tasks']}")
    return 0 if funnel.kept >= config.tasks else 1


def _write_run_files(out: Path) -> dict[str, Path]:
    """Export the kept tasks and the gold trajectories next to the store (the files ``dive run`` owns)."""
    import concurrent.futures
    import multiprocessing
    import threading

    from dive.export import export_run
    from dive.pipeline.workers import available_cores
    from dive.preflight import RUN_FILES

    files = {fmt: out / name for fmt, name in zip(("tasks", "openai"), RUN_FILES, strict=True)}
    (first, first_path), *others = files.items()
    if available_cores() < 2 or threading.active_count() > 1:  # forking a process with threads is not safe
        for fmt, path in files.items():
            export_run(out, path, fmt=fmt)
        return files
    # each file read from the store in a process of its own, as the run's cores are free now (500 tasks: the tasks
    # file took 0.4 s and the gold trajectories 0.8 s one after the other)
    fork = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(max_workers=len(others), mp_context=fork) as pool:
        pending = [pool.submit(export_run, out, path, fmt=fmt) for fmt, path in others]
        export_run(out, first_path, fmt=first)
        for future in pending:
            future.result()
    return files


def run_config(args: argparse.Namespace) -> tuple[Any, bool]:
    """The run's config and whether unverified configs are allowed: from the flags, or with ``--resume`` from the
    run's own stored config, which the flags may only repeat (a changed value is named by the run)."""
    from dive.config import load_config

    overrides = [*(args.override or ()), *model_overrides(args)]
    no_verify = bool(args.no_verify)
    if not args.resume:
        config = load_config(args.config, overrides, tasks=args.tasks, seed=args.seed)
        return with_base_url(config, args.base_url, add_solver_checks=bool(args.solver)), no_verify
    from dive.preflight import stored_manifest

    manifest = stored_manifest(args.out)
    base = dict(manifest.config)
    target = manifest.target
    if target.get("max_items") is not None:
        base["max_items"] = target["max_items"]
    tasks = args.tasks if args.tasks is not None else target.get("tasks")
    config = load_config(args.config, overrides, base=base, tasks=tasks, seed=args.seed)
    return (with_base_url(config, args.base_url, add_solver_checks=bool(args.solver)),
            no_verify or bool(target.get("no_verify")))


def model_overrides(args: argparse.Namespace) -> list[str]:
    """Config overrides for --explorer/--deriver/--solver/--judge/--phraser (a ``provider:model`` turns the LLM
    stage on)."""
    out: list[str] = []
    for stage, section, key in (("explorer", "explore", "explorer"), ("deriver", "derive", "deriver")):
        value = getattr(args, stage, None)
        if value is None:
            continue
        if ":" in value:
            out += [f"{section}.{key}=llm", f"llm.{stage}.model={value}"]
        else:
            _check_stage_name(stage, value)
            out.append(f"{section}.{key}={value}")
    if getattr(args, "solver", None):
        out.append(f"llm.solver.model={args.solver}")
    if getattr(args, "judge", None):
        out.append(f"llm.judge.model={args.judge}")
    if getattr(args, "phraser", None):
        out.append(f"llm.phraser.model={args.phraser}")
    return out


def _check_stage_name(stage: str, value: str) -> None:
    """ConfigError for --explorer/--deriver naming neither a registered component nor a provider:model."""
    from dive import registry
    from dive.errors import ConfigError

    kind: registry.Kind = "explorers" if stage == "explorer" else "derivers"
    names = registry.names(kind)
    if value in names:
        return
    close = difflib.get_close_matches(value, names, n=1, cutoff=0.5)
    hint = f"did you mean {close[0]!r}? " if close else ""
    raise ConfigError(f"--{stage} {value!r}: not a registered {stage} ({', '.join(names)}); {hint}for the LLM "
                      f"{stage} give PROVIDER:MODEL, e.g. openai:Qwen/Qwen3-8B")


def with_base_url(config: Any, base_url: str | None, *, add_solver_checks: bool = False) -> Any:
    """--base-url for every stage with a model and no base URL; --solver adds the closed_book and solver checks."""
    from dive.config import LLMConfig

    llm = config.llm
    if base_url and not any(getattr(llm, stage).model for stage in LLMConfig.model_fields):
        from dive.errors import ConfigError

        raise ConfigError(f"--base-url {base_url} has no effect: no stage uses a model; add --solver, --explorer, "
                          "--deriver, --judge or --phraser PROVIDER:MODEL, or drop --base-url")
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
    _print_diversity(console, report["diversity"], report["templates"], report["domains"])
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


def _print_diversity(console: Console, div: dict[str, Any], templates: dict[str, int], domains: dict[str, int]) -> None:
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
        ("seed domains", json.dumps(domains)),
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
    from dive.outfile import STDOUT

    n = export_run(args.dir, args.out, fmt=args.format)
    stream = args.out == STDOUT or not Path(args.out).is_file()  # a pipe or a device: keep the data clean
    print(f"wrote {n} lines to {'standard output' if args.out == STDOUT else args.out}",
          file=sys.stderr if stream else sys.stdout)
    return 0
