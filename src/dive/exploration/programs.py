"""The program explorer: plan a question's program over the lexicon, then run it on real tools.

Program first (as in CFQ, GQA and KQA Pro): each round grows a small program of tool
calls that a person's question could need, executes it, and records in every call which
earlier output field fed which argument (``ToolCall.sources``), so the deriver can realize
the program in words without guessing the data flow. Only tools with a lexicon entry take
part, and values flow only as :mod:`dive.chains` allows (named things and a
place's coordinates, never bare numbers).

- **round 1, a chain**: from the seed, up to ``hops`` calls, each fed by a field of the
  previous one (``country -> its capital -> the capital's time zone``). Tools are tried in
  order of how far a chain can go from them (by types, within the toolset); a chain that
  stops short is tried again from another first tool, and the longest is the main chain.
  A hop must give something new: its bridge value differs from every argument of the call.
- **later rounds** extend the previous round's program by one of: **deeper** (one more hop
  at the end of every chain; first while the main chain is short), **wider** (the same
  chain run for two or three more entities of the seed's family, for comparisons; never for a type
  without families), or a join (:mod:`dive.exploration.joins`): **rank** (a distance or similarity from
  one anchor to each member of a set: which is closest), **combine** (when the run asks ``join``
  questions: a call that takes two chains' ends, the distance between two places, the days between two
  dates) or **aggregate** (the total of one
  field that adds up over three or more entities); first of all, **members**
  (:mod:`dive.exploration.members`): one call for every member of a set an earlier call lists (the
  population of each country that borders Spain), then the set's total. After a chain question,
  **convert** (:mod:`dive.exploration.convert`): the quantity the chain's end found, in the unit a
  person asks for (a melting point in kelvins, in degrees Celsius). After a members question, first of all (in
  either order), the winner's compared value converted (the largest area among the countries that border Spain,
  in square miles) or one call of another tool about the winner (**winner_hop**,
  :func:`dive.exploration.members.hop_winner`: the currency of the largest of them). After a superlative, first of
  all, **constrain** (:mod:`dive.exploration.constrain`): a second property of every option, from another tool (the
  flash point of each solvent compared by boiling point), for the winner of those that meet a condition. After a
  chain question of a drawn day, first of all, **named day** (:mod:`dive.exploration.days`): the same call on a day
  people name, found by another tool (the sunset on the first day of Ramadan).

Parameters in a lexicon group (a latitude and a longitude) are filled from one source
call. Other parameters keep their defaults or take the tool's example value, and the
deriver states each of them in the question. Every choice comes from ``rng``.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from dive._hashing import canonical_json
from dive.chains import (
    chainable_sems,
    chains_of,
    feeds,
    joins_of,
    leads_nowhere,
    main_chain,
)
from dive.exploration.constrain import SELECTED, constrain
from dive.exploration.convert import WINNERS, convert
from dive.exploration.days import named_day
from dive.exploration.joins import aggregate, combine, rank
from dive.exploration.members import hop_winner, members
from dive.exploration.program_run import POSITIONS, ProgramRun
from dive.lexicon import Lexicon
from dive.records import Seed, Task, Trace
from dive.tools.tool import Tool
from dive.tools.toolset import Toolset

__all__ = ["CONVERT_SHARE", "ProgramExplorer"]

CONVERT_SHARE = 0.35
"""How often a later round tries the convert move (:mod:`dive.exploration.convert`) before a comparison: a chain
whose end gives a quantity in kelvins or square kilometers asks it in degrees Celsius or square miles."""

class ToolTypes(NamedTuple):
    """The semantic types of one tool that decide how far a chain can go from it."""

    takes: frozenset[str]
    """Of its parameters."""
    gives: frozenset[str]
    """Of its lexicon fields that feed another call (lists aside)."""
    chains: frozenset[str]
    """Its share of the types that chain (:func:`dive.chains.chainable_sems`)."""


@dataclass
class ProgramExplorer:
    """The offline program explorer (see the module docstring)."""

    lexicon: Lexicon
    seeds: Mapping[str, Sequence[Seed]] = field(default_factory=dict)
    """Seeds by semantic type: where ``wider`` rounds find more entities of the seed's type."""
    hops: int = 2
    """Calls in a round-1 chain (fewer when the toolset has no further hop)."""
    siblings: tuple[int, int] = (2, 3)
    """How many more entities a ``wider`` round adds."""
    name: str = "programs"
    combine: bool = True
    """Whether a later round may join two chains in one call (the distance between two chains' places): off when
    the run does not ask ``join`` questions."""
    asks: frozenset[str] = frozenset({"aggregate", "members", "members_total", "nearest", "winner_hop",
                                      "winner_value"})
    """The multi-entity shapes the run asks (``derive.shapes``): a move whose program only such a question reads
    (a total over three countries, a ranking by distance, a set's total) is not made when nobody asks it."""
    _keyed: dict[tuple[str, bool], list[str]] = field(default_factory=dict, init=False, repr=False, compare=False)

    _reach: tuple[object, dict[str, int]] = field(default=(None, {}), init=False, repr=False, compare=False)
    _quoted: dict[str, frozenset[str]] = field(default_factory=dict, init=False, repr=False, compare=False)
    _nowhere: dict[str, bool] = field(default_factory=dict, init=False, repr=False, compare=False)
    _types: dict[str, ToolTypes] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def places(self) -> bool:
        """Whether a question the run asks reads how a found position relates to other places: a join (the distance
        between two chains' places) or a ranking (which neighbour's capital is closest)."""
        return self.combine or "nearest" in self.asks

    def types(self, tool: Tool) -> ToolTypes:
        """What ``tool`` takes and gives (:class:`ToolTypes`), worked out once per tool: each item's reach (2% of a
        run's time) unites them."""
        if tool.name not in self._types:
            props = tool.parameters.get("properties", {})
            fields = self.lexicon.tools[tool.name].fields
            self._types[tool.name] = ToolTypes(
                frozenset(s for p, s in tool.param_sem.items() if p in props),
                frozenset(s for p, s in tool.output_sem.items() if p in fields and "[*]" not in p and feeds(s, fields[p])),
                chainable_sems([tool]))
        return self._types[tool.name]

    def nowhere(self, tools: Mapping[str, Tool]) -> frozenset[str]:
        """The tools of ``tools`` no question reads a call of (:func:`dive.chains.leads_nowhere`), worked out once
        per tool."""
        for name in tools.keys() - self._nowhere.keys():
            self._nowhere[name] = leads_nowhere(tools[name], self.lexicon.tools[name])
        return frozenset(n for n in tools if self._nowhere[n])

    def quoted(self, tool: str) -> frozenset[str]:
        """The parameters one of ``tool``'s fields quotes in its noun ("whose name contains "{query}"")."""
        if tool not in self._quoted:
            self._quoted[tool] = frozenset(p for fl in self.lexicon.tools[tool].fields.values()
                                           for p in re.findall(r'"\{(\w+)\}"', fl.noun))
        return self._quoted[tool]

    def seed_keys(self, sem: str, fold: bool = False) -> list[str]:
        """The canonical JSON of each seed value of type ``sem``, in the seeds' order (names casefolded with
        ``fold``), made once: rounds compare values with thousands of seeds (2.5 s of a 500-task run made them
        again each time)."""
        if (sem, fold) not in self._keyed:
            self._keyed[sem, fold] = [canonical_json(s.value.casefold() if fold and isinstance(s.value, str)
                                                     else s.value) for s in self.seeds.get(sem, ())]
        return self._keyed[sem, fold]

    def explore(self, *, seed: Seed, toolset: Toolset, trace: Trace | None, round: int,
                rng: random.Random, previous: Task | None = None, focus: str | None = None,
                cover: str | None = None) -> Trace:
        tools = {t.name: t for t in toolset.list_tools() if t.name in self.lexicon.tools}
        run = ProgramRun(self, toolset, tools, seed, trace, round, rng)
        run.focus = focus if focus in tools and not any(c.tool == focus for c in run.calls) else None
        chains = [c for c in chains_of(trace, self.lexicon) if c.calls] if trace is not None else []
        if not chains:
            for name in sorted(tools):  # a tool that takes nothing lists what there is (the books of a library):
                # an agent looks before it acts, and it is called nowhere else
                if tools[name].kind == "R" and not tools[name].parameters.get("properties"):
                    run.run_call(tools[name], {}, {})
            run.chain(seed.value, seed.sem, self.hops)
            focus_tool = tools.get(cover or "") if cover == run.focus else None
            if (focus_tool is not None and focus_tool.examples  # not called, or called with what it refuses (an
                    # airport search for "Heathrow" in Cape Verde, a 19-letter template for primers): its example
                    and not any(c.tool == cover and run.obs(c.id).ok for c in run.calls)
                    and focus_tool.domain != "general"  # arithmetic on the example's numbers needs no tool
                    and not any(s in POSITIONS for s in focus_tool.param_sem.values())):
                # the covered tool, no seed of its kind (a calculator of lab values, a search by words): its own
                # example, a request its author wrote (the anion gap for sodium 140, chloride 104 and bicarbonate
                # 24 mmol/L); never bare coordinates ("When does the sun set at (51.5074, -0.1278)?")
                run.step = 0
                run.run_call(focus_tool, dict(focus_tool.examples[0]), {})
            return run.trace()
        main = chains.pop(main_chain(chains))
        chains.insert(0, main)
        # Breadth before length: comparing or joining two-hop chains reads as a request; a fourth serial
        # hop reads as a riddle. A one-call program is made a chain first.
        # no subtraction of two chains' ends: two independent reviewers rated 1 of 11 such differences good (the
        # monoisotopic mass of procaine less metformin's, the molarity of one made-up solution less another's)
        joins = ["combine"] if len(chains) >= 2 and self.combine else []
        if len(chains) >= 3 and "aggregate" in self.asks:  # a total over three entities that adds up (populations)
            joins.append("aggregate")
        moves = [*joins, "wider"] if joins and not joins_of(trace) else ["wider", *joins]
        moves = ["deeper", *moves] if len(main.calls) < 2 else [*moves, "deeper"]
        if self.asks & {"members", "members_total", "nearest"}:  # a set named by its relation (the countries that
            moves.insert(0, "members")  # border Spain) reads as a request
        if "nearest" in self.asks:  # which of them is closest to a thing of their kind: a ranking over the set
            moves.insert(0 if rng.random() < 0.5 else 1, "rank")
        # a found quantity in the unit a person asks for (the melting point of tungsten in degrees Celsius):
        # before a comparison CONVERT_SHARE of the time, else when nothing else extends the program
        first = next((i for i, m in enumerate(moves) if m not in ("members", "rank")), len(moves))
        moves.insert(first if rng.random() < CONVERT_SHARE else len(moves), "convert")
        if previous is not None and previous.template in WINNERS:  # after a members question, the winner's value in
            # the unit a person asks for (the largest area among the countries that border Germany, in square miles)
            # or a thing of the winner's (the currency of the largest of them), in either order
            follow = [m for m, shape in (("convert", "winner_value"), ("winner_hop", "winner_hop")) if shape in self.asks]
            rng.shuffle(follow)
            moves = [*follow, *(m for m in moves if m not in follow)]
        if previous is not None and previous.template in SELECTED and "select" in self.asks:
            moves.insert(0, "constrain")  # the options' second property: the winner of those that meet a condition
        if previous is not None and previous.template == "chain":  # the sunset of a drawn day, then of a named one:
            moves.insert(0, "named_day")  # the first day of Ramadan (dive.exploration.days)
        act = {"deeper": run.deeper, "wider": run.wider, "combine": lambda c: combine(run, c),
               "aggregate": lambda c: aggregate(run, c), "rank": lambda c: rank(run, c),
               "members": lambda c: members(run, totals="members_total" in self.asks),
               "convert": lambda c: convert(run, c[0].calls, previous),
               "constrain": lambda c: constrain(run, c, previous),
               "named_day": lambda c: named_day(run, c, previous),
               "winner_hop": lambda c: previous is not None and hop_winner(run, previous)}
        for move in moves:
            if act[move](chains):
                break
        return run.trace()
