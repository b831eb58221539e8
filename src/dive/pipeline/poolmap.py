"""What the tools of a run's pool lead to, read from their lexicon: the sampler's map of the pool.

    links(tools, lexicon)          # per tool, the semantic types its askable fields can feed another call with
    deep(tools, lexicon, days(tools, lexicon), resolvers(tools, lexicon, links), links)   # the deeper questions' tools

The sampler (:class:`dive.sampling.ToolsetSampler`) builds toolsets from these: the tools a chain can reach from an
item's focus, the tools that give a quantity of a set's members, the tools that find a named day or a subject from its
name, and the tools whose questions take three tools or more.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from dive.chains import chainable_sems, feeds, gives_quantity, member_lists, rank_sides
from dive.lexicon import Lexicon
from dive.tools.tool import Tool

__all__ = ["askers", "days", "deep", "links", "rankers", "resolvers", "set_subjects", "sets"]


def links(tools: Sequence[Tool], lexicon: Lexicon) -> dict[str, frozenset[str]]:
    """Per tool with askable fields, the semantic types of the fields (and of the listed members) that can feed
    another call."""
    out: dict[str, frozenset[str]] = {}
    chainable = chainable_sems(tools)
    for tool in tools:
        tl = lexicon.tools.get(tool.name)
        if tl is None or not tl.fields:
            continue
        out[tool.name] = frozenset({s for p, s in tool.output_sem.items()
                                    if p in tl.fields and "[*]" not in p and s in chainable and feeds(s, tl.fields[p])}
                                   | {s for _, _, s in member_lists(tool, tl) if s in chainable})  # a set's members
    return out


def askers(tools: Sequence[Tool], lexicon: Lexicon) -> dict[str, tuple[str, ...]]:
    """Per semantic type, the tools that give a quantity of a thing of that type, their subject (a country's
    population). A tool whose subject's own parameter comes from its example (an ion's charge) is no asker: it is
    called for the example's subject only."""
    askers: dict[str, list[str]] = {}
    for tool in tools:
        tl = lexicon.tools.get(tool.name)
        # a subject that is a group is taken by its first member: a country's density by its population
        subject = tl.groups.get(tl.subject or "", (tl.subject,))[0] if tl is not None else None
        if tl is not None and subject in tool.param_sem and gives_quantity(tool, tl) and not tl.own:
            askers.setdefault(tool.param_sem[subject], []).append(tool.name)
    return {sem: tuple(names) for sem, names in askers.items()}


def days(tools: Sequence[Tool], lexicon: Lexicon) -> dict[str, tuple[str, ...]]:
    """Per tool with a field asked on named days (lexicon ``days``), the tools of the pool that find those days."""
    names = {t.name for t in tools}
    out: dict[str, tuple[str, ...]] = {}
    for tool in tools:
        tl = lexicon.tools.get(tool.name)
        found = sorted({d for fl in (tl.fields.values() if tl else ()) for d, _ in fl.days if d in names})
        if found:
            out[tool.name] = tuple(found)
    return out


