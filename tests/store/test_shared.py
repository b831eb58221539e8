"""A trajectory's tool schemas are stored once each, by content hash, and read back into equal records."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from dive.records import ChatMessage, Trajectory
from dive.store import DB_NAME, RunStore
from dive.store.shared import REF

SCHEMAS = [{"type": "function", "function": {"name": f"tool_{i}", "description": "Ünïcode ✓", "parameters": {
    "type": "object", "properties": {"x": {"type": "integer"}}}}} for i in range(3)]


def trajectory(task_id: str, tools: list[dict]) -> Trajectory:
    return Trajectory(task_id=task_id, messages=(ChatMessage(role="user", content="q?"),), tools=tuple(tools))


def test_schemas_are_stored_once_and_read_back_equal(tmp_path: Path) -> None:
    written = [trajectory("t1", SCHEMAS[:2]), trajectory("t2", SCHEMAS[1:]), trajectory("t3", [])]
    with RunStore.open(tmp_path) as store:
        store.put_many(written)
    with RunStore.open(tmp_path, readonly=True) as store:
        assert list(store.iter(Trajectory)) == written
        assert store.get(Trajectory, written[0].id).tools == written[0].tools
        assert [t.model_dump_json() for t in store.iter(Trajectory)] == [t.model_dump_json() for t in written]
        assert store.integrity_check() == []
    db = sqlite3.connect(tmp_path / DB_NAME)
    assert db.execute("SELECT COUNT(*) FROM shared").fetchone()[0] == 3
    rows = [r[0] for r in db.execute("SELECT json FROM records WHERE kind = 'Trajectory'")]
    assert all("\"tool_1\"" not in r for r in rows) and REF in rows[0]


def test_a_row_written_inline_still_reads(tmp_path: Path) -> None:
    inline = trajectory("t1", SCHEMAS)
    with RunStore.open(tmp_path) as store:
        store.put(trajectory("t0", []))
    db = sqlite3.connect(tmp_path / DB_NAME)
    db.execute("INSERT INTO records (kind, id, parent_id, json) VALUES ('Trajectory', ?, 't1', ?)",
               (inline.id, inline.model_dump_json()))
    db.commit()
    with RunStore.open(tmp_path, readonly=True) as store:
        assert store.get(Trajectory, inline.id) == inline
        assert store.integrity_check() == []


def test_a_missing_stored_value_is_reported(tmp_path: Path) -> None:
    with RunStore.open(tmp_path) as store:
        store.put(trajectory("t1", SCHEMAS[:1]))
    db = sqlite3.connect(tmp_path / DB_NAME)
    db.execute("DELETE FROM shared")
    db.commit()
    with RunStore.open(tmp_path, readonly=True) as store:
        assert any("no stored value" in p for p in store.integrity_check())
