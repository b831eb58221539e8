"""Phrasing: field phrases from output paths, and where each argument of a call came from.

Traces are built by calling real geo/core tools (no hand-made outputs). Independent facts
used below: Canberra is the capital of Australia, ISO 3166-1 alpha-2 ``AU``; Sydney is in
Australia too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from pydantic import JsonValue

from dive.derivation import ArgSource, PhraseError, Phraser, argument_sources, field_phrase
from dive.records import Observation, ToolCall, Trace
from dive.tools import FunctionToolset
from dive.tools.registry import load_pool
from dive.tools.tool import Tool


@dataclass
class Recorder:
    """Calls tools for real through a toolset and records calls and observations in order."""

    toolset: FunctionToolset
    calls: list[ToolCall] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)

    def call(self, tool: str, parents: tuple[ToolCall, ...] = (), step: int = 0, **arguments: JsonValue) -> ToolCall:
        call = ToolCall(tool=tool, arguments=arguments, parents=tuple(p.id for p in parents), step=step)
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


# -- field_phrase --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "unit", "expected"),
    [
        ("$.capital.name", None, "capital name"),  # nested key ending in a known short word: both kept
        ("$.capital_latitude", None, "capital latitude"),
        ("$.molar_mass", "g/mol", "molar mass (g/mol)"),  # unit appended
        ("$.mfe", None, "`mfe`"),  # cryptic key kept verbatim
        ("$.dg", None, "`dg`"),
        ("$.mfe", "kcal/mol", "`mfe` (kcal/mol)"),
    ],
)
def test_field_phrase_words(path: str, unit: str | None, expected: str) -> None:
    assert field_phrase(path, unit) == expected


@pytest.mark.parametrize(
    ("path", "ordinal", "key", "list_name"),
    [("$.items[0].code", "first", "code", "items"), ("$.results[1].name", "second", "name", "results"),
     ("$.hits[9].symbol", "tenth", "symbol", "hits")],
)
def test_field_phrase_index_becomes_an_ordinal(path: str, ordinal: str, key: str, list_name: str) -> None:
    phrase = field_phrase(path)
    assert phrase.startswith(f"{key} of the {ordinal} ")
    assert list_name in phrase.split()
    assert "[" not in phrase and "]" not in phrase


@pytest.mark.parametrize("path", ["$", "$.items[0]", "$.items[10].code"])
def test_field_phrase_rejects_what_it_cannot_say(path: str) -> None:
    with pytest.raises(PhraseError):
        field_phrase(path)


def test_phrase_error_is_a_value_error() -> None:
    # compose catches ValueError around phrasing; a PhraseError must be one
    assert issubclass(PhraseError, ValueError)


# -- argument_sources ------------------------------------------------------------------


@pytest.fixture(scope="module")
def chain(pool: FunctionToolset) -> tuple[Recorder, ToolCall, ToolCall]:
    rec = Recorder(pool)
    city = rec.call("city_lookup", name="Canberra")
    code = rec.output(city)["country_code"]
    assert code == "AU"  # ISO 3166-1: Australia
    profile = rec.call("country_profile", parents=(city,), step=1, country=code)
    return rec, city, profile


def test_a_fed_argument_points_at_the_parent_field(chain: tuple[Recorder, ToolCall, ToolCall],
                                                   tools: dict[str, Tool]) -> None:
    rec, city, profile = chain
    sources = argument_sources(profile, rec.trace("Canberra"), tools)
    assert sources == [ArgSource(param="country", value="AU", parent=city.id, path="$.country_code")]


def test_an_argument_of_a_root_call_is_a_literal(chain: tuple[Recorder, ToolCall, ToolCall],
                                                 tools: dict[str, Tool]) -> None:
    rec, city, _ = chain
    sources = argument_sources(city, rec.trace("Canberra"), tools)
    assert sources == [ArgSource(param="name", value="Canberra", parent=None, path=None)]


def test_literal_and_fed_arguments_of_one_call(pool: FunctionToolset, tools: dict[str, Tool]) -> None:
    rec = Recorder(pool)
    profile = rec.call("country_profile", country="Australia")
    assert rec.output(profile)["country_code"] == "AU"
    sydney = rec.call("city_lookup", parents=(profile,), step=1, name="Sydney", country="AU")
    assert rec.output(sydney)["country_code"] == "AU"  # Sydney, Australia
    by_param = {s.param: s for s in argument_sources(sydney, rec.trace(), tools)}
    assert by_param["name"].parent is None and by_param["name"].path is None
    assert (by_param["country"].parent, by_param["country"].path) == (profile.id, "$.country_code")


def test_fan_in_numbers_point_at_each_parent(pool: FunctionToolset, tools: dict[str, Tool]) -> None:
    rec = Recorder(pool)
    fr, de = rec.call("country_profile", country="FR"), rec.call("country_profile", country="DE")
    a, b = rec.output(fr)["area_km2"], rec.output(de)["area_km2"]
    add = rec.call("add_numbers", parents=(fr, de), step=1, a=a, b=b)
    stats = rec.call("statistics_summary", parents=(fr, de), step=1,
                     values=[rec.output(fr)["population"], rec.output(de)["population"]])
    trace = rec.trace()
    assert [(s.param, s.parent, s.path) for s in argument_sources(add, trace, tools)] == [
        ("a", fr.id, "$.area_km2"), ("b", de.id, "$.area_km2")]
    # a list whose items all came from parents: one source per item, the parameter repeated
    assert [(s.param, s.parent, s.path) for s in argument_sources(stats, trace, tools)] == [
        ("values", fr.id, "$.population"), ("values", de.id, "$.population")]


def test_a_mixed_list_keeps_the_provenance_of_its_fed_items(pool: FunctionToolset, tools: dict[str, Tool]) -> None:
    rec = Recorder(pool)
    fr, de = rec.call("country_profile", country="FR"), rec.call("country_profile", country="DE")
    pops = [rec.output(fr)["population"], rec.output(de)["population"]]
    stats = rec.call("statistics_summary", parents=(fr, de), step=1, values=[*pops, 5])
    sources = argument_sources(stats, rec.trace(), tools)
    assert [s.parent for s in sources] == [fr.id, de.id, None]


# -- Phraser ---------------------------------------------------------------------------


def test_subject_of_a_root_lookup_uses_the_semantic_noun(chain: tuple[Recorder, ToolCall, ToolCall],
                                                          tools: dict[str, Tool]) -> None:
    rec, city, _ = chain
    trace = rec.trace("Canberra")
    assert Phraser(trace, tools, trace.toolset).subject(city) == "the city Canberra"


def test_a_fed_argument_is_described_by_its_relation(chain: tuple[Recorder, ToolCall, ToolCall],
                                                     tools: dict[str, Tool]) -> None:
    rec, _, profile = chain
    trace = rec.trace("Canberra")
    subject = Phraser(trace, tools, trace.toolset).subject(profile)
    assert "Canberra" in subject
    assert "country code" in subject
    assert "au" not in subject.lower().replace("`", " ").split()  # the bridge value is never named


def test_processing_tools_are_named(pool: FunctionToolset, tools: dict[str, Tool]) -> None:
    rec = Recorder(pool)
    add = rec.call("add_numbers", a=2, b=3)
    trace = rec.trace()
    phraser = Phraser(trace, tools, trace.toolset)
    assert phraser.needs_tool_name(add, "result")
    assert "`add_numbers`" in phraser.value_ref(add.id, "$.result")


def test_too_long_a_subject_is_a_phrase_error(chain: tuple[Recorder, ToolCall, ToolCall],
                                              tools: dict[str, Tool]) -> None:
    rec, _, profile = chain
    trace = rec.trace("Canberra")
    with pytest.raises(PhraseError):
        Phraser(trace, tools, trace.toolset, max_chars=20).subject(profile)


def test_a_comparison_head_keeps_only_what_the_options_share() -> None:
    """``the apparent magnitude of the star Vega on 1 May 2024`` compares as *apparent magnitude on 1 May 2024*;
    ``the number of countries in the part of the world Yemen belongs to`` has no such head (a reviewer saw "the
    smallest number of countries and territories in the part belongs to")."""
    from dive.derivation.wording import head_of  # noqa: PLC0415

    stars = ["the apparent magnitude of the star Vega on 1 May 2024", "the apparent magnitude of the star Sirius on 1 May 2024"]
    assert head_of(stars, ["Vega", "Sirius"]) == "apparent magnitude on 1 May 2024"
    regions = [f"the number of countries and territories in the part of the world {c} belongs to, by UN subregion"
               for c in ("Yemen", "Iran")]
    assert head_of(regions, ["Yemen", "Iran"]) == ""
    assert head_of(["the molecular weight of urea", "the molecular weight of glycine"], ["urea", "glycine"]) == \
        "molecular weight"


def test_a_noun_that_is_a_clause_is_never_asked_as_what_is() -> None:
    """"What is what the FIB-4 index says about liver fibrosis ..." (two reviewers): a noun phrase opening with
    "what" is asked as "Can you tell me what ...?", never "What is what ...?"."""
    from dive.derivation.realize import question_forms  # noqa: PLC0415
    from dive.lexicon import load_lexicon  # noqa: PLC0415

    lex = load_lexicon(["medicine"])
    tl = lex.tools["fib4_index"]
    fl = next(f for f in tl.fields.values() if f.noun.startswith("what "))
    phrase = "what the FIB-4 index says about liver fibrosis in a 59-year-old"
    forms = question_forms(tl, fl, phrase, {}, {}, kind="P")
    assert forms and not any(f.lower().startswith(("what is what", "what's what")) for f in forms), forms
    assert any(f == f"Can you tell me {phrase}?" for f in forms), forms
