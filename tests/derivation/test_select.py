"""Choices under a condition (``select``): the explorer's constrain move (:mod:`dive.exploration.constrain`) and the
questions :mod:`dive.derivation.select` asks of it, checked against reference figures independent of the tools."""

from __future__ import annotations

import re

import pytest

from dive.chains import chains_of
from dive.derivation.select import roundest
from dive.exploration.programs import ProgramExplorer
from dive.lexicon import LexiconError, load_lexicon, parse_lexicon
from dive.ops import OpError, apply_op
from dive.records import Seed
from dive.tools.registry import load_pool
from dive.verification.wellposed import ties
from packs_util import program_rounds

# CRC Handbook normal boiling points (°C) and flash points (°C, NIOSH Pocket Guide; dimethyl sulfoxide's from its
# safety data sheet): none read from the chemicals library the tools use.
BOILING_C = {"diethyl ether": 34.6, "dimethyl sulfoxide": 189.0, "dimethylformamide": 153.0, "ethanol": 78.3,
             "acetone": 56.1, "toluene": 110.6}
FLASH_C = {"diethyl ether": -45.0, "dimethyl sulfoxide": 89.0, "dimethylformamide": 58.0, "ethanol": 13.0,
           "acetone": -20.0, "toluene": 4.0}
# Italy's land neighbours (CIA World Factbook: their areas, km²), their populations (2022 estimates) and World Bank population densities
# (people per km², 2022; the Vatican's from its 800 people on 0.44 km²).
NEIGHBOURS_OF_ITALY = ("FR", "CH", "AT", "SI", "SM", "VA")
PEOPLE_NEAR_ITALY = {"France": 68.0e6, "Switzerland": 8.8e6, "Austria": 9.0e6, "Slovenia": 2.1e6, "San Marino": 33_600,
                     "Vatican City": 800}
AREA_NEAR_ITALY = {"France": 643_801, "Switzerland": 41_285, "Austria": 83_871, "Slovenia": 20_273, "San Marino": 61,
                   "Vatican City": 0.44}
DENSITY_NEAR_ITALY = {"France": 123.0, "Switzerland": 222.0, "Austria": 109.0, "Slovenia": 105.0, "San Marino": 560.0,
                      "Vatican City": 1_800.0}


def lex_geo():  # noqa: ANN201
    return load_lexicon(["core", "geo"])


def _solvent_rounds(tools: list[str]):  # noqa: ANN202
    """Three rounds over the solvents of :data:`BOILING_C` (diethyl ether first) with ``tools``, each round extending
    the task the one before kept, as a run does."""
    lex = load_lexicon(["core", "chem"])
    pool = load_pool(["core", "chem"]).subset(tools)
    kin = [Seed(value=v, sem="molecule_name", domain="chem", group="solvent") for v in BOILING_C]
    explorer = ProgramExplorer(lex, {"molecule_name": kin}, hops=2, siblings=(3, 4),
                               asks=frozenset({"superlative", "select"}))
    trace, tasks = program_rounds(explorer, lex, kin[0], pool, rounds=3, chained=True)
    return lex, trace, tasks


def test_argmax_where_chooses_among_the_operands_whose_key_passes() -> None:
    """n values, then their n keys: the winner among those whose key is over (or under) the line, never one that
    fails it; an op with no operand left, or with both or neither line, is an error."""
    labels = {"labels": ["a", "b", "c"]}
    values = [5.0, 3.0, 1.0, 10.0, 30.0, 20.0]  # a has the largest value, but its key 10 fails "over 15"
    assert apply_op("argmax_where", values, {**labels, "over": 15}) == "b"
    assert apply_op("argmin_where", values, {**labels, "under": 25}) == "c"
    assert apply_op("argmax_where", values, {**labels, "under": 25}) == "a"
    with pytest.raises(OpError, match="no operand"):
        apply_op("argmax_where", values, {**labels, "over": 100})
    with pytest.raises(OpError, match="one number"):
        apply_op("argmax_where", values, {**labels, "over": 1, "under": 50})
    with pytest.raises(OpError, match="n values then their n keys"):
        apply_op("argmax_where", values[:5], {**labels, "over": 1})


