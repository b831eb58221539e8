"""Endpoint health: a probe before the first item, and a stop when calls keep failing.

An outage must never become a verdict (a task "too hard" because the solver could not be
reached, or "not answerable from memory" because the closed-book call failed). Two guards:

- :func:`probe` asks every configured endpoint for its model list before the run starts
  (one cheap request, no retries): a closed port, a wrong host, a server error or a refused
  key stops the run at once, naming the URL and the fix.
- :class:`Health` counts, per model, calls that failed for good (after their retries) with an
  error that says the endpoint is unusable (unreachable, timing out, server errors, rate
  limited, a refused key or an unknown model). After ``outage_after`` such calls in a row it
  raises :class:`~dive.errors.LLMOutage`, which no stage catches: the run stops instead of
  spending retries on every remaining item. One successful call resets the count.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from dive.errors import LLMError, LLMOutage, LLMRequestError

__all__ = ["OUTAGE_AFTER", "Health", "is_outage", "probe"]

OUTAGE_AFTER = 3
"""Calls in a row that must fail for good, with an outage-type error, before the run stops."""
_REFUSED = (401, 403, 404)
"""Request errors that every later call will repeat: a bad key, no permission, a wrong model or URL."""


def is_outage(err: LLMError) -> bool:
    """Whether ``err`` says the endpoint is unusable rather than this one request being bad."""
    if isinstance(err, LLMRequestError):
        return err.status in _REFUSED
    return err.retryable and type(err).__name__ != "LLMBadResponse"


def _where(llm: Any) -> str:
    return str(getattr(llm, "base_url", None) or getattr(llm, "name", "the endpoint"))


class Health:
    """Consecutive outage-type failures per model; raises :class:`LLMOutage` past the limit."""

    def __init__(self, outage_after: int = OUTAGE_AFTER) -> None:
        self.outage_after = outage_after
        self._failures: dict[str, int] = {}

    def succeeded(self, llm: Any) -> None:
        self._failures[llm.name] = 0

    def failed(self, llm: Any, stage: str, err: LLMError) -> None:
        """Count a failed call; raise LLMOutage when the endpoint looks down."""
        if not is_outage(err):
            return
        n = self._failures[llm.name] = self._failures.get(llm.name, 0) + 1
        if n >= self.outage_after:
            raise LLMOutage(f"{_where(llm)} is not usable ({n} {stage} calls in a row failed; last: {err}); "
                            f"check --base-url or llm.{stage}.base_url and that the server is up")


async def probe(llms: Iterable[tuple[str, Any]]) -> None:
    """Probe each distinct endpoint once (models that have a ``probe`` method); LLMOutage naming the first
    that fails, with the stages that use it."""
    seen: dict[str, list[str]] = {}
    first: dict[str, Any] = {}
    for stage, llm in llms:
        if getattr(llm, "probe", None) is None:
            continue
        url = _where(llm)
        seen.setdefault(url, []).append(stage)
        first.setdefault(url, llm)
    for url, llm in first.items():
        stages = "/".join(dict.fromkeys(seen[url]))
        try:
            await llm.probe()
        except LLMError as err:
            fix = ("check --base-url or llm.<stage>.base_url, and that the server is up"
                   if not isinstance(err, LLMRequestError) else "fix the key or the model name")
            what = str(err) if url in str(err) else f"{url}: {err}"
            raise LLMOutage(f"{what} (the {stages} model); {fix}") from None
