"""Config sampling: deterministic, seed-compatible toolsets, coverage of the whole pool."""

from __future__ import annotations

from collections import Counter

from dive.config import ToolsConfig
from dive.sampling import ToolsetSampler, item_rng
from dive.tools import load_pack, load_seeds

TOOLS = list(load_pack("core"))
SEEDS = {"general": list(load_seeds("core"))}


def sampler(**cfg) -> ToolsetSampler:  # noqa: ANN003
    return ToolsetSampler(TOOLS, SEEDS, ToolsConfig(**{"toolset_min": 5, "toolset_max": 8, **cfg}), run_seed=11)


def test_item_rng_is_stable() -> None:
    assert item_rng(1, 5).random() == item_rng(1, 5).random()
    assert item_rng(1, 5).random() != item_rng(2, 5).random()


def test_same_seed_same_configs() -> None:
    a, b = sampler(), sampler()
    assert [a.sample(i) for i in range(30)] == [b.sample(i) for i in range(30)]


def test_toolsets_are_sized_unique_and_accept_the_seed() -> None:
    s = sampler()
    for i in range(50):
        cfg = s.sample(i)
        assert 5 <= len(cfg.toolset) <= 8
        assert len(set(cfg.toolset)) == len(cfg.toolset)
        accepted = {sem for t in TOOLS if t.name in cfg.toolset for sem in t.param_sem.values()}
        assert cfg.seed.sem in accepted


def test_coverage_mode_uses_every_tool_within_one_stretch_of_the_pool() -> None:
    s = sampler(mode="coverage")
    first = {name for i in range(len(TOOLS)) for name in s.sample(i).toolset}
    assert first == {t.name for t in TOOLS}
    assert sorted(s.focus(i) for i in range(len(TOOLS))) == sorted(t.name for t in TOOLS)
    uses = Counter(name for i in range(60) for name in s.sample(i).toolset)
    # The first tool must accept the seed, so the tools that take the seed's type are used more.
    assert max(uses.values()) <= 3 * min(uses.values())


def test_an_item_config_depends_on_nothing_but_the_run_seed_and_the_item() -> None:
    forward = [sampler(mode="coverage").sample(i) for i in range(40)]
    backward = sampler(mode="coverage")
    assert [backward.sample(i) for i in reversed(range(40))][::-1] == forward
    assert sampler(mode="coverage").sample(37) == forward[37]


def test_a_focus_tool_that_leads_nowhere_often_ends_a_chain_from_a_seed_one_hop_upstream() -> None:
    """timezone_offset takes a time zone and gives nothing that feeds another call; city_lookup takes a city and
    gives its time zone. With the lexicon's links, some of timezone_offset's items start at a city and hold
    city_lookup: *the UTC offset of the time zone of Nairobi*, not a one-call lookup of a named zone."""
    from dive.lexicon import load_lexicon  # noqa: PLC0415
    from dive.pipeline import poolmap  # noqa: PLC0415

    packs = ["core", "geo", "time"]
    tools = [t for p in packs for t in load_pack(p)]
    links = poolmap.links(tools, load_lexicon(packs))
    assert not links["timezone_offset"] and "timezone" in links["city_lookup"]
    s = ToolsetSampler(tools, {p: list(load_seeds(p)) for p in packs},
                       ToolsConfig(mode="coverage", toolset_min=8, toolset_max=12), run_seed=3, links=links)
    items = [i for i in range(3 * len(tools)) if s.focus(i) == "timezone_offset"]
    configs = [s.sample(i) for i in items]
    assert all("timezone_offset" in c.toolset for c in configs)
    upstream = [c for c in configs if c.seed.sem != "timezone"]
    assert upstream and len(upstream) < len(configs) or len(configs) < 3, [c.seed for c in configs]
    for c in upstream:  # the seed feeds a tool in the toolset whose outputs feed the focus tool
        firsts = [t for t in tools if t.name in c.toolset and c.seed.sem in t.param_sem.values()
                  and links.get(t.name, frozenset()) & set(next(x for x in tools if x.name == "timezone_offset")
                                                           .param_sem.values())]
        assert firsts, (c.seed, c.toolset)


