"""Whole-pool invariants: metadata, semantic vocabulary, seeds, example calls and balance."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter

import pytest

from dive.tools import PACKS, load_pack, load_seeds, load_semtypes, pack_installed
from dive.tools.execution import Limits, execute
from dive.tools.semtypes import SEMANTIC_TYPES

INSTALLED = [p for p in PACKS if pack_installed(p)]
ALL_TOOLS = [t for p in INSTALLED for t in load_pack(p)]
VOCAB = dict(SEMANTIC_TYPES)
for _p in INSTALLED:
    VOCAB.update(load_semtypes(_p))


def test_all_packs_installed_in_dev() -> None:
    # The dev extras install every pack; a missing one means pyproject and registry disagree.
    assert list(PACKS) == INSTALLED, f"packs not importable: {set(PACKS) - set(INSTALLED)}"


def test_names_unique_and_metadata_complete() -> None:
    names = Counter(t.name for t in ALL_TOOLS)
    assert not [n for n, c in names.items() if c > 1]
    for t in ALL_TOOLS:
        assert t.kind in ("R", "P"), t.name
        assert len(t.description) >= 20, f"{t.name}: description too short to tell a model when to use it"
        assert t.source and t.license, f"{t.name}: source and license are required"
        assert t.examples, f"{t.name}: needs at least one example call"
        assert t.domain == PACKS[t.pack].domain, f"{t.name}: domain {t.domain} but pack {t.pack}"


def test_semantic_types_are_in_the_vocabulary() -> None:
    unknown = {(t.name, s) for t in ALL_TOOLS for s in (*t.param_sem.values(), *t.output_sem.values()) if s not in VOCAB}
    assert not unknown, f"semantic types missing from dive.tools.semtypes or the pack's SEMANTIC_TYPES: {sorted(unknown)}"


@pytest.mark.parametrize("pack", INSTALLED)
def test_seeds_feed_some_tool(pack: str) -> None:
    seeds = load_seeds(pack)
    assert len(seeds) >= 200, f"{pack}: {len(seeds)} seeds, need at least 200"
    accepted = {s for t in ALL_TOOLS for s in t.param_sem.values()}
    orphan = {s.sem for s in seeds} - accepted
    assert not orphan, f"{pack}: seed types no tool accepts: {orphan}"
    assert len({(s.value, s.sem) for s in seeds}) == len(seeds), f"{pack}: duplicate seeds"


@pytest.mark.parametrize("pack", INSTALLED)
def test_every_example_call_succeeds(pack: str) -> None:
    """Every example call works (without a Java runtime, OPSIN's tools must say so: 'dive doctor' reports it)."""
    failures = []
    no_java = shutil.which("java") is None
    for t in load_pack(pack):
        for i, example in enumerate(t.examples):
            obs = execute(t, example, call_id=f"{t.name}-{i}", limits=Limits(timeout_s=60))
            if not obs.ok and not (no_java and "install a Java runtime (apt-get install" in (obs.error or "")):
                failures.append(f"{t.name} example {i}: {obs.error}")
    assert not failures, "\n".join(failures)


def test_every_domain_has_both_kinds() -> None:
    kinds: dict[str, set[str]] = {}
    for t in ALL_TOOLS:
        kinds.setdefault(t.domain, set()).add(t.kind)
    assert {d for d, k in kinds.items() if k != {"R", "P"}} == set()


def test_pool_size_and_balance() -> None:
    if list(PACKS) != INSTALLED:
        pytest.skip("balance is defined over the full pool")
    total = len(ALL_TOOLS)
    domains = Counter(t.domain for t in ALL_TOOLS)
    sources = Counter(t.source for t in ALL_TOOLS)
    assert total >= 250, f"{total} tools"
    assert len(domains) >= 6
    assert max(domains.values()) / total <= 0.30, domains
    assert max(sources.values()) / total <= 0.15, sources.most_common(3)


def test_importing_dive_loads_no_optional_sdk() -> None:
    code = (
        "import sys, dive, dive.records, dive.tools, dive.config, dive.cli, dive.answers\n"
        "heavy = {'openai', 'mcp', 'ray', 'torch', 'transformers', 'rdkit', 'Bio', 'QuantLib', 'pandas', 'numpy'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"
