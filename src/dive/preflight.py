"""Checks before a run starts, so nothing is silently wrong and nothing the user had is lost.

- :func:`check_config`: a config that defeats verification (no ``grounding`` check) is refused
  unless ``no_verify`` says it is meant; a setting that would have no effect (a stage model
  whose stage is off) is an error, not silence.
- :func:`prepare_out`: the run directory can be created and written; a new run never writes
  over files it did not write (``tasks.jsonl`` a user already had) unless ``force``; ``--resume``
  needs a directory that holds a run.
- :func:`stored_manifest` and :func:`config_changes`: resume reads the run's own config, and a
  changed option is named with its stored and new value before the tool pool is loaded.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from dive.config import RunConfig
from dive.errors import ConfigError, OutputError, StoreError
from dive.records import RunManifest
from dive.store import RunStore

__all__ = ["RUN_FILES", "check_config", "check_resumable", "check_same_config", "config_changes", "describe_changes",
           "prepare_out", "stored_manifest"]

RUN_FILES = ("tasks.jsonl", "gold_openai.jsonl")
"""Files ``dive run`` writes next to its store."""
_DB = "run.sqlite"
_JUDGE_USERS = ("closed_book", "solver")


def check_config(config: RunConfig, *, no_verify: bool = False) -> None:
    """ConfigError for a config that defeats verification (unless ``no_verify``) or sets what has no effect."""
    checks = config.verify.checks
    if "grounding" not in checks and not no_verify:
        listed = f"verify.checks={list(checks)} leaves out grounding" if checks else "verify.checks is empty"
        raise ConfigError(f"{listed}, so no answer is checked against the tool outputs and "
                          "every task would be kept unverified; add grounding back, or pass --no-verify if that "
                          "is what you want")
    stages = {"explorer": ("explore.explorer", config.explore.explorer == "llm", "--explorer PROVIDER:MODEL"),
              "deriver": ("derive.deriver", config.derive.deriver == "llm", "--deriver PROVIDER:MODEL"),
              "solver": ("verify.checks", any(c in checks for c in _JUDGE_USERS), "--solver PROVIDER:MODEL")}
    for stage, (key, used, flag) in stages.items():
        if getattr(config.llm, stage).model is not None and not used:
            value = list(checks) if key == "verify.checks" else getattr(
                config.explore if stage == "explorer" else config.derive, key.split(".")[1])
            want = "add closed_book and solver to verify.checks" if stage == "solver" else f"set {key}=llm"
            raise ConfigError(f"llm.{stage}.model is set but has no effect: {key} is {value!r}; {want} "
                              f"(or use {flag}, which does both), or drop the model")
    judge_used = config.derive.ungrounded == "judge" or any(c in checks for c in _JUDGE_USERS)
    if config.llm.judge.model is not None and not judge_used:
        raise ConfigError("llm.judge.model is set but has no effect: the judge grades solver answers (add --solver) "
                          "or ungrounded LLM-derived tasks (derive.ungrounded=judge); add one, or drop the judge")


def prepare_out(out: str | os.PathLike[str], *, resume: bool, force: bool = False) -> Path:
    """Create (or, with ``resume``, check) the run directory; OutputError/StoreError naming the fix."""
    path = Path(out)
    if resume:
        stored_manifest(path)
        return path
    if path.exists() and not path.is_dir():
        raise OutputError(f"--out {str(path)!r} is a file, not a directory; choose a directory path")
    if not (path / _DB).exists() and not force:
        theirs = [name for name in RUN_FILES if (path / name).exists()]
        if theirs:
            raise OutputError(f"{str(path / theirs[0])!r} already exists and no run wrote it; choose a new --out, "
                              "or pass --force to write over it")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"cannot create the run directory {str(path)!r}: {err.strerror or err}; "
                          "choose another --out") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write in {str(path)!r} (permission denied or a read-only file system); "
                          "choose another --out")
    return path


def stored_manifest(out: str | os.PathLike[str]) -> RunManifest:
    """The latest manifest of the run in ``out``; StoreError if ``out`` is not a readable run."""
    path = Path(out)
    if not (path / _DB).is_file():
        what = "does not exist" if not path.exists() else f"holds no {_DB}"
        raise StoreError(f"cannot resume {str(path)!r}: it {what}, so it is not a run directory; check the path, "
                         "or drop --resume to start a new run there")
    try:
        with RunStore.open(path, readonly=True) as store:
            manifests = list(store.iter(RunManifest))
    except (sqlite3.DatabaseError, ValueError) as err:
        raise StoreError(f"{str(path / _DB)!r} is corrupted ({err}); it cannot be read or resumed; "
                         "start a new run with another --out") from None
    if not manifests:
        raise StoreError(f"{str(path / _DB)!r} holds no run manifest; start a new run with another --out")
    return manifests[-1]


def _flat(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(_flat(item, f"{prefix}{key}."))
        return out
    return {prefix.rstrip("."): value}


def config_changes(stored: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """``(dotted key, stored value, new value)`` for every setting that differs (JSON config dumps)."""
    old_flat, new_flat = _flat(stored), _flat(new)
    missing = object()
    return [(key, old_flat.get(key, missing), new_flat.get(key, missing)) for key in sorted(set(old_flat) | set(new_flat))
            if old_flat.get(key, missing) != new_flat.get(key, missing)]


def describe_changes(changes: list[tuple[str, Any, Any]]) -> str:
    """``explore.rounds was 3, now 2; seed was 7, now 99`` (the first three)."""
    def show(v: Any) -> str:
        return "unset" if not isinstance(v, str | int | float | bool | list | dict | type(None)) else repr(v)
    text = "; ".join(f"{k} was {show(a)}, now {show(b)}" for k, a, b in changes[:3])
    return text + (f"; and {len(changes) - 3} more" if len(changes) > 3 else "")


def check_same_config(out: str | os.PathLike[str], config: dict[str, Any]) -> None:
    """StoreError naming each changed key, its stored and its new value, before anything heavy loads."""
    changes = config_changes(stored_manifest(out).config, config)
    if changes:
        raise StoreError(f"cannot resume {str(out)!r}: its config differs: {describe_changes(changes)}; resume with "
                         "'dive run --resume --out DIR' alone (it reads the run's config; only --tasks may change) "
                         "or choose a new --out")


def check_resumable(store: RunStore, manifest: RunManifest, resume: bool) -> None:
    """The store is empty, or ``resume`` continues the same run (config and tool hashes)."""
    stored = list(store.iter(RunManifest))
    if not stored:
        return
    if not resume:
        raise StoreError(f"{store.path} already holds a run; pass --resume to continue it, or choose a new --out")
    last = stored[-1]
    if last.config != manifest.config:
        raise StoreError(f"cannot resume {store.path}: its config differs: "
                         f"{describe_changes(config_changes(last.config, manifest.config))}; "
                         "resume with 'dive run --resume --out DIR' alone (only --tasks may change) or choose a new --out")
    if last.tool_hashes != manifest.tool_hashes:
        changed = sorted(k for k in set(last.tool_hashes) | set(manifest.tool_hashes)
                         if last.tool_hashes.get(k) != manifest.tool_hashes.get(k))
        raise StoreError(f"cannot resume {store.path}: tools changed since it started ({changed[:5]}...); "
                         "start a new run with --out")
