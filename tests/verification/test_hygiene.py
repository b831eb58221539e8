"""query_hygiene, empty_hop and trivial: each with tasks built to fail it, on real tool outputs."""

from __future__ import annotations

import pytest

from dive.records import AnswerSpec, Evidence, Provenance, Task, ToolCall, Trace
from dive.tools.registry import load_pool
from dive.verification import VerifyContext
from dive.verification.hygiene import EmptyHop, QueryHygiene, Trivial, hygiene_problem


@pytest.fixture(scope="module")
def pool():  # noqa: ANN201
    return load_pool(["geo"])


def _trace(pool, *calls: ToolCall) -> Trace:  # noqa: ANN001
    observations = tuple(pool.call(c.tool, dict(c.arguments), call_id=c.id) for c in calls)
    return Trace(seed="FR", seed_type="country_code", toolset=("city_lookup", "country_profile"), calls=calls,
                 observations=observations)


@pytest.mark.parametrize(("query", "problem"), [
    ("Run `country_profile` on France. What is the capital?", "backtick"),
    ("What is the capital when country = FR?", "'name = value'"),
    ("What is the capital_latitude of France?", "identifier 'capital_latitude'"),
    ("What is the capital, exactly as the tool gives it?", "as the tool gives it"),
])
def test_queries_that_dictate_the_solution_are_rejected(query: str, problem: str) -> None:
    found = hygiene_problem(query, {"country_profile"})
    assert found is not None and problem in found


def test_a_natural_query_passes() -> None:
    assert hygiene_problem("What time zone is the capital of France in?", {"country_profile", "city_lookup"}) is None


def test_empty_hop_and_echo_and_equal_operands(pool) -> None:  # noqa: ANN001
    profile = ToolCall(tool="country_profile", arguments={"country": "FR"})
    # a hop fed the code its source was given: country_profile(FR).country_code is FR, its own input
    echo_hop = ToolCall(tool="country_profile", arguments={"country": "FR", "x": 1}, parents=(profile.id,),
                        sources={"country": Evidence(call_id=profile.id, path="$.country_code")})
    echo_hop = echo_hop.model_copy(update={"arguments": {"country": "FR"}})
    echo_hop = ToolCall(tool="city_lookup", arguments={"name": "Paris", "country": "FR"}, parents=(profile.id,),
                        sources={"country": Evidence(call_id=profile.id, path="$.country_code"),
                                 "name": Evidence(call_id=profile.id, path="$.capital")})
    trace = _trace(pool, profile, echo_hop)
    ctx = VerifyContext(toolset=pool)
    tz = Task(trace_id=trace.id, query="What time zone is the capital of France in?",
              answer=AnswerSpec(type="string", value="Europe/Paris"),
              provenance=Provenance(evidence=(Evidence(call_id=echo_hop.id, path="$.timezone"),), op="identity"),
              toolset=trace.toolset)
    verdict = EmptyHop().verify(tz, trace, ctx)
    assert not verdict.ok and "empty hop" in verdict.reason
    echo = tz.model_copy(update={"answer": AnswerSpec(type="string", value="FR"), "provenance": Provenance(
        evidence=(Evidence(call_id=profile.id, path="$.country_code"),), op="identity")})
    assert not Trivial().verify(echo, trace, ctx).ok
    same = tz.model_copy(update={"answer": AnswerSpec(type="number", value=0), "provenance": Provenance(
        evidence=(Evidence(call_id=profile.id, path="$.area_km2"),) * 2, op="difference")})
    verdict = Trivial().verify(same, trace, ctx)
    assert not verdict.ok and "equal operands" in verdict.reason
    area = tz.model_copy(update={"answer": AnswerSpec(type="number", value=1), "provenance": Provenance(
        evidence=(Evidence(call_id=profile.id, path="$.area_km2"),), op="identity")})
    assert Trivial().verify(area, trace, ctx).ok
    assert QueryHygiene().verify(tz, trace, ctx).ok


