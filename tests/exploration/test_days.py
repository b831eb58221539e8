"""The named-day move: a sky question asked again of a day people name, found by another tool (real time tools)."""

from __future__ import annotations

import dataclasses
import random
import re

import pytest

from dive.chains import chains_of, day_params, joins_of
from dive.derivation.natural import Natural
from dive.exploration.programs import ProgramExplorer
from dive.lexicon import lexicon_problems, load_lexicon
from dive.records import Evidence, Seed
from dive.tools.registry import load_pool, load_seeds
from dive.verification import Grounding, Replay, VerifyContext, provenance_calls
from dive.verification.hygiene import EmptyHop, QueryHygiene, Trivial

RAMADAN_STARTS = {1445: "2024-03-11", 1446: "2025-03-01", 1447: "2026-02-18"}
"""The first day of Ramadan in the Umm al-Qura calendar (Saudi Arabia's announcements)."""


@pytest.fixture(scope="module")
def world():  # noqa: ANN201
    pool = load_pool(["geo", "time"]).subset(["city_lookup", "sunrise_sunset", "islamic_year_dates"])
    lex = load_lexicon(["geo", "time"])
    seeds: dict[str, list[Seed]] = {}
    for s in (*load_seeds("time"), *load_seeds("geo")):
        seeds.setdefault(s.sem, []).append(s)
    return pool, lex, seeds


def _rounds(pool, lex, seeds, city: str):  # noqa: ANN001, ANN202
    """Round 1 (a sunset on a drawn day, kept as the round's task), then round 2 and its tasks."""
    ex = ProgramExplorer(lex, seeds, hops=2)
    tools = {t.name: t for t in pool.list_tools()}
    seed = Seed(value=city, sem="city_name", domain="geo")
    first = ex.explore(seed=seed, toolset=pool, trace=None, round=1, rng=random.Random(1))
    tasks = Natural(lex).derive(trace=first, tools=tools, seed=seed, round=1, previous=None, rng=random.Random(1))
    sunset = next(t for t in tasks if "sun set" in t.query or "of sunset" in t.query)
    second = ex.explore(seed=seed, toolset=pool, trace=first, round=2, rng=random.Random(2), previous=sunset)
    later = Natural(lex).derive(trace=second, tools=tools, seed=seed, round=2, previous=sunset, rng=random.Random(2))
    return seed, sunset, second, later


def test_a_sunset_is_asked_again_on_the_first_day_of_ramadan(world) -> None:  # noqa: ANN001
    pool, lex, seeds = world
    seed, sunset, trace, tasks = _rounds(pool, lex, seeds, "Cairo")
    day = next(c for c in trace.calls if c.tool == "islamic_year_dates")
    again = next(c for c in trace.calls if c.tool == "sunrise_sunset" and c.round == 2)
    start = RAMADAN_STARTS[day.arguments["hijri_year"]]
    assert again.arguments["date"] == start and again.sources["date"].call_id == day.id  # the tool's day, fed on
    assert day_params(again, {c.id: c.tool for c in trace.calls}, lex) == {"date"}
    assert not joins_of(trace) or again.id in {c for ch in chains_of(trace, lex) for c in ch.calls}  # the place's
    # chain goes on through the day's call: a chain question, not a join of two chains
    assert tasks, "no task of the named day"
    task = tasks[0]
    assert task.template == "chain"
    assert f"on the first day of Ramadan {start[:4]} (Umm al-Qura calendar)" in task.query, task.query
    assert "sun set" in task.query or "sunset" in task.query
    assert start not in task.query and not re.search(r"\b\d{1,2} (January|February|March) 20\d\d\b", task.query)
    assert not any(c in task.query for c in lex.tools["sunrise_sunset"].context)  # the day says why it is asked
    assert str(task.answer.value).startswith(f"{int(start[8:])} ") and start[:4] in str(task.answer.value)
    used = provenance_calls(task, trace)
    assert {c.tool for c in used} == {"city_lookup", "islamic_year_dates", "sunrise_sunset"} and len(used) == 3
    ctx = VerifyContext(toolset=pool, seed=seed)
    for check in (Grounding(), Replay(), QueryHygiene(), EmptyHop(), Trivial()):
        verdict = check.verify(task, trace, ctx)
        assert verdict.ok, (check.name, verdict.reason)


