"""Chains: how one call's output feeds the next, and how a trace's calls read as chains and joins.

A value flows from an output field into a parameter only when both carry the same *specific*
semantic type and the value names something: a city, a date, a code (text values), or the
coordinates of one place (a latitude with its longitude from the same output, which fill a
tool's coordinate group together). Other numbers never chain: the role of a number is never
certain (an angle may be a zenith angle or an elevation, an amount a price or a tax), and
chaining them gave "the molar mass of the length of a site".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from dive._hashing import canonical_json
from dive.jsonpath import expand
from dive.lexicon import FieldLex, Lexicon, ToolLex, is_numeric_field, slots
from dive.records import Observation, Seed, ToolCall, Trace
from dive.tools.tool import Tool, accepts, takes_type

__all__ = ["AMOUNTS", "CLOCKS", "COORDINATES", "PAIRED", "GENERIC_SEMS", "Chain", "MemberSet", "accepts", "bridges", "ARITHMETIC", "chainable_sems",
           "kind_of", "sole_types", "typed_values", "value_key",
           "ancestry", "plain_facts",
           "comparable", "coordinate_stem", "dated", "day_params", "feeds", "gives_quantity", "is_member_call", "is_quantity", "chains_of",
           "joins_of", "leads_nowhere", "main_chain", "member_lists", "member_sets", "relates_places",
           "worth_comparing"]

GENERIC_SEMS = frozenset({"number", "integer", "number_list", "text", "word", "boolean", "percent", "unit",
                          "geonames_id", "python_code", "quantity_kind", "angle_deg", "clinical_score",
                          "duration_days", "duration_hours", "duration_s", "duration_years", "sequence_length",
                          "weekday"})
"""Semantic types that never carry a value from one call into another: no role of their own (an angle
may be a zenith angle or an elevation; a duration or a length of anything; a weekday is a property of a
date, and "the fourth <the weekday of a date> in November" is a riddle)."""

COORDINATES = {"latitude": "longitude"}
"""Numeric types that chain, each with the type that must come from the same output: one place's position."""

AMOUNTS = {"population": "area_km2"}
"""Quantities that chain only with their partner from the same output and the same thing: a country's population
with its area, into the population density of that country (*Which of the countries that border Spain has the highest
population density?*). A tool takes them as one group (lexicon ``groups``), mentioned as the thing they measure."""

PAIRED = {**COORDINATES, **AMOUNTS}
"""Every numeric type that chains, with its partner."""

PLACES = frozenset({"city_name", "airport_iata", "airport_icao", "postal_code", "coordinates_text"})
"""Subjects whose call's own coordinates locate a place a person names ("within 100 km of Lima"). Coordinates
of anything else (a time zone's reference point, the city nearest a point) chain only from a field that says
what they locate (``capital_latitude`` beside ``capital``)."""


_DATES = frozenset({"date", "datetime"})
_NOT_QUANTITIES = frozenset({"right_ascension", "declination", "fx_rate", "geonames_id", "julian_day", "year", "hijri_year", "hebrew_year", "unix_timestamp",
                             "atomic_number", "codon_table_id", "periodic_group", "periodic_period", "month",
                             "latitude", "longitude"})  # positions, not amounts: no one adds or averages two
_ID_WORDS = re.compile(r"\b(?:azimuth|compass direction|above the horizon|(?:elevation|altitude) of the (?:Sun|Moon)|ID|identifier|code|rank|ranks|ranked|day-of-year|day of the year|day of the (?:[\w-]+ )?month|serial|index number)\b")


_A_YEAR = re.compile(r"the (?:[\w-]+ )?year of\b|the (?:[\w-]+ )?year in which\b")
"""A field that is a year of some calendar (the year of the Persian calendar in which a date falls)."""

_ADDITIVE = re.compile(r"\b(?:population|(?<!surface )area|inhabitants|people)\b")
"""Not a surface area (a reviewer found the total polar surface area of isopropanol, water and DMSO), not
"length" (three compounds' scattering length densities totalled), not "number of" (reviewers found the heavy
atoms of three molecules and the holidays of four countries totalled pointless)."""


def is_additive(noun: str) -> bool:
    """Whether values of a field add up to something (three countries' populations, areas):
    the only fields totalled over entities. (A total of boiling points means nothing, and a reviewer found the
    mean of one field over unrelated entities, the mean molecular weight of folic acid, glutamine and
    aniline, no one asks.)"""
    return bool(_ADDITIVE.search(noun))