def test_after_the_first_pass_a_tool_no_program_reaches_past_is_no_items_focus() -> None:
    """A calculator of stated inputs (the body mass index) neither feeds another call nor is fed by one: its item asks
    its one-call question in the first pass, and later items built around it asked nothing (0.04 kept tasks each)."""
    from dive.lexicon import load_lexicon  # noqa: PLC0415
    from dive.pipeline import poolmap  # noqa: PLC0415

    packs = ["core", "geo", "medicine"]
    tools = [t for p in packs for t in load_pack(p)]
    links = poolmap.links(tools, load_lexicon(packs))
    s = ToolsetSampler(tools, {p: list(load_seeds(p)) for p in packs},
                       ToolsConfig(mode="coverage", toolset_min=8, toolset_max=12), run_seed=3, links=links)
    n = len(tools)
    assert "body_mass_index" in s._dead and "city_lookup" not in s._dead and "timezone_offset" not in s._dead
    first = [s.sample(i) for i in range(n)]
    assert sorted(c.focus for c in first) == sorted(t.name for t in tools)  # every tool once, as before
    later = [s.sample(i) for i in range(n, 3 * n)]
    assert not [c.focus for c in later if c.focus in s._dead]
    assert {c.focus for c in later} - {None} == {t.name for t in tools} - s._dead  # the others keep their turns
    assert len([c for c in later if c.focus is None]) == 2 * len(s._dead)


def test_after_the_first_pass_items_take_their_focus_from_the_tools_whose_questions_go_deeper() -> None:
    """An item whose turn falls to a tool no program reaches past, and DEEP_SHARE of the others, is built around a tool
    whose questions take three tools or more (the sunset, asked on the June solstice: the city, the solstice, the
    sunset); the first pass still covers every tool once."""
    from dive.lexicon import load_lexicon  # noqa: PLC0415
    from dive.pipeline import poolmap  # noqa: PLC0415
    from dive.sampling import DEEP_SHARE  # noqa: PLC0415

    packs = ["core", "geo", "time", "medicine"]
    tools = [t for p in packs for t in load_pack(p)]
    lexicon = load_lexicon(packs)
    links = poolmap.links(tools, lexicon)
    days = poolmap.days(tools, lexicon)
    deep = poolmap.deep(tools, lexicon, days, {}, links)
    assert {"sunrise_sunset", "day_length", "moonrise_moonset"} <= set(deep) and "body_mass_index" not in deep
    s = ToolsetSampler(tools, {p: list(load_seeds(p)) for p in packs},
                       ToolsConfig(mode="coverage", toolset_min=8, toolset_max=12), run_seed=3, links=links,
                       days=days, deep=deep)
    n = len(tools)
    assert sorted(s.sample(i).focus for i in range(n)) == sorted(t.name for t in tools)  # every tool once
    later = [s.sample(i) for i in range(n, 3 * n)]
    assert None not in {c.focus for c in later} and not {c.focus for c in later} & s._dead
    share = sum(c.focus in deep for c in later) / len(later)
    expected = len(s._dead) / n + (1 - len(s._dead) / n) * DEEP_SHARE  # and a deep tool's own turns
    assert expected <= share <= expected + 0.1, share
    assert all(c.toolset == s.sample(c.item).toolset for c in later[:50])  # still a pure function of the item


def test_a_compound_tool_is_deep_when_its_answer_is_converted_or_leads_to_another_code() -> None:
    """A compound's melting point (asked in degrees Celsius: name, CAS number, melting point, conversion) and its CAS
    number from its InChIKey go deeper; its logP (name, SMILES, logP) does not, nor the tool that finds a SMILES,
    whose subject's tools answer at once; the tool that finds a CAS number does."""
    from dive.lexicon import load_lexicon  # noqa: PLC0415
    from dive.pipeline import poolmap  # noqa: PLC0415

    tools = list(load_pack("chem"))
    lexicon = load_lexicon(["chem"])
    links = poolmap.links(tools, lexicon)
    deep = set(poolmap.deep(tools, lexicon, poolmap.days(tools, lexicon), poolmap.resolvers(tools, lexicon, links), links))
    assert {"chemical_phase_change_data", "chemical_vapor_pressure", "chemical_by_inchikey", "chemical_by_cas",
            "smiles_to_inchi", "chemical_synonyms", "iupac_name_to_inchi"} <= deep
    assert not deep & {"molecule_descriptors", "lipinski_rule_of_five", "murcko_scaffold", "smiles_to_formula",
                       "iupac_name_to_smiles", "chemical_molecular_constants"}


