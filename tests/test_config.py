"""RunConfig: YAML, dotted overrides and errors that name the key and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from dive.config import RunConfig, load_config
from dive.errors import ConfigError


def test_defaults_match_the_paper() -> None:
    cfg = load_config()
    # DIVE: K = 3 rounds, toolsets of 15-50 tools, 5 turns per collection round.
    assert cfg.explore.rounds == 3 and cfg.explore.max_steps == 5
    assert (cfg.tools.toolset_min, cfg.tools.toolset_max) == (15, 50)


def test_yaml_and_overrides(tmp_path: Path) -> None:
    path = tmp_path / "run.yaml"
    path.write_text("seed: 7\nexplore:\n  rounds: 2\ntools:\n  packs: [geo, bio]\n")
    cfg = load_config(path, ["explore.max_steps=8", "tools.toolset_min=20", "llm.solver.model=openai:gpt-x"])
    assert cfg.seed == 7 and cfg.explore.rounds == 2 and cfg.explore.max_steps == 8
    assert cfg.tools.packs == ("geo", "bio") and cfg.tools.toolset_min == 20
    assert cfg.llm.solver.model == "openai:gpt-x"


def test_unknown_key_names_closest_valid_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"unknown config key 'explore.max_step'; did you mean 'explore.max_steps'\?"):
        load_config(overrides=["explore.max_step=8"])
    path = tmp_path / "bad.yaml"
    path.write_text("tools:\n  toolset_mx: 10\n")
    with pytest.raises(ConfigError, match="did you mean 'tools.toolset_max'"):
        load_config(path)
    with pytest.raises(ConfigError, match="did you mean 'seed'"):
        load_config(overrides=["sead=1"])


def test_bad_values_are_named() -> None:
    with pytest.raises(ConfigError, match=r"explore.rounds: Input should be greater than or equal to 1"):
        load_config(overrides=["explore.rounds=0"])
    with pytest.raises(ConfigError, match="toolset_min .20. is larger than toolset_max .10."):
        load_config(overrides=["tools.toolset_min=20", "tools.toolset_max=10"])
    with pytest.raises(ConfigError, match="must look like section.key=value"):
        load_config(overrides=["explore.rounds"])
    with pytest.raises(ConfigError, match="does not exist"):
        load_config("/nonexistent/run.yaml")


def test_config_is_frozen_and_round_trips() -> None:
    cfg = load_config(overrides=["seed=3"])
    assert RunConfig.model_validate_json(cfg.model_dump_json()) == cfg
    with pytest.raises(Exception):  # noqa: B017 - pydantic raises ValidationError on frozen assignment
        cfg.seed = 4  # type: ignore[misc]


def test_derive_shapes_are_checked_when_the_config_loads() -> None:
    from dive.derivation.natural import SHAPES  # noqa: PLC0415

    assert set(load_config().derive.shapes) < SHAPES and "same" not in load_config().derive.shapes
    load_config(overrides=[f"derive.shapes=[{','.join(sorted(SHAPES))}]"])  # every shape the deriver knows
    with pytest.raises(ConfigError, match=str(sorted(SHAPES)).replace("[", r"\[").replace("]", r"\]")):
        load_config(overrides=["derive.shapes=[nope]"])  # and no other: the error lists exactly the deriver's shapes
    for bad in ("derive.shapes=[chain,nope]", "derive.shapes=[]"):
        with pytest.raises(ConfigError, match="derive.shapes"):
            load_config(overrides=[bad])
