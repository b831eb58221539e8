"""The program explorer: plan a question's program over the lexicon, then run it on real tools.

Program first (as in CFQ, GQA and KQA Pro): each round grows a small program of tool
calls that a person's question could need, executes it, and records in every call which
earlier output field fed which argument (``ToolCall.sources``), so the deriver can realize
the program in words without guessing the data flow. Only tools with a lexicon entry take
part, and a value flows from an output field into a parameter only when both carry the
same *specific* semantic type (a city into a city, a date into a date): generic numbers,
identifiers and counts never chain, so a CPI percentage never becomes a humidity.

- **round 1, a chain**: from the seed, up to ``hops`` calls, each fed by a field of the
  previous one (``country -> its capital -> the capital's time zone``). A hop must give
  something new: its bridge value differs from every argument of the call.
- **later rounds** extend the previous round's program by one of:
  **deeper** (one more hop at the end of every chain) or **wider** (the same chain run
  for two or three more entities of the seed's type, for comparisons).

Parameters in a lexicon group (a latitude and a longitude) are filled from one source
call. Other parameters keep their defaults or take the tool's example value, and the
deriver states each of them in the question. Every choice comes from ``rng``.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from dive._hashing import canonical_json
from dive.jsonpath import expand
from dive.lexicon import Lexicon, ToolLex
from dive.records import Evidence, Observation, Seed, Task, ToolCall, Trace
from dive.tools.tool import Tool
from dive.tools.toolset import Toolset

__all__ = ["GENERIC_SEMS", "ProgramExplorer", "bridges", "chains_of"]

GENERIC_SEMS = frozenset({"number", "integer", "number_list", "text", "word", "boolean", "percent", "unit",
                          "geonames_id", "python_code", "quantity_kind", "angle_deg", "clinical_score",
                          "duration_days", "duration_hours", "duration_s", "duration_years", "sequence_length"})
"""Semantic types that never carry a value from one call into another: no role of their own (an angle
may be a zenith angle or an elevation; a duration or a length of anything)."""


def _accepts(schema: Mapping[str, Any], value: Any) -> bool:
    types = schema.get("type")
    alts = {types} if isinstance(types, str) else set(types or []) | {s.get("type") for s in schema.get("anyOf", [])}
    alts.discard(None)
    if not alts:
        return True
    if isinstance(value, bool):
        return "boolean" in alts
    if isinstance(value, int):
        return bool(alts & {"integer", "number"})
    if isinstance(value, float):
        return "number" in alts
    return isinstance(value, str) and "string" in alts


def bridges(tool: Tool, tl: ToolLex, obs: Observation, args: Mapping[str, Any]) -> list[tuple[str, str, Any]]:
    """The askable scalar fields of one output that can feed another call: (path, sem, value).

    A bridge has a specific semantic type, a text value (an entity, a date, a code: numbers never chain,
    since "the molar mass of the length of a site" is what chaining them gave) and is none of the call's
    own arguments."""
    if not obs.ok:
        return []
    inputs = {canonical_json(v) for v in args.values()}
    out: list[tuple[str, str, Any]] = []
    for path in tl.fields:
        sem = tool.output_sem.get(path)
        if sem is None or sem in GENERIC_SEMS or "[*]" in path:
            continue
        for concrete, value in expand(obs.output, path):
            if not isinstance(value, str) or value == "" or canonical_json(value) in inputs:
                continue  # only named things chain (a city, a date, a code): a number's role is never certain
            out.append((concrete, sem, value))
    return out


@dataclass(frozen=True)
class Chain:
    """One root entity and the calls that follow from it, each fed by the previous call."""

    root: Any
    calls: tuple[str, ...]


def chains_of(trace: Trace, lexicon: Lexicon) -> list[Chain]:
    """The chains of a trace: a call fed (through ``sources``) by exactly the last call of a chain extends it.

    A chain's root is the subject argument of its first call (its first argument without a subject)."""
    chains: list[Chain] = []
    end_of: dict[str, int] = {}
    for call in trace.calls:
        fed_by = {e.call_id for e in call.sources.values()}
        tails = [end_of[c] for c in fed_by if c in end_of]
        if tails and not trace.observation(call.id).ok:
            continue
        if len(tails) == 1 and len(fed_by) == 1:
            i = tails[0]
            chains[i] = Chain(chains[i].root, (*chains[i].calls, call.id))
            del end_of[chains[i].calls[-2]]
            end_of[call.id] = i
        elif not fed_by and trace.observation(call.id).ok:
            tl = lexicon.tools.get(call.tool)
            subject = tl.subject if tl and tl.subject in call.arguments else next(iter(call.arguments), None)
            chains.append(Chain(call.arguments.get(subject) if subject else None, (call.id,)))
            end_of[call.id] = len(chains) - 1
    return chains


