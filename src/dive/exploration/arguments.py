"""Arguments for a call of a program (:class:`~dive.exploration.program_run.ProgramRun`): the value it is fed, the
parameters grouped with it from the same source call (a place's latitude with its longitude), the rest from the
tool's example, and the fills that are never made (a position from an example, a range given backwards, a thing
paired with itself).
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from dive._hashing import canonical_json
from dive.chains import CLOCKS, COORDINATES, GENERIC_SEMS, accepts
from dive.jsonpath import expand
from dive.lexicon import ToolLex
from dive.records import Evidence
from dive.tools.tool import Tool

if TYPE_CHECKING:
    from dive.exploration.program_run import ProgramRun

__all__ = ["DATES", "POSITIONS", "any_day", "country_of_subdivision", "drawn", "fill", "value_from"]


def fill(run: ProgramRun, tool: Tool, anchor: str, value: Any, source: Evidence | None, pair: bool = False
         ) -> tuple[dict[str, Any], dict[str, Evidence]] | None:
    """Arguments for ``tool`` with ``anchor`` = ``value``: grouped parameters from the anchor's source call,
    other required ones from the tool's example (None when a parameter cannot be filled). ``pair``: the
    caller fills the anchor's twin (a parameter of the same type) from another call."""
    tl = run.ex.lexicon.tools[tool.name]
    props = tool.parameters.get("properties", {})
    required = set(tool.parameters.get("required", []))
    example = tool.examples[0] if tool.examples else {}
    args: dict[str, Any] = {anchor: value}
    sources: dict[str, Evidence] = {anchor: source} if source else {}
    group = tl.group_of(anchor)
    for member in tl.groups.get(group, ()) if group else ():
        if member == anchor:
            continue
        if source is None:
            if member not in example:
                return None
            args[member] = example[member]
            continue
        hit = value_from(run, tool, member, source.call_id)
        if hit is None:
            return None
        args[member], sources[member] = hit
    if source is not None and group is not None:  # a clock read at a place is the place's own: sunrise at Tokyo
        # on 1 September in UTC is the evening of 31 August (the tool's date is the date in that zone)
        for param in props:
            if tool.param_sem.get(param) in CLOCKS and param not in args:
                zone = value_from(run, tool, param, source.call_id)
                if zone is not None and isinstance(zone[0], str) and accepts(props[param], zone[0]):
                    args[param], sources[param] = zone
    other_groups = [g for g in tl.groups if g != group]
    for g in other_groups:  # a second place: from an earlier chain's end, else the example
        if not pair and not run.ex.combine and any(tool.param_sem.get(m) in COORDINATES for m in tl.groups[g]):
            return None  # a join of two chains' places: not asked (``derive.shapes`` without ``join``)
        filled = _group_from_trace(run, tool, tl.groups[g], exclude=run.lineage_ids(source.call_id) if source
                                        else frozenset())  # never the anchor's own chain: the distance from
        # the capital of Colombia to the capital of Colombia (its profile's position to its city record's)
        if filled is None:  # a second place is never an example's bare coordinates
            if not all(m in example for m in tl.groups[g]) or any(
                    tool.param_sem.get(m) in COORDINATES for m in tl.groups[g]):
                return None
            args.update({m: example[m] for m in tl.groups[g]})
        else:
            args.update(filled[0])
            sources.update(filled[1])
    for param in props:
        if param in args:
            continue
        if tool.param_sem.get(param) in POSITIONS and (param in required or param in example):
            return None  # longitude 0 with Riga's time zone: a position comes from the place, never the example
        if param in tl.own and (param in required or param in example) and (
                tl.subject not in example or canonical_json(example[tl.subject]) != canonical_json(args.get(tl.subject))):
            return None  # benzene at the example's density of 2.2 g/cm³: a property of another subject
        if param in required:
            if param not in example:
                return None
            args[param] = drawn(run.seed.value, tool.name, tl, param, example[param])
        elif _zero(props[param].get("default")) and param in example and not _zero(example[param]):
            args[param] = example[param]  # adding 0 months to a date is an empty hop: the example's offset
    twin = tool.param_sem.get(anchor)
    if source is not None and not pair and twin not in GENERIC_SEMS and any(
            tool.param_sem.get(p) == twin and p != anchor and p in args and p not in sources for p in props):
        return None  # "how far apart are the capital of Costa Rica and London?", London the tool's example:
        # a pair of things is two chains' ends (a join) or an anchor and the things ranked, never one from nowhere;
        # nor a date range with one end found and the other the example's ("the weekend days from 19 June 2025
        # to 31 July 2024": backwards, two reviewers)
    if source is not None:  # a parameter set from the example, of the same kind as one the source call was
        # given, keeps the source's: the next business day after a German holiday is Germany's, not the US'
        given = run.call_by_id(source.call_id).arguments
        src_sem = run.tools[run.call_by_id(source.call_id).tool].param_sem
        for param in props:
            kind = tool.param_sem.get(param)
            if ((param not in args and kind not in _QUALIFIERS) or param in sources or param == anchor
                    or kind is None or kind in GENERIC_SEMS or kind in DATES or tl.group_of(param) is not None):
                continue  # a second place's coordinates are their own
            same = [v for p, v in given.items() if src_sem.get(p) == kind]
            if len(same) == 1 and accepts(props[param], same[0]):
                args[param] = same[0]
            elif tool.param_sem.get(anchor) in DATES and kind in _WHERE:
                return None  # US banks on the last trading day of Euronext Paris: two places, one date
    args = country_of_subdivision(tool, args, sources)
    if _backwards(tool, args) or _self_pair(tool, args):
        return None
    return args, sources

