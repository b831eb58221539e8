"""The small JSON-path dialect used by semantic types and provenance.

``$`` is the whole value, ``.name`` a key, ``[3]`` an index and ``[*]`` every item:
``$.cities[*].name``. :func:`resolve` reads one concrete path; :func:`expand` turns a
pattern with ``[*]`` into the concrete paths present in a value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

__all__ = ["PathError", "expand", "resolve"]

_TOKEN = re.compile(r"\.([A-Za-z_][A-Za-z0-9_\-]*)|\[(\d+|\*)\]|\[\"([^\"]+)\"\]")


class PathError(LookupError):
    """A path is malformed or does not exist in the value."""


def _tokens(path: str) -> list[str | int]:
    if not path.startswith("$"):
        raise PathError(f"JSON path {path!r} must start with '$'")
    out: list[str | int] = []
    pos = 1
    while pos < len(path):
        m = _TOKEN.match(path, pos)
        if not m:
            raise PathError(f"JSON path {path!r} is malformed at position {pos}: {path[pos:]!r}")
        key, index, quoted = m.groups()
        if key is not None:
            out.append(key)
        elif quoted is not None:
            out.append(quoted)
        else:
            out.append("*" if index == "*" else int(index))
        pos = m.end()
    return out


def resolve(value: Any, path: str) -> Any:
    """Return the item at concrete ``path`` in ``value`` (PathError naming the missing step)."""
    node = value
    walked = "$"
    for tok in _tokens(path):
        if tok == "*":
            raise PathError(f"JSON path {path!r} has a wildcard; expand it first")
        if isinstance(tok, int):
            if not isinstance(node, list) or tok >= len(node):
                raise PathError(f"{walked} has no item [{tok}]")
            node = node[tok]
            walked += f"[{tok}]"
        else:
            if not isinstance(node, dict) or tok not in node:
                raise PathError(f"{walked} has no key {tok!r}")
            node = node[tok]
            walked += f".{tok}"
    return node


def expand(value: Any, pattern: str) -> Iterator[tuple[str, Any]]:
    """Yield ``(concrete_path, item)`` for every match of ``pattern`` (which may hold ``[*]``)."""
    yield from _expand(value, _tokens(pattern), "$")


def _expand(node: Any, tokens: list[str | int], walked: str) -> Iterator[tuple[str, Any]]:
    if not tokens:
        yield walked, node
        return
    tok, rest = tokens[0], tokens[1:]
    if tok == "*":
        if isinstance(node, list):
            for i, item in enumerate(node):
                yield from _expand(item, rest, f"{walked}[{i}]")
    elif isinstance(tok, int):
        if isinstance(node, list) and tok < len(node):
            yield from _expand(node[tok], rest, f"{walked}[{tok}]")
    elif isinstance(node, dict) and tok in node:
        yield from _expand(node[tok], rest, f"{walked}.{tok}")