def test_a_field_no_one_asks_of_the_day_is_not_asked_of_it(world) -> None:  # noqa: ANN001
    """Solar noon, dawn and dusk on the first day of Ramadan: the lexicon pairs the day with the sunset only."""
    pool, lex, seeds = world
    _, _, trace, tasks = _rounds(pool, lex, seeds, "Cairo")
    again = next(c for c in trace.calls if c.tool == "sunrise_sunset" and c.round == 2)
    on_day = [t for t in tasks if any(e.call_id == again.id for e in t.provenance.evidence)]
    assert on_day and all(e.path == "$.sunset" for t in on_day for e in t.provenance.evidence)


def test_a_day_is_asked_only_where_people_keep_it(world) -> None:  # noqa: ANN001
    """The sunset that ends the first fast of Ramadan in Cairo, not in Lima (the lexicon's ``observed``)."""
    pool, lex, seeds = world
    _, _, trace, _ = _rounds(pool, lex, seeds, "Lima")
    assert not [c for c in trace.calls if c.tool == "islamic_year_dates"]
    ramadan = lex.tools["islamic_year_dates"].fields["$.ramadan_start"]
    assert "EG" in ramadan.observed and "PE" not in ramadan.observed


def test_a_field_with_no_days_never_makes_the_move(world) -> None:  # noqa: ANN001
    pool, lex, seeds = world
    sun = lex.tools["sunrise_sunset"]
    plain = dataclasses.replace(lex, tools={**lex.tools, "sunrise_sunset": dataclasses.replace(
        sun, fields={p: dataclasses.replace(f, days=()) for p, f in sun.fields.items()})})
    _, _, trace, _ = _rounds(pool, plain, seeds, "Cairo")
    assert not [c for c in trace.calls if c.tool == "islamic_year_dates"]


def test_the_lexicon_check_names_a_day_that_is_not_one(world) -> None:  # noqa: ANN001
    pool, lex, _ = world
    tools = {t.name: t for t in load_pool(["geo", "time"]).list_tools()}
    assert not [p for p in lexicon_problems(lex, tools) if "days" in p]
    sun = lex.tools["sunrise_sunset"]
    bad = dataclasses.replace(sun.fields["$.sunset"], days=(("islamic_year_dates", "$.days_in_year"),))
    broken = dataclasses.replace(lex, tools={**lex.tools, "sunrise_sunset": dataclasses.replace(
        sun, fields={**sun.fields, "$.sunset": bad})})
    problems = lexicon_problems(broken, tools)
    assert any("days islamic_year_dates.days_in_year is no field with a day" in p for p in problems), problems
    ramadan = lex.tools["islamic_year_dates"]
    typo = dataclasses.replace(ramadan.fields["$.ramadan_start"], day="the first day of Ramadan {hijri_yaer}")
    broken = dataclasses.replace(lex, tools={**lex.tools, "islamic_year_dates": dataclasses.replace(
        ramadan, fields={**ramadan.fields, "$.ramadan_start": typo})})
    assert any("day slot(s) ['hijri_yaer']" in p for p in lexicon_problems(broken, tools))
    no_day = dataclasses.replace(sun, any_day=())
    broken = dataclasses.replace(lex, tools={**lex.tools, "sunrise_sunset": no_day})
    assert any("days on a tool with no any_day" in p for p in lexicon_problems(broken, tools))


def test_sky_wording_says_the_event_and_the_local_time_plainly() -> None:
    """", given in the local time zone?" before "Give the time to the minute." reads as a template's (both readers,
    round CR); "at sunset in the local time zone" says a clock the event already fixes; "the longest length"."""
    from dive.derivation.wording import idioms  # noqa: PLC0415

    assert idioms("Could you look up the time of sunset in Cairo on 1 March 2025, given in the local time zone? Give "
                  "the time to the minute.") == ("Could you look up the time of sunset in Cairo on 1 March 2025 (local "
                                                 "time)? Give the time to the minute.")
    assert idioms("the Sun's azimuth in Cairo on 6 January 2025 at sunset in the local time zone?") == (
        "the Sun's azimuth in Cairo on 6 January 2025 at sunset?")
    assert idioms("Which has the longest length of the day from sunrise to sunset?") == (
        "Which has the longest day from sunrise to sunset?")


