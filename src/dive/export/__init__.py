"""Exports: one module per format behind the :class:`~dive.stages.Exporter` contract.

    n = export_run("runs/demo", "tasks.jsonl", fmt="tasks")

Formats come from :mod:`dive.registry` (kind ``exporters``; ``dive.exporters`` entry points
add more). Every exporter reads the store only, kept tasks in item order, round 1 first, so
exports are byte-identical for the same config and seed. An exporter writes a scratch file,
which is then copied to ``out`` by :mod:`dive.outfile`: ``-`` (standard output), a pipe, a
device or a symlink is written through; a regular file is written whole to a temporary name and
renamed, so a failed export never leaves a partial file. The run's own store files are never
written over.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from dive import registry
from dive.export.base import VOLATILE, kept, kept_tasks, open_run, write_jsonl
from dive.outfile import check_writable, write_lines
from dive.stages import Exporter
from dive.store import DB_NAME, LOCK_NAME

__all__ = ["VOLATILE", "export_run", "formats", "kept", "kept_tasks", "open_run", "write_jsonl"]


def formats() -> tuple[str, ...]:
    """The export format names (built-in and registered)."""
    return registry.names("exporters")


def export_run(run_dir: str | os.PathLike[str], out: str | os.PathLike[str], *, fmt: str | Exporter = "tasks") -> int:
    """Write the kept tasks of run ``run_dir`` to ``out`` in format ``fmt``; the number of lines.

    ``fmt`` is a registered format name (ConfigError with the closest name for an unknown one)
    or an :class:`~dive.stages.Exporter` object built in code."""
    if isinstance(fmt, str):
        registry.check_name("exporters", fmt, "export format")
        exporter: Exporter = registry.load("exporters", fmt)()
    else:
        exporter = fmt
    own = [Path(run_dir) / name for name in (DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm", LOCK_NAME)]
    check_writable(out, protect=own)
    with tempfile.TemporaryDirectory(prefix="dive-export-") as scratch, open_run(run_dir) as store:
        tmp = Path(scratch) / "export"
        n = exporter.write(store, tmp)
        with tmp.open(encoding="utf-8", newline="") as lines:
            write_lines(out, lines, protect=own)
    return n
