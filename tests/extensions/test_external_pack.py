"""A tool pack shipped as its own distribution (``dive-astro``), installed with pip into a virtual environment:
one entry-point line makes ``dive tools list`` show it (with where it came from) and ``dive run`` use it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dive.tools.registry import pack_installed

SRC = Path(__file__).parents[2] / "src"
PLUGIN = Path(__file__).parent / "plugin"

PYPROJECT = """\
[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "dive-astro"
version = "0.3.0"
dependencies = []

[project.entry-points."dive.packs"]
astro = "dive_astro:PACK"

[tool.setuptools]
packages = ["dive_astro"]
"""

INIT = '''"""The astro pack's declaration: light, imports no tools."""
from dive.tools.pack import Pack, SemType

PACK = Pack("astro", module="dive_astro.tools", domain="astro", description="bright stars and constellations",
            semtypes=(SemType("bright_star", "a bright star", "Sirius", mention="the bright star {v}", entity=True),
                      SemType("constellation", "an IAU constellation", "Orion", mention="the constellation {v}",
                              entity=True)),
            install="pip install dive-astro")
'''


def _venv(tmp_path: Path) -> Path:
    venv = tmp_path / "venv"
    # without its own pip (and the old setuptools that comes with it): the system's pip installs into it
    made = subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)],
                          capture_output=True, text=True)
    python = venv / "bin" / "python"
    if made.returncode != 0 or not python.exists():
        pytest.skip(f"cannot create a virtual environment here: {made.stderr.strip()[-300:]}")
    return python


def test_an_external_pack_installed_with_pip(tmp_path: Path) -> None:
    if not pack_installed("core"):
        pytest.skip("needs the core pack")
    package = tmp_path / "dive-astro"
    (package / "dive_astro").mkdir(parents=True)
    (package / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    (package / "dive_astro" / "__init__.py").write_text(INIT, encoding="utf-8")
    shutil.copy(PLUGIN / "dive_testplugin_astro.py", package / "dive_astro" / "tools.py")
    python = _venv(tmp_path)
    installed = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                                "--no-build-isolation", "--no-index", str(package)], capture_output=True, text=True)
    if installed.returncode != 0 and "no such option: --python" in installed.stderr:
        pytest.skip("pip is older than 22.3 (no --python)")
    assert installed.returncode == 0, installed.stderr
    env = {**os.environ, "PYTHONPATH": str(SRC)}  # this checkout's dive, over the one installed in site-packages

    def dive(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(python), "-m", "dive.cli", *args], capture_output=True, text=True, env=env,
                              cwd=tmp_path)

    listed = dive("tools", "list", "--pack", "astro", "--json")
    assert listed.returncode == 0, listed.stderr
    assert {(t["name"], t["distribution"]) for t in json.loads(listed.stdout)} == {
        ("star_info", "dive-astro"), ("constellation_info", "dive-astro")}
    ran = dive("run", "--tasks", "2", "--out", "r", "--quiet", "-o", "tools.packs=[astro]", "-o", "tools.toolset_min=2",
               "-o", "verify.checks=[well_posed,grounding,necessity,leakage,replay,dedup]",
               "--explorer", "typed_walk", "--deriver", "compose")
    assert ran.returncode == 0, ran.stderr
    tasks = [json.loads(line) for line in (tmp_path / "r" / "tasks.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(tasks) >= 2 and all(set(t["toolset"]) <= {"star_info", "constellation_info"} for t in tasks)
    # outside the venv the pack is unknown: an ordinary config error, with the closest names
    outside = subprocess.run([sys.executable, "-m", "dive.cli", "tools", "list", "--pack", "astro"],
                             capture_output=True, text=True, env=env, cwd=tmp_path)
    assert outside.returncode == 2 and "unknown pack 'astro'" in outside.stderr
