"""A local OpenAI-compatible chat server with fault injection, for testing network providers.

    def respond(request):                      # the parsed request JSON
        return {"content": None, "tool_calls": [{"name": "add", "arguments": {"a": 1}}]}

    with FakeOpenAIServer(respond, delay_s=0.05) as server:
        server.inject("rate_limit", retry_after_s=0.2)
        ...  # point a client at server.url ("http://127.0.0.1:PORT/v1")
        assert server.faults_served["rate_limit"] == 1

``respond`` returns the assistant message (``content``, ``tool_calls`` with ``name`` and
``arguments`` as a dict or raw string, optional ``reasoning_content`` / ``finish_reason``)
and the server wraps it into a full ``chat.completion``; it may raise :class:`StatusError`
to answer with an HTTP error instead. Injected faults apply, first in first out, to the
next chat-completion requests only (``GET /v1/models`` never consumes one):

- ``rate_limit``: 429, ``retry-after`` (seconds) and ``retry-after-ms`` headers (``retry_after_s``).
- ``server_error``: 500; ``http_error``: any status (``status``, ``message``), e.g. 404.
- ``timeout``: sleeps ``delay_s`` (default 1.5) before answering normally.
- ``malformed_args``: every tool call's arguments become ``{"a": 1,`` (broken JSON).
- ``unknown_tool``: every tool call's name becomes ``no_such_tool``.
- ``empty_choices``: 200 with ``"choices": []``.
- ``bad_json``: 200 whose body is not JSON (``content_type``, default ``application/json``).
- ``hermes``: tool calls rendered as ``<tool_call>{json}</tool_call>`` in content, no ``tool_calls``.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["FAULTS", "FakeOpenAIServer", "Received", "StatusError", "status_error"]

FAULTS = frozenset({"rate_limit", "server_error", "http_error", "timeout", "malformed_args", "unknown_tool",
                    "empty_choices", "bad_json", "hermes"})
Respond = Callable[[dict[str, Any]], dict[str, Any]]


class StatusError(Exception):
    """Raised by ``respond`` to answer with an HTTP error status and an OpenAI-style error body."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def status_error(status: int, message: str) -> StatusError:
    """``raise status_error(404, "model not found")`` inside ``respond``."""
    return StatusError(status, message)


@dataclass
class Received:
    """One request the server got."""

    path: str
    body: dict[str, Any]
    """The parsed request JSON (empty for GET)."""
    fault: str | None = None
    """The injected fault applied to it, if any."""
    headers: dict[str, str] = field(default_factory=dict)
    """Request headers, names lower-cased."""


def _echo(request: dict[str, Any]) -> dict[str, Any]:
    """Default ``respond``: echo the last message's content."""
    messages = request.get("messages") or [{}]
    return {"content": f"echo: {messages[-1].get('content')}"}


def _words(value: Any) -> int:
    if value is None:
        return 0
    return len((value if isinstance(value, str) else json.dumps(value)).split())


def _error_body(status: int, message: str) -> dict[str, Any]:
    kind = "rate_limit_error" if status == 429 else "server_error" if status >= 500 else "invalid_request_error"
    return {"error": {"message": message, "type": kind, "param": None, "code": str(status)}}


