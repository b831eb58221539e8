"""One exception tree for dive-tasks.

User and configuration errors fail fast with a message that names the problem and the
fix. Tool failures never raise out of the execution layer: they become error
observations (see :mod:`dive.tools.execution`).
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "DiveError",
    "MissingExtraError",
    "StoreError",
    "ToolDefinitionError",
    "ToolError",
    "UnknownToolError",
]


class DiveError(Exception):
    """Base of every error dive-tasks raises on purpose."""


class ConfigError(DiveError):
    """A run configuration is invalid; the message names the key and the fix."""


class ToolDefinitionError(DiveError):
    """A tool function cannot be turned into a tool (missing docstring, annotation, ...)."""


class ToolError(DiveError):
    """A tool refused its input with a message meant for the model.

    Raise it inside a tool for an expected failure ("no country with code 'XX'"); the
    execution layer turns it into an error observation without a traceback.
    """


class UnknownToolError(DiveError, KeyError):
    """A tool or pack name is not in the pool."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown tool"


class MissingExtraError(DiveError, ImportError):
    """An optional dependency is not installed; the message gives the pip command."""


class StoreError(DiveError):
    """The run store is unusable (wrong schema version, integrity failure, ...)."""
