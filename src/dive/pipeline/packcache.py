"""A pack's seed list and tool schemas, built once and cached on disk (building them takes seconds).

    seeds = cached_seeds(PACKS["chem"])        # built and written the first time, read afterwards
    tools = cached_tools(PACKS["chem"])        # the pack's tools, their schemas and hashes from the cache

The cache files are named by a key of everything they depend on: the pack's name and module,
dive-tasks' version, the installed versions of the packages behind the pack, and the size and
modification time of every file of the pack's package (so editing a pack rebuilds them). They
live under ``$XDG_CACHE_HOME/dive-tasks/seeds`` (default ``~/.cache``), one file per pack and kind;
a file of another key that was not read for a day is removed when a new one is written (so two
checkouts sharing the cache keep their own); an unwritable or corrupted cache is ignored and
the list or the schemas are built as before.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.metadata
import importlib.util
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pydantic
from pydantic import ValidationError

from dive import __version__
from dive._hashing import content_hash
from dive.records import Seed
from dive.tools.datacache import cache_root
from dive.tools.pack import Pack
from dive.tools.registry import PACKS
from dive.tools.tool import Tool

__all__ = ["cache_dir", "cached_seeds", "cached_tools", "package_versions"]

_STALE_S = 24 * 3600


def cache_dir() -> Path:
    """Where seed lists are cached: ``$XDG_CACHE_HOME/dive-tasks/seeds`` (default ``~/.cache``)."""
    return cache_root() / "seeds"


@functools.cache
def _distributions() -> tuple[Mapping[str, list[str]], Mapping[str, str]]:
    """(top-level import name -> distributions, distribution -> installed version). ``packages_distributions()``
    reads every installed distribution's metadata (half a second) and each version another file (0.4 s for the
    packs' distributions at every start), so both are cached on disk, keyed by the modification times of
    ``sys.path``'s folders (installing or removing a distribution changes its folder's)."""
    folders = [_stat(p) for p in sys.path if os.path.isdir(p)]
    path = cache_dir() / f"distributions-{content_hash([sys.prefix, folders, 2])}.json"
    with contextlib.suppress(OSError, ValueError):
        found = json.loads(path.read_text("utf-8"))
        if isinstance(found, dict) and isinstance(found.get("modules"), dict) and isinstance(found.get("versions"), dict):
            return found["modules"], found["versions"]
    modules = {k: list(v) for k, v in importlib.metadata.packages_distributions().items()}
    versions: dict[str, str] = {}
    for dist in sorted({d for names in modules.values() for d in names}):
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            versions[dist] = importlib.metadata.version(dist)
    _write(path, {"modules": modules, "versions": versions}, "distributions")
    return modules, versions


def package_versions(packs: Iterable[str]) -> dict[str, str]:
    """Python's version and the installed version of every distribution backing ``packs``."""
    by_module, versions = _distributions()
    out = {"python": platform.python_version()}
    for pack in packs:
        for module in PACKS[pack].requires:
            for dist in by_module.get(module, ()):
                if dist in versions:
                    out[dist] = versions[dist]
    return dict(sorted(out.items()))


def _files_of(module: str) -> list[tuple[str, int, int]]:
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return []
    origin = Path(spec.origin)
    root = origin.parent  # the package's folder (a pack module's data files sit beside it)
    if root.name in ("site-packages", "dist-packages"):
        paths = [origin]
    else:
        paths = sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return [_stat(str(p)) for p in paths]


@functools.cache
def _started_ns() -> int:
    """When this process started (ns since the epoch; Linux's /proc), else when this module was first asked."""
    try:
        with open("/proc/self/stat", encoding="ascii") as f:
            ticks = int(f.read().rpartition(")")[2].split()[19])
        with open("/proc/stat", encoding="ascii") as f:
            boot = next(int(line.split()[1]) for line in f if line.startswith("btime "))
        return (boot * os.sysconf("SC_CLK_TCK") + ticks) * 10**9 // os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return time.time_ns()


def _stat(path: str) -> tuple[str, int, int]:
    st = os.stat(path)
    return path, st.st_size, st.st_mtime_ns


def _key(pack: Pack, *extra: Any) -> str:
    versions = package_versions([pack.name]) if pack.name in PACKS else {}
    return content_hash([pack.name, pack.module, __version__, versions, _files_of(pack.module), *extra])


def _cached(pack: Pack, stem: str, read: Callable[[Any], Any], build: Callable[[], Any],
            dump: Callable[[Any], Any], *key: Any) -> Any:
    """``read(json)`` of the pack's cache file ``stem``, or ``build()``, written as ``dump(built)`` for next time
    (``key``: what else the contents depend on)."""
    if any(mtime > _started_ns() for _, _, mtime in _files_of(pack.module)):
        return build()  # a file of the pack changed since this process started: its modules may be the old ones, so
        # neither write what they build under the new files' key nor prime them from it (a test run started before
        # an edit cached country_currencies' old description under the new key)
    path = cache_dir() / f"{stem}-{_key(pack, *key)}.json"
    with contextlib.suppress(OSError, ValueError, ValidationError, KeyError, TypeError):
        found = read(json.loads(path.read_text("utf-8")))
        with contextlib.suppress(OSError):
            os.utime(path)  # read now: not stale
        return found
    built = build()
    _write(path, dump(built), stem)
    return built


def _write(path: Path, data: Any, stem: str) -> None:
    """Write ``data`` to ``path`` atomically, and remove the files of ``stem`` for other keys unread for a day."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{stem}-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False)
        os.replace(tmp, path)
        for stale in path.parent.glob(f"{stem}-*.json"):
            with contextlib.suppress(OSError):
                if stale != path and time.time() - stale.stat().st_mtime > _STALE_S:
                    stale.unlink()


def cached_seeds(pack: Pack) -> tuple[Seed, ...]:
    """``pack.seeds()``, from the cache when a list with the same key was written before (registered packs only:
    a pack given in code is built each time)."""
    if PACKS.get(pack.name) is not pack:
        return pack.seeds()
    return _cached(pack, pack.name, lambda data: tuple(Seed.model_validate(s) for s in data), pack.seeds,
                   lambda seeds: [s.model_dump(mode="json") for s in seeds])


def cached_tools(pack: Pack) -> tuple[Tool, ...]:
    """``pack.tools()`` with each tool's schemas and hash from the cache (:meth:`Tool.prime`), so importing the
    pack builds none of them (registered packs only)."""
    tools = pack.tools()
    if PACKS.get(pack.name) is not pack:
        return tools

    def read(data: dict[str, Any]) -> tuple[Tool, ...]:
        if sorted(data) != sorted(t.name for t in tools):
            raise KeyError("the cached tools are not the pack's")
        for t in tools:
            t.prime(*data[t.name])
        return tools

    return _cached(pack, f"{pack.name}.tools", read, lambda: tools,
                   lambda built: {t.name: [t.parameters, t.output_schema, t.hash] for t in built},
                   pydantic.VERSION, _stat(sys.modules[Tool.__module__].__file__ or ""))  # the schemas depend on how tools are built
