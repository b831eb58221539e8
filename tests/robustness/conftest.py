"""Fixtures of the bad-input tests: one small finished run, a private copy of it, a closed port."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest
from clikit import RUN_ARGS

from dive.cli import main


@pytest.fixture(scope="session")
def small_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A finished two-task run (read-only for the tests: copy it before changing it)."""
    out = tmp_path_factory.mktemp("robust") / "run"
    assert main(["run", "--out", str(out), *RUN_ARGS]) == 0
    return out


@pytest.fixture
def run_copy(small_run: Path, tmp_path: Path) -> Path:
    """A private copy of the small run."""
    copy = tmp_path / "copy"
    shutil.copytree(small_run, copy, ignore=shutil.ignore_patterns("*.lock"))
    return copy


@pytest.fixture
def closed_port() -> int:
    """A loopback port that was bound and closed: connecting to it is refused."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port
