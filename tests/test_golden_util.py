"""The golden helper itself: a missing golden fails (it used to be written and pass outside CI)."""

from __future__ import annotations

from pathlib import Path

import pytest

from golden_util import assert_golden


def test_a_missing_golden_fails_and_is_not_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("UPDATE_GOLDEN", raising=False)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(AssertionError, match="is missing"):
        assert_golden("new.txt", "hello", root=tmp_path)
    assert not (tmp_path / "new.txt").exists()


def test_update_writes_and_then_compares(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UPDATE_GOLDEN", "1")
    assert_golden("new.txt", "hello", root=tmp_path)
    monkeypatch.delenv("UPDATE_GOLDEN")
    assert_golden("new.txt", "hello", root=tmp_path)
    with pytest.raises(AssertionError, match="differs"):
        assert_golden("new.txt", "bye", root=tmp_path)
