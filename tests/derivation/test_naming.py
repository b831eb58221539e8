"""How tasks name things: as people do, never by a riddle or a code no one uses.

Reviewers rated "the country of the Asia/Nicosia time zone", "the city served by LUN", "the compound
whose InChIKey is nitric acid" and "Which is the largest: the molecular weight of urea, of octane or
of ...?" as questions no one asks; these tests hold the fixes on real tools and real data.
"""

from __future__ import annotations

import random
import re

import pytest

from dive.chains import bridges
from dive.derivation.describe import DescribeError, Describer
from dive.derivation.natural import Natural
from dive.derivation.realize import fill
from dive.derivation.wording import that_of
from dive.exploration.program_run import ProgramRun
from dive.exploration.programs import ProgramExplorer
from dive.lexicon import load_lexicon
from dive.records import Seed
from dive.tools.packs.chem._labels import inchikey_label
from dive.tools.packs.geo._labels import airport_label, icao_label
from dive.tools.registry import load_pool


def test_a_riddle_never_stands_for_the_entity_of_a_longer_question() -> None:
    """Lyon's record gives its country (FR) and its time zone: the time zone may be described ("the time zone
    of Lyon"), the country may not ("the country of Lyon" is a riddle for France). The explorer does not feed
    the country on, and the describer refuses it."""
    pool = load_pool(["geo"]).subset(["city_lookup", "country_profile"])
    lex = load_lexicon(["geo"])
    tools = {t.name: t for t in pool.list_tools()}
    obs = pool.call("city_lookup", {"name": "Lyon"})
    assert obs.ok and obs.output["country_code"] == "FR"
    paths = {p for p, _, _ in bridges(tools["city_lookup"], lex.tools["city_lookup"], obs, {"name": "Lyon"})}
    assert "$.timezone" in paths and "$.country_code" not in paths
    assert not lex.tools["city_lookup"].fields["$.country_code"].bridge
    seed = Seed(value="Lyon", sem="city_name", domain="geo")
    trace = ProgramExplorer(lex, {}, hops=2).explore(seed=seed, toolset=pool, trace=None, round=1,
                                                    rng=random.Random(0))
    assert not [c for c in trace.calls if c.tool == "country_profile"]  # nothing to feed it but the riddle
    d = Describer(lex, trace, tools, seed)
    first = trace.calls[0]
    assert d.describe(first.id, "$.timezone") == "the time zone of Lyon"
    try:
        d.describe(first.id, "$.country_code")
    except DescribeError as err:
        assert "never described" in str(err)
    else:
        raise AssertionError("the country of Lyon was described")


def test_a_comparison_names_its_options_once() -> None:
    """Germany, Italy and Spain: "Which of Germany, Italy and Spain has the largest population?", not "Which is
    the largest: the population of Germany, of Italy or of Spain?"; a difference says "than that of Spain". (Not
    France: its population is within the 25% margin of Germany's and Italy's.)"""
    pool = load_pool(["geo"]).subset(["country_profile"])
    lex = load_lexicon(["geo"])
    seeds = {"country_code": [Seed(value=c, sem="country_code", domain="geo", group="EU") for c in ("DE", "IT", "ES")]}
    seed = seeds["country_code"][0]
    ex = ProgramExplorer(lex, seeds, hops=1, siblings=(2, 2))
    trace = ex.explore(seed=seed, toolset=pool, trace=None, round=1, rng=random.Random(3))
    trace = ex.explore(seed=seed, toolset=pool, trace=trace, round=2, rng=random.Random(0))
    tools = {t.name: t for t in pool.list_tools()}
    tasks = []
    for r in range(6):
        tasks += Natural(lex, min_calls=1).derive(trace=trace, tools=tools, seed=seed, round=2, previous=None,
                                                  rng=random.Random(r))
    population = [t for t in tasks if t.template == "superlative" and "population" in t.query]
    assert population, [t.query for t in tasks]
    option = re.compile(r"^(?:Which of (.+) has the (?:largest|smallest) population\?|Which has the (?:largest|smallest)"
                        r" population: (.+)\?|Of (.+), which has the (?:largest|smallest) population\?)")
    for task in population:
        m = option.match(task.query) or option.match(
            re.sub(r"^[^:]{0,40}: (\w)", lambda x: x.group(1).upper(), task.query))  # after an opener
        assert m, task.query
        assert all(task.query.count(name) == 1 for name in ("Germany", "Italy", "Spain"))
        assert task.query.count("population") == 1
    differences = [t for t in tasks if t.template == "difference" and "population" in t.query
                   and " than " in t.query]
    assert differences and all("than that of " in t.query for t in differences), [t.query for t in differences]


