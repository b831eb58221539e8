"""The convert move: a quantity a lookup found, asked in the unit a person wants (a retrieval, then a calculation).

Facts checked against the CRC Handbook of Chemistry and Physics: tungsten melts at 3422 °C and boils at 5555 °C
(the pack's element data, mendeleev's, give 5828 K, 5555 °C, and its melting point is corrected to the CRC's);
cobalt-60's half-life is 5.2714 years (NNDC); Kenya's area is 580,367 km², 224,081 mi² (CIA World Factbook); sodium's
first ionization energy is 495.8 kJ/mol (CRC, from NIST's 5.1391 eV)."""

from __future__ import annotations

import random

import pytest

from dive.derivation.natural import Natural
from dive.exploration.convert import convert
from dive.exploration.programs import ProgramExplorer
from dive.lexicon import LexiconError, lexicon_problems, load_lexicon, parse_lexicon
from dive.provenance import provenance_calls
from dive.records import Seed, Task
from dive.tools.registry import load_pool
from packs_util import program_rounds

pytest.importorskip("mendeleev")

LEX = load_lexicon(["core", "chem"])
TUNGSTEN = Seed(value="W", sem="element_symbol", domain="chem")
_CELSIUS = {"melting_point": 3422.0, "boiling_point": 5555.0}


def _converted(tasks: list[Task], trace) -> list[Task]:  # noqa: ANN001
    calls = {c.id: c for c in trace.calls}
    return [t for t in tasks if any(calls[e.call_id].tool == "convert_units" for e in t.provenance.evidence)]


def test_a_found_temperature_in_kelvins_is_asked_in_degrees_and_recomputes_from_the_lookup() -> None:
    pool = load_pool(["core", "chem"]).subset(["element_info", "convert_units"])
    trace, tasks = program_rounds(ProgramExplorer(LEX, {}, hops=1), LEX, TUNGSTEN, pool, rounds=2, chained=True)
    conv = next(c for c in trace.calls if c.tool == "convert_units")
    source = conv.sources["value"]
    lookup = next(c for c in trace.calls if c.id == source.call_id)
    assert lookup.tool == "element_info" and conv.arguments["from_unit"] == "K"
    assert conv.arguments["value"] == trace.observation(lookup.id).output[source.path.removeprefix("$.")]
    asked = _converted(tasks, trace)
    assert asked, [t.query for t in tasks]
    task = asked[0]
    assert task.template == "chain" and len({e.call_id for e in task.provenance.evidence}) == 1
    assert "tungsten" in task.query and "kelvin" not in task.query, task.query  # the found value's unit goes unsaid
    tools = {t.name: t for t in pool.list_tools()}
    queries = {t.query for r in range(40) for t in _converted(Natural(LEX).derive(
        trace=trace, tools=tools, seed=TUNGSTEN, round=2, previous=None, rng=random.Random(r)), trace)}
    assert len(queries) > 4 and not [q for q in queries if "calculate" in q or "work out" in q], queries  # looked up
    field = source.path.removeprefix("$.")
    celsius = _CELSIUS[field]
    assert conv.arguments["to_unit"] == "C"  # a chemist asks in degrees Celsius, never Fahrenheit (two reviewers)
    assert "degrees Celsius" in task.query and float(task.answer.value) == pytest.approx(celsius, abs=1)


