"""``dive tools ...``: list, show, check and count the tool pool."""

from __future__ import annotations

import argparse
import difflib
import json
import statistics
import sys
import time
from collections import Counter
from functools import cache
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from dive.config import load_config
from dive.errors import MissingExtraError, UnknownToolError
from dive.tools import PACKS, Tool, load_pack, load_seeds, pack_installed
from dive.tools.execution import Limits, execute
from dive.tools.registry import pack_origin
from dive.tools.sources import ImportedPack, load_sources
from dive.tools.toolset import FunctionToolset

__all__ = ["cmd_check", "cmd_list", "cmd_show", "cmd_stats"]


def _selected(packs: list[str] | None) -> list[str]:
    names = packs or list(PACKS)
    for name in names:
        if name not in PACKS:
            raise UnknownToolError(f"unknown pack {name!r}; known packs: {', '.join(PACKS)}")
    return names


def _installed_tools(packs: list[str] | None, config: str | None = None) -> tuple[list[Tool], list[str]]:
    """The tools of ``packs`` (default: every pack, or the config's ``tools.packs``), then the config's own
    tools (``tools.modules``); a name clash is a one-line error."""
    run = load_config(config) if config else None
    if run is not None and not packs:
        packs = list(run.tools.packs) or None
    tools: list[Tool] = []
    missing: list[str] = []
    for name in _selected(packs):
        if not pack_installed(name):
            missing.append(name)
            continue
        tools.extend(load_pack(name))
    if run is not None:
        tools.extend(t for p in _sources(config) for t in p.tools())
        FunctionToolset(tools)  # ToolNameClash naming both sides and the fix
    return tools, missing


@cache
def _sources(config: str | None) -> list[ImportedPack]:
    return load_sources(load_config(config).tools) if config else []


def _imported(name: str, config: str | None) -> ImportedPack | None:
    return next((p for p in _sources(config) if any(t.name == name for t in p.tools())), None)


def _warn_missing(missing: list[str]) -> None:
    for name in missing:
        sys.stderr.write(f"pack {name!r} is not installed; install it with: {PACKS[name].install_hint}\n")


def _tool_json(t: Tool) -> dict[str, Any]:
    spec = t.spec()
    return {
        "name": t.name, "description": t.description, "parameters": t.parameters, "output_schema": t.output_schema,
        "kind": t.kind, "domain": t.domain, "pack": t.pack, "deterministic": t.deterministic,
        "source": t.source, "license": t.license, "param_sem": spec.param_sem, "output_sem": spec.output_sem,
        "examples": list(t.examples), "hash": t.hash,
        "distribution": pack_origin(t.pack) if t.pack in PACKS else "(imported)",
    }


def cmd_list(args: argparse.Namespace) -> int:
    tools, missing = _installed_tools(args.pack, getattr(args, "config", None))
    if args.json:
        sys.stdout.write(json.dumps([_tool_json(t) for t in tools], indent=2, ensure_ascii=False) + "\n")
        _warn_missing(missing)
        return 0
    console = Console()
    table = Table(title=f"{len(tools)} tools")
    for col in ("name", "kind", "domain", "pack", "from", "source", "summary"):
        table.add_column(col, overflow="fold")
    for t in tools:
        origin = "(imported)" if t.pack not in PACKS else pack_origin(t.pack)
        table.add_row(t.name, t.kind, t.domain, t.pack, origin, t.source, t.description.splitlines()[0][:70])
    console.print(table)
    for name in missing:
        console.print(f"[yellow]not installed[/]: pack [bold]{name}[/] ({PACKS[name].description}): "
                      f"{escape(PACKS[name].install_hint)}")
    return 0


