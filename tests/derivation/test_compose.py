"""The compositional deriver and its answer specs, driven by real geo/bio tool calls.

Every expected answer is an independent fact, with its source in a comment. The traces are
recorded by calling the tools for real; nothing is hand-made.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import pytest
from pydantic import JsonValue

from dive.answers import check, normalize_text
from dive.derivation import Compose, digits_for, spec_for
from dive.records import Observation, Seed, Task, ToolCall, Trace
from dive.stages import Round
from dive.tools import FunctionToolset
from dive.tools.registry import load_pool
from dive.tools.tool import Tool
from dive.verification import Grounding, Leakage, VerifyContext, bridge_entities, provenance_calls, render_value

SEEDS = range(60)


@dataclass
class Recorder:
    """Calls tools for real through a toolset and records calls and observations in order."""

    toolset: FunctionToolset
    calls: list[ToolCall] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)

    def call(self, tool: str, parents: tuple[ToolCall, ...] = (), step: int = 0, round: int = 1,
             **arguments: JsonValue) -> ToolCall:
        call = ToolCall(tool=tool, arguments=arguments, parents=tuple(p.id for p in parents), step=step, round=round)
        obs = self.toolset.call(tool, dict(arguments), call_id=call.id)
        assert obs.ok, obs.error
        self.calls.append(call)
        self.observations.append(obs)
        return call

    def output(self, call: ToolCall) -> dict[str, JsonValue]:
        out = next(o.output for o in self.observations if o.call_id == call.id)
        assert isinstance(out, dict)
        return out

    def trace(self, seed: JsonValue = None) -> Trace:
        return Trace(seed=seed, toolset=tuple(t.name for t in self.toolset.list_tools()),
                     calls=tuple(self.calls), observations=tuple(self.observations))


@pytest.fixture(scope="module")
def pool() -> FunctionToolset:
    return load_pool(["geo", "core", "bio"])


@pytest.fixture(scope="module")
def tools(pool: FunctionToolset) -> dict[str, Tool]:
    return {t.name: t for t in pool.list_tools()}


def derive_all(trace: Trace, tools: dict[str, Tool], seed: Seed, *, round: int = 1,
               previous: Task | None = None) -> list[Task]:
    """Every candidate over many rng seeds (deduplicated by id, first-seen order)."""
    seen: dict[str, Task] = {}
    for i in SEEDS:
        for task in Compose().derive(Round.of(tools=tools, seed=seed, round=round, previous=previous, rng=random.Random(i)), trace):
            seen.setdefault(task.id, task)
    return list(seen.values())


def tokens(text: str) -> list[str]:
    return normalize_text(text.replace("`", " ")).split()


# -- multi-hop: city -> country -------------------------------------------------------

CANBERRA = Seed(value="Canberra", sem="city_name", domain="geo", label="Canberra")


@dataclass
class Chain:
    city: ToolCall
    profile: ToolCall
    trace: Trace


def record_chain(pool: FunctionToolset) -> Chain:
    rec = Recorder(pool)
    city = rec.call("city_lookup", name="Canberra")
    code = rec.output(city)["country_code"]
    assert code == "AU"  # ISO 3166-1 alpha-2 of Australia, whose capital is Canberra
    profile = rec.call("country_profile", parents=(city,), step=1, country=code)
    return Chain(city, profile, rec.trace("Canberra"))


@pytest.fixture(scope="module")
def chain(pool: FunctionToolset) -> Chain:
    return record_chain(pool)


@pytest.fixture(scope="module")
def chain_tasks(chain: Chain, tools: dict[str, Tool]) -> list[Task]:
    return derive_all(chain.trace, tools, CANBERRA)


def test_multi_hop_currency_of_canberra(chain: Chain, chain_tasks: list[Task]) -> None:
    hops = [t for t in chain_tasks if t.template == "multi_hop"
            and [(e.call_id, e.path) for e in t.provenance.evidence] == [(chain.profile.id, "$.currency_code")]]
    assert hops, "no multi-hop currency question over 60 rng seeds"
    for task in hops:
        assert task.answer.type == "string"
        assert task.answer.value == "AUD"  # ISO 4217 code of the Australian dollar
        assert check(task.answer, "AUD").correct
        assert "Canberra" in task.query
        assert "au" not in tokens(task.query)  # the bridge (Australia's ISO code) stays hidden
        assert task.provenance.op == "identity"
        assert bridge_entities(task, chain.trace, CANBERRA) == ["AU"]


def test_every_chain_candidate_is_grounded_and_leak_free(pool: FunctionToolset, chain: Chain,
                                                         chain_tasks: list[Task]) -> None:
    ctx = VerifyContext(toolset=pool, seed=CANBERRA)
    assert len(chain_tasks) > 10
    for task in chain_tasks:
        grounding = Grounding().verify(task, chain.trace, ctx)
        assert grounding.ok, (task.query, grounding.reason)
        leakage = Leakage().verify(task, chain.trace, ctx)
        assert leakage.ok, (task.query, leakage.reason)


def test_chain_templates_follow_the_call_structure(chain: Chain, chain_tasks: list[Task]) -> None:
    for task in chain_tasks:
        called = {e.call_id for e in task.provenance.evidence}
        if called == {chain.city.id}:
            assert task.template == "lookup", task.query
        else:
            assert called == {chain.profile.id}
            assert task.template in ("multi_hop", "count", "set"), task.query
    # the profile's population: Australia had ~23.7 million people in mid-2010s estimates
    # (Australian Bureau of Statistics, 2015: 23.8 million)
    pops = [t for t in chain_tasks if t.provenance.evidence[0].path == "$.population"
            and t.provenance.evidence[0].call_id == chain.profile.id]
    assert pops
    assert all(22_000_000 < t.answer.value < 25_000_000 for t in pops)  # type: ignore[operator]


def test_queries_never_state_the_answer(chain_tasks: list[Task]) -> None:
    # Canberra's country's capital is Canberra itself: that question would give itself away
    assert not [t for t in chain_tasks if t.answer.value == "Canberra"]


# -- comparison and arithmetic over a fan-out ---------------------------------------

EUROPE = Seed(value="Europe", sem="region_name", domain="geo")


@pytest.fixture(scope="module")
def fan_out(pool: FunctionToolset) -> tuple[Trace, dict[str, ToolCall]]:
    rec = Recorder(pool)
    calls = {code: rec.call("country_profile", country=code) for code in ("FR", "DE", "IT")}
    return rec.trace("Europe"), calls


@pytest.fixture(scope="module")
def fan_out_tasks(fan_out: tuple[Trace, dict[str, ToolCall]], tools: dict[str, Tool]) -> list[Task]:
    return derive_all(fan_out[0], tools, EUROPE)


def _choices(tasks: list[Task], path: str) -> dict[str, set[JsonValue]]:
    found: dict[str, set[JsonValue]] = {}
    for task in tasks:
        if task.template == "comparison" and task.provenance.evidence[0].path == path:
            found.setdefault(task.provenance.op, set()).add(task.answer.value)
    return found


def test_comparison_by_area(fan_out_tasks: list[Task]) -> None:
    # CIA World Factbook areas: France 643,801 km2 (551,695 metropolitan), Germany 357,022, Italy 301,340
    assert _choices(fan_out_tasks, "$.area_km2") == {"argmax": {"FR"}, "argmin": {"IT"}}


def test_comparison_by_population(fan_out_tasks: list[Task]) -> None:
    # mid-2010s populations (Eurostat 2015): Germany 81.2 M, France 66.4 M, Italy 60.8 M
    assert _choices(fan_out_tasks, "$.population") == {"argmax": {"DE"}, "argmin": {"IT"}}


def test_comparison_queries_name_every_option(fan_out_tasks: list[Task]) -> None:
    comparisons = [t for t in fan_out_tasks if t.template == "comparison"]
    assert comparisons
    for task in comparisons:
        assert task.provenance.params["labels"] == ["FR", "DE", "IT"]
        assert {"fr", "de", "it"} <= set(tokens(task.query))


def test_compare_over_two_countries(pool: FunctionToolset, tools: dict[str, Tool]) -> None:
    rec = Recorder(pool)
    for code in ("FR", "DE"):
        rec.call("country_profile", country=code)
    tasks = derive_all(rec.trace("Europe"), tools, EUROPE)
    # Germany has more people than France, France more area than Germany (sources above)
    assert _choices(tasks, "$.population") == {"compare": {"DE"}, "argmin": {"FR"}}
    assert _choices(tasks, "$.area_km2") == {"compare": {"FR"}, "argmin": {"DE"}}


def test_arithmetic_over_the_fan_out(pool: FunctionToolset, fan_out: tuple[Trace, dict[str, ToolCall]],
                                     fan_out_tasks: list[Task]) -> None:
    trace = fan_out[0]
    ctx = VerifyContext(toolset=pool, seed=EUROPE)
    arithmetic = [t for t in fan_out_tasks if t.template == "arithmetic"]
    assert {t.provenance.op for t in arithmetic} == {"sum", "mean"}
    for task in arithmetic:
        verdict = Grounding().verify(task, trace, ctx)
        assert verdict.ok, (task.query, verdict.reason)
        assert len(task.provenance.evidence) == 3
    by_key = {(t.provenance.op, t.provenance.evidence[0].path): t.answer.value for t in arithmetic}
    # independent approximations (sources as above; capitals Paris 48.86 N, Berlin 52.52 N, Rome 41.90 N)
    expected = {("sum", "$.population"): 207.6e6, ("mean", "$.population"): 69.2e6,
                ("sum", "$.area_km2"): 1.302e6, ("mean", "$.area_km2"): 434.0e3,
                ("mean", "$.capital_latitude"): 47.76}
    checked = 0
    for key, approx in expected.items():
        if key in by_key:
            assert by_key[key] == pytest.approx(approx, rel=0.02), key
            checked += 1
    assert checked >= 3


# -- count and set ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amino_acid", "codons"),
    [
        ("C", {"TGT", "TGC"}),  # standard genetic code: cysteine UGU, UGC
        ("L", {"TTA", "TTG", "CTT", "CTC", "CTA", "CTG"}),  # leucine: UUA, UUG, CUN
        ("stop", {"TAA", "TAG", "TGA"}),  # stop codons: UAA, UAG, UGA
    ],
)
def test_count_and_set_of_codons(pool: FunctionToolset, tools: dict[str, Tool], amino_acid: str,
                                 codons: set[str]) -> None:
    rec = Recorder(pool)
    rec.call("amino_acid_codons", amino_acid=amino_acid, table=1)
    trace = rec.trace(amino_acid)
    seed = Seed(value=amino_acid, sem="amino_acid", domain="bio")
    tasks = derive_all(trace, tools, seed)
    counts = [t for t in tasks if t.template == "count"]
    sets = [t for t in tasks if t.template == "set"]
    assert counts and sets
    assert {t.answer.value for t in counts} == {len(codons)}
    for task in sets:
        assert task.answer.type == "set"
        assert set(task.answer.value) == codons  # type: ignore[arg-type]
        assert check(task.answer, ", ".join(sorted(codons, reverse=True))).correct
    ctx = VerifyContext(toolset=pool, seed=seed)
    for task in counts + sets:
        assert Grounding().verify(task, trace, ctx).ok
        assert Leakage().verify(task, trace, ctx).ok


# -- answer specs ----------------------------------------------------------------------


def test_a_small_value_is_asked_to_its_significant_digits() -> None:
    """Below 0.01, or where the places would keep one digit, a value is asked to its own significant digits within
    0.1%: ruthenium's 0.001 mg/kg "rounded to 3 decimal places" accepted 0.000 and 0.002, and n-dodecane's vapour
    pressure "in atm, rounded to 7 decimal places" read as contrived (two readers, round BC)."""
    spec, params = spec_for(0.001, unit="mg/kg")
    assert (spec.instructions, spec.abs_tol, spec.rel_tol, params) == ("Give the number in mg/kg.", None, 1e-3, {})
    assert check(spec, "0.001").correct and not check(spec, "0.002").correct and not check(spec, "0").correct
    spec, _ = spec_for(0.00017766, unit="atm")
    assert spec.instructions == "Give the number in atm, to at least 4 significant digits."
    assert check(spec, "0.0001777").correct and not check(spec, "0.0001790").correct
    assert spec_for(0.01877, unit="mol")[0].instructions == "Give the number in mol, rounded to 5 decimal places."


def test_a_quantity_of_five_digits_or_more_is_asked_to_four_significant_digits() -> None:
    # plutonium-239's half-life, 2.411e4 years (ICRP-107): 24,110 to the precision it is known, so 24109 is not
    # asked "to a whole number"; money is still asked to the dollar
    spec, _ = spec_for(24109.2, unit="years")
    assert spec.instructions == "Give the number in years, to at least 4 significant digits." and spec.rel_tol == 1e-3
    assert check(spec, "24110 years").correct and not check(spec, "24200 years").correct
    assert spec_for(85226.4, unit="dollars")[0].instructions == "Give the number in dollars, rounded to a whole number."
    # a tiny value converted keeps significant digits, not "rounded to 10 decimal places" (methyl linoleate's vapour
    # pressure in atmospheres, round BI)
    assert spec_for(1.234567e-8, unit="atm", digits=10)[0].instructions == "Give the number in atm, to at least 4 significant digits."
    # China's area is 9,640,011 km² in the country table and 9,596,961 in the CIA World Factbook, 0.45% apart: in
    # square miles (3,722,029 or 3,705,407) it is asked to the 3 digits the sources agree on, within 1% (round CC)
    china, _ = spec_for(9640011 / 2.589988110336, unit="square miles", tolerance=0.01)
    assert china.instructions == "Give the number in square miles, to 3 significant digits." and china.rel_tol == 0.01
    assert check(china, "3,710,000 square miles").correct and check(china, str(9596961 / 2.589988110336)).correct
    assert not check(china, "3,600,000").correct
    tiny, _ = spec_for(2.5371e-4, unit="mol", tolerance=0.005)
    assert tiny.instructions == "Give the number in mol, to 3 significant digits." and tiny.rel_tol == 0.005


@pytest.mark.parametrize(
    ("value", "digits", "shown"),
    [
        (3.14159265, 3, 3.142),  # pi to 4 significant digits
        (-35.297591, 2, -35.3),
        (149.101268, 1, 149.1),
        (0.01234, 5, 0.01234),
        (6406.79, 0, 6407),
        (9.80665, 3, 9.807),  # standard gravity, m/s2
    ],
)
def test_float_spec_keeps_about_four_significant_digits(value: float, digits: int, shown: float) -> None:
    assert digits_for(value) == digits
    spec, params = spec_for(value)
    assert spec.type == "number"
    assert spec.value == shown
    assert spec.abs_tol == pytest.approx(0.5 if digits == 0 else 10.0 ** -digits)  # a whole number: half a unit
    assert params == {"digits": digits}
    assert check(spec, render_value(spec.value)).correct
    assert check(spec, str(value)).correct  # the unrounded value is within one unit


def test_a_large_float_asks_for_significant_digits() -> None:
    spec, params = spec_for(640679.0, unit="km2")  # area of France in countryinfo's data
    assert spec.value == 640700 and params == {"digits": -2}  # the reference is given to the 4 digits asked
    assert spec.abs_tol is None and spec.rel_tol == pytest.approx(1e-3)
    assert "at least 4 significant digits" in spec.instructions
    assert check(spec, "640,700 km2").correct and check(spec, "640,679 km2").correct
    assert not check(spec, "650,000 km2").correct  # 1.5% off
    spec, params = spec_for(35556.4, unit="mi2", tolerance=0.02)  # Portugal's area in square miles, sources 1% apart
    assert spec.value == 35600 and params == {"digits": -2} and spec.instructions.endswith("to 3 significant digits.")
    assert check(spec, "35,600 mi2").correct and check(spec, "35,556").correct


def test_float_spec_tolerance_is_one_unit_in_the_last_place() -> None:
    spec, _ = spec_for(3.14159265)
    assert check(spec, "3.1416").correct
    assert not check(spec, "3.14").correct  # 0.002 off: two units
    assert "3 decimal places" in spec.instructions


def test_whole_number_float_spec() -> None:
    spec, _ = spec_for(640679.0, unit="km2")
    assert spec.value == 640700 and isinstance(spec.value, int)  # to the 4 significant digits asked
    assert spec.unit == "km2"
    assert check(spec, "640,679 km2").correct


def test_float_spec_value_agrees_with_its_op_params() -> None:
    from dive.verification import apply_op

    spec, params = spec_for(1234.5)
    assert spec.value == apply_op("identity", [1234.5], params)


def test_date_bool_int_and_string_specs() -> None:
    date, _ = spec_for("2024-03-05")
    assert date.type == "date" and check(date, "2024-03-05").correct
    assert check(date, "March 5, 2024").correct
    flag, params = spec_for(True)
    assert flag.type == "boolean" and params == {} and check(flag, "yes").correct
    assert not check(flag, "no").correct
    whole, _ = spec_for(367752)
    assert whole.type == "integer" and check(whole, "367,752").correct
    text, _ = spec_for("AUD")
    assert text.type == "string" and check(text, "aud").correct
    with pytest.raises(ValueError):
        spec_for(None)


# -- determinism and rounds ------------------------------------------------------------


def test_same_trace_and_rng_give_the_same_tasks(pool: FunctionToolset, tools: dict[str, Tool]) -> None:
    first = record_chain(pool)
    again = record_chain(pool)  # tools re-run: the trace is the same content, the same id
    assert first.trace.id == again.trace.id
    for i in (0, 7, 42):
        a = Compose().derive(Round.of(tools=tools, seed=CANBERRA, round=1, previous=None, rng=random.Random(i)), first.trace)
        b = Compose().derive(Round.of(tools=tools, seed=CANBERRA, round=1, previous=None, rng=random.Random(i)), again.trace)
        assert a and [t.id for t in a] == [t.id for t in b]


def test_round_two_links_the_previous_task(pool: FunctionToolset, tools: dict[str, Tool]) -> None:
    rec = Recorder(pool)
    city = rec.call("city_lookup", name="Canberra")
    round_one = Compose().derive(Round.of(tools=tools, seed=CANBERRA, round=1, previous=None, rng=random.Random(0)), rec.trace("Canberra"))
    assert round_one and all(t.parent_task_id is None and t.round == 1 for t in round_one)
    previous = round_one[0]
    rec.call("country_profile", parents=(city,), round=2, country=rec.output(city)["country_code"])
    trace = rec.trace("Canberra")
    for i in range(10):
        tasks = Compose().derive(Round.of(tools=tools, seed=CANBERRA, round=2, previous=previous, rng=random.Random(i)), trace)
        assert tasks
        assert {t.parent_task_id for t in tasks} == {previous.id}
        assert {t.round for t in tasks} == {2}
        # a richer task (two calls on its provenance path) comes first from round 2
        assert len(provenance_calls(tasks[0], trace)) == 2
