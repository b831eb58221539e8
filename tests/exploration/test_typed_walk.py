"""The typed-walk explorer chains real tools by semantic type, deterministically."""

from __future__ import annotations

import random

import pytest

from dive.exploration import TypedWalk, facts_of
from dive.jsonpath import resolve
from dive.records import Seed
from dive.stages import Round
from dive.tools import load_pool, pack_installed
from packs_util import pool_or_skip

POOL = pool_or_skip("core")


def walk(seed: Seed, rng_seed: int, rounds: int = 3):  # noqa: ANN201
    rng = random.Random(rng_seed)
    trace = None
    for r in range(1, rounds + 1):
        trace = TypedWalk(max_steps=5).explore(Round.of(seed=seed, toolset=POOL, trace=trace, round=r, rng=rng))
    return trace


def test_same_seed_same_trace() -> None:
    seed = Seed(value="Asia/Tokyo", sem="timezone", domain="general")
    a, b = walk(seed, 7), walk(seed, 7)
    assert a.id == b.id and a.model_dump_json(exclude={"calls": {"__all__": {"duration_ms", "started_at"}},
                                                      "observations": {"__all__": {"duration_ms"}}}) == \
        b.model_dump_json(exclude={"calls": {"__all__": {"duration_ms", "started_at"}},
                                   "observations": {"__all__": {"duration_ms"}}})


def test_first_call_uses_the_seed_and_later_calls_chain() -> None:
    seed = Seed(value="Asia/Tokyo", sem="timezone", domain="general")
    trace = walk(seed, 1)
    first = trace.calls[0]
    assert "Asia/Tokyo" in first.arguments.values()
    assert first.parents == ()
    chained = [c for c in trace.calls if c.parents]
    assert chained, "no call consumed an earlier output"
    ids = {c.id for c in trace.calls}
    for call in chained:
        assert set(call.parents) <= ids
        # every parent contributed a value that appears in this call's arguments
        tools = {t.name: t for t in POOL.list_tools()}
        parent_values = {repr(f.value) for f in facts_of(trace, tools) if f.call_id in call.parents}
        args = call.arguments.values()
        flat = [repr(v) for a in args for v in (a if isinstance(a, list) else [a])]
        assert parent_values & set(flat)


def test_rounds_extend_the_trace() -> None:
    seed = Seed(value="Europe/Paris", sem="timezone", domain="general")
    rng = random.Random(3)
    walker = TypedWalk(max_steps=5)
    one = walker.explore(Round.of(seed=seed, toolset=POOL, trace=None, round=1, rng=rng))
    two = walker.explore(Round.of(seed=seed, toolset=POOL, trace=one, round=2, rng=rng))
    assert [c.id for c in two.calls[: len(one.calls)]] == [c.id for c in one.calls]
    assert {c.round for c in one.calls} == {1}
    assert len(two.calls) > len(one.calls)  # round 2 added calls (an empty round must fail this test)
    assert {c.round for c in two.calls[len(one.calls):]} == {2}


def test_processing_tools_never_take_constants_for_measured_numbers() -> None:
    """Walks from countries over core, geo, time and finance do call the arithmetic tools (this test counts
    them, so it cannot pass vacuously), and every number such a call takes is a looked-up value of a parent."""
    packs = ["core", "geo", "time", "finance"]
    if not all(pack_installed(p) for p in packs):
        pytest.skip("needs the geo, time and finance packs: pip install 'dive-tasks[all]'")
    pool = load_pool(packs)
    tools = {t.name: t for t in pool.list_tools()}
    checked = 0
    for code in ("AI", "AE", "AG", "BE", "BS", "BB", "BM"):
        seed = Seed(value=code, sem="country_code", domain="geo")
        for i in range(3):
            rng, trace = random.Random(i), None
            for r in (1, 2, 3):
                trace = TypedWalk(max_steps=5).explore(Round.of(seed=seed, toolset=pool, trace=trace, round=r, rng=rng))
            assert trace is not None
            facts = facts_of(trace, tools)
            for call in trace.calls:
                tool = tools[call.tool]
                numbers = [p for p in call.arguments if tool.param_sem.get(p) in ("number", "integer")]
                if tool.domain != "general" or tool.kind != "P" or not numbers:
                    continue
                parent_values = {f.value for f in facts if f.call_id in call.parents and f.is_number}
                for param in numbers:
                    assert call.arguments[param] in parent_values, (call.tool, param, call.arguments)
                checked += 1
    assert checked >= 5


def test_the_walk_records_which_output_field_fed_each_argument() -> None:
    """The data flow is recorded as the walk makes it (ToolCall.sources), so nothing re-infers it by value."""
    recorded = 0
    for i in range(6):
        trace = walk(Seed(value="Asia/Tokyo", sem="timezone", domain="general"), i)
        for call in trace.calls:
            for param, evidence in call.sources.items():
                assert evidence.call_id in call.parents
                assert resolve(trace.observation(evidence.call_id).output, evidence.path) == call.arguments[param]
                recorded += 1
            if call.parents and not any(isinstance(v, list) for v in call.arguments.values()):
                assert call.sources, call.tool  # (a list gathered from several calls has one source per item)
    assert recorded > 0
