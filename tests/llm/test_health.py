"""Endpoint health: which errors mean an outage, the stop after calls in a row, the probe's messages."""

from __future__ import annotations

import asyncio
import socket

import pytest

from dive.errors import LLMBadResponse, LLMOutage, LLMRateLimited, LLMRequestError, LLMTimeout, LLMUnavailable
from dive.llm.health import Health, is_outage, probe
from dive.llm.limits import Endpoint, RetryPolicy
from dive.llm.openai_provider import OpenAIModel


class _Model:
    name = "openai:m"
    base_url = "http://127.0.0.1:9/v1"


@pytest.mark.parametrize(("err", "outage"), [
    (LLMUnavailable("down"), True), (LLMTimeout("slow"), True), (LLMRateLimited("429"), True),
    (LLMRequestError("401", status=401), True), (LLMRequestError("404", status=404), True),
    (LLMRequestError("context too long", status=400), False), (LLMBadResponse("no choices"), False),
])
def test_which_errors_are_outages(err: Exception, outage: bool) -> None:
    assert is_outage(err) is outage  # type: ignore[arg-type]


def test_three_failures_in_a_row_stop_and_a_success_resets() -> None:
    health, model = Health(outage_after=3), _Model()
    health.failed(model, "solver", LLMUnavailable("down"))
    health.failed(model, "solver", LLMBadResponse("empty"))  # not an outage: does not count
    health.failed(model, "solver", LLMUnavailable("down"))
    health.succeeded(model)
    health.failed(model, "solver", LLMUnavailable("down"))
    health.failed(model, "solver", LLMUnavailable("down"))
    with pytest.raises(LLMOutage, match=r"http://127.0.0.1:9/v1 is not usable \(3 solver calls in a row failed"):
        health.failed(model, "solver", LLMUnavailable("down"))


def test_the_probe_names_a_closed_port() -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}/v1"
    sock.close()
    model = OpenAIModel("m", endpoint=Endpoint(url), base_url=url, api_key="EMPTY", timeout_s=2,
                        retry=RetryPolicy(max_retries=0))

    async def go() -> None:
        try:
            await probe([("solver", model), ("judge", model)])
        finally:
            await model.aclose()

    with pytest.raises(LLMOutage) as info:
        asyncio.run(go())
    assert str(info.value) == (f"cannot reach {url}: connection refused (the solver/judge model); "
                               "check --base-url or llm.<stage>.base_url, and that the server is up")


def test_models_without_a_probe_are_skipped() -> None:
    asyncio.run(probe([("solver", object())]))