def test_a_repeated_head_is_said_as_that_of() -> None:
    assert that_of("How much more is the molar mass of glucose than the molar mass of ribose?") == \
        "How much more is the molar mass of glucose than that of ribose?"
    text = "What is the difference between the molar mass of glucose and the molar mass of ribose?"
    assert that_of(text) == text  # "between A and B" names both


def test_a_code_is_mentioned_by_the_name_people_use() -> None:
    """Ethanol's InChIKey (LFQSCWFLJHTTHZ-UHFFFAOYSA-N) is ethanol; OIKB is Bandar Abbas's airport (from the
    airportsdata tables); a phrase about "the compound whose InChIKey is X" holding a name is the name."""
    assert inchikey_label("LFQSCWFLJHTTHZ-UHFFFAOYSA-N") == "ethanol"
    assert inchikey_label("XXXXXXXXXXXXXX-UHFFFAOYSA-N") is None
    assert icao_label("OIKB") == "Bandar Abbas International Airport"
    assert icao_label("ZZZZ") == "ZZZZ"
    # two reviewers found a bare "ALP" unreadable: an IATA code is said with its airport's name (airportsdata)
    assert airport_label("ALP") == "Aleppo International Airport (ALP)"
    assert airport_label("zzz") == "ZZZ"
    template = "the molecular weight of the compound whose InChIKey is {inchikey}"
    assert fill(template, {"inchikey": "nitric acid"}, {"inchikey"}) == "the molecular weight of nitric acid"
    described = "the InChIKey of the largest compound"
    assert fill(template, {"inchikey": described}, {"inchikey"}).endswith(f"is {described}")
    assert fill("how many countries share the calling code {c}", {"c": "the calling code of Fiji"}, {"c"}) == \
        "how many countries share the calling code of Fiji"
    assert fill("the date {n} working days after {d}", {"n": "1", "d": "3 July 2024"}) == \
        "the date 1 working day after 3 July 2024"
    assert fill("the date {n} working days after {d}", {"n": "21", "d": "3 July 2024"}) == \
        "the date 21 working days after 3 July 2024"


def test_a_found_date_feeds_only_a_call_about_that_date() -> None:
    """A holiday's date may be converted or described (its weekday, its Hebrew date); it never becomes a
    secondary date of something else (a bond maturing on the first day of Hanukkah). Adding months to a date
    adds the example's month, never the default 0 (an empty hop)."""
    pool = load_pool(["time", "finance"])
    lex = load_lexicon(["time", "finance"])
    tools = {t.name: t for t in pool.list_tools() if t.name in lex.tools}
    seed = Seed(value="2024-05-01", sem="date", domain="time")
    run = ProgramRun(ProgramExplorer(lex, {}), pool, tools, seed, None, 1, random.Random(0))
    literal = run.options("date", "2024-05-01")
    found = run.options("date", "2024-05-01", bridged="time")
    assert {(t.name, p) for t, p in found} < {(t.name, p) for t, p in literal}
    assert all(p == lex.tools[t.name].subject and t.domain == "time" for t, p in found)
    assert any(p != lex.tools[t.name].subject for t, p in literal)  # a literal date may fill any date
    filled = run.fill(tools["add_calendar_months"], "date", "2024-01-31", None)
    assert filled is not None and filled[0]["months"] == 1


def test_an_aggregate_totals_one_field_over_three_entities() -> None:
    """Three countries' records, then the statistics tool fed their populations item by item: "What is the
    combined population of France, Germany and Italy?" is the sum of the three recorded populations; a total of
    boiling points or of longitudes is never asked (positions are not amounts)."""
    from dive.verification import Grounding, Replay, VerifyContext  # noqa: PLC0415
    from dive.verification.informative import Informative  # noqa: PLC0415

    pool = load_pool(["core", "geo"]).subset(["country_profile", "statistics_summary", "subtract_numbers"])
    lex = load_lexicon(["core", "geo"])
    seeds = {"country_code": [Seed(value=c, sem="country_code", domain="geo", group="EU")  # compared within a family
                              for c in ("FR", "DE", "IT", "ES")]}
    seed = seeds["country_code"][0]
    ex = ProgramExplorer(lex, seeds, hops=1, siblings=(2, 2))
    trace = ex.explore(seed=seed, toolset=pool, trace=None, round=1, rng=random.Random(3))
    for r in (2, 3):
        trace = ex.explore(seed=seed, toolset=pool, trace=trace, round=r, rng=random.Random(r))
    stats = [c for c in trace.calls if c.tool == "statistics_summary"]
    assert len(stats) == 1 and sorted(stats[0].sources) == ["values[0]", "values[1]", "values[2]"]
    tools = {t.name: t for t in pool.list_tools()}
    tasks = Natural(lex).derive(trace=trace, tools=tools, seed=seed, round=3, previous=None, rng=random.Random(1))
    agg = [t for t in tasks if t.template == "aggregate"]
    assert agg, [t.query for t in tasks]
    calls = {c.id: c for c in trace.calls}
    countries = [calls[e.call_id].arguments["country"] for e in stats[0].sources.values()]
    populations = [trace.observation(e.call_id).output["population"] for e in stats[0].sources.values()]
    ctx = VerifyContext(toolset=pool, seed=seed)
    for task in agg:
        assert "longitude" not in task.query and "latitude" not in task.query
        names = {"FR": "France", "DE": "Germany", "IT": "Italy", "ES": "Spain"}
        assert all(names[c] in task.query for c in countries)
        expected = sum(populations) if "combined" in task.query or "total" in task.query else sum(populations) / 3
        assert abs(float(task.answer.value) - expected) <= 5e-4 * expected  # given to the 4 significant digits asked
        for check in (Grounding(), Replay(), Informative()):
            assert check.verify(task, trace, ctx).ok, (check.name, task.query)


