"""Values stored once: the items of a record's ``_stored_once`` fields, by content hash.

Every gold trajectory carries its toolset's OpenAI schemas (``Trajectory.tools``), and the same
tool's schema recurs in thousands of them: stored inline they were three quarters of a run's
database. So the store writes each item of such a field once, into the ``shared`` table keyed by
the hash of its JSON, and the record's row holds ``{"$stored": id}`` in its place; reading the row
puts the items back, so a record reads back equal to the one written (same content id) and
exports that need the schemas on every line are unchanged.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from dive.records import Record

__all__ = ["REF", "join", "split"]

REF = "$stored"
"""The key of the object that stands for a stored item in a row."""


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def split(record: Record, text: str) -> tuple[str, list[tuple[str, str]]]:
    """The row JSON of ``record`` (its ``model_dump_json()``, ``text``) with each item of its ``_stored_once`` fields
    replaced by a reference, and the ``(id, json)`` of those items."""
    fields = type(record)._stored_once
    if not fields:
        return text, []
    data = json.loads(text)
    items: list[tuple[str, str]] = []
    for name in sorted(fields):
        refs = []
        for value in data[name]:
            blob = _dumps(value)
            key = hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]
            items.append((key, blob))
            refs.append({REF: key})
        data[name] = refs
    return _dumps(data), items


def join(cls: type[Record], text: str, fetch: Callable[[str], Any]) -> Any:
    """The record's data from a row: a dict with the stored items put back (``fetch(id)`` gives one, parsed), or the
    row's text itself when it holds no reference (rows written before the ``shared`` table, other kinds)."""
    if not cls._stored_once or REF not in text:
        return text
    data = json.loads(text)
    for name in cls._stored_once:
        data[name] = [fetch(v[REF]) if isinstance(v, dict) and set(v) == {REF} else v for v in data.get(name, ())]
    return data
