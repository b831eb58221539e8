"""A module of @tool functions, as a user writes one for dive-tasks (imported by tools.modules: [unit_tools])."""

from __future__ import annotations

from typing_extensions import TypedDict

from dive.tools import tool


class Rounded(TypedDict):
    value: float


@tool(kind="P", domain="mine", pack="mine", examples=[{"x": 2.345, "digits": 1}])
def round_number(x: float, digits: int = 0) -> Rounded:
    """Round a number (a name the core pack uses too).

    Args:
        x: the number.
        digits: decimal places to keep.
    """
    return {"value": round(x, digits)}


@tool(kind="R", domain="mine", pack="mine", examples=[{}])
def server_time() -> str:
    """The server's clock, ISO 8601 (changes from call to call)."""
    import datetime

    return datetime.datetime.now(datetime.UTC).isoformat()