def test_a_found_date_keeps_the_country_it_was_found_for() -> None:
    """Germany's last public holiday before 1 March 2024 (1 January), then whether banks are open that day: in
    Germany, not in the United States of the bank tool's example."""
    pool = load_pool(["time", "finance"]).subset(["previous_public_holiday", "bank_is_business_day"])
    lex = load_lexicon(["time", "finance"])
    tools = {t.name: t for t in pool.list_tools()}
    assert tools["bank_is_business_day"].examples[0]["country_code"] == "US"
    seed = Seed(value="DE", sem="country_code", domain="time")
    run = ProgramRun(ProgramExplorer(lex, {}), pool, tools, seed, None, 1, random.Random(0))
    holiday = run.run_call(tools["previous_public_holiday"], {"country_code": "DE", "date": "2024-03-01"}, {})
    assert holiday is not None and run.obs(holiday.id).output["date"] == "2024-01-01"
    from dive.records import Evidence  # noqa: PLC0415

    filled = run.fill(tools["bank_is_business_day"], "date", "2024-01-01", Evidence(call_id=holiday.id, path="$.date"))
    assert filled is not None and filled[0]["country_code"] == "DE"
    # a date found for a stock exchange has no country to carry: banks of the example's country are not asked
    pool = load_pool(["finance"]).subset(["exchange_is_trading_day", "bank_is_business_day"])
    tools = {t.name: t for t in pool.list_tools()}
    run = ProgramRun(ProgramExplorer(load_lexicon(["finance"]), {}), pool, tools, seed, None, 1, random.Random(0))
    day = run.run_call(tools["exchange_is_trading_day"], {"exchange_code": "XPAR", "date": "2024-12-25"}, {})
    assert day is not None
    path = next(p for p, sem in tools["exchange_is_trading_day"].output_sem.items() if sem == "date"
                and run.obs(day.id).output.get(p[2:]) not in (None, "2024-12-25"))
    value = run.obs(day.id).output[path[2:]]
    assert run.fill(tools["bank_is_business_day"], "date", value, Evidence(call_id=day.id, path=path)) is None


def test_a_second_phrase_says_only_what_differs() -> None:
    from dive.derivation.wording import that_of_other  # noqa: PLC0415

    scale = " in the standard genetic code on the Kyte-Doolittle scale"
    assert that_of_other(f"the value of the amino acid encoded by GGC{scale}",
                          f"the value of the amino acid encoded by GAG{scale}") == "that of the amino acid encoded by GAG"
    # never "that of Chile" for the capital's population: the head stops at its first "of"
    assert that_of_other("the population of the capital of Peru", "the population of the capital of Chile") == \
        "that of the capital of Chile"
    assert that_of_other("the area of Peru", "the depth of Lake Titicaca") == "the depth of Lake Titicaca"


