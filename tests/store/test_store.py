"""The run store: round trips, dedup, readers and writers, migrations, integrity checks."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from dive.errors import StoreError
from dive.records import (
    AnswerSpec,
    ChatMessage,
    ChatToolCall,
    Evidence,
    Observation,
    Provenance,
    Record,
    RunManifest,
    Task,
    ToolCall,
    Trace,
    Trajectory,
    Verdict,
)
from dive.store import DB_NAME, MIGRATIONS, RunStore, apply_migrations
from dive.store.migrations import m001_initial
from dive.store.sqlite import store_rows


def make_trace() -> Trace:
    first = ToolCall(tool="country_info", arguments={"code": "FR"}, step=0, started_at=1.5, duration_ms=2.0)
    second = ToolCall(tool="city_population", arguments={"city": "Paris"}, parents=(first.id,), step=1)
    return Trace(
        seed="FR",
        seed_type="country_code",
        toolset=("country_info", "city_population"),
        calls=(first, second),
        observations=(
            Observation(call_id=first.id, ok=True, output={"capital": "Paris", "area_km2": 643801}, duration_ms=2.0),
            Observation(call_id=second.id, ok=False, error="no population data for 'Paris'"),
        ),
    )


def make_task(trace: Trace, query: str = "What is the capital of FR?") -> Task:
    return Task(
        trace_id=trace.id,
        query=query,
        answer=AnswerSpec(type="string", value="Paris", aliases=("Paris, France",)),
        provenance=Provenance(evidence=(Evidence(call_id=trace.calls[0].id, path="$.capital"),), op="identity"),
        toolset=trace.toolset,
    )


def make_verdict(task: Task, check: str = "grounding", ok: bool = True) -> Verdict:
    return Verdict(task_id=task.id, check=check, ok=ok, reason="" if ok else "answer not entailed", details={"n": 1})


def make_trajectory(task: Task) -> Trajectory:
    # records.py treats ChatToolCall.id as a content hash, so an empty id is filled with it
    call = ChatToolCall(id="", name="country_info", arguments='{"code": "FR"}')
    return Trajectory(
        task_id=task.id,
        messages=(
            ChatMessage(role="user", content=task.query),
            ChatMessage(role="assistant", tool_calls=(call,)),
            ChatMessage(role="tool", tool_call_id=call.id, name="country_info", content='{"capital": "Paris"}'),
            ChatMessage(role="assistant", content="Paris"),
        ),
        tools=({"type": "function", "function": {"name": "country_info"}},),
    )


def make_manifest() -> RunManifest:
    return RunManifest(
        dive_version="0.1.0", config={"seed": 7, "explore": {"k": 2}}, packages={"pycountry": "26.2.16"}, created_at=3.0
    )


@pytest.fixture
def store(tmp_path: Path):
    with RunStore.open(tmp_path / "run") as opened:
        yield opened


def test_open_creates_wal_database(tmp_path: Path) -> None:
    with RunStore.open(tmp_path / "run") as store:
        assert store.path == tmp_path / "run" / DB_NAME
        assert store.path.is_file()
        assert store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store._db.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        assert store.schema_version == len(MIGRATIONS)
        assert store.integrity_check() == []


def test_round_trip_every_record_kind(store: RunStore) -> None:
    trace = make_trace()
    task = make_task(trace)
    records: list[Record] = [
        make_manifest(),
        trace,
        trace.calls[0],
        trace.observations[1],
        task,
        make_verdict(task),
        make_trajectory(task),
    ]
    for record in records:
        assert store.put(record) is True
    for record in records:
        loaded = store.get(type(record), record.id)
        assert loaded == record
        assert type(loaded) is type(record)
        assert store.has(type(record), record.id)
        assert store.count(type(record)) == 1
    # volatile fields (timings) are kept, though they are not hashed
    assert store.get(Trace, trace.id).calls[0].duration_ms == 2.0
    assert store.get(RunManifest, records[0].id).created_at == 3.0
    assert store.manifest_id == records[0].id
    assert store.integrity_check() == []


def test_dedup_by_content_hash(store: RunStore) -> None:
    trace = make_trace()
    assert store.put(trace) is True
    assert store.put(trace) is False
    assert store.put(Trace.model_validate_json(trace.model_dump_json())) is False
    assert store.count(Trace) == 1
    # same content, different timings: same id, still a duplicate (the first copy is kept)
    call = trace.calls[0]
    retimed = ToolCall(tool=call.tool, arguments=call.arguments, step=call.step, started_at=9.0, duration_ms=99.0)
    assert retimed.id == call.id
    assert store.put(call) is True
    assert store.put(retimed) is False
    assert store.get(ToolCall, call.id).duration_ms == 2.0


def test_put_many_is_one_transaction_and_counts_new(store: RunStore) -> None:
    trace = make_trace()
    tasks = [make_task(trace, f"question {i}?") for i in range(5)]
    assert store.put_many([trace, *tasks, tasks[0]]) == 6
    assert store.put_many([trace, *tasks]) == 0
    with pytest.raises(StoreError, match="no id"):
        store.put_many([make_task(trace, "new?"), AnswerSpec(type="integer", value=1)])
    assert store.count(Task) == 5  # the failed batch stored nothing


def test_put_many_takes_rows_made_elsewhere_only_if_they_are_its_records(store: RunStore) -> None:
    trace = make_trace()
    tasks = [make_task(trace, f"question {i}?") for i in range(3)]
    rows = store_rows([trace, *tasks])  # as a worker process makes them
    with pytest.raises(StoreError, match="not those of its records"):
        store.put_many([trace, *tasks[:2], make_task(trace, "another?")], rows)
    assert store.count(Task) == 0
    assert store.put_many([trace, *tasks], rows) == 4
    assert list(store.iter(Task)) == tasks and store.get(Trace, trace.id) == trace


def test_iter_in_insertion_order_and_by_parent(store: RunStore) -> None:
    trace = make_trace()
    tasks = [make_task(trace, f"question {i}?") for i in range(3)]
    store.put(trace)
    for task in reversed(tasks):
        store.put(task)
        store.put(make_verdict(task, "grounding"))
        store.put(make_verdict(task, "leakage", ok=False))
    assert list(store.iter(Task)) == list(reversed(tasks))
    assert list(store.iter(Task, where_parent=trace.id)) == list(reversed(tasks))
    verdicts = list(store.iter(Verdict, where_parent=tasks[1].id))
    assert [(v.check, v.ok) for v in verdicts] == [("grounding", True), ("leakage", False)]
    assert store.count(Verdict) == 6
    assert store.count(Verdict, where_parent=tasks[1].id) == 2
    assert list(store.iter(Verdict, where_parent="missing")) == []
    with pytest.raises(StoreError, match="no parent link"):
        list(store.iter(Trace, where_parent="x"))


def test_peek_reads_fields_without_building_records(store: RunStore) -> None:
    trace = make_trace()
    tasks = [make_task(trace, f"question {i}?") for i in range(2)]
    store.put_many([trace, *tasks, make_verdict(tasks[1], "grounding"), make_verdict(tasks[1], "leakage", ok=False)])
    assert list(store.peek(Task, ("query", "no_such_field"))) == [(t.id, (t.query, None)) for t in tasks]
    assert [fields for _, fields in store.peek(Verdict, ("check", "ok"), where_parent=tasks[1].id)] == [
        ("grounding", True), ("leakage", False)]
    assert list(store.peek(Verdict, ("check",), where_parent=tasks[0].id)) == []


def test_peek_names_a_row_that_is_not_a_record(tmp_path: Path) -> None:
    trace = make_trace()
    tasks = [make_task(trace, f"question {i}?") for i in range(2)]
    with RunStore.open(tmp_path) as store:
        store.put_many([trace, *tasks])
    for task, text, problem in ((tasks[1], "[1]", "not a JSON object"), (tasks[0], "not json", "Expecting value")):
        conn = sqlite3.connect(tmp_path / DB_NAME, isolation_level=None)
        conn.execute("UPDATE records SET json = ? WHERE kind = 'Task' AND id = ?", (text, task.id))
        conn.close()
        with RunStore.open(tmp_path, readonly=True) as store, \
                pytest.raises(StoreError, match=f"stored Task {task.id} in .* is corrupted: {problem}"):
            list(store.peek(Task, ("query",)))


def test_iter_pages_and_sees_a_snapshot(store: RunStore) -> None:
    task = make_task(make_trace())
    store.put_many(make_verdict(task, f"check{i}") for i in range(1200))
    seen = []
    for verdict in store.iter(Verdict):
        seen.append(verdict.check)
        if len(seen) == 1:
            store.put(make_verdict(task, "written while iterating"))
    assert seen == [f"check{i}" for i in range(1200)]
    assert store.count(Verdict) == 1201


def test_get_missing_raises_key_error_naming_it(store: RunStore) -> None:
    with pytest.raises(KeyError, match=r"no Task with id 'abc' in run store"):
        store.get(Task, "abc")
    assert store.has(Task, "abc") is False


def test_records_without_content_id_are_refused(store: RunStore) -> None:
    with pytest.raises(StoreError, match="AnswerSpec records have no id"):
        store.put(AnswerSpec(type="integer", value=3))
    forged = Verdict.model_construct(id="forged", task_id="t", check="c", ok=True, reason="", details={})
    with pytest.raises(StoreError, match="not the hash of its content"):
        store.put(forged)


def test_readonly_reader_sees_writer_and_cannot_write(tmp_path: Path) -> None:
    task = make_task(make_trace())
    with RunStore.open(tmp_path) as writer:
        writer.put(task)
        with RunStore.open(tmp_path, readonly=True) as reader:
            assert reader.get(Task, task.id) == task
            writer.put(make_verdict(task))
            assert reader.count(Verdict) == 1
            with pytest.raises(StoreError, match="read-only"):
                reader.put(make_verdict(task, "other"))
            with pytest.raises(sqlite3.OperationalError):
                reader._db.execute("DELETE FROM records")
            assert reader.integrity_check() == []
    with RunStore.open(tmp_path, readonly=True) as reader:
        assert reader.count(Task) == 1


def test_readonly_open_of_missing_store_fails_clearly(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no run store at"):
        RunStore.open(tmp_path / "nowhere", readonly=True)
    assert not (tmp_path / "nowhere").exists()


def test_second_writer_gets_a_clear_error(tmp_path: Path) -> None:
    with RunStore.open(tmp_path):
        with pytest.raises(StoreError, match=r"already open for writing \(writer pid \d+\).*readonly=True"):
            RunStore.open(tmp_path)
        with RunStore.open(tmp_path, readonly=True) as reader:  # readers are welcome
            assert reader.count(Task) == 0
    with RunStore.open(tmp_path) as again:  # closing released the lock
        assert again.count(Task) == 0


def test_closed_store_refuses_use(tmp_path: Path) -> None:
    store = RunStore.open(tmp_path)
    store.close()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.count(Task)


def test_open_rejects_a_file_and_a_non_database(tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_text("x")
    with pytest.raises(StoreError, match="expects the run directory"):
        RunStore.open(tmp_path / "file.txt")
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / DB_NAME).write_bytes(b"not a database" * 100)
    with pytest.raises(StoreError, match="cannot open run store"):
        RunStore.open(tmp_path / "bad")
    with pytest.raises(StoreError, match="cannot open run store"):  # not "already open": the lock was released
        RunStore.open(tmp_path / "bad")


def test_migrations_apply_once_in_order(tmp_path: Path) -> None:
    calls: list[str] = []

    def m002_add_index(conn: sqlite3.Connection) -> None:
        calls.append("m002")
        conn.execute("CREATE INDEX records_by_id ON records (id)")

    conn = sqlite3.connect(tmp_path / "db.sqlite", isolation_level=None)
    assert apply_migrations(conn, "db", [m001_initial]) == 1
    assert apply_migrations(conn, "db", [m001_initial]) == 0
    assert apply_migrations(conn, "db", [m001_initial, m002_add_index]) == 1
    assert apply_migrations(conn, "db", [m001_initial, m002_add_index]) == 0
    assert calls == ["m002"]
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "2"


def test_failed_migration_rolls_back_completely(tmp_path: Path) -> None:
    def m002_broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("boom")

    conn = sqlite3.connect(tmp_path / "db.sqlite", isolation_level=None)
    with pytest.raises(RuntimeError, match="boom"):
        apply_migrations(conn, "db", [m001_initial, m002_broken])
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'half_done'").fetchone() is None


def test_reopening_does_not_rerun_migrations(tmp_path: Path) -> None:
    task = make_task(make_trace())
    with RunStore.open(tmp_path) as store:
        store.put(task)
    with RunStore.open(tmp_path) as store:  # m001 again would fail: the tables exist
        assert store.schema_version == len(MIGRATIONS)
        assert store.get(Task, task.id) == task


def test_newer_schema_is_refused_with_the_fix(tmp_path: Path) -> None:
    with RunStore.open(tmp_path):
        pass
    conn = sqlite3.connect(tmp_path / DB_NAME)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    conn.close()
    for readonly in (False, True):
        with pytest.raises(StoreError) as info:
            RunStore.open(tmp_path, readonly=readonly)
        message = str(info.value)
        assert f"schema version {len(MIGRATIONS) + 5}" in message
        assert f"up to version {len(MIGRATIONS)}" in message
        assert "upgrade dive-tasks" in message
    # the refused writer released its lock: after a downgrade of the file it opens again
    conn = sqlite3.connect(tmp_path / DB_NAME)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")
    conn.close()
    RunStore.open(tmp_path).close()


def test_integrity_check_reports_tampering(tmp_path: Path) -> None:
    task = make_task(make_trace())
    verdict = make_verdict(task)
    with RunStore.open(tmp_path) as store:
        store.put_many([task, verdict])
    conn = sqlite3.connect(tmp_path / DB_NAME, isolation_level=None)
    conn.execute("UPDATE records SET json = replace(json, 'Paris', 'Lyon') WHERE kind = 'Task'")
    conn.execute("UPDATE records SET parent_id = 'elsewhere' WHERE kind = 'Verdict'")
    conn.execute("INSERT INTO records (kind, id, json) VALUES ('Mystery', 'm1', '{}')")
    conn.close()
    with RunStore.open(tmp_path, readonly=True) as store:
        problems = store.integrity_check()
        assert any(
            p.startswith(f"Task {task.id}: does not validate") and "does not match its content" in p for p in problems
        )
        assert any(p.startswith(f"Verdict {verdict.id}: parent column 'elsewhere'") for p in problems)
        assert any(p.startswith("Mystery m1: unknown record kind") for p in problems)
        assert len(problems) == 3
        with pytest.raises(StoreError, match="is corrupted"):
            store.get(Task, task.id)
