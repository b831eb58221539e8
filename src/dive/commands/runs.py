"""``dive runs ...``: list and inspect run directories (each holds a ``run.sqlite`` store)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from dive.errors import StoreError
from dive.records import RunManifest, Task, Trace, Trajectory, Verdict

__all__ = ["cmd_list", "cmd_show", "run_summary"]

STORE_FILE = "run.sqlite"  # dive.store.DB_NAME, kept literal so the CLI imports no sqlite code eagerly
_KINDS = (Trace, Task, Verdict, Trajectory)


def run_summary(run_dir: Path) -> dict[str, Any]:
    """Record counts and the manifest of one run directory."""
    from dive.store import RunStore

    if not (run_dir / STORE_FILE).exists():
        raise StoreError(f"{str(run_dir)!r} is not a run directory: it has no {STORE_FILE}")
    with RunStore.open(run_dir, readonly=True) as store:
        counts = {cls.__name__: store.count(cls) for cls in _KINDS}
        manifests = list(store.iter(RunManifest))
    manifest = manifests[-1] if manifests else None
    return {
        "dir": str(run_dir),
        "counts": counts,
        "manifest_id": manifest.id if manifest else None,
        "dive_version": manifest.dive_version if manifest else None,
        "config": manifest.config if manifest else None,
    }


def cmd_list(args: argparse.Namespace) -> int:
    root = Path(args.root)
    if not root.is_dir():
        raise StoreError(f"{str(root)!r} is not a folder; pass the folder that holds your run directories")
    rows = [_summary_or_error(d) for d in sorted(root.iterdir()) if (d / STORE_FILE).exists()]
    if args.json:
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return 0
    console = Console()
    table = Table(title=f"{len(rows)} runs under {root}")
    for col in ("dir", *(c.__name__.lower() + "s" for c in _KINDS), "dive"):
        table.add_column(col)
    for row in rows:
        if "error" in row:
            table.add_row(row["dir"], *("-" for _ in _KINDS), "[red]unreadable[/]")
            continue
        table.add_row(row["dir"], *(str(row["counts"][c.__name__]) for c in _KINDS), row["dive_version"] or "")
    console.print(table)
    for row in rows:
        if "error" in row:
            console.print(f"{row['dir']}: {row['error']}", markup=False, soft_wrap=True)
    return 0


def _summary_or_error(run_dir: Path) -> dict[str, Any]:
    """One run's summary; a damaged run is listed with its error instead of hiding the healthy ones."""
    try:
        return run_summary(run_dir)
    except (StoreError, OSError) as err:
        return {"dir": str(run_dir), "error": str(err)}


def cmd_show(args: argparse.Namespace) -> int:
    summary = run_summary(Path(args.dir))
    if args.json:
        sys.stdout.write(json.dumps(summary, indent=2) + "\n")
        return 0
    console = Console()
    console.print(f"[bold]{summary['dir']}[/]  manifest {summary['manifest_id']}  dive-tasks {summary['dive_version']}")
    for kind, n in summary["counts"].items():
        console.print(f"  {kind:<12} {n}")
    if summary["config"] is not None:
        console.print_json(json.dumps(summary["config"]))
    return 0
