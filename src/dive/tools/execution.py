"""Execution limits: every tool call ends as an Observation, never as a crash.

:func:`execute` validates the arguments against the tool's schema, runs the function in a
daemon thread with a wall-clock timeout, validates the output against the output schema,
enforces JSON-serializability and an output size cap. Any failure (bad arguments, an
exception, a hang, a non-JSON or oversized output) becomes an error observation whose
message names what went wrong, so the run carries on and a model can read it.

With a :class:`~dive.tools.isolation.ToolHost` (what ``dive run`` uses), a pack tool runs in
a host process that is killed past the timeout, whose crash (a segfault) is an error
observation for that call, and whose address space is capped. Without one, or for a tool the
host cannot find by name, a thread cannot be killed: a tool that hangs past its timeout is
abandoned (its daemon thread keeps running until the function returns or the process exits).
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from dive._hashing import canonical_json, json_problem
from dive.errors import ToolError
from dive.records import Observation
from dive.tools.isolation import ToolHost, isolatable
from dive.tools.tool import Tool

__all__ = ["Limits", "execute"]


@dataclass(frozen=True)
class Limits:
    """Per-call execution limits."""

    timeout_s: float = 15.0
    """Wall-clock limit of one call (a tool's own ``timeout_s`` overrides it)."""
    max_output_bytes: int = 1_000_000
    """Largest output accepted, measured as compact JSON in UTF-8."""


def _describe_validation(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors(include_url=False):
        loc = ".".join(str(p) for p in err["loc"]) or "(arguments)"
        parts.append(f"{loc}: {err['msg']}")
    return "; ".join(parts)


def _run_with_timeout(fn: Any, kwargs: dict[str, Any], timeout_s: float) -> tuple[str, Any]:
    """Run ``fn(**kwargs)`` in a daemon thread; return ("ok", value), ("raise", exc) or ("timeout", None)."""
    box: list[tuple[str, Any]] = []

    def target() -> None:
        try:
            box.append(("ok", fn(**kwargs)))
        except BaseException as exc:  # noqa: BLE001 - every failure becomes an observation
            box.append(("raise", exc))

    worker = threading.Thread(target=target, name="dive-tool", daemon=True)
    worker.start()
    worker.join(timeout_s)
    if worker.is_alive():
        return "timeout", None
    return box[0]


def _has_non_finite(value: Any) -> bool:
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, dict):
        return any(_has_non_finite(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_non_finite(v) for v in value)
    return False


def execute(tool: Tool, arguments: Any, *, call_id: str, limits: Limits | None = None,
            host: ToolHost | None = None) -> Observation:
    """Call ``tool`` with ``arguments`` under ``limits`` (in ``host`` when given and it can) and return the observation."""
    limits = limits or Limits()
    started = time.perf_counter()

    def fail(message: str, truncated: bool = False) -> Observation:
        elapsed = (time.perf_counter() - started) * 1000
        return Observation(call_id=call_id, ok=False, error=message, truncated=truncated, duration_ms=elapsed)

    if not isinstance(arguments, dict):
        return fail(f"arguments for {tool.name} must be a JSON object, got {type(arguments).__name__}")
    problem = json_problem(arguments, "arguments")
    if problem:
        return fail(f"invalid arguments for {tool.name}: {problem}")
    assert tool.args_model is not None and tool.output_adapter is not None
    try:
        validated = tool.args_model.model_validate(arguments)
    except ValidationError as exc:
        return fail(f"invalid arguments for {tool.name}: {_describe_validation(exc)}")
    kwargs = {name: getattr(validated, name) for name in type(validated).model_fields}

    timeout_s = tool.timeout_s if tool.timeout_s is not None else limits.timeout_s
    if host is not None and isolatable(tool.fn):
        status, value = host.call(tool.fn, kwargs, timeout_s)
    else:
        status, value = _run_with_timeout(tool.fn, kwargs, timeout_s)
    if status == "timeout":
        return fail(f"{tool.name} timed out after {timeout_s:g} s")
    if status == "crash":
        return fail(f"{tool.name} crashed: {value}")
    if status == "raise":
        if isinstance(value, ToolError):
            return fail(f"{tool.name}: {value}")
        return fail(f"{tool.name} failed: {type(value).__name__}: {value}")

    try:
        output = tool.output_adapter.dump_python(tool.output_adapter.validate_python(value), mode="json")
    except ValidationError as exc:
        return fail(f"{tool.name} returned output that does not match its schema: {_describe_validation(exc)}")
    except Exception as exc:  # noqa: BLE001 - pydantic serialization errors have several types
        return fail(f"{tool.name} returned output that is not JSON-serializable: {type(exc).__name__}: {exc}")
    if _has_non_finite(output):
        return fail(f"{tool.name} returned a non-finite number (NaN or infinity), which JSON cannot carry")
    try:
        encoded = canonical_json(output)  # as many bytes as any compact JSON of it; and it gives the record's id
        size = len(encoded.encode("utf-8"))
    except UnicodeEncodeError:
        return fail(f"{tool.name} returned text that is not valid Unicode (a lone surrogate)")
    except (TypeError, ValueError) as exc:
        return fail(f"{tool.name} returned output that is not JSON-serializable: {exc}")
    if size > limits.max_output_bytes:
        return fail(
            f"{tool.name} returned {size:,} bytes of output, over the {limits.max_output_bytes:,}-byte cap; "
            "ask for less (a narrower query or a smaller limit)",
            truncated=True,
        )
    elapsed = (time.perf_counter() - started) * 1000
    return Observation.of_output(call_id, output, encoded, elapsed)
