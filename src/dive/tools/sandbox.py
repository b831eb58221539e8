"""A sandbox for tools that run arbitrary code.

Backends, chosen at run time:

- **bubblewrap** (``bwrap``) when it is installed and works: no network (empty network
  namespace), a read-only view of ``/usr``, ``/lib*`` and ``/bin`` only (no ``/etc``, no
  home directories), a private ``/tmp``, a private PID namespace that dies with the parent,
  and the resource limits below.
- **rlimited subprocess** otherwise: the same resource limits and a private working
  directory, but no filesystem or network isolation, and a detached grandchild survives.
  So a run (:func:`gate`) leaves the code-running tools out of its pool, with a one-line
  notice, unless the config opts in (``tools.unsandboxed_code: true``); then their
  description tells the model that the code is not isolated.

Resource limits (both backends) are set by a small shim before the user code runs: CPU
seconds, address space, number of processes, file size and open files. When started as
root the shim drops to ``nobody`` (uid 65534) so the process limit counts only sandboxed
processes and root-only files stay unreadable. A wall-clock timeout kills the whole
process group.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from dive.tools.tool import Tool

__all__ = ["SandboxLimits", "SandboxResult", "backend", "gate", "runs_code", "run_python"]

log = logging.getLogger(__name__)

_SHIM = r"""
import json, os, resource, sys
lim = json.loads(sys.argv[1])
def cap(which, value):
    resource.setrlimit(which, (value, value))
resource.setrlimit(resource.RLIMIT_CPU, (lim["cpu_s"], lim["cpu_s"] + 1))
cap(resource.RLIMIT_AS, lim["memory_mb"] * 1024 * 1024)
cap(resource.RLIMIT_FSIZE, lim["max_file_mb"] * 1024 * 1024)
cap(resource.RLIMIT_NOFILE, 64)
cap(resource.RLIMIT_CORE, 0)
if os.getuid() == 0:
    os.setgroups([])
    os.setgid(65534)
    os.setuid(65534)