def test_an_answer_equal_to_an_input_at_its_rounding_is_an_echo() -> None:
    """10 km due east of Paris (48.8566 N) the latitude is 48.86 to 2 decimals, and so is Paris's: the answer,
    rounded as the question asks, is the input (a reviewer found it needs no tool); to 5 decimals it is not."""
    from dive.tools.registry import load_pool  # noqa: PLC0415

    pool = load_pool(["geo"]).subset(["geo_destination"])
    call = ToolCall(tool="geo_destination", arguments={"latitude": 48.8566, "longitude": 2.3522, "bearing_deg": 90,
                                                       "distance_km": 10})
    obs = pool.call(call.tool, dict(call.arguments), call_id=call.id)
    assert obs.ok and round(obs.output["latitude"], 2) == 48.86 and obs.output["latitude"] == 48.856519
    trace = Trace(seed="48.8566", seed_type="latitude", toolset=("geo_destination",), calls=(call,), observations=(obs,))
    ctx = VerifyContext(toolset=pool)

    def ask(digits: int) -> Task:
        value = round(obs.output["latitude"], digits)
        return Task(trace_id=trace.id, query="What is the latitude 10 km due east of Paris?",
                    answer=AnswerSpec(type="number", value=value, abs_tol=10.0 ** -digits),
                    provenance=Provenance(evidence=(Evidence(call_id=call.id, path="$.latitude"),), op="identity",
                                          params={"digits": digits}), toolset=trace.toolset)

    verdict = Trivial().verify(ask(2), trace, ctx)
    assert not verdict.ok and "rounded to 2 decimals" in verdict.reason
    assert Trivial().verify(ask(5), trace, ctx).ok


def test_an_input_the_answer_tolerance_accepts_is_an_echo() -> None:
    """100 km due east of Quebec City (46.8139 N) the latitude is 46.806 to 3 decimals: not the start's 46.814, but
    within a tolerance of 0.01 of it, so copying the input would score (a reviewer found 48.26 accepted for 48.25)."""
    from dive.tools.registry import load_pool  # noqa: PLC0415

    pool = load_pool(["geo"]).subset(["geo_destination"])
    call = ToolCall(tool="geo_destination", arguments={"latitude": 46.8139, "longitude": -71.208, "bearing_deg": 90,
                                                       "distance_km": 100})
    obs = pool.call(call.tool, dict(call.arguments), call_id=call.id)
    assert obs.ok and round(obs.output["latitude"], 3) == 46.806
    trace = Trace(seed="46.8139", seed_type="latitude", toolset=("geo_destination",), calls=(call,), observations=(obs,))

    def ask(tol: float) -> Task:
        return Task(trace_id=trace.id, query="What is the latitude 100 km due east of Quebec City?",
                    answer=AnswerSpec(type="number", value=46.806, abs_tol=tol),
                    provenance=Provenance(evidence=(Evidence(call_id=call.id, path="$.latitude"),), op="identity",
                                          params={"digits": 3}), toolset=trace.toolset)

    verdict = Trivial().verify(ask(0.01), trace, VerifyContext(toolset=pool))
    assert not verdict.ok and "passes as the answer" in verdict.reason
    assert Trivial().verify(ask(0.0005), trace, VerifyContext(toolset=pool)).ok


@pytest.mark.parametrize(("packs", "tool", "arguments", "path"), [
    (["geo"], "phone_parse", {"number": "+371 21 234 567"}, "$.e164"),  # +37121234567: the spaces taken out
    (["bio"], "dna_transcribe", {"sequence": "CGGAGTACTGTCCTCCG"}, "$.rna_sequence"),  # the coding strand, U for T
])
def test_an_input_written_another_way_is_an_echo(packs: list[str], tool: str, arguments: dict, path: str) -> None:
    """Two readers each (round AQ): "How is the phone number +371 21 234 567 written in E.164 format?" and "What mRNA
    is transcribed from CGGAGTACTGTCCTCCG, taking it as the coding (sense) strand?" hand back the question's input."""
    from dive.jsonpath import resolve  # noqa: PLC0415

    pool = load_pool(packs).subset([tool])
    call = ToolCall(tool=tool, arguments=arguments)
    obs = pool.call(tool, dict(arguments), call_id=call.id)
    assert obs.ok, obs.error
    value = resolve(obs.output, path)
    assert value in ("+37121234567", "CGGAGUACUGUCCUCCG"), obs.output
    trace = Trace(seed=next(iter(arguments.values())), seed_type="text", toolset=(tool,), calls=(call,),
                  observations=(obs,))
    task = Task(trace_id=trace.id, query="Echo?", answer=AnswerSpec(type="string", value=value),
                provenance=Provenance(evidence=(Evidence(call_id=call.id, path=path),), op="identity"),
                toolset=trace.toolset)
    verdict = Trivial().verify(task, trace, VerifyContext(toolset=pool))
    assert not verdict.ok and "written another way" in verdict.reason, verdict



def _compound_task(name: str, calls: tuple[ToolCall, ...], observations: tuple, query: str, value: float,
                   path: str) -> tuple[Trace, Task]:
    """A trace of ``calls`` from a compound's name, and a task whose answer is the last call's ``path``."""
    trace = Trace(seed=name, seed_type="molecule_name", toolset=tuple(sorted({c.tool for c in calls})), calls=calls,
                  observations=observations)
    task = Task(trace_id=trace.id, query=query, answer=AnswerSpec(type="number", value=value),
                provenance=Provenance(evidence=(Evidence(call_id=calls[-1].id, path=path),), op="identity"),
                toolset=trace.toolset)
    return trace, task


