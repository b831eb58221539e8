"""Outages, interrupts and output streams, end to end through the ``dive`` command.

- a closed port, a server answering 500 forever, a server whose tool calls are all malformed;
- an outage through the Python API: no task is kept as verified, and the reason says why;
- Ctrl-C, then ``dive run --resume --out DIR`` alone;
- exports into a pipe, ``/dev/stdout``, a FIFO and a symlink;
- ``dive doctor``.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from clikit import PACKS, RUN_ARGS, dive, dive_proc

from dive.config import load_config
from dive.errors import LLMOutage, LLMUnavailable
from dive.llm import ScriptedLLM
from dive.pipeline import run
from dive.records import ItemResult, Verdict
from dive.store import RunStore

FAST = ["-o", "llm.solver.max_retries=0", "-o", "llm.solver.timeout_s=2", "-o", "llm.explorer.max_retries=0"]


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that left mid-answer (the run stopped): not the test's business


class Server:
    """A tiny OpenAI-shaped server: ``GET /v1/models`` answers ``models_status``; chat answers ``chat(body)``."""

    def __init__(self, chat: Any, models_status: int = 200) -> None:
        self.chat_requests = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:  # noqa: N802
                self._send(models_status, {"object": "list", "data": [{"id": "m", "object": "model"}]}
                           if models_status == 200 else {"error": {"message": "boom"}})

            def do_POST(self) -> None:  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers["content-length"])))
                outer.chat_requests += 1
                self._send(*chat(body))

        self.httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        threading.Thread(target=self.httpd.serve_forever, args=(0.02,), daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _error_500(body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    return 500, {"error": {"message": "internal error", "type": "server_error"}}


def _malformed_calls(body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    turn = sum(m["role"] == "assistant" for m in body["messages"])
    calls = [{"id": f"c{i}", "type": "function", "function": {"name": name, "arguments": args}}
             for i, (name, args) in enumerate([("add_numbers", '{"a": NaN, "b": 1}'), ("add_numbers", '{"a": "\\ud800"}'),
                                               ("add_numbers", '{"a": 1' + "0" * 5000 + "}"), ("nope", "{}"),
                                               ("add_numbers", "{oops"), ("add_numbers", '{"a": 1, "b": 2}')])]
    message = {"role": "assistant", "content": None, "tool_calls": calls} if turn == 0 else \
        {"role": "assistant", "content": "done"}
    return 200, {"id": "x", "object": "chat.completion", "created": 0, "model": "m",
                 "choices": [{"index": 0, "message": message, "finish_reason": "stop"}]}


@pytest.fixture
def server_500() -> Iterator[Server]:
    server = Server(_error_500)
    yield server
    server.close()


def _kept(out: Path) -> list[str]:
    with RunStore.open(out, readonly=True) as store:
        return [t for r in sorted(store.iter(ItemResult), key=lambda r: r.item) for t in r.kept_task_ids]


def test_solver_at_a_closed_port_stops_before_the_first_item(tmp_path: Path, closed_port: int,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "run"
    outcome = dive(capsys, "run", "--out", str(out), *RUN_ARGS, "--solver", "openai:m",
                   "--base-url", f"http://127.0.0.1:{closed_port}/v1", *FAST)
    outcome.one_line_error(f"cannot reach http://127.0.0.1:{closed_port}/v1: connection refused", "--base-url")
    assert not (out / "tasks.jsonl").exists() and not (out / "run.sqlite").exists()


def test_a_server_failing_every_call_stops_the_run_and_keeps_nothing(tmp_path: Path, server_500: Server,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "run"
    outcome = dive(capsys, "run", "--out", str(out), *RUN_ARGS, "--solver", "openai:m", "--base-url", server_500.url,
                   "--workers", "1", *FAST)
    outcome.one_line_error("is not usable (3 ", "server error (500)", "dive run --resume --out")
    # it stopped after the first task's calls (closed_book, then the solver's 3 concurrent attempts), not per item
    # (with N workers, each counts its own failures: N items' calls may be in flight when the run stops)
    assert server_500.chat_requests <= 4
    assert _kept(out) == [] and not (out / "tasks.jsonl").exists()


def test_a_server_whose_probe_fails_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    server = Server(_error_500, models_status=503)
    try:
        outcome = dive(capsys, "run", "--out", str(tmp_path / "run"), *RUN_ARGS, "--solver", "openai:m",
                       "--base-url", server.url, *FAST)
    finally:
        server.close()
    outcome.one_line_error("server error (503)", server.url)
    assert server.chat_requests == 0


def test_malformed_tool_calls_from_a_server_are_survived(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    server = Server(_malformed_calls)
    try:
        outcome = dive(capsys, "run", "--out", str(tmp_path / "run"), "--quiet", "--tasks", "1", "-o", "max_items=1",
                       "-o", "tools.packs=[core]", "-o", "explore.rounds=1", "--explorer", "openai:m",
                       "--base-url", server.url, *FAST)
    finally:
        server.close()
    assert outcome.rc in (0, 1) and "Traceback" not in outcome.err, outcome.err
    with RunStore.open(tmp_path / "run", readonly=True) as store:
        assert [r.error for r in store.iter(ItemResult)] == [None]


@pytest.mark.parametrize("mode", ["down", "flaky"])
def test_outage_through_the_api_keeps_no_task_as_verified(tmp_path: Path, mode: str) -> None:
    calls = {"n": 0}

    def solver(messages: Any, tools: Any) -> Any:
        calls["n"] += 1
        if mode == "down" or calls["n"] % 2:
            return LLMUnavailable("cannot reach http://127.0.0.1:9/v1: connection refused")
        return "No idea. Final answer: unknown"

    config = load_config(tasks=2, seed=1, overrides=[PACKS, "max_items=6", "verify.closed_book_attempts=1",
                                                     "verify.checks=[grounding,replay,closed_book]",
                                                     "llm.solver.model=scripted:s"])
    llms = {"scripted:s": ScriptedLLM(solver, name="scripted:s")}
    if mode == "down":
        with pytest.raises(LLMOutage, match="3 closed_book calls in a row failed; last: cannot reach"):
            run(config, tmp_path / "run", llms=llms)
        assert _kept(tmp_path / "run") == []
        return
    funnel = run(config, tmp_path / "run", llms=llms)
    with RunStore.open(tmp_path / "run", readonly=True) as store:
        unchecked = {v.task_id for v in store.iter(Verdict) if v.reason.startswith("not checked: provider error")}
    assert unchecked and funnel.rejected["closed_book (not checked)"] == len(unchecked)
    assert not unchecked & set(_kept(tmp_path / "run"))


def _start_run(out: Path, args: list[str]) -> subprocess.Popen[str]:
    """Start ``dive run`` in a child and return once its first item is stored."""
    child = subprocess.Popen([sys.executable, "-m", "dive.cli", "run", "--out", str(out), *args],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and child.poll() is None:
        try:
            with sqlite3.connect(f"file:{out / 'run.sqlite'}?mode=ro", uri=True) as conn:
                if conn.execute("SELECT count(*) FROM records WHERE kind='ItemResult'").fetchone()[0]:
                    break
        except sqlite3.Error:
            pass
        time.sleep(0.05)
    assert child.poll() is None, "the run ended before the test could act; make it longer"
    return child


def test_ctrl_c_then_resume_with_no_other_flag(tmp_path: Path) -> None:
    out = tmp_path / "run"
    args = ["--tasks", "10", "--seed", "1", "--quiet", "-o", PACKS]
    child = _start_run(out, args)
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=60)
    assert child.returncode == 130
    assert err.strip().splitlines()[-1].startswith("dive: interrupted after ")
    assert err.strip().endswith(f"items; resume with: dive run --resume --out {out}") and "Traceback" not in err
    resumed = dive_proc("run", "--resume", "--out", str(out), "--quiet")
    assert resumed.returncode == 0, resumed.stderr
    reference = tmp_path / "reference"
    assert dive_proc("run", "--out", str(reference), *args).returncode == 0
    assert _kept(out) == _kept(reference)


def test_deleting_the_run_directory_mid_run_is_noticed(tmp_path: Path) -> None:
    out = tmp_path / "run"
    child = _start_run(out, ["--tasks", "40", "--seed", "2", "--quiet", "-o", PACKS])
    shutil.rmtree(out)
    _, err = child.communicate(timeout=120)
    assert child.returncode == 2 and err.count("\n") == 1 and "was deleted while the run was writing it" in err


def test_export_into_a_pipe_stdout_a_fifo_and_a_symlink(small_run: Path, tmp_path: Path) -> None:
    expected = dive_proc("export", str(small_run), "--out", "-")
    assert expected.returncode == 0 and "wrote" in expected.stderr
    lines = expected.stdout.splitlines()
    assert len(lines) >= 2 and all(json.loads(line)["query"] for line in lines)
    head = subprocess.run(f"{sys.executable} -m dive.cli export {small_run} --out - | head -n 1", shell=True,
                          capture_output=True, text=True, timeout=120)
    assert head.stdout.splitlines() == lines[:1] and "Traceback" not in head.stderr
    through = subprocess.run(f"{sys.executable} -m dive.cli export {small_run} --out /dev/stdout | cat", shell=True,
                             capture_output=True, text=True, timeout=120)
    assert through.stdout.splitlines() == lines
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.extend(fifo.read_text().splitlines()))
    reader.start()
    assert dive_proc("export", str(small_run), "--out", str(fifo)).returncode == 0
    reader.join(timeout=60)
    assert got == lines and fifo.is_fifo()
    target = tmp_path / "real.jsonl"
    target.write_text("old\n")
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    assert dive_proc("export", str(small_run), "--out", str(link)).returncode == 0
    assert link.is_symlink() and target.read_text().splitlines() == lines


def test_doctor(closed_port: int, capsys: pytest.CaptureFixture[str]) -> None:
    outcome = dive(capsys, "doctor", "--json")
    checks = {c["name"]: c for c in json.loads(outcome.out)}
    assert outcome.rc == 0 and checks["python"]["status"] == "ok" and {"java", "bubblewrap"} <= set(checks)
    assert all(c["fix"] for c in checks.values() if c["status"] != "ok")
    outcome = dive(capsys, "doctor", "--json", "--base-url", f"http://127.0.0.1:{closed_port}/v1")
    bad = [c for c in json.loads(outcome.out) if c["status"] == "fail"]
    assert outcome.rc == 1 and len(bad) == 1 and "connection refused" in bad[0]["detail"]
