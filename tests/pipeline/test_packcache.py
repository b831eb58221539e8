"""The pack cache: the same seeds and tool schemas as building them, read back from disk, rebuilt when a pack
changes."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from dive.pipeline.packcache import cache_dir, cached_seeds, cached_tools
from dive.tools.pack import Pack
from dive.tools.registry import PACKS


def test_cached_seeds_equal_the_built_ones_and_come_from_the_cache(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    built = PACKS["core"].seeds()
    assert cached_seeds(PACKS["core"]) == built
    files = list(cache_dir().glob("core-*.json"))
    assert len(files) == 1 and cache_dir().is_relative_to(tmp_path)
    assert cached_seeds(PACKS["core"]) == built
    files[0].write_text("not json", encoding="utf-8")  # a corrupted cache is rebuilt
    assert cached_seeds(PACKS["core"]) == built
    stale = cache_dir() / "core-0000000000000000.json"  # a list of an earlier version of the pack, unread for days
    stale.write_text("[]", encoding="utf-8")
    os.utime(stale, (time.time() - 3 * 86400,) * 2)
    other = cache_dir() / "core-1111111111111111.json"  # another checkout's, read today: kept
    other.write_text("[]", encoding="utf-8")
    files[0].unlink()
    assert cached_seeds(PACKS["core"]) == built
    assert not stale.exists() and other.exists() and len(list(cache_dir().glob("core-*.json"))) == 2


def test_cached_tool_schemas_equal_the_built_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    built = {t.name: (t.parameters, t.output_schema, t.hash) for t in PACKS["core"].tools()}
    assert {t.name: (t.parameters, t.output_schema, t.hash) for t in cached_tools(PACKS["core"])} == built
    assert len(list(cache_dir().glob("core.tools-*.json"))) == 1
    assert {t.name: (t.parameters, t.output_schema, t.hash) for t in cached_tools(PACKS["core"])} == built


def test_a_pack_given_in_code_is_never_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    pack = Pack("core", module=PACKS["core"].module, domain="general")
    assert cached_seeds(pack) == PACKS["core"].seeds()
    assert not cache_dir().exists()


def test_a_primed_tool_builds_only_its_validators(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cached_tools(PACKS["core"])  # written
    tool = next(t for t in cached_tools(PACKS["core"]) if t.name == "convert_units")
    assert tool.args_model is not None and tool.args_model.model_validate(tool.examples[0])
    assert tool.output_adapter is not None


def test_a_process_older_than_its_packs_files_neither_reads_nor_writes_the_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A process that imported a pack before one of its files was edited holds the old modules: what it builds must
    not be cached under the edited files' key, nor its tools primed from that key's cache (a test run started
    before an edit once cached a tool's old description, and a run then could not resume: "tools changed")."""
    import dive.pipeline.packcache as packcache  # noqa: PLC0415

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    built = PACKS["core"].seeds()
    monkeypatch.setattr(packcache, "_started_ns", lambda: 0)  # every file of the pack is newer than the process
    assert cached_seeds(PACKS["core"]) == built
    assert not list(cache_dir().glob("core-*.json"))
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cached_seeds(PACKS["core"]) == built
    assert len(list(cache_dir().glob("core-*.json"))) == 1  # an ordinary process writes it