cap(resource.RLIMIT_NPROC, lim["max_procs"])
code = sys.stdin.read()
sys.argv = ["<sandbox>"]
exec(compile(code, "<sandbox>", "exec"), {"__name__": "__main__"})
"""


@dataclass(frozen=True)
class SandboxLimits:
    """Resource limits of one sandboxed run."""

    wall_s: float = 10.0
    cpu_s: int = 5
    memory_mb: int = 512
    max_procs: int = 32
    max_file_mb: int = 16
    max_output_bytes: int = 100_000


@dataclass(frozen=True)
class SandboxResult:
    """What a sandboxed run produced."""

    ok: bool
    stdout: str
    stderr: str
    returncode: int | None
    error: str | None
    backend: Literal["bwrap", "rlimit"]


def _interpreter() -> str:
    """A Python whose standard library is world-readable (Debian's, else the base install)."""
    for candidate in ("/usr/bin/python3", os.path.join(sys.base_prefix, "bin", "python3")):
        if os.path.exists(candidate):
            return os.path.realpath(candidate)
    return sys.executable


def _bwrap_argv(python: str) -> list[str]:
    argv = ["bwrap", "--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts",
            "--die-with-parent", "--new-session", "--clearenv", "--setenv", "PATH", "/usr/bin:/bin",
            "--setenv", "HOME", "/tmp"]
    if os.geteuid() != 0:
        argv.append("--unshare-user")
    for path in ("/usr", "/lib", "/lib64", "/lib32", "/bin", "/sbin"):
        if os.path.exists(path):
            argv += ["--ro-bind", path, path] if not os.path.islink(path) else ["--symlink", os.readlink(path), path]
    prefix = os.path.dirname(os.path.dirname(python))
    if not prefix.startswith("/usr"):
        argv += ["--ro-bind", prefix, prefix]
    argv += ["--proc", "/proc", "--dev", "/dev", "--perms", "1777", "--tmpfs", "/tmp", "--chdir", "/tmp", "--"]
    return argv


@cache
def backend() -> Literal["bwrap", "rlimit"]:
    """The backend in use: ``bwrap`` if it is installed and starts, else ``rlimit`` (logged)."""
    if shutil.which("bwrap"):
        try:
            probe = subprocess.run([*_bwrap_argv(_interpreter()), _interpreter(), "-I", "-S", "-c", "print(1)"],
                                   capture_output=True, text=True, timeout=20)
            if probe.returncode == 0 and probe.stdout.strip() == "1":
                return "bwrap"
            reason = f"bwrap failed to start: {probe.stderr.strip()[:200]}"
        except (OSError, subprocess.TimeoutExpired) as exc:
            reason = f"bwrap failed to start: {exc}"
    else:
        reason = "bwrap is not installed (apt-get install bubblewrap)"
    log.info("sandbox: %s; code runs in an rlimited subprocess with NO filesystem or network isolation", reason)
    return "rlimit"


UNISOLATED = ("\n\nNOT ISOLATED on this machine (bubblewrap is missing): the program runs with the CPU, memory and "
              "process limits only, and can reach the network and the machine's files.")


def runs_code(tool: Tool) -> bool:
    """True for a tool that runs code it is given (a parameter of semantic type ``python_code``)."""
    return "python_code" in tool.param_sem.values()


def gate(tools: Sequence[Tool], *, allow_unsandboxed: bool = False, kind: str | None = None) -> list[Tool]:
    """The tools a run may use under sandbox backend ``kind`` (default: :func:`backend`): every one with
    bubblewrap; without it, the code-running ones are left out (a one-line notice) unless ``allow_unsandboxed``,
    and then their description says the code is not isolated."""
    coders = [t for t in tools if runs_code(t)]
    if not coders or (kind or backend()) == "bwrap":
        return list(tools)
    names = ", ".join(t.name for t in coders)
    if allow_unsandboxed:
        return [replace(t, description=t.description + UNISOLATED) if runs_code(t) else t for t in tools]
    log.warning("dive: %s left out of the pool: bubblewrap is not available (apt-get install bubblewrap), so "
                "its code could reach the network and this machine's files; set tools.unsandboxed_code=true to "
                "use it unisolated", names)
    return [t for t in tools if not runs_code(t)]


def _describe_failure(returncode: int, stderr: str, limits: SandboxLimits) -> str:
    if returncode < 0 or 128 < returncode < 128 + 65:  # bwrap reports a signal as 128 + N
        sig = signal.Signals(-returncode if returncode < 0 else returncode - 128)
        if sig == signal.SIGXCPU or sig == signal.SIGKILL:
            return f"killed by {sig.name}: CPU time limit of {limits.cpu_s} s exceeded"
        if sig == signal.SIGXFSZ:
            return f"killed by {sig.name}: file size limit of {limits.max_file_mb} MB exceeded"
        return f"killed by signal {sig.name}"
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    last = lines[-1] if lines else f"exit status {returncode}"
    if "MemoryError" in last:
        return f"MemoryError: memory limit of {limits.memory_mb} MB exceeded"
    return last


def run_python(code: str, limits: SandboxLimits | None = None) -> SandboxResult:
    """Run Python ``code`` (stdlib only) in the sandbox and return its output or a clear error."""
    limits = limits or SandboxLimits()
    kind = backend()
    python = _interpreter()
    shim_args = [python, "-I", "-S", "-c", _SHIM, json.dumps(limits.__dict__)]
    with tempfile.TemporaryDirectory(prefix="dive-sandbox-") as workdir:
        if kind == "bwrap":
            argv, cwd = [*_bwrap_argv(python), *shim_args], None
        else:
            os.chmod(workdir, 0o777)
            argv, cwd = shim_args, workdir
        env = {"PATH": "/usr/bin:/bin", "HOME": workdir, "LANG": "C.UTF-8"}
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                cwd=cwd, env=env, start_new_session=True)
        try:
            out, err = proc.communicate(code.encode("utf-8"), timeout=limits.wall_s)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            out, err = proc.communicate()
            return SandboxResult(False, _clip(out, limits), _clip(err, limits), None,
                                 f"wall-clock limit of {limits.wall_s:g} s exceeded", kind)
        finally:
            _kill_group(proc)
    stdout, stderr = _clip(out, limits), _clip(err, limits)
    if proc.returncode != 0:
        return SandboxResult(False, stdout, stderr, proc.returncode,
                             _describe_failure(proc.returncode, stderr, limits), kind)
    return SandboxResult(True, stdout, stderr, 0, None, kind)


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)


def _clip(data: bytes, limits: SandboxLimits) -> str:
    text = data.decode("utf-8", errors="replace")
    if len(text) > limits.max_output_bytes:
        return text[: limits.max_output_bytes] + f"\n[... output truncated at {limits.max_output_bytes} bytes]"
    return text
