"""Choices under a condition (``select``): the explorer's constrain move (:mod:`dive.exploration.constrain`) and the
questions :mod:`dive.derivation.select` asks of it, checked against reference figures independent of the tools."""

from __future__ import annotations

import re

import pytest

from dive.chains import chains_of
from dive.derivation.select import roundest
from dive.exploration.programs import ProgramExplorer
from dive.lexicon import load_lexicon
from dive.ops import OpError, apply_op
from dive.records import Seed
from dive.tools.registry import load_pool
from dive.verification.wellposed import ties
from packs_util import program_rounds

# CRC Handbook melting points (°C) and NIOSH Pocket Guide flash points (°C); autoignition temperatures from the NFPA
# (°C): none read from the chemicals library the tools use.
MELTING_C = {"diethyl ether": -116.3, "ethanol": -114.1, "benzene": 5.5}
FLASH_C = {"diethyl ether": -45.0, "ethanol": 13.0, "benzene": -11.0}
AUTOIGNITION_C = {"diethyl ether": 160.0, "ethanol": 363.0, "benzene": 498.0}
# World Bank population densities (people per km², 2022), populations and CIA World Factbook areas (km²).
DENSITY = {"the Netherlands": 520.0, "Belgium": 383.0, "Germany": 238.0, "France": 123.0}
PEOPLE = {"the Netherlands": 17.7e6, "Belgium": 11.7e6, "Germany": 84.1e6, "France": 68.0e6}
AREA_KM2 = {"the Netherlands": 41_543, "Belgium": 30_528, "Germany": 357_022, "France": 643_801}


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
    """After a superlative over three solvents (round 2), round 3 looks up a second property of each with another
    tool, beside the first (in no chain), and asks the winner among those that meet a condition on it; the answer
    agrees with the handbooks, and the condition decides it (the winner of all three fails it)."""
    lex = load_lexicon(["core", "chem"])
    pool = load_pool(["core", "chem"]).subset(["chemical_lookup", "chemical_phase_change_data", "chemical_safety_data"])
    names = ["diethyl ether", "acetone", "ethanol", "toluene", "hexane", "methanol", "ethyl acetate",
             "dichloromethane", "chloroform", "benzene"]
    kin = [Seed(value=v, sem="molecule_name", domain="chem", group="solvent") for v in names]
    explorer = ProgramExplorer(lex, {"molecule_name": kin}, hops=2, siblings=(2, 3),
                               asks=frozenset({"superlative", "select"}))
    trace, tasks = program_rounds(explorer, lex, kin[0], pool, rounds=3, chained=True)
    sides = [c for c in trace.calls if c.round == 3 and c.tool == "chemical_safety_data"]
    assert len(sides) == 3, [(c.round, c.tool) for c in trace.calls]
    assert not {c.id for c in sides} & {i for ch in chains_of(trace, lex) for i in ch.calls}  # beside, in no chain
    asked = [t for t in tasks if t.template == "select"]
    assert asked, [t.query for t in tasks]
    checked = 0
    for task in asked:
        assert task.round == 3 and task.provenance.op in ("argmax_where", "argmin_where"), task
        assert len({e.call_id for e in task.provenance.evidence}) == 6  # each option's two properties
        target = re.search(r"(highest|lowest) melting point", task.query)
        condition = re.search(r"(flash point|autoignition temperature) (?:is )?(above|below) (-?\d+) °C", task.query)
        if not (target and condition):
            continue
        table = FLASH_C if condition.group(1) == "flash point" else AUTOIGNITION_C
        line = float(condition.group(3))
        kept = [n for n in MELTING_C if (table[n] > line if condition.group(2) == "above" else table[n] < line)]
        pick = max if target.group(1) == "highest" else min
        assert task.answer.value == pick(kept, key=MELTING_C.__getitem__), (task.query, task.answer.value)
        assert task.answer.value != pick(MELTING_C, key=MELTING_C.__getitem__)  # the condition decides
        checked += 1
    assert checked, [t.query for t in asked]


def test_countries_are_chosen_among_those_over_a_population_or_an_area_by_their_density() -> None:
    """A density superlative's chain looks each country's population and area up first: a choice among those with
    more than a round number of people or square kilometres, said in the lexicon's words, asks no new call (round
    2); the answer agrees with the World Bank's densities and the CIA's areas."""
    lex = load_lexicon(["core", "geo"])
    pool = load_pool(["core", "geo"]).subset(["country_profile", "population_density"])
    kin = [Seed(value=v, sem="country_code", domain="geo", group="Western Europe") for v in ("NL", "DE", "FR", "BE")]
    explorer = ProgramExplorer(lex, {"country_code": kin}, hops=2, siblings=(3, 3),
                               asks=frozenset({"superlative", "select"}))
    _, tasks = program_rounds(explorer, lex, kin[0], pool, rounds=2)
    asked = [t for t in tasks if t.template == "select" and "population density" in t.query]
    assert asked, [t.query for t in tasks]
    for task in asked:
        m = re.search(r"that (have more than|are larger than) ([\d,]+)( million)? (people|square kilometres)",
                      task.query)
        assert m, task.query
        line = float(m.group(2).replace(",", "")) * (1e6 if m.group(3) else 1)
        table = PEOPLE if m.group(4) == "people" else AREA_KM2
        kept = [c for c in DENSITY if table[c] > line]
        pick = max if "highest" in task.query else min
        assert task.answer.value == pick(kept, key=DENSITY.__getitem__), (task.query, task.answer.value)
        assert task.answer.instructions == "Answer with the country's name.", task.answer
