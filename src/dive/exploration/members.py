"""The members move: one call for every member of a set an earlier call lists (used by
:mod:`dive.exploration.programs`).

A person names a set by its relation, not by listing it: *the countries that border Spain*,
*the countries that use the CFA franc*, *the elements of group 17*. A call whose output holds
such a complete list (a lexicon list field with a ``count`` question, see
:func:`dive.chains.member_lists`) is followed by one call of one tool for each item, fed by
that item (``ToolCall.sources`` points into the list: ``$.neighbors[2].country_code``), so a
question can compare or total a field over the whole set: *Which of the countries that border
Spain has the largest population?* The set must be small enough to go through (3 to
``MAX_MEMBERS`` items), and every member's call must succeed, or the set asks nothing. Once a
set is complete, a later round totals a field that adds up over it with the statistics tool
(*the combined population of the countries that border Germany*).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dive._hashing import canonical_json
from dive.chains import (
    MemberSet,
    accepts,
    gives_quantity,
    is_additive,
    is_member_call,
    is_quantity,
    member_lists,
    member_sets,
    plain_facts,
)
from dive.exploration.joins import AGGREGATE
from dive.jsonpath import expand
from dive.records import Evidence, Task, ToolCall

if TYPE_CHECKING:
    from dive.exploration.program_run import ProgramRun

__all__ = ["MAX_MEMBERS", "hop_winner", "members", "winner"]

MAX_MEMBERS = 18
"""Most members of a set a program goes through: the 14 countries that border China, the 18 elements of period 4,
not the 25 countries of calling code +1 (a question names the set by its relation, so its size never lengthens the
query)."""


def members(run: ProgramRun, totals: bool = True) -> bool:
    """Total a complete set's field when it adds up and has no total yet (with ``totals``: the run asks for set
    totals); else go through a new set."""
    trace = run.trace()
    sets = member_sets(trace)
    fed = {e.call_id for c in run.calls for e in c.sources.values() if not is_member_call(c)}
    for mset in sets:
        if totals and not fed & set(mset.calls) and _total(run, list(mset.calls)):
            return True
    if sets:
        return any(_hop(run, mset) for mset in sets)
    for call in reversed(run.calls):  # a list a call of the seed's gives; never one a chain found (the countries that
        # use the currency of Equatorial Guinea: the deriver asks nothing over it)
        if (not is_member_call(call) and not call.sources and call.tool in run.tools and run.obs(call.id).ok
                and _from(run, call.id)):
            return True
    listers = [n for n in sorted(run.tools) if (lists := member_lists(run.tools[n], run.ex.lexicon.tools[n]))
               and not any(c.tool == n and any(_as_set(run, c, p) for p, _, _ in lists) for c in run.calls)]
    # (a lister called without its set's arguments, German wherever spoken, may still list the set: where official)
    run.rng.shuffle(listers)
    for name in listers:  # the seed's own set: the countries that border Spain
        tool, tl = run.tools[name], run.ex.lexicon.tools[name]
        props = tool.parameters.get("properties", {})
        if (tl.subject is None or tool.param_sem.get(tl.subject) != run.seed.sem or tl.subject not in props
                or not accepts(props[tl.subject], run.seed.value)):
            continue
        filled = run.fill(tool, tl.subject, run.seed.value, None)
        if filled is None:
            continue
        for fl in tl.fields.values():  # the countries where Portuguese is official: the set's own arguments
            if fl.members:
                filled[0].update({p: v for p, v in fl.set_args.items() if p in props})
        run.step = 0
        made = run.run_call(tool, *filled)
        if made is not None and _from(run, made.id):
            return True
    return False


def winner(run: ProgramRun, previous: Task) -> Evidence | None:
    """The winning value of ``previous``, a comparison (argmax or argmin) over values of ``run``'s calls."""
    prov = previous.provenance
    labels = prov.params.get("labels")
    if prov.op not in ("argmax", "argmin") or not isinstance(labels, list) or previous.answer.value not in labels:
        return None
    won = prov.evidence[labels.index(previous.answer.value)]
    return won if won.call_id in {c.id for c in run.calls} else None


