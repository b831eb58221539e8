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


def test_no_answer_within_the_timeout_kills_the_process(monkeypatch: pytest.MonkeyPatch) -> None:
    import signal

    # a JVM of this test's own (a full-suite run once got an answer past a SIGSTOP: the JVM it stopped was not the
    # one that answered), stopped so that it cannot answer however fast it is (a deadline already past raced a warm
    # JVM's answer on a loaded clean-clone CI): the wait ends at the timeout, the process is killed, and the next
    # name starts a new one
    monkeypatch.setattr(module, "_running", {})
    module.opsin("ethanol", "SMILES")
    proc = module._running["SMILES"].proc
    proc.send_signal(signal.SIGSTOP)
    with pytest.raises(ToolError, match="did not answer within 0.2 s"):
        module.opsin("propan-2-ol", "SMILES", timeout_s=0.2)
    assert proc.wait(timeout=5) == -signal.SIGKILL and "SMILES" not in module._running
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