def test_more_places_are_compared_on_the_same_named_day() -> None:
    """The day length of Cairo on the December solstice, then of two more cities of its region on it: each city's
    solstice found in its own time zone, and the question names the day once."""
    pool = load_pool(["geo", "time"]).subset(["city_lookup", "day_length", "equinoxes_solstices"])
    lex = load_lexicon(["geo", "time"])
    seeds: dict[str, list[Seed]] = {}
    for s in load_seeds("geo"):
        seeds.setdefault(s.sem, []).append(s)
    ex = ProgramExplorer(lex, seeds, hops=2, asks=frozenset({"superlative"}), combine=False)
    natural = Natural(lex, shapes=("chain", "superlative"))
    tools = {t.name: t for t in pool.list_tools()}
    seed = next(s for s in seeds["city_name"] if s.value == "Cairo")
    trace, previous, tasks = None, None, []
    for r in (1, 2, 3):
        trace = ex.explore(seed=seed, toolset=pool, trace=trace, round=r, rng=random.Random(r), previous=previous)
        tasks = natural.derive(trace=trace, tools=tools, seed=seed, round=r, previous=previous, rng=random.Random(r))
        previous = tasks[0] if tasks else previous
    superlative = next(t for t in tasks if t.template == "superlative")
    assert "on the December solstice in 2025" in superlative.query and "day from sunrise to sunset" in superlative.query
    used = provenance_calls(superlative, trace)
    zones = {c.arguments["timezone"] for c in used if c.tool == "equinoxes_solstices"}
    assert {c.tool for c in used} == {"city_lookup", "day_length", "equinoxes_solstices"} and len(zones) == 3
    assert {c.arguments["date"] for c in used if c.tool == "day_length"} == {"2025-12-21"}  # Africa keeps one day
    hours = {c.arguments["latitude"]: trace.observation(c.id).output["day_length_hours"] for c in used
             if c.tool == "day_length"}
    want = max(hours, key=hours.get) if superlative.provenance.op == "argmax" else min(hours, key=hours.get)
    winner = next(c for c in used if c.tool == "city_lookup" and trace.observation(c.id).output["latitude"] == want)
    assert superlative.answer.value.startswith(winner.arguments["name"])  # in December, the furthest south the longest
    ctx = VerifyContext(toolset=pool, seed=seed)
    for check in (Grounding(), Replay(), QueryHygiene(), EmptyHop(), Trivial()):
        assert check.verify(superlative, trace, ctx).ok


def test_the_sun_s_azimuth_is_asked_at_sunset() -> None:
    """Where the sun sets: its azimuth at the moment another tool gives for sunset, a moment the question names by
    the event ("on 28 September 2025 at sunset"), never by its clock. ephem, another library, puts the Sun at that
    moment within a few tenths of a degree of the answer, a little south of due west a week after the equinox."""
    import math  # noqa: PLC0415

    import ephem  # noqa: PLC0415

    task, trace = _on_named_day(["solar_position", "sunrise_sunset"], "solar_position", "Cairo", "azimuth",
                                "at sunset")
    _, obs = _at_sun_event(task, trace, "sunset")
    assert task.answer.value == pytest.approx(math.degrees(ephem.Sun(obs).az), abs=0.3)
    assert 260 < task.answer.value < 270


