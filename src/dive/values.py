"""Plain JSON values: what counts as a number, the scalars inside a value, and a value as answer text.

Shared by the explorers, the derivers, the checks and the renderers, so none of them imports another.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from pydantic import JsonValue
from typing_extensions import TypeIs

__all__ = ["is_number", "render_value", "scalar_leaves"]


def is_number(value: object) -> TypeIs[int | float]:
    """An int or a float, not a bool."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def scalar_leaves(value: JsonValue) -> Iterator[JsonValue]:
    """Every string and number inside ``value`` (depth first; booleans and nulls are not values here)."""
    if isinstance(value, dict):
        for v in value.values():
            yield from scalar_leaves(v)
    elif isinstance(value, list):
        for v in value:
            yield from scalar_leaves(v)
    elif isinstance(value, str) or is_number(value):
        yield value


def render_value(value: JsonValue) -> str:
    """A recomputed value as answer text that :func:`dive.answers.check` reads back exactly."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)
