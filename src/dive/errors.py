"""One exception tree for dive-tasks.

User and configuration errors fail fast with a message that names the problem and the
fix. Tool failures never raise out of the execution layer: they become error
observations (see :mod:`dive.tools.execution`).
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "DiveError",
    "LLMBadResponse",
    "LLMError",
    "LLMOutage",
    "LLMRateLimited",
    "LLMRequestError",
    "LLMTimeout",
    "LLMUnavailable",
    "MissingExtraError",
    "OutputError",
    "StoreError",
    "ToolNameClash",
    "ToolDefinitionError",
    "ToolError",
    "UnknownToolError",
]


class DiveError(Exception):
    """Base of every error dive-tasks raises on purpose."""


class ConfigError(DiveError):
    """A run configuration is invalid; the message names the key and the fix."""


class ToolNameClash(ConfigError, ValueError):
    """Two tools of a run's pool have one name (give one source a ``prefix``)."""


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


class OutputError(DiveError):
    """An output path cannot be written (a directory, read-only, a run's own files, a file the user had)."""


class StoreError(DiveError):
    """The run store is unusable (wrong schema version, integrity failure, ...)."""


class LLMError(DiveError):
    """A model call failed after retries; providers translate their own errors into these.

    ``retryable`` says whether trying again later could succeed (rate limits, timeouts,
    server errors); ``retry_after_s`` carries a server's Retry-After when it sent one.
    """

    retryable: bool = False

    def __init__(self, message: str, *, retry_after_s: float | None = None, status: int | None = None,
                 attempts: int = 1) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s
        self.status = status
        self.attempts = attempts
        """Requests made before giving up (retries included)."""


class LLMRateLimited(LLMError):
    """The endpoint answered 429 (too many requests)."""

    retryable = True


class LLMTimeout(LLMError):
    """The endpoint did not answer within the stage's timeout."""

    retryable = True


class LLMUnavailable(LLMError):
    """The endpoint could not be reached or answered with a server error (5xx)."""

    retryable = True


class LLMBadResponse(LLMError):
    """The endpoint answered, but with nothing usable (no choices, an unreadable body)."""

    retryable = True


class LLMRequestError(LLMError):
    """The endpoint refused the request itself (bad model name, key, context length): retrying will not help."""


class LLMOutage(DiveError):
    """A stage's endpoint is down (the health probe failed, or several calls in a row could not reach it).

    Not an :class:`LLMError`: no stage catches it, so the run stops instead of recording an
    outage as a verdict on every task; a resumed run redoes the unfinished item.
    """
