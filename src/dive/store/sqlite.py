"""The run store: one append-only SQLite database per run directory (``<dir>/run.sqlite``).

Every record with a content-hash ``id`` is stored as JSON in one generic table keyed by
``(kind, id)``, where ``kind`` is the record class name, with an insertion sequence number
and the record's parent id (``Task.trace_id``, ``Verdict.task_id``, ...) in an indexed
column, so "the verdicts of task X" is one index range scan. Records are inserted, never
updated: inserting an id that is already stored is a no-op (content-hash dedup), which is
what makes a killed run resumable by simply redoing its unfinished work.

Durability and concurrency:

- WAL journal with ``synchronous=NORMAL``. A commit has written the transaction to the
  WAL file (through the OS page cache) before ``put`` returns, so a record whose ``put``
  returned survives a SIGKILL of the process. Only an OS crash or power loss can lose the
  last few commits (never corrupt the database); a resumed run recomputes those records
  deterministically. ``synchronous=FULL`` would add an fsync per commit for no gain here.
- One writer per run: a writer holds an exclusive ``flock`` on ``<dir>/run.sqlite.lock``
  (released by the kernel when the process dies, so a killed run never leaves a stale
  lock), and writes in ``BEGIN IMMEDIATE`` transactions. Any number of readers may open the
  store with ``readonly=True`` while the writer runs.
- A store object belongs to the thread that opened it (sqlite3's default check).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from pydantic import ValidationError

from dive.errors import StoreError
from dive.records import Record, RunManifest
from dive.store.migrations import MIGRATIONS, apply_migrations, check_version, schema_version
from dive.store.shared import join, split

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: SQLite's write lock still serializes writers
    fcntl = None  # type: ignore[assignment]

__all__ = ["DB_NAME", "LOCK_NAME", "PARENT_FIELDS", "Row", "RunStore", "parent_field", "store_rows"]

DB_NAME = "run.sqlite"
"""File name of the database inside a run directory."""
LOCK_NAME = "run.sqlite.lock"
"""File name of the single-writer lock inside a run directory."""
PARENT_FIELDS = ("task_id", "trace_id", "call_id")
"""Fields that link a record to its parent, by priority; the first one a class has is indexed."""
BUSY_TIMEOUT_S = 10.0
"""How long a statement waits on a lock held by another connection (checkpoints, readers)."""
_PAGE = 512
_CORRUPT_HINT = ("; the file is damaged or not a dive run store: restore it from a backup, "
                 "or start a new run with another --out")

R = TypeVar("R", bound=Record)


def parent_field(cls: type[Record]) -> str | None:
    """Return the field of ``cls`` that names its parent record (``Task`` -> ``trace_id``), if any."""
    return next((name for name in PARENT_FIELDS if name in cls.model_fields), None)


def _check_storable(cls: type[Record]) -> None:
    if "id" not in cls.model_fields:
        raise StoreError(
            f"{cls.__name__} records have no id and are not stored alone; "
            "store the record that contains them (an AnswerSpec is stored inside its Task)"
        )


Row = tuple[tuple[str, str, str | None, str], list[tuple[str, str]]]
"""A record as the store writes it: its ``(kind, id, parent_id, json)`` row and the ``(id, json)`` of its items
stored once."""


def store_rows(records: Iterable[Record]) -> list[Row]:
    """The rows :meth:`RunStore.put_many` writes for ``records``, each id checked against its content: made where
    the records were made (a worker process), they spare the process that writes the store the serializing and
    hashing (4.5 s of a 1000-task run's driver with 2 workers)."""
    return [_row(record) for record in records]


def _row(record: Record) -> Row:
    """Return the ``(kind, id, parent_id, json)`` row of ``record`` and the ``(id, json)`` of its items stored once."""
    cls = type(record)
    _check_storable(cls)
    record_id = getattr(record, "id", "")
    if not record_id or record_id != record.content_id():
        raise StoreError(
            f"{cls.__name__} id {record_id!r} is not the hash of its content; only content-addressed "
            "records are stored (build records with their constructor, not model_construct)"
        )
    field = parent_field(cls)
    parent = getattr(record, field) if field else None
    text, items = split(record, record.model_dump_json())
    return (cls.__name__, record_id, parent, text), items


def _record_classes() -> dict[str, type[Record]]:
    """Map class name -> class for every loaded Record subclass; dive.records wins a name clash."""
    found: dict[str, type[Record]] = {}
    stack = list(Record.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__ == "dive.records" or cls.__name__ not in found:
            found[cls.__name__] = cls
    return found


def _acquire_lock(lock_path: Path) -> int | None:
    """Take the exclusive writer lock; raise StoreError naming the holder if it is taken."""
    if fcntl is None:  # pragma: no cover
        return None
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.read(fd, 64).decode(errors="replace").strip() or "unknown"
        os.close(fd)
        raise StoreError(
            f"run store {lock_path.parent} is already open for writing (writer pid {holder}); "
            "a run has one writer: wait for it to finish, or open the store with readonly=True"
        ) from None
    os.ftruncate(fd, 0)
    os.write(fd, str(os.getpid()).encode())
    return fd


class RunStore:
    """An append-only, deduplicating store of records for one run. Open it with :meth:`open`."""

    def __init__(self, conn: sqlite3.Connection, directory: Path, *, readonly: bool, lock_fd: int | None) -> None:
        self._conn: sqlite3.Connection | None = conn
        self._lock_fd = lock_fd
        self._classes: dict[str, type[Record]] = {}
        self._values: dict[str, Any] = {}
        self.directory = directory
        """The run directory."""
        self.readonly = readonly
        """True when this store cannot write."""

    # -- opening and closing ---------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, readonly: bool = False) -> RunStore:
        """Open the store of run directory ``path``, creating and migrating it unless ``readonly``."""
        directory = Path(path)
        if directory.is_file():
            raise StoreError(f"{directory} is a file; RunStore.open expects the run directory that holds {DB_NAME}")
        db = directory / DB_NAME
        if readonly:
            return cls._open_reader(directory, db)
        directory.mkdir(parents=True, exist_ok=True)
        lock_fd = _acquire_lock(directory / LOCK_NAME)
        try:
            conn = sqlite3.connect(db, isolation_level=None, timeout=BUSY_TIMEOUT_S)
            try:
                mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
                if mode != "wal":
                    raise StoreError(f"run store {db} cannot use WAL journaling (got {mode!r}); use a local disk")
                conn.execute("PRAGMA synchronous=NORMAL")
                apply_migrations(conn, str(db))
            except BaseException:
                conn.close()
                raise
        except sqlite3.DatabaseError as exc:
            _release(lock_fd)
            raise StoreError(f"cannot open run store {db}: {exc}{_CORRUPT_HINT}") from exc
        except BaseException:
            _release(lock_fd)
            raise
        return cls(conn, directory, readonly=False, lock_fd=lock_fd)

    @classmethod
    def _open_reader(cls, directory: Path, db: Path) -> RunStore:
        if not db.is_file():
            raise StoreError(
                f"no run store at {db}; check the run directory, or open it with readonly=False to create it"
            )
        try:
            conn = sqlite3.connect(
                f"{db.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_S
            )
            conn.execute("PRAGMA query_only=ON")
            found = schema_version(conn)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open run store {db}: {exc}{_CORRUPT_HINT}") from exc
        try:
            check_version(found, str(db))
            if found < len(MIGRATIONS):
                raise StoreError(
                    f"run store {db} has schema version {found}, older than this dive-tasks' version "
                    f"{len(MIGRATIONS)}; open it once with readonly=False to migrate it"
                )
        except StoreError:
            conn.close()
            raise
        return cls(conn, directory, readonly=True, lock_fd=None)

    def close(self) -> None:
        """Close the database and release the writer lock; closing twice is harmless."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        _release(self._lock_fd)
        self._lock_fd = None

    def __enter__(self) -> RunStore:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._conn is None else ("readonly" if self.readonly else "writer")
        return f"RunStore({str(self.directory)!r}, {state})"

    # -- metadata --------------------------------------------------------------------------

    @property
    def path(self) -> Path:
        """The database file."""
        return self.directory / DB_NAME

    @property
    def schema_version(self) -> int:
        """Schema version of the database (``PRAGMA user_version``)."""
        return schema_version(self._db)

    @property
    def manifest_id(self) -> str | None:
        """Id of the first RunManifest stored in this run, if any."""
        row = self._db.execute("SELECT value FROM meta WHERE key = 'manifest_id'").fetchone()
        return row[0] if row else None

    # -- writing ---------------------------------------------------------------------------

    def put(self, record: Record) -> bool:
        """Store ``record``; return False (and change nothing) when its id is already stored."""
        return self.put_many([record]) == 1

    def put_many(self, records: Iterable[Record], rows: list[Row] | None = None) -> int:
        """Store ``records`` in one transaction; return how many rows were new. ``rows``: their
        :func:`store_rows`, made already, in order; then ``records`` may be only some of them (a worker sends the
        driver the records it reads and the rows of all: a trace no task reads and a gold trajectory travel only as
        rows)."""
        if self.readonly:
            raise StoreError(f"run store {self.path} is open read-only; open it with readonly=False to write")
        batch = list(records)
        if rows is None:
            rows = store_rows(batch)
        elif not {(type(r).__name__, getattr(r, "id", "")) for r in batch} <= {row[0][:2] for row in rows}:
            raise StoreError("the rows given to put_many are not those of its records; make them with store_rows")
        inserted = 0
        with self._transaction():
            for row, items in rows:
                if items:
                    self._db.executemany("INSERT INTO shared (id, json) VALUES (?, ?) ON CONFLICT DO NOTHING", items)
                cursor = self._db.execute(
                    "INSERT INTO records (kind, id, parent_id, json) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", row
                )
                if cursor.rowcount == 1:
                    inserted += 1
                    if row[0] == RunManifest.__name__:
                        self._db.execute(
                            "INSERT INTO meta (key, value) VALUES ('manifest_id', ?) ON CONFLICT DO NOTHING", (row[1],)
                        )
        for record in batch:
            self._classes[type(record).__name__] = type(record)
        return inserted

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        conn = self._db
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write run store {self.path}: {exc}") from exc

    # -- reading ---------------------------------------------------------------------------

    def get(self, cls: type[R], id: str) -> R:
        """Return the ``cls`` record with ``id``; KeyError naming the kind, id and store if absent."""
        _check_storable(cls)
        row = self._db.execute("SELECT json FROM records WHERE kind = ? AND id = ?", (cls.__name__, id)).fetchone()
        if row is None:
            raise KeyError(f"no {cls.__name__} with id {id!r} in run store {self.path}")
        return self._load(cls, id, row[0])

    def has(self, cls: type[Record], id: str) -> bool:
        """Return True when a ``cls`` record with ``id`` is stored."""
        _check_storable(cls)
        row = self._db.execute("SELECT 1 FROM records WHERE kind = ? AND id = ?", (cls.__name__, id)).fetchone()
        return row is not None

    def count(self, cls: type[Record], where_parent: str | None = None) -> int:
        """Return how many ``cls`` records are stored (only children of ``where_parent`` if given)."""
        sql, params = self._filter(cls, where_parent)
        return int(self._db.execute(f"SELECT COUNT(*) FROM records WHERE {sql}", params).fetchone()[0])

    def iter(self, cls: type[R], where_parent: str | None = None) -> Iterator[R]:
        """Yield the stored ``cls`` records in insertion order (only children of ``where_parent`` if given).

        The iteration sees the records stored when it starts; it pages by sequence number, so
        writing to the store while iterating is safe.
        """
        sql, params = self._filter(cls, where_parent)
        last = int(self._db.execute("SELECT COALESCE(MAX(seq), 0) FROM records").fetchone()[0])
        after = 0
        while True:
            rows = self._db.execute(
                f"SELECT seq, id, json FROM records WHERE {sql} AND seq > ? AND seq <= ? ORDER BY seq LIMIT {_PAGE}",
                (*params, after, last),
            ).fetchall()
            for seq, record_id, text in rows:
                after = seq
                yield self._load(cls, record_id, text)
            if len(rows) < _PAGE:
                return

    def peek(self, cls: type[Record], names: Sequence[str],
             where_parent: str | None = None) -> Iterator[tuple[str, tuple[Any, ...]]]:
        """The id and the named top-level fields (None where absent) of each stored ``cls`` record, in insertion
        order, read from its JSON without building or checking the record: to choose the records to read with
        :meth:`get`, which checks them (an export reads the kept items of thousands; a field stored once reads
        as references). Write nothing to the store while iterating."""
        sql, params = self._filter(cls, where_parent)
        for record_id, text in self._db.execute(f"SELECT id, json FROM records WHERE {sql} ORDER BY seq", params):
            try:
                data = json.loads(text)
            except ValueError as exc:
                raise StoreError(f"stored {cls.__name__} {record_id} in {self.path} is corrupted: {exc}") from exc
            if not isinstance(data, dict):
                raise StoreError(f"stored {cls.__name__} {record_id} in {self.path} is corrupted: not a JSON object")
            yield record_id, tuple(data.get(name) for name in names)

    def _filter(self, cls: type[Record], where_parent: str | None) -> tuple[str, tuple[Any, ...]]:
        _check_storable(cls)
        if where_parent is None:
            return "kind = ?", (cls.__name__,)
        if parent_field(cls) is None:
            raise StoreError(f"{cls.__name__} records have no parent link (one of {', '.join(PARENT_FIELDS)})")
        return "kind = ? AND parent_id = ?", (cls.__name__, where_parent)

    def _shared(self, key: str) -> Any:
        """A value stored once, parsed (each is read once per store: there are about as many as tools)."""
        if key not in self._values:
            row = self._db.execute("SELECT json FROM shared WHERE id = ?", (key,)).fetchone()
            if row is None:
                raise StoreError(f"run store {self.path} has no stored value {key}{_CORRUPT_HINT}")
            self._values[key] = json.loads(row[0])
        return self._values[key]

    def _load(self, cls: type[R], record_id: str, text: str) -> R:
        try:
            data = join(cls, text, self._shared)
            record = cls.model_validate_json(data) if isinstance(data, str) else cls.model_validate(data)
        except ValidationError as exc:
            raise StoreError(f"stored {cls.__name__} {record_id} in {self.path} is corrupted: {exc}") from exc
        if getattr(record, "id", None) != record_id:
            raise StoreError(f"stored {cls.__name__} {record_id} in {self.path} holds a record with id "
                             f"{getattr(record, 'id', None)!r}")
        self._classes[cls.__name__] = cls
        return record

    # -- checking --------------------------------------------------------------------------

    def integrity_check(self) -> list[str]:
        """Return every problem found (empty when healthy).

        Runs ``PRAGMA integrity_check``, looks for duplicated ``(kind, id)`` rows, re-validates
        every stored record (which recomputes its content hash) and checks its id and parent
        columns, and checks the schema version and manifest id in ``meta``.
        """
        db = self._db
        problems = [f"sqlite: {row[0]}" for row in db.execute("PRAGMA integrity_check") if row[0] != "ok"]
        dups = db.execute(
            "SELECT kind, id, COUNT(*) FROM records NOT INDEXED GROUP BY kind, id HAVING COUNT(*) > 1"
        ).fetchall()
        problems += [f"{kind} {record_id} is stored {n} times" for kind, record_id, n in dups]
        version = schema_version(db)
        if version != len(MIGRATIONS):
            problems.append(f"schema version {version}, expected {len(MIGRATIONS)}")
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("schema_version") != str(version):
            problems.append(f"meta schema_version {meta.get('schema_version')!r} disagrees with user_version {version}")
        if "manifest_id" in meta and not self.has(RunManifest, meta["manifest_id"]):
            problems.append(f"meta manifest_id {meta['manifest_id']} names no stored RunManifest")
        classes = {**_record_classes(), **self._classes}
        after = 0
        while rows := db.execute(
            f"SELECT seq, kind, id, parent_id, json FROM records WHERE seq > ? ORDER BY seq LIMIT {_PAGE}", (after,)
        ).fetchall():
            for seq, kind, record_id, parent, text in rows:
                after = seq
                problems += _check_row(classes.get(kind), kind, record_id, parent, text, self._shared)
        return problems

    @property
    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(f"run store {self.path} is closed")
        return self._conn


def _check_row(cls: type[Record] | None, kind: str, record_id: str, parent: str | None, text: str,
               shared: Callable[[str], Any]) -> list[str]:
    """Return the problems of one stored row."""
    if cls is None:
        return [f"{kind} {record_id}: unknown record kind (import the module that defines it)"]
    try:
        data = join(cls, text, shared)
        record = cls.model_validate_json(data) if isinstance(data, str) else cls.model_validate(data)
    except StoreError as exc:
        return [f"{kind} {record_id}: {exc}"]
    except ValidationError as exc:
        first = str(exc).splitlines()
        return [f"{kind} {record_id}: does not validate: {' '.join(first[:3])}"]
    problems = []
    if getattr(record, "id", None) != record_id:
        problems.append(f"{kind} {record_id}: stored under the wrong id (content id {getattr(record, 'id', None)!r})")
    field = parent_field(cls)
    expected = getattr(record, field) if field else None
    if parent != expected:
        problems.append(f"{kind} {record_id}: parent column {parent!r} but {field} is {expected!r}")
    return problems


def _release(lock_fd: int | None) -> None:
    if lock_fd is not None:
        os.close(lock_fd)  # closing the descriptor releases the flock
