"""The manifest: tool kinds and package versions recorded; resume refuses changed tool data, naming the package;
``dive show`` reads the kinds from the manifest instead of importing the packs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import ClassVar

import pytest

from dive.config import load_config
from dive.errors import StoreError
from dive.pipeline import Components, run
from dive.pipeline.manifest import check_resumable, manifest_of, package_versions
from dive.records import RunManifest, Task, Trace, Verdict
from dive.report import run_report
from dive.stages import VerifyContext
from dive.store import RunStore
from dive.tools.registry import load_pool, pack_installed


def test_manifest_records_kinds_and_backing_versions() -> None:
    if not pack_installed("geo"):
        pytest.skip("needs the geo pack")
    pool = load_pool(["core", "geo"])
    manifest = manifest_of(load_config(overrides=["tools.packs=[core,geo]"]), pool)
    assert manifest.tool_kinds["add_numbers"] == "P" and manifest.tool_kinds["country_profile"] == "R"
    assert set(manifest.tool_kinds) == set(manifest.tool_hashes)
    assert "pycountry" in manifest.packages and "python" in manifest.packages
    assert package_versions(["geo"])["pycountry"] == manifest.packages["pycountry"]


def _with_packages(manifest: RunManifest, **versions: str) -> RunManifest:
    return RunManifest(dive_version=manifest.dive_version, config=manifest.config,
                       packages={**manifest.packages, **versions}, tool_hashes=manifest.tool_hashes)


def test_resume_refuses_changed_tool_data_naming_the_package(tmp_path: Path) -> None:
    config = load_config(overrides=["tools.packs=[core]"], tasks=1)
    manifest = manifest_of(config, load_pool(["core"]))
    with RunStore.open(tmp_path / "r") as store:
        store.put(_with_packages(manifest, holidays="0.1"))
        check_resumable(store, manifest, resume=True)  # a package the new manifest does not use: fine
        store.put(_with_packages(manifest, fakepkg="1.0"))
        check_resumable(store, manifest, resume=True)
        changed = _with_packages(manifest, fakepkg="2.0")
        with pytest.raises(StoreError, match=r"tool data changed since it started \(fakepkg 1.0 -> 2.0\)"):
            check_resumable(store, changed, resume=True)


def test_show_imports_no_pack(tmp_path: Path) -> None:
    if not pack_installed("geo"):
        pytest.skip("needs the geo pack")
    funnel = run(load_config(overrides=["tools.packs=[core,geo]"], tasks=2), tmp_path / "r")
    code = ("import json, sys; from dive.report import run_report; r = run_report(sys.argv[1]);"
            "print(json.dumps({'packs': sorted(m for m in sys.modules if m.startswith('dive.tools.packs.')),"
            "'kept': r['funnel']['kept']}))")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "r")], capture_output=True, text=True,
                         check=True, env={"PYTHONPATH": str(Path(__file__).parents[2] / "src")})
    result = json.loads(out.stdout)
    assert result == {"packs": [], "kept": funnel.kept} and funnel.kept >= 2


class EvenId:
    """Rejects the tasks whose id is even (about half), after the configured checks, so the funnel has
    rejections of its own to count whatever the other checks do."""

    name: ClassVar[str] = "even_id"

    def verify(self, task: Task, trace: Trace, ctx: VerifyContext) -> Verdict:
        ok = int(task.id, 16) % 2 == 1
        return Verdict(task_id=task.id, check=self.name, ok=ok, reason="" if ok else "an even id")


def test_the_run_funnel_and_the_report_count_the_same(tmp_path: Path) -> None:
    """One rejection rule (the first rejecting check) for the live funnel, a resumed one, and dive show."""
    if not pack_installed("geo"):
        pytest.skip("needs the geo pack")
    config = load_config(overrides=["tools.packs=[core,geo]", "verify.checks=[well_posed,grounding,dedup]"], tasks=8)
    given = Components(checks=[EvenId()])
    live = run(config, tmp_path / "r", components=given)
    resumed = run(config, tmp_path / "r", resume=True, components=given)  # nothing left to do: read back
    report = run_report(tmp_path / "r")["funnel"]
    for funnel in (live, resumed):
        counted = funnel.as_dict()
        assert {k: counted[k] for k in ("items", "traces", "derived", "kept", "rejected")} == \
            {k: report[k] for k in ("items", "traces", "derived", "kept", "rejected")}
    assert report["rejected"].get("even_id", 0) > 0
