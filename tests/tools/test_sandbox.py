"""The sandbox denies or limits hostile code and reports it as an error; without bubblewrap a run leaves the
code-running tool out unless the config opts in."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest

from dive.tools import load_pack
from dive.tools.sandbox import SandboxLimits, backend, gate, run_python

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


@needs_bwrap
def test_a_host_file_is_out_of_reach(tmp_path: Path) -> None:
    secret = tmp_path / "tasks.jsonl"  # another run's output, in the host's /tmp
    secret.write_text("the answers\n", encoding="utf-8")
    r = run_python(f"print(open({str(secret)!r}).read())")
    assert not r.ok and "FileNotFoundError" in (r.error or "") and "the answers" not in r.stdout
    home = run_python("import os; print(os.listdir(os.path.expanduser('~')))")
    assert home.ok and home.stdout.strip() == "[]"  # HOME is the private /tmp


@needs_bwrap
def test_a_detached_grandchild_dies_with_the_sandbox() -> None:
    marker = "607.25"
    code = ("import os\n"
            "if os.fork() == 0:\n"
            "    os.setsid()\n"
            "    if os.fork() == 0:\n"
            f"        os.execv('/bin/sleep', ['sleep', '{marker}'])\n"
            "    os._exit(0)\n"
            "print('detached')\n")
    r = run_python(code, SandboxLimits(wall_s=5))
    assert r.ok and r.stdout == "detached\n"
    deadline = time.monotonic() + 5
    while _running(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _running(marker), "a detached grandchild outlived the sandbox"


def _running(marker: str) -> bool:
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if cmdline.read_bytes().split(b"\0")[:2] == [b"sleep", marker.encode()]:
                return True
        except OSError:
            continue
    return False


CODE_TOOLS = [t for t in load_pack("core") if t.name in ("run_python", "add_numbers")]


def test_without_bubblewrap_the_code_tool_is_left_out_unless_asked_for(caplog: pytest.LogCaptureFixture) -> None:
    assert [t.name for t in gate(CODE_TOOLS, kind="bwrap")] == ["add_numbers", "run_python"]
    with caplog.at_level(logging.WARNING):
        assert [t.name for t in gate(CODE_TOOLS, kind="rlimit")] == ["add_numbers"]
    assert len(caplog.records) == 1 and "run_python left out" in caplog.records[0].getMessage()
    kept = {t.name: t for t in gate(CODE_TOOLS, kind="rlimit", allow_unsandboxed=True)}
    assert "NOT ISOLATED" in kept["run_python"].description
    assert "NOT ISOLATED" in kept["run_python"].openai_schema()["function"]["description"]
    assert kept["add_numbers"] is CODE_TOOLS[0]
