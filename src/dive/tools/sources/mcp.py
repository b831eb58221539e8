"""Tools from an MCP server, through the official ``mcp`` SDK (``pip install "dive-tasks[mcp]"``).

    tools:
      mcp:
        - {name: time, command: mcp-server-time, args: [--local-timezone, UTC]}      # stdio
        - {name: notes, url: "http://127.0.0.1:8765/mcp", reset_tool: reset}       # streamable HTTP

One session per server stays open for the run, on a background event loop, so the pipeline's
synchronous tool calls reach it. Each listed tool becomes a :class:`~dive.tools.tool.Tool` with
the server's input schema; its output is the call's ``structuredContent`` when the server gives
one, else its text parsed as JSON where it is JSON. The annotations decide the kind
(``readOnlyHint`` -> R, ``destructiveHint`` or ``readOnlyHint: false`` -> A; the name otherwise);
an error result (``isError``) is an error observation. A server with state names a tool that
resets it (``reset_tool``), which is not offered to the pipeline.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import weakref
from collections.abc import Mapping
from concurrent.futures import Future
from typing import Any

from pydantic import ConfigDict, Field, TypeAdapter, create_model

from dive._hashing import content_hash
from dive.errors import ConfigError, MissingExtraError, ToolError
from dive.tools.sources.imported import ImportedPack, State, Vocab, imported_pack
from dive.tools.sources.infer import infer_kind, words
from dive.tools.tool import Tool

__all__ = ["McpConnection", "mcp_pack"]

_JSON_TYPES: dict[str, Any] = {"string": str, "integer": int, "number": float, "boolean": bool, "array": list,
                               "object": dict}


class McpConnection:
    """One MCP client session, held open on a background event loop (closed by :meth:`close` or at exit)."""

    def __init__(self, target: Any, timeout_s: float = 30.0) -> None:
        try:
            from mcp import Client
        except ImportError:
            raise MissingExtraError('MCP sources need the mcp SDK; run: pip install "dive-tasks[mcp]"') from None
        self.timeout_s = timeout_s
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="dive-mcp", daemon=True)
        self._thread.start()
        self._stop = asyncio.Event()
        self._client: Any = None
        ready: Future[None] = Future()
        self._served = asyncio.run_coroutine_threadsafe(self._serve(Client(target), ready), self._loop)
        try:
            ready.result(timeout_s)
        except Exception as exc:  # noqa: BLE001 - any connection failure is a config error with its reason
            self.close()
            raise ConfigError(f"tools.mcp: cannot connect to {target!r}: {type(exc).__name__}: {exc}") from None
        self._finalizer = weakref.finalize(self, McpConnection._shutdown, self._loop, self._stop, self._served)

    async def _serve(self, client: Any, ready: Future[None]) -> None:
        try:
            async with client:
                self._client = client
                ready.set_result(None)
                await self._stop.wait()
        except BaseException as exc:
            if not ready.done():
                ready.set_exception(exc)
            raise

    def _run(self, coro: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(self.timeout_s)

    def list_tools(self) -> list[Any]:
        return list(self._run(self._client.list_tools()).tools)

    def call(self, name: str, arguments: Mapping[str, Any]) -> Any:
        """The output of one call: structured content, else the text parsed as JSON where it is JSON."""
        result = self._run(self._client.call_tool(name, dict(arguments)))
        texts = [getattr(c, "text", "") for c in result.content if getattr(c, "type", "") == "text"]
        if result.is_error:
            raise ToolError(" ".join(texts) or "the server reported an error")
        if result.structured_content is not None:
            return result.structured_content
        values = [_json_or_text(t) for t in texts]
        return values[0] if len(values) == 1 else values

    def close(self) -> None:
        McpConnection._shutdown(self._loop, self._stop, getattr(self, "_served", None))
        if hasattr(self, "_finalizer"):
            self._finalizer.detach()

    @staticmethod
    def _shutdown(loop: asyncio.AbstractEventLoop, stop: asyncio.Event, served: Any) -> None:
        if loop.is_closed():
            return
        loop.call_soon_threadsafe(stop.set)
        if served is not None:
            with contextlib.suppress(Exception):  # closing: the session is gone either way
                served.result(10)
        loop.call_soon_threadsafe(loop.stop)


def _json_or_text(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def _tool(conn: McpConnection, spec: Any, pack: str) -> Tool:
    schema = dict(spec.input_schema or {"type": "object", "properties": {}})
    schema.pop("title", None)
    props = schema.get("properties", {})
    required = set(schema.get("required", []))
    fields: dict[str, Any] = {}
    for pname, prop in props.items():
        typ = _JSON_TYPES.get(prop.get("type", ""), Any) if isinstance(prop, dict) else Any
        fields[pname] = (typ if pname in required else typ | None,
                         Field(... if pname in required else None, description=prop.get("description", "")))
    args_model = create_model(f"{spec.name}_args", __config__=ConfigDict(extra="forbid"), **fields)
    name = spec.name

    def call(**kwargs: Any) -> Any:
        return conn.call(name, {k: v for k, v in kwargs.items() if v is not None})

    call.__name__ = name
    ann = spec.annotations
    read_only = None
    if ann is not None and (ann.read_only_hint is not None or ann.destructive_hint):
        read_only = bool(ann.read_only_hint) and not ann.destructive_hint
    output = dict(spec.output_schema or {})
    output.pop("title", None)
    description = (spec.description or "").strip() or words(name).capitalize() + "."
    return Tool(name=name, description=description, fn=call, parameters=schema, output_schema=output,
                kind=infer_kind(name, read_only), domain=pack, pack=pack,  # type: ignore[arg-type]
                source="mcp", args_model=args_model, output_adapter=TypeAdapter(Any))


def mcp_pack(name: str, target: Any, *, prefix: str = "", vocab: Vocab | None = None,
             reset_tool: str | None = None, timeout_s: float = 30.0) -> ImportedPack:
    """The pack of one MCP server (``target``: a URL, or ``mcp.StdioServerParameters``)."""
    conn = McpConnection(target, timeout_s)
    specs = conn.list_tools()
    names = {s.name for s in specs}
    if reset_tool is not None and reset_tool not in names:
        conn.close()
        raise ConfigError(f"tools.mcp {name!r}: reset_tool {reset_tool!r} is not a tool of the server "
                          f"({', '.join(sorted(names))})")
    tools = [_tool(conn, s, name) for s in specs if s.name != reset_tool]
    state = None
    if reset_tool is not None:
        def reset() -> None:
            conn.call(reset_tool, {})

        state = State(reset=reset, id=content_hash(["mcp", name, repr(target), [t.hash for t in tools]]))
    return imported_pack(name, tools, vocab=vocab or Vocab(), prefix=prefix, module=f"mcp:{name}",
                         description=f"MCP server {target!r}", state=state, close=conn.close)