def test_an_answer_an_earlier_call_about_the_same_kind_of_thing_gave_is_an_empty_hop(pool) -> None:  # noqa: ANN001
    """Warfarin's record by InChIKey gives its molecular weight, 308.33 g/mol; so did the lookup by name that found the
    InChIKey: the second call adds nothing (both are about a compound). The time zone of the capital of Australia is
    the city's own, Australia/Sydney, among the 12 its profile lists: a country is not a city. Nigeria's profile lists
    one zone, Africa/Lagos, and so does France's (the metropolitan one): their capitals' time zones add nothing (both
    readers, round CB, of Abuja). Vietnam's lists Asia/Ho_Chi_Minh, and GeoNames puts Hanoi in Asia/Bangkok: the
    two calls disagree (both readers, round CC). Without a lexicon (the kinds of things the tools are about) the check
    does not apply."""
    from dive.lexicon import load_lexicon  # noqa: PLC0415

    lexicon = load_lexicon(["geo", "chem"])
    chem = load_pool(["chem"]).subset(["chemical_lookup", "chemical_by_inchikey"])
    lookup = ToolCall(tool="chemical_lookup", arguments={"name": "warfarin"})
    record = ToolCall(tool="chemical_by_inchikey", arguments={"inchikey": "PJVWKTKQMONHTI-UHFFFAOYSA-N"},
                      parents=(lookup.id,), sources={"inchikey": Evidence(call_id=lookup.id, path="$.inchikey")})
    calls = (lookup, record)
    trace, weight = _compound_task("warfarin", calls, tuple(chem.call(c.tool, dict(c.arguments), call_id=c.id)
                                                            for c in calls),
                                   "What is the molecular weight of warfarin? Give the number in g/mol.", 308.33,
                                   "$.molecular_weight")
    assert trace.observation(lookup.id).output["molecular_weight"] == pytest.approx(308.33, abs=0.01)
    verdict = EmptyHop(lexicon).verify(weight, trace, VerifyContext(toolset=chem))
    assert not verdict.ok and "chemical_by_inchikey adds nothing: the answer is chemical_lookup's" in verdict.reason
    assert EmptyHop().verify(weight, trace, VerifyContext(toolset=chem)).ok
    for code, capital, zone, kept in (("AU", "Canberra", "Australia/Sydney", True), ("NG", "Abuja", "Africa/Lagos", False),
                                      ("FR", "Paris", "Europe/Paris", False), ("VN", "Hanoi", "Asia/Bangkok", False)):
        profile = ToolCall(tool="country_profile", arguments={"country": code})
        city = ToolCall(tool="city_lookup", arguments={"name": capital, "country": code}, parents=(profile.id,),
                        sources={"name": Evidence(call_id=profile.id, path="$.capital")})
        places = _trace(pool, profile, city)
        zones = places.observation(profile.id).output["timezones"]
        assert places.observation(city.id).output["timezone"] == zone and (len(zones) > 1) == kept
        tz = Task(trace_id=places.id, query=f"What time zone is the capital of {code} in?",
                  answer=AnswerSpec(type="string", value=zone),
                  provenance=Provenance(evidence=(Evidence(call_id=city.id, path="$.timezone"),), op="identity"),
                  toolset=places.toolset)
        verdict = EmptyHop(lexicon).verify(tz, places, VerifyContext(toolset=pool))
        assert verdict.ok == kept, verdict.reason
        assert kept or "city_lookup adds nothing: the answer is the one timezone country_profile lists" in verdict.reason


