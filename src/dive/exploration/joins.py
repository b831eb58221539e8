"""Moves that join two chains of a program into one call (used by :mod:`dive.exploration.programs`).

- **combine** (only when the run asks ``join`` questions): a tool that takes two values of one kind, each
  from a different chain's end (the distance between two described places, the working days between two
  described dates); other parameter pairs of the same tool (the two cities' countries) come from the same
  two calls.
- **rank**: a measure between two things (a distance, a structural similarity; a lexicon field with
  ``rank``) taken from one anchor to each member of a set: the capital of every country that borders
  Spain to the capital of Spain, for *which is closest*. The anchor side is fed by one call, each other
  side by a member of the set.
- **aggregate**: the statistics tool over the same numeric field of three or more parallel chains' ends,
  for a field that adds up (the combined population of three countries); its list
  parameter's items are fed one by one (``sources`` keys ``values[0]``, ``values[1]``, ...).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from dive._hashing import canonical_json
from dive.chains import (
    ARITHMETIC,
    GENERIC_SEMS,
    Chain,
    accepts,
    bridges,
    is_additive,
    is_quantity,
    member_sets,
    rank_sides,
)
from dive.jsonpath import expand
from dive.records import Evidence, ToolCall
from dive.tools.tool import Tool
from dive.values import is_number

if TYPE_CHECKING:
    from dive.exploration.program_run import ProgramRun

__all__ = ["AGGREGATE", "ARITHMETIC", "JOIN_TOOLS", "aggregate", "combine", "rank"]

AGGREGATE = {"statistics_summary": "values"}
"""The tool that sums and averages a list of numbers, with its list parameter."""

JOIN_TOOLS = frozenset(AGGREGATE)
"""The processing tools the joins call: every toolset of a run that joins holds them."""



def combine(run: ProgramRun, chains: Sequence[Chain]) -> bool:
    """One call that takes values from the ends of two chains in one kind of parameter each (the
    distance between two places, the days between two dates): a join of two programs."""
    offers: dict[str, list[tuple[ToolCall, str, Any]]] = {}
    for chain in chains:
        end = run.call_by_id(chain.calls[-1])
        tl = run.ex.lexicon.tools[end.tool]
        for path, sem, value in bridges(run.tools[end.tool], tl, run.obs(end.id), end.arguments):
            offers.setdefault(sem, []).append((end, path, value))
    names = sorted(run.tools)
    run.rng.shuffle(names)
    for name in names:
        tool = run.tools[name]
        if not run.ex.lexicon.tools[name].fields:
            continue
        props = tool.parameters.get("properties", {})
        pairs: dict[str, list[str]] = {}
        for param, sem in tool.param_sem.items():
            if param in props and sem not in GENERIC_SEMS:
                pairs.setdefault(sem, []).append(param)
        for sem, params in pairs.items():
            if len(params) < 2 or len({o[0].id for o in offers.get(sem, ())}) < 2:
                continue
            a, b = run.rng.sample(offers[sem], k=2)
            if sem in ("date", "datetime") and str(a[2]) > str(b[2]):
                a, b = b, a  # from the earlier to the later (ISO text orders as time does)
            if a[0].id == b[0].id or canonical_json(a[2]) == canonical_json(b[2]):
                continue
            call = _join(run, tool, params[0], params[1], a, b, pairs)
            if call is not None:
                return True
    return False

def _quantity_fields(run: ProgramRun, tool: str, counts: bool = False) -> list[str]:
    """The numeric fields of ``tool`` whose values for two entities may be combined: quantities, not ids, and
    counts only when ``counts`` (a total of counts means something; a difference of two, a reviewer found, not)."""
    fields = [p for p, fl in run.ex.lexicon.tools[tool].fields.items()
              if not fl.is_list and "[*]" not in p and fl.compare and (counts or not fl.noun.startswith("the number of"))
              and is_quantity(run.tools[tool].output_sem.get(p), fl.noun)]
    run.rng.shuffle(fields)
    return fields


def aggregate(run: ProgramRun, chains: Sequence[Chain]) -> bool:
    """The statistics tool over the same numeric field, one that adds up, of 3+ parallel chains' ends."""
    tools = [run.tools[n] for n in sorted(run.tools) if n in AGGREGATE]
    ends = [run.call_by_id(c.calls[-1]) for c in chains]
    ends = [e for e in ends if e.tool == ends[0].tool]
    if not tools or len(ends) < 3:
        return False
    lex = run.ex.lexicon.tools[ends[0].tool]
    for path in [p for p in _quantity_fields(run, ends[0].tool, counts=True) if is_additive(lex.fields[p].noun)]:
        found = [list(expand(run.obs(e.id).output, path)) for e in ends]
        if not all(len(f) == 1 and is_number(f[0][1]) for f in found) or len({f[0][1] for f in found}) < len(ends):
            continue
        param = AGGREGATE[tools[0].name]
        sources = {f"{param}[{i}]": Evidence(call_id=e.id, path=f[0][0]) for i, (e, f) in enumerate(zip(ends, found, strict=True))}
        if run.run_call(tools[0], {param: [f[0][1] for f in found]}, sources) is not None:
            return True
    return False


