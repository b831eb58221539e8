"""The typed-walk explorer chains real tools by semantic type, deterministically."""

from __future__ import annotations

import random

from dive.exploration import TypedWalk, facts_of
from dive.records import Seed
from dive.stages import Round
from dive.tools import load_pool

POOL = load_pool(["core"])


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
    assert {c.round for c in two.calls[len(one.calls):]} <= {2}


def test_processing_tools_never_take_constants_for_measured_numbers() -> None:
    for i in range(20):
        trace = walk(Seed(value="America/New_York", sem="timezone", domain="general"), i)
        for call in trace.calls:
            if call.tool in ("add_numbers", "subtract_numbers", "multiply_numbers", "divide_numbers",
                             "compare_numbers", "percent_change"):
                assert len(call.parents) >= 1
