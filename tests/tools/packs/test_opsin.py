"""OPSIN runs in one warm Java process per output format: kept between names, started again when it dies."""

from __future__ import annotations

import shutil

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


def test_no_answer_within_the_timeout_kills_the_process() -> None:
    import signal

    module.opsin("ethanol", "SMILES")
    proc = module._running["SMILES"].proc
    # a stopped JVM cannot answer, however fast it would be (a deadline already past still raced a warm JVM's answer
    # on a loaded clean-clone CI): the wait must end at the timeout, kill the process, and the next name starts a new one
    proc.send_signal(signal.SIGSTOP)
    with pytest.raises(ToolError, match="did not answer within 0.2 s"):
        module.opsin("propan-2-ol", "SMILES", timeout_s=0.2)
    assert proc.wait(timeout=5) == -signal.SIGKILL and "SMILES" not in module._running
    assert module.opsin("ethanol", "SMILES") == "C(C)O"


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
