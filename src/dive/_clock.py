"""Reading a clock time, with its day where one is given, from free text: the ``time`` answer type.

A clock time is written ``08:15``, ``8:15``, ``08:15:06``, ``8:15 am``, ``8.15 p.m.`` is *not* read (a decimal),
``08h15`` is; an ISO date-time (``2024-03-07T08:15:06``, its offset or ``Z`` ignored) gives both its day and its
clock. The *last* clock time of the text is read, as the last number is for numbers (the checker looks outside
parentheses first, as for numbers and dates); a clock inside an offset (``UTC+03:00``, ``-05:00``) is none. The
day, when the text gives one, is its last date (any form :func:`~dive._answer_parsing.find_dates` reads; an
ambiguous one counts as none).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dive._answer_parsing import find_dates

__all__ = ["Clock", "find_clock", "same_minute"]

_CLOCK = re.compile(
    r"(?<![\d:+\-−])(?<!UTC)(?<!GMT)(?<!UTC )(?<!GMT )"
    r"(?P<h>\d{1,2})(?:(?::(?P<m>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?)|h(?P<mh>\d{2}))(?![\d:])"
    r"(?:\s*(?P<ap>[ap])\.?\s?m\.?(?![a-z]))?",
    re.IGNORECASE,
)
_OFFSET = re.compile(r"(?<=\d)(?:Z|[+\-−]\d{2}:?\d{2})(?![\d:])")


@dataclass(frozen=True)
class Clock:
    """A clock time read from text: seconds since midnight, whether seconds were written, and the day if given."""

    seconds: int
    exact: bool
    """Whether the text gave the seconds (``08:15:06``), not only the minute."""
    day: dt.date | None = None

    def shown(self) -> str:
        h, rest = divmod(self.seconds, 3600)
        clock = f"{h:02d}:{rest // 60:02d}" + (f":{rest % 60:02d}" if self.exact else "")
        return f"{self.day.isoformat()}T{clock}" if self.day else clock


def find_clock(text: str) -> Clock | None:
    """The last clock time of ``text`` and its day (the text's last date), or None."""
    text = _OFFSET.sub(" ", text)
    for m in reversed(list(_CLOCK.finditer(text))):
        h, minute = int(m["h"]), int(m["m"] or m["mh"])
        sec = int(m["s"] or 0)
        if m["ap"]:
            if not 1 <= h <= 12:
                continue
            h = h % 12 + (12 if m["ap"].lower() == "p" else 0)
        if h > 23 or minute > 59 or sec > 59:
            continue
        rest = text[: m.start()] + " " + text[m.end():]
        days = [d.value for d in find_dates(rest) if d.value is not None]
        return Clock(h * 3600 + minute * 60 + sec, m["s"] is not None, days[-1] if days else None)
    return None


def same_minute(ref: Clock, got: Clock, slack: int = 0) -> bool:
    """Whether ``got``'s minute (its seconds cut) is within ``slack`` minutes of a minute ``ref`` is read as: the
    minute it falls in or the nearest one (10:24:40 is 10:24 cut and 10:25 rounded; 08:15:00 is 08:15 alone). When
    both give a day, ``got``'s must be ref's; a clock alone is compared on the clock (the question states the day)."""
    minute = got.seconds // 60
    for accepted in {ref.seconds // 60, (ref.seconds + 30) // 60}:
        if ref.day is not None and got.day is not None:
            off = abs((ref.day - got.day).days * 1440 + accepted - minute)
        else:
            off = abs(accepted - minute) % 1440
            off = min(off, 1440 - off)
        if off <= slack:
            return True
    return False
