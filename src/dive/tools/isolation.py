"""Hard limits for tool calls: a tool host process that can be killed.

    host = ToolHost(memory_mb=4096)
    toolset = FunctionToolset(tools, limits, host=host)   # every call of a pack tool runs in the host
    host.close()

A thread cannot be killed, and a segfault in a C extension kills the process it runs in. So a
:class:`ToolHost` runs tool functions in a child process of its own (started on the first call,
in its own session, dying with its parent) with an address-space limit (``RLIMIT_AS``). The
caller waits with the call's wall-clock timeout:

- past the timeout, the pack's host and its whole process group are killed (a tool holding the
  GIL in C code included) and the call is a timeout;
- when the host dies (a segfault, an abort), the call is a crash naming the signal;
- an allocation past the limit raises ``MemoryError`` in the tool (or kills the host).

Each is an error observation for that call; the pack's next call starts a fresh host, which imports the
pack's module before the call's clock starts (so a slow start on a loaded machine is not a timeout). A host
stays warm between calls (imported libraries, loaded databases, caches) and holds only its pack's
data, so no process holds every pack's databases at once. A tool is looked up in the host by its module
and name (the ``@tool``-decorated functions of the packs); a tool built at run time (a closure,
an imported MCP tool) cannot be found there and runs in a thread of the caller, as before.
A host belongs to the process that started it: after a fork, the child starts its own, except for the hosts
:meth:`ToolHost.share` started before the fork (one per pack, shared by the forked workers, each of which gets a
copy of a warm shared host once it finds it busy; see there).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from multiprocessing import reduction
from multiprocessing.connection import Connection
from typing import Any

from dive.errors import ToolError
from dive.tools.hostprocess import (
    HostCopy,
    HostProcess,
    alive,
    cpu_s,
    describe_death,
    die_with_parent,
    resolve,
    zombie_status,
)

__all__ = ["ToolHost", "die_with_parent", "isolatable"]


class ToolCrashed(Exception):
    """The host process died during the call (the message names the signal or exit status)."""


def _reference(fn: Any) -> tuple[str, str] | None:
    """(module, qualified name) under which the host finds ``fn`` (directly or as a Tool's ``fn``), else None."""
    module, name = getattr(fn, "__module__", None), getattr(fn, "__qualname__", "")
    if not module or not name or "<" in name:
        return None
    try:
        found = resolve(module, name)
    except (ImportError, AttributeError):
        return None
    return (module, name) if found is fn else None


def isolatable(fn: Any) -> bool:
    """True when a host process can find ``fn`` by module and name (a pack tool's function)."""
    return _reference(fn) is not None


def _rebuild(kind: str, type_name: str, text: str) -> BaseException:
    """The exception of a failed call in the caller: a ToolError, or one of the same type name and message."""
    if kind == "tool":
        return ToolError(text)
    return type(type_name, (Exception,), {})(text)


def _group(module: str) -> str:
    """The host a function's calls go to: one per pack (``dive.tools.packs.chem.names`` -> ``dive.tools.packs.chem``),
    one per top-level package otherwise."""
    parts = module.split(".")
    return ".".join(parts[:4]) if parts[:3] == ["dive", "tools", "packs"] else parts[0]


_WARM_UP_S = 300.0
"""How long a new host may take to start and import the pack's module (outside any call's timeout)."""


_COPY_S = 30.0
"""How long a shared host may take to fork a copy of itself."""

_SHARED_SLICE_S = 0.25
"""How often a worker waiting for a pack's shared host checks that the worker holding it is alive."""

_WARMING, _READY, _DEAD = 0, 1, 2


class _Shared:
    """A pack's host started before the workers were forked: its process, the lock a worker holds for a whole
    call (request and reply go over the one connection they all inherited) and its state in shared memory."""

    def __init__(self, child: HostProcess) -> None:
        fork = multiprocessing.get_context("fork")
        self.child = child
        self.owner = os.getpid()
        self.lock = fork.Lock()
        self.state = fork.RawValue("i", _WARMING)
        self.holder = fork.RawValue("i", 0)
        """The process holding the lock (a worker that died holding it never releases it)."""
        self.users = fork.RawValue("i", 0)
        """Processes that run their calls here (not in a copy); changed with the lock held."""

    def exit_status(self) -> int | None:
        """The host's exit status (negative: the signal) once it died, as ``Popen.returncode`` gives it; a worker,
        which is not its parent, reads it from the zombie's ``/proc/PID/stat`` (the driver reaps it only at the
        end)."""
        if os.getpid() == self.owner:
            with contextlib.suppress(subprocess.TimeoutExpired):
                return self.child.proc.wait(timeout=5)
            return None
        return zombie_status(self.child.pid)


_STARVED_CAP = 4.0
"""A call whose host got less CPU than its timeout (a machine loaded past its cores) may run this many times its
timeout in wall-clock time before it is a timeout."""

def _exchange(conn: Connection, pid: int, warming: bool, ref: tuple[str, str], kwargs: dict[str, Any],
              timeout_s: float, on_warm: Callable[[], object] = lambda: None) -> tuple[str, Any] | None:
    """Send one call to the host ``pid`` and read its reply: ("ok", value) or ("raise", exc); None past the timeout
    (or past ``_WARM_UP_S`` for the reply to a warm-up sent before, when ``warming``). EOFError or OSError when the
    host died.

    The timeout counts the CPU the host got, not only the clock: past ``timeout_s`` of wall-clock time, a host that
    has used less than ``timeout_s`` of CPU for the call was starved by other work on the machine and may go on, up
    to ``_STARVED_CAP`` times the timeout. So a slow first call (a pack loading its data) does not time out on a
    busy machine and not on an idle one (a call that sleeps or waits on a child process gets up to the cap)."""
    if warming:
        if not conn.poll(_WARM_UP_S):
            return None
        conn.recv()  # an import error is reported by the call itself
        on_warm()
    start, cpu_start = time.monotonic(), cpu_s(pid)
    conn.send((*ref, kwargs))
    wait = timeout_s
    while not conn.poll(max(0.0, wait)):
        cpu_now = cpu_s(pid)
        elapsed = time.monotonic() - start
        if cpu_start is None or cpu_now is None or elapsed >= _STARVED_CAP * timeout_s:
            return None
        left = timeout_s - (cpu_now - cpu_start)  # CPU seconds the call may still use
        if left <= 0:
            return None
        wait = min(left, _STARVED_CAP * timeout_s - elapsed)
    status, value = conn.recv()
    if status == "raise":
        return "raise", _rebuild(*value)
    return status, value


class ToolHost:
    """Killable child processes that run tool functions under a wall-clock and an address-space limit: one per
    pack, so each holds only its pack's data (a pack's databases load into its host on first use) and a timeout or
    a crash restarts only that pack's host."""

    def __init__(self, memory_mb: int | None = 4096) -> None:
        self.memory_mb = memory_mb
        self._children: dict[str, HostProcess | HostCopy] = {}
        """This process's own host of each pack: one it started, or a copy of a shared host."""
        self._owner = os.getpid()
        self.restarts = 0
        """Hosts killed or lost so far (a timeout, a crash)."""
        self._shared: dict[str, _Shared] = {}
        self._waited: dict[str, float] = {}
        """Seconds this process has waited for each pack's busy shared host."""
        self._users: set[str] = set()
        """The packs whose shared host this process counts itself a user of (:attr:`_Shared.users`)."""

    def share(self, fns: Iterable[Any], libraries: Mapping[str, Sequence[str]] | None = None) -> None:
        """Start now one host for each pack of ``fns`` that processes forked from this one share.

        Each forked worker would otherwise start its own host per pack, and pay again for the pack's imports,
        data and caches. A worker runs its calls in the shared host until it first finds it busy with another
        worker's call: it waits for it (see :meth:`_take`), makes its call, and then has the host fork a copy of
        itself (with every module and database loaded so far) that is the worker's own from then on, unless the
        worker it waited for has left for a copy itself (:attr:`_Shared.users`: with 2 workers, each pack has one
        copy, not one per worker). So workers that call one pack at the same time run in parallel after their
        first wait, and a pack's data is loaded once for the data the shared host had loaded by then. Outputs do not depend on which host runs a call (pack
        tools are functions of their arguments). A shared host that times out or dies is killed and not
        restarted: from then on every worker starts hosts of its own, as without sharing. The hosts start
        importing their packs at once, in the background, and then ``libraries`` (pack module -> the modules that
        back it, ``Pack.requires``), so that the copies have them: imported by each copy, they cost 2 workers 7-15 s
        more CPU a run; imported only when a copy is asked for, they held up both workers while chem's host
        imported CoolProp (3.3 s)."""
        imports: dict[str, list[str]] = {}
        for module, names in (libraries or {}).items():
            imports.setdefault(_group(module), []).extend(names)
        groups = sorted({_group(ref[0]) for ref in map(_reference, fns) if ref is not None} - set(self._shared))
        for group in groups:
            shared = _Shared(HostProcess(self.memory_mb, group))
            shared.child.conn.send((group, None, imports.get(group, [])))  # the warm-up; the first call reads its reply
            self._shared[group] = shared

    def _mine(self) -> None:
        """Forget the hosts of the process this one was forked from (they are not ours)."""
        if self._owner != os.getpid():
            self._children, self._waited, self._users, self._owner = {}, {}, set(), os.getpid()

    def call(self, fn: Any, kwargs: dict[str, Any], timeout_s: float) -> tuple[str, Any]:
        """Run ``fn(**kwargs)``: ("ok", value), ("raise", exc), ("timeout", None) or ("crash", message)."""
        ref = _reference(fn)
        if ref is None:
            raise ValueError(f"{fn!r} cannot be found by module and name; run it in a thread")
        group = _group(ref[0])
        self._mine()
        shared = self._shared.get(group)
        if group not in self._children and shared is not None and shared.state.value != _DEAD:
            free = shared.lock.acquire(block=False)
            if free or self._take(shared, group):
                shared.holder.value = os.getpid()
                try:
                    if shared.state.value != _DEAD:
                        if group not in self._users:
                            self._users.add(group)
                            shared.users.value += 1
                        reply = self._call_shared(shared, ref, kwargs, timeout_s)
                        if not free and shared.users.value > 1 and shared.state.value == _READY:
                            self._copy(shared, group)  # busy with a worker that stays: from now on, a copy of our own
                        return reply
                finally:
                    shared.holder.value = 0
                    shared.lock.release()
        fresh = group not in self._children
        if fresh:
            self._children[group] = HostProcess(self.memory_mb, group)
        host = self._children[group]
        try:
            if fresh:  # starting Python and importing the pack are not the tool's time: a loaded machine may take long
                host.conn.send((ref[0], None, None))
            answer = _exchange(host.conn, host.pid, fresh, ref, kwargs, timeout_s)
        except (EOFError, OSError, BrokenPipeError):
            return "crash", self._lost(group)
        if answer is None:
            self._kill(group)
            return "timeout", None
        return answer

    def _copy(self, shared: _Shared, group: str) -> None:
        """Have the shared host (its lock held) fork a copy of itself that is this process's own host of ``group``;
        a shared host that fails to is retired."""
        ours, theirs = socket.socketpair()
        try:
            shared.child.conn.send((None, "copy", None))
            reduction.send_handle(shared.child.conn, theirs.fileno(), shared.child.pid)
            status, pid = shared.child.conn.recv() if shared.child.conn.poll(_COPY_S) else ("timeout", None)
        except (EOFError, OSError):
            status, pid = "lost", None
        finally:
            theirs.close()
        if status == "ok" and isinstance(pid, int):
            self._children[group] = HostCopy(pid, Connection(ours.detach()))
            shared.users.value -= 1
            self._users.discard(group)
            return
        ours.close()
        if status != "raise":  # no reply: the stream is out of step
            self._retire(shared)

    def _take(self, shared: _Shared, group: str) -> bool:
        """Whether this process got the busy shared host's lock; False: run the call in a host of its own.

        Waiting for a busy shared host costs this worker time; a host of its own costs the CPU of starting one and
        loading the pack's data again. The worker waits for the lock (after which it gets a copy of the host,
        which costs neither), unless its waits for the pack add up to more than the CPU the shared host has used
        so far (an upper bound on what a new host would spend to catch up): a holder that does not give the lock
        back (a call hung in C code until its timeout) does not hold up the worker for longer than that."""
        start = time.monotonic()
        while True:
            got = shared.lock.acquire(timeout=_SHARED_SLICE_S)
            waited = self._waited.get(group, 0.0) + time.monotonic() - start
            if got:
                self._waited[group] = waited
                return True
            if shared.state.value == _DEAD:
                return False
            if not alive(shared.holder.value):  # its holder died mid-call: the lock and the stream are lost
                self._retire(shared)
                return False
            if waited > (cpu_s(shared.child.proc.pid, thread=False) or 0.0):
                self._waited[group] = waited
                return False

    def _call_shared(self, shared: _Shared, ref: tuple[str, str], kwargs: dict[str, Any],
                     timeout_s: float) -> tuple[str, Any]:
        """One call in a shared host, its lock held: as :meth:`call`, but a host that fails is retired."""
        try:
            reply = _exchange(shared.child.conn, shared.child.proc.pid, shared.state.value == _WARMING, ref, kwargs,
                              timeout_s, on_warm=lambda: setattr(shared.state, "value", _READY))
        except (EOFError, OSError, BrokenPipeError):
            message = describe_death(shared.exit_status())
            self._retire(shared)
            return "crash", message
        except BaseException:  # the reply may be unread: the next caller would read this call's answer
            self._retire(shared)
            raise
        if reply is None:
            self._retire(shared)
            return "timeout", None
        return reply

    def _retire(self, shared: _Shared) -> None:
        """Kill a shared host for good (its process group included); workers use their own hosts from now on."""
        shared.state.value = _DEAD
        self.restarts += 1
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(shared.child.proc.pid, signal.SIGKILL)

    def _lost(self, group: str) -> str:
        message = describe_death(self._children[group].exit_status())
        self._kill(group)
        return message

    def _kill(self, group: str) -> None:
        """Kill one host; the next call of its pack starts a new one."""
        child = self._children.pop(group, None)
        if child is None or self._owner != os.getpid():
            return
        self.restarts += 1
        child.kill()

    def close(self) -> None:
        """Stop every host (no-op when none is running)."""
        restarts = self.restarts
        for group in list(self._children):
            self._kill(group)
        for shared in self._shared.values():  # only the process that started them stops them
            if shared.owner == os.getpid():
                if shared.child.proc.returncode is None:  # a reaped host's pid may be another process's by now
                    shared.child.kill()
                shared.child.conn.close()
        self._shared = {g: s for g, s in self._shared.items() if s.owner != os.getpid()}
        self.restarts = restarts

    def __getstate__(self) -> dict[str, Any]:
        return {"memory_mb": self.memory_mb}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["memory_mb"])  # type: ignore[misc]