def test_a_half_life_is_said_in_the_largest_unit_it_makes_one_of() -> None:
    pytest.importorskip("radioactivedecay")
    lex = load_lexicon(["core", "chem"])
    pool = load_pool(["core", "chem"]).subset(["nuclide_info", "convert_units"])
    seed = Seed(value="Co-60", sem="nuclide", domain="chem")
    trace, tasks = program_rounds(ProgramExplorer(lex, {}, hops=1), lex, seed, pool, rounds=2, chained=True)
    conv = next(c for c in trace.calls if c.tool == "convert_units")
    assert (conv.arguments["from_unit"], conv.arguments["to_unit"]) == ("s", "yr")
    task = _converted(tasks, trace)[0]
    # 5.2714 years (NNDC), asked to 3 significant digits (lexicon ``significant: 3``): 5.27, and 5.2714 accepted
    assert "in years" in task.query and float(task.answer.value) == pytest.approx(5.27, abs=1e-9), task.query
    from dive.answers import check  # noqa: PLC0415

    assert check(task.answer, "5.2714").correct and not check(task.answer, "5.30").correct
    # within the lexicon's tolerance of 0.5%, as evaluations differ (caesium-137: 30.17 years in ICRP-107, 30.08 in
    # the NNDC's), whatever the digits asked: 5.25 (0.4% off) is accepted
    assert task.answer.rel_tol == 0.005 and check(task.answer, "5.25").correct


def test_no_conversion_after_a_comparison_nor_where_the_tool_gives_the_unit_already() -> None:
    pool = load_pool(["core", "chem"]).subset(["element_info", "convert_units"])
    ex = ProgramExplorer(LEX, {}, hops=1)
    trace = ex.explore(seed=TUNGSTEN, toolset=pool, trace=None, round=1, rng=random.Random(1))
    tools = {t.name: t for t in pool.list_tools()}
    from dive.exploration.program_run import ProgramRun  # noqa: PLC0415

    run = ProgramRun(ex, pool, tools, TUNGSTEN, trace, 2, random.Random(2))
    previous = Task(trace_id=trace.id, query="Which of W, Re and Os melts highest?", answer={"type": "string",
                    "value": "W"}, provenance={"op": "argmax", "evidence": []}, toolset=trace.toolset, round=1,
                    template="superlative")
    assert not convert(run, (trace.calls[0].id,), previous)
    assert len(run.calls) == len(trace.calls)  # nothing was called
    geo = load_lexicon(["core", "geo"])
    airports = load_pool(["core", "geo"]).subset(["airport_by_iata", "convert_units"])
    seed = Seed(value="DEN", sem="airport_iata", domain="geo")
    found = ProgramExplorer(geo, {}, hops=1).explore(seed=seed, toolset=airports, trace=None, round=1,
                                                     rng=random.Random(1))
    run = ProgramRun(ProgramExplorer(geo, {}, hops=1), airports, {t.name: t for t in airports.list_tools()}, seed, found, 2,
               random.Random(2))
    assert not convert(run, (found.calls[0].id,), None)  # an elevation in metres beside one in feet: not converted


def test_a_stated_value_says_its_unit() -> None:
    pool = load_pool(["core"]).subset(["convert_units"])
    tools = {t.name: t for t in pool.list_tools()}
    lex = load_lexicon(["core"])
    seed = Seed(value=10, sem="number", domain="core")
    trace = ProgramExplorer(lex, {}, hops=1).explore(seed=seed, toolset=pool, trace=None, round=1,
                                                     rng=random.Random(0), focus="convert_units",
                                                     cover="convert_units")
    tasks = Natural(lex).derive(trace=trace, tools=tools, seed=seed, round=1, previous=None, rng=random.Random(0),
                                cover="convert_units")
    assert tasks and "10 kilometers" in tasks[0].query and "miles" in tasks[0].query, [t.query for t in tasks]
    assert float(tasks[0].answer.value) == pytest.approx(6.2137, abs=1e-3)  # 10 km / 1.609344 km per mile


def test_implied_must_name_parameters_of_the_tool() -> None:
    lex = parse_lexicon({"tools": {"convert_units": {"implied": {"from_unit": "amount"},
                                                     "fields": {"value": "{value} in {to_unit}"}}}}, "test")
    tools = {t.name: t for t in load_pool(["core"]).list_tools()}
    assert any("implied from_unit: amount" in p for p in lexicon_problems(lex, tools))
    with pytest.raises(LexiconError, match="implied: expected a mapping"):
        parse_lexicon({"tools": {"convert_units": {"implied": ["from_unit"]}}}, "test")