def test_only_the_first_pass_over_the_pool_covers_its_focus_tool_with_a_one_call_question() -> None:
    s = sampler(mode="coverage")
    n = len(TOOLS)
    assert [s.sample(i).cover for i in range(n)] == [s.focus(i) for i in range(n)]
    assert all(s.sample(i).cover is None and s.sample(i).focus for i in range(n, 2 * n))
    assert all(sampler(mode="cross_domain").sample(i).cover is None for i in range(10))  # not in other modes


def test_after_the_first_pass_some_items_start_from_a_set_a_tool_lists() -> None:
    """After the first pass over the pool, about ``SET_SHARE`` of the items start from a seed whose set a tool lists
    (a country, for the countries that border it), drawn by the type of a parameter the lister requires, and hold
    that tool and one that gives a quantity of the members; a lister never starts a focus tool's chain one hop
    upstream (a list is gone through, never followed)."""
    import importlib  # noqa: PLC0415

    from dive.lexicon import load_lexicon  # noqa: PLC0415
    from dive.pipeline import poolmap  # noqa: PLC0415
    from dive.sampling import SET_SHARE  # noqa: PLC0415

    packs = ["core", "geo", "chem"]
    tools = [t for p in packs for t in load_pack(p)]
    lex = load_lexicon(packs)
    links, sets = poolmap.links(tools, lex), poolmap.sets(tools, lex)
    assert {"country_neighbors", "elements_in_group", "elements_in_period"} <= set(sets), sets
    assert "calling_code_countries" not in sets  # a list not marked members
    s = ToolsetSampler(tools, {p: list(load_seeds(p)) for p in packs},
                       ToolsConfig(mode="coverage", toolset_min=5, toolset_max=8), run_seed=5, links=links, sets=sets,
                       set_subjects=poolmap.set_subjects(sets, lex))
    assert not any(up in sets for pairs in s._upstream.values() for _, up in pairs)
    n = len(tools)
    pairs = {("country_neighbors", "country_code"), ("elements_in_group", "periodic_group"),
             ("elements_in_period", "periodic_period"), ("countries_in_region", "region_name"),
             ("iso_currency_info", "currency_code")}

    def from_a_set(c) -> bool:  # noqa: ANN001
        return any(lister in c.toolset and c.seed.sem == sem and any(a in c.toolset for a in sets[lister])
                   for lister, sem in pairs)

    later = [s.sample(i) for i in range(n, 3 * n)]
    share = sum(map(from_a_set, later)) / len(later)
    sampling = importlib.import_module("dive.sampling")
    try:  # without it, only the toolsets whose seed a lister happens to take hold a set
        sampling.SET_SHARE = 0.0
        off = sum(from_a_set(s.sample(i)) for i in range(n, 3 * n)) / (2 * n)
    finally:
        sampling.SET_SHARE = SET_SHARE
    assert SET_SHARE * 0.5 < share - off < SET_SHARE * 1.5, (share, off)
    assert {c.seed.sem for c in later if from_a_set(c)} >= {"country_code", "periodic_period"}
    first = [s.sample(i) for i in range(n)]
    takers = {t.name for t in tools if {"periodic_group", "periodic_period"} & set(t.param_sem.values())}
    assert all(c.focus in takers for c in first if c.seed.sem in ("periodic_group", "periodic_period"))
    seeds = {p: list(load_seeds(p)) for p in packs}
    other = ToolsetSampler(tools, seeds, ToolsConfig(mode="cross_domain", toolset_min=5, toolset_max=8), run_seed=5,
                           links=links, sets=sets)
    assert sum(from_a_set(other.sample(i)) for i in range(n, 3 * n)) / (2 * n) < share / 2  # only in coverage mode


