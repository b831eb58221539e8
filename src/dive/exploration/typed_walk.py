"""The typed-walk explorer: execute real tools from a seed, chaining by semantic types.

Each step picks a tool whose parameter accepts a fact of the right semantic type, fills the
other parameters from facts (or from the tool's example call when no fact fits), and runs
it. Three patterns appear on purpose:

- **chain**: a fact from the last call feeds the next call (``city -> country_code -> holidays``);
- **fan-out**: the same tool on several entities of one type in one step (parallel calls);
- **fan-in**: a processing tool combining numbers from several earlier calls.

Round ``k > 1`` extends the previous round's trace, either **deeper** (only facts found in
the latest round feed new calls) or **wider** (facts from the seed and earlier rounds start
a new branch). Every choice comes from the ``rng`` the caller derives from the run seed and
the item id, so the same inputs give the same trace. Failed calls stay in the trace.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dive._hashing import canonical_json
from dive.facts import SEED_CALL, Fact, call_facts, facts_of
from dive.records import Evidence, Observation, ToolCall, Trace
from dive.stages import Round
from dive.tools.tool import Tool

__all__ = ["TypedWalk"]

_NUMERIC = {"number", "integer"}


def _json_type(schema: dict[str, Any]) -> set[str]:
    if "type" in schema:
        t = schema["type"]
        return set(t) if isinstance(t, list) else {t}
    return {s.get("type") for s in schema.get("anyOf", []) if "type" in s}


def _accepts(schema: dict[str, Any], fact: Fact) -> bool:
    types = _json_type(schema)
    if not types:
        return True
    if fact.is_number:
        return bool(types & ({"number"} if isinstance(fact.value, float) else {"number", "integer"}))
    if isinstance(fact.value, bool):
        return "boolean" in types
    return "string" in types


def _matches(tool: Tool, param: str, schema: dict[str, Any], fact: Fact) -> bool:
    sem = tool.param_sem.get(param)
    if sem is None:
        return False
    if sem in _NUMERIC:
        # A generic number parameter takes a looked-up number, never the output of another computation,
        # and only in the general-purpose arithmetic tools: a domain tool's bare ``number`` (a gap
        # penalty, a wavelength) means something specific that an arbitrary looked-up number is not.
        # Only measurements (a fact with a unit) qualify: ids, years and counts are numbers, not quantities.
        return (fact.is_number and fact.kind == "R" and fact.unit is not None and tool.domain == "general"
                and _accepts(schema, fact))
    return sem == fact.sem and _accepts(schema, fact)


@dataclass(frozen=True)
class _Option:
    tool: Tool
    anchor: str
    facts: tuple[Fact, ...]


@dataclass
class TypedWalk:
    """The default offline explorer."""

    max_steps: int = 5
    fan_out: int = 3

    def explore(self, r: Round) -> Trace:
        seed, toolset, trace, round, rng = r.seed, r.toolset, r.trace, r.round, r.rng
        tools = dict(r.tools)
        calls = list(trace.calls) if trace else []
        observations = list(trace.observations) if trace else []
        done = {(c.tool, canonical_json(c.arguments)) for c in calls}
        current = Trace(seed=seed.value, seed_type=seed.sem, toolset=tuple(sorted(tools)),
                        calls=tuple(calls), observations=tuple(observations))
        all_facts = facts_of(current, tools, seed)
        latest_round = {c.id for c in calls if c.round == round - 1}
        deeper = round > 1 and bool(latest_round) and rng.random() < 0.6
        focus = [f for f in all_facts if f.call_id in latest_round] if deeper else list(all_facts)
        if round > 1 and not deeper:
            focus = [f for f in all_facts if f.call_id not in latest_round] or all_facts
        for step in range(self.max_steps):
            option = self._choose(tools, focus, done, calls, rng)
            if option is None:
                break
            new_calls = self._instantiate(option, all_facts, done, round, step, rng)
            if not new_calls:
                continue
            new_facts: list[Fact] = []
            for call in new_calls:
                obs = toolset.call(call.tool, dict(call.arguments), call_id=call.id)
                obs = Observation(call_id=call.id, ok=obs.ok, output=obs.output, error=obs.error,
                                  truncated=obs.truncated, duration_ms=obs.duration_ms)
                calls.append(call.model_copy(update={"duration_ms": obs.duration_ms}))
                observations.append(obs)
                done.add((call.tool, canonical_json(call.arguments)))
                new_facts.extend(call_facts(call, obs, tools[call.tool]))
            all_facts.extend(new_facts)
            focus = new_facts + focus if rng.random() < 0.8 else focus + new_facts
        return Trace(seed=seed.value, seed_type=seed.sem, toolset=tuple(sorted(tools)), calls=tuple(calls),
                     observations=tuple(observations))

    def _choose(self, tools: dict[str, Tool], focus: Sequence[Fact], done: set[tuple[str, str]],
                calls: Sequence[ToolCall], rng: random.Random) -> _Option | None:
        used = {c.tool for c in calls}
        options: list[tuple[float, _Option]] = []
        for name in sorted(tools):
            tool = tools[name]
            props = tool.parameters.get("properties", {})
            for param, schema in props.items():
                if schema.get("type") == "array":
                    if tool.param_sem.get(param) == "number_list":
                        group = self._numeric_group(focus, rng)
                        if group:
                            options.append((3.0 if name not in used else 1.0, _Option(tool, param, group)))
                    continue
                facts = tuple(f for f in focus if _matches(tool, param, schema, f))
                if not facts:
                    continue
                if tool.param_sem[param] in _NUMERIC and tool.kind == "R":
                    continue  # a bare number rarely means anything to a retrieval tool
                weight = 1.0 if name in used else 4.0
                if tool.kind == "P" and len({f.call_id for f in facts if f.is_number}) >= 2:
                    weight *= 1.5  # fan-in opportunity
                if any(f.call_id == SEED_CALL for f in facts) and calls:
                    weight *= 0.5
                options.append((weight, _Option(tool, param, facts)))
        if not options:
            return None
        total = sum(w for w, _ in options)
        pick = rng.random() * total
        for weight, option in options:
            pick -= weight
            if pick <= 0:
                return option
        return options[-1][1]

    @staticmethod
    def _numeric_group(focus: Sequence[Fact], rng: random.Random) -> tuple[Fact, ...]:
        """Numbers of one semantic type from at least two different calls (a fan-in)."""
        by_sem: dict[str, dict[str, Fact]] = {}
        for fact in focus:
            if fact.is_number and fact.kind == "R":
                by_sem.setdefault(fact.sem, {}).setdefault(fact.call_id, fact)
        groups = [tuple(g.values()) for _, g in sorted(by_sem.items()) if len(g) >= 2]
        return rng.choice(groups) if groups else ()

    def _instantiate(self, option: _Option, facts: Sequence[Fact], done: set[tuple[str, str]], round: int,
                     step: int, rng: random.Random) -> list[ToolCall]:
        tool = option.tool
        if tool.parameters["properties"][option.anchor].get("type") == "array":
            picked = option.facts[:6]
            args = {option.anchor: [f.value for f in picked]}
            key = (tool.name, canonical_json(args))
            if key in done:
                return []
            parents = tuple(dict.fromkeys(f.call_id for f in picked))
            return [ToolCall(tool=tool.name, arguments=args, parents=parents, round=round, step=step)]
        distinct: dict[str, Fact] = {}
        for fact in option.facts:
            distinct.setdefault(canonical_json(fact.value), fact)
        anchors = list(distinct.values())
        rng.shuffle(anchors)
        width = rng.randint(1, self.fan_out) if len(anchors) > 1 else 1
        out: list[ToolCall] = []
        for anchor in anchors:
            if len(out) >= width:
                break
            filled = self._fill(tool, option.anchor, anchor, facts, rng)
            if filled is None:
                continue
            args, parents, sources = filled
            key = (tool.name, canonical_json(args))
            if key in done or any(c.arguments == args for c in out):
                continue
            out.append(ToolCall(tool=tool.name, arguments=args, parents=parents, sources=sources, round=round,
                                step=step))
        return out

    def _fill(self, tool: Tool, anchor_param: str, anchor: Fact, facts: Sequence[Fact],
              rng: random.Random) -> tuple[dict[str, Any], tuple[str, ...], dict[str, Evidence]] | None:
        """The call's arguments, its parents, and which output field fed each argument that came from one."""
        props = tool.parameters.get("properties", {})
        required = set(tool.parameters.get("required", []))
        example = tool.examples[0] if tool.examples else {}
        args: dict[str, Any] = {}
        parents: list[str] = []
        sources: dict[str, Evidence] = {}
        for param, schema in props.items():
            if param == anchor_param:
                args[param], source = anchor.value, anchor
            else:
                source = None
                candidates = [f for f in facts if f is not anchor and _matches(tool, param, schema, f)
                              and canonical_json(f.value) != canonical_json(anchor.value)]
                if anchor.is_number:  # combine like with like: two populations, never a population and a rate
                    candidates = [f for f in candidates if f.sem == anchor.sem and f.unit == anchor.unit]
                if candidates and param in required:
                    source = rng.choice(candidates)
                    args[param] = source.value
                elif tool.param_sem.get(param) == "unit" and "from" in param and anchor.unit:
                    args[param] = anchor.unit  # convert a measurement from its own unit
                elif tool.kind == "P" and param in required and tool.param_sem.get(param) in _NUMERIC:
                    return None  # never combine a looked-up number with an arbitrary constant
                elif param in example:
                    args[param] = example[param]
                elif param in required:
                    return None
            if source is not None and source.call_id != SEED_CALL:
                sources[param] = Evidence(call_id=source.call_id, path=source.path)
                if source.call_id not in parents:
                    parents.append(source.call_id)
        return args, tuple(parents), sources