def test_a_tie_counts_only_among_the_operands_kept() -> None:
    """Two operands tied for the best are ill-posed only when the condition keeps both."""
    values = [7.0, 7.0, 3.0, 1.0, 9.0, 9.0]
    assert ties("argmax_where", values, {"labels": ["a", "b", "c"], "over": 5}) == []  # a fails the condition
    assert ties("argmax_where", values, {"labels": ["a", "b", "c"], "over": 0}) == [7.0, 7.0]


def test_the_threshold_is_the_roundest_number_between_the_values() -> None:
    """One significant digit, 1, 2 or 5 first (the smaller of equals); a temperature in °C may be any multiple of
    ten; none where the range holds no such number."""
    assert roundest(12.3, 68.0) == 20.0
    assert roundest(1_250_000, 4_900_000) == 2_000_000
    assert roundest(0.13, 0.19) is None  # 0.15 has two significant digits
    assert roundest(-95.0, -86.0) == -90.0
    assert roundest(112.0, 127.0) is None and roundest(112.0, 127.0, tens=True) == 120.0
    assert roundest(-3.0, 4.0) == 0.0
    assert roundest(5.0, 4.0) is None


def test_solvents_are_chosen_among_those_that_meet_a_condition_on_a_second_property() -> None:
    """After a superlative over named solvents (round 2), round 3 looks up a second property of each with another
    tool, beside the first (in no chain), and asks a choice the lexicon pairs (``among``): the most volatile of those
    not highly flammable (the lowest boiling point among those with a flash point above a line), or the least
    flammable of those easy to evaporate. The answer agrees with the handbooks, and the condition decides it."""
    lex, trace, tasks = _solvent_rounds(["chemical_lookup", "chemical_phase_change_data", "chemical_safety_data"])
    sides = [c for c in trace.calls if c.round == 3 and c.tool == "chemical_safety_data"]
    assert len(sides) >= 3, [(c.round, c.tool) for c in trace.calls]
    assert not {c.id for c in sides} & {i for ch in chains_of(trace, lex) for i in ch.calls}  # beside, in no chain
    asked = [t for t in tasks if t.template == "select"]
    assert asked, [t.query for t in tasks]
    for task in asked:
        assert task.round == 3 and task.provenance.op in ("argmax_where", "argmin_where"), task
        options = [n for n in BOILING_C if re.search(rf"\b{n}\b", task.query)]
        assert len({e.call_id for e in task.provenance.evidence}) == 2 * len(options) >= 6  # two properties each
        m = re.search(r"(lowest normal boiling point|highest flash point).*?(flash point|normal boiling point) "
                      r"(?:is )?(above|below) (-?\d+) °C|(flash point|normal boiling point) (?:is )?(above|below) "
                      r"(-?\d+) °C.*?(lowest normal boiling point|highest flash point)", task.query)
        assert m, task.query
        target = m.group(1) or m.group(8)
        field, side, line = (m.group(2), m.group(3), m.group(4)) if m.group(1) else (m.group(5), m.group(6), m.group(7))
        assert (target, field, side) in (("lowest normal boiling point", "flash point", "above"),
                                         ("highest flash point", "normal boiling point", "below")), task.query
        condition, goal = (FLASH_C, BOILING_C) if field == "flash point" else (BOILING_C, FLASH_C)
        kept = [n for n in options if (condition[n] > float(line) if side == "above" else condition[n] < float(line))]
        pick = min if target.startswith("lowest") else max
        assert task.answer.value == pick(kept, key=goal.__getitem__), (task.query, task.answer.value)
        assert task.answer.value != pick(options, key=goal.__getitem__)  # the condition decides