def test_a_compound_s_phase_temperatures_are_asked_in_celsius_to_the_degree() -> None:
    """Chloroform melts at 209.7 K and boils at 334.3 K (CRC); the pack's table gives 209.95 K: tables differ by
    tenths, so the lexicon takes these to the kelvin (``digits: 0``). A compound's melting and boiling points are
    asked in °C only (``ask_in: C``), as handbooks give them: never in kelvins, and converted they keep that
    precision."""
    pool = load_pool(["core", "chem"]).subset(["chemical_phase_change_data", "convert_units"])
    seed = Seed(value="67-66-3", sem="cas_number", domain="chem")
    ex = ProgramExplorer(LEX, {}, hops=1)
    trace = ex.explore(seed=seed, toolset=pool, trace=None, round=1, rng=random.Random(1),
                       focus="chemical_phase_change_data", cover="chemical_phase_change_data")
    assert trace.observation(trace.calls[0].id).output["melting_point"] == pytest.approx(209.7, abs=0.3)
    tools = {t.name: t for t in pool.list_tools()}
    asked = Natural(LEX).derive(trace=trace, tools=tools, seed=seed, round=1, previous=None, rng=random.Random(0),
                                cover="chemical_phase_change_data")
    assert not [t.query for t in asked if t.provenance.evidence[0].path in ("$.melting_point", "$.boiling_point")]
    conv = []
    for k in range(2, 12):  # a round converts one value: the heat of fusion in kJ/mol, or a temperature
        later = ex.explore(seed=seed, toolset=pool, trace=trace, round=2, rng=random.Random(k), previous=None)
        conv += [t for t in _converted(Natural(LEX).derive(trace=later, tools=tools, seed=seed, round=2, previous=None,
                                                           rng=random.Random(0)), later) if "kJ/mol" not in t.query]
    # a table's whole kelvin said in whole degrees Celsius: -63.5 °C (CRC) is accepted, and -64 it rounds to (ethyl
    # acetate's 190 K is -83 °C, and -83.6 °C in other tables: two readers, round BQ)
    assert conv and conv[0].answer.abs_tol == 1.0, [(t.query, t.answer) for t in conv]
    assert {t.answer.value for t in conv} <= {-63, 61} and "degrees Celsius" in conv[0].query
    with pytest.raises(LexiconError, match="digits: expected decimal places"):
        parse_lexicon({"tools": {"t": {"fields": {"x": {"noun": "the x of {a}", "digits": 1.5}}}}}, "test")


def test_a_timestamp_in_seconds_is_no_duration_to_convert() -> None:
    lex = load_lexicon(["core", "time"])
    pool = load_pool(["core", "time"]).subset(["datetime_to_unix_timestamp", "convert_units"])
    tools = {t.name: t for t in pool.list_tools()}
    ex = ProgramExplorer(lex, {}, hops=1)
    seed = Seed(value="2024-03-10T09:00:00", sem="datetime", domain="time")
    trace = ex.explore(seed=seed, toolset=pool, trace=None, round=1, rng=random.Random(1))
    assert trace.calls and trace.calls[0].tool == "datetime_to_unix_timestamp"
    from dive.exploration.program_run import ProgramRun  # noqa: PLC0415

    run = ProgramRun(ex, pool, tools, seed, trace, 2, random.Random(2))
    assert not convert(run, (trace.calls[0].id,), None)  # "the Unix timestamp of 10 March 2024 ... in years"


