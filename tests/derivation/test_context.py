"""A question with one clause of realistic context: a tool's lexicon ``context`` sentences open a share of the
questions about it (:data:`dive.derivation.compare.CONTEXT_SHARE`), and change nothing else."""

from __future__ import annotations

import dataclasses

import pytest

from dive.derivation.compare import CONTEXT_SHARE
from dive.exploration.programs import ProgramExplorer
from dive.lexicon import Lexicon, LexiconError, load_lexicon, parse_lexicon
from dive.records import Seed
from dive.tools.registry import load_pool
from dive.verification.hygiene import hygiene_problem
from packs_util import program_rounds

COMPOUNDS = ("ethanol", "acetone", "toluene", "benzene", "phenol", "aniline", "pyridine", "naphthalene", "glycerol",
             "hexane", "methanol", "chloroform", "caffeine", "aspirin", "urea", "styrene", "acetic acid", "formic acid",
             "cyclohexane", "ethyl acetate", "propan-1-ol", "butan-1-ol", "isopropanol", "diethyl ether",
             "dichloromethane", "acetonitrile", "nitrobenzene", "anisole", "benzaldehyde", "acetophenone", "octane",
             "heptane", "pentane", "1,4-dioxane", "tetrahydrofuran")


def _queries(lex: Lexicon) -> list[tuple[str, str]]:
    pool = load_pool(["core", "chem"]).subset(["chemical_lookup", "chemical_phase_change_data", "convert_units"])
    out = []
    for name in COMPOUNDS:
        seed = Seed(value=name, sem="molecule_name", domain="chem")
        _, tasks = program_rounds(ProgramExplorer(lex, {"molecule_name": [seed]}, hops=2), lex, seed, pool, rounds=2,
                                  chained=True)  # its temperatures and heats are asked converted (in °C, in kJ/mol)
        out += [(t.id, t.query) for t in tasks]
    return out


def test_a_share_of_questions_open_with_the_tools_context_and_nothing_else_changes() -> None:
    lex = load_lexicon(["core", "chem"])
    tl = lex.tools["chemical_phase_change_data"]
    assert tl.context, "the chem pack's lexicon gives the tool context sentences"
    bare = Lexicon({**lex.tools, tl.tool: dataclasses.replace(tl, context=())}, lex.types)
    said, plain = _queries(lex), _queries(bare)
    assert len(said) == len(plain) >= 30, len(said)
    opened = 0
    for (_, q), (_, p) in zip(said, plain, strict=True):
        if q != p:
            context = q[: len(q) - len(p) - 1]
            assert q.endswith(" " + p) and context in tl.context, (q, p)
            opened += 1
        assert hygiene_problem(q, {"chemical_lookup", "chemical_phase_change_data", "convert_units"}) is None, q
    assert 0.5 * CONTEXT_SHARE <= opened / len(said) <= 2 * CONTEXT_SHARE, (opened, len(said))
    assert said == _queries(lex), "the same program gives the same questions"


def test_every_packs_context_passes_query_hygiene() -> None:
    """No context sentence of any pack names a tool, field or parameter, or writes ``x = y``."""
    lex = load_lexicon(["core", "chem", "time", "geo", "bio", "finance", "medicine"])
    said = {(t.tool, c) for t in lex.tools.values() for c in t.context}
    assert len(said) >= 50, len(said)
    for tool, sentence in said:
        assert hygiene_problem(f"{sentence} What is it?", set(lex.tools)) is None, (tool, sentence)


@pytest.mark.parametrize("sentence", ["On 3 May I'm planning a trip.", "I'm looking at {country}.",
                                      "I'm checking the `flash_point`.", "planning a trip.", "Short."])
def test_a_context_that_names_a_value_or_is_no_sentence_is_refused(sentence: str) -> None:
    with pytest.raises(LexiconError, match=r"t\.context: .* is not a sentence of 10-90 characters"):
        parse_lexicon({"tools": {"t": {"context": [sentence], "fields": {"x": {"noun": "the x of {a}"}}}}}, "test")
    parsed = parse_lexicon({"tools": {"t": {"context": ["I'm planning a trip."],
                                            "fields": {"x": {"noun": "the x of {a}"}}}}}, "test")
    assert parsed.tools["t"].context == ("I'm planning a trip.",)
