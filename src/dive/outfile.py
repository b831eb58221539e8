"""Writing an output file without losing anything: atomic for regular files, direct for everything else.

    n = write_lines("tasks.jsonl", lines)          # a temporary file, then a rename: never half written
    write_lines("-", lines)                        # standard output
    write_lines("/dev/stdout", lines)              # a pipe, a FIFO, a device: written through, never replaced

A symlink is followed (the link stays, its target gets the new content). A path that is a
directory, or one of a run's own store files (``protect``), is refused with an
:class:`~dive.errors.OutputError` naming the fix; so is any OS error (read-only, no space).
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from dive.errors import OutputError

__all__ = ["STDOUT", "check_writable", "write_lines"]

STDOUT = "-"
"""The ``--out`` value meaning standard output."""


def check_writable(out: str | os.PathLike[str], *, protect: Iterable[Path] = ()) -> None:
    """Refuse an output path that is a directory or one of ``protect`` (resolved, symlinks followed)."""
    if str(out) == STDOUT:
        return
    target = Path(out)
    resolved = target.resolve() if not target.is_symlink() or target.exists() else target
    for path in protect:
        if path.exists() and resolved == path.resolve():
            raise OutputError(f"--out {str(out)!r} is the run's own {path.name}; writing it would destroy the run; "
                              "choose another file (e.g. tasks.jsonl)")
    if resolved.is_dir():
        raise OutputError(f"--out {str(out)!r} is a directory; give a file path, e.g. {str(target / 'tasks.jsonl')!r}")


def write_lines(out: str | os.PathLike[str], lines: Iterable[str], *,
                protect: Iterable[Path] = ()) -> int:
    """Write ``lines`` (each ends in a newline) to ``out``; returns how many were written."""
    check_writable(out, protect=protect)
    if str(out) == STDOUT:
        return _write(sys.stdout, lines)
    try:
        mode = os.stat(out).st_mode if os.path.exists(out) else None
        if mode is not None and not stat.S_ISREG(mode):  # a pipe, a FIFO, a device: write through it
            with open(out, "w", encoding="utf-8") as fh:
                return _write(fh, lines)
        target = Path(out).resolve()  # a symlink to a regular file: replace the target, keep the link
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.partial")
        try:
            with tmp.open("w", encoding="utf-8") as fh:
                n = _write(fh, lines)
            if mode is not None:
                os.chmod(tmp, stat.S_IMODE(mode))
            os.replace(tmp, target)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        return n
    except OSError as err:
        raise OutputError(f"cannot write {str(out)!r}: {err.strerror or err}; choose another --out") from None


def _write(fh: TextIO, lines: Iterable[str]) -> int:
    n = 0
    for line in lines:
        fh.write(line)
        n += 1
    fh.flush()
    return n