def test_a_day_is_named_only_for_a_field_asked_on_it() -> None:
    """The first day of Ramadan fed to a weekday lookup is described by its noun ("the Gregorian date on which
    Ramadan begins in 1452 AH"): only a field that lists the day in ``days`` says it as people name it, and "Ramadan
    2030" would be two days (1451 and 1452 both begin in 2030)."""
    from dive.derivation.describe import Describer  # noqa: PLC0415
    from dive.records import Evidence, Observation, ToolCall, Trace  # noqa: PLC0415

    pool = load_pool(["core", "time"]).subset(["islamic_year_dates", "date_info"])
    lex = load_lexicon(["core", "time"])
    tools = {t.name: t for t in pool.list_tools()}
    year = ToolCall(tool="islamic_year_dates", arguments={"hijri_year": 1452})
    start = pool.call(year.tool, dict(year.arguments), call_id=year.id).output["ramadan_start"]
    weekday = ToolCall(tool="date_info", arguments={"date": start}, parents=(year.id,), step=1,
                       sources={"date": Evidence(call_id=year.id, path="$.ramadan_start")})
    calls = (year, weekday)
    obs = tuple(Observation(call_id=c.id, ok=True, output=pool.call(c.tool, dict(c.arguments), call_id=c.id).output)
                for c in calls)
    trace = Trace(seed=1452, seed_type="hijri_year", toolset=tuple(tools), calls=calls, observations=obs)
    said = Describer(lex, trace, tools, Seed(value=1452, sem="hijri_year", domain="time")).mentions(weekday)["date"]
    assert start.startswith("2030") and "Ramadan begins in 1452 AH" in said and "first day" not in said
    assert not day_params(weekday, {year.id: year.tool}, lex)


def test_the_islamic_year_of_a_ramadan_is_found_for_its_gregorian_year() -> None:
    """Ramadan 1444 began on 23 March 2023 and 1447 on 18 February 2026; 2030 holds the first days of 1451 (5
    January) and 1452 (26 December), so no one year is its Ramadan's."""
    from dive.exploration.days import _hijri  # noqa: PLC0415

    assert (_hijri(2023), _hijri(2026), _hijri(2030)) == (1444, 1447, None)


def _on_named_day(names: list[str], focus: str, city: str, first_word: str, then: str):  # noqa: ANN202
    """Round 1 asks ``focus`` (a task whose query holds ``first_word``) on a drawn day; round 2 asks it again on a
    named day; the round-2 task whose query holds ``then``, its trace and the toolset."""
    pool = load_pool(["geo", "time"]).subset(["city_lookup", *names])
    lex = load_lexicon(["geo", "time"])
    ex = ProgramExplorer(lex, {}, hops=2, combine=False)
    tools = {t.name: t for t in pool.list_tools()}
    seed = Seed(value=city, sem="city_name", domain="geo")
    first = ex.explore(seed=seed, toolset=pool, trace=None, round=1, rng=random.Random(1), focus=focus)
    asked = next(t for t in Natural(lex).derive(trace=first, tools=tools, seed=seed, round=1, previous=None,
                                                rng=random.Random(1)) if first_word in t.query)
    trace = ex.explore(seed=seed, toolset=pool, trace=first, round=2, rng=random.Random(2), previous=asked)
    tasks = Natural(lex).derive(trace=trace, tools=tools, seed=seed, round=2, previous=asked, rng=random.Random(2))
    task = next(t for t in tasks if then in t.query)
    ctx = VerifyContext(toolset=pool, seed=seed)
    for check in (Grounding(), Replay(), QueryHygiene(), EmptyHop(), Trivial()):
        verdict = check.verify(task, trace, ctx)
        assert verdict.ok, (check.name, verdict.reason)
    return task, trace