def _group_from_trace(run: ProgramRun, tool: Tool, members: Sequence[str], exclude: frozenset[str]
                      ) -> tuple[dict[str, Any], dict[str, Evidence]] | None:
    for call in reversed(run.calls):
        if call.id in exclude or not run.obs(call.id).ok or call.tool not in run.tools:
            continue
        hits = {m: value_from(run, tool, m, call.id) for m in members}
        if all(hits.values()):
            return ({m: h[0] for m, h in hits.items() if h}, {m: h[1] for m, h in hits.items() if h})
    return None

def value_from(run: ProgramRun, tool: Tool, param: str, call_id: str) -> tuple[Any, Evidence] | None:
    """The value for ``tool``'s ``param`` from ``call_id``'s output: its first scalar field of the same type."""
    src = run.tools.get(run.call_by_id(call_id).tool)
    want = tool.param_sem.get(param)
    for pattern, sem in (src.output_sem.items() if src else ()):
        if sem == want and "[*]" not in pattern:
            got = list(expand(run.obs(call_id).output, pattern))
            if got and got[0][1] is not None:
                return got[0][1], Evidence(call_id=call_id, path=got[0][0])
    return None


DATES = frozenset({"date", "datetime"})
_FIRST_DAY, _DAYS = dt.date(2024, 1, 1), 3 * 365 + 1


def drawn(seed: Any, tool: str, tl: ToolLex, param: str, example: Any) -> Any:
    """The value a program gives ``param`` where the tool's example would: a day or one of the lexicon's
    ``choices`` drawn from the seed, the tool and the parameter alone (the same in every call of the seed's
    program and its siblings), else the example's."""
    if param in tl.any_day:
        return any_day(seed, tool, example)
    if param in tl.choices:
        return random.Random(canonical_json([seed, tool, param])).choice(tl.choices[param])
    return example


def any_day(seed: Any, tool: str, example: Any) -> Any:
    """A day from 2024 to 2026 in place of a tool example's date (``2024-12-07T22:00:00`` keeps its clock), drawn
    from the seed and the tool alone: every call of the tool in the seed's program, and every sibling a comparison
    adds, looks at the same day (lexicon ``any_day``)."""
    if not isinstance(example, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}(T[\d:.]+)?", example):
        return example
    day = _FIRST_DAY + dt.timedelta(days=random.Random(canonical_json([seed, tool])).randrange(_DAYS))
    return day.isoformat() + example[10:]


def country_of_subdivision(tool: Tool, args: dict[str, Any], sources: Mapping[str, Evidence]) -> dict[str, Any]:
    """``args`` with a country parameter set to the country a subdivision code names: Manitoba's holidays are
    Canada's (CA-MB beside the example's GB failed every such call of a 2000-task run)."""
    props = tool.parameters.get("properties", {})
    out = dict(args)
    for param, value in args.items():
        if tool.param_sem.get(param) == "subdivision_code" and isinstance(value, str) and "-" in value:
            country = value.split("-")[0]
            for other in props:
                if tool.param_sem.get(other) == "country_code" and other not in sources and accepts(props[other],
                                                                                                        country):
                    out[other] = country
    return out


def _backwards(tool: Tool, args: Mapping[str, Any]) -> bool:
    """Whether a date range's start comes after its end: "How long is it from 29 April 2025 to 15 March 2024?" (the
    tools swap them; a person says the earlier date first). ISO dates and times compare as text."""
    for param, value in args.items():
        end = param.replace("start", "end", 1)
        if (param.startswith("start") and end in args and tool.param_sem.get(param) in DATES
                and tool.param_sem.get(end) in DATES
                and isinstance(value, str) and isinstance(args[end], str) and value > args[end]):
            return True
    return False


def _self_pair(tool: Tool, args: Mapping[str, Any]) -> bool:
    """Whether two parameters of one specific kind hold the same value: "the score for replacing tryptophan by
    tryptophan" (the seed beside the tool's example) compares a thing with itself (two reviewers)."""
    seen: dict[tuple[str, str], str] = {}
    for param, value in args.items():
        kind = tool.param_sem.get(param)
        if kind is None or kind in GENERIC_SEMS or kind in DATES or isinstance(value, bool):
            continue
        key = (kind, canonical_json(value))
        if key in seen:
            return True
        seen[key] = param
    return False


POSITIONS = frozenset(COORDINATES) | frozenset(COORDINATES.values())
"""A latitude or a longitude, alone or in a pair: never an example's (the sidereal time at longitude 0 in the
time zone of Adelaide)."""
_QUALIFIERS = frozenset({"country_code"})
"""Optional parameters that say where a name is (a city's country): set from the source call's own even when the
tool's example leaves them out (the capital of Costa Rica is San José in CR, not San Jose, California)."""
_WHERE = frozenset({"country_code", "exchange_code", "subdivision_code"})
"""What a found date belongs to: a call it feeds must be about the same place, or it is not made."""


def _zero(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == 0
