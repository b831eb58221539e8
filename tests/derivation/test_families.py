"""Compounds compared within their family (``dive.tools.packs.chem.seeds.FAMILIES``), and the lead a superlative's
winner needs (:func:`dive.derivation.compare.lead_needed`)."""

from __future__ import annotations

import random
import re
from collections import Counter

from dive.derivation.compare import MIN_MARGIN, lead_needed, pick_op
from dive.exploration.programs import ProgramExplorer
from dive.lexicon import load_lexicon
from dive.records import Seed
from dive.tools.packs.chem.seeds import FAMILIES, seeds
from dive.tools.registry import load_pool
from packs_util import program_rounds

# Vapour pressures at 25 °C, kPa (CRC Handbook of Chemistry and Physics, "Vapor pressure of fluids at temperatures
# below 300 K"): independent of the chemicals library the tool reads.
CRC_VAPOUR_KPA = {"acetone": 30.8, "hexane": 20.2, "ethanol": 7.87, "toluene": 3.79}


def test_every_family_member_is_the_compound_meant_and_named_with_its_family() -> None:
    """Every family member resolves in the chemicals database, to the compound meant; a compound's name seed (and its
    InChIKey's, which an item starts from by the name) carries its family; a compound of none has no group; every
    family holds three or more, as a superlative names three to five."""
    assert all(len(names) >= 3 for names in FAMILIES.values()), FAMILIES
    members = [n for names in FAMILIES.values() for n in names]
    assert len(members) == len(set(members)), Counter(members).most_common(3)
    by_name = {s.value: s.group for s in seeds() if s.sem == "molecule_name"}
    by_cas = {s.label: s.value for s in seeds() if s.sem == "cas_number"}  # a CAS seed is labelled by its name
    # CAS numbers from the CAS Common Chemistry registry: the database must resolve a name to the compound meant
    # (L-valine, not D-valine; 1,2-dichloroethane's isomer is no member)
    assert {n: by_cas.get(n) for n in ("valine", "serine", "tetrahydrofuran", "ibuprofen", "1,3-butadiene")} == {
        "valine": "72-18-4", "serine": "56-45-1", "tetrahydrofuran": "109-99-9", "ibuprofen": "15687-27-1",
        "1,3-butadiene": "106-99-0"}
    assert set(members) <= set(by_cas), sorted(set(members) - set(by_cas))  # every member resolves
    assert by_name["tetrahydrofuran"] == "solvent" and by_name["ibuprofen"] == "analgesic"
    assert by_name["water"] == "" and by_name["cyclohexanol"] == ""  # in no family; an IUPAC name
    assert {s.group for s in seeds() if s.sem in ("smiles", "cas_number")} == {""}  # never options given by code


def test_a_solvent_is_compared_with_other_solvents_by_vapour_pressure() -> None:
    """Round 2 runs the seed's chain for two or three more of its family and asks which has the largest or smallest
    vapour pressure; the answer agrees with the CRC's figures for the solvents the question names."""
    lex = load_lexicon(["core", "chem"])
    pool = load_pool(["core", "chem"]).subset(["chemical_lookup", "chemical_vapor_pressure"])
    kin = [Seed(value=v, sem="molecule_name", domain="chem", group="solvent") for v in CRC_VAPOUR_KPA]
    explorer = ProgramExplorer(lex, {"molecule_name": kin}, hops=2, siblings=(2, 3))
    _, tasks = program_rounds(explorer, lex, kin[0], pool, rounds=2)
    asked = [t for t in tasks if t.template == "superlative" and "vapour pressure" in t.query]
    assert asked, [t.query for t in tasks]
    task = asked[0]
    named = [v for v in CRC_VAPOUR_KPA if re.search(rf"\b{v}\b", task.query)]
    assert len(named) >= 3, task.query
    largest = "largest" in task.query or "highest" in task.query
    expected = (max if largest else min)(named, key=CRC_VAPOUR_KPA.__getitem__)
    assert task.answer.value == expected, (task.query, task.answer.value)
    assert task.answer.instructions == "Answer with the compound's name.", task.answer


def test_a_superlatives_winner_must_lead_by_the_fields_margin_or_tolerance() -> None:
    """A field whose references differ by 3% (a molar heat of fusion's tolerance) is not ranked on a 2.5% lead; a
    field with neither margin nor tolerance needs the least lead, :data:`MIN_MARGIN`."""
    lex = load_lexicon(["core", "chem"])
    fusion = lex.tools["chemical_phase_change_data"].fields["$.heat_of_fusion"]
    assert lead_needed(fusion) == fusion.tolerance == 0.03
    boiling = lex.tools["chemical_phase_change_data"].fields["$.boiling_point"]
    assert lead_needed(boiling) == MIN_MARGIN
    values = [10000.0, 9750.0, 5000.0]  # the winner leads the runner-up by 2.5%; the smallest is half the others
    assert pick_op(values, random.Random(0), margin=lead_needed(fusion), first="argmax") == "argmin"
    assert pick_op(values, random.Random(0), margin=lead_needed(boiling), first="argmax") == "argmax"