def _join(run: ProgramRun, tool: Tool, p1: str, p2: str, a: tuple[ToolCall, str, Any], b: tuple[ToolCall, str, Any],
          pairs: Mapping[str, list[str]]) -> ToolCall | None:
    planned = _plan_join(run, tool, p1, p2, a, b, pairs)
    if planned is None:
        return None
    call = run.run_call(tool, *planned)
    return call if call is not None and run.askable(call) else None


def _plan_join(run: ProgramRun, tool: Tool, p1: str, p2: str, a: tuple[ToolCall, str, Any], b: tuple[ToolCall, str, Any],
               pairs: Mapping[str, list[str]]) -> tuple[dict[str, Any], dict[str, Evidence]] | None:
    """The arguments and sources of a call of ``tool`` joining ``a`` and ``b`` (None when it cannot be made)."""
    if not (accepts(tool.parameters["properties"][p1], a[2]) and accepts(tool.parameters["properties"][p2], b[2])):
        return None
    filled = run.fill(tool, p1, a[2], Evidence(call_id=a[0].id, path=a[1]), pair=True)
    if filled is None:
        return None
    args, sources = filled
    tl = run.ex.lexicon.tools[tool.name]
    args[p2], sources[p2] = b[2], Evidence(call_id=b[0].id, path=b[1])
    group = tl.group_of(p2)
    for member in tl.groups.get(group, ()) if group else ():
        if member != p2:
            got = run.value_from(tool, member, b[0].id)
            if got is None:
                return None
            args[member], sources[member] = got
    required = set(tool.parameters.get("required", []))
    for params in pairs.values():  # a second pair (the two cities' countries) from the same two calls
        for param, side in zip(params[:2], (a[0], b[0]), strict=False):
            if param in sources or len(params) < 2:
                continue
            got = run.value_from(tool, param, side.id)
            if got is not None:
                args[param], sources[param] = got
            elif param in required:
                return None
            else:
                args.pop(param, None)
    return args, sources

