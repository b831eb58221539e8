"""Execution limits: every failure mode of a tool becomes an error observation."""

from __future__ import annotations

import time
from typing import Annotated, Any

from typing_extensions import TypedDict

from dive.records import Observation
from dive.tools import FunctionToolset, Limits, Sem, load_pool, tool

META = {"domain": "general", "pack": "test", "source": "tests"}


class Out(TypedDict):
    value: Annotated[float, Sem("number")]


@tool(kind="P", **META)
def explode(x: float) -> Out:
    """Raise an exception.

    Args:
        x: ignored.
    """
    raise RuntimeError(f"boom at {x}")


@tool(kind="P", **META)
def hang(seconds: float) -> Out:
    """Sleep for a while.

    Args:
        seconds: how long to sleep.
    """
    time.sleep(seconds)
    return {"value": seconds}


class Blob(TypedDict):
    data: str


@tool(kind="R", **META)
def huge(megabytes: int) -> Blob:
    """Return a large string.

    Args:
        megabytes: size of the string.
    """
    return {"data": "x" * (megabytes * 1024 * 1024)}


@tool(kind="R", **META)
def not_json(x: int) -> dict[str, Any]:
    """Return an object JSON cannot carry.

    Args:
        x: ignored.
    """
    return {"handle": object()}


@tool(kind="P", **META)
def half(x: float) -> Out:
    """Return half of x.

    Args:
        x: a number.
    """
    return {"value": x / 2}


@tool(kind="P", **META)
def nan(x: float) -> Out:
    """Return NaN.

    Args:
        x: ignored.
    """
    return {"value": float("nan")}


@tool(kind="P", **META)
def by_number(x: float) -> dict[int, float]:
    """Return x keyed by 1.

    Args:
        x: a number.
    """
    return {1: x}


@tool(kind="P", **META)
def lone(x: float) -> dict[str, str]:
    """Return half a surrogate pair.

    Args:
        x: ignored.
    """
    return {"text": "\ud800"}


TS = FunctionToolset([explode, hang, huge, not_json, half, nan, by_number, lone],
                     Limits(timeout_s=0.5, max_output_bytes=1_000_000))


def test_exception_becomes_error_observation() -> None:
    obs = TS.call("explode", {"x": 3})
    assert not obs.ok and obs.error == "explode failed: RuntimeError: boom at 3.0"


def test_hang_times_out_and_run_carries_on() -> None:
    started = time.perf_counter()
    obs = TS.call("hang", {"seconds": 30})
    assert time.perf_counter() - started < 2
    assert not obs.ok and "timed out after 0.5 s" in obs.error
    assert TS.call("half", {"x": 3}).output == {"value": 1.5}


def test_oversize_output_is_refused() -> None:
    obs = TS.call("huge", {"megabytes": 10})
    assert not obs.ok and obs.truncated and "over the 1,000,000-byte cap" in obs.error


def test_non_json_output_is_refused() -> None:
    obs = TS.call("not_json", {"x": 1})
    assert not obs.ok and "not JSON-serializable" in obs.error


def test_non_finite_output_is_refused() -> None:
    obs = TS.call("nan", {"x": 1})
    assert not obs.ok and "non-finite" in obs.error


def test_text_that_is_not_unicode_is_refused() -> None:
    obs = TS.call("lone", {"x": 1})
    assert not obs.ok and obs.error == "lone returned text that is not valid Unicode (a lone surrogate)"


def test_an_observation_holds_what_its_id_hashes() -> None:
    """Output keyed by the number 1 is JSON's "1" in the observation, whose id hashes it; a fit output's observation
    is the record the constructor builds, id included."""
    keyed = TS.call("by_number", {"x": 2})
    assert keyed.output == {"1": 2.0} and keyed.id == keyed.content_id()
    half = TS.call("half", {"x": 3})
    assert half == Observation(call_id=half.call_id, ok=True, output={"value": 1.5}, duration_ms=half.duration_ms)
    assert half.id == half.content_id()


def test_wrong_argument_types() -> None:
    obs = TS.call("half", {"x": "three"})
    assert not obs.ok and obs.error.startswith("invalid arguments for half: x:")
    missing = TS.call("half", {})
    assert not missing.ok and "x: Field required" in missing.error
    extra = TS.call("half", {"x": 1, "y": 2})
    assert not extra.ok and "y: Extra inputs are not permitted" in extra.error
    assert not TS.call("half", ["x"]).ok  # type: ignore[arg-type]


def test_unknown_tool_suggests_close_names() -> None:
    obs = TS.call("halve", {"x": 1})
    assert not obs.ok and "did you mean half" in obs.error


def test_every_failure_in_one_run_then_success() -> None:
    results = [TS.call(n, a) for n, a in [("explode", {"x": 1}), ("hang", {"seconds": 5}), ("huge", {"megabytes": 10}),
                                          ("not_json", {"x": 1}), ("half", {"x": "a"}), ("half", {"x": 8})]]
    assert [r.ok for r in results] == [False] * 5 + [True]
    assert results[-1].output == {"value": 4.0}


def test_sandboxed_tool_reports_errors() -> None:
    pool = load_pool(["core"])
    assert pool.call("run_python", {"code": "print(6 * 7)"}).output == {"stdout": "42\n"}
    obs = pool.call("run_python", {"code": "1/0"})
    assert not obs.ok and "ZeroDivisionError" in obs.error
