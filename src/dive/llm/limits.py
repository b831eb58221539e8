"""Per-endpoint limits and the retry policy shared by the network providers.

An :class:`Endpoint` is one base URL: every stage that talks to it shares its concurrency
limit (at most ``concurrency`` requests in flight) and its rate limit (at most ``rpm``
request starts per minute, spaced evenly). After :meth:`Endpoint.share`, both limits hold
across the processes forked afterwards (a run's worker processes): the slots are a process-
shared semaphore and the pacing a process-shared clock. :func:`backoff_s` gives the wait
before a retry: the server's Retry-After when it sent one, else exponential backoff with jitter.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import random
import time
from dataclasses import dataclass
from typing import Any

__all__ = ["Endpoint", "RetryPolicy", "backoff_s"]


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to retry a failed request."""

    max_retries: int = 4
    """Retries after the first attempt (0: never retry)."""
    base_s: float = 0.5
    """First backoff; doubles with each retry."""
    cap_s: float = 30.0
    """Longest wait between two attempts, Retry-After included."""


def backoff_s(policy: RetryPolicy, retry: int, retry_after_s: float | None, rng: random.Random) -> float:
    """Seconds to wait before retry number ``retry`` (1-based)."""
    if retry_after_s is not None and retry_after_s >= 0:
        return min(policy.cap_s, retry_after_s)
    wait = policy.base_s * 2 ** (retry - 1)
    return min(policy.cap_s, wait * (0.5 + rng.random() / 2))


class Endpoint:
    """One base URL's shared limits: a concurrency slot pool and an evenly spaced rate limit."""

    def __init__(self, url: str, *, concurrency: int = 8, rpm: float | None = None) -> None:
        if concurrency < 1:
            raise ValueError(f"concurrency must be at least 1, got {concurrency}")
        if rpm is not None and rpm <= 0:
            raise ValueError(f"rpm must be positive, got {rpm}")
        self.url = url
        self.concurrency = concurrency
        self.rpm = rpm
        self._slots: asyncio.Semaphore | None = None
        self._next_start = 0.0
        self._lock: asyncio.Lock | None = None
        self.in_flight = 0
        self.peak_in_flight = 0
        self._shared_slots: Any = None
        self._shared_next: Any = None

    def share(self) -> None:
        """Make the limits hold across the processes forked from now on (call before forking the workers)."""
        fork = multiprocessing.get_context("fork")
        if self._shared_slots is None:
            self._shared_slots = fork.BoundedSemaphore(self.concurrency)
            self._shared_next = fork.Value("d", 0.0)

    async def __aenter__(self) -> Endpoint:
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.concurrency)
            self._lock = asyncio.Lock()
        await self._slots.acquire()
        try:
            await self._acquire_shared()
        except BaseException:
            self._slots.release()
            raise
        try:
            await self._pace()
        except BaseException:
            self._release()
            raise
        self.in_flight += 1
        self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.in_flight -= 1
        self._release()

    async def _acquire_shared(self) -> None:
        """A slot of the process-shared semaphore, polled (a cancelled wait holds nothing)."""
        if self._shared_slots is None:
            return
        while not self._shared_slots.acquire(block=False):
            await asyncio.sleep(0.005)

    def _release(self) -> None:
        if self._shared_slots is not None:
            self._shared_slots.release()
        assert self._slots is not None
        self._slots.release()

    async def _pace(self) -> None:
        if self.rpm is None:
            return
        assert self._lock is not None
        interval = 60.0 / self.rpm
        async with self._lock:
            now = time.monotonic()  # one clock for every process of the machine
            if self._shared_next is not None:
                with self._shared_next.get_lock():
                    start = max(now, self._shared_next.value)
                    self._shared_next.value = start + interval
            else:
                start = max(now, self._next_start)
                self._next_start = start + interval
        if start > now:
            await asyncio.sleep(start - now)