def test_a_call_whose_outputs_an_earlier_call_about_the_same_thing_gave_adds_nothing() -> None:
    """Round BX: propranolol's lookup by name gave its formula, C16H21NO2 (PubChem CID 4946); turning its IUPAC name
    into a SMILES only to read the same formula off it, for the moles in 1 g, adds a call that adds nothing (both
    readers). Fed the lookup's own formula, the program is kept."""
    from dive.lexicon import load_lexicon  # noqa: PLC0415

    lexicon = load_lexicon(["chem"])
    chem = load_pool(["chem"]).subset(["chemical_lookup", "iupac_name_to_smiles", "chem_grams_to_moles"])
    lookup = ToolCall(tool="chemical_lookup", arguments={"name": "propranolol"})
    looked = chem.call(lookup.tool, dict(lookup.arguments), call_id=lookup.id)
    assert looked.output["formula"] == "C16H21NO2"
    parse = ToolCall(tool="iupac_name_to_smiles", arguments={"name": looked.output["iupac_name"]},
                     parents=(lookup.id,), sources={"name": Evidence(call_id=lookup.id, path="$.iupac_name")})
    moles = ToolCall(tool="chem_grams_to_moles", arguments={"formula": "C16H21NO2", "mass_g": 1}, parents=(parse.id,),
                     sources={"formula": Evidence(call_id=parse.id, path="$.formula")})
    direct = ToolCall(tool="chem_grams_to_moles", arguments={"formula": "C16H21NO2", "mass_g": 1},
                      parents=(lookup.id,), sources={"formula": Evidence(call_id=lookup.id, path="$.formula")})
    outputs = {c.id: chem.call(c.tool, dict(c.arguments), call_id=c.id) for c in (parse, moles, direct)}
    assert outputs[parse.id].output["formula"] == "C16H21NO2"
    for calls, ok in (((lookup, parse, moles), False), ((lookup, direct), True)):
        trace, task = _compound_task("propranolol", calls, (looked, *(outputs[c.id] for c in calls[1:])),
                                     "How many molecules are there in 1 g of propranolol?", 2.322e21, "$.particles")
        verdict = EmptyHop(lexicon).verify(task, trace, VerifyContext(toolset=chem))
        assert verdict.ok == ok, verdict.reason
        if not ok:
            assert "iupac_name_to_smiles adds nothing: what it gives on is chemical_lookup's" in verdict.reason


def test_a_code_found_from_a_name_is_of_the_name_s_kind() -> None:
    """Round BY: benzaldehyde's name parsed to a SMILES gave its formula, C7H6O; reading the formula again off the
    SMILES adds nothing, though the SMILES tool's subject is a molecule and the parser's a compound name: a SMILES is
    found from a compound's name (``found_by``)."""
    from dive.lexicon import load_lexicon  # noqa: PLC0415

    lexicon = load_lexicon(["chem"])
    chem = load_pool(["chem"]).subset(["iupac_name_to_smiles", "smiles_to_formula", "chem_grams_to_moles"])
    parse = ToolCall(tool="iupac_name_to_smiles", arguments={"name": "benzaldehyde"})
    parsed = chem.call(parse.tool, dict(parse.arguments), call_id=parse.id)
    assert parsed.output["formula"] == "C7H6O"
    again = ToolCall(tool="smiles_to_formula", arguments={"smiles": parsed.output["smiles"]}, parents=(parse.id,),
                     sources={"smiles": Evidence(call_id=parse.id, path="$.smiles")})
    moles = ToolCall(tool="chem_grams_to_moles", arguments={"formula": "C7H6O", "mass_g": 2}, parents=(again.id,),
                     sources={"formula": Evidence(call_id=again.id, path="$.formula")})
    calls = (parse, again, moles)
    trace, task = _compound_task("benzaldehyde", calls, (parsed, *(chem.call(c.tool, dict(c.arguments), call_id=c.id)
                                                              for c in calls[1:])),
                                 "How many moles are there in 2 g of benzaldehyde?", 0.01885, "$.amount")
    verdict = EmptyHop(lexicon).verify(task, trace, VerifyContext(toolset=chem))
    assert not verdict.ok and "smiles_to_formula adds nothing" in verdict.reason


def test_two_tables_figures_of_one_fact_are_one_value() -> None:
    """Round BZ: aniline's lookup gave its molecular weight, 93.12648 g/mol (PubChem: 93.13); its SMILES then gave
    93.129 from RDKit's atomic weights. To four significant digits they are one fact: the second call adds nothing
    to *the molecular weight of aniline*."""
    from dive.lexicon import load_lexicon  # noqa: PLC0415

    lexicon = load_lexicon(["chem"])
    chem = load_pool(["chem"]).subset(["chemical_lookup", "smiles_to_formula"])
    lookup = ToolCall(tool="chemical_lookup", arguments={"name": "aniline"})
    looked = chem.call(lookup.tool, dict(lookup.arguments), call_id=lookup.id)
    formula = ToolCall(tool="smiles_to_formula", arguments={"smiles": looked.output["smiles"]}, parents=(lookup.id,),
                       sources={"smiles": Evidence(call_id=lookup.id, path="$.smiles")})
    computed = chem.call(formula.tool, dict(formula.arguments), call_id=formula.id)
    assert looked.output["molecular_weight"] != computed.output["molecular_weight"]
    assert looked.output["molecular_weight"] == pytest.approx(computed.output["molecular_weight"], abs=0.005)
    trace, task = _compound_task("aniline", (lookup, formula), (looked, computed),
                                 "What is the molecular weight of aniline? Give the number in g/mol.", 93.13,
                                 "$.molecular_weight")
    verdict = EmptyHop(lexicon).verify(task, trace, VerifyContext(toolset=chem))
    assert not verdict.ok and "smiles_to_formula adds nothing" in verdict.reason
