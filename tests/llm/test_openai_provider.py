"""The openai provider against a real local server: wire format, retries, limits, error translation."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from fake_server import FakeOpenAIServer, status_error

from dive.errors import LLMBadResponse, LLMRequestError, LLMTimeout, LLMUnavailable
from dive.llm.limits import Endpoint, RetryPolicy
from dive.llm.openai_provider import OpenAIModel
from dive.llm.types import Completion, Message, Settings

HI: list[Message] = [{"role": "user", "content": "hi"}]
WEATHER = {"type": "function", "function": {
    "name": "weather", "description": "Current weather in a city.",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}


def respond(request: dict[str, Any]) -> dict[str, Any]:
    """Call the first tool when tools are offered, answer a tool result in words, else say hello."""
    last = request["messages"][-1]
    if last["role"] == "tool":
        return {"content": f"It is {last['content']} in Paris."}
    if request.get("tools"):
        return {"content": None, "tool_calls": [{"name": request["tools"][0]["function"]["name"],
                                                 "arguments": {"city": "Paris"}}]}
    return {"content": "Hello there"}


@pytest.fixture
def server() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer(respond) as s:
        yield s


def make_model(server: FakeOpenAIServer, *, concurrency: int = 4, rpm: float | None = None,
               timeout_s: float = 2.0, max_retries: int = 3) -> OpenAIModel:
    return OpenAIModel("test-model", endpoint=Endpoint(server.url, concurrency=concurrency, rpm=rpm),
                       base_url=server.url, api_key="test", timeout_s=timeout_s,
                       retry=RetryPolicy(max_retries=max_retries, base_s=0.01, cap_s=1.0))


def complete(model: OpenAIModel, messages: Sequence[Message] = HI, tools: list[dict[str, Any]] | None = None,
             settings: Settings | None = None) -> Completion:
    return asyncio.run(model.complete(messages, tools, settings or Settings()))


def test_plain_text_turn(server: FakeOpenAIServer) -> None:
    completion = complete(make_model(server))
    assert (completion.content, completion.tool_calls, completion.reasoning) == ("Hello there", (), None)
    assert (completion.finish_reason, completion.model, completion.attempts) == ("stop", "test-model", 1)
    [received] = server.requests
    assert received.body == {"model": "test-model", "messages": HI, "temperature": 0.7, "max_tokens": 2048}
    assert received.headers["authorization"] == "Bearer test"


def test_usage_is_read_from_the_response(server: FakeOpenAIServer) -> None:
    completion = complete(make_model(server), [{"role": "system", "content": "be brief"},
                                               {"role": "user", "content": "say hello to me"}])
    assert (completion.usage.prompt_tokens, completion.usage.completion_tokens) == (6, 2)
    assert completion.usage.reasoning_tokens == 0


def test_tool_call_round_trip(server: FakeOpenAIServer) -> None:
    model = make_model(server)
    first = complete(model, HI, [WEATHER])
    assert server.requests[0].body["tools"] == [WEATHER]
    assert server.requests[0].body["tool_choice"] == "auto"
    assert first.finish_reason == "tool_calls" and first.content is None
    [call] = first.tool_calls
    assert (call.id, call.name, call.arguments) == ("call_1", "weather", '{"city": "Paris"}')
    assert call.parsed() == ({"city": "Paris"}, None)

    history = [*HI, first.message(), {"role": "tool", "tool_call_id": call.id, "content": "sunny"}]
    second = complete(make_model(server), history, [WEATHER])
    assert second.content == "It is sunny in Paris." and second.tool_calls == ()
    sent = server.requests[1].body["messages"]
    assert sent[1]["tool_calls"] == [{"id": "call_1", "type": "function",
                                      "function": {"name": "weather", "arguments": '{"city": "Paris"}'}}]
    assert sent[2] == {"role": "tool", "tool_call_id": "call_1", "content": "sunny"}


def test_settings_reach_the_request_body(server: FakeOpenAIServer) -> None:
    settings = Settings(temperature=0.0, max_tokens=64, reasoning=False, seed=7, tool_choice="required",
                        parallel_tool_calls=False)
    complete(make_model(server), HI, [WEATHER], settings)
    complete(make_model(server), HI, None, Settings(reasoning=True))
    complete(make_model(server))
    first, second, third = (r.body for r in server.requests)
    assert first["chat_template_kwargs"] == {"enable_thinking": False}
    assert (first["temperature"], first["max_tokens"], first["seed"]) == (0.0, 64, 7)
    assert (first["tool_choice"], first["parallel_tool_calls"]) == ("required", False)
    assert second["chat_template_kwargs"] == {"enable_thinking": True} and "tools" not in second
    assert "chat_template_kwargs" not in third and "seed" not in third
    assert {r.headers.get("authorization") for r in server.requests} == {"Bearer test"}  # the stage's key alone


def test_an_empty_key_never_sends_another_key(server: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """The body is POSTed as it is, with the bearer key as the SDK's create sends it: an admin key in the
    environment never reaches an endpoint."""
    monkeypatch.setenv("OPENAI_ADMIN_KEY", "sk-admin-secret")
    model = OpenAIModel("test-model", endpoint=Endpoint(server.url), base_url=server.url, api_key="", timeout_s=2.0,
                        retry=RetryPolicy(max_retries=0))
    with pytest.raises(Exception):  # noqa: B017 - the SDK's own error for a missing key
        complete(model)
    assert all("sk-admin" not in r.headers.get("authorization", "") for r in server.requests)


def test_rate_limit_is_retried_after_the_servers_wait(server: FakeOpenAIServer) -> None:
    server.inject("rate_limit", retry_after_s=0.2)
    model = make_model(server)
    start = time.monotonic()
    completion = complete(model)
    assert time.monotonic() - start >= 0.18  # our own backoff would be ~0.01 s
    assert completion.content == "Hello there"
    assert (completion.attempts, len(server.requests), model.retries) == (2, 2, 1)
    assert server.faults_served["rate_limit"] == 1


def test_server_errors_are_retried(server: FakeOpenAIServer) -> None:
    server.inject("server_error", times=2)
    completion = complete(make_model(server))
    assert (completion.content, completion.attempts, len(server.requests)) == ("Hello there", 3, 3)


def test_persistent_server_errors_raise_unavailable(server: FakeOpenAIServer) -> None:
    server.inject("server_error", times=3)
    with pytest.raises(LLMUnavailable, match=r"server error \(500\).*after 3 attempts") as info:
        complete(make_model(server, max_retries=2))
    assert info.value.status == 500 and len(server.requests) == 3


def test_timeout_is_retried(server: FakeOpenAIServer) -> None:
    server.inject("timeout", delay_s=1.5)
    start = time.monotonic()
    completion = complete(make_model(server, timeout_s=0.5))
    assert time.monotonic() - start >= 0.45
    assert (completion.content, completion.attempts, len(server.requests)) == ("Hello there", 2, 2)


def test_timeouts_on_every_attempt_raise_llm_timeout_naming_the_url(server: FakeOpenAIServer) -> None:
    server.inject("timeout", times=2, delay_s=1.5)
    with pytest.raises(LLMTimeout, match="after 2 attempts") as info:
        complete(make_model(server, timeout_s=0.3, max_retries=1))
    assert server.url in str(info.value) and "within 0.3 s" in str(info.value)
    assert len(server.requests) == 2


@pytest.mark.parametrize(("status", "hint"), [
    (400, "fix the request"),
    (401, "check the API key"),
    (404, "check the model name and the base URL"),
])
def test_request_errors_are_not_retried(server: FakeOpenAIServer, status: int, hint: str) -> None:
    server.inject("http_error", status=status, message="The model `test-model` does not exist")
    with pytest.raises(LLMRequestError) as info:
        complete(make_model(server))
    message = str(info.value)
    assert info.value.status == status and f"({status})" in message
    assert hint in message and "does not exist" in message and "after 1 attempt)" in message
    assert len(server.requests) == 1


def test_an_error_raised_by_respond_is_translated() -> None:
    def refuse(request: dict[str, Any]) -> dict[str, Any]:
        raise status_error(400, "maximum context length is 32768 tokens")

    with FakeOpenAIServer(refuse) as server:
        with pytest.raises(LLMRequestError, match="maximum context length is 32768 tokens"):
            complete(make_model(server))
        assert len(server.requests) == 1


def test_empty_choices_are_retried(server: FakeOpenAIServer) -> None:
    server.inject("empty_choices")
    completion = complete(make_model(server))
    assert (completion.content, completion.attempts) == ("Hello there", 2)


def test_persistent_empty_choices_raise_bad_response(server: FakeOpenAIServer) -> None:
    server.inject("empty_choices", times=3)
    with pytest.raises(LLMBadResponse, match="no choices.*after 3 attempts"):
        complete(make_model(server, max_retries=2))
    assert len(server.requests) == 3


@pytest.mark.parametrize(("content_type", "why"), [
    ("application/json", "unreadable response"),  # the SDK's json.loads fails
    ("text/html", "the response is not JSON"),  # the SDK hands back the text
])
def test_a_body_that_is_not_json_raises_bad_response(server: FakeOpenAIServer, content_type: str, why: str) -> None:
    server.inject("bad_json", times=2, content_type=content_type)
    with pytest.raises(LLMBadResponse, match=why):
        complete(make_model(server, max_retries=1))
    assert len(server.requests) == 2
    server.inject("bad_json", content_type=content_type)
    assert complete(make_model(server)).attempts == 2  # and one bad body is retried


def test_malformed_arguments_arrive_unparsed(server: FakeOpenAIServer) -> None:
    server.inject("malformed_args")
    completion = complete(make_model(server), HI, [WEATHER])
    [call] = completion.tool_calls
    assert (call.name, call.arguments, completion.attempts) == ("weather", '{"a": 1,', 1)
    args, why = call.parsed()
    assert args is None and why is not None and "not valid JSON" in why


def test_unknown_tool_name_passes_through(server: FakeOpenAIServer) -> None:
    server.inject("unknown_tool")
    [call] = complete(make_model(server), HI, [WEATHER]).tool_calls
    assert (call.name, call.parsed()) == ("no_such_tool", ({"city": "Paris"}, None))


def test_hermes_blocks_in_content_become_tool_calls(server: FakeOpenAIServer) -> None:
    server.inject("hermes")
    completion = complete(make_model(server), HI, [WEATHER])
    assert completion.content is None and completion.finish_reason == "stop"
    [call] = completion.tool_calls
    assert (call.name, call.parsed()) == ("weather", ({"city": "Paris"}, None))


def test_reasoning_content_field_becomes_reasoning() -> None:
    def thinker(request: dict[str, Any]) -> dict[str, Any]:
        return {"content": "Paris.", "reasoning_content": "The user asks for a capital."}

    with FakeOpenAIServer(thinker) as server:
        completion = complete(make_model(server))
    assert (completion.content, completion.reasoning) == ("Paris.", "The user asks for a capital.")


def test_think_prefix_and_hermes_blocks_are_both_read() -> None:
    def local_model(request: dict[str, Any]) -> dict[str, Any]:
        return {"content": '<think>\nNeed the weather.\n</think>\n\nLet me check.\n'
                           '<tool_call>\n{"name": "weather", "arguments": {"city": "Oslo"}}\n</tool_call>'}

    with FakeOpenAIServer(local_model) as server:
        completion = complete(make_model(server), HI, [WEATHER])
    assert (completion.content, completion.reasoning) == ("Let me check.", "Need the weather.")
    assert [(c.name, c.parsed()) for c in completion.tool_calls] == [("weather", ({"city": "Oslo"}, None))]


def test_concurrency_limit_holds() -> None:
    async def six(model: OpenAIModel) -> list[Completion]:
        return await asyncio.gather(*(model.complete(HI, None, Settings()) for _ in range(6)))

    with FakeOpenAIServer(respond, delay_s=0.1) as server:
        model = make_model(server, concurrency=2)
        completions = asyncio.run(six(model))
        assert [c.content for c in completions] == ["Hello there"] * 6
        assert server.max_concurrent <= 2 and model.endpoint.peak_in_flight == 2
    with FakeOpenAIServer(respond, delay_s=0.2) as server:  # control: without the limit they overlap
        model = make_model(server, concurrency=6)
        asyncio.run(six(model))
        assert server.max_concurrent >= 3


def test_rpm_pacing_spaces_request_starts(server: FakeOpenAIServer) -> None:
    async def five(model: OpenAIModel) -> list[Completion]:
        return await asyncio.gather(*(model.complete(HI, None, Settings()) for _ in range(5)))

    start = time.monotonic()
    asyncio.run(five(make_model(server, rpm=600)))  # one start every 0.1 s
    assert time.monotonic() - start >= 0.38
    assert len(server.requests) == 5


def test_unreachable_server_raises_unavailable() -> None:
    server = FakeOpenAIServer(respond)
    server.close()
    with pytest.raises(LLMUnavailable, match="cannot reach"):
        complete(make_model(server, max_retries=0))