def hop_winner(run: ProgramRun, previous: Task) -> bool:
    """After *which of the countries that border Spain has the largest area?*, one call of another tool about the
    winner, fed the list item that named it: *What currency does the country with the largest area among the
    countries that border Spain use?* (the deriver asks it of the winner described, :mod:`dive.derivation.winners`).
    Only after a comparison of the members' own field (not of their capitals')."""
    won = winner(run, previous)
    if won is None:
        return False
    prov = previous.provenance
    member = run.call_by_id(won.call_id)
    if not is_member_call(member):
        return False
    values = [next((v for _, v in expand(run.obs(e.call_id).output, e.path)), None) for e in prov.evidence]
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return False
    order = sorted(range(len(values)), key=lambda i: values[i], reverse=prov.op == "argmax")  # type: ignore[arg-type,return-value]
    runner = run.call_by_id(prov.evidence[order[1]].call_id)
    if not is_member_call(runner):
        return False
    ((param, src),) = member.sources.items()
    sem = run.tools[member.tool].param_sem.get(param) if member.tool in run.tools else None
    if sem is None:
        return False
    run.step = member.step + 1
    avoid = {run.call_by_id(src.call_id).tool}  # the set's own relation again: a puzzle (the number of countries that
    # border the largest neighbour of Spain)
    for _ in range(3):
        hop = run.hop(sem, member.arguments[param], src, exclude=member.tool, avoid=frozenset(avoid))
        if hop is None:
            return False
        if plain_facts(run.tools[hop.tool], run.ex.lexicon.tools[hop.tool], hop.arguments):
            break
        avoid.add(hop.tool)  # a task about the winner (its working days in 2024), not a fact of it: another tool
    else:
        return False
    # the runner-up's too, so the deriver can tell whether the answer depends on which member wins (the currency of
    # the largest neighbour of Luxembourg is the euro whichever it is)
    ((param, src),) = runner.sources.items()
    run.hop(sem, runner.arguments[param], src, only=hop.tool)
    return True


def _from(run: ProgramRun, call_id: str) -> bool:
    """Go through the members of one of ``call_id``'s complete lists, if one is small enough."""
    call = run.call_by_id(call_id)
    lists = member_lists(run.tools[call.tool], run.ex.lexicon.tools[call.tool])
    for _, items_path, sem in lists:  # a member its pack does not vouch for, in any of the call's lists (by symbol, by
        known = set(run.ex.seed_keys(sem, fold=True))  # name or by atomic number): moscovium's
        if known and any(_key(v) not in known for _, v in expand(run.obs(call.id).output, items_path)):
            return False  # density is a prediction, not a measure
    run.rng.shuffle(lists)
    for pattern, items_path, sem in lists:
        if not _as_set(run, call, pattern):
            continue
        items = list(expand(run.obs(call.id).output, items_path))
        if (not 3 <= len(items) <= MAX_MEMBERS or run.obs(call.id).truncated
                or len({canonical_json(v) for _, v in items}) != len(items)):
            continue
        if _go_through(run, call.id, call.tool, items, sem):
            return True
    return False


def _as_set(run: ProgramRun, call: ToolCall, pattern: str) -> bool:
    """Whether ``call`` took the arguments its list ``pattern`` needs to be the set people name (the countries where
    Portuguese is official, not every country where CLDR counts some speakers of it)."""
    props = run.tools[call.tool].parameters.get("properties", {})
    tl = run.ex.lexicon.tools[call.tool]
    fl = tl.fields[pattern]
    if fl.disputed and tl.subject is not None and _key(call.arguments.get(tl.subject)) in {_key(v) for v in fl.disputed}:
        return False  # the countries that border France: with French Guiana's neighbours, or without them
    return all(call.arguments.get(p, props.get(p, {}).get("default")) == v for p, v in fl.set_args.items())


