"""--backend ray against a local Ray instance (2 CPUs): the tasks of a local run, committed in item order."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from dive.config import load_config
from dive.pipeline import run
from dive.report import export_run

ray = pytest.importorskip("ray", reason="needs the [ray] extra: pip install 'dive-tasks[ray]'")

pytestmark = [pytest.mark.slow, pytest.mark.ray]

PACKS = ["core", "geo", "time"]


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield
    ray.shutdown()


def test_ray_actors_give_the_tasks_of_a_local_run(local_ray: None, tmp_path: Path) -> None:
    config = load_config(overrides=[f"tools.packs={json.dumps(PACKS)}"], tasks=5, seed=5)
    run(config, tmp_path / "local", workers=1)
    funnel = run(config, tmp_path / "ray", workers=2, backend="ray")
    assert funnel.kept >= 5
    for name in ("local", "ray"):
        export_run(tmp_path / name, tmp_path / f"{name}.jsonl", fmt="tasks")
    assert (tmp_path / "local.jsonl").read_bytes() == (tmp_path / "ray.jsonl").read_bytes()
    assert ray.is_initialized(), "a Ray the caller started is left running"