def deep(tools: Sequence[Tool], lexicon: Lexicon, days: Mapping[str, tuple[str, ...]],
          resolvers: Mapping[str, tuple[str, tuple[str, ...]]], links: Mapping[str, frozenset[str]]
          ) -> tuple[str, ...]:
    """The tools whose questions take three tools or more:

    - a field asked on named days (the sunset on the June solstice: the place, the day and the sunset);
    - a subject found from a name whose answer is converted (a compound's melting point: its name, its CAS number,
      the melting point, and a conversion to degrees Celsius) or gives a subject found from a name of another type (a
      compound's CAS number from its InChIKey, found from its name);
    - the tools that find from a name a subject that most of its tools ask that way (a compound's CAS number).

    Not a subject whose tools answer at once (a compound's logP: its name, its SMILES and the logP, two tools), nor its
    finders: in a 2000-task run (seed 907) items built around those kept 0.004 to 0.014 tasks of three tools or more
    each, against 0.02 to 0.15 for the others; without them the run kept 50.7% such tasks instead of 49.1%, from
    27,749 items instead of 30,205."""
    found = {sem for sem, t in lexicon.types.items() if t.found_by}

    def subject(tool: Tool) -> str | None:
        tl = lexicon.tools.get(tool.name)
        return tool.param_sem.get(tl.subject or "") if tl is not None and any(
            fl.asked for fl in tl.fields.values()) else None

    def goes_on(tool: Tool, sem: str) -> bool:
        tl = lexicon.tools[tool.name]
        return any(fl.asked and fl.ask_in for fl in tl.fields.values()) or bool(links.get(tool.name, set()) & found - {sem})

    asked = {t.name: (sem, goes_on(t, sem)) for t in tools if (sem := subject(t)) in found}
    deep_types = {sem for sem in found if 2 * sum(d for s, d in asked.values() if s == sem)
                  > sum(s == sem for s, _ in asked.values())}
    finders = {n for sem, (_, names) in resolvers.items() if sem in deep_types for n in names}
    return tuple(sorted(t.name for t in tools if t.name in days or t.name in finders
                        or asked.get(t.name, ("", False))[1]))


def sets(tools: Sequence[Tool], lexicon: Lexicon) -> dict[str, tuple[str, ...]]:
    """Per tool that lists a complete set of entities people compare members over (a lexicon list field with
    ``members: true``), the tools that give a quantity of its members (the countries that border a country: a
    country's population)."""
    chainable = chainable_sems(tools)
    givers = askers(tools, lexicon)
    out: dict[str, tuple[str, ...]] = {}
    for tool in tools:
        tl = lexicon.tools.get(tool.name)
        sems = sorted({s for pattern, _, s in member_lists(tool, tl) if s in chainable and tl.fields[pattern].members}
                      ) if tl else []
        found = tuple(sorted({a for s in sems for a in givers.get(s, ()) if a != tool.name}))
        if found:
            out[tool.name] = found
    return out


def resolvers(tools: Sequence[Tool], lexicon: Lexicon, links: Mapping[str, frozenset[str]]
               ) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Per semantic type with ``found_by`` in the lexicon (a compound's InChIKey), that label type and the tools that
    take it as their subject and give a value of the type that feeds another call (a compound's name -> its
    InChIKey)."""
    out: dict[str, tuple[str, tuple[str, ...]]] = {}
    for sem, tl in sorted(lexicon.types.items()):
        if not tl.found_by:
            continue
        found = tuple(sorted(t.name for t in tools if t.name in lexicon.tools and sem in links.get(t.name, ())
                             and t.param_sem.get(lexicon.tools[t.name].subject or "") == tl.found_by))
        if found:
            out[sem] = (tl.found_by, found)
    return out


def set_subjects(sets: Mapping[str, tuple[str, ...]], lexicon: Lexicon) -> dict[str, frozenset[object]]:
    """Per set-listing tool whose lexicon names the subjects of its sets (``subjects``), those subjects."""
    out: dict[str, frozenset[object]] = {}
    for name in sets:
        named = [v for fl in lexicon.tools[name].fields.values() if fl.members for v in fl.subjects]
        if named:
            out[name] = frozenset(named)
    return out


def rankers(tools: Sequence[Tool], lexicon: Lexicon) -> dict[str, tuple[str, ...]]:
    """Per semantic type, the tools that measure between two things of it and say which is nearest (a distance
    between two positions, the structural similarity of two molecules): a lexicon field with ``rank``."""
    out: dict[str, list[str]] = {}
    for tool in tools:
        tl = lexicon.tools.get(tool.name)
        for fl in (tl.fields.values() if tl else ()):
            sides = rank_sides(tool, tl, fl) if fl.rank and tl else None
            if sides is not None:
                out.setdefault(sides[1], []).append(tool.name)
                break
    return {sem: tuple(sorted(names)) for sem, names in out.items()}
