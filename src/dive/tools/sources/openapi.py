"""Tools from an OpenAPI 3 service: each operation becomes a tool.

    tools:
      openapi:
        - {name: library, spec: library.json, base_url: "http://127.0.0.1:8080", reset: "POST /reset"}

A tool's parameters are the operation's path and query parameters and, for a JSON request body
that is an object, its properties (any other body is one ``body`` parameter); its output schema is
the JSON schema of the first 2xx response. ``$ref``s into ``components`` are resolved. ``GET`` and
``HEAD`` operations read (kind R), the others act (kind A), unless ``x-dive-kind`` says otherwise;
``x-dive-sem`` on a parameter or a schema property gives its semantic type. Calls go over HTTP
with the standard library; a 4xx or 5xx answer is an error observation with the service's text.
``reset`` (``METHOD /path``) brings a stateful service back to its starting state.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ConfigDict, Field, TypeAdapter, create_model

from dive._hashing import content_hash
from dive.errors import ConfigError, ToolError
from dive.tools.sources.imported import ImportedPack, State, Vocab, imported_pack
from dive.tools.sources.infer import words
from dive.tools.tool import Tool

__all__ = ["openapi_pack"]

_METHODS = ("get", "post", "put", "patch", "delete", "head")
_TYPES: dict[str, Any] = {"string": str, "integer": int, "number": float, "boolean": bool, "array": list,
                          "object": dict}


def _load(spec: str) -> dict[str, Any]:
    try:
        text = Path(spec).read_text(encoding="utf-8")
        data = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"tools.openapi: cannot read the spec {spec!r}: {exc}") from None
    if not isinstance(data, dict) or "paths" not in data:
        raise ConfigError(f"tools.openapi: {spec!r} is not an OpenAPI document (no 'paths')")
    return data


def _resolve(node: Any, doc: Mapping[str, Any], depth: int = 0) -> Any:
    """``node`` with every local ``$ref`` inlined (up to a depth, against cycles); ``x-dive-sem`` -> ``x-sem``."""
    if depth > 12:
        return {}
    if isinstance(node, dict):
        if "$ref" in node:
            target: Any = doc
            for part in str(node["$ref"]).lstrip("#/").split("/"):
                target = target.get(part, {}) if isinstance(target, dict) else {}
            return _resolve(target, doc, depth + 1)
        out = {("x-sem" if k == "x-dive-sem" else k): _resolve(v, doc, depth + 1) for k, v in node.items()}
        return out
    if isinstance(node, list):
        return [_resolve(v, doc, depth + 1) for v in node]
    return node


def _json_schema(content: Mapping[str, Any] | None) -> dict[str, Any] | None:
    for media, body in (content or {}).items():
        if "json" in media and isinstance(body, dict):
            return dict(body.get("schema") or {})
    return None


class _Operation:
    def __init__(self, method: str, path: str, op: Mapping[str, Any], shared: list[Any], doc: Mapping[str, Any]) -> None:
        self.method = method
        self.path = path
        raw = op.get("operationId") or f"{method}_{path}"
        self.name = re.sub(r"[^A-Za-z0-9_]+", "_", str(raw)).strip("_")[:64]
        self.params: dict[str, dict[str, Any]] = {}
        self.where: dict[str, str] = {}
        self.required: list[str] = []
        for p in [*shared, *op.get("parameters", [])]:
            p = _resolve(p, doc)
            if p.get("in") not in ("path", "query"):
                continue
            schema = dict(p.get("schema") or {"type": "string"})
            if "x-sem" in p:
                schema["x-sem"] = p["x-sem"]
            if p.get("description"):
                schema["description"] = p["description"]
            self.params[p["name"]] = schema
            self.where[p["name"]] = p["in"]
            if p.get("required") or p["in"] == "path":
                self.required.append(p["name"])
        self.body_whole = False
        body = _resolve(op.get("requestBody") or {}, doc)
        body_schema = _json_schema(body.get("content"))
        if body_schema is not None:
            if body_schema.get("type") == "object" and body_schema.get("properties"):
                for k, v in body_schema["properties"].items():
                    self.params[k] = dict(v)
                    self.where[k] = "body"
                self.required += [k for k in body_schema.get("required", []) if k in body_schema["properties"]]
            else:
                self.params["body"] = body_schema
                self.where["body"] = "body"
                self.body_whole = True
                if body.get("required"):
                    self.required.append("body")
        self.output: dict[str, Any] = {}
        for code, response in sorted((op.get("responses") or {}).items()):
            if str(code).startswith("2"):
                self.output = _json_schema(_resolve(response, doc).get("content")) or {}
                break
        self.kind = str(op.get("x-dive-kind") or ("R" if method in ("get", "head") else "A"))
        self.description = str(op.get("description") or op.get("summary") or words(self.name).capitalize() + ".")

    def request(self, base_url: str, arguments: Mapping[str, Any], timeout_s: float) -> Any:
        path = self.path
        query: dict[str, Any] = {}
        body: Any = {} if not self.body_whole else None
        for k, v in arguments.items():
            where = self.where.get(k)
            if where == "path":
                path = path.replace(f"{{{k}}}", urllib.parse.quote(str(v), safe=""))
            elif where == "query":
                query[k] = v
            elif self.body_whole:
                body = v
            else:
                body[k] = v
        url = base_url.rstrip("/") + path + (f"?{urllib.parse.urlencode(query)}" if query else "")
        data = json.dumps(body).encode() if body not in (None, {}) or self.method in ("post", "put", "patch") else None
        req = urllib.request.Request(url, data=data, method=self.method.upper(),
                                     headers={"Content-Type": "application/json", "Accept": "application/json"})
        return _send(req, timeout_s)


def _send(req: urllib.request.Request, timeout_s: float) -> Any:
    try:
        with urllib.request.urlopen(req, timeout=timeout_s) as resp:  # noqa: S310 - the configured service
            text = resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        raise ToolError(f"HTTP {exc.code}: {exc.read().decode('utf-8', 'replace')[:500]}") from None
    except urllib.error.URLError as exc:
        raise ToolError(f"the service cannot be reached: {exc.reason}") from None
    try:
        return json.loads(text) if text else None
    except ValueError:
        return text


def _tool(op: _Operation, base_url: str, pack: str, timeout_s: float) -> Tool:
    fields: dict[str, Any] = {}
    for pname, schema in op.params.items():
        typ = _TYPES.get(schema.get("type", ""), Any)
        needed = pname in op.required
        fields[pname] = (typ if needed else typ | None,
                         Field(... if needed else None, description=schema.get("description", "")))
    args_model = create_model(f"{op.name}_args", __config__=ConfigDict(extra="forbid"), **fields)
    parameters = {"type": "object", "properties": op.params,
                  **({"required": sorted(set(op.required))} if op.required else {})}

    def call(**kwargs: Any) -> Any:
        return op.request(base_url, {k: v for k, v in kwargs.items() if v is not None}, timeout_s)

    call.__name__ = op.name
    return Tool(name=op.name, description=op.description, fn=call, parameters=parameters, output_schema=op.output,
                kind=op.kind, domain=pack, pack=pack, source="openapi",  # type: ignore[arg-type]
                args_model=args_model, output_adapter=TypeAdapter(Any))


def openapi_pack(name: str, spec: str, base_url: str, *, prefix: str = "", vocab: Vocab | None = None,
                 reset: str | None = None, timeout_s: float = 15.0) -> ImportedPack:
    """The pack of one OpenAPI service: its operations as tools, calling ``base_url``."""
    doc = _load(spec)
    ops: list[_Operation] = []
    for path, item in doc["paths"].items():
        shared = list(item.get("parameters", []))
        for method in _METHODS:
            if method in item:
                ops.append(_Operation(method, path, item[method], shared, doc))
    state = None
    if reset is not None:
        method, _, path = reset.partition(" ")
        if method.lower() not in _METHODS or not path.startswith("/"):
            raise ConfigError(f"tools.openapi {name!r}: reset must read 'METHOD /path', got {reset!r}")
        reset_path = path
        ops = [o for o in ops if not (o.method == method.lower() and o.path == reset_path)]

        def do_reset() -> None:
            req = urllib.request.Request(base_url.rstrip("/") + reset_path, data=b"{}" if method.lower() != "get" else None,
                                         method=method.upper(), headers={"Content-Type": "application/json"})
            _send(req, timeout_s)

        state = State(reset=do_reset, id=content_hash(["openapi", name, base_url, doc]))
    tools = [_tool(o, base_url, name, timeout_s) for o in ops]
    return imported_pack(name, tools, vocab=vocab or Vocab(), prefix=prefix, module=f"openapi:{name}",
                         description=str(doc.get("info", {}).get("title", "")), state=state)