def is_quantity(sem: str | None, noun: str) -> bool:
    """Whether a numeric field measures something (a population, a mass), so that two entities' values may be
    subtracted or ranked: identifiers, years, day numbers and ranks never enter arithmetic."""
    return (sem not in _NOT_QUANTITIES and not (sem or "").endswith("_year")  # a Persian or Hebrew year too
            and not _ID_WORDS.search(noun) and not _A_YEAR.match(noun))


NOT_CONVERTED = re.compile(r"\b(?:critical|triple point|body weight)\b")
"""Quantities no one asks in another unit (read in a field's noun): a critical temperature or pressure, a triple
point, said as the equation of state gives them; a body weight for drug dosing, said in kilograms ("the adjusted
body weight of a woman who weighs 110 kg and is 178 cm tall in pounds": two readers, round BD)."""


def quantity_fields(tool: Tool, tl: ToolLex) -> list[str]:
    """The fields of ``tool`` a choice may compare or filter on: asked, compared, one number, a quantity (a
    compound's flash point; not its PubChem id)."""
    return [p for p, fl in tl.fields.items()
            if fl.asked and fl.compare and not fl.is_list and "[*]" not in p and is_numeric_field(tool, p)
            and is_quantity(tool.output_sem.get(p), fl.noun)]


CLOCKS = frozenset({"timezone"})
"""Parameter types that say in which zone a clock is read: taken from the place a call is about, the local one."""

ARITHMETIC = {"subtract_numbers": ("a", "b")}
"""The tool that takes the difference of two numbers, with their (larger, smaller) parameters: the compute move
feeds them the same field of two entities, larger first. (Ratios are left out: a ratio of two ranks, two
scores or two temperatures in °C reads as a drill, not a request.)"""


def comparable(seed: Seed) -> bool:
    """Whether two of the seed's kind may be subtracted: entities of one family (``Seed.group``: two drugs, two
    European countries). Reviewers found how much larger one nuclide's half-life is than another's, or one
    refrigerant's heat of fusion than a biodiesel ester's, pairings no one asks (a superlative over 3+ of them
    still reads as a request); and three of four independent reviewers rated one calculator run for two made-up
    values of one input and subtracted (the eGFR of a 31-year-old woman less a 78-year-old's: 1 of 11 good)
    contrived, so two amounts of a calculator's input are not subtracted either."""
    return bool(seed.group)




def chainable_sems(tools: Iterable[Tool]) -> frozenset[str]:
    """The semantic types whose values can chain, by the parameters that take them: text-typed ones
    (a code, a name, a date) and the numbers that chain in pairs (``PAIRED``: coordinates, a population with its
    area)."""
    out = set(PAIRED)
    for tool in tools:
        props = tool.parameters.get("properties", {})
        for param, sem in tool.param_sem.items():
            if sem not in GENERIC_SEMS and param in props and takes_type(props[param], "x"):
                out.add(sem)
    return frozenset(out)


def relates_places(tool: Tool) -> bool:
    """Whether ``tool`` relates a position to other places: it takes two (a distance, a bearing, a midpoint) or
    finds the places near one (the airports within 100 km). Only a named city's position feeds any other tool."""
    return (sum(s in COORDINATES for s in tool.param_sem.values()) >= 2
            or any(s in PLACES - {"coordinates_text"} for s in tool.output_sem.values()))  # not a format of it


def coordinate_stem(path: str) -> str:
    """The field a latitude sits beside (``$.capital_latitude`` -> ``$.capital``), or ``$`` for the call's own."""
    return re.sub(r"[._]?(latitude|lat)$", "", path) or "$"


def feeds(sem: str | None, fl: FieldLex) -> bool:
    """Whether a field of type ``sem`` can feed another call at all: a specific type, not a date (a found date
    is asked, never described), not marked ``bridge: false``. The explorer ranks first tools by it."""
    return sem is not None and sem not in GENERIC_SEMS and sem not in _DATES and fl.bridge


