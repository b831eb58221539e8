"""Packs in tests: a module that needs a pack not installed is skipped (naming the extra), never an error."""

from __future__ import annotations

import pytest

from dive.tools import FunctionToolset, load_pool, pack_installed
from dive.tools.registry import PACKS


def require_packs(*packs: str) -> None:
    """Skip the calling test module (at collection) unless every pack is installed."""
    missing = [p for p in packs if not pack_installed(p)]
    if missing:
        hints = "; ".join(PACKS[p].install_hint for p in missing)
        pytest.skip(f"needs the {', '.join(missing)} pack(s): {hints}", allow_module_level=True)


def pool_or_skip(*packs: str) -> FunctionToolset:
    """The pool of ``packs``, or a module-level skip when one is not installed."""
    require_packs(*packs)
    return load_pool(list(packs))
