"""``dive decontam``: n-gram overlap of the exemplar pool, the seed pools and a run's tasks with BFCL."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from dive.errors import ConfigError, StoreError

__all__ = ["cmd_decontam", "decontam_report"]

Texts = list[tuple[str, str]]


def _exemplar_texts() -> Texts:
    from dive.derivation.exemplars import load_exemplars

    return [(e.id, e.query) for e in load_exemplars()]


def _seed_texts() -> tuple[Texts, list[str], dict[str, str]]:
    """(id, "value label") of every seed of every installed pack; packs that cannot load are skipped with why."""
    from dive.tools.registry import PACKS, load_seeds, pack_installed

    texts: Texts = []
    packs: list[str] = []
    skipped: dict[str, str] = {}
    for name, info in PACKS.items():
        if not pack_installed(name):
            skipped[name] = f"not installed ({info.install_hint})"
            continue
        try:
            seeds = load_seeds(name)
        except ImportError as exc:  # a backing package installed but broken (e.g. a missing transitive dependency)
            skipped[name] = f"seeds failed to load: {type(exc).__name__}: {exc}"
            continue
        packs.append(name)
        for seed in seeds:
            value = seed.value if isinstance(seed.value, str) else json.dumps(seed.value, ensure_ascii=False)
            texts.append((f"{name}:{value}", f"{value} {seed.label}".strip()))
    return texts, packs, skipped


def _run_texts(run_dir: Path) -> Texts:
    from dive.export import kept
    from dive.store import RunStore

    if not (run_dir / "run.sqlite").exists():
        raise StoreError(f"{str(run_dir)!r} is not a run directory (no run.sqlite); run 'dive run --out {run_dir}' first")
    with RunStore.open(run_dir, readonly=True) as store:
        return [(task.id, task.query) for _, task in kept(store)]


def decontam_report(run_dir: str | Path | None = None, *, n: int = 8, examples: int = 5,
                    source: str = "bfcl") -> dict[str, Any]:
    """Overlap reports (JSON-ready) for the exemplar pool, the seed pools and, given a run, its kept tasks."""
    from dive.decontam import NgramIndex, benchmark_questions, benchmark_version, overlap_report

    if n < 1:
        raise ConfigError(f"--n must be at least 1 (the n-gram length in words), got {n}")
    refs = benchmark_questions(source)
    sections: dict[str, tuple[Texts, dict[str, Any]]] = {}
    run_texts = _run_texts(Path(run_dir)) if run_dir is not None else None  # a bad --run fails before the slow part
    sections["exemplars"] = (_exemplar_texts(), {})
    seeds, packs, skipped = _seed_texts()
    sections["seeds"] = (seeds, {"packs": packs, "skipped_packs": skipped})
    if run_texts is not None:
        sections["run"] = (run_texts, {"dir": str(run_dir)})
    index = NgramIndex.build(refs, n)
    reports = {name: {**overlap_report(texts, index, n=n, examples=examples).as_dict(), **extra}
               for name, (texts, extra) in sections.items()}
    return {"benchmark": {"source": source, "version": benchmark_version(source), "questions": len(refs),
                          "distinct_ngrams": len(index.grams), "n": n},
            "reports": reports}


def cmd_decontam(args: argparse.Namespace) -> int:
    with Console(stderr=True).status("reading the benchmark, the exemplars and every pack's seeds"):
        report = decontam_report(args.run, n=args.n, examples=args.examples)
    if args.json:
        sys.stdout.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        return 0
    bench = report["benchmark"]
    console = Console()
    table = Table(title=f"{bench['n']}-gram overlap with {bench['source']} {bench['version']} "
                        f"({bench['questions']} questions)")
    for col in ("texts of", "checked", f"< {bench['n']} words", "flagged", "fraction", "max overlap"):
        table.add_column(col)
    for name, rep in report["reports"].items():
        table.add_row(name, *(str(rep[k]) for k in ("texts", "too_short", "flagged", "flagged_fraction",
                                                     "max_overlap")))
    console.print(table)
    seeds = report["reports"]["seeds"]
    console.print(f"seed packs checked: {', '.join(seeds['packs']) or 'none'}", markup=False)
    for pack, why in seeds["skipped_packs"].items():
        console.print(f"  skipped {pack}: {why}", markup=False)
    for name, rep in report["reports"].items():
        for ex in rep["examples"]:
            console.print(f"\n[bold]{name}[/] {ex['text_id']} (overlap {ex['overlap']}) ~ {ex['benchmark_id']}")
            console.print(f"  {ex['text']}", markup=False)
            console.print(f"  shared: {ex['ngram']!r}", markup=False)
    return 0