def bridges(tool: Tool, tl: ToolLex, obs: Observation, args: Mapping[str, Any]) -> list[tuple[str, str, Any]]:
    """The askable scalar fields of one output that can feed another call: (path, sem, value).

    A bridge has a specific semantic type and is none of the call's own arguments; it is a text value
    (an entity, a date, a code), a latitude whose longitude the same output gives, of a place a person
    names: the call's subject when it is one of ``PLACES``, else a field beside it (``capital``), or an amount
    whose partner the same output gives of the call's own subject (a country's population beside its area)."""
    if not obs.ok:
        return []
    inputs = {canonical_json(v) for v in args.values()}
    sems = {s for p, s in tool.output_sem.items() if "[*]" not in p}
    place = tool.param_sem.get(tl.subject or "") in PLACES
    out: list[tuple[str, str, Any]] = []
    for path, fl in tl.fields.items():
        sem = tool.output_sem.get(path)
        if sem is None or sem in GENERIC_SEMS or sem in _DATES or "[*]" in path or not fl.bridge:
            continue  # a date found by a lookup feeds nothing: two reviewers found the Hijri month of a stock
            # exchange holiday and the Torah portion after a Seychelles holiday contrived
        for concrete, value in expand(obs.output, path):
            if value is None or value == "" or canonical_json(value) in inputs:
                continue
            number = isinstance(value, int | float) and not isinstance(value, bool)
            if isinstance(value, str) or (sem in COORDINATES and COORDINATES[sem] in sems and number
                                          and (place or coordinate_stem(concrete) in tl.fields)):
                out.append((concrete, sem, value))
            elif sem in AMOUNTS and number and value > 0 and tl.subject in tool.param_sem and concrete.count(".") == 1 \
                    and any(s == AMOUNTS[sem] and p.count(".") == 1 and p in tl.fields and "[*]" not in p
                            for p, s in tool.output_sem.items()):
                out.append((concrete, sem, value))  # a field of the call's subject itself ($.population), not of
                # one of two things it compares ($.a.population)
    return out


def member_lists(tool: Tool, tl: ToolLex) -> list[tuple[str, str, str]]:
    """The complete lists of entities ``tool`` gives, each a set a person names by its relation (the countries
    that border Spain, the countries that use the CFA franc): (the lexicon's list field, the path of the items'
    values that can feed another call, their type). Only a list field with a ``count`` question is complete."""
    out: list[tuple[str, str, str]] = []
    for pattern, fl in tl.fields.items():
        if "[*]" not in pattern or not fl.count or not fl.bridge:
            continue
        prefix = pattern[: pattern.rindex("[*]") + 3]
        for path, sem in tool.output_sem.items():
            if (path.startswith(prefix) and "[*]" not in path[len(prefix):] and sem not in GENERIC_SEMS
                    and sem not in _DATES):
                out.append((pattern, path, sem))
    return out


def gives_quantity(tool: Tool, tl: ToolLex) -> bool:
    """Whether ``tool`` gives a number worth comparing across members of a set: an askable numeric field that
    measures something (not a count of a list, an id, a year) and may be compared."""
    return any(not fl.is_list and fl.compare and not fl.noun.startswith("the number of") and is_numeric_field(tool, p)
               and is_quantity(tool.output_sem.get(p), fl.noun) for p, fl in tl.fields.items())


def dated(tool: Tool, tl: ToolLex, call: ToolCall, seed_value: Any) -> bool:
    """Whether ``call`` was given a date the question would state only because a tool's example holds it (the
    days from 31 March 2025 to the next public holiday): a date the seed is, or a call found, is the program's own.
    Such calls are never compared across entities (:meth:`dive.derivation.compare.Questions.dated`)."""
    seed = canonical_json(seed_value)
    return any(tool.param_sem.get(p) in ("date", "datetime") and p != tl.subject and p not in call.sources
               and canonical_json(v) != seed for p, v in call.arguments.items())


def worth_comparing(tool: Tool, tl: ToolLex, strings: bool = False) -> bool:
    """Whether calls of ``tool`` for several entities give something a comparison asks: an askable field that may be
    compared and measures something (the largest population), or, with ``strings``, any short text (the same
    currency). A chain ending in a position, a time zone's name or a date never is: running it for more entities
    asks nothing."""
    for path, fl in tl.fields.items():
        if fl.is_list or not fl.compare or not fl.asked:
            continue
        if strings and not is_numeric_field(tool, path):
            return True
        if is_numeric_field(tool, path) and is_quantity(tool.output_sem.get(path), fl.noun):
            return True
    return False


_INDEX = re.compile(r"\[\d+\]")


def leads_nowhere(tool: Tool, tl: ToolLex) -> bool:
    """Whether no question reads a call of ``tool``: none of its fields is asked, counted, gone through as a set,
    ranked, compared as a quantity or goes on to another call (the country a time zone belongs to, asked of no one
    and feeding nothing: a city's chain that hopped into it asked nothing)."""
    for path, fl in tl.fields.items():
        if fl.asked or fl.count or fl.members or fl.rank or feeds(tool.output_sem.get(path), fl):
            return False
    return not gives_quantity(tool, tl)


def is_member_call(call: ToolCall) -> bool:
    """Whether ``call`` was fed one item of an earlier call's list (a member of a set)."""
    return len(call.sources) == 1 and bool(_INDEX.search(next(iter(call.sources.values())).path))


