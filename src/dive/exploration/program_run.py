"""One round of a program (:class:`ProgramRun`): the calls so far, and how a move of
:mod:`dive.exploration.programs` adds more (a hop fed by an earlier call, a chain, one more entity of the seed's
family), each call executed on the round's tools and recorded with the sources of its arguments.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from dive._hashing import canonical_json
from dive.chains import (
    CLOCKS,
    COORDINATES,
    PAIRED,
    Chain,
    accepts,
    ancestry,
    bridges,
    coordinate_stem,
    dated,
    day_params,
    kind_of,
    relates_places,
    typed_values,
    worth_comparing,
)
from dive.exploration.arguments import DATES, POSITIONS, country_of_subdivision, fill, value_from
from dive.exploration.days import carries, on_same_day
from dive.jsonpath import expand
from dive.records import Evidence, Observation, Seed, ToolCall, Trace
from dive.tools.tool import Tool
from dive.tools.toolset import Toolset

if TYPE_CHECKING:
    from dive.exploration.programs import ProgramExplorer

__all__ = ["POSITIONS", "ProgramRun"]


class ProgramRun:
    """One round's execution state: the calls so far and how to add more."""

    def __init__(self, ex: ProgramExplorer, toolset: Toolset, tools: dict[str, Tool], seed: Seed,
                 trace: Trace | None, round_: int, rng: random.Random) -> None:
        self.ex, self.toolset, self.tools, self.seed, self.round, self.rng = ex, toolset, tools, seed, round_, rng
        self.calls = list(trace.calls) if trace else []
        self.observations = list(trace.observations) if trace else []
        self.done = {(c.tool, canonical_json(c.arguments)) for c in self.calls}
        self.step = 0
        self.want = 1
        """Calls still wanted in the chain being built: tools that can lead that far are tried first."""
        names = (frozenset(tools), ex.hops)  # an item's rounds share a toolset: its reach is worked out once
        if ex._reach[0] != names:
            ex._reach = (names, self._reach(ex.hops))
        self.reach = ex._reach[1]
        self.nowhere = ex.nowhere(tools)
        """The tools no question reads a call of: no hop goes into one (but for the item's focus tool)."""
        self.quoted = {n: ex.quoted(n) for n in tools}
        """Per tool, the parameters a field's noun quotes ("whose name contains "{query}""): words a person types."""
        self.focus: str | None = None
        """The tool the item should use (coverage): tried first wherever it can take a value."""

    def _reach(self, hops: int) -> dict[str, int]:
        """Per tool, the longest chain (up to ``hops`` calls) that can start at it, by semantic types alone."""
        types = {n: self.ex.types(t) for n, t in self.tools.items()}
        chainable = frozenset(PAIRED).union(*(ty.chains for ty in types.values()))
        takers: dict[str, set[str]] = {}
        for n, ty in types.items():
            for s in ty.takes:
                takers.setdefault(s, set()).add(n)
        follows = {n: set().union(*(takers.get(s, ()) for s in ty.gives & chainable)) - {n} for n, ty in types.items()}
        reach = dict.fromkeys(self.tools, 1)
        for _ in range(hops - 1):
            reach = {n: 1 + max((reach[m] for m in follows[n]), default=0) for n in self.tools}
        return reach

    def trace(self) -> Trace:
        return Trace(seed=self.seed.value, seed_type=self.seed.sem, toolset=tuple(sorted(self.toolset_names())),
                     calls=tuple(self.calls), observations=tuple(self.observations))

    def toolset_names(self) -> list[str]:
        return [t.name for t in self.toolset.list_tools()]

    def obs(self, call_id: str) -> Observation:
        return next(o for o in self.observations if o.call_id == call_id)

    def call_by_id(self, call_id: str) -> ToolCall:
        return next(c for c in self.calls if c.id == call_id)

    # -- one call --------------------------------------------------------------------

    def options(self, sem: str, value: Any, exclude: str | None = None, bridged: str | None = None
                ) -> list[tuple[Tool, str]]:
        """(tool, parameter) pairs that can take ``value`` of type ``sem``, subject parameters first. A date
        found by an earlier call (of domain ``bridged``) feeds only a call of the same domain about that date
        (its weekday, its Hebrew date): never a secondary date of another thing (a bond maturing on the first
        day of Hanukkah), nor another domain's (the weekly Torah reading after a stock exchange's trading day)."""
        found: list[tuple[float, Tool, str]] = []
        for name in sorted(self.tools):
            tool = self.tools[name]
            tl = self.ex.lexicon.tools[name]
            if name == exclude or not tl.fields or (name in self.nowhere and name != self.focus):
                continue  # a call no question reads (the country a city's time zone belongs to) ends a chain in
                # nothing: the hop tries another tool
            props = tool.parameters.get("properties", {})
            quoted = self.quoted[name]
            for param, psem in tool.param_sem.items():
                if bridged and psem in DATES and (param != tl.subject or tool.domain != bridged):
                    continue
                if bridged and psem in CLOCKS and param != tl.subject:  # a found zone only says how a clock is read
                    continue  # when its place is the call's ("is the LSE open at 15:00 in the time zone of Shangqiu")
                if bridged and param in quoted:  # words searched for ("whose name contains "{query}"") are typed,
                    continue  # never found: "cities whose name contains "the capital of Luxembourg"" (a reviewer)
                if psem == sem and param in props and accepts(props[param], value):
                    found.append((min(self.reach[name], self.want) * 10 + (2.0 if param == tl.subject else 1.0)
                                  + (100.0 if name == self.focus else 0.0), tool, param))
        self.rng.shuffle(found)
        found.sort(key=lambda x: -x[0])
        return [(t, p) for _, t, p in found]

    def fill(self, tool: Tool, anchor: str, value: Any, source: Evidence | None, pair: bool = False
             ) -> tuple[dict[str, Any], dict[str, Evidence]] | None:
        """Arguments for ``tool`` with ``anchor`` = ``value`` (:func:`dive.exploration.arguments.fill`)."""
        return fill(self, tool, anchor, value, source, pair)

    def value_from(self, tool: Tool, param: str, call_id: str) -> tuple[Any, Evidence] | None:
        """The value for ``tool``'s ``param`` from ``call_id``'s output (:func:`dive.exploration.arguments.value_from`)."""
        return value_from(self, tool, param, call_id)

    def run_call(self, tool: Tool, args: dict[str, Any], sources: dict[str, Evidence]) -> ToolCall | None:
        key = (tool.name, canonical_json(args))
        if key in self.done:
            return None
        parents = tuple(dict.fromkeys(e.call_id for e in sources.values()))
        call = ToolCall(tool=tool.name, arguments=args, parents=parents, sources=sources, round=self.round,
                        step=self.step)
        obs = self.toolset.call(tool.name, dict(args), call_id=call.id)
        if obs.call_id != call.id or type(obs) is not Observation:  # else kept as the toolset made it: a copy
            obs = Observation(call_id=call.id, ok=obs.ok, output=obs.output, error=obs.error, truncated=obs.truncated,
                              duration_ms=obs.duration_ms)  # hashes the output, a run's largest records, again
        self.calls.append(call.model_copy(update={"duration_ms": obs.duration_ms}))
        self.observations.append(obs)
        self.done.add(key)
        return call if obs.ok else None

    # -- programs --------------------------------------------------------------------

    def hop(self, sem: str, value: Any, source: Evidence | None, exclude: str | None = None,
            only: str | None = None, avoid: frozenset[str] = frozenset()) -> ToolCall | None:
        """One call that takes ``value`` (tried over the options until one works; ``only``: this tool;
        ``avoid``: not these tools)."""
        tries = 0
        src = self.tools.get(self.call_by_id(source.call_id).tool) if source is not None else None
        city = source is not None and _a_city(src, self.ex.lexicon.tools.get(src.name) if src else None, source.path,
                                              self.call_by_id(source.call_id))
        for tool, param in self.options(sem, value, exclude, bridged=src.domain if src else None):
            if (only is not None and tool.name != only) or tool.name in avoid:
                continue
            if sem in COORDINATES and source is not None and not city and not relates_places(tool):
                continue  # the Sun's azimuth at the capital of Tajikistan, sunset at an airport: a person names the
                # city (independent reviewers); a capital's or an airport's position is measured against another
                # place's, or the places near it are found
            if sem in COORDINATES and source is not None and relates_places(tool) and not self.ex.places \
                    and tool.name != self.focus:
                continue  # the places near a found position (the cities within 50 km of the capital of Chad, the
                # city nearest to it) are read only by a join or a ranking, when the run asks one: in a 2000-task
                # run (seed 601) such calls were a third of all tool time, and no kept task used one
            filled = self.fill(tool, param, value, source)
            if filled is None:
                continue
            call = self.run_call(tool, *filled)
            tries += 1
            if call is not None and (only or (self.askable(call) and not self.repeats(call))):
                return call
            if tries >= 3:
                break
        return None

    def repeats(self, call: ToolCall) -> bool:
        """Whether ``call`` gives nothing the calls that fed it, about the same kind of thing, did not (a compound's
        record by InChIKey after the lookup by name that found the InChIKey gave the same record): a hop that adds
        nothing, which ``empty_hop`` would reject in any question through it (220 candidates of a 2000-task run)."""
        lex = self.ex.lexicon
        kind = kind_of(self.tools.get(call.tool), lex)
        same = [self.call_by_id(c) for c in self.lineage_ids(call.id) - {call.id}] if kind else []
        same = [c for c in same if kind_of(self.tools.get(c.tool), lex) == kind and self.obs(c.id).ok]
        if not same:
            return False
        had = set().union(*(typed_values(self.tools[c.tool], self.obs(c.id).output) for c in same))
        mine = typed_values(self.tools[call.tool], self.obs(call.id).output, lex.tools[call.tool].fields)
        return bool(mine) and mine <= had

    def askable(self, call: ToolCall) -> bool:
        tl = self.ex.lexicon.tools[call.tool]
        out = self.obs(call.id).output
        return any(v is not None and v != "" for p in tl.fields for _, v in expand(out, p))

    def chain(self, value: Any, sem: str, hops: int, starts: int = 3) -> list[ToolCall]:
        """Up to ``hops`` calls from a literal ``value``, each fed by a bridge of the previous one.

        A chain that stops short is tried again from another first tool (up to ``starts`` first tools);
        the longest chain wins (the deriver reads the longest chain as the program's main one)."""
        best: list[ToolCall] = []
        first_tools: set[str] = set()
        for _ in range(starts):
            made: list[ToolCall] = []
            self.step = 0
            self.want = hops
            call = self.hop(sem, value, None, avoid=frozenset(first_tools))
            if call is None:
                break
            first_tools.add(call.tool)
            while call is not None:
                made.append(call)
                self.step += 1
                if len(made) >= hops:
                    break
                self.want = hops - len(made)
                call = self.extend(call)
            self.want = 1
            if len(made) > len(best):
                best = made
            if len(best) >= hops:
                break
        return best

    def lineage_ids(self, call_id: str) -> frozenset[str]:
        """``call_id`` and the ids of the calls that fed it, transitively."""
        return frozenset(ancestry(call_id, lambda c: (e.call_id for e in self.call_by_id(c).sources.values())))

    def lineage_values(self, call: ToolCall) -> set[str]:
        """Every argument of ``call`` and of the calls that fed it, as canonical JSON."""
        return {canonical_json(v) for c in self.lineage_ids(call.id) for v in self.call_by_id(c).arguments.values()}

    def extend(self, call: ToolCall, like: tuple[str, str] | None = None) -> ToolCall | None:
        """One more hop after ``call`` (``like``: the (path, tool) another chain took, to stay parallel)."""
        tool = self.tools[call.tool]
        fed = {tool.param_sem.get(p) for p in call.sources}  # a date of a date of a date reads as a riddle:
        seen = self.lineage_values(call)  # and a chain never comes back to where it was (CV -> 238 -> CV)
        options = [b for b in bridges(tool, self.ex.lexicon.tools[call.tool], self.obs(call.id), call.arguments)
                   if b[1] not in fed and canonical_json(b[2]) not in seen]  # a value of the type a call was fed never feeds on
        if like is not None:
            options = [b for b in options if b[0] == like[0]]
        else:
            self.rng.shuffle(options)
        for path, sem, value in options:
            nxt = self.hop(sem, value, Evidence(call_id=call.id, path=path), exclude=call.tool,
                           only=like[1] if like else None)
            if nxt is not None:
                return nxt
        return None

    def deeper(self, chains: Sequence[Chain]) -> bool:
        """One more hop at the end of every chain of the latest program, the same hop for each."""
        shape = [self.call_by_id(c).tool for c in chains[0].calls]
        latest = [c for c in chains if [self.call_by_id(i).tool for i in c.calls] == shape]
        first = self.call_by_id(latest[0].calls[-1])
        self.step = len(latest[0].calls)
        nxt = self.extend(first)
        if nxt is None:
            return False
        like = (next(e.path for e in nxt.sources.values() if e.call_id == first.id), nxt.tool)
        for chain in latest[1:]:
            self.extend(self.call_by_id(chain.calls[-1]), like)
        return True

    def wider(self, chains: Sequence[Chain]) -> bool:
        """The first chain's program run again for two or three more entities of the seed's type."""
        base = chains[0]
        if not self._compared(self.call_by_id(base.calls[-1])):
            return False
        roots = {canonical_json(c.root) for c in chains}
        first = self.call_by_id(base.calls[0])
        anchor = next((p for p, v in first.arguments.items() if canonical_json(v) == canonical_json(base.root)), None)
        if anchor is None:
            return False
        if anchor != self.ex.lexicon.tools[first.tool].subject and self.tools[first.tool].param_sem.get(anchor) in CLOCKS:
            return False  # the sky at 00:00 in Nairobi time and in Johannesburg time: two instants, not two places
        sem = self.tools[first.tool].param_sem.get(anchor)  # the root's own type: a date seed's chain may start
        # at a country (the next working day in Germany), and its siblings are countries
        kin, keys = self.ex.seeds.get(sem or "", ()), self.ex.seed_keys(sem or "")
        root = canonical_json(base.root)
        mine = next((s for s, k in zip(kin, keys, strict=True) if k == root), None)
        group = mine.group if mine is not None else (self.seed.group if sem == self.seed.sem else "")
        pool = [s for s, k in zip(kin, keys, strict=True) if k not in roots]
        if not group:  # no family, no arbitrary set ("Which of Connecticut, New Jersey, Arizona, Idaho or Delaware
            return False  # ...", "Which is closest to Batumi International Airport: ...": reviewers found them drills)
        pool = [s for s in pool if s.group == group]  # compared within its family: France with Germany and Italy
        if not pool or len(chains) >= 5:
            return False
        carried = [(c, day_params(c, {i: self.call_by_id(i).tool for i in c.parents}, self.ex.lexicon))
                   for c in map(self.call_by_id, base.calls[1:])]  # each call after the root, with its named days
        if not all(carries(self, c, days) for c, days in carried):
            return False  # the Sun's azimuth at Cairo's sunset: a moment of one place's day, no other place's
        want = min(self.rng.randint(*self.ex.siblings), 5 - len(chains))
        added = 0
        for sib in self.rng.sample(pool, k=min(len(pool), 4 * want)):
            if added >= want:
                break
            tool = self.tools[first.tool]
            props = tool.parameters.get("properties", {})
            if anchor not in props or not accepts(props[anchor], sib.value):
                continue
            args = {**first.arguments, anchor: sib.value}
            if country_of_subdivision(tool, args, {})[anchor] != sib.value:
                continue  # Manitoba's long weekends are Canada's, never Cuba's: a subdivision keeps its country
            self.step = 0
            call = self.run_call(tool, args, {})
            if call is None:
                continue
            ok = True
            for prev, days in carried:
                path = next(e.path for p, e in prev.sources.items() if p not in days)
                self.step += 1
                call = self.extend(call, (path, prev.tool))
                if call is not None and days:  # on the named day the chain took (the June solstice)
                    call = on_same_day(self, prev, call, days)
                if call is None:
                    ok = False
                    break
            added += ok
        return added > 0

    def _compared(self, last: ToolCall) -> bool:
        """Whether a question the run asks reads ``last``'s tool called for several entities: a join of two places or
        dates, or a comparison of a field worth comparing, never of a call given a date only an example holds (the
        sky over Quito, Belo Horizonte and Brasilia on 3 July 2024: 311 city items of a 2000-task run, seed 727,
        ran such chains for more cities and asked nothing of them)."""
        if self.ex.combine:
            return True
        tool, tl = self.tools.get(last.tool), self.ex.lexicon.tools.get(last.tool)
        if tool is None or tl is None or not self.ex.asks & {"superlative", "difference", "same", "aggregate"}:
            return False
        return not dated(tool, tl, last, self.seed.value) and worth_comparing(tool, tl, strings="same" in self.ex.asks)


def _a_city(tool: Tool | None, tl: Any, path: str, call: ToolCall) -> bool:
    """Whether a position at ``path`` of ``call``'s output is a named city's own: the call's subject is a city's
    name given in the question (Nairobi), not found by an earlier call (the capital of Kenya)."""
    return (tool is not None and tl is not None and tool.param_sem.get(tl.subject or "") == "city_name"
            and coordinate_stem(path) == "$" and tl.subject not in call.sources)
