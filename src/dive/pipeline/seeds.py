"""A pack's seed list, built once and cached on disk (building the chem and medicine lists takes seconds).

    seeds = cached_seeds(PACKS["chem"])        # built and written the first time, read afterwards

The cache file is named by a key of everything the list depends on: the pack's name and
module, dive-tasks' version, the installed versions of the packages behind the pack, and the
size and modification time of every file of the pack's package (so editing a pack rebuilds
its list). It lives under ``$XDG_CACHE_HOME/dive-tasks/seeds`` (default ``~/.cache``), one file
per pack (writing a new list removes the pack's older ones); an unwritable or corrupted cache
is ignored and the list is built as before.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import tempfile
from pathlib import Path

from pydantic import ValidationError

from dive import __version__
from dive._hashing import content_hash
from dive.pipeline.manifest import package_versions
from dive.records import Seed
from dive.tools.pack import Pack
from dive.tools.registry import PACKS

__all__ = ["cache_dir", "cached_seeds"]


def cache_dir() -> Path:
    """Where seed lists are cached: ``$XDG_CACHE_HOME/dive-tasks/seeds`` (default ``~/.cache``)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "dive-tasks" / "seeds"


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
    out = []
    for p in paths:
        st = p.stat()
        out.append((str(p), st.st_size, st.st_mtime_ns))
    return out


def _key(pack: Pack) -> str:
    versions = package_versions([pack.name]) if pack.name in PACKS else {}
    return content_hash([pack.name, pack.module, __version__, versions, _files_of(pack.module)])


def cached_seeds(pack: Pack) -> tuple[Seed, ...]:
    """``pack.seeds()``, from the cache when a list with the same key was written before (registered packs only:
    a pack given in code is built each time)."""
    if PACKS.get(pack.name) is not pack:
        return pack.seeds()
    path = cache_dir() / f"{pack.name}-{_key(pack)}.json"
    with contextlib.suppress(OSError, ValueError, ValidationError):
        return tuple(Seed.model_validate(s) for s in json.loads(path.read_text("utf-8")))
    seeds = pack.seeds()
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{pack.name}-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump([s.model_dump(mode="json") for s in seeds], f, ensure_ascii=False)
        os.replace(tmp, path)
        for stale in path.parent.glob(f"{pack.name}-*.json"):  # lists of the pack's earlier versions
            if stale != path:
                stale.unlink(missing_ok=True)
    return seeds
