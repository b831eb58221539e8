"""Items that mostly wait on the model: LLM explorer and deriver against a fake server with a fixed latency.

    workers, rate, peak = measure(workers=None, concurrency=8, latency_s=0.2, items=160, out=tmp)

Used by ``tests/llm/test_concurrency.py`` and ``benchmarks/llm_concurrency.py``: the steady request rate
(requests per second past the first fifth) and the most requests the server saw at once.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import threading
import time
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from fake_server import FakeOpenAIServer

from dive.config import RunConfig, load_config
from dive.pipeline import run, run_context
from dive.pipeline.run import default_workers

__all__ = ["ceiling", "measure", "waiting_config"]


def waiting_config(url: str, concurrency: int, items: int) -> RunConfig:
    """A run of ``items`` items whose explorer and deriver are models at ``url`` (nothing to derive, so no checks)."""
    overrides = ["explore.explorer=llm", "derive.deriver=llm", "explore.rounds=1", f"max_items={items}",
                 f"tools.packs={json.dumps(['core', 'geo', 'time'])}"]
    for stage in ("explorer", "deriver"):
        overrides += [f"llm.{stage}.model=openai:test-model", f"llm.{stage}.base_url={url}",
                      f"llm.{stage}.concurrency={concurrency}"]
    return load_config(overrides=overrides, tasks=10 * items, seed=0)


def measure(workers: int | None, concurrency: int, latency_s: float, items: int, out: Path) -> tuple[int, float, int]:
    """(workers used, steady requests per second, most requests in flight at once).

    The server runs in a process of its own, as a real endpoint does: in the run's process its threads would wait
    for the GIL behind the driver's commits, and the latency it serves would not be the one asked for."""
    with _server(latency_s) as (url, seen):
        config = waiting_config(url, concurrency, items)
        n = workers or default_workers(run_context(config))
        run(config, out, workers=n)
    stamps, peak = seen
    steady = sorted(stamps)[len(stamps) // 5:]  # past the workers' start-up
    return n, (len(steady) - 1) / (steady[-1] - steady[0]), peak


def ceiling(concurrency: int, latency_s: float, requests: int) -> float:
    """Requests per second that ``concurrency`` coroutines of one process reach with the OpenAI SDK alone against the
    same server (no items, no workers): what the server and the SDK leave of the ideal ``concurrency / latency``."""
    import asyncio

    import openai

    async def hammer(url: str) -> float:
        client = openai.AsyncOpenAI(base_url=url, api_key="unused", max_retries=0)
        body: dict[str, Any] = {"model": "test-model", "messages": [{"role": "user", "content": "hello"}]}
        await client.chat.completions.create(**body)  # the connection and the SDK warm

        async def loop() -> None:
            for _ in range(requests // concurrency):
                await client.chat.completions.create(**body)

        start = time.monotonic()
        await asyncio.gather(*(loop() for _ in range(concurrency)))
        return requests // concurrency * concurrency / (time.monotonic() - start)

    with _server(latency_s) as (url, _):
        return asyncio.run(hammer(url))


@contextlib.contextmanager
def _server(latency_s: float) -> Iterator[tuple[str, list[Any]]]:
    """The fake endpoint in a process of its own: its URL, and a list that holds, once the block ends, the arrival
    times of its requests and the most it saw in flight at once."""
    fork = multiprocessing.get_context("fork")
    ours, theirs = fork.Pipe()
    server = fork.Process(target=_serve, args=(theirs, latency_s), daemon=True)
    server.start()
    seen: list[Any] = []
    try:
        yield ours.recv(), seen
    finally:
        ours.send("stop")
        seen.extend(ours.recv())
        server.join(timeout=10)


def _serve(conn: Connection, latency_s: float) -> None:
    """The fake endpoint: its URL out, then on "stop" the arrival time of every request and the peak in flight."""
    stamps: list[float] = []
    lock = threading.Lock()

    def respond(request: dict[str, Any]) -> dict[str, Any]:
        with lock:
            stamps.append(time.monotonic())
        return {"content": "nothing to derive"}

    with FakeOpenAIServer(respond, delay_s=latency_s) as server:
        conn.send(server.url)
        conn.recv()
        conn.send((stamps, server.max_concurrent))
