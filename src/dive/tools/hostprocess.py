"""A tool host process: what runs inside one, and the handles its caller holds.

    host = HostProcess(memory_mb=4096, group="dive.tools.packs.chem")   # python -c ..., its own session
    host.conn.send(("dive.tools.packs.chem.fluids", "fluid_info", {"fluid": "water"}))
    status, value = host.conn.recv()                                    # ("ok", output) or ("raise", ...)

A host runs :func:`_serve_calls`: it receives (module, name, kwargs) and replies with the tool's output or its
exception; (module, None, None) imports a module before the first timed call; (None, "copy", None) forks a
:class:`HostCopy` of the host, warm with what it has loaded, for one caller. The limits, the timeouts and which
host runs a call are :mod:`dive.tools.isolation`'s business.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import importlib
import json
import os
import pickle
import resource
import signal
import socket
import subprocess
import sys
import time
import warnings
from multiprocessing import reduction
from multiprocessing.connection import Connection
from typing import Any

from dive.errors import ToolError
from dive.tools.tool import deferred_schemas

__all__ = ["HostCopy", "HostProcess", "alive", "cpu_s", "describe_death", "die_with_parent", "resolve",
           "zombie_status"]


_PR_SET_PDEATHSIG = 1


def resolve(module: str, name: str) -> Any:
    with deferred_schemas():  # the host calls functions: it never needs a tool's schemas
        obj: Any = importlib.import_module(module)
    for part in name.split("."):
        obj = getattr(obj, part)
    return getattr(obj, "fn", obj)


def alive(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie (0: nobody, counted as alive: nothing to clean up)."""
    if pid <= 0:
        return True
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rpartition(")")[2].split()[0] not in ("Z", "X")
    except OSError:
        return False


def die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (no-op elsewhere)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


_BOOT = "import sys, json; sys.path[:] = json.loads(sys.argv[1]); from dive.tools.hostprocess import _host_main; _host_main()"


def _host_main() -> None:
    """A host's start: its limits, then its loop."""
    conn = Connection(int(sys.argv[2]))
    memory_mb = int(sys.argv[3]) or None
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if memory_mb:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    _serve_calls(conn)


_copies: set[int] = set()
"""In a host: the copies it forked (see :func:`_fork_copy`), reaped once dead."""


def _serve_calls(conn: Connection) -> None:
    """The host's loop: receive (module, name, kwargs), send ("ok", value) or ("raise", (kind, type, text)), until
    the caller goes; (None, "copy", None) forks a copy of this host (:func:`_fork_copy`).

    The warm-up (module, None, libraries) imports the module and replies; the libraries are imported one by one
    while no call is waiting, so a call waits at most for the import under way (a pack's first call waited 3.5 s
    for all of chem's, and a second worker as long for the host)."""
    libraries: list[str] = []
    while True:
        while libraries and not conn.poll(0):
            _import_quietly(libraries.pop(0))
        try:
            module, name, kwargs = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if module is None:
                _fork_copy(conn)
                continue
            if name is None:  # a new host's warm-up: import the module before the first timed call
                with deferred_schemas():
                    importlib.import_module(module)
                libraries += kwargs or ()
                conn.send(("ok", None))
                continue
            reply: tuple[str, Any] = ("ok", resolve(module, name)(**kwargs))
        except BaseException as exc:  # noqa: BLE001 - every failure goes back as an observation
            reply = ("raise", ("tool" if isinstance(exc, ToolError) else "other", type(exc).__name__, str(exc)))
        try:
            try:
                conn.send(reply)
            except (pickle.PicklingError, TypeError, AttributeError) as exc:
                conn.send(("raise", ("other", type(exc).__name__, f"its output cannot be sent back: {exc}")))
        except OSError:  # the caller went mid-call (a run stopped with Ctrl-C): no one to answer, and a traceback on
            return  # the run's stderr would come after its "interrupted" line


