"""Canonical JSON and content hashes: the one place ids are computed.

:func:`json_problem` says why a value cannot be canonical JSON (NaN or infinity, a lone
surrogate, an integer too long to print, a non-string key, a foreign type), so untrusted
input (a model's tool-call arguments, a Python caller's) is refused with a reason before
anything hashes it.
"""

from __future__ import annotations

import hashlib
import json
import math
from typing import Any

__all__ = ["MAX_INT_DIGITS", "canonical_json", "content_hash", "hash_text", "json_problem", "safe_repr"]

MAX_INT_DIGITS = 300
"""Longest integer (in decimal digits) accepted in untrusted input."""
_MAX_DEPTH = 64


def canonical_json(value: Any) -> str:
    """Serialize ``value`` to JSON with sorted keys and no whitespace (stable across runs)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def content_hash(value: Any, length: int = 16) -> str:
    """Return the first ``length`` hex digits of the SHA-256 of ``value``'s canonical JSON."""
    return hash_text(canonical_json(value), length)


def hash_text(text: str, length: int = 16) -> str:
    """The first ``length`` hex digits of the SHA-256 of ``text`` (UTF-8): :func:`content_hash` of a value whose
    canonical JSON is ``text``."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def _text_problem(text: str, where: str) -> str | None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        return f"{where} holds a lone surrogate ({text[err.start:err.end].encode('unicode_escape').decode()}), " \
               "which is not valid Unicode"
    return None


def json_problem(value: Any, where: str = "value", _depth: int = 0) -> str | None:
    """Why ``value`` is not plain, finite, valid-Unicode JSON data; None when it is."""
    if _depth > _MAX_DEPTH:
        return f"{where} is nested more than {_MAX_DEPTH} levels deep"
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        if abs(value) >= 10 ** MAX_INT_DIGITS:
            return f"{where} is an integer of more than {MAX_INT_DIGITS} digits"
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else f"{where} is {value!r}, which JSON cannot carry; send a finite number"
    if isinstance(value, str):
        return _text_problem(value, where)
    if isinstance(value, list | tuple):
        for i, item in enumerate(value):
            if problem := json_problem(item, f"{where}[{i}]", _depth + 1):
                return problem
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                return f"{where} has a non-string key {key!r}"
            if problem := _text_problem(key, f"a key of {where}"):
                return problem
            if problem := json_problem(item, f"{where}.{key}", _depth + 1):
                return problem
        return None
    return f"{where} is of type {type(value).__name__}, not JSON data"


def safe_repr(value: Any, chars: int = 200) -> str:
    """A short printable repr of any value (huge integers and surrogates included), for error messages."""
    try:
        text = repr(value)
    except ValueError:  # an int over sys.get_int_max_str_digits()
        text = f"<{type(value).__name__} too large to print>"
    return text[:chars].encode("utf-8", "backslashreplace").decode("utf-8")