def test_a_computed_calendar_position_is_never_an_entity_of_a_longer_question() -> None:
    """Three bank business days after 27 December 2024 in Japan, then questions about that day: whether banks
    are open is yes by construction (a pre-stop sample: "Are banks in Romania open on the date 3 bank business
    days after ..."), the next business day after it is a date of a date, and "the Sunday that ends ISO week 12
    of 1955" read as a riddle. Such a date is asked directly, never described."""
    from dive.records import Evidence, Trace  # noqa: PLC0415

    pool = load_pool(["finance"]).subset(["bank_add_business_days", "bank_is_business_day"])
    lex = load_lexicon(["finance", "time"])
    assert not lex.tools["bank_add_business_days"].fields["$.date"].bridge
    assert not any(fl.bridge for fl in lex.tools["iso_week_to_date"].fields.values() if "ISO week" in fl.noun)
    tools = {t.name: t for t in pool.list_tools()}
    seed = Seed(value="2024-12-27", sem="date", domain="finance")
    run = ProgramRun(ProgramExplorer(lex, {}), pool, tools, seed, None, 1, random.Random(0))
    first = run.run_call(tools["bank_add_business_days"], {"country_code": "JP", "date": "2024-12-27", "days": 3}, {})
    assert first is not None
    found = run.obs(first.id).output["date"]
    second = run.run_call(tools["bank_is_business_day"], {"country_code": "JP", "date": found},
                          {"date": Evidence(call_id=first.id, path="$.date")})
    assert second is not None and run.obs(second.id).output["is_business_day"] is True  # yes by construction
    trace = Trace(seed=seed.value, toolset=tuple(tools), calls=tuple(run.calls), observations=tuple(run.observations))
    tasks = Natural(lex, min_calls=1).derive(trace=trace, tools=tools, seed=seed, round=1, previous=None,
                                             rng=random.Random(0))
    assert not [t for t in tasks for e in t.provenance.evidence if e.call_id == second.id]
    assert "$.date" in lex.tools["bank_add_business_days"].fields  # still asked of a date the question states
    d = Describer(lex, trace, tools, seed)
    try:
        d.describe(first.id, "$.date")
    except DescribeError as err:
        assert "never described" in str(err)
    else:
        raise AssertionError("a computed business day was described")


def test_a_name_others_share_says_which_one() -> None:
    """GeoNames has several cities named Medina, and the city tool picks one (it reports the others in
    ``other_matches``): the question says whose Medina it means, from the call's own output."""
    pool = load_pool(["geo", "time"]).subset(["city_lookup", "day_length"])
    lex = load_lexicon(["geo", "time"])
    obs = pool.call("city_lookup", {"name": "Medina"})
    assert obs.ok and obs.output["other_matches"] > 0
    country = {"US": "the United States", "SA": "Saudi Arabia"}[obs.output["country_code"]]
    seed = Seed(value="Medina", sem="city_name", domain="geo")
    trace = ProgramExplorer(lex, {}, hops=2).explore(seed=seed, toolset=pool, trace=None, round=1,
                                                    rng=random.Random(0))
    tools = {t.name: t for t in pool.list_tools()}
    tasks = Natural(lex).derive(trace=trace, tools=tools, seed=seed, round=1, previous=None, rng=random.Random(0))
    assert tasks and all(f"Medina ({country})" in t.query for t in tasks), [t.query for t in tasks]
    lyon = Describer(lex, ProgramExplorer(lex, {}, hops=1).explore(
        seed=Seed(value="Lyon", sem="city_name", domain="geo"), toolset=pool, trace=None, round=1,
        rng=random.Random(0)), tools, seed)
    assert "(" not in lyon.subject_of(lyon.trace.calls[0])  # one Lyon: nothing to add


def test_a_transformed_value_of_the_same_kind_never_stands_for_its_source() -> None:
    """Acetic acid's empirical formula (CH2O) is a formula, and paracetamol's Bemis-Murcko scaffold a SMILES,
    like their inputs; a reviewer found "one mole of C2H4O2" computed from CH2O. Neither is a bridge, and
    scattering length densities are never totalled (a "length" that does not add up)."""
    from dive.chains import is_additive  # noqa: PLC0415

    lex = load_lexicon(["chem"])
    assert not lex.tools["empirical_formula"].fields["$.empirical_formula"].bridge
    assert not lex.tools["murcko_scaffold"].fields["$.scaffold_smiles"].bridge
    pool = load_pool(["chem"]).subset(["empirical_formula"])
    tools = {t.name: t for t in pool.list_tools()}
    seed = Seed(value="C2H4O2", sem="molecular_formula", domain="chem")
    trace = ProgramExplorer(lex, {}, hops=1).explore(seed=seed, toolset=pool, trace=None, round=1,
                                                    rng=random.Random(0), focus="empirical_formula")
    assert trace.observations[0].output["empirical_formula"] == "CH2O"  # called only as the focus: nothing reads it
    d = Describer(lex, trace, tools, seed)
    try:
        d.describe(trace.calls[0].id, "$.empirical_formula")
    except DescribeError:
        pass
    else:
        raise AssertionError("the empirical formula was described (as the compound itself)")
    assert is_additive("the population of {country}") and not is_additive("the neutron scattering length density")
    assert is_additive("the area of {country}") and not is_additive("the topological polar surface area of {smiles}")