def _find(name: str, config: str | None = None) -> Tool:
    tools, missing = _installed_tools(None, config)
    for t in tools:
        if t.name == name:
            return t
    close = difflib.get_close_matches(name, [t.name for t in tools], n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    if missing:
        hint += f" (packs not installed: {', '.join(missing)})"
    raise UnknownToolError(f"no tool named {name!r}{hint}; see 'dive tools list'")


def cmd_show(args: argparse.Namespace) -> int:
    config = getattr(args, "config", None)
    t = _find(args.name, config)
    pack = _imported(t.name, config)
    if args.json:
        out = _tool_json(t)
        if pack is not None:
            out["inferred"] = _inferred(t, pack)
        sys.stdout.write(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
        return 0
    console = Console()
    console.print(f"[bold]{t.name}[/]  kind={t.kind} domain={t.domain} pack={t.pack} "
                  f"deterministic={t.deterministic} source={t.source} license={t.license} hash={t.hash}")
    console.print(t.description, markup=False)
    console.print("\n[bold]parameters[/]")
    console.print_json(json.dumps(t.openai_schema()["function"]["parameters"]))
    spec = t.spec()
    console.print(f"\n[bold]semantic types[/]  in: {spec.param_sem}  out: {spec.output_sem}", markup=True)
    console.print("\n[bold]examples[/]")
    for example in t.examples:
        console.print_json(json.dumps(example))
    if pack is not None:
        console.print("\n[bold]inferred for this imported tool[/] (override in the source's vocab YAML)")
        console.print_json(json.dumps(_inferred(t, pack)))
    return 0


def _inferred(t: Tool, pack: ImportedPack) -> dict[str, Any]:
    """What dive-tasks inferred about an imported tool: kind, types, how it is asked about, state."""
    tl = pack.lexicon.tools.get(t.name)
    out: dict[str, Any] = {"kind": t.kind, "param_sem": t.param_sem, "output_sem": t.output_sem,
                           "stateful": pack.state is not None, "volatile": not t.deterministic}
    if tl is not None:
        out["lexicon"] = {"subject": tl.subject, "params": dict(tl.params),
                          "fields": {p: f.noun for p, f in tl.fields.items()}}
    if t.name in pack.actions:
        out["action"] = pack.actions[t.name]
    return out


def _check_one(t: Tool, pack: ImportedPack | None = None, allow_actions: bool = False) -> dict[str, Any]:
    """Run ``t``'s examples in their declared order; an imported tool's state is reset before each, and its
    actions run only with ``allow_actions``. An imported tool without examples is called with no arguments,
    or with values of its source's seeds."""
    if pack is not None and t.kind == "A" and not allow_actions:
        return {"name": t.name, "ok": True, "error": None, "duration_ms": 0.0,
                "skipped": "changes state (kind A); --allow-actions runs it"}
    fallback = _example(t, pack)
    examples = list(t.examples) or ([fallback] if fallback is not None else [])
    if not examples:
        why = "the tool has no example call" + (", and its source no seed of each parameter's type (give seeds "
                                                "in the source's vocab YAML)" if pack is not None else "")
        return {"name": t.name, "ok": False, "error": why, "duration_ms": 0.0}
    errors: list[str] = []
    durations: list[float] = []
    for i, example in enumerate(examples):
        if pack is not None and pack.state is not None:
            pack.state.reset()
        started = time.perf_counter()
        obs = execute(t, example, call_id=f"check-{t.name}-{i}", limits=Limits())
        durations.append((time.perf_counter() - started) * 1000)
        if not obs.ok:
            errors.append(f"example {i}: {obs.error}")
    return {"name": t.name, "ok": not errors, "error": "; ".join(errors) or None,
            "duration_ms": round(statistics.median(durations), 3)}


def _example(t: Tool, pack: ImportedPack | None) -> dict[str, Any] | None:
    """Arguments for an imported tool without examples: its required parameters from the source's seeds
    (a different value for each parameter of one type)."""
    if pack is None:
        return None
    by_sem: dict[str, list[Any]] = {}
    for seed in (*pack.seeds(), *pack.fill_values):
        by_sem.setdefault(seed.sem, []).append(seed.value)
    args: dict[str, Any] = {}
    for p in t.parameters.get("required", []):
        left = [v for v in by_sem.get(t.param_sem.get(p, ""), []) if v not in args.values()]
        if not left:
            return None
        args[p] = left[0]
    return args


def cmd_check(args: argparse.Namespace) -> int:
    config = getattr(args, "config", None)
    with Console(stderr=True).status("loading the tool packs") as status:  # shown on a terminal only
        tools, missing = _installed_tools(args.pack, config)
        results = []
        for i, tool in enumerate(tools, start=1):
            status.update(f"checking {tool.name} ({i}/{len(tools)})")
            results.append(_check_one(tool, _imported(tool.name, config), getattr(args, "allow_actions", False)))
    failed = [r for r in results if not r["ok"]]
    if args.json:
        sys.stdout.write(json.dumps({"tools": results}, indent=2, ensure_ascii=False) + "\n")
        _warn_missing(missing)
        return 1 if failed else 0
    console = Console()
    table = Table(title=f"tool health: {len(results) - len(failed)}/{len(results)} ok")
    for col in ("name", "ok", "duration_ms", "error"):
        table.add_column(col, overflow="fold")
    for r in results:
        mark = "[yellow]skipped[/]" if r.get("skipped") else "[green]ok[/]" if r["ok"] else "[red]error[/]"
        table.add_row(r["name"], mark, f"{r['duration_ms']:.1f}", r["error"] or r.get("skipped") or "")
    console.print(table)
    for name in missing:
        console.print(f"[yellow]not installed[/]: pack [bold]{name}[/]: {escape(PACKS[name].install_hint)}")
    return 1 if failed else 0


def pool_stats() -> dict[str, Any]:
    """Counts of the installed pool: per domain, kind, pack and backing package; seeds per domain."""
    tools, missing = _installed_tools(None)
    seeds: Counter[str] = Counter()
    for pack in PACKS:
        if pack in missing:
            continue
        try:
            for seed in load_seeds(pack):
                seeds[seed.domain] += 1
        except MissingExtraError:
            continue
    total = len(tools)

    def counts(key: Any) -> dict[str, int]:
        return dict(sorted(Counter(key(t) for t in tools).items(), key=lambda kv: (-kv[1], kv[0])))

    by_domain_kind: dict[str, dict[str, int]] = {}
    for t in tools:
        by_domain_kind.setdefault(t.domain, {"R": 0, "P": 0})[t.kind] += 1
    return {
        "tools": total,
        "per_domain": counts(lambda t: t.domain),
        "per_kind": counts(lambda t: t.kind),
        "per_domain_kind": dict(sorted(by_domain_kind.items())),
        "per_pack": counts(lambda t: t.pack),
        "per_source": counts(lambda t: t.source),
        "max_domain_share": max(Counter(t.domain for t in tools).values(), default=0) / total if total else 0.0,
        "max_source_share": max(Counter(t.source for t in tools).values(), default=0) / total if total else 0.0,
        "seeds_per_domain": dict(sorted(seeds.items())),
        "packs_missing": missing,
    }


def cmd_stats(args: argparse.Namespace) -> int:
    with Console(stderr=True).status("loading every installed pack and its seeds"):
        stats = pool_stats()
    if args.json:
        sys.stdout.write(json.dumps(stats, indent=2) + "\n")
        return 0
    console = Console()
    console.print(f"[bold]{stats['tools']} tools[/], largest domain share {stats['max_domain_share']:.1%}, "
                  f"largest package share {stats['max_source_share']:.1%}")
    for title, key in (("per domain", "per_domain"), ("per backing package", "per_source")):
        table = Table(title=title)
        table.add_column("name")
        table.add_column("tools", justify="right")
        for name, n in stats[key].items():
            table.add_row(name, str(n))
        console.print(table)
    table = Table(title="per domain and kind; seeds")
    for col in ("domain", "R", "P", "seeds"):
        table.add_column(col, justify="right")
    for domain, kinds in stats["per_domain_kind"].items():
        table.add_row(domain, str(kinds["R"]), str(kinds["P"]), str(stats["seeds_per_domain"].get(domain, 0)))
    console.print(table)
    for name in stats["packs_missing"]:
        console.print(f"[yellow]not installed[/]: pack [bold]{name}[/]: {escape(PACKS[name].install_hint)}")
    return 0