class FakeOpenAIServer:
    """A ``ThreadingHTTPServer`` on 127.0.0.1 (OS-assigned port) serving ``/v1`` in a daemon thread."""

    def __init__(self, respond: Respond | None = None, *, delay_s: float = 0.0,
                 models: tuple[str, ...] = ("test-model",)) -> None:
        self.respond = respond or _echo
        self.delay_s = delay_s
        self.models = models
        self.requests: list[Received] = []
        self.faults_served: Counter[str] = Counter()
        self.max_concurrent = 0
        self._active = 0
        self._next_call = 0
        self._faults: deque[tuple[str, dict[str, Any]]] = deque()
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"
        # a short poll interval keeps close() fast (shutdown waits for the serve loop to notice)
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.02,), daemon=True)
        self._thread.start()

    def __enter__(self) -> FakeOpenAIServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop serving and release the port (handler threads still sleeping are daemons)."""
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def inject(self, kind: str, times: int = 1, **opts: Any) -> None:
        """Queue ``times`` faults of ``kind`` for the next chat-completion requests."""
        if kind not in FAULTS:
            raise ValueError(f"unknown fault {kind!r}; choose from {sorted(FAULTS)}")
        with self._lock:
            self._faults.extend((kind, opts) for _ in range(times))

    # -- called from handler threads -------------------------------------------------------

    def _enter(self, received: Received, chat: bool) -> tuple[str | None, dict[str, Any]]:
        with self._lock:
            self._active += 1
            self.max_concurrent = max(self.max_concurrent, self._active)
            kind, opts = self._faults.popleft() if chat and self._faults else (None, {})
            received.fault = kind
            self.requests.append(received)
            if kind:
                self.faults_served[kind] += 1
        return kind, opts

    def _exit(self) -> None:
        with self._lock:
            self._active -= 1

    def _call_id(self) -> str:
        with self._lock:
            self._next_call += 1
            return f"call_{self._next_call}"

    def _chat(self, body: dict[str, Any], kind: str | None, opts: dict[str, Any]) -> dict[str, Any]:
        """The full ``chat.completion`` for a request, with a content-level fault applied."""
        out = self.respond(body)
        calls = [dict(c) for c in out.get("tool_calls") or []]
        for call in calls:
            if kind == "malformed_args":
                call["arguments"] = '{"a": 1,'
            if kind == "unknown_tool":
                call["name"] = "no_such_tool"
        content = out.get("content")
        if kind == "hermes" and calls:
            blocks = [json.dumps({"name": c["name"], "arguments": _as_value(c.get("arguments"))}) for c in calls]
            content = (content or "") + "".join(f"\n<tool_call>\n{b}\n</tool_call>" for b in blocks)
            calls = []
        message: dict[str, Any] = {"role": "assistant", "content": content}
        if calls:
            message["tool_calls"] = [
                {"id": self._call_id(), "type": "function",
                 "function": {"name": c["name"], "arguments": _as_text(c.get("arguments"))}}
                for c in calls]
        if out.get("reasoning_content") is not None:
            message["reasoning_content"] = out["reasoning_content"]
        prompt = sum(_words(m.get("content")) for m in body.get("messages") or [])
        completion = _words(content) + _words(out.get("reasoning_content")) + sum(
            _words(c["function"]["arguments"]) for c in message.get("tool_calls", []))
        choices = [{"index": 0, "message": message, "logprobs": None,
                    "finish_reason": out.get("finish_reason") or ("tool_calls" if calls else "stop")}]
        return {"id": f"chatcmpl-{len(self.requests)}", "object": "chat.completion", "created": int(time.time()),
                "model": body.get("model", ""), "choices": [] if kind == "empty_choices" else choices,
                "usage": {"prompt_tokens": prompt, "completion_tokens": completion,
                          "total_tokens": prompt + completion}}


def _as_text(arguments: Any) -> str:
    return arguments if isinstance(arguments, str) else json.dumps(arguments if arguments is not None else {})


def _as_value(arguments: Any) -> Any:
    """Arguments as a JSON value for a Hermes block (a string that is not JSON stays a string)."""
    try:
        return json.loads(_as_text(arguments))
    except json.JSONDecodeError:
        return arguments


def _handler(server: FakeOpenAIServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as real endpoints serve: a client reuses its connections
        disable_nagle_algorithm = True  # headers and body are separate writes: no 40 ms wait on a delayed ACK

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def _send(self, status: int, body: Any, headers: dict[str, str] | None = None,
                  content_type: str = "application/json") -> None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout fault)
                pass

        def _received(self, body: dict[str, Any]) -> Received:
            return Received(self.path, body, headers={k.lower(): v for k, v in self.headers.items()})

        def do_GET(self) -> None:
            server._enter(self._received({}), chat=False)
            try:
                if self.path.rstrip("/") == "/v1/models":
                    data = [{"id": m, "object": "model", "created": 0, "owned_by": "fake"} for m in server.models]
                    self._send(200, {"object": "list", "data": data})
                else:
                    self._send(404, _error_body(404, f"no route GET {self.path}"))
            finally:
                server._exit()

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            try:
                body = json.loads(raw or b"{}")
            except json.JSONDecodeError:
                body = {"_raw": raw.decode(errors="replace")}
            kind, opts = server._enter(self._received(body), chat=self.path == "/v1/chat/completions")
            try:
                self._post(body, kind, opts)
            finally:
                server._exit()

        def _post(self, body: dict[str, Any], kind: str | None, opts: dict[str, Any]) -> None:
            if self.path != "/v1/chat/completions":
                return self._send(404, _error_body(404, f"no route POST {self.path}"))
            if "_raw" in body:
                return self._send(400, _error_body(400, "the request body is not JSON"))
            time.sleep(opts.get("delay_s", 1.5) if kind == "timeout" else server.delay_s)
            if kind == "rate_limit":
                after = float(opts.get("retry_after_s", 1.0))
                return self._send(429, _error_body(429, "Rate limit reached, slow down"),
                                  {"retry-after": f"{after:g}", "retry-after-ms": f"{after * 1000:g}"})
            if kind in ("server_error", "http_error"):
                status = int(opts.get("status", 500))
                return self._send(status, _error_body(status, opts.get("message", "internal server error")))
            if kind == "bad_json":
                return self._send(200, b'{"id": "chatcmpl-x", "choices": [<html>oops',
                                  content_type=opts.get("content_type", "application/json"))
            try:
                response = server._chat(body, kind, opts)
            except StatusError as err:
                return self._send(err.status, _error_body(err.status, err.message))
            self._send(200, response)

    return Handler