def test_the_moon_rises_on_the_day_of_the_year_s_first_full_moon() -> None:
    """A moonrise asked again on the day of the year's first full moon, found by the full-moon tool in the place's
    own zone. ephem, another library, puts that full moon on 3 January 2026 (10:03 UTC) and the Moon's rising in Oslo
    that day within two minutes of the answer; a full moon rises near sunset (Oslo: 15:23)."""
    import datetime as dt  # noqa: PLC0415
    from zoneinfo import ZoneInfo  # noqa: PLC0415

    import ephem  # noqa: PLC0415

    task, trace = _on_named_day(["moonrise_moonset", "full_moons_in_year"], "moonrise_moonset", "Oslo",
                                "Moon rise", "Moon rise")
    moons = next(c for c in trace.calls if c.tool == "full_moons_in_year")
    again = next(c for c in trace.calls if c.tool == "moonrise_moonset" and c.round == 2)
    year = moons.arguments["year"]
    full = ephem.next_full_moon(f"{year}/1/1").datetime().replace(tzinfo=dt.UTC)
    day = full.astimezone(ZoneInfo("Europe/Oslo")).date().isoformat()
    assert moons.arguments["timezone"] == "Europe/Oslo" and again.arguments["date"] == day
    assert again.sources["date"] == Evidence(call_id=moons.id, path="$.full_moons[0].date")
    assert f"on the day of the first full moon of {year}" in task.query and day not in task.query
    assert {c.tool for c in provenance_calls(task, trace)} == {"city_lookup", "full_moons_in_year", "moonrise_moonset"}
    obs = ephem.Observer()
    obs.lat, obs.lon = str(again.arguments["latitude"]), str(again.arguments["longitude"])
    obs.date = ephem.Date(dt.datetime.fromisoformat(day).replace(tzinfo=ZoneInfo("Europe/Oslo"))
                          .astimezone(dt.UTC).replace(tzinfo=None))
    rise = obs.next_rising(ephem.Moon()).datetime().replace(tzinfo=dt.UTC).astimezone(ZoneInfo("Europe/Oslo"))
    hh, mm = re.search(r"at (\d\d):(\d\d)", str(task.answer.value)).groups()
    assert str(task.answer.value).startswith(f"{int(day[8:])} January {year}")
    assert abs((int(hh) * 60 + int(mm)) - (rise.hour * 60 + rise.minute)) <= 2
    assert 13 <= rise.hour <= 17  # near the 15:23 sunset of early January in Oslo


def _at_sun_event(task, trace, event: str):  # noqa: ANN001, ANN202
    """The round-2 Sun position call of ``trace`` and an ephem observer at its moment, after checking that the moment
    is the Sun's times' ``event`` (fed from that call) and that the question names it by the event, not its clock."""
    import datetime as dt  # noqa: PLC0415
    from zoneinfo import ZoneInfo  # noqa: PLC0415

    import ephem  # noqa: PLC0415

    times = next(c for c in trace.calls if c.tool == "sunrise_sunset")
    again = next(c for c in trace.calls if c.tool == "solar_position" and c.round == 2)
    moment = trace.observation(times.id).output[event]
    assert again.arguments["datetime"] == moment and again.sources["datetime"].call_id == times.id
    assert "local time" not in task.query and moment[11:16] not in task.query
    assert {c.tool for c in provenance_calls(task, trace)} == {"city_lookup", "sunrise_sunset", "solar_position"}
    obs = ephem.Observer()
    obs.lat, obs.lon = str(again.arguments["latitude"]), str(again.arguments["longitude"])
    local = dt.datetime.fromisoformat(moment).replace(tzinfo=ZoneInfo(again.arguments["timezone"]))
    obs.date = ephem.Date(local.astimezone(dt.UTC).replace(tzinfo=None))
    return again, obs


def test_the_sun_s_elevation_is_asked_at_solar_noon() -> None:
    """The Sun at its highest: its elevation at the solar noon another tool gives, a moment the question names by the
    event. ephem, another library, puts the Sun's apparent altitude at that moment within 0.2° of the answer, and the
    Sun's meridian transit within a minute of it."""
    import math  # noqa: PLC0415

    import ephem  # noqa: PLC0415

    task, trace = _on_named_day(["solar_position", "sunrise_sunset"], "solar_position", "Cairo", "How high",
                                "at solar noon")
    again, obs = _at_sun_event(task, trace, "solar_noon")
    elevation = trace.observation(again.id).output["elevation_deg"]
    assert elevation == pytest.approx(math.degrees(ephem.Sun(obs).alt), abs=0.2)
    assert task.answer.value == pytest.approx(elevation, abs=0.5)  # as asked: to a tenth or to a whole degree
    moment = ephem.Date(obs.date)
    obs.date = ephem.Date(moment - 0.25)
    assert abs((obs.next_transit(ephem.Sun()) - moment) * 24 * 60) <= 1
