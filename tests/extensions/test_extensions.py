"""Each extension kind, with a component defined only in the test plugin: registered by entry point (and used
by name through ``dive run`` / ``dive export``), and passed as an object to :func:`dive.run`."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

import dive
from dive import registry
from dive.cli import main
from dive.config import load_config
from dive.errors import ConfigError
from dive.export import export_run
from dive.records import ItemResult, LLMCall, Task, Verdict
from dive.store import RunStore
from dive.tools.registry import PACKS, pack_installed

CHECKS = "verify.checks=[well_posed,grounding,necessity,leakage,replay,dedup]"
"""The mechanical checks that apply to any deriver (query_hygiene is written for the natural deriver's questions)."""
OFFLINE = ["-o", "tools.packs=[core,geo]", "-o", CHECKS, "--explorer", "typed_walk", "--deriver", "compose"]
"""A small pool and the offline components that need no lexicon."""

pytestmark = pytest.mark.skipif(not pack_installed("geo"), reason="needs the geo pack: pip install 'dive-tasks[geo]'")


def _run(out: Path, *args: str, tasks: int = 2) -> dict:
    # One worker: the plugin's CALLS record what ran in this process (with more, items run in forked workers).
    code = main(["run", "--tasks", str(tasks), "--out", str(out), "--quiet", "--json", "--workers", "1", *OFFLINE,
                 *args])
    assert code == 0
    return json.loads((out / "tasks.jsonl").read_text(encoding="utf-8").splitlines()[0])


def _records(out: Path, kind: type) -> list:
    with RunStore.open(out, readonly=True) as store:
        return list(store.iter(kind))


def _config(*overrides: str, tasks: int = 2):  # noqa: ANN202
    return load_config(overrides=["tools.packs=[core,geo]", "explore.explorer=typed_walk", "derive.deriver=compose",
                                  CHECKS, *overrides], tasks=tasks)


# -- explorer and deriver --------------------------------------------------------------------

STAGES = [("explorer", "short_walk", "ShortWalk", "explore:1"), ("deriver", "shortest_first", "ShortestFirst", "derive:1")]


@pytest.mark.parametrize(("stage", "name", "cls", "trace"), STAGES)
def test_stage_by_entry_point(installed: ModuleType, tmp_path: Path, stage: str, name: str, cls: str,
                              trace: str) -> None:
    assert registry.origin(f"{stage}s", name) == "dive-testplugin"  # type: ignore[arg-type]
    _run(tmp_path / "r", f"--{stage}", name)
    assert trace in installed.CALLS


@pytest.mark.parametrize(("stage", "name", "cls", "trace"), STAGES)
def test_stage_by_object(plugin: ModuleType, tmp_path: Path, stage: str, name: str, cls: str, trace: str) -> None:
    components = dive.Components(**{stage: getattr(plugin, cls)()})
    funnel = dive.run(_config(), tmp_path / "r", components=components)
    assert funnel.kept >= 2 and trace in plugin.CALLS


# -- check -----------------------------------------------------------------------------------


def test_check_by_entry_point(installed: ModuleType, tmp_path: Path) -> None:
    _run(tmp_path / "r", "-o", "verify.checks=[well_posed,grounding,leakage,replay,dedup,query_length]")
    verdicts = [v for v in _records(tmp_path / "r", Verdict) if v.check == "query_length"]
    assert verdicts and len(verdicts) == len(_records(tmp_path / "r", Task))


def test_check_by_object(plugin: ModuleType, tmp_path: Path) -> None:
    dive.run(_config(), tmp_path / "r", components=dive.Components(checks=[plugin.QueryLength()]))
    verdicts = _records(tmp_path / "r", Verdict)
    by_task: dict[str, list[str]] = {}
    for v in verdicts:
        by_task.setdefault(v.task_id, []).append(v.check)
    assert by_task and all(checks[-1] == "query_length" for checks in by_task.values() if len(checks) > 1)


def test_an_unregistered_check_name_is_a_config_error(plugin: ModuleType) -> None:
    """Not registered: the class exists, but config names only reach registered components."""
    with pytest.raises(ConfigError, match=r"verify.checks: unknown check 'query_length'; did you mean 'query_hygiene'"):
        load_config(overrides=["verify.checks=[query_length]"])


def test_a_typo_in_a_registered_name_suggests_it(installed: ModuleType) -> None:
    with pytest.raises(ConfigError, match=r"unknown check 'query_lenght'; did you mean 'query_length'\?"):
        load_config(overrides=["verify.checks=[query_lenght]"])


# -- exporter --------------------------------------------------------------------------------


def test_exporter_by_entry_point_and_by_object(installed: ModuleType, tmp_path: Path) -> None:
    _run(tmp_path / "r")
    assert main(["export", str(tmp_path / "r"), "--format", "queries", "--out", str(tmp_path / "q.csv")]) == 0
    rows = list(csv.reader((tmp_path / "q.csv").open(encoding="utf-8")))
    kept = [json.loads(line) for line in (tmp_path / "r" / "tasks.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rows == [["id", "query"], *([t["id"], t["query"]] for t in kept)]
    assert export_run(tmp_path / "r", tmp_path / "q2.csv", fmt=installed.Queries()) == len(kept)
    assert (tmp_path / "q2.csv").read_bytes() == (tmp_path / "q.csv").read_bytes()


# -- provider --------------------------------------------------------------------------------


def test_provider_by_entry_point(installed: ModuleType, tmp_path: Path) -> None:
    _run(tmp_path / "r", "-o", "llm.solver.model=echo:v1",
         "-o", "verify.checks=[well_posed,grounding,leakage,replay,dedup,closed_book]")
    calls = _records(tmp_path / "r", LLMCall)
    assert calls and {c.model for c in calls} == {"echo:v1"} and {c.stage for c in calls} == {"closed_book"}
    assert "llm:echo:v1" in installed.CALLS


def test_provider_by_object(plugin: ModuleType, tmp_path: Path) -> None:
    config = _config("llm.solver.model=scripted:echo", "verify.checks=[well_posed,grounding,dedup,closed_book]")
    funnel = dive.run(config, tmp_path / "r", llms={"scripted:echo": plugin.Echo("scripted:echo")})
    assert funnel.kept >= 2 and funnel.llm_calls["closed_book"] >= 2


# -- pack ------------------------------------------------------------------------------------


def test_pack_by_entry_point(installed: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert "astro" in PACKS and PACKS["astro"] is installed.ASTRO
    assert main(["tools", "list", "--pack", "astro", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {(t["name"], t["pack"], t["distribution"]) for t in listed} == {
        ("star_info", "astro", "dive-testplugin"), ("constellation_info", "astro", "dive-testplugin")}
    assert main(["run", "--tasks", "2", "--out", str(tmp_path / "r"), "--quiet", "-o", "tools.packs=[astro]",
                 "-o", "tools.toolset_min=2", "-o", CHECKS, "--explorer", "typed_walk", "--deriver", "compose"]) == 0
    tasks = [json.loads(line) for line in (tmp_path / "r" / "tasks.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(tasks) >= 2 and {t["seed"]["domain"] for t in tasks} == {"astro"}
    # the pack's SemType says how a question names a star (not the parameter name, "star Sirius")
    assert any("the bright star " in t["query"] or "the constellation " in t["query"] for t in tasks), \
        [t["query"] for t in tasks]


def test_an_uninstalled_pack_names_its_install_command(installed: ModuleType, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "site" / "dive_testplugin_astro.py").unlink()
    sys.modules.pop("dive_testplugin_astro", None)
    assert not pack_installed("astro")
    assert main(["tools", "list", "--pack", "astro", "--json"]) == 0
    assert "pip install dive-testplugin" in capsys.readouterr().err


def test_pack_by_object(plugin: ModuleType, tmp_path: Path) -> None:
    assert "astro" not in PACKS  # not registered: only given to this run
    config = load_config(overrides=["tools.packs=[core]", "tools.toolset_min=2", CHECKS, "explore.explorer=typed_walk",
                                    "derive.deriver=compose"], tasks=3)
    dive.run(config, tmp_path / "r", components=dive.Components(packs=[plugin.ASTRO]))
    with RunStore.open(tmp_path / "r", readonly=True) as store:
        kept = {tid for r in store.iter(ItemResult) for tid in r.kept_task_ids}
        astro = [t for t in store.iter(Task) if t.id in kept and "star_info" in t.toolset]
    assert astro
