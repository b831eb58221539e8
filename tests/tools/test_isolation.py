"""Hard limits: a tool call that segfaults, holds the GIL past its timeout or allocates without bound
ends as an error observation for that call, and the next call works (a fresh tool host)."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import pytest
from typing_extensions import TypedDict

from dive.config import load_config
from dive.pipeline import Components, run
from dive.records import ItemResult, Seed, ToolCall, Trace
from dive.stages import Round
from dive.store import RunStore
from dive.tools import FunctionToolset, Limits, Sem, load_pack, tool
from dive.tools.isolation import ToolHost, isolatable
from dive.tools.pack import Pack

META = {"domain": "general", "pack": "test", "source": "tests"}


class Out(TypedDict):
    value: Annotated[float, Sem("number")]


@tool(kind="P", **META)
def segfault(x: float) -> Out:
    """Read address 0 (a segfault in C code).

    Args:
        x: ignored.
    """
    ctypes.string_at(0)
    return {"value": x}


@tool(kind="P", timeout_s=2.0, **META)
def backtrack(n: int) -> Out:
    """Match a catastrophically backtracking pattern: the C regex engine holds the GIL throughout.

    Args:
        n: length of the subject.
    """
    return {"value": float(re.fullmatch(r"(x+x+)+y", "x" * n) is not None)}


@tool(kind="P", **META)
def hog(megabytes: int) -> Out:
    """Allocate without bound.

    Args:
        megabytes: size of each block.
    """
    blocks = []
    while True:
        blocks.append(bytearray(megabytes * 1024 * 1024))


@tool(kind="P", **META)
def double(x: float) -> Out:
    """Double a number.

    Args:
        x: the number.
    """
    return {"value": 2 * x}


@tool(kind="P", **META)
def host_pid(x: float) -> Out:
    """The process id of the process running the call.

    Args:
        x: ignored.
    """
    return {"value": float(os.getpid())}


@tool(kind="P", **META)
def spin(seconds: float) -> Out:
    """Keep a core busy.

    Args:
        seconds: CPU seconds to use.
    """
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass
    return {"value": float(os.getpid())}


_LOADED: list[float] = []


@tool(kind="P", **META)
def wave_imported(x: float) -> Out:
    """Whether the process running the call has imported the standard library's ``wave`` module.

    Args:
        x: ignored.
    """
    import sys

    return {"value": float("wave" in sys.modules)}


@tool(kind="P", **META)
def load(x: float) -> Out:
    """Load one more table (a module-level list stands for a pack's loaded data).

    Args:
        x: the table.
    """
    _LOADED.append(x)
    return {"value": float(len(_LOADED))}


@pytest.fixture
def toolset():  # noqa: ANN201
    host = ToolHost(memory_mb=1024)
    yield FunctionToolset([segfault, backtrack, hog, double], Limits(timeout_s=30.0), host=host)
    host.close()


def test_pack_tools_run_in_the_host_closures_do_not() -> None:
    assert isolatable(double.fn)
    assert not isolatable(lambda: None)


def test_a_segfault_is_an_error_observation_and_the_next_call_works(toolset: FunctionToolset) -> None:
    obs = toolset.call("segfault", {"x": 1.0})
    assert not obs.ok and obs.error is not None
    assert "segfault crashed" in obs.error and "SIGSEGV" in obs.error
    assert toolset.call("double", {"x": 2.0}).output == {"value": 4.0}


def test_a_tool_holding_the_gil_past_its_timeout_is_killed(toolset: FunctionToolset) -> None:
    started = time.perf_counter()
    obs = toolset.call("backtrack", {"n": 60})
    assert time.perf_counter() - started < 10
    assert not obs.ok and obs.error == "backtrack timed out after 2 s"
    assert toolset.call("double", {"x": 3.0}).output == {"value": 6.0}
    assert toolset.host is not None and toolset.host.restarts == 1


def test_an_unbounded_allocation_stops_at_the_memory_limit(toolset: FunctionToolset) -> None:
    obs = toolset.call("hog", {"megabytes": 64})
    assert not obs.ok and obs.error is not None
    assert "MemoryError" in obs.error or "crashed" in obs.error
    assert toolset.call("double", {"x": 4.0}).output == {"value": 8.0}


def test_a_tool_error_keeps_its_message(toolset: FunctionToolset) -> None:
    obs = toolset.call("double", {"x": "not a number"})
    assert not obs.ok and "invalid arguments for double" in (obs.error or "")


# --- the same tools in a run: each failure is an observation of the item's trace, and the run goes on -----------

TOOLS = [segfault, backtrack, hog, double]
HOSTILE = [("segfault", {"x": 1.0}), ("backtrack", {"n": 60}), ("hog", {"megabytes": 64}), ("double", {"x": 5.0})]


def seeds() -> list[Seed]:
    return [Seed(value=float(i), sem="number", domain="general") for i in range(3)]


class CallsEveryHostileTool:
    """An explorer that calls each hostile tool once, then a well-behaved one."""

    def explore(self, r: Round) -> Trace:
        calls = tuple(ToolCall(tool=name, arguments=args, round=r.round, step=i)
                      for i, (name, args) in enumerate(HOSTILE))
        observations = tuple(r.toolset.call(c.tool, dict(c.arguments), call_id=c.id) for c in calls)
        return Trace(seed=r.seed.value, seed_type=r.seed.sem, toolset=tuple(sorted(r.tools)), calls=calls,
                     observations=observations)


def test_a_run_records_each_failure_and_goes_on(tmp_path: Path) -> None:
    config = load_config(overrides=['tools.packs=["core"]', "tools.toolset_min=30", "tools.toolset_max=30",
                                    "explore.rounds=1", "max_items=2", "explore.explorer=typed_walk"], tasks=5)
    pack = Pack("hostile", module=__name__, domain="general")
    run(config, tmp_path / "run", workers=2, tool_memory_mb=1024,
        components=Components(explorer=CallsEveryHostileTool(), packs=[pack]))
    with RunStore.open(tmp_path / "run", readonly=True) as store:
        results = sorted(store.iter(ItemResult), key=lambda r: r.item)
        traces = [store.get(Trace, r.trace_ids[0]) for r in results]
    assert [r.item for r in results] == [0, 1] and all(r.error is None for r in results)
    for trace in traces:
        seg, gil, mem, ok = trace.observations
        assert "crashed" in (seg.error or "") and "timed out after 2 s" in (gil.error or "")
        assert not mem.ok and ok.output == {"value": 10.0}


def test_each_pack_has_its_own_host_and_a_timeout_restarts_only_its_own() -> None:
    host = ToolHost(memory_mb=1024)
    core = next(t for t in load_pack("core") if t.name == "convert_units")
    try:
        pool = FunctionToolset([core, double, backtrack], Limits(timeout_s=30.0), host=host)
        assert pool.call("convert_units", core.examples[0]).ok
        assert pool.call("double", {"x": 1.0}).ok
        pids = {group: child.pid for group, child in host._children.items()}
        assert set(pids) == {"dive.tools.packs.core", double.fn.__module__.split(".")[0]}
        assert not pool.call("backtrack", {"n": 60}).ok  # kills the host of this module's tools only
        assert pool.call("convert_units", core.examples[0]).ok
        assert host._children["dive.tools.packs.core"].pid == pids["dive.tools.packs.core"]
    finally:
        host.close()


def _in_a_fork(pool: FunctionToolset, name: str, arguments: dict[str, float]) -> tuple[int, bool, object]:
    """(the forked process's pid, ok, output or error) of one call made in a process forked from this one."""
    fork = multiprocessing.get_context("fork")
    ours, theirs = fork.Pipe()

    def child() -> None:
        obs = pool.call(name, arguments)
        theirs.send((os.getpid(), obs.ok, obs.output if obs.ok else obs.error))
        pool.host.close()  # type: ignore[union-attr]

    proc = fork.Process(target=child)
    proc.start()
    reply = ours.recv()
    proc.join(timeout=30)
    return reply


def _while_busy(pool: FunctionToolset, calls: list[tuple[str, dict[str, float]]],
                keep_busy: Callable[[], object] | None = None) -> tuple[int, list[object]]:
    """(the worker's pid, each call's output or error) of ``calls`` made in order in a forked worker that starts
    while another forked process keeps the shared host busy (``keep_busy``; default: a one-second ``spin``)."""
    fork = multiprocessing.get_context("fork")
    ours, theirs = fork.Pipe()

    def worker() -> None:
        theirs.send([o.output if o.ok else o.error for o in (pool.call(n, a) for n, a in calls)])
        pool.host.close()  # type: ignore[union-attr]

    busy = fork.Process(target=keep_busy or (lambda: pool.call("spin", {"seconds": 1.0})))
    busy.start()
    time.sleep(0.2)
    proc = fork.Process(target=worker)
    proc.start()
    replies = ours.recv()
    proc.join(timeout=30)
    busy.join(timeout=30)
    return proc.pid or 0, replies


def test_forked_workers_share_one_host_per_pack_and_a_failed_one_is_retired() -> None:
    host = ToolHost(memory_mb=1024)
    pool = FunctionToolset([host_pid, segfault, backtrack], Limits(timeout_s=30.0), host=host)
    try:
        host.share(t.fn for t in pool.list_tools())
        (shared,) = host._shared.values()
        first, second = (_in_a_fork(pool, "host_pid", {"x": 1.0}) for _ in range(2))
        assert first[1] and second[1] and first[0] != second[0]
        assert first[2] == second[2] == {"value": float(shared.child.proc.pid)}  # neither fork started a host

        pid, ok, error = _in_a_fork(pool, "segfault", {"x": 1.0})
        assert not ok and "crashed: its process was killed by SIGSEGV" in str(error)  # read by a non-parent
        pid, ok, output = _in_a_fork(pool, "host_pid", {"x": 1.0})
        assert ok and output != {"value": float(shared.child.proc.pid)}  # the fork's own host now
        assert output != {"value": float(pid)}
    finally:
        host.close()
    assert shared.child.proc.returncode is not None  # the process that shared it reaped it


def test_a_shared_host_whose_lock_holder_died_is_retired() -> None:
    host = ToolHost(memory_mb=1024)
    pool = FunctionToolset([host_pid], Limits(timeout_s=30.0), host=host)
    try:
        host.share(t.fn for t in pool.list_tools())
        (shared,) = host._shared.values()
        fork = multiprocessing.get_context("fork")

        def die_holding_the_lock() -> None:  # a worker killed in the middle of a call
            shared.lock.acquire()
            shared.holder.value = os.getpid()
            os._exit(1)

        proc = fork.Process(target=die_holding_the_lock)
        proc.start()
        proc.join(timeout=30)
        pid, ok, output = _in_a_fork(pool, "host_pid", {"x": 1.0})
        assert ok and output != {"value": float(shared.child.proc.pid)}  # not stuck: a host of its own
        assert shared.state.value == 2  # retired, so no worker waits for the lost lock again
    finally:
        host.close()


def test_a_worker_waits_for_a_busy_shared_host_until_waiting_costs_more_than_a_host_of_its_own() -> None:
    host = ToolHost(memory_mb=1024)
    pool = FunctionToolset([host_pid, spin], Limits(timeout_s=30.0), host=host)
    fork = multiprocessing.get_context("fork")
    try:
        host.share(t.fn for t in pool.list_tools())
        (shared,) = host._shared.values()
        assert pool.call("host_pid", {"x": 1.0}).output == {"value": float(shared.child.proc.pid)}  # warm
        assert pool.call("spin", {"seconds": 1.0}).ok  # a host that has worked a while: on a loaded machine the
        # host gets less than a core, and the wait below must still cost less than the CPU it has used

        # Busy with another worker's call for longer than a second: this worker's wait stays shorter than the CPU
        # the host has used, so it waits (no second host importing the module and loading its data again).
        busy = fork.Process(target=lambda: pool.call("spin", {"seconds": 1.5}))
        busy.start()
        time.sleep(0.2)
        pid, ok, output = _in_a_fork(pool, "host_pid", {"x": 1.0})
        busy.join(timeout=30)
        assert ok and output == {"value": float(shared.child.proc.pid)}

        # Held by a worker that is alive but does not give it back: past the host's CPU, a host of its own.
        release = fork.Event()

        def hold() -> None:
            with shared.lock:
                shared.holder.value = os.getpid()
                release.wait(60)

        holder = fork.Process(target=hold)
        holder.start()
        time.sleep(0.2)
        start = time.monotonic()
        pid, ok, output = _in_a_fork(pool, "host_pid", {"x": 1.0})
        waited = time.monotonic() - start
        release.set()
        holder.join(timeout=30)
        assert ok and output not in ({"value": float(shared.child.proc.pid)}, {"value": float(pid)})
        assert waited < 30
        assert shared.state.value == 1  # still serving: the holder was alive
    finally:
        host.close()


def test_a_worker_that_found_the_shared_host_busy_gets_a_warm_copy_of_its_own() -> None:
    host = ToolHost(memory_mb=1024)
    pool = FunctionToolset([host_pid, spin, load, backtrack], Limits(timeout_s=30.0), host=host)
    try:
        host.share(t.fn for t in pool.list_tools())
        (shared,) = host._shared.values()
        shared_pid = {"value": float(shared.child.proc.pid)}
        assert pool.call("load", {"x": 1.0}).output == {"value": 1.0}  # the shared host has loaded one table
        assert pool.call("spin", {"seconds": 1.0}).ok  # CPU used, so a wait on a loaded machine stays shorter

        # finds the host busy, waits, then has a copy: warm, its own, killable
        pid, (first, copy_pid, loaded, timed_out, after_timeout) = _while_busy(pool, [
            ("host_pid", {"x": 1.0}), ("host_pid", {"x": 1.0}), ("load", {"x": 2.0}), ("backtrack", {"n": 60}),
            ("host_pid", {"x": 1.0})])
        assert first == shared_pid  # the call it waited for ran in the shared host
        assert copy_pid not in (shared_pid, {"value": float(pid)})  # then a host of its own
        assert loaded == {"value": 2.0}  # with the table the shared host had loaded: a copy, not a new host
        assert timed_out == "backtrack timed out after 2 s"
        assert after_timeout == shared_pid  # its copy killed, the next call goes to the shared host again
        assert pool.call("load", {"x": 3.0}).output == {"value": 2.0}  # the copy's table stayed in the copy
        assert shared.state.value == 1
    finally:
        host.close()


def test_a_shared_host_imports_its_packs_libraries_while_no_call_waits() -> None:
    host = ToolHost(memory_mb=1024)
    pool = FunctionToolset([wave_imported], Limits(timeout_s=30.0), host=host)
    try:
        assert pool.call("wave_imported", {"x": 1.0}).output == {"value": 0.0}  # a host of this process's own
        host.share([wave_imported.fn], {wave_imported.fn.__module__: ["wave"]})
        deadline = time.monotonic() + 20
        while _in_a_fork(pool, "wave_imported", {"x": 1.0})[2] != {"value": 1.0}:  # no call imports it
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        host.close()


def test_a_worker_that_waited_for_one_that_left_for_a_copy_stays_on_the_shared_host() -> None:
    host = ToolHost(memory_mb=1024)
    pool = FunctionToolset([host_pid, spin], Limits(timeout_s=30.0), host=host)
    try:
        host.share(t.fn for t in pool.list_tools())
        (shared,) = host._shared.values()
        shared_pid = {"value": float(shared.child.proc.pid)}
        assert pool.call("host_pid", {"x": 1.0}).output == shared_pid  # warm; this process now counts as a user
        assert pool.call("spin", {"seconds": 1.0}).ok  # CPU used, so a wait on a loaded machine stays shorter
        shared.users.value -= 1  # as if it had left for a copy of its own

        def hold() -> None:  # the lock held a while by a worker that no longer uses the host (making its copy)
            with shared.lock:
                shared.holder.value = os.getpid()
                time.sleep(0.5)

        _, outputs = _while_busy(pool, [("host_pid", {"x": 1.0})] * 2, keep_busy=hold)
        assert outputs == [shared_pid, shared_pid]  # it waited, but alone on the host it makes no copy
    finally:
        host.close()


def test_a_copy_that_segfaults_is_a_crash_naming_the_signal_and_the_next_call_works() -> None:
    host = ToolHost(memory_mb=1024)
    pool = FunctionToolset([host_pid, spin, segfault], Limits(timeout_s=30.0), host=host)
    try:
        host.share(t.fn for t in pool.list_tools())
        (shared,) = host._shared.values()
        shared_pid = {"value": float(shared.child.proc.pid)}
        assert pool.call("host_pid", {"x": 1.0}).output == shared_pid  # warm
        assert pool.call("spin", {"seconds": 1.0}).ok  # CPU used, so a wait on a loaded machine stays shorter
        # waits for the busy host, gets a copy, crashes it, goes on
        _, (_, copy, error, after) = _while_busy(pool, [("host_pid", {"x": 1.0}), ("host_pid", {"x": 1.0}),
                                                       ("segfault", {"x": 1.0}), ("host_pid", {"x": 1.0})])
        assert copy != shared_pid
        assert error == "segfault crashed: its process was killed by SIGSEGV"  # read from the copy's zombie
        assert after == shared_pid
        assert shared.state.value == 1  # the shared host was not touched
    finally:
        host.close()