def test_a_time_zone_answer_accepts_the_names_people_give_it() -> None:
    """"Which time zone is the capital of Zimbabwe in?" was answered only "Harare time" (or Africa/Harare); two
    reviewers expected Central Africa Time, CLDR's standard name of the zone (UTC+2, no summer time), which is now
    the answer. The capital of Canada, Ottawa, keeps America/Toronto: "Toronto time" (two readers, round AP: an odd
    answer) is Eastern Time, CLDR's generic name of a zone with summer time."""
    from packs_util import program_rounds  # noqa: PLC0415

    lex = load_lexicon(["core", "geo", "time"])
    assert lex.types["timezone"].aliases is not None
    pool = load_pool(["core", "geo", "time"]).subset(["country_profile", "city_lookup"])
    answers = {}
    for code in ("ZW", "CA"):
        seed = Seed(value=code, sem="country_code", domain="geo")
        _, tasks = program_rounds(ProgramExplorer(lex, {}, hops=2), lex, seed, pool, rounds=1)
        answers[code] = [t.answer for t in tasks if "time zone" in t.query]
    assert answers["ZW"] and answers["CA"], answers
    assert answers["ZW"][0].value == "Central Africa Time"
    assert {"Africa/Harare", "Harare time"} <= set(answers["ZW"][0].aliases), answers["ZW"][0]
    assert answers["CA"][0].value == "Eastern Time"
    assert {"America/Toronto", "Toronto time", "Eastern Standard Time"} <= set(answers["CA"][0].aliases)



def test_a_time_zone_answer_accepts_its_abbreviation_and_utc_offset() -> None:
    """Malawi's zone is Central Africa Time; two readers of round AW found "CAT" and "UTC+2" marked wrong. Kolkata is
    India Standard Time, IST, UTC+5:30; New York's standard time is UTC-5 (EST)."""
    from dive.answers import check  # noqa: PLC0415
    from dive.records import AnswerSpec  # noqa: PLC0415
    from dive.tools.packs.time._labels import timezone_aliases, timezone_answer  # noqa: PLC0415

    malawi = AnswerSpec(type="string", value=timezone_answer("Africa/Blantyre"),
                        aliases=timezone_aliases("Africa/Blantyre"))
    assert malawi.value == "Central Africa Time"
    assert all(check(malawi, said).correct for said in ("CAT", "UTC+2", "UTC+02:00", "GMT+2", "Central Africa Time"))
    assert not check(malawi, "UTC+3").correct and not check(malawi, "EAT").correct
    assert {"IST", "UTC+5:30"} <= set(timezone_aliases("Asia/Kolkata"))
    assert {"EST", "UTC-5"} <= set(timezone_aliases("America/New_York"))


def test_a_currency_answer_accepts_its_name() -> None:
    """"What currency do they use in Myanmar?" accepted only MMK (both readers, round CE): the kyat by name is right
    too (CLDR: Myanmar Kyat). A word that names many currencies is no answer alone: "dollar" is 24 currencies'."""
    from dive.answers import check  # noqa: PLC0415
    from dive.lexicon import load_lexicon  # noqa: PLC0415
    from dive.records import AnswerSpec  # noqa: PLC0415

    aliases = load_lexicon(["core", "geo", "finance"]).types["currency_code"].aliases
    assert aliases is not None
    kyat = AnswerSpec(type="string", value="MMK", aliases=aliases("MMK"))
    assert all(check(kyat, said).correct for said in ("MMK", "kyat", "the Myanmar kyat", "Myanmar kyats"))
    assert not check(kyat, "baht").correct
    dollar = AnswerSpec(type="string", value="USD", aliases=aliases("USD"))
    assert check(dollar, "US dollars").correct and not check(dollar, "dollar").correct
    assert aliases("ZZZ") == () and aliases("usd") == ()


def test_a_no_break_space_in_an_answer_is_a_space_to_the_grader() -> None:
    """CLDR writes Niger's currency symbol "F\u202fCFA" (a narrow no-break space a reviewer could not type): the
    grader's text key already reads it as "F CFA", so no alias is needed."""
    from dive.answers import normalize_text  # noqa: PLC0415

    assert normalize_text("F\u202fCFA") == normalize_text("F CFA") == normalize_text("f\u00a0cfa")


def test_an_article_is_a_word_of_its_own() -> None:
    """"at Sana'a on 21 June" read "at Sana'an on 21 June": a name's last letter is no article."""
    assert fill("When does the Moon set at {city} on 21 June 2024?", {"city": "Sana'a"}) == (
        "When does the Moon set at Sana'a on 21 June 2024?")
    assert fill("Is {x} a {y} compound?", {"x": "water", "y": "organic"}) == "Is water an organic compound?"


