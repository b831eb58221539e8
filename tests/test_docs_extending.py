"""docs/extending.md runs as written: its python blocks execute in order in one namespace (``out_dir`` is a
temporary folder); a block fenced ``python file=PATH`` is written to PATH on a temporary import path instead."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from dive.tools.registry import pack_installed

DOC = Path(__file__).parents[1] / "docs" / "extending.md"
FENCE = re.compile(r"^```(\w+)([^\n]*)\n(.*?)^```", re.S | re.M)


def test_every_example_in_extending_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not pack_installed("geo"):
        pytest.skip("the examples use the geo pack: pip install 'dive-tasks[geo]'")
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    namespace: dict[str, object] = {"out_dir": tmp_path, "__name__": "extending_md"}
    ran = 0
    try:
        for lang, info, body in FENCE.findall(DOC.read_text(encoding="utf-8")):
            if lang != "python":
                continue
            target = re.search(r"file=(\S+)", info)
            if target:
                path = site / target.group(1)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(body, encoding="utf-8")
                continue
            exec(compile(body, f"{DOC}:block{ran}", "exec"), namespace)  # noqa: S102 - the doc's own examples
            ran += 1
    finally:
        for name in [m for m in sys.modules if m == "dive_astro" or m.startswith("dive_astro.")]:
            del sys.modules[name]
    assert ran == 5  # check, explorer + deriver, exporter, provider, pack
    assert (tmp_path / "queries.csv").read_text(encoding="utf-8").startswith("id,query")