def test_a_focus_tool_that_takes_no_seed_starts_every_item_one_hop_upstream() -> None:
    """nearest_city takes a position, and no seed is a position: every item that focuses on it starts from a seed
    a tool in its toolset turns into one (an airport, a city), so the tool is called at all (304 calls of a run went
    to other tools' questions, none to its own, when its items started from a random seed)."""
    from dive.lexicon import load_lexicon  # noqa: PLC0415
    from dive.pipeline import poolmap  # noqa: PLC0415

    packs = ["core", "geo", "time"]
    tools = [t for p in packs for t in load_pack(p)]
    links = poolmap.links(tools, load_lexicon(packs))
    s = ToolsetSampler(tools, {p: list(load_seeds(p)) for p in packs},
                       ToolsConfig(mode="coverage", toolset_min=8, toolset_max=12), run_seed=3, links=links)
    items = [i for i in range(3 * len(tools)) if s.focus(i) == "nearest_city"]
    assert len(items) == 3
    for config in (s.sample(i) for i in items):
        assert "nearest_city" in config.toolset
        firsts = [t for t in tools if t.name in config.toolset and config.seed.sem in t.param_sem.values()
                  and "latitude" in links.get(t.name, frozenset())]
        assert firsts, (config.seed, config.toolset)


def test_a_focus_tool_gets_a_seed_within_its_bounds() -> None:
    """us_federal_income_tax takes the tax years 2018 to 2025: its items never start from 1970 (all 131 of its
    calls in a 2000-task run failed so)."""
    packs = ["core", "finance"]
    tools = [t for p in packs for t in load_pack(p)]
    seeds = {p: list(load_seeds(p)) for p in packs}
    assert any(s.sem == "year" and not 2018 <= int(s.value) <= 2025 for p in packs for s in seeds[p])
    s = ToolsetSampler(tools, seeds, ToolsConfig(mode="coverage", toolset_min=5, toolset_max=8), run_seed=7)
    items = [i for i in range(5 * len(tools)) if s.focus(i) == "us_federal_income_tax"]
    years = [s.sample(i).seed for i in items]
    assert len(years) == 5 and all(y.sem != "year" or 2018 <= int(y.value) <= 2025 for y in years), years


def test_past_its_stretches_of_sets_no_toolset_holds_a_set_listing_tool_but_as_the_focus() -> None:
    """Members questions fill their question forms within the first stretches over the pool (``SET_STRETCHES`` at 12
    per form): later toolsets hold no set-listing tool (but a lister that is the item's focus), and the items before
    are the same with or without the limit. The run sizes it by ``verify.max_per_form``, and never limits it without
    one."""
    import importlib  # noqa: PLC0415

    from dive.lexicon import load_lexicon  # noqa: PLC0415
    from dive.pipeline import poolmap  # noqa: PLC0415
    from dive.sampling import SET_STRETCHES  # noqa: PLC0415

    packs = ["core", "geo", "chem"]
    tools = [t for p in packs for t in load_pack(p)]
    lex = load_lexicon(packs)
    links, sets = poolmap.links(tools, lex), poolmap.sets(tools, lex)
    seeds = {p: list(load_seeds(p)) for p in packs}

    def make(stretches: int | None) -> ToolsetSampler:
        return ToolsetSampler(tools, seeds, ToolsConfig(mode="coverage", toolset_min=5, toolset_max=8), run_seed=5,
                              links=links, sets=sets, set_stretches=stretches)

    n = len(tools)
    limited, free = make(2), make(None)
    assert [limited.sample(i) for i in range(2 * n)] == [free.sample(i) for i in range(2 * n)]
    late = [limited.sample(i) for i in range(2 * n, 4 * n)]
    held = [c for c in late if set(sets) & set(c.toolset)]
    assert held and all(set(sets) & set(c.toolset) == {c.focus} for c in held), [(c.focus, c.toolset) for c in held]
    assert sum(bool(set(sets) & set(free.sample(i).toolset)) for i in range(2 * n, 4 * n)) > 10 * len(held)
    run = importlib.import_module("dive.pipeline.run")
    assert run._set_stretches(12) == SET_STRETCHES and run._set_stretches(24) == 2 * SET_STRETCHES
    assert run._set_stretches(None) is None and run._set_stretches(1) == 1


