"""The dive command: help text (golden), version, and the tools/runs subcommands."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from dive import __version__
from dive.cli import build_parser, main
from golden_util import assert_golden


def _help(args: list[str]) -> str:
    parser = build_parser()
    for name in args:
        sub = next(a for a in parser._subparsers._group_actions if a.dest.endswith("command"))  # type: ignore[union-attr]
        parser = sub.choices[name]
    return parser.format_help()


@pytest.mark.parametrize("path", [[], ["tools"], ["tools", "list"], ["tools", "check"], ["runs"]])
def test_help_is_golden(path: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    assert_golden("help_" + ("_".join(path) or "dive") + ".txt", _help(path))


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"dive-tasks {__version__}"


def test_console_script_entry_point() -> None:
    proc = subprocess.run([sys.executable, "-m", "dive.cli", "--help"], capture_output=True, text=True, check=True)
    assert "tools" in proc.stdout and "runs" in proc.stdout


def test_tools_list_json_items(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tools", "list", "--pack", "core", "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    names = {i["name"] for i in items}
    assert {"add_numbers", "convert_units", "timezone_offset"} <= names
    for item in items:
        assert {"name", "description", "parameters", "kind", "domain", "pack"} <= set(item)
        assert item["kind"] in ("R", "P") and item["parameters"]["type"] == "object"


def test_tools_check_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tools", "check", "--pack", "core", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["tools"] and all(set(r) == {"name", "ok", "error", "duration_ms"} for r in report["tools"])
    assert all(r["ok"] for r in report["tools"])


def test_tools_show_and_unknown(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tools", "show", "convert_units", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["param_sem"] == {"value": "number", "from_unit": "unit", "to_unit": "unit"}
    assert main(["tools", "show", "convert_unit"]) == 2
    assert "did you mean convert_units" in capsys.readouterr().err


def test_unknown_pack_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tools", "list", "--pack", "nope"]) == 2
    assert "unknown pack 'nope'; known packs: core" in capsys.readouterr().err


def test_runs_list_on_missing_folder(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: ANN001
    assert main(["runs", "list", str(tmp_path / "none")]) == 2
    assert "is not a folder" in capsys.readouterr().err
    assert main(["runs", "show", str(tmp_path)]) == 2
    assert "has no run.sqlite" in capsys.readouterr().err


def test_runs_list_and_show_a_real_store(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: ANN001
    from dive.records import RunManifest, Verdict
    from dive.store import RunStore

    run = tmp_path / "runs" / "r1"
    with RunStore.open(run) as store:
        store.put(RunManifest(dive_version=__version__, config={"seed": 3}))
        store.put(Verdict(task_id="t1", check="grounding", ok=True))
        store.put(Verdict(task_id="t2", check="leakage", ok=False, reason="answer in query"))
    assert main(["runs", "list", str(tmp_path / "runs"), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["counts"]["Verdict"] == 2 and rows[0]["config"] == {"seed": 3}
    assert main(["runs", "show", str(run)]) == 0
    assert "Verdict" in capsys.readouterr().out
