"""A day drawn for a program where any day serves (lexicon ``any_day``): not the tool example's in every task."""

from __future__ import annotations

import dataclasses
import random

from dive.exploration.arguments import any_day
from dive.exploration.programs import ProgramExplorer
from dive.lexicon import lexicon_problems, load_lexicon
from dive.records import Seed
from dive.tools.registry import load_pool


def test_a_day_is_drawn_per_seed_and_keeps_the_example_s_clock() -> None:
    """Round AM: 12 of 2,000 tasks asked where Jupiter stands on 7 December 2024 at 22:00 (the tool's example)."""
    days = {any_day(city, "sky_position_altaz", "2024-12-07T22:00:00") for city in
            ("Paris", "Lima", "Tokyo", "Nairobi", "Oslo", "Quito", "Perth", "Dakar", "Hanoi", "Riga")}
    assert len(days) >= 8 and all(d.endswith("T22:00:00") and "2024-01-01" <= d[:10] <= "2026-12-31" for d in days)
    assert any_day("Paris", "sky_position_altaz", "2024-12-07T22:00:00") in days  # the same for the same seed
    assert any_day("Paris", "sunrise_sunset", "2024-06-21") != any_day("Paris", "sky_position_altaz", "2024-06-21")
    assert any_day("Paris", "sunrise_sunset", 2024) == 2024  # not a date: kept


def test_every_call_of_a_comparison_looks_at_the_same_day() -> None:
    """Sunrise at three cities of one region is compared on one day: the siblings a later round adds take the day
    drawn for the program's seed, never one each."""
    lex = load_lexicon(["geo", "time"])
    pool = load_pool(["geo", "time"]).subset(["city_lookup", "sunrise_sunset"])
    cities = [Seed(value=c, sem="city_name", domain="geo", group="Western Europe")
              for c in ("Paris", "Brussels", "Amsterdam", "Berlin", "Vienna")]
    ex = ProgramExplorer(lex, {"city_name": cities}, hops=2, siblings=(2, 2))
    trace = ex.explore(seed=cities[0], toolset=pool, trace=None, round=1, rng=random.Random(1))
    trace = ex.explore(seed=cities[0], toolset=pool, trace=trace, round=2, rng=random.Random(1))
    days = {c.arguments["date"] for c in trace.calls if c.tool == "sunrise_sunset"}
    places = {c.arguments["name"] for c in trace.calls if c.tool == "city_lookup"}
    assert len(places) == 3 and days == {any_day("Paris", "sunrise_sunset", "2024-06-21")}, (places, days)
    assert days != {"2024-06-21"}


def test_any_day_names_a_date_parameter() -> None:
    lex = load_lexicon(["time"])
    tools = {t.name: t for t in load_pool(["time"]).list_tools()}
    assert not [p for p in lexicon_problems(lex, tools) if "any_day" in p]
    bad = dataclasses.replace(lex.tools["sunrise_sunset"], any_day=("latitude",))
    problems = lexicon_problems(dataclasses.replace(lex, tools={**lex.tools, "sunrise_sunset": bad}), tools)
    assert any("any_day 'latitude' is not a date" in p for p in problems), problems


def test_an_amount_is_one_a_person_would_give_drawn_per_seed() -> None:
    """Round AN: "How many moles are there in 36.03 g of toluene?" (the example's 2 mol of water) was asked of 64 of
    2,000 tasks' compounds. The lexicon's ``choices`` give the masses a person weighs out; the moles are the mass over
    the molar mass (toluene, C7H8: 92.14 g/mol, CRC)."""
    from dive.derivation.natural import Natural  # noqa: PLC0415
    from dive.exploration.arguments import drawn  # noqa: PLC0415

    lex = load_lexicon(["core", "chem"])
    pool = load_pool(["core", "chem"]).subset(["chemical_lookup", "chem_grams_to_moles"])
    choices = lex.tools["chem_grams_to_moles"].choices["mass_g"]
    masses = {}
    for name in ("toluene", "caffeine", "ethanol", "acetone", "glycerol", "benzene"):
        seed = Seed(value=name, sem="molecule_name", domain="chem")
        trace = ProgramExplorer(lex, {}, hops=2).explore(seed=seed, toolset=pool, trace=None, round=1,
                                                         rng=random.Random(0))
        call = next(c for c in trace.calls if c.tool == "chem_grams_to_moles")
        masses[name] = call.arguments["mass_g"]
        assert masses[name] == drawn(name, "chem_grams_to_moles", lex.tools["chem_grams_to_moles"], "mass_g", 36.03)
        if name == "toluene":
            tools = {t.name: t for t in pool.list_tools()}
            tasks = Natural(lex).derive(trace=trace, tools=tools, seed=seed, round=1, previous=None,
                                        rng=random.Random(0))
            moles = [t for t in tasks if t.answer.unit == "mol"]
            assert moles and f"{masses[name]:g} g of toluene" in moles[0].query, [t.query for t in tasks]
            assert abs(float(moles[0].answer.value) - masses[name] / 92.14) < 0.002, moles[0].answer
    assert set(masses.values()) <= set(choices) and len(set(masses.values())) >= 3, masses


def test_choices_are_values_the_parameter_takes() -> None:
    lex = load_lexicon(["core", "chem"])
    tools = {t.name: t for t in load_pool(["core", "chem"]).list_tools()}
    bad = dataclasses.replace(lex.tools["chem_grams_to_moles"], choices={"mass_g": (5, "heavy"), "grams": (1,)})
    problems = lexicon_problems(dataclasses.replace(lex, tools={**lex.tools, "chem_grams_to_moles": bad}), tools)
    assert any("choices 'mass_g': ['heavy'] not accepted" in p for p in problems), problems
    assert any("choices 'grams' is not a parameter" in p for p in problems), problems


def test_a_decay_is_asked_to_a_fraction_that_takes_more_than_counting_half_lives() -> None:
    """Carbon-14 to a quarter of its amount is two half-lives, 11,400 years at its 5,700 (two readers, round AS:
    "just two half-lives"); to a tenth it is log2(10) = 3.32 half-lives, 18,935 years, which takes the tool."""
    import math  # noqa: PLC0415

    lex = load_lexicon(["core", "chem"])
    assert set(lex.tools["decay_time_to_fraction"].choices["fraction_remaining"]) == {0.1, 0.01}
    pool = load_pool(["core", "chem"]).subset(["decay_time_to_fraction"])
    obs = pool.call("decay_time_to_fraction", {"nuclide": "C-14", "fraction_remaining": 0.1})
    assert obs.ok and abs(obs.output["time_years"] - 5700 * math.log2(10)) < 1, obs.output
