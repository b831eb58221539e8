"""A run's manifest (config, tools, package versions) and what resuming a run checks.

``--resume`` refuses a store whose config, tool code or backing package versions differ from
the current ones, naming what changed; a new ``--tasks`` is the only change allowed.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from dive import __version__, preflight
from dive.config import RunConfig
from dive.errors import StoreError
from dive.pipeline.packcache import package_versions
from dive.records import ItemResult, LLMCall, Record, RunManifest, Task, Verdict
from dive.store import RunStore
from dive.tools.registry import PACKS
from dive.tools.toolset import FunctionToolset

__all__ = ["check_resumable", "manifest_of", "package_versions", "replay_done"]


def manifest_of(config: RunConfig, pool: FunctionToolset, no_verify: bool = False, shard: str | None = None) -> RunManifest:
    tools = pool.list_tools()
    packs = sorted({t.pack for t in tools if t.pack in PACKS})
    return RunManifest(
        dive_version=__version__,
        config=config.model_dump(mode="json", exclude={"tasks", "max_items"}),
        packages=package_versions(packs),
        tool_hashes={t.name: t.hash for t in tools},
        tool_kinds={t.name: t.kind for t in tools},
        created_at=time.time(),
        target={"tasks": config.tasks, "max_items": config.max_items, "no_verify": no_verify,
                **({"shard": shard} if shard else {})},
    )


def _changed(old: dict[str, str], new: dict[str, str]) -> list[str]:
    """Keys both hold with different values."""
    return sorted(k for k in set(old) & set(new) if old[k] != new[k])


def check_resumable(store: RunStore, manifest: RunManifest, resume: bool) -> None:
    """StoreError when ``store`` holds a run that cannot continue under ``manifest``: another config or other
    tool code (:func:`dive.preflight.check_resumable`), or other versions of the packages behind the tools."""
    preflight.check_resumable(store, manifest, resume)
    stored = list(store.iter(RunManifest))
    if not stored:
        return
    last = stored[-1]
    packages = [p for p in _changed(last.packages, manifest.packages) if p != "python"]
    if packages:
        versions = ", ".join(f"{p} {last.packages[p]} -> {manifest.packages[p]}" for p in packages)
        raise StoreError(f"cannot resume {store.path}: the tool data changed since it started ({versions}); "
                         "start a new run with --out, or reinstall the versions it used")


def replay_done(store: RunStore, items: range | None = None) -> Iterator[tuple[ItemResult, list[Record]]]:
    """The finished items in order, each with its stored tasks, verdicts and LLM calls (a shard's ``items``: the
    run's items it runs, a prefix of which is done)."""
    calls: dict[int | None, list[LLMCall]] = {}
    for call in store.iter(LLMCall):
        calls.setdefault(call.item, []).append(call)
    for n, result in enumerate(sorted(store.iter(ItemResult), key=lambda r: r.item)):
        expected = items[n] if items is not None and n < len(items) else n
        if result.item != expected:
            raise StoreError(f"{store.path}: item {expected} is missing but item {result.item} is stored; "
                             "the store was edited, start a new run")
        records: list[Record] = []
        for tid in result.task_ids:
            records.append(store.get(Task, tid))
            records.extend(store.iter(Verdict, where_parent=tid))
        records.extend(calls.get(result.item, []))
        yield result, records