@dataclass(frozen=True)
class MemberSet:
    """Calls of one tool, one per item of an earlier call's list: every member of a set (the population of
    each country that borders Spain)."""

    parent: str
    items: str
    """The items' path pattern in the parent's output (``$.neighbors[*].country_code``)."""
    calls: tuple[str, ...]
    """The member calls, in the list's order."""


def member_sets(trace: Trace) -> list[MemberSet]:
    """The complete member sets of a trace: one successful call of one tool for every item of a list."""
    groups: dict[tuple[str, str, str], dict[int, str]] = {}
    for call in trace.calls:
        if not is_member_call(call) or not trace.observation(call.id).ok:
            continue
        src = next(iter(call.sources.values()))
        index = int(_INDEX.findall(src.path)[-1][1:-1])
        groups.setdefault((src.call_id, _INDEX.sub("[*]", src.path), call.tool), {})[index] = call.id
    out: list[MemberSet] = []
    for (parent, items, _), by_index in groups.items():
        try:
            n = len(list(expand(trace.observation(parent).output, items)))
        except StopIteration:
            continue
        if n >= 2 and sorted(by_index) == list(range(n)):
            out.append(MemberSet(parent, items, tuple(by_index[i] for i in range(n))))
    return out


@dataclass(frozen=True)
class Chain:
    """One root entity and the calls that follow from it, each fed by the previous call."""

    root: Any
    calls: tuple[str, ...]


def chains_of(trace: Trace, lexicon: Lexicon) -> list[Chain]:
    """The chains of a trace: a call fed (through ``sources``) by exactly the last call of a chain extends it.

    A call fed by an earlier call of a chain that is not its end replaces the chain's tail from there: the
    explorer tried that tail first and moved on (a hop with nothing to ask, or a dead end); one made in a later round
    than the call it would replace stands beside it instead, in no chain (a side call). A chain's root
    is the subject argument of its first call (its first argument without a subject)."""
    chains: list[Chain] = []
    where: dict[str, tuple[int, int]] = {}
    rounds = {c.id: c.round for c in trace.calls}
    tool_of = {c.id: c.tool for c in trace.calls}
    for call in trace.calls:
        if not trace.observation(call.id).ok or is_member_call(call):
            continue  # a member of a set is not a hop of a chain
        days = day_params(call, tool_of, lexicon)
        fed_by = {e.call_id for p, e in call.sources.items() if p not in days}
        if len(fed_by) == 1 and (src := next(iter(fed_by))) in where:
            i, j = where[src]
            if (j + 1 < len(chains[i].calls) and call.round > rounds[chains[i].calls[j + 1]]
                    and not days):  # a named day's call retries the chain's tail on that day
                continue  # a later round's call beside the chain's next one (a second property of each compared
                # compound: dive.exploration.constrain), not a retry of its tail
            for dropped in chains[i].calls[j + 1:]:
                del where[dropped]
            chains[i] = Chain(chains[i].root, (*chains[i].calls[: j + 1], call.id))
            where[call.id] = (i, j + 1)
        elif not fed_by and not days:
            tl = lexicon.tools.get(call.tool)
            subject = tl.subject if tl and tl.subject in call.arguments else next(iter(call.arguments), None)
            chains.append(Chain(call.arguments.get(subject) if subject else None, (call.id,)))
            where[call.id] = (len(chains) - 1, 0)
    return chains


def day_params(call: ToolCall, tool_of: Mapping[str, str], lexicon: Lexicon) -> set[str]:
    """The parameters of ``call`` a named day fed: a source field with a lexicon ``day`` that a field of ``call``'s
    tool is asked on (``days``: Easter Sunday 2025, from the Easter tool's call, for a sunrise; ``tool_of``: each call
    id's tool). Such a call extends the chain its other sources are in: the day is said by its name
    (:mod:`dive.exploration.days`). A sunset that feeds a time zone conversion is a hop like any other."""
    own = lexicon.tools.get(call.tool)
    paired = {d for fl in own.fields.values() for d in fl.days} if own is not None else set()
    out = set()
    for p, e in call.sources.items():
        tool = tool_of.get(e.call_id, "")
        tl = lexicon.tools.get(tool)
        fl = tl.fields.get(e.path) if tl is not None else None
        if fl is not None and fl.day and (tool, e.path) in paired:
            out.add(p)
    return out


def main_chain(chains: list[Chain]) -> int:
    """The index of the program's main chain: the longest, the earliest of equals (the seed's own)."""
    return max(range(len(chains)), key=lambda i: (len(chains[i].calls), -i))


