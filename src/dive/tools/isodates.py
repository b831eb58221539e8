"""ISO 8601 date parsing shared by tools: a bad value becomes a ToolError that names the parameter."""

from __future__ import annotations

import datetime as dt

from dive.errors import ToolError

__all__ = ["parse_date", "parse_datetime"]


def parse_date(text: str, what: str = "date") -> dt.date:
    """An ISO date YYYY-MM-DD (a date-time is cut to its date), or a ToolError naming ``what``."""
    try:
        return dt.date.fromisoformat(str(text).strip()[:10])
    except ValueError:
        raise ToolError(f"{what} must be an ISO date YYYY-MM-DD (e.g. 2024-03-15), got {text!r}") from None


def parse_datetime(text: str, what: str = "datetime") -> dt.datetime:
    """An ISO date-time (a bare date means midnight), or a ToolError naming ``what``."""
    try:
        return dt.datetime.fromisoformat(str(text).strip())
    except ValueError:
        raise ToolError(
            f"{what} must be an ISO date-time YYYY-MM-DDTHH:MM[:SS] (e.g. 2024-03-15T14:30), got {text!r}"
        ) from None