def test_the_neighbours_of_italy_are_ranked_by_density_among_those_over_a_million_people() -> None:
    """A set named by its relation holds its microstates whether the asker wants them or not: *Of the countries that
    border Italy, which has the highest population density among those that have more than 1 million people?* leaves
    the Vatican and San Marino aside (a line from the lexicon's ``cuts``, ten times over San Marino's 33,600 people and
    well under Slovenia's 2.1 million) and is Switzerland by the World Bank's densities. Each neighbour's profile and
    density, then the set: three tools."""
    seeds = [Seed(value=c, sem="country_code", domain="geo") for c in ("IT", *NEIGHBOURS_OF_ITALY)]
    pool = load_pool(["core", "geo"]).subset(["country_neighbors", "country_profile", "population_density"])
    explorer = ProgramExplorer(lex_geo(), {"country_code": seeds}, hops=1, asks=frozenset({"members", "select"}))
    trace, tasks = program_rounds(explorer, lex_geo(), seeds[0], pool, chained=True)
    asked = [t for t in tasks if t.template == "select"]
    assert asked, [t.query for t in tasks]
    task = asked[0]
    assert "the countries that border Italy" in task.query and "highest population density" in task.query, task.query
    m = re.search(r"that (have more than 1 million people|are larger than 1,000 square kilometres)\?", task.query)
    assert m, task.query
    table, line = (PEOPLE_NEAR_ITALY, 1e6) if "people" in m.group(1) else (AREA_NEAR_ITALY, 1000)
    kept = [c for c, v in table.items() if v > line]
    assert task.answer.value == max(kept, key=DENSITY_NEAR_ITALY.__getitem__) == "Switzerland", task.answer
    assert max(DENSITY_NEAR_ITALY, key=DENSITY_NEAR_ITALY.__getitem__) not in kept  # the condition decides
    assert task.provenance.params["over"] == line
    tools = {c.id: c.tool for c in trace.calls}
    assert {tools[e.call_id] for e in task.provenance.evidence} == {"population_density", "country_profile"}


def test_named_countries_take_no_size_condition() -> None:
    """Monaco among countries the asker names is one "a real user would just leave off the list" (both readers, round
    CP): over named options a superlative is asked, never a choice among those over a size."""
    lex = lex_geo()
    pool = load_pool(["core", "geo"]).subset(["country_profile", "population_density"])
    kin = [Seed(value=v, sem="country_code", domain="geo", group="Western Europe") for v in ("MC", "DE", "FR", "PL")]
    explorer = ProgramExplorer(lex, {"country_code": kin}, hops=2, siblings=(3, 3),
                               asks=frozenset({"superlative", "select"}))
    trace, tasks = program_rounds(explorer, lex, kin[0], pool, rounds=2)
    assert len([c for c in trace.calls if c.tool == "population_density"]) == 4  # each one's density and size
    assert not [t.query for t in tasks if t.template == "select"]


def test_a_lexicons_cuts_must_be_numbers() -> None:
    """A field's ``cuts`` is a list of numbers; anything else is refused with the key's own error."""
    field = {"noun": "the population of {country}", "cuts": [1_000_000, 10_000_000]}
    parsed = parse_lexicon({"tools": {"t": {"subject": "country", "fields": {"population": field}}}}, "test")
    assert parsed.tools["t"].fields["$.population"].cuts == (1_000_000.0, 10_000_000.0)
    with pytest.raises(LexiconError, match=r"t\.fields\.population\.cuts: expected a list of the numbers"):
        parse_lexicon({"tools": {"t": {"fields": {"population": {**field, "cuts": "a million"}}}}}, "test")


def test_no_second_property_is_looked_up_that_no_question_pairs_with_the_first() -> None:
    """A flash point's lexicon pairs it with a boiling or melting point (``among``), and the toolset has neither:
    after a superlative over flash points, round 3 calls no other property tool beside each option (a vapour pressure
    no question would read) and grows the program another way (one more solvent)."""
    lex, trace, tasks = _solvent_rounds(["chemical_lookup", "chemical_vapor_pressure", "chemical_safety_data"])
    assert [t.template for t in tasks if t.round == 2][0] == "superlative", [t.query for t in tasks]
    assert {tool for tool, *_ in lex.tools["chemical_safety_data"].fields["$.flash_point"].among} == {
        "chemical_phase_change_data"}
    third = [c.tool for c in trace.calls if c.round == 3]
    assert third and "chemical_vapor_pressure" not in third, third