def _hop(run: ProgramRun, mset: MemberSet) -> bool:
    """One more call after every member of a complete set, the same tool fed the same field of each, giving a
    quantity to compare: each neighbouring country's capital looked up (*which of the countries that border Spain
    has the capital with the largest population?*). Not for a set something already follows."""
    ids = set(mset.calls)
    if any({e.call_id for e in c.sources.values()} & ids for c in run.calls):
        return False
    first = run.call_by_id(mset.calls[0])
    run.step = first.step + 1
    for _ in range(3):  # another hop where the first gives nothing to compare (a time zone's offset is signed)
        nxt = run.extend(first)
        if nxt is None:
            return False
        if not gives_quantity(run.tools[nxt.tool], run.ex.lexicon.tools[nxt.tool]):
            continue
        like = (next(e.path for e in nxt.sources.values() if e.call_id == first.id), nxt.tool)
        return all(run.extend(run.call_by_id(c), like) is not None for c in mset.calls[1:])
    return False


def _key(value: object) -> str:
    """A member's value as its seeds are compared with it (names in any case: "Radium" is the seed "radium")."""
    return canonical_json(value.casefold() if isinstance(value, str) else value)


def _askers(run: ProgramRun, sem: str, exclude: str) -> list[tuple[str, str]]:
    """(tool, subject parameter) pairs that take a member of type ``sem`` and give a quantity to compare."""
    out = []
    for name in sorted(run.tools):
        tool, tl = run.tools[name], run.ex.lexicon.tools[name]
        if name == exclude or tl.subject is None or tool.param_sem.get(tl.subject) != sem:
            continue
        if gives_quantity(tool, tl):
            out.append((name, tl.subject))
    run.rng.shuffle(out)
    return out


def _go_through(run: ProgramRun, parent: str, parent_tool: str, items: list[tuple[str, object]], sem: str) -> bool:
    for name, param in _askers(run, sem, parent_tool):
        tool = run.tools[name]
        props = tool.parameters.get("properties", {})
        planned = []
        for path, value in items:
            if param not in props or not accepts(props[param], value):
                break
            filled = run.fill(tool, param, value, Evidence(call_id=parent, path=path))
            if filled is None or (name, canonical_json(filled[0])) in run.done:
                break  # a member already asked about elsewhere would be a second call of the same question
            planned.append(filled)
        if len(planned) != len(items):
            continue
        run.step = max((c.step for c in run.calls if c.id == parent), default=0) + 1
        made = [run.run_call(tool, *filled) for filled in planned]
        return all(c is not None for c in made)
    return False


def _total(run: ProgramRun, ids: list[str]) -> bool:
    """The statistics tool over a field that adds up, of every member (item by item)."""
    agg = [run.tools[n] for n in sorted(run.tools) if n in AGGREGATE]
    calls = [run.call_by_id(i) for i in ids]
    if not agg:
        return False
    tl = run.ex.lexicon.tools[calls[0].tool]
    for path, fl in sorted(tl.fields.items()):
        if fl.is_list or not is_additive(fl.noun) or not is_quantity(run.tools[calls[0].tool].output_sem.get(path),
                                                                       fl.noun):
            continue
        found = [list(expand(run.obs(c.id).output, path)) for c in calls]
        if not all(len(f) == 1 and isinstance(f[0][1], int | float) and not isinstance(f[0][1], bool) for f in found):
            continue
        param = AGGREGATE[agg[0].name]
        sources = {f"{param}[{i}]": Evidence(call_id=c.id, path=f[0][0])
                   for i, (c, f) in enumerate(zip(calls, found, strict=True))}
        if run.run_call(agg[0], {param: [f[0][1] for f in found]}, sources) is not None:
            return True
    return False