def test_a_temperature_in_celsius_keeps_the_decimal_places_of_the_kelvins_it_restates() -> None:
    """cis-2-butene boils at 3.72 °C, 276.87 K (NIST Chemistry WebBook). The equation of state gives 276.8735169 K,
    asked to about four significant digits (276.9 K): said in °C it keeps that one decimal place, never 3.7235 °C
    (two reviewers, round U: a boiling point to four places is no one's request)."""
    pytest.importorskip("CoolProp")
    pool = load_pool(["core", "chem"]).subset(["fluid_boiling_point", "convert_units"])
    seed = Seed(value="cis-2-Butene", sem="fluid_name", domain="chem")
    ex = ProgramExplorer(LEX, {}, hops=1)
    tools = {t.name: t for t in pool.list_tools()}
    first = ex.explore(seed=seed, toolset=pool, trace=None, round=1, rng=random.Random(1))
    asked = []
    for k in range(2, 12):  # a round converts one value: the boiling point, or the heat of vaporization in kJ/mol
        trace = ex.explore(seed=seed, toolset=pool, trace=first, round=2, rng=random.Random(k), previous=None)
        asked += [t for t in _converted(Natural(LEX).derive(trace=trace, tools=tools, seed=seed, round=2,
                                                            previous=None, rng=random.Random(0)), trace)
                  if "boil" in t.query and "enthalpy" not in t.query]
    assert asked
    for task in asked:
        assert "degrees Celsius" in task.query and "rounded to 1 decimal place" in task.query, task.query
        assert task.answer.value == pytest.approx(3.72, abs=0.1)


@pytest.mark.parametrize(("code", "km2", "asked"), [
    ("MC", 2.02, "rounded to 3 decimal places"),  # 3 significant digits: 0.780 square miles, never 0.7799
    ("KE", 580367, "to 3 significant digits"),  # a whole number of km², which sources give 1% apart: 224,000
])
def test_an_area_in_square_miles_keeps_the_significant_digits_of_the_area_it_restates(code: str, km2: float,
                                                                                     asked: str) -> None:
    """Monaco is 2.02 km² (CIA World Factbook) in the country table, 0.780 square miles (1 mi² is 2.589988110336 km²):
    asked to four places, 0.7799, it turned on which area figure is taken (2.02 or 2.08 km²: two reviewers, round
    X). Kenya's 580,367 km² is 224,081 square miles, asked to the 3 significant digits sources agree on (areas differ
    by up to 1% between gazetteers (2% is accepted): China's 9,640,011 km² here, 9,596,961 in the CIA World
    Factbook; both readers, round CC, of China's area "to at least 4 significant digits")."""
    pytest.importorskip("countryinfo")
    lex = load_lexicon(["core", "geo"])
    pool = load_pool(["core", "geo"]).subset(["country_profile", "convert_units"])
    seed = Seed(value=code, sem="country_code", domain="geo")
    trace, tasks = program_rounds(ProgramExplorer(lex, {}, hops=1), lex, seed, pool, rounds=2, chained=True)
    asked_area = [t for t in _converted(tasks, trace) if "square miles" in t.query]
    assert asked_area, [t.query for t in tasks]
    for task in asked_area:
        assert asked in task.query, task.query
        assert task.answer.value == pytest.approx(km2 / 2.589988110336, rel=2e-3)
        assert task.answer.rel_tol == 0.02 or km2 < 10  # the Seychelles: 452, 455 or 459 km² (round CG)


def test_an_area_the_lexicon_disputes_is_not_converted() -> None:
    """Singapore reclaims land: 710 km² in the country table, about 734 km² today (Singapore's Department of
    Statistics), 2.5% off in square miles (both readers, round CP). Its area is ``disputed``, so no conversion asks
    it; Monaco's, undisputed, is converted by the same program."""
    pytest.importorskip("countryinfo")
    lex = load_lexicon(["core", "geo"])
    pool = load_pool(["core", "geo"]).subset(["country_profile", "convert_units"])
    asked = {}
    for code in ("SG", "MC"):
        seed = Seed(value=code, sem="country_code", domain="geo")
        trace, _ = program_rounds(ProgramExplorer(lex, {}, hops=1), lex, seed, pool, rounds=2, chained=True)
        asked[code] = [c.arguments for c in trace.calls if c.tool == "convert_units" and c.arguments["from_unit"] == "km2"]
    assert asked["SG"] == [] and asked["MC"], asked


