"""Sharded runs and their merge: N machines, one run identical to the unsharded one.

    dive run --shard 0/3 --out runs/s0 ...   # items 0, 3, 6, ...  (likewise 1/3 and 2/3, anywhere)
    dive merge --out runs/all runs/s0 runs/s1 runs/s2

Shard ``i/N`` runs the items ``i, i + N, i + 2N, ...`` of the run (every item's config is a
pure function of the run seed and the item, :mod:`dive.sampling`) until it has kept a little
more than its share (``ceil(1.1 * tasks / N) + 1``). The merge replays the unsharded run: it
takes the items in order from the shards, reconciles each one's stateful verdicts (the
deduplicator) with every task kept before it (:func:`dive.pipeline.workers.reconcile`), runs
itself the few items whose verdicts changed or that no shard ran, and stops where the
unsharded run stops. So the merged ``tasks.jsonl`` is byte-identical to the unsharded one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from dive.errors import ConfigError, StoreError
from dive.pipeline.item import ItemOutput, RunContext, process_item
from dive.pipeline.workers import reconcile
from dive.records import ItemResult, LLMCall, Record, RunManifest, Task, Trace, Trajectory, Verdict
from dive.store import RunStore

__all__ = ["Merged", "Shard", "item_output", "parse_shard"]


@dataclass(frozen=True)
class Shard:
    """Shard ``index`` of ``count``: the items ``index, index + count, ...``."""

    index: int
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def items(self, limit: int) -> range:
        return range(self.index, limit, self.count)

    def goal(self, tasks: int) -> int:
        """Kept tasks the shard aims at: its share and a margin (the merge's deduplication rejects a few more)."""
        return math.ceil(1.1 * tasks / self.count) + 1


def parse_shard(text: str) -> Shard:
    """``"i/N"`` with ``0 <= i < N`` (ConfigError naming the form otherwise)."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if match is None or not 0 <= int(match[1]) < int(match[2]):
        raise ConfigError(f"--shard {text!r}: give INDEX/COUNT with 0 <= INDEX < COUNT, e.g. --shard 0/3")
    return Shard(int(match[1]), int(match[2]))


def item_output(store: RunStore, result: ItemResult, calls: Sequence[LLMCall] = ()) -> ItemOutput:
    """An item's records as stored (traces, then each task with its verdicts and trajectories, then its calls)."""
    records: list[Record] = [store.get(Trace, tid) for tid in result.trace_ids]
    for tid in result.task_ids:
        records.append(store.get(Task, tid))
        records += store.iter(Verdict, where_parent=tid)
        records += store.iter(Trajectory, where_parent=tid)
    records += calls
    return ItemOutput(records, result)


def shard_of(manifest: RunManifest) -> Shard | None:
    text = manifest.target.get("shard")
    return parse_shard(text) if isinstance(text, str) else None


class Merged:
    """The items of a run taken from its shards' stores, in order; the driver runs those no shard has right."""

    def __init__(self, dirs: Sequence[str | Path]) -> None:
        self.dirs = [Path(d) for d in dirs]
        self.from_shards = 0
        """Items taken as the shards stored them."""
        self.ran_here = 0
        """Items run by the merge: missing from every shard, or with a stateful verdict that changed."""

    def check(self, manifest: RunManifest) -> None:
        """StoreError unless the shards are ``0/N`` .. ``N-1/N`` of one run whose manifest matches ``manifest``."""
        seen: set[int] = set()
        count = None
        for d in self.dirs:
            with RunStore.open(d, readonly=True) as store:
                stored = list(store.iter(RunManifest))
            if not stored:
                raise StoreError(f"{d} holds no run to merge")
            shard = shard_of(stored[-1])
            if shard is None:
                raise StoreError(f"{d} is not a shard (it was not run with --shard); merge only shards of one run")
            if stored[-1].config != manifest.config or stored[-1].tool_hashes != manifest.tool_hashes:
                raise StoreError(f"{d} is a shard of another run (its config or tool code differs from the first)")
            if count is not None and shard.count != count or shard.index in seen:
                raise StoreError(f"{d} is shard {shard}, which does not fit the other shards")
            count = shard.count
            seen.add(shard.index)
        if count is None or len(seen) != count:
            raise StoreError(f"shards {sorted(seen)} of {count}: give every shard of the run to merge")

    def outputs(self, ctx: RunContext, items: range) -> Iterator[ItemOutput]:
        with ExitStack() as stack:
            found: dict[int, tuple[RunStore, ItemResult]] = {}
            calls: dict[int, list[LLMCall]] = {}
            for d in self.dirs:
                store = stack.enter_context(RunStore.open(d, readonly=True))
                found.update((r.item, (store, r)) for r in store.iter(ItemResult))
                for call in store.iter(LLMCall):
                    if call.item is not None:
                        calls.setdefault(call.item, []).append(call)
            for item in items:
                if item in found:
                    store, result = found[item]
                    output = item_output(store, result, calls.get(item, ()))
                    if reconcile(ctx, output):
                        self.from_shards += 1
                        yield output
                        continue
                self.ran_here += 1
                yield process_item(ctx, item)
