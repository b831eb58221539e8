"""Golden-file helper: compare text with tests/golden/NAME; UPDATE_GOLDEN=1 writes (or rewrites) it."""

from __future__ import annotations

import os
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"


def assert_golden(name: str, text: str, *, root: Path = GOLDEN) -> None:
    """Fail when ``text`` differs from the golden file, or when there is none (a missing golden never passes)."""
    path = root / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    if not path.exists():
        raise AssertionError(f"golden file {path} is missing; run UPDATE_GOLDEN=1 pytest, review it and commit it")
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"{name} differs from its golden file; review the diff and rerun with UPDATE_GOLDEN=1"