def test_a_decay_time_in_days_is_asked_how_long_and_said_back_as_a_sentence() -> None:
    """Technetium-99m (half-life 6.0067 h, NNDC) decays to 1% in log2(100) = 6.644 half-lives: 39.9 h, 1.66 days. The
    converter's own forms would read "What is how long technetium-99m takes ... in days?"; the reply says "Technetium-99m
    takes 1.665 days to decay to 1% of its initial amount." (round BQ: "What is the time it takes ..." read as a
    template)."""
    pytest.importorskip("radioactivedecay")
    pool = load_pool(["core", "chem"]).subset(["decay_time_to_fraction", "convert_units"])
    seed = Seed(value="Tc-99m", sem="nuclide", domain="chem")
    asked = []
    for r in range(4):
        ex = ProgramExplorer(LEX, {}, hops=1)
        trace = ex.explore(seed=seed, toolset=pool, trace=None, round=1, rng=random.Random(r))
        tools = {t.name: t for t in pool.list_tools()}
        first = Natural(LEX).derive(trace=trace, tools=tools, seed=seed, round=1, previous=None, rng=random.Random(r),
                                    cover="decay_time_to_fraction")
        trace = ex.explore(seed=seed, toolset=pool, trace=trace, round=2, rng=random.Random(r),
                           previous=first[0] if first else None)
        asked += [t for t in _converted(Natural(LEX).derive(trace=trace, tools=tools, seed=seed, round=2, previous=None,
                                                            rng=random.Random(r)), trace) if "days" in t.query]
    assert asked, "no decay time converted to days"
    for task in asked:
        assert "how long technetium-99m takes to decay" in task.query.lower(), task.query
        assert not task.query.lower().startswith(("what is how", "how much is how", "convert how")), task.query
        assert task.statement.startswith("Technetium-99m takes "), task.statement
        assert float(task.answer.value) == pytest.approx(6.0067 * 6.6439 / 24, rel=0.005)


def test_an_ionization_energy_in_electronvolts_is_asked_in_kilojoules_per_mole() -> None:
    """The element's name, its ionization energies and the converter: *What's the first ionization energy of sodium
    in kJ/mol?* (3 tools), the chemistry tables' unit."""
    pool = load_pool(["core", "chem"]).subset(["element_by_name", "element_ionization_energies", "convert_units"])
    seed = Seed(value="sodium", sem="element_name", domain="chem")
    trace, tasks = program_rounds(ProgramExplorer(LEX, {}, hops=2), LEX, seed, pool, rounds=2, chained=True)
    conv = next(c for c in trace.calls if c.tool == "convert_units")
    assert (conv.arguments["from_unit"], conv.arguments["to_unit"]) == ("eV", "kJ/mol")
    task = _converted(tasks, trace)[0]
    assert "sodium" in task.query and "kJ/mol" in task.query and "eV" not in task.query, task.query
    assert float(task.answer.value) == pytest.approx(495.8, abs=0.5)
    used = {c.tool for c in provenance_calls(task, trace)}
    assert used == {"element_by_name", "element_ionization_energies", "convert_units"}


def test_an_enthalpy_of_formation_is_asked_only_in_kilojoules_per_mole() -> None:
    """Water's standard enthalpy of formation as a liquid is -285.83 kJ/mol (CRC); the tool gives it in J/mol, a unit
    no table or person uses for it: it is asked only converted (lexicon ``ask_in``), negative as it is."""
    pool = load_pool(["core", "chem"]).subset(["chemical_synonyms", "chemical_thermochemistry", "convert_units"])
    seed = Seed(value="water", sem="molecule_name", domain="chem")
    trace, tasks = program_rounds(ProgramExplorer(LEX, {}, hops=2), LEX, seed, pool, rounds=2, chained=True)
    assert not [t for t in tasks if "J/mol" in t.query and "kJ/mol" not in t.query and "enthalpy" in t.query]
    task = next(t for t in _converted(tasks, trace) if "of formation of water as a liquid" in t.query
                or "of formation of liquid water" in t.query)  # the field's own words, or its noun
    assert "kJ/mol" in task.query and float(task.answer.value) == pytest.approx(-285.83, abs=0.1)


