"""SIGKILL a writer at random points; the store must lose no committed record and duplicate none.

The writer is this file run as a script: it opens the store, says ``ready``, then stores
work items in a loop (a trace, its task, two verdicts; sometimes one transaction per
record, sometimes one per item) and appends ``<item> <kind> <id>`` to a log file after
each commit returns. The test kills it after a seeded random delay, reopens the store,
checks it, and starts the next writer a few items back so that resumed work is deduplicated.
"""

from __future__ import annotations

import functools
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from dive.records import AnswerSpec, Evidence, Observation, Provenance, Record, Task, ToolCall, Trace, Verdict
from dive.store import RunStore

KILLS = 20
MAX_DELAY_S = 0.15
OVERLAP = 3
"""How many already-stored items each resumed writer redoes (they must deduplicate)."""


@functools.cache
def records_for(item: int) -> tuple[Record, ...]:
    """The records of work item ``item``, parents first; every ~37th has a large output."""
    call = ToolCall(tool="lookup", arguments={"item": item})
    output = {"value": item, "blob": "x" * (200_000 if item % 37 == 5 else item % 50)}
    trace = Trace(seed=item, calls=(call,), observations=(Observation(call_id=call.id, ok=True, output=output),))
    task = Task(
        trace_id=trace.id,
        query=f"What is the value of item {item}?",
        answer=AnswerSpec(type="integer", value=item),
        provenance=Provenance(evidence=(Evidence(call_id=call.id, path="$.value"),), op="identity"),
        toolset=("lookup",),
    )
    return (trace, task, *(Verdict(task_id=task.id, check=check, ok=True) for check in ("grounding", "leakage")))


def writer_main(run_dir: str, log_path: str, start: int, seed: int) -> None:
    """Store work items from ``start`` on, forever; log every record after its commit."""
    rng = random.Random(seed)
    log = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    with RunStore.open(run_dir) as store:
        print("ready", flush=True)
        item = start
        while True:
            records = records_for(item)
            if rng.random() < 0.5:
                store.put_many(records)
                os.write(log, "".join(f"{item} {type(r).__name__} {r.id}\n" for r in records).encode())
            else:
                for record in records:
                    store.put(record)
                    os.write(log, f"{item} {type(record).__name__} {record.id}\n".encode())
            item += 1


def settle_log(log_path: Path) -> list[tuple[int, str, str]]:
    """Cut the commit log after its last complete line and return its lines.

    A SIGKILL can tear the writer's last ``write`` (the kernel stops a write at a page
    boundary when a fatal signal is pending); a torn line is dropped before the next
    writer appends, so every line left names a record whose commit had returned.
    """
    if not log_path.exists():
        return []
    data = log_path.read_bytes()
    complete = data[: data.rfind(b"\n") + 1]
    if len(complete) != len(data):
        os.truncate(log_path, len(complete))
    rows = [line.split(" ") for line in complete.decode().splitlines()]
    assert all(len(row) == 3 for row in rows), "malformed commit log line"
    return [(int(item), kind, record_id) for item, kind, record_id in rows]


def check_store(run_dir: Path, committed: list[tuple[int, str, str]]) -> int:
    """Reopen the store as the next writer would; assert it is whole. Return the number of stored items."""
    with RunStore.open(run_dir) as store:
        assert store.integrity_check() == []  # also: no (kind, id) stored twice
        kinds = {cls.__name__: cls for cls in (Trace, Task, Verdict)}
        missing = [(kind, record_id) for _, kind, record_id in committed if not store.has(kinds[kind], record_id)]
        assert not missing, f"committed records lost after SIGKILL: {missing[:5]}"
        # every stored record is one a writer tried to store (at most one item is unlogged) ...
        last = max((item for item, _, _ in committed), default=-1)
        present = [r for item in range(last + 2) for r in records_for(item) if store.has(type(r), r.id)]
        for name, cls in kinds.items():
            assert store.count(cls) == sum(type(r) is cls for r in present), f"unexpected or duplicated {name} rows"
        # ... and parents are written before children, so no stored child lacks its parent
        for record in present:
            if isinstance(record, Task):
                assert store.has(Trace, record.trace_id)
            elif isinstance(record, Verdict):
                assert store.has(Task, record.task_id)
        return store.count(Trace)


def test_sigkilled_writer_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    rng = random.Random(20240607)
    run_dir, log_path = tmp_path / "run", tmp_path / "committed.log"
    started = time.monotonic()
    items = 0
    for kill in range(KILLS):
        committed = settle_log(log_path)
        start = max(0, max((item for item, _, _ in committed), default=-1) + 1 - OVERLAP)
        with open(tmp_path / "stderr.txt", "wb") as stderr:
            child = subprocess.Popen(
                [sys.executable, __file__, str(run_dir), str(log_path), str(start), str(kill)],
                stdout=subprocess.PIPE,
                stderr=stderr,
            )
            try:
                assert child.stdout is not None
                assert child.stdout.readline() == b"ready\n", (tmp_path / "stderr.txt").read_text()
                time.sleep(rng.uniform(0.0, MAX_DELAY_S))
                child.send_signal(signal.SIGKILL)
            finally:
                child.kill()
                child.wait()
                child.stdout.close()
        stderr_text = (tmp_path / "stderr.txt").read_text()
        assert child.returncode == -signal.SIGKILL, f"writer {kill} exited with {child.returncode}: {stderr_text}"
        items = check_store(run_dir, settle_log(log_path))
    elapsed = time.monotonic() - started
    assert items > KILLS, f"only {items} items were stored: the writers barely ran"
    print(f"{KILLS} SIGKILLs, {items} work items stored, {elapsed:.1f} s")


if __name__ == "__main__":
    writer_main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