def _import_quietly(library: str) -> None:
    """Import a pack's backing library ahead of the calls that need it: its warnings (cpi: "data is out of date")
    are no call's, and one that fails to import fails those calls, not this."""
    with warnings.catch_warnings(), contextlib.suppress(Exception):
        warnings.simplefilter("ignore")
        importlib.import_module(library)


def _fork_copy(conn: Connection) -> None:
    """Fork a copy of this (warm) host for one worker, which sent the copy's end of a new connection after the
    request: the copy has every module, database and cache loaded so far (copy-on-write), runs in a session of its
    own (so its caller can kill its process group) and dies with this host. Replies ("ok", the copy's pid).

    What the host has not loaded yet, the copy loads on its first call that needs it, in parallel with the host
    (a shared host imports its pack's libraries at its warm-up, in the background, not here: here it would hold
    up every worker waiting for the host; see :meth:`dive.tools.isolation.ToolHost.share`)."""
    fd = reduction.recv_handle(conn)
    for pid in list(_copies):  # copies that died: their callers read their exit status when they died
        with contextlib.suppress(ChildProcessError):
            if os.waitpid(pid, os.WNOHANG)[0]:
                _copies.discard(pid)
    gc.freeze()  # the copy's collections leave the host's objects alone: no copy-on-write of every page they lie on
    try:
        pid = os.fork()
    except OSError:
        gc.unfreeze()  # no copy: the host goes on collecting its own objects
        raise
    if pid == 0:
        try:
            os.setsid()
            die_with_parent()
            conn.close()
            _copies.clear()
            _serve_calls(Connection(fd))
        finally:
            os._exit(0)
    gc.unfreeze()
    os.close(fd)
    _copies.add(pid)
    conn.send(("ok", pid))


def describe_death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        with contextlib.suppress(ValueError):
            return f"its process was killed by {signal.Signals(-exitcode).name}"
    return "its process died" if exitcode is None else f"its process exited with status {exitcode}"


def zombie_status(pid: int) -> int | None:
    """The exit status (negative: the signal) of a dead process that is not our child, read from its zombie's
    ``/proc/PID/stat`` (its parent has not reaped it yet); None when it cannot be read within 5 s."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rpartition(")")[2].split()
        except OSError:
            return None
        if fields[0] in "ZX" and len(fields) >= 50:
            return os.waitstatus_to_exitcode(int(fields[49]))
        time.sleep(0.01)
    return None


class HostProcess:
    """One host process and the connection to it."""

    def __init__(self, memory_mb: int | None, group: str) -> None:
        ours, theirs = socket.socketpair()
        argv = [sys.executable, "-c", _BOOT, json.dumps(sys.path), str(theirs.fileno()), str(memory_mb or 0),
                f"tool-host:{group}"]  # the last argument only names the host's pack in ps and top
        self.proc = subprocess.Popen(argv, pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL,
                                     start_new_session=True)
        theirs.close()
        self.conn = Connection(ours.detach())
        self.pid = self.proc.pid

    def exit_status(self) -> int | None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            return self.proc.wait(timeout=5)
        return None

    def kill(self) -> None:
        """Kill the host and everything in its session (an OPSIN JVM it started, say)."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)
        self.conn.close()


class HostCopy:
    """A worker's own host forked from a warm shared host (see :func:`_fork_copy`); the shared host reaps it."""

    def __init__(self, pid: int, conn: Connection) -> None:
        self.pid, self.conn = pid, conn

    def exit_status(self) -> int | None:
        return zombie_status(self.pid)

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signal.SIGKILL)
        self.conn.close()


_TICK_S = 1.0 / os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 0.01


def cpu_s(pid: int, thread: bool = True) -> float | None:
    """CPU seconds (user + system) the process's main thread, the one running tool calls, has used so far (not a
    background thread writing a cache), or with ``thread=False`` the whole process; None when it cannot be read
    (not Linux, gone)."""
    try:
        with open(f"/proc/{pid}/task/{pid}/stat" if thread else f"/proc/{pid}/stat") as f:
            fields = f.read().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) * _TICK_S
    except (OSError, ValueError, IndexError):
        return None
