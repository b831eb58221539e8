"""dive-tasks: evidence-first synthesis of diverse, executable, verifiable tool-use tasks."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
