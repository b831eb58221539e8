"""docs/own-tools.md runs as written, the way tests/test_docs_extending.py runs docs/extending.md."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from test_docs_extending import FENCE

DOC = Path(__file__).parents[1] / "docs" / "own-tools.md"


def test_the_python_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(tmp_path))
    namespace: dict[str, object] = {"out_dir": tmp_path, "__name__": "own_tools_md"}
    ran = 0
    try:
        for lang, info, body in FENCE.findall(DOC.read_text(encoding="utf-8")):
            target = re.search(r"file=(\S+)", info)
            if lang == "python" and target:
                (tmp_path / target.group(1)).write_text(body, encoding="utf-8")
            elif lang == "python":
                exec(compile(body, f"{DOC}:block{ran}", "exec"), namespace)  # noqa: S102 - the doc's own examples
                ran += 1
    finally:
        sys.modules.pop("shop", None)
    assert ran >= 1
