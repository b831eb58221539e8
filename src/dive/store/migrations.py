"""Schema migrations of the run store: an ordered list of functions.

Migration ``n`` (1-based) takes a database at schema version ``n - 1`` to version ``n``.
The version lives in ``PRAGMA user_version``. :func:`apply_migrations` runs each pending
migration in its own ``BEGIN IMMEDIATE`` transaction together with the version bump, so a
crash mid-migration leaves the previous version intact (SQLite DDL is transactional).

Rules for adding a migration: append a new function, never edit or reorder a released one,
and keep the store append-only (add tables, columns and indexes; never rewrite records).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

from dive.errors import StoreError

__all__ = ["MIGRATIONS", "Migration", "apply_migrations", "check_version", "schema_version"]

Migration = Callable[[sqlite3.Connection], None]
"""A migration: runs DDL on an open connection inside the caller's transaction (no commit).

Every migration after the first may rely on the ``meta`` table that ``m001_initial`` creates.
"""


def m001_initial(conn: sqlite3.Connection) -> None:
    """Create the generic record table, its parent index, and the ``meta`` key-value table."""
    conn.execute(
        """
        CREATE TABLE records (
            seq       INTEGER PRIMARY KEY,  -- insertion order; rows are never deleted
            kind      TEXT NOT NULL,        -- record class name, e.g. 'Task'
            id        TEXT NOT NULL,        -- content-hash id of the record
            parent_id TEXT,                 -- Task.trace_id, Verdict.task_id, ...
            json      TEXT NOT NULL,        -- record.model_dump_json()
            UNIQUE (kind, id)
        )
        """
    )
    conn.execute("CREATE INDEX records_by_parent ON records (kind, parent_id, seq) WHERE parent_id IS NOT NULL")
    conn.execute("CREATE INDEX records_by_kind ON records (kind, seq)")
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


def m002_shared(conn: sqlite3.Connection) -> None:
    """Create the table of values stored once (the items of records' ``_stored_once`` fields, by content hash)."""
    conn.execute("CREATE TABLE shared (id TEXT PRIMARY KEY, json TEXT NOT NULL) WITHOUT ROWID")


MIGRATIONS: list[Migration] = [m001_initial, m002_shared]
"""Every migration, in order; ``len(MIGRATIONS)`` is the schema version this code writes."""


def schema_version(conn: sqlite3.Connection) -> int:
    """Return the schema version recorded in the database (0 for a new, empty file)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def check_version(found: int, path: str, migrations: Sequence[Migration] = MIGRATIONS) -> None:
    """Raise :class:`StoreError` when the database was written by a newer dive-tasks."""
    supported = len(migrations)
    if found > supported:
        raise StoreError(
            f"run store {path} has schema version {found}, but this dive-tasks supports up to "
            f"version {supported}; upgrade dive-tasks (pip install -U dive-tasks) to open it"
        )


def apply_migrations(conn: sqlite3.Connection, path: str, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Apply the pending ``migrations`` in order; return how many ran.

    ``conn`` must be in autocommit mode (``isolation_level=None``). Each migration and its
    ``user_version`` bump commit together, so every migration runs exactly once.
    """
    applied = 0
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = schema_version(conn)
            check_version(version, path, migrations)
            if version == len(migrations):
                conn.execute("COMMIT")
                return applied
            migrations[version](conn)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute(
                "INSERT INTO meta (key, value) VALUES ('schema_version', ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (str(version + 1),),
            )
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        applied += 1
