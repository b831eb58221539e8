"""Finished items into the run store, whole and in item order, a few in one transaction.

    with Commits(store, every_s=COMMIT_S) as commits:
        for output in outputs:
            commits.add(output)          # committed with the items finished in the same half second

Each transaction holds whole items (their records, then their :class:`~dive.records.ItemResult`), in item order, so
a run killed at any point still resumes at the first item without an ``ItemResult``, with the same records. One
commit per item was a tenth of the driver's time in a 2-worker offline run; committing the items of half a second
together loses to a kill at most the items finished since the last commit (offline items take milliseconds to
seconds; resume recomputes them), and none to an exception or Ctrl-C, which flush what finished. A run with a model
commits every item (``every_s`` 0): its items are slow and cost money.
"""

from __future__ import annotations

import contextlib
import time

from dive.errors import StoreError
from dive.pipeline.item import ItemOutput
from dive.records import Record
from dive.store import RunStore
from dive.store.sqlite import Row, store_rows

__all__ = ["COMMIT_S", "Commits"]

COMMIT_S = 0.5
"""Seconds of finished offline items committed in one transaction."""


class Commits:
    """The items of one run, committed every ``every_s`` seconds (see the module docstring)."""

    def __init__(self, store: RunStore, every_s: float = COMMIT_S) -> None:
        self.store = store
        self.every_s = every_s
        self.records: list[Record] = []
        self.rows: list[Row] = []
        self.since = time.monotonic()

    def add(self, output: ItemOutput) -> None:
        """Take one finished item (the next in item order); commit the pending ones when ``every_s`` has passed."""
        items = [*output.records, output.result]
        rows = output.rows if output.rows is not None else store_rows(items)
        self.records += items
        self.rows += rows
        if time.monotonic() - self.since >= self.every_s:
            self.flush()

    def flush(self) -> None:
        """Commit the pending items in one transaction."""
        if not self.store.path.exists():
            raise StoreError(f"{self.store.path} was deleted while the run was writing it; start again with --out")
        if self.rows:
            self.store.put_many(self.records, self.rows)
        self.records, self.rows, self.since = [], [], time.monotonic()

    def __enter__(self) -> Commits:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        if kind is None:
            self.flush()
            return
        with contextlib.suppress(StoreError):  # what finished is kept however the run stops; a store that cannot
            self.flush()  # take it does not hide the error that stopped the run