def test_a_structure_code_asked_for_accepts_no_name() -> None:
    """The InChIKey of ethanol's InChI is LFQSCWFLJHTTHZ-UHFFFAOYSA-N; two reviewers found "ethanol" also accepted."""
    import pytest  # noqa: PLC0415

    pytest.importorskip("rdkit")
    from dive.records import Seed  # noqa: PLC0415
    from dive.tools.registry import load_pool  # noqa: PLC0415

    lex = load_lexicon(["chem"])
    pool = load_pool(["chem"]).subset(["inchi_to_smiles"])
    inchi = "InChI=1S/C2H6O/c1-2-3/h3H,2H2,1H3"
    seed = Seed(value=inchi, sem="inchi", domain="chem")
    trace = ProgramExplorer(lex, {}, hops=1).explore(seed=seed, toolset=pool, trace=None, round=1,
                                                     rng=random.Random(0))
    tools = {t.name: t for t in pool.list_tools()}
    tasks = Natural(lex, min_calls=1).derive(trace=trace, tools=tools, seed=seed, round=1, previous=None,
                                             rng=random.Random(0))
    keys = [t for t in tasks if "InChIKey" in t.query]
    assert keys, [t.query for t in tasks]
    assert all(t.answer.value == "LFQSCWFLJHTTHZ-UHFFFAOYSA-N" and not t.answer.aliases for t in keys)


def test_a_clock_time_with_seconds_is_asked_to_the_minute() -> None:
    """Evening civil twilight at Brazzaville ends at 18:15:45 by astral on the day the program draws for it (30 May
    2026, lexicon ``any_day``: not the tool example's 1 September 2024); other ephemerides differ by 10-25 s (two
    reviewers checked with PyEphem), so the answer is 18:16 and the question says so. The rounding is the op's
    (``params["minute"]``): grounding recomputes it from the trace."""
    import datetime as dt  # noqa: PLC0415
    import math  # noqa: PLC0415

    from dive.answers import check  # noqa: PLC0415
    from dive.ops import apply_op  # noqa: PLC0415
    from dive.records import Seed  # noqa: PLC0415
    from dive.tools.registry import load_pool  # noqa: PLC0415
    from dive.verification import Grounding, VerifyContext  # noqa: PLC0415

    assert apply_op("identity", ["2024-09-01T18:21:31"], {"minute": True}) == "2024-09-01T18:22:00"
    assert apply_op("identity", ["2024-12-31T23:59:45+01:00"], {"minute": True}) == "2025-01-01T00:00:00+01:00"
    pool = load_pool(["core", "geo", "time"]).subset(["city_lookup", "twilight_times"])
    seed = Seed(value="Brazzaville", sem="city_name", domain="geo")
    trace, tasks = _city_round(seed, pool, 2)
    dusk = [t for t in tasks if "evening civil twilight end" in t.query]
    assert dusk, [t.query for t in tasks]
    task = dusk[0]
    assert task.answer.value == "30 May 2026 at 18:16" and task.provenance.params == {"minute": True}
    assert "to the minute" in task.query and task.query.count("Give the time") == 1, task.query
    assert Grounding().verify(task, trace, VerifyContext(toolset=pool, seed=seed)).ok
    assert check(task.answer, "18:16").correct and check(task.answer, "2026-05-30T18:16").correct
    assert check(task.answer, "30 May 2026 at 18:15:45").correct  # the tool's own second, too
    assert check(task.answer, "18:15").correct  # the minute it falls in: "to the minute" read as cut, not rounded
    # a minute of slack either way: the city's position comes from a gazetteer, and another one's moves the time
    assert task.answer.abs_tol == 1.0 and check(task.answer, "18:17").correct and check(task.answer, "18:14").correct
    assert not check(task.answer, "18:18").correct and not check(task.answer, "18:13").correct
    assert not check(task.answer, "31 May 2026 at 18:16").correct
    assert any(o.output.get("evening_twilight_ends") == "2026-05-30T18:15:45" for o in trace.observations if o.ok), [
        o.output for o in trace.observations]
    ephem = pytest.importorskip("ephem")  # independent of astral: the Sun's centre is 6 degrees down then (UTC+1),
    obs = ephem.Observer()  # within 0.15 degrees (about 35 s of its motion there)
    obs.lat, obs.lon, obs.date = "-4.26613", "15.28318", ephem.Date(dt.datetime(2026, 5, 30, 17, 15, 45))
    obs.pressure = 0  # no refraction: twilight is defined by the geometric depression
    sun = ephem.Sun()
    sun.compute(obs)
    assert abs(math.degrees(sun.alt) + 6) < 0.15, math.degrees(sun.alt)


