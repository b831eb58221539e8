"""What every exporter shares: opening a run read-only, its kept tasks in order, writing JSON lines."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, ClassVar

from dive.errors import StoreError
from dive.records import ItemResult, Task, Trace
from dive.store import DB_NAME, RunStore

__all__ = ["VOLATILE", "JsonLines", "kept", "kept_tasks", "open_run", "write_jsonl"]

VOLATILE: Any = {"calls": {"__all__": {"started_at", "duration_ms"}}, "observations": {"__all__": {"duration_ms"}}}
"""Timings left out of exports, so the same run gives byte-identical files."""


def open_run(run_dir: str | os.PathLike[str]) -> RunStore:
    """The run store in ``run_dir``, read-only (StoreError when it is not a run directory)."""
    path = Path(run_dir)
    if not (path / DB_NAME).exists():
        raise StoreError(f"{str(path)!r} is not a run directory (no {DB_NAME}); run 'dive run --out {path}' first")
    return RunStore.open(path, readonly=True)


def kept(store: RunStore) -> Iterator[tuple[ItemResult, Task]]:
    """Every kept task with its item, in item order, round 1 first. Holds one item at a time: the items that kept
    something are chosen from their stored fields, and only they are read (and checked) whole (holding every item
    of a 4,000-task run, 59,653 of them, took 350 MB at the end of ``dive run``)."""
    chosen = sorted((item, item_id) for item_id, (item, tasks) in store.peek(ItemResult, ("item", "kept_task_ids"))
                    if tasks)
    for _, item_id in chosen:
        item = store.get(ItemResult, item_id)
        for task_id in item.kept_task_ids:
            yield item, store.get(Task, task_id)


def kept_tasks(store: RunStore) -> Iterator[tuple[ItemResult, Task, Trace]]:
    """Every kept task with its item and trace, as :func:`kept` gives them."""
    for item, task in kept(store):
        yield item, task, store.get(Trace, task.trace_id)


def write_jsonl(out: Path, lines: Iterable[dict[str, Any]]) -> int:
    """Write one JSON object per line; the number written."""
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for line in lines:
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")
            n += 1
    return n


class JsonLines:
    """Plumbing for a JSON-lines exporter: subclasses name the format and write :meth:`lines`."""

    name: ClassVar[str]

    def write(self, store: RunStore, out: Path) -> int:
        return write_jsonl(out, self.lines(store))

    def lines(self, store: RunStore) -> Iterator[dict[str, Any]]:
        """The objects to write, one per line."""
        raise NotImplementedError