def test_a_lister_whose_lexicon_names_its_sets_subjects_starts_items_only_from_them() -> None:
    """The countries that use a currency are a set people name only for a currency several countries share (the West
    African CFA franc), not for the Swedish krona: the geo lexicon's ``subjects`` for the currency's users, and no
    other currency seed gets the lister added to its toolset."""
    import importlib  # noqa: PLC0415

    from dive.lexicon import load_lexicon  # noqa: PLC0415
    from dive.pipeline import poolmap  # noqa: PLC0415

    packs = ["core", "geo"]
    tools = [t for p in packs for t in load_pack(p)]
    lex = load_lexicon(packs)
    links, sets = poolmap.links(tools, lex), poolmap.sets(tools, lex)
    subjects = poolmap.set_subjects(sets, lex)
    assert subjects == {"iso_currency_info": frozenset({"XOF", "XAF", "ZAR"})}, subjects
    seeds = {p: list(load_seeds(p)) for p in packs}
    assert len({s.value for s in seeds["geo"] if s.sem == "currency_code"}) > 100

    def make(named: dict) -> ToolsetSampler:  # type: ignore[type-arg]
        return ToolsetSampler(tools, seeds, ToolsConfig(mode="coverage", toolset_min=5, toolset_max=8), run_seed=5,
                              links=links, sets=sets, set_subjects=named)

    n = len(tools)
    sampling = importlib.import_module("dive.sampling")
    share = sampling.SET_SHARE
    try:  # every later item starts from a set
        sampling.SET_SHARE = 1.0
        for named, wanted in ((subjects, {"XOF", "XAF", "ZAR"}), ({}, None)):
            s = make(named)
            started = {c.seed.value for c in (s.sample(i) for i in range(n, 4 * n)) if c.seed.sem == "currency_code"}
            assert all("iso_currency_info" in s.sample(i).toolset for i in range(n, 4 * n)
                       if s.sample(i).seed.sem == "currency_code")
            if wanted is not None:
                assert started == wanted, started
            else:  # without the lexicon's subjects, any currency starts a set: mostly ones no country shares
                assert len(started - {"XOF", "XAF", "ZAR"}) > 10, started
    finally:
        sampling.SET_SHARE = share


def test_a_seed_nobody_knows_by_heart_starts_from_its_name_with_a_tool_that_finds_it() -> None:
    """The chem pack's InChIKey, SMILES and CAS seeds are mentioned by name (*the melting point of warfarin*) and their
    types say ``found_by: molecule_name``: an item starts from the name, with a tool that finds the code from it
    first in its toolset, so no program passes a code the question does not give. The finder gives the seed's own
    code back: warfarin's InChIKey is PJVWKTKQMONHTI-UHFFFAOYSA-N (PubChem CID 54678486)."""
    from dive.lexicon import load_lexicon  # noqa: PLC0415
    from dive.pipeline import poolmap  # noqa: PLC0415
    from dive.tools.registry import load_pool  # noqa: PLC0415

    packs = ["core", "chem"]
    tools = [t for p in packs for t in load_pack(p)]
    lexicon = load_lexicon(packs)
    links = poolmap.links(tools, lexicon)
    resolvers = poolmap.resolvers(tools, lexicon, links)
    assert resolvers["inchikey"] == ("molecule_name", ("chemical_lookup", "iupac_name_to_inchi"))
    assert set(resolvers) == {"cas_number", "inchikey", "smiles"}
    s = ToolsetSampler(tools, {p: list(load_seeds(p)) for p in packs},
                       ToolsConfig(mode="coverage", toolset_min=8, toolset_max=12), run_seed=5, links=links,
                       resolvers=resolvers)
    configs = [s.sample(i) for i in range(4 * len(tools))]
    assert not [c.seed for c in configs if c.seed.sem in resolvers]
    found = [c for c in configs if c.seed.sem == "molecule_name" and "-" in (c.seed.label or "")
             and len(c.seed.label or "") == 27]  # an InChIKey's 14-10-1 letters
    assert found
    for c in found:
        assert {"chemical_lookup", "iupac_name_to_inchi"} & set(c.toolset), c
    pool = load_pool(["chem"]).subset(["chemical_lookup"])
    for c in found[:5]:
        assert pool.call("chemical_lookup", {"name": c.seed.value}).output["inchikey"] == c.seed.label
    assert pool.call("chemical_lookup", {"name": "warfarin"}).output["inchikey"] == "PJVWKTKQMONHTI-UHFFFAOYSA-N"