def joins_of(trace: Trace) -> list[str]:
    """The ids of successful calls fed by two or more earlier calls (a distance between two places)."""
    return [c.id for c in trace.calls
            if len({e.call_id for e in c.sources.values()}) >= 2 and trace.observation(c.id).ok]


def rank_sides(tool: Tool, tl: ToolLex, fl: FieldLex) -> tuple[tuple[str, str], str] | None:
    """For a field with a ``rank`` wording: (the anchor's parameter, the other side's), and their type; for a
    group anchor (``from``: a latitude and a longitude) the first member of each group."""
    anchor = fl.rank.get("anchor")
    if anchor is None:
        return None
    if anchor in tl.groups:
        first = tl.groups[anchor][0]
        other = next((g for g in tl.groups if g != anchor), None)
        if other is None:
            return None
        second = next((m for m in tl.groups[other] if tool.param_sem.get(m) == tool.param_sem.get(first)), None)
        return ((first, second), str(tool.param_sem.get(first))) if second else None
    sem = tool.param_sem.get(anchor)
    second = next((p for p, s in tool.param_sem.items() if s == sem and p != anchor), None)
    return ((anchor, second), str(sem)) if sem and second else None


def plain_facts(tool: Tool, tl: ToolLex, args: Mapping[str, Any]) -> list[str]:
    """The askable fields of a call (``args``: its arguments) that are plain facts of its subject: a noun with no
    slot but the subject, and no other parameter said (the currency of a country; not its working days in 2024, its
    name in French or the distance from it to another place)."""
    props = tool.parameters.get("properties", {})
    given = {p: args.get(p, props.get(p, {}).get("default")) for p in props}
    for p, phrase in tl.params.items():
        value = given.get(p)
        if value is None or not phrase:
            continue
        if not isinstance(phrase, Mapping) or phrase.get(str(value).lower() if isinstance(value, bool) else str(value),
                                                         phrase.get("*", "")):
            return []  # said as the realizer says it (dive.derivation.realize.param_phrase)
    return [path for path, fl in tl.fields.items()
            if fl.asked and not fl.is_list and not set(slots(fl.noun)) - {tl.subject}]


def ancestry(call_id: str, parents: Callable[[str], Iterable[str]]) -> set[str]:
    """``call_id`` and every call that fed it, transitively (``parents``: the ids of the calls that fed one call)."""
    seen: set[str] = set()
    stack = [call_id]
    while stack:
        c = stack.pop()
        if c not in seen:
            seen.add(c)
            stack.extend(parents(c))
    return seen


def kind_of(tool: Tool | None, lexicon: Lexicon) -> str:
    """The lexicon's noun for the type of ``tool``'s subject (``compound``), or "" when it has none; a code found
    from a name (``found_by``: a SMILES, a molecule) is of the name's kind (a compound). Two calls of one kind about
    one thing give the same facts under the same types (a compound's formula by name and by InChIKey)."""
    tl = lexicon.tools.get(tool.name) if tool is not None else None
    if tool is None or tl is None or not tl.subject:
        return ""
    sem = tool.param_sem.get(tl.subject)
    return lexicon.type(lexicon.type(sem).found_by or sem).noun


def typed_values(tool: Tool, output: Any, paths: Iterable[str] | None = None) -> set[tuple[str, str]]:
    """(semantic type, canonical JSON) of each value ``output`` holds at ``tool``'s typed paths (``paths``: only
    these), lists aside."""
    out: set[tuple[str, str]] = set()
    for path in (tool.output_sem if paths is None else paths):
        sem = tool.output_sem.get(path)
        if sem is None or "[*]" in path:
            continue
        for _, value in expand(output, path):
            if value is not None:
                out.add((sem, value_key(value)))
    return out


def sole_types(tool: Tool, output: Any) -> set[str]:
    """The semantic types of the lists ``output`` holds at ``tool``'s typed list paths that hold exactly one item:
    Nigeria's time zones, Africa/Lagos alone, which is then every Nigerian city's zone."""
    return {sem for path, sem in tool.output_sem.items()
            if "[*]" in path and len(items := [v for _, v in expand(output, path)]) == 1 and items[0] is not None}


def value_key(value: Any) -> str:
    """A value's canonical JSON, a float's to 4 significant digits: two tables' molecular weights of aniline, 93.12648
    and 93.129 g/mol, are one fact (round BZ: the second call adds nothing)."""
    if isinstance(value, float):
        return format(value, ".4g")
    return canonical_json(value)
