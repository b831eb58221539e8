"""The run store: one append-only, deduplicating SQLite (WAL) database per run directory."""

from __future__ import annotations

from dive.store.migrations import MIGRATIONS, Migration, apply_migrations
from dive.store.sqlite import DB_NAME, LOCK_NAME, PARENT_FIELDS, RunStore, parent_field

__all__ = [
    "DB_NAME",
    "LOCK_NAME",
    "MIGRATIONS",
    "PARENT_FIELDS",
    "Migration",
    "RunStore",
    "apply_migrations",
    "parent_field",
]
