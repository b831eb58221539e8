"""The chemicals package's identifier database (about 76,000 compounds) read from an SQLite snapshot.

``chemicals.identifiers`` parses 45 MB of TSV files into dictionaries on its first search (3-4 s in
every process that searches). The snapshot holds those dictionaries as they stand once everything is
loaded (the state any search reaches after its first miss), is cached on disk and opened in
milliseconds. :func:`install` puts it in place of the package's database, so ``search_chemical`` runs
its own matching logic unchanged on the same records. A process that finds no snapshot loads the
package's database fully, as before, while a background thread writes the snapshot (about 10 s).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sqlite3
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from dive.tools.datacache import cache_path, write_in_background

__all__ = ["install", "records_with_formula"]

# The indexes of ChemicalMetadataDB, each key -> record.
INDEXES = ("pubchem_index", "smiles_index", "InChI_index", "InChI_key_index", "name_index", "CAS_index", "formula_index")
_FIELDS = ("pubchemid", "CAS", "formula", "MW", "smiles", "InChI", "InChI_key", "iupac_name", "common_name")


def _write(db: Any, path: Path) -> None:
    """Store the records and indexes of a fully loaded ChemicalMetadataDB (it is only read)."""
    ids: dict[int, int] = {}  # id() of a record -> its row
    rows: list[tuple[Any, ...]] = []

    def row_of(record: Any) -> int:
        if id(record) not in ids:
            ids[id(record)] = len(rows)
            rows.append((len(rows), *(getattr(record, f) for f in _FIELDS), json.dumps(record.synonyms)))
        return ids[id(record)]

    path.unlink(missing_ok=True)
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA journal_mode = OFF")  # a file renamed into place only when complete
        conn.execute("PRAGMA synchronous = OFF")
        for name in INDEXES:  # untyped columns keep each key's Python type (int CAS numbers, str names)
            conn.execute(f"CREATE TABLE {name} (key PRIMARY KEY NOT NULL, id INTEGER NOT NULL) WITHOUT ROWID")
            pairs = [(k, row_of(r)) for k, r in getattr(db, name).items() if k is not None]
            pairs.sort(key=lambda p: (type(p[0]).__name__, p[0]))  # inserting in key order is fast
            conn.executemany(f"INSERT INTO {name} VALUES (?, ?)", pairs)  # noqa: S608 - our own table names
        conn.execute(f"CREATE TABLE records (id INTEGER PRIMARY KEY, {', '.join(_FIELDS)}, synonyms)")
        conn.executemany(f"INSERT INTO records VALUES ({', '.join('?' * (len(_FIELDS) + 2))})", rows)
        conn.execute("CREATE TABLE by_formula (formula, id INTEGER NOT NULL)")
        conn.executemany("INSERT INTO by_formula VALUES (?, ?)", [(r.formula, row_of(r)) for r in db.CAS_index.values()])
        conn.execute("CREATE INDEX by_formula_formula ON by_formula (formula)")
        conn.commit()


def _valid(path: Path) -> bool:
    try:
        with contextlib.closing(_open(path)) as conn:
            return conn.execute("SELECT 1 FROM records LIMIT 1").fetchone() is not None
    except sqlite3.Error:
        return False


def _open(path: Path) -> sqlite3.Connection:
    # Read-only and immutable: a snapshot is never changed once renamed into place.
    return sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False)


class _Snapshot:
    """The open snapshot; records are built once each, on first use."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._records: dict[int, Any] = {}

    def record(self, row: int) -> Any:
        if row not in self._records:
            from chemicals.identifiers import ChemicalMetadata

            *values, synonyms = self.conn.execute(f"SELECT {', '.join(_FIELDS)}, synonyms FROM records WHERE id = ?",
                                                  (row,)).fetchone()
            self._records[row] = ChemicalMetadata(**dict(zip(_FIELDS, values, strict=True)), synonyms=json.loads(synonyms))
        return self._records[row]


class _Index(Mapping[Any, Any]):
    """One of ChemicalMetadataDB's dictionaries, looked up in the snapshot."""

    def __init__(self, snapshot: _Snapshot, table: str) -> None:
        self._snapshot = snapshot
        self._table = table

    def _row(self, key: Any) -> int | None:
        try:
            found = self._snapshot.conn.execute(f"SELECT id FROM {self._table} WHERE key = ?", (key,)).fetchone()  # noqa: S608
        except (sqlite3.InterfaceError, sqlite3.ProgrammingError, OverflowError, UnicodeError):  # an unbindable key
            return None
        return None if found is None else int(found[0])

    def __contains__(self, key: object) -> bool:
        return self._row(key) is not None

    def __getitem__(self, key: Any) -> Any:
        row = self._row(key)
        if row is None:
            raise KeyError(key)
        return self._snapshot.record(row)

    def __bool__(self) -> bool:  # the package tests ``if index:``; counting a million names would take 0.1 s
        return self._snapshot.conn.execute(f"SELECT 1 FROM {self._table} LIMIT 1").fetchone() is not None  # noqa: S608

    def __len__(self) -> int:
        return int(self._snapshot.conn.execute(f"SELECT count(*) FROM {self._table}").fetchone()[0])  # noqa: S608

    def __iter__(self) -> Iterator[Any]:
        return (k for (k,) in self._snapshot.conn.execute(f"SELECT key FROM {self._table}"))  # noqa: S608


class _Database:
    """The ChemicalMetadataDB to search, fully loaded, and its records by formula."""

    def __init__(self) -> None:
        import chemicals.identifiers as ids

        path = cache_path("chem", "chemicals-identifiers", ".sqlite", "chemicals", __file__)
        if path.is_file() and _valid(path):
            with contextlib.suppress(OSError):
                os.utime(path)  # in use: the cache's sweep of files unused for a day keeps it
            self.snapshot: _Snapshot | None = _Snapshot(_open(path))
            self.db = ids.ChemicalMetadataDB.__new__(ids.ChemicalMetadataDB)  # no __init__: it loads the small files
            self.db.main_db, self.db.user_dbs, self.db.elements, self.db.loaded_main_db = None, [], True, True
            for name in INDEXES:
                setattr(self.db, name, _Index(self.snapshot, name))
        else:  # the package's own database, as before, while a thread writes the snapshot for later processes
            self.snapshot = None
            self.db = ids.ChemicalMetadataDB()
            self.db.autoload_main_db()
            write_in_background(path, functools.partial(_write, self.db))

    @functools.cached_property
    def _formula_index(self) -> dict[str, list[Any]]:
        index: dict[str, list[Any]] = {}
        for record in self.db.CAS_index.values():
            index.setdefault(record.formula, []).append(record)
        return index

    def with_formula(self, formula: str) -> list[Any]:
        if self.snapshot is None:
            return list(self._formula_index.get(formula, []))
        rows = self.snapshot.conn.execute("SELECT id FROM by_formula WHERE formula = ?", (formula,)).fetchall()
        return [self.snapshot.record(row) for (row,) in rows]


@functools.cache
def _database() -> _Database:
    return _Database()


@functools.cache
def install() -> None:
    """Make ``chemicals.identifiers`` search our database instead of loading its files on a miss."""
    import chemicals.identifiers as ids

    ids.pubchem_db = _database().db
    ids._pubchem_db_loaded = True  # noqa: SLF001 - the package's own switch for a database in place


def records_with_formula(formula: str) -> list[Any]:
    """The database's records (one per CAS number) with this Hill formula."""
    return _database().with_formula(formula)
