"""The fake OpenAI-compatible server itself, spoken to over plain HTTP (no SDK)."""

from __future__ import annotations

import http.client
import json
import socket
import threading
from typing import Any
from urllib.parse import urlsplit

import pytest
from fake_server import FakeOpenAIServer, status_error

HI = {"model": "test-model", "messages": [{"role": "user", "content": "what is the weather in Paris"}]}


def respond(request: dict[str, Any]) -> dict[str, Any]:
    if request.get("tools"):
        return {"content": None, "tool_calls": [{"name": "weather", "arguments": {"city": "Paris"}},
                                                {"name": "clock", "arguments": '{"tz": "CET"}'}]}
    return {"content": "Sunny and warm"}


def call(server: FakeOpenAIServer, method: str, path: str, body: Any = None,
         timeout: float = 5.0) -> tuple[int, dict[str, str], bytes]:
    url = urlsplit(server.url)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=timeout)
    try:
        conn.request(method, path, body=None if body is None else json.dumps(body),
                     headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def chat(server: FakeOpenAIServer, body: Any = None, **kw: Any) -> tuple[int, dict[str, str], bytes]:
    return call(server, "POST", "/v1/chat/completions", HI if body is None else body, **kw)


@pytest.fixture
def server():
    with FakeOpenAIServer(respond) as s:
        yield s


def test_url_is_loopback_with_an_assigned_port(server: FakeOpenAIServer) -> None:
    url = urlsplit(server.url)
    assert (url.scheme, url.hostname, url.path) == ("http", "127.0.0.1", "/v1")
    assert url.port and url.port > 0


def test_text_answer_is_wrapped_into_a_chat_completion(server: FakeOpenAIServer) -> None:
    status, headers, raw = chat(server)
    body = json.loads(raw)
    assert (status, headers["content-type"]) == (200, "application/json")
    assert body["object"] == "chat.completion" and body["model"] == "test-model" and body["id"]
    assert body["choices"] == [{"index": 0, "logprobs": None, "finish_reason": "stop",
                                "message": {"role": "assistant", "content": "Sunny and warm"}}]
    assert body["usage"] == {"prompt_tokens": 6, "completion_tokens": 3, "total_tokens": 9}
    assert [(r.path, r.body, r.fault) for r in server.requests] == [("/v1/chat/completions", HI, None)]


def test_tool_calls_get_unique_ids_and_serialised_arguments(server: FakeOpenAIServer) -> None:
    ids = []
    for _ in range(2):
        body = json.loads(chat(server, {**HI, "tools": [{"type": "function"}]})[2])
        choice = body["choices"][0]
        assert choice["finish_reason"] == "tool_calls"
        calls = choice["message"]["tool_calls"]
        assert [(c["type"], c["function"]["name"], c["function"]["arguments"]) for c in calls] == [
            ("function", "weather", '{"city": "Paris"}'), ("function", "clock", '{"tz": "CET"}')]
        ids += [c["id"] for c in calls]
    assert ids == ["call_1", "call_2", "call_3", "call_4"]


def test_models_route_and_unknown_routes(server: FakeOpenAIServer) -> None:
    status, _, raw = call(server, "GET", "/v1/models")
    assert status == 200
    assert [m["id"] for m in json.loads(raw)["data"]] == ["test-model"]
    for method, path in [("GET", "/v1/nope"), ("POST", "/v1/completions")]:
        status, _, raw = call(server, method, path, {} if method == "POST" else None)
        assert status == 404
        assert path in json.loads(raw)["error"]["message"]


def test_rate_limit_sends_429_with_both_retry_after_headers(server: FakeOpenAIServer) -> None:
    server.inject("rate_limit", retry_after_s=0.2)
    status, headers, raw = chat(server)
    assert status == 429
    assert (headers["retry-after"], headers["retry-after-ms"]) == ("0.2", "200")
    assert json.loads(raw)["error"]["type"] == "rate_limit_error"
    assert chat(server)[0] == 200  # one fault, used up


def test_faults_apply_in_order_and_are_counted(server: FakeOpenAIServer) -> None:
    server.inject("server_error", times=2)
    server.inject("http_error", status=404, message="model 'x' not found")
    assert call(server, "GET", "/v1/models")[0] == 200  # GET never consumes a fault
    statuses = [chat(server)[0] for _ in range(4)]
    assert statuses == [500, 500, 404, 200]
    assert [r.fault for r in server.requests] == [None, "server_error", "server_error", "http_error", None]
    assert server.faults_served == {"server_error": 2, "http_error": 1}


def test_respond_can_raise_a_status_error() -> None:
    def refuse(request: dict[str, Any]) -> dict[str, Any]:
        raise status_error(400, "maximum context length exceeded")

    with FakeOpenAIServer(refuse) as server:
        status, _, raw = chat(server)
    assert status == 400
    assert json.loads(raw)["error"]["message"] == "maximum context length exceeded"


def test_content_faults(server: FakeOpenAIServer) -> None:
    with_tools = {**HI, "tools": [{"type": "function"}]}
    for kind in ["malformed_args", "unknown_tool", "hermes", "empty_choices"]:
        server.inject(kind)
    malformed, unknown, hermes, empty = (json.loads(chat(server, with_tools)[2]) for _ in range(4))
    assert {c["function"]["arguments"] for c in malformed["choices"][0]["message"]["tool_calls"]} == {'{"a": 1,'}
    assert {c["function"]["name"] for c in unknown["choices"][0]["message"]["tool_calls"]} == {"no_such_tool"}
    message = hermes["choices"][0]["message"]
    assert "tool_calls" not in message and hermes["choices"][0]["finish_reason"] == "stop"
    assert message["content"] == ('\n<tool_call>\n{"name": "weather", "arguments": {"city": "Paris"}}\n</tool_call>'
                                  '\n<tool_call>\n{"name": "clock", "arguments": {"tz": "CET"}}\n</tool_call>')
    assert empty["choices"] == [] and empty["usage"]["prompt_tokens"] == 6


def test_bad_json_is_a_200_that_does_not_parse(server: FakeOpenAIServer) -> None:
    server.inject("bad_json")
    server.inject("bad_json", content_type="text/html")
    for content_type in ["application/json", "text/html"]:
        status, headers, raw = chat(server)
        assert (status, headers["content-type"]) == (200, content_type)
        with pytest.raises(json.JSONDecodeError):
            json.loads(raw)


def test_timeout_fault_delays_the_answer(server: FakeOpenAIServer) -> None:
    server.inject("timeout", delay_s=1.0)
    with pytest.raises(socket.timeout):
        chat(server, timeout=0.2)
    assert chat(server)[0] == 200  # the server stays usable after a client gave up
    assert server.faults_served["timeout"] == 1


def test_max_concurrent_counts_overlapping_requests() -> None:
    with FakeOpenAIServer(respond, delay_s=0.2) as server:
        threads = [threading.Thread(target=chat, args=(server,)) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(server.requests) == 4
        assert server.max_concurrent >= 2


def test_unknown_fault_kind_is_refused(server: FakeOpenAIServer) -> None:
    with pytest.raises(ValueError, match="unknown fault 'rate-limit'"):
        server.inject("rate-limit")


def test_close_releases_the_port() -> None:
    server = FakeOpenAIServer(respond)
    server.close()
    with pytest.raises(ConnectionRefusedError):
        chat(server)
