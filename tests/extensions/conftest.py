"""Installs the components of ``plugin/`` as a distribution (a ``*.dist-info`` with ``entry_points.txt`` on
``sys.path``, which importlib.metadata finds), or only makes the module importable for the by-object tests."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from dive import registry

PLUGIN = Path(__file__).parent / "plugin"
MODULES = ("dive_testplugin", "dive_testplugin_astro")


def _copy_modules(root: Path) -> None:
    for name in MODULES:
        shutil.copy(PLUGIN / f"{name}.py", root / f"{name}.py")


@pytest.fixture
def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """The plugin module, importable but not registered (components passed as objects)."""
    root = tmp_path / "site"
    root.mkdir()
    _copy_modules(root)
    monkeypatch.syspath_prepend(str(root))
    import dive_testplugin  # type: ignore[import-not-found]

    dive_testplugin.CALLS.clear()
    yield dive_testplugin
    for name in MODULES:
        sys.modules.pop(name, None)
    registry.refresh()


@pytest.fixture
def installed(plugin: ModuleType, tmp_path: Path) -> Iterator[ModuleType]:
    """The plugin, also registered by its entry points, as the distribution ``dive-testplugin``."""
    info = tmp_path / "site" / "dive_testplugin-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: dive-testplugin\nVersion: 0.1\n", encoding="utf-8")
    shutil.copy(PLUGIN / "entry_points.txt", info / "entry_points.txt")
    registry.refresh()
    yield plugin