@dataclass
class ProgramExplorer:
    """The offline program explorer (see the module docstring)."""

    lexicon: Lexicon
    seeds: Mapping[str, Sequence[Seed]] = field(default_factory=dict)
    """Seeds by semantic type: where ``wider`` rounds find more entities of the seed's type."""
    hops: int = 3
    """Calls in a round-1 chain (fewer when the toolset has no further hop)."""
    siblings: tuple[int, int] = (2, 3)
    """How many more entities a ``wider`` round adds."""
    name: str = "programs"

    def explore(self, *, seed: Seed, toolset: Toolset, trace: Trace | None, round: int,
                rng: random.Random, previous: Task | None = None) -> Trace:
        tools = {t.name: t for t in toolset.list_tools() if t.name in self.lexicon.tools}
        run = _Run(self, toolset, tools, seed, trace, round, rng)
        chains = [c for c in chains_of(trace, self.lexicon) if c.calls] if trace is not None else []
        if not chains:
            run.chain(seed.value, seed.sem, self.hops)
        else:
            moves = ["deeper", "wider"] if rng.random() < 0.5 else ["wider", "deeper"]
            for move in moves:
                if (run.deeper(chains) if move == "deeper" else run.wider(chains)):
                    break
        return run.trace()


class _Run:
    """One round's execution state: the calls so far and how to add more."""

    def __init__(self, ex: ProgramExplorer, toolset: Toolset, tools: dict[str, Tool], seed: Seed,
                 trace: Trace | None, round_: int, rng: random.Random) -> None:
        self.ex, self.toolset, self.tools, self.seed, self.round, self.rng = ex, toolset, tools, seed, round_, rng
        self.calls = list(trace.calls) if trace else []
        self.observations = list(trace.observations) if trace else []
        self.done = {(c.tool, canonical_json(c.arguments)) for c in self.calls}
        self.step = 0

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

    def options(self, sem: str, value: Any, exclude: str | None = None) -> list[tuple[Tool, str]]:
        """(tool, parameter) pairs that can take ``value`` of type ``sem``, subject parameters first."""
        found: list[tuple[float, Tool, str]] = []
        for name in sorted(self.tools):
            tool = self.tools[name]
            tl = self.ex.lexicon.tools[name]
            if name == exclude or not tl.fields:
                continue
            props = tool.parameters.get("properties", {})
            for param, psem in tool.param_sem.items():
                if psem == sem and param in props and _accepts(props[param], value):
                    found.append((2.0 if param == tl.subject else 1.0, tool, param))
        self.rng.shuffle(found)
        found.sort(key=lambda x: -x[0])
        return [(t, p) for _, t, p in found]

    def fill(self, tool: Tool, anchor: str, value: Any, source: Evidence | None
             ) -> tuple[dict[str, Any], dict[str, Evidence]] | None:
        """Arguments for ``tool`` with ``anchor`` = ``value``: grouped parameters from the anchor's source call,
        other required ones from the tool's example (None when a parameter cannot be filled)."""
        tl = self.ex.lexicon.tools[tool.name]
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
            src_call = self.call_by_id(source.call_id)
            src_tool = self.tools.get(src_call.tool)
            want = tool.param_sem.get(member)
            hit = None
            for pattern, sem in (src_tool.output_sem.items() if src_tool else ()):
                if sem == want and "[*]" not in pattern:
                    got = list(expand(self.obs(source.call_id).output, pattern))
                    if got and got[0][1] is not None:
                        hit = (got[0][0], got[0][1])
                        break
            if hit is None:
                return None
            args[member], sources[member] = hit[1], Evidence(call_id=source.call_id, path=hit[0])
        other_groups = [g for g in tl.groups if g != group]
        for g in other_groups:  # a second place: from an earlier chain's end, else the example
            filled = self._group_from_trace(tool, tl.groups[g], exclude=source.call_id if source else None)
            if filled is None:
                if not all(m in example for m in tl.groups[g]):
                    return None
                args.update({m: example[m] for m in tl.groups[g]})
            else:
                args.update(filled[0])
                sources.update(filled[1])
        for param in props:
            if param in args:
                continue
            if param in required:
                if param not in example:
                    return None
                args[param] = example[param]
        return args, sources

    def _group_from_trace(self, tool: Tool, members: Sequence[str], exclude: str | None
                          ) -> tuple[dict[str, Any], dict[str, Evidence]] | None:
        for call in reversed(self.calls):
            if call.id == exclude or not self.obs(call.id).ok or call.tool not in self.tools:
                continue
            src = self.tools[call.tool]
            args: dict[str, Any] = {}
            sources: dict[str, Evidence] = {}
            for m in members:
                want = tool.param_sem.get(m)
                for pattern, sem in src.output_sem.items():
                    if sem == want and "[*]" not in pattern:
                        got = list(expand(self.obs(call.id).output, pattern))
                        if got and got[0][1] is not None:
                            args[m], sources[m] = got[0][1], Evidence(call_id=call.id, path=got[0][0])
                            break
            if len(args) == len(members):
                return args, sources
        return None

    def run_call(self, tool: Tool, args: dict[str, Any], sources: dict[str, Evidence]) -> ToolCall | None:
        key = (tool.name, canonical_json(args))
        if key in self.done:
            return None
        parents = tuple(dict.fromkeys(e.call_id for e in sources.values()))
        call = ToolCall(tool=tool.name, arguments=args, parents=parents, sources=sources, round=self.round,
                        step=self.step)
        obs = self.toolset.call(tool.name, dict(args), call_id=call.id)
        obs = Observation(call_id=call.id, ok=obs.ok, output=obs.output, error=obs.error, truncated=obs.truncated,
                          duration_ms=obs.duration_ms)
        self.calls.append(call.model_copy(update={"duration_ms": obs.duration_ms}))
        self.observations.append(obs)
        self.done.add(key)
        return call if obs.ok else None

    # -- programs --------------------------------------------------------------------

    def hop(self, sem: str, value: Any, source: Evidence | None, exclude: str | None = None,
            only: str | None = None) -> ToolCall | None:
        """One call that takes ``value`` (tried over the options until one works; ``only``: this tool)."""
        tries = 0
        for tool, param in self.options(sem, value, exclude):
            if only is not None and tool.name != only:
                continue
            filled = self.fill(tool, param, value, source)
            if filled is None:
                continue
            call = self.run_call(tool, *filled)
            tries += 1
            if call is not None and (only or self._askable(call)):
                return call
            if tries >= 3:
                break
        return None

    def _askable(self, call: ToolCall) -> bool:
        tl = self.ex.lexicon.tools[call.tool]
        out = self.obs(call.id).output
        return any(v is not None and v != "" for p in tl.fields for _, v in expand(out, p))

    def chain(self, value: Any, sem: str, hops: int) -> list[ToolCall]:
        """Up to ``hops`` calls from a literal ``value``, each fed by a bridge of the previous one."""
        made: list[ToolCall] = []
        self.step = 0
        call = self.hop(sem, value, None)
        while call is not None:
            made.append(call)
            self.step += 1
            if len(made) >= hops:
                break
            call = self.extend(call)
        return made

    def extend(self, call: ToolCall, like: tuple[str, str] | None = None) -> ToolCall | None:
        """One more hop after ``call`` (``like``: the (path, tool) another chain took, to stay parallel)."""
        tool = self.tools[call.tool]
        options = bridges(tool, self.ex.lexicon.tools[call.tool], self.obs(call.id), call.arguments)
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
        roots = {canonical_json(c.root) for c in chains}
        pool = [s for s in self.ex.seeds.get(self.seed.sem, ()) if canonical_json(s.value) not in roots]
        if not pool or len(chains) >= 5:
            return False
        first = self.call_by_id(base.calls[0])
        anchor = next((p for p, v in first.arguments.items() if canonical_json(v) == canonical_json(base.root)), None)
        if anchor is None:
            return False
        want = min(self.rng.randint(*self.ex.siblings), 5 - len(chains))
        added = 0
        for sib in self.rng.sample(pool, k=min(len(pool), 4 * want)):
            if added >= want:
                break
            tool = self.tools[first.tool]
            props = tool.parameters.get("properties", {})
            if anchor not in props or not _accepts(props[anchor], sib.value):
                continue
            args = {**first.arguments, anchor: sib.value}
            self.step = 0
            call = self.run_call(tool, args, {})
            if call is None:
                continue
            ok = True
            for prev_id in base.calls[1:]:
                prev = self.call_by_id(prev_id)
                path = next(e.path for e in prev.sources.values())
                self.step += 1
                call = self.extend(call, (path, prev.tool))
                if call is None:
                    ok = False
                    break
            added += ok
        return added > 0
