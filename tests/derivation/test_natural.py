"""The programs explorer and the natural deriver, end to end on real geo tools."""

from __future__ import annotations

import random
import re

import pytest

from dive.derivation.natural import Natural
from dive.exploration.programs import ProgramExplorer, chains_of
from dive.lexicon import load_lexicon
from dive.records import Seed
from dive.tools.registry import load_pool
from dive.verification import Grounding, Replay, VerifyContext
from dive.verification.hygiene import EmptyHop, QueryHygiene, Trivial

SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


@pytest.fixture(scope="module")
def world():  # noqa: ANN201
    pool = load_pool(["geo"]).subset(["country_profile", "city_lookup"])
    lex = load_lexicon(["geo"])
    seeds = {"country_code": [Seed(value=c, sem="country_code", domain="geo") for c in ("FR", "PE", "JP", "KE")]}
    return pool, lex, seeds


def test_a_two_hop_chain_describes_its_bridge_and_never_names_it(world) -> None:  # noqa: ANN001
    pool, lex, seeds = world
    seed = Seed(value="FR", sem="country_code", domain="geo")
    trace = ProgramExplorer(lex, seeds, hops=2).explore(seed=seed, toolset=pool, trace=None, round=1,
                                                      rng=random.Random(3))
    assert [c.tool for c in trace.calls] == ["country_profile", "city_lookup"]
    hop = trace.calls[1]
    assert hop.arguments["name"] == "Paris" and hop.sources["name"].path == "$.capital"
    tools = {t.name: t for t in pool.list_tools()}
    tasks = Natural(lex).derive(trace=trace, tools=tools, seed=seed, round=1, previous=None, rng=random.Random(0))
    timezone = [t for t in tasks if t.answer.value == "Europe/Paris"]  # Paris keeps Central European Time
    assert timezone, [t.query for t in tasks]
    query = timezone[0].query
    assert "the capital of France" in query and "Paris" not in query and not SNAKE.search(query)
    ctx = VerifyContext(toolset=pool, seed=seed)
    for task in tasks:
        assert not SNAKE.search(task.query) and "`" not in task.query
        for check in (Grounding(), Replay(), QueryHygiene(), EmptyHop(), Trivial()):
            verdict = check.verify(task, trace, ctx)
            assert verdict.ok, (task.query, verdict.reason)


def test_a_wider_round_compares_the_same_chain_over_more_countries(world) -> None:  # noqa: ANN001
    pool, lex, seeds = world
    seed = Seed(value="FR", sem="country_code", domain="geo")
    ex = ProgramExplorer(lex, seeds, hops=1, siblings=(2, 2))
    trace = ex.explore(seed=seed, toolset=pool, trace=None, round=1, rng=random.Random(1))
    run = None
    for attempt in range(10):  # the round picks deeper or wider; find a wider one
        run = ex.explore(seed=seed, toolset=pool, trace=trace, round=2, rng=random.Random(attempt))
        if len(chains_of(run, lex)) >= 3:
            break
    assert run is not None and len(chains_of(run, lex)) >= 3
    tools = {t.name: t for t in pool.list_tools()}
    tasks = Natural(lex).derive(trace=run, tools=tools, seed=seed, round=2, previous=None, rng=random.Random(0))
    sup = [t for t in tasks if t.template == "superlative"]
    assert sup
    ctx = VerifyContext(toolset=pool, seed=seed)
    for task in sup:
        assert Grounding().verify(task, run, ctx).ok
        labels = task.provenance.params["labels"]
        assert "France" in labels and task.answer.value in labels