def test_a_vapour_pressure_is_asked_in_kilopascals() -> None:
    """Ethanol's vapour pressure at 25 °C is 7.87 kPa (CRC): a handbook's unit, never 7,876 Pa (lexicon ``ask_in``)."""
    pool = load_pool(["core", "chem"]).subset(["chemical_lookup", "chemical_vapor_pressure", "convert_units"])
    seed = Seed(value="ethanol", sem="molecule_name", domain="chem")
    trace, tasks = program_rounds(ProgramExplorer(LEX, {}, hops=2), LEX, seed, pool, rounds=2, chained=True)
    assert not [t for t in tasks if "vapour pressure" in t.query and "kilopascals" not in t.query]
    task = next(t for t in _converted(tasks, trace) if "vapour pressure" in t.query and "ethanol" in t.query)
    assert "kilopascals" in task.query and float(task.answer.value) == pytest.approx(7.87, rel=0.02)


def test_a_converted_value_is_also_asked_in_its_field_s_own_words() -> None:
    """Water's standard enthalpy of formation as a liquid is -285.83 kJ/mol (CRC). Asked converted, it is also asked in
    the field's own words (*What is the standard heat of formation of liquid water?*) with the unit in the answer's
    instructions, so a run's converted questions come in more than one form (``verify.max_per_form``), of one answer."""
    from dive.verification.dedup import question_form  # noqa: PLC0415

    pool = load_pool(["core", "chem"]).subset(["chemical_synonyms", "chemical_thermochemistry", "convert_units"])
    seed = Seed(value="water", sem="molecule_name", domain="chem")
    trace, _ = program_rounds(ProgramExplorer(LEX, {}, hops=2), LEX, seed, pool, rounds=2, chained=True)
    tools = {t.name: t for t in pool.list_tools()}
    asked = [t for r in range(30) for t in _converted(Natural(LEX).derive(
        trace=trace, tools=tools, seed=seed, round=2, previous=None, rng=random.Random(r)), trace)
        if "water" in t.query and "liquid" in t.query]
    own = [t for t in asked if "heat of formation of liquid water" in t.query]
    plain = [t for t in asked if "enthalpy of formation of water as a liquid in kJ/mol" in t.query]
    assert own and plain, [t.query for t in asked]
    assert all(t.answer.instructions.startswith("Give the number in kJ/mol") for t in own), own[0].answer
    assert "kJ/mol" not in plain[0].answer.instructions  # said once, in the question
    assert [float(t.answer.value) for t in asked] == pytest.approx([-285.83] * len(asked), abs=0.1)
    assert question_form(own[0]) != question_form(plain[0])


def test_a_converted_value_is_never_asked_in_words_that_name_another_unit() -> None:
    """Kenya's area, 580,367 km², asked in square miles (224,081): the field's own form *How big is Kenya in square
    kilometres?* names the tool's unit, so it is never the converted question's (it read "How big is Kenya in square
    kilometres? Give the number in square miles": a reviewer)."""
    pytest.importorskip("countryinfo")
    lex = load_lexicon(["core", "geo"])
    pool = load_pool(["core", "geo"]).subset(["country_profile", "convert_units"])
    seed = Seed(value="KE", sem="country_code", domain="geo")
    trace, _ = program_rounds(ProgramExplorer(lex, {}, hops=1), lex, seed, pool, rounds=2, chained=True)
    tools = {t.name: t for t in pool.list_tools()}
    asked = [t for r in range(20) for t in _converted(Natural(lex).derive(
        trace=trace, tools=tools, seed=seed, round=2, previous=None, rng=random.Random(r)), trace)
        if "square miles" in t.query]
    assert asked, "no area asked in square miles"
    assert not [t.query for t in asked if "kilometres" in t.query or "kilometers" in t.query]
