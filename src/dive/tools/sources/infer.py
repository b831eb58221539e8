"""Typing imported tools: semantic types, kinds and a lexicon inferred from names, schemas and examples.

A tool imported from a Python module, an MCP server or an OpenAPI service carries no ``Sem``
annotations and no lexicon, so the explorer could not chain it and the deriver could not ask
about it. This module infers both, in order of trust:

1. what the source says: an ``x-sem`` in the schema, the per-source YAML (``sems``, ``kinds``,
   ``lexicon``);
2. a JSON-schema ``format`` (``date``, ``date-time``, ``email``, ``uri``);
3. the parameter or field name: a name that is a shared semantic type (``country_code``,
   ``date``, ``timezone``) takes it; any other text-valued name becomes a type of its own
   (``username``), so two tools of a source that share a name chain with each other;
4. example values (an ISO date, a two-letter code beside a name that says country).

Numbers and booleans get no type (they never chain, as in :mod:`dive.chains`). The inferred
lexicon asks about every scalar output field of a read tool ("the followers count of {username}"),
never of an action; its noun phrases are built from the words of the field and parameter names,
so a question never shows a snake_case identifier.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from dive.tools.semtypes import SEMANTIC_TYPES

__all__ = ["ACTION_VERBS", "field_lexicon", "infer_kind", "infer_sem", "infer_volatile", "words"]

ACTION_VERBS = frozenset({
    "accept", "add", "append", "approve", "archive", "assign", "ban", "block", "book", "cancel", "change",
    "clear", "close", "commit", "create", "decline", "decrement", "delete", "deposit", "disable", "drop", "edit",
    "enable", "follow", "increment", "insert", "invite", "join", "kick", "leave", "like", "lock", "mark",
    "merge", "move", "mute", "open", "patch", "pay", "post", "publish", "push", "put", "register", "reject",
    "remove", "rename", "reply", "reserve", "save", "schedule", "sell", "send", "set", "buy", "order", "purchase",
    "refund", "star", "store", "submit",
    "subscribe", "tag", "transfer", "unblock", "unfollow", "unlike", "unlock", "unstar", "unsubscribe",
    "update", "upload", "withdraw", "write",
})
"""First words of a function name that changes state (``follow_user``, ``delete_message``)."""

_FORMATS = {"date": "date", "date-time": "datetime", "time": "time_of_day", "email": "email", "uri": "url",
            "url": "url"}
_SYNONYMS = {"tz": "timezone", "time_zone": "timezone", "country": "country_name", "city": "city_name",
             "lat": "latitude", "lng": "longitude", "lon": "longitude", "iata": "airport_iata",
             "day": "date", "birthday": "date", "email_address": "email", "time": "time_of_day",
             "timezone_name": "timezone"}
_VOLATILE = re.compile(r"\b(current|now|today|latest|live|realtime|real time)\b")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_GENERIC_NAMES = frozenset({"id", "name", "value", "text", "query", "q", "data", "result", "results", "items",
                            "item", "key", "type", "status", "message", "ok", "success", "error"})


def words(name: str) -> str:
    """A parameter or field name in words: ``followersCount`` / ``followers_count`` -> ``followers count``."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name)
    return re.sub(r"[\s_\-.]+", " ", spaced).strip().lower()


def infer_sem(name: str, schema: Mapping[str, Any], *, given: Mapping[str, str] | None = None,
              examples: Iterable[Any] = ()) -> str | None:
    """The semantic type of one parameter or output field (None: a number, a flag or free text)."""
    if "x-sem" in schema:
        return str(schema["x-sem"])
    if given and name in given:
        return given[name]
    types = schema.get("type")
    kinds = {types} if isinstance(types, str) else set(types or []) | {s.get("type") for s in schema.get("anyOf", [])}
    key = words(name).replace(" ", "_")
    if schema.get("format") in _FORMATS:
        return _FORMATS[str(schema["format"])]
    if key in ("latitude", "longitude", "lat", "lng", "lon") and kinds & {"number", "integer"}:
        return _SYNONYMS.get(key, key)
    if not kinds & {"string"} and kinds:
        return None
    values = [v for v in examples if isinstance(v, str)]
    if values and all(_ISO_DATE.match(v) for v in values):
        return "date"
    if key in SEMANTIC_TYPES:
        return key
    if key in _SYNONYMS:
        return _SYNONYMS[key]
    parts = key.split("_")
    for i in range(1, len(parts)):  # source_timezone -> timezone, birth_date -> date
        tail = "_".join(parts[i:])
        if tail in SEMANTIC_TYPES and tail not in _GENERIC_NAMES | {"number", "integer", "text", "word"}:
            return tail
        if tail in _SYNONYMS:
            return _SYNONYMS[tail]
    if "country" in key and values and all(re.fullmatch(r"[A-Z]{2}", v) for v in values):
        return "country_code"
    if key in _GENERIC_NAMES or key.endswith("description"):
        return None
    return key