def test_a_place_s_own_time_zone_is_said_as_the_local_one() -> None:
    """Sunrise at Oslo, its clock read in Oslo's own zone: "Give the time in the local time zone", not "in the time
    zone of Oslo" ("How high does Venus climb at Minhang on 1 December 2024 in the time zone of Minhang?" read as a
    riddle to two reviewers). On 2 February 2026 the sun rises at Oslo at 08:28:04 CET by PyEphem (the Sun's upper
    limb at 34' of refraction below the horizon; the tool computes with astral)."""
    from dive.records import Seed  # noqa: PLC0415
    from dive.tools.registry import load_pool  # noqa: PLC0415

    pool = load_pool(["core", "geo", "time"]).subset(["city_sun_location", "sunrise_sunset"])
    _, tasks = _city_round(Seed(value="Oslo", sem="city_name", domain="geo"), pool, 1)
    assert tasks and all(("the local time zone" in t.query or "(local time)" in t.query) and "time zone of" not in
                         t.query for t in tasks), [t.query for t in tasks]
    (rise,) = [t for t in tasks if t.provenance.evidence[0].path == "$.sunrise"]
    assert "2 February 2026" in rise.query and rise.answer.value in ("2 February 2026 at 08:28", "2 February 2026 at 08:29")


def _city_round(seed, pool, rng_seed: int):  # noqa: ANN001, ANN202
    """Round 1 of the program explorer from a city over ``pool``, and the natural deriver's tasks."""
    lex = load_lexicon(["core", "geo", "time"])
    trace = ProgramExplorer(lex, {}, hops=2).explore(seed=seed, toolset=pool, trace=None, round=1,
                                                     rng=random.Random(rng_seed))
    tools = {t.name: t for t in pool.list_tools()}
    return trace, Natural(lex).derive(trace=trace, tools=tools, seed=seed, round=1, previous=None,
                                      rng=random.Random(0))


def test_a_code_asked_for_is_answered_with_the_code_alone() -> None:
    """American English maximized is en-Latn-US (CLDR likely subtags); "English as used in the United States" is no
    BCP-47 tag, and accepting it took a non-answer (two readers, round AQ)."""
    from dive.derivation.natural import Natural  # noqa: PLC0415

    lex = load_lexicon(["core", "geo"])
    pool = load_pool(["core", "geo"]).subset(["language_tag_standardize"])
    seed = Seed(value="en-US", sem="language_code", domain="geo")
    trace = ProgramExplorer(lex, {}, hops=1).explore(seed=seed, toolset=pool, trace=None, round=1,
                                                     rng=random.Random(0), cover="language_tag_standardize")
    tools = {t.name: t for t in pool.list_tools()}
    tasks = Natural(lex, min_calls=1).derive(trace=trace, tools=tools, seed=seed, round=1, previous=None,
                                             rng=random.Random(0), cover="language_tag_standardize")
    maximized = [t for t in tasks if "script and region" in t.query]
    assert maximized and maximized[0].answer.value == "en-Latn-US", [(t.query, t.answer) for t in tasks]
    assert maximized[0].answer.aliases == (), maximized[0].answer


def test_a_hebrew_month_is_answered_by_its_usual_spelling() -> None:
    """21 April 2025 is 23 Nisan 5785 (Passover, 15-22 Nisan, began on the evening of 12 April 2025). pyluach spells the
    month "Nissan", and "Nisan", the usual English spelling, was marked wrong (a user's review): the answer is Nisan,
    "Nissan" accepted."""
    from dive.answers import check  # noqa: PLC0415
    from dive.derivation.natural import Natural  # noqa: PLC0415

    lex = load_lexicon(["core", "time"])
    pool = load_pool(["core", "time"]).subset(["gregorian_to_hebrew"])
    seed = Seed(value="2025-04-21", sem="date", domain="time")
    trace = ProgramExplorer(lex, {}, hops=1).explore(seed=seed, toolset=pool, trace=None, round=1,
                                                     rng=random.Random(0), cover="gregorian_to_hebrew")
    assert trace.observation(trace.calls[0].id).output["day"] == 23
    tools = {t.name: t for t in pool.list_tools()}
    tasks = Natural(lex, min_calls=1).derive(trace=trace, tools=tools, seed=seed, round=1, previous=None,
                                             rng=random.Random(0), cover="gregorian_to_hebrew")
    month = [t for t in tasks if "month" in t.query]
    assert month and month[0].answer.value == "Nisan", [(t.query, t.answer) for t in tasks]
    assert check(month[0].answer, "Nisan").correct and check(month[0].answer, "Nissan").correct
    assert not check(month[0].answer, "Iyar").correct


