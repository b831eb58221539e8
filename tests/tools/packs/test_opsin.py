"""OPSIN runs in one warm Java process per output format: kept between names, started again when it dies."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from dive.errors import ToolError
from dive.tools.packs.chem import opsin as module

pytestmark = pytest.mark.skipif(shutil.which("java") is None, reason="OPSIN needs Java")
pytest.importorskip("py2opsin")


def test_one_process_answers_many_names_and_restarts_after_a_crash() -> None:
    # Ethanol is CCO, propan-2-ol CC(C)O; OPSIN writes SMILES in its own order, not canonical ones.
    assert module.opsin("ethanol", "SMILES") == "C(C)O"
    first = module._running["SMILES"].proc.pid
    assert module.opsin("propan-2-ol", "SMILES") == "CC(C)O"
    assert module._running["SMILES"].proc.pid == first  # the same JVM
    with pytest.raises(ToolError, match="could not parse 'aspirin'.*uninterpretable: aspirin"):
        module.opsin("aspirin", "SMILES")  # a trivial name: OPSIN's reason is in the error
    assert module.opsin("ethanol", "SMILES") == "C(C)O"  # and the process goes on
    module._running["SMILES"].proc.kill()
    module._running["SMILES"].proc.wait()
    assert module.opsin("ethanol", "SMILES") == "C(C)O"  # a dead JVM is started again
    assert module._running["SMILES"].proc.pid != first


def test_a_name_is_one_line() -> None:
    with pytest.raises(ToolError, match="one name per call"):
        module.opsin("ethanol\nmethanol", "SMILES")
    with pytest.raises(ToolError, match="name is empty"):
        module.opsin("  ", "StdInChI")


def test_no_answer_within_the_timeout_kills_the_process(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # noqa: ANN001
    # A "JVM" that reads its names and never answers, however long it is given. (A deadline already past raced a warm
    # JVM's answer on a loaded clean-clone CI; a real JVM stopped with SIGSTOP answered anyway in two full-suite runs,
    # resumed by the SIGCONT the kernel sends an orphaned process group whose member exits while one is stopped.)
    mute = tmp_path / "java"
    mute.write_text("#!/bin/sh\nexec sleep 600\n")  # keeps its standard output open, answers nothing
    mute.chmod(0o755)
    monkeypatch.setattr(module, "_running", {})
    monkeypatch.setattr(module.shutil, "which", lambda name: str(mute))
    with pytest.raises(ToolError, match="did not answer within 0.2 s"):
        module.opsin("propan-2-ol", "SMILES", timeout_s=0.2)
    assert "SMILES" not in module._running  # killed and forgotten: the next name starts a new one
    assert subprocess.run(["pgrep", "-f", str(mute)], check=False).returncode == 1  # no process of it is left
    monkeypatch.undo()
    monkeypatch.setattr(module, "_running", {})
    assert module.opsin("ethanol", "SMILES") == "C(C)O"
    module._running.pop("SMILES").close()


def test_an_answer_no_name_waits_for_starts_the_process_again(monkeypatch: pytest.MonkeyPatch) -> None:
    # a stray line on standard output would make every later answer the previous name's: never used
    monkeypatch.setattr(module, "_running", {})
    assert module.opsin("ethanol", "SMILES") == "C(C)O"
    first = module._running["SMILES"]
    first.out.buf += b"CO\n"  # as if methanol's answer were still unread
    assert module.opsin("propan-2-ol", "SMILES") == "CC(C)O"
    assert module._running["SMILES"] is not first and first.proc.poll() is not None
    module._running.pop("SMILES").close()


def test_a_new_process_gives_the_same_reason_as_a_warm_one() -> None:
    # a JVM still starting writes its greeting after the drain before the first name: the reason must not carry it
    for proc in module._running.values():
        proc.close()
    module._running.clear()
    reasons = []
    for _ in range(2):
        with pytest.raises(ToolError) as err:
            module.opsin("omeprazole", "StdInChI")
        reasons.append(str(err.value))
    assert reasons[0] == reasons[1]
    assert "Enter a chemical name" not in reasons[0] and "omeprazole is unparsable" in reasons[0]