def infer_kind(name: str, read_only: bool | None = None) -> str:
    """``A`` for a tool whose name starts with a verb that changes state (or that says it is not read-only)."""
    if read_only is not None:
        return "R" if read_only else "A"
    first = words(name).split(" ")[0]
    return "A" if first in ACTION_VERBS else "R"


def infer_volatile(name: str) -> bool:
    """Whether a tool's name says it reads the clock or live data (``get_current_time``, ``latest_price``):
    its values never become answers, and a replay tolerates a different output. (A description saying
    "current" often means the current *state*, which a reset makes repeatable; mark others in the YAML.)"""
    return bool(_VOLATILE.search(words(name)))


def field_lexicon(tool_name: str, params: Mapping[str, Any], output_schema: Mapping[str, Any],
                  param_sem: Mapping[str, str]) -> dict[str, Any] | None:
    """The inferred lexicon entry of one read tool (the YAML shape of :mod:`dive.lexicon`), or None when
    it has nothing to ask about.

    The subject is the first required parameter with a semantic type (else the first parameter); the
    other parameters are stated as "with <words> {param}". Each scalar field of the output (one level
    deep, or the output itself when it is a scalar) becomes "the <field words> of {subject}"; a list of
    scalars becomes a list field that can be counted."""
    props = dict(params.get("properties", {}))
    required = list(params.get("required", []))
    ordered = [p for p in required if p in props] + [p for p in props if p not in required]
    typed = [p for p in ordered if p in param_sem]
    subject = typed[0] if typed else (ordered[0] if ordered else None)
    fields: dict[str, Any] = {}
    tail = f" of {{{subject}}}" if subject else ""
    for path, _ in _scalar_paths(output_schema):
        leaf = path.rsplit(".", 1)[-1].replace("[*]", "")
        noun = words(leaf) if leaf not in ("$", "") else words(tool_name.split("_", 1)[-1] if "_" in tool_name
                                                               else tool_name)
        if not noun or len(noun) > 40:
            continue
        entry: dict[str, Any] = {"noun": f"the {noun}{tail}"}
        if path.endswith("[*]"):
            entry["count"] = f"How many {noun} are there{' for {' + subject + '}' if subject else ''}?"
        fields[path] = entry
    if not fields:
        return None
    out: dict[str, Any] = {"fields": fields}
    if subject:
        out["subject"] = subject
    others = {p: f"with {words(p)} {{{p}}}" for p in ordered if p != subject}
    if others:
        out["params"] = others
    return out


def _scalar_paths(schema: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    defs = schema.get("$defs", {})

    def deref(node: Any) -> Any:
        while isinstance(node, Mapping) and "$ref" in node:
            node = defs.get(str(node["$ref"]).rsplit("/", 1)[-1], {})
        return node

    root = deref(schema)
    if _is_scalar(root):
        return [("$", root)]
    out: list[tuple[str, Mapping[str, Any]]] = []
    if root.get("type") == "array" and _is_scalar(deref(root.get("items", {}))):
        return [("$[*]", deref(root.get("items", {})))]
    for name, sub in root.get("properties", {}).items():
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_\-]*", name):
            continue
        sub = deref(sub)
        if _is_scalar(sub):
            out.append((f"$.{name}", sub))
        elif sub.get("type") == "array" and _is_scalar(deref(sub.get("items", {}))):
            out.append((f"$.{name}[*]", deref(sub.get("items", {}))))
    return out


def _is_scalar(node: Any) -> bool:
    if not isinstance(node, Mapping):
        return False
    kinds = {node.get("type")} | {s.get("type") for s in node.get("anyOf", []) if isinstance(s, Mapping)}
    kinds.discard(None)
    kinds.discard("null")
    return bool(kinds) and kinds <= {"string", "integer", "number", "boolean"}