def test_a_torah_portion_is_accepted_in_its_common_spellings() -> None:
    """The Shabbat on or after 7 September 2025 is 13 September 2025, 20 Elul 5785: outside Israel it reads Ki Tavo
    (Deuteronomy 26:1-29:8; Hebcal's spelling). pyluach spells it "Ki Savo", the Ashkenazi reading, and the reader of
    round BM found "Ki Tavo" marked wrong: both are accepted now, and a neighbouring portion is not."""
    from dive.answers import check  # noqa: PLC0415
    from dive.derivation.natural import Natural  # noqa: PLC0415

    lex = load_lexicon(["core", "time"])
    pool = load_pool(["core", "time"]).subset(["torah_portion"])
    seed = Seed(value="2025-09-07", sem="date", domain="time")
    trace = ProgramExplorer(lex, {}, hops=1).explore(seed=seed, toolset=pool, trace=None, round=1,
                                                     rng=random.Random(0), cover="torah_portion")
    assert trace.observation(trace.calls[0].id).output["shabbat_date"] == "2025-09-13"
    tools = {t.name: t for t in pool.list_tools()}
    tasks = Natural(lex, min_calls=1).derive(trace=trace, tools=tools, seed=seed, round=1, previous=None,
                                             rng=random.Random(0), cover="torah_portion")
    portion = [t for t in tasks if "Torah portion" in t.query or "parsha" in t.query]
    assert portion and portion[0].answer.value == "Ki Savo", [(t.query, t.answer) for t in tasks]
    assert check(portion[0].answer, "Ki Tavo").correct and check(portion[0].answer, "Ki Savo").correct
    assert not check(portion[0].answer, "Ki Teitzei").correct and not check(portion[0].answer, "Nitzavim").correct


def test_a_day_count_names_its_variant() -> None:
    """ACT/ACT ISDA makes 1 January to 1 July 2024 182/366 = 0.4973 of a year; ACT/ACT ICMA, on a semiannual period,
    0.5. "Under the ACT/ACT day count" left the variant open (a user's review): the question says ISDA."""
    from dive.derivation.natural import Natural  # noqa: PLC0415

    lex = load_lexicon(["core", "finance"])
    pool = load_pool(["core", "finance"]).subset(["day_count_fraction"])
    seed = Seed(value="2024-01-01", sem="date", domain="finance")
    trace = ProgramExplorer(lex, {}, hops=1).explore(seed=seed, toolset=pool, trace=None, round=1,
                                                     rng=random.Random(0), cover="day_count_fraction")
    call = trace.calls[0]
    call = call.model_copy(update={"arguments": {"start": "2024-01-01", "end": "2024-07-01", "convention": "ACT/ACT"}})
    obs = pool.call(call.tool, dict(call.arguments), call_id=call.id)
    trace = trace.model_copy(update={"calls": (call,), "observations": (obs,)})
    assert abs(obs.output["year_fraction"] - 182 / 366) < 1e-9
    tools = {t.name: t for t in pool.list_tools()}
    tasks = Natural(lex, min_calls=1).derive(trace=trace, tools=tools, seed=seed, round=1, previous=None,
                                             rng=random.Random(0), cover="day_count_fraction")
    asked = [t.query for t in tasks if "fraction of a year" in t.query or "year fraction" in t.query]
    assert asked and all("ACT/ACT (ISDA)" in q for q in asked), [t.query for t in tasks]


def test_an_element_answer_accepts_the_other_spelling_of_its_name() -> None:
    """Period 3's densest element is aluminium (2.70 g/cm³, against silicon's 2.33 and magnesium's 1.74); the answer
    "Aluminum" marked "Aluminium" wrong (two readers, round AX). (Phosphorus and sulfur have allotropes, so the run's
    lexicon compares no density over period 3, ``disputed``: here it does.)"""
    import dataclasses  # noqa: PLC0415

    from dive.answers import check  # noqa: PLC0415
    from packs_util import program_rounds  # noqa: PLC0415

    lex = load_lexicon(["core", "chem"])
    tl = lex.tools["element_by_name"]
    lex = dataclasses.replace(lex, tools={**lex.tools, "element_by_name": dataclasses.replace(tl, fields={
        **tl.fields, "$.density": dataclasses.replace(tl.fields["$.density"], disputed=())})})
    pool = load_pool(["core", "chem"]).subset(["elements_in_period", "element_by_name"])
    seed = Seed(value=3, sem="periodic_period", domain="chem")
    _, tasks = program_rounds(ProgramExplorer(lex, {}, hops=2), lex, seed, pool, rounds=2)
    densest = [t.answer for t in tasks if "highest density" in t.query]
    assert densest and densest[0].value == "Aluminum", [t.query for t in tasks]
    assert check(densest[0], "Aluminium").correct and check(densest[0], "aluminum").correct
    assert not check(densest[0], "Silicon").correct
