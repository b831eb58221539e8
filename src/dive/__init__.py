"""dive-tasks: evidence-first synthesis of diverse, executable, verifiable tool-use tasks.

    import dive
    funnel = dive.run(dive.load_config(tasks=100), "runs/demo", components=dive.Components(checks=[MyCheck()]))

``run``, ``load_config`` and ``Components`` load on first use, so ``import dive`` stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["Components", "__version__", "load_config", "run"]

if TYPE_CHECKING:
    from dive.config import load_config
    from dive.pipeline.build import Components
    from dive.pipeline.run import run as run

_LAZY = {"run": "dive.pipeline", "Components": "dive.pipeline", "load_config": "dive.config"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'dive' has no attribute {name!r}")