def rank(run: ProgramRun, chains: Sequence[Chain]) -> bool:
    """A measure with a ``rank`` wording from one anchor to each of the 3-12 members of a set (measured against the
    set's own subject, the anchor called with the members' tool). Not over chains parallel to the main one: their
    entities are drawn from a broad family, and two independent reviewers rated 2 of 10 such rankings good ("Which
    of Nanchang, Xi'an and Chennai is closest to Jiading?", naproxen, warfarin and omeprazole against procaine)."""
    rankers = sorted({n for n in run.tools for fl in run.ex.lexicon.tools[n].fields.values() if fl.rank})
    if not rankers or any(c.tool in rankers and len({e.call_id for e in c.sources.values()}) >= 2 for c in run.calls):
        return False  # one ranking per program
    measured = {sides[1] for n in rankers for fl in run.ex.lexicon.tools[n].fields.values()
                if fl.rank and (sides := rank_sides(run.tools[n], run.ex.lexicon.tools[n], fl))}
    groups: list[tuple[ToolCall, list[ToolCall]]] = []
    for mset in member_sets(run.trace()):
        first = run.call_by_id(mset.calls[0])
        if not {b[1] for b in bridges(run.tools[first.tool], run.ex.lexicon.tools[first.tool], run.obs(first.id),
                                      first.arguments)} & measured:
            continue  # the set's own anchor is called only when a ranker measures what the members give
        anchor = _set_anchor(run, mset.parent, first.tool)
        if anchor is not None:
            groups.append((anchor, [run.call_by_id(c) for c in mset.calls]))
    run.rng.shuffle(rankers)
    for anchor, others in groups:
        for name in rankers:
            if _rank_with(run, run.tools[name], anchor, others):
                return True
    return False


def _set_anchor(run: ProgramRun, parent_id: str, tool_name: str) -> ToolCall | None:
    """The members' tool called for the set's own subject (Spain, for the countries that border it)."""
    parent = run.call_by_id(parent_id)
    ptl = run.ex.lexicon.tools.get(parent.tool)
    tool, tl = run.tools.get(tool_name), run.ex.lexicon.tools.get(tool_name)
    if ptl is None or tool is None or tl is None or ptl.subject is None or tl.subject is None:
        return None
    value = parent.arguments.get(ptl.subject)
    props = tool.parameters.get("properties", {})
    if (value is None or run.tools[parent.tool].param_sem.get(ptl.subject) != tool.param_sem.get(tl.subject)
            or tl.subject not in props or not accepts(props[tl.subject], value)):
        return None
    for call in run.calls:
        if call.tool == tool_name and not call.sources and canonical_json(call.arguments.get(tl.subject)) == \
                canonical_json(value) and run.obs(call.id).ok:
            return call
    filled = run.fill(tool, tl.subject, value, None)
    if filled is None:
        return None
    run.step = 0
    return run.run_call(tool, *filled)


def _rank_with(run: ProgramRun, tool: Tool, anchor: ToolCall, others: Sequence[ToolCall]) -> bool:
    """``tool`` from ``anchor``'s end to each of ``others``', every call planned before any is made (a ranking
    that cannot measure every other leaves no calls behind)."""
    tl = run.ex.lexicon.tools[tool.name]
    fl = next(f for f in tl.fields.values() if f.rank)
    sides = rank_sides(tool, tl, fl)
    if sides is None:
        return False
    (p1, p2), sem = sides
    def offer(call: ToolCall) -> tuple[ToolCall, str, Any] | None:
        found = [b for b in bridges(run.tools[call.tool], run.ex.lexicon.tools[call.tool], run.obs(call.id),
                                    call.arguments) if b[1] == sem]
        return (call, found[0][0], found[0][2]) if found else None
    a = offer(anchor)
    bs = [offer(o) for o in others]
    if a is None or any(b is None or b[1] != a[1] for b in bs):
        return False  # every other measured from the same kind of value (the capital's position, each time)
    values = {canonical_json(a[2]), *(canonical_json(b[2]) for b in bs if b is not None)}
    props = tool.parameters.get("properties", {})
    if len(values) != len(bs) + 1 or not all(accepts(props[p1], a[2]) and accepts(props[p2], b[2])
                                             for b in bs if b is not None):
        return False
    pairs: dict[str, list[str]] = {}
    for param, psem in tool.param_sem.items():
        if param in props and psem not in GENERIC_SEMS:
            pairs.setdefault(psem, []).append(param)
    plans = [_plan_join(run, tool, p1, p2, a, b, pairs) for b in bs if b is not None]
    if any(plan is None or (tool.name, canonical_json(plan[0])) in run.done for plan in plans):
        return False  # nothing is called unless every measure can be
    made = [run.run_call(tool, *plan) for plan in plans if plan is not None]
    return all(c is not None for c in made)
