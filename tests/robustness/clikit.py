"""Helpers of the bad-input tests: run ``dive`` in process or as a child, and judge the outcome."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass

import pytest

from dive.cli import main

PACKS = "tools.packs=[core,geo]"
RUN_ARGS = ["--tasks", "2", "--seed", "1", "--quiet", "-o", PACKS]
"""A small offline run: two kept tasks from the core and geo packs."""


@dataclass
class Outcome:
    """What one CLI invocation did."""

    rc: int
    out: str
    err: str

    def one_line_error(self, *needles: str) -> None:
        """Exit status 2 and exactly one line on standard error, naming the problem (no traceback)."""
        lines = [line for line in self.err.splitlines() if line.strip()]
        assert self.rc == 2, (self.rc, self.err)
        assert len(lines) == 1 and "Traceback" not in self.err, self.err
        assert lines[0].startswith("dive"), lines[0]
        for needle in needles:
            assert needle in lines[0], (needle, lines[0])


def dive(capsys: pytest.CaptureFixture[str], *args: str) -> Outcome:
    """Run ``dive ARGS`` in process (argparse exits become outcomes too)."""
    capsys.readouterr()
    try:
        rc = main(list(args))
    except SystemExit as exc:
        rc = int(exc.code or 0)
    got = capsys.readouterr()
    return Outcome(rc, got.out, got.err)


def dive_proc(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    """Run ``dive ARGS`` in a child process (for pipes and signals)."""
    return subprocess.run([sys.executable, "-m", "dive.cli", *args], capture_output=True, text=True,
                          timeout=300, **kwargs)  # type: ignore[call-overload]
