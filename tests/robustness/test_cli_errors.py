"""Everyday mistakes on the command line: each ends in one line naming the problem and the fix, exit 2.

Every case runs ``dive`` in process with placeholders filled in: ``{run}`` a finished run
(a private copy), ``{tmp}`` an empty folder, ``{file}`` a regular file, ``{port}`` a closed port.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from clikit import RUN_ARGS, dive

_NEW = ["run", "--out", "{tmp}/new", *RUN_ARGS]
_RESUME = ["run", "--resume", "--out", "{run}", "--quiet"]

CASES: list[tuple[str, list[str], tuple[str, ...]]] = [
    # flags and values
    ("tasks zero", [*_NEW, "--tasks", "0"], ("tasks",)),
    ("tasks negative", [*_NEW, "--tasks", "-3"], ("tasks",)),
    ("tasks 10^30", [*_NEW, "--tasks", str(10**30)], ("tasks", "less than or equal")),
    ("tasks not a number", [*_NEW, "--tasks", "many"], ("--tasks", "invalid int")),
    ("seed over 64 bits", [*_NEW, "--seed", str(2**70)], ("seed",)),
    ("unknown command", ["frobnicate"], ("invalid choice",)),
    ("export format", ["export", "{run}", "--format", "csv", "--out", "{tmp}/x.jsonl"], ("unknown export format 'csv'",)),  # formats are registered (dive.exporters)
    ("explorer name", [*_NEW, "--explorer", "gpt4"], ("--explorer", "PROVIDER:MODEL")),
    ("model without provider", [*_NEW, "--solver", "gpt4"], ("provider:model",)),
    ("unknown provider", [*_NEW, "--solver", "acme:m"], ("unknown provider",)),
    # overrides
    ("timeout inf", [*_NEW, "-o", "tools.timeout_s=.inf"], ("tools.timeout_s", "finite")),
    ("timeout nan", [*_NEW, "-o", "tools.timeout_s=.nan"], ("tools.timeout_s", "finite")),
    ("timeout 1e-6", [*_NEW, "-o", "tools.timeout_s=1e-6"], ("tools.timeout_s", "0.1")),
    ("llm timeout negative", [*_NEW, "-o", "llm.solver.timeout_s=-1"], ("llm.solver.timeout_s",)),
    ("temperature nan", [*_NEW, "-o", "llm.solver.temperature=.nan"], ("temperature",)),
    ("override without =", [*_NEW, "-o", "explore.rounds"], ("section.key=value",)),
    ("override bad yaml", [*_NEW, "-o", "explore.rounds=[1"], ("not valid YAML",)),
    ("override typo", [*_NEW, "-o", "explore.max_step=3"], ("did you mean 'explore.max_steps'",)),
    ("override on a value", [*_NEW, "-o", "explore.rounds=2", "-o", "explore.rounds.x=1"], ("is a value",)),
    ("unknown pack", [*_NEW, "-o", "tools.packs=[astro]"], ("unknown pack",)),
    ("unknown excluded tool", [*_NEW, "-o", "tools.exclude=[no_such_tool]"], ("tools.exclude",)),
    ("toolset range", [*_NEW, "-o", "tools.toolset_min=9", "-o", "tools.toolset_max=3"], ("toolset_min",)),
    # configs that defeat verification, settings that have no effect
    ("no checks", [*_NEW, "-o", "verify.checks=[]"], ("verify.checks is empty", "--no-verify")),
    ("no grounding", [*_NEW, "-o", "verify.checks=[replay,dedup]"], ("leaves out grounding", "--no-verify")),
    ("unknown check", [*_NEW, "-o", "verify.checks=[grounding,vibes]"], ("unknown check",)),
    ("solver model, no check", [*_NEW, "-o", "llm.solver.model=openai:m"], ("llm.solver.model", "no effect")),
    ("explorer model, no stage", [*_NEW, "-o", "llm.explorer.model=openai:m"], ("explore.explorer", "no effect")),
    ("deriver model, no stage", [*_NEW, "-o", "llm.deriver.model=openai:m"], ("derive.deriver", "no effect")),
    ("judge, nothing to judge", [*_NEW, "--judge", "openai:m"], ("llm.judge.model", "no effect")),
    ("base url, no model", [*_NEW, "--base-url", "http://127.0.0.1:{port}/v1"], ("--base-url", "no effect")),
    ("llm stage, no model", [*_NEW, "-o", "explore.explorer=llm"], ("llm.explorer.model",)),
    # config files
    ("config missing", [*_NEW, "--config", "{tmp}/none.yaml"], ("does not exist",)),
    ("config is a directory", [*_NEW, "--config", "{tmp}"], ("is a directory",)),
    ("config not UTF-8", [*_NEW, "--config", "{tmp}/latin1.yaml"], ("not UTF-8",)),
    ("config bad YAML", [*_NEW, "--config", "{tmp}/broken.yaml"], ("not valid YAML",)),
    ("config a list", [*_NEW, "--config", "{tmp}/list.yaml"], ("mapping",)),
    # output paths of dive run
    ("out under a file", ["run", "--out", "{file}/run", *RUN_ARGS], ("cannot create", "Not a directory")),
    ("out is a file", ["run", "--out", "{file}", *RUN_ARGS], ("is a file",)),
    ("out on a read-only fs", ["run", "--out", "/proc/dive-test/run", *RUN_ARGS], ("cannot create",)),
    ("out holds a run", ["run", "--out", "{run}", *RUN_ARGS], ("already holds a run", "--resume")),
    ("out holds my tasks.jsonl", ["run", "--out", "{tmp}/mine", *RUN_ARGS], ("tasks.jsonl", "--force")),
    # resume
    ("resume a missing dir", ["run", "--resume", "--out", "{tmp}/typo"], ("not a run directory",)),
    ("resume a plain dir", ["run", "--resume", "--out", "{tmp}"], ("holds no run.sqlite",)),
    ("resume a corrupted store", ["run", "--resume", "--out", "{tmp}/corrupt"], ("damaged",)),
    ("resume, changed option", [*_RESUME, "-o", "explore.rounds=1"], ("explore.rounds was 3, now 1",)),
    ("resume, changed seed", [*_RESUME, "--seed", "5"], ("seed was 1, now 5",)),
    ("resume, changed checks", [*_RESUME, "-o", "verify.checks=[grounding]"], ("verify.checks was",)),
    # show, runs, export
    ("show a missing dir", ["show", "{tmp}/typo"], ("not a run directory",)),
    ("show a corrupted store", ["show", "{tmp}/corrupt"], ("damaged",)),
    ("show a truncated store", ["show", "{tmp}/truncated"], ("damaged",)),
    ("show negative samples", ["show", "{run}", "--samples", "-1"], ("--samples",)),
    ("runs show corrupted", ["runs", "show", "{tmp}/corrupt"], ("damaged",)),
    ("runs list a file", ["runs", "list", "{file}"], ("not a folder",)),
    ("export over run.sqlite", ["export", "{run}", "--out", "{run}/run.sqlite"], ("own run.sqlite",)),
    ("export over the wal", ["export", "{run}", "--out", "{run}/run.sqlite-wal"], ("own run.sqlite-wal",)),
    ("export to a directory", ["export", "{run}", "--out", "{tmp}"], ("is a directory",)),
    ("export under a file", ["export", "{run}", "--out", "{file}/x.jsonl"], ("cannot write",)),
    ("export to a full device", ["export", "{run}", "--out", "/dev/full"], ("No space left",)),
    ("export a corrupted run", ["export", "{tmp}/corrupt", "--out", "{tmp}/x.jsonl"], ("damaged",)),
    ("export a missing run", ["export", "{tmp}/typo", "--out", "{tmp}/x.jsonl"], ("not a run directory",)),
    # tools
    ("tools show unknown", ["tools", "show", "no_such_tool"], ("no tool named",)),
    ("tools list unknown pack", ["tools", "list", "--pack", "astro"], ("unknown pack",)),
]


def _setup(tmp: Path) -> dict[str, str]:
    (tmp / "latin1.yaml").write_bytes("explore: {rounds: 2}  # café\n".encode("latin-1"))
    (tmp / "broken.yaml").write_text("explore: {rounds: 2\n")
    (tmp / "list.yaml").write_text("- explore\n")
    (tmp / "a_file").write_text("not a folder\n")
    (tmp / "mine").mkdir()
    (tmp / "mine" / "tasks.jsonl").write_text("my own tasks\n")
    for name, data in (("corrupt", os.urandom(4096)), ("truncated", None)):
        (tmp / name).mkdir()
        (tmp / name / "run.sqlite").write_bytes(data if data is not None else b"SQLite format 3\x00" + bytes(600))
    return {"tmp": str(tmp), "file": str(tmp / "a_file")}


@pytest.mark.parametrize(("args", "needles"), [pytest.param(a, n, id=i) for i, a, n in CASES])
def test_everyday_mistake_is_one_line_with_exit_2(args: list[str], needles: tuple[str, ...], run_copy: Path,
                                                  tmp_path: Path, closed_port: int,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    tmp = tmp_path / "t"
    tmp.mkdir()
    places = {**_setup(tmp), "run": str(run_copy), "port": str(closed_port)}
    filled = [a.format(**places) for a in args]
    outcome = dive(capsys, *filled)
    outcome.one_line_error(*(n.format(**places) for n in needles))
    if "mine" in " ".join(filled):  # nothing the user had is lost
        assert (tmp / "mine" / "tasks.jsonl").read_text() == "my own tasks\n"
    if "{run}" in " ".join(args):  # the run's own files are untouched and it still reads
        with sqlite3.connect(run_copy / "run.sqlite") as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
