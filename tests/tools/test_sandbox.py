"""The sandbox denies or limits hostile code and reports it as an error."""

from __future__ import annotations

import pytest

from dive.tools.sandbox import SandboxLimits, backend, run_python

needs_bwrap = pytest.mark.skipif(backend() != "bwrap", reason="bubblewrap is not available")


def test_plain_code_runs() -> None:
    r = run_python("import math; print(math.comb(10, 3))")
    assert r.ok and r.stdout == "120\n"


@needs_bwrap
def test_reading_etc_shadow_is_denied() -> None:
    r = run_python("print(open('/etc/shadow').read())")
    assert not r.ok and ("FileNotFoundError" in r.error or "PermissionError" in r.error)


@needs_bwrap
def test_network_is_unreachable() -> None:
    r = run_python("import socket; s = socket.socket(); s.settimeout(2); s.connect(('93.184.216.34', 80)); print('connected')")
    assert not r.ok and "connected" not in r.stdout
    assert "unreachable" in r.error.lower() or "OSError" in r.error


def test_fork_bomb_is_limited() -> None:
    code = (
        "import os, time\n"
        "for i in range(500):\n"
        "    if os.fork() == 0:\n"
        "        time.sleep(3); os._exit(0)\n"
        "print('forked 500')\n"
    )
    r = run_python(code, SandboxLimits(wall_s=10))
    assert not r.ok and "forked 500" not in r.stdout
    assert "BlockingIOError" in r.error or "Resource temporarily unavailable" in r.error


def test_8gb_allocation_is_refused() -> None:
    r = run_python("x = bytearray(8 * 1024 ** 3); print(len(x))")
    assert not r.ok and r.error.startswith("MemoryError")


def test_cpu_and_wall_limits() -> None:
    cpu = run_python("while True: pass", SandboxLimits(cpu_s=1, wall_s=10))
    assert not cpu.ok and "CPU time limit" in cpu.error
    wall = run_python("import time; time.sleep(30)", SandboxLimits(wall_s=1))
    assert not wall.ok and "wall-clock limit of 1 s" in wall.error


def test_file_size_limit() -> None:
    r = run_python("open('big', 'wb').write(b'x' * (64 * 1024 * 1024))", SandboxLimits(max_file_mb=1))
    assert not r.ok and ("File too large" in r.error or "SIGXFSZ" in r.error)
