"""The lexicon: every built-in pack's lexicon matches its tools, and realization reads as English."""

from __future__ import annotations

import pytest

from dive.derivation.realize import fill, format_number, mention
from dive.lexicon import LexiconError, lexicon_problems, load_lexicon, parse_lexicon
from dive.tools.registry import PACKS, load_pack, pack_installed

INSTALLED = [p for p in PACKS if pack_installed(p)]


@pytest.mark.parametrize("pack", INSTALLED)
def test_every_pack_lexicon_matches_its_tools(pack: str) -> None:
    tools = {t.name: t for t in load_pack(pack)}
    lex = load_lexicon([pack])
    own = type(lex)({n: tl for n, tl in lex.tools.items() if n in tools}, lex.types)
    assert lexicon_problems(own, tools) == []
    assert set(own.tools) == set(tools), f"tools of {pack} with no lexicon entry: {sorted(set(tools) - set(own.tools))}"
    askable = sum(bool(tl.fields) for tl in own.tools.values())
    assert askable >= 0.85 * len(tools)


def test_no_noun_or_question_form_names_a_field_or_parameter() -> None:
    import re

    lex = load_lexicon(INSTALLED)
    snake = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
    for name, tl in lex.tools.items():
        for fl in tl.fields.values():
            for text in (fl.noun, *fl.ask, fl.count):
                bare = re.sub(r"\{[A-Za-z_0-9]+\}", "", text)
                assert not snake.search(bare) and "`" not in bare and " = " not in bare, (name, text)


def test_a_lexicon_that_names_a_missing_parameter_is_reported() -> None:
    lex = parse_lexicon({"tools": {"country_profile": {"fields": {"capital": "the capital of {nation}"}}}}, "test")
    problems = lexicon_problems(lex, {t.name: t for t in load_pack("geo")})
    assert any("slot {nation} is not a parameter" in p for p in problems)
    assert any("parameters ['country'] are neither slots" in p for p in problems)


def test_a_malformed_lexicon_fails_naming_the_key() -> None:
    with pytest.raises(LexiconError, match=r"types.x.mention: 'loud' is not one of"):
        parse_lexicon({"types": {"x": {"mention": "loud"}}}, "test")
    with pytest.raises(LexiconError, match="top-level keys"):
        parse_lexicon({"tool": {}}, "test")
    with pytest.raises(LexiconError, match=r"population.margin: expected a share between 0 and 1"):
        parse_lexicon({"tools": {"t": {"fields": {"population": {"noun": "the population", "margin": 10}}}}}, "test")
    with pytest.raises(LexiconError, match=r"azimuth.above: expected a mapping of output field -> the number"):
        parse_lexicon({"tools": {"t": {"fields": {"azimuth": {"noun": "the azimuth", "above": ["altitude"]}}}}}, "test")
    with pytest.raises(LexiconError, match=r"used_by\[\*\].subjects: expected a list of the subjects .* on a field with members"):
        parse_lexicon({"tools": {"t": {"fields": {"used_by[*]": {"noun": "the users", "subjects": ["XOF"]}}}}}, "test")
    with pytest.raises(LexiconError, match=r"half_life.significant: expected significant digits from 1 to 6"):
        parse_lexicon({"tools": {"t": {"fields": {"half_life": {"noun": "the half-life", "significant": 0}}}}}, "test")
    with pytest.raises(LexiconError, match=r"half_life.tolerance: expected a share from 0 to 0.1"):
        parse_lexicon({"tools": {"t": {"fields": {"half_life": {"noun": "the half-life", "tolerance": 0.5}}}}}, "test")
    with pytest.raises(LexiconError, match=r"neighbors\[\*\].disputed: expected a list of the subjects .* never gone"):
        parse_lexicon({"tools": {"t": {"fields": {"neighbors[*]": {"noun": "the neighbours", "disputed": "FR"}}}}}, "test")
    with pytest.raises(LexiconError, match=r"currency_codes\[\*\].where: expected a mapping of value -> what the members"):
        parse_lexicon({"tools": {"t": {"fields": {"currency_codes[*]": {"noun": "the currencies", "where": ["EUR"]}}}}},
                      "test")
    lex = parse_lexicon({"tools": {"country_profile": {"fields": {"capital": {
        "noun": "the capital of {country}", "above": {"altitude": 0}}}}}}, "test")
    assert lexicon_problems(lex, {t.name: t for t in load_pack("geo")}) == \
        ["country_profile: $.capital: above names $.altitude, which is not in the output schema"]
    lex = parse_lexicon({"tools": {"country_profile": {"params": {"country": {"*": "of {country}", "when": {
        "nation": "A"}}}, "fields": {"capital": {"noun": "the capital"}}}}}, "test")
    assert lexicon_problems(lex, {t.name: t for t in load_pack("geo")}) == \
        ["country_profile: params.country.when: ['nation'] is not a parameter (['country'])"]


def test_values_are_mentioned_as_people_say_them() -> None:
    lex = load_lexicon(INSTALLED)
    assert mention("FR", "country_code", lex) == "France"  # ISO 3166-1: FR is France
    assert mention("NL", "country_code", lex) == "the Netherlands"
    assert mention(0.05, "interest_rate", lex) == "5%"
    assert mention("2024-03-15", "date", lex) == "15 March 2024"
    assert format_number(67750000) == "67,750,000"
    assert format_number(0.1 + 0.2) == "0.3"
    # a list writes its numbers in one style: a reader of "-10,000, 2750, 4250" cannot tell list commas apart
    assert mention([-10000, 2750, 4250.5, 250], "number", lex) == "-10,000, 2,750, 4,250.5 and 250"
    assert mention([2750, 4250], "number", lex) == "2750 and 4250"


def test_a_described_slot_drops_its_role_word_and_unit_but_nothing_else() -> None:
    described = {"seq": "the protein encoded by ATG", "w": "the ideal body weight of a 180 cm man"}
    assert fill("the mass of the protein {seq}", described, {"seq"}) == "the mass of the protein encoded by ATG"
    assert fill("a dose for {w} kg", described, {"w"}) == "a dose for the ideal body weight of a 180 cm man"
    assert (fill("How many public holidays does {c} have in {y}?", {"c": "the capital's country", "y": "2024"}, {"c"})
            == "How many public holidays does the capital's country have in 2024?")
    assert fill("Is it a leap year? It is an {x} case", {"x": "unusual"}) == "Is it a leap year? It is an unusual case"


def test_found_by_names_the_type_a_code_is_found_from_and_needs_a_label() -> None:
    label = "dive.tools.packs.chem._labels:inchikey_label"
    lex = parse_lexicon({"types": {"inchikey": {"mention": "label", "label": label, "found_by": "molecule_name"}}},
                        "test")
    assert lex.type("inchikey").found_by == "molecule_name" and lex.type("smiles").found_by == ""
    with pytest.raises(LexiconError, match="found_by"):
        parse_lexicon({"types": {"inchikey": {"found_by": "molecule_name"}}}, "test")
