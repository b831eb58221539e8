"""Tasks over tools with state: actions first, then questions the actions change the answer of.

A source with action tools (kind ``A``: ``follow``, ``post``) and a phrase for each (``have
{follower} follow {followee}``, from its YAML) gets tasks such as "Have dana follow erin. How
many followers does erin have?". Two wrappers around the run's explorer and deriver do it:

- :class:`ActingExplorer`: in round 1 of some items (``rate``), one action that takes the seed
  (its other arguments from the seed pool and the source's values) is called first; the wrapped
  explorer then explores from the changed state. It never sees action calls (they are no hop of a
  chain).
- :class:`ActingDeriver`: a task of the wrapped deriver (derived from the trace without the
  actions) whose program, run again from the starting state without the actions, gives other
  evidence depends on them: it gets the request for them in front of its query and their call
  ids in ``provenance.state_calls`` (so its gold trajectory and its replay make them), and comes
  first. A task whose evidence stays but some output on its way changes is dropped (its gold
  trajectory would show outputs a solver cannot see). Every task gets the id of its starting
  state (``Task.state``).

Every item starts from the starting state (``RunContext.reset``), so a task's gold trajectory run
from that state gives its answer.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dive._hashing import canonical_json, content_hash
from dive.jsonpath import PathError, resolve
from dive.provenance import EvidenceError, evidence_values, provenance_calls
from dive.records import Observation, Seed, Task, ToolCall, Trace, set_source
from dive.stages import Deriver, Explorer, Round
from dive.tools.pack import Pack
from dive.tools.sources.imported import ImportedPack
from dive.tools.tool import Tool

__all__ = ["ActingDeriver", "ActingExplorer", "acting", "request_of", "without_actions"]

_SLOT = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def without_actions(trace: Trace, tools: Mapping[str, Tool]) -> Trace:
    """The trace with its action calls left out (what the wrapped explorer and deriver see)."""
    keep = [i for i, c in enumerate(trace.calls) if _kind(tools, c.tool) != "A"]
    if len(keep) == len(trace.calls):
        return trace
    return Trace(seed=trace.seed, seed_type=trace.seed_type, toolset=trace.toolset,
                 calls=tuple(trace.calls[i] for i in keep), observations=tuple(trace.observations[i] for i in keep))


def _kind(tools: Mapping[str, Tool], name: str) -> str:
    tool = tools.get(name)
    return tool.kind if tool is not None else "R"


def request_of(phrase: str, arguments: Mapping[str, Any]) -> str:
    """An action's phrase with its arguments: ``have {follower} follow {followee}`` -> ``have dana follow erin``;
    text with spaces is quoted."""

    def fill(m: re.Match[str]) -> str:
        value = arguments.get(m.group(1), "")
        text = str(value)
        return f'"{text}"' if isinstance(value, str) and " " in text.strip() else text

    return _SLOT.sub(fill, phrase)


@dataclass
class ActingExplorer:
    """Round 1 of some items: the wrapped explorer's calls, made again after one action on an entity they
    are about (see the module docstring)."""

    inner: Explorer
    actions: Mapping[str, str]
    """Action tool -> phrase."""
    seeds: Mapping[str, Sequence[Seed]]
    """Seed pool by semantic type (where the action's other arguments come from)."""
    rate: float = 0.7
    """Share of items whose round 1 starts with an action (when one takes the seed)."""

    def explore(self, r: Round) -> Trace:
        if r.trace is not None:
            reads = without_actions(r.trace, r.tools)
            extended = self.inner.explore(_with_trace(r, reads))
            writes = [(c, o) for c, o in zip(r.trace.calls, r.trace.observations, strict=True)
                      if _kind(r.tools, c.tool) == "A"]
            return _prepend(writes, extended)
        rng = random.Random(r.rng.random())
        options = self._options(r, rng) if rng.random() < self.rate else []
        if not options:
            return self.inner.explore(r)
        name, args = rng.choice(options)
        call = ToolCall(tool=name, arguments=args, round=1, step=0)
        done = r.toolset.call(name, args, call_id=call.id)
        trace = self.inner.explore(r)
        return _prepend([(call, done)], trace) if done.ok else trace

    def _options(self, r: Round, rng: random.Random) -> list[tuple[str, dict[str, Any]]]:
        """Actions that take the seed, with their other arguments filled from the seed pool."""
        options = []
        for name in sorted(self.actions):
            tool = r.tools.get(name)
            if tool is None or tool.kind != "A":
                continue
            args = self._fill(tool, r.seed.sem, r.seed.value, rng)
            if args is not None:
                options.append((name, args))
        return options

    def _fill(self, tool: Tool, sem: str, value: Any, rng: random.Random) -> dict[str, Any] | None:
        props = tool.parameters.get("properties", {})
        required = list(tool.parameters.get("required", list(props)))
        own = [p for p in required if tool.param_sem.get(p) == sem]
        if not own:
            return None
        args: dict[str, Any] = {rng.choice(own): value}
        for p in required:
            if p in args:
                continue
            pool = [s.value for s in self.seeds.get(tool.param_sem.get(p, ""), ()) if s.value not in args.values()]
            if not pool:
                return None
            args[p] = rng.choice(sorted(pool, key=str))
        return args


def _with_trace(r: Round, trace: Trace) -> Round:
    return Round(r.seed, r.toolset, r.tools, trace, r.round, r.previous, r.rng, r.item)


def _prepend(writes: Iterable[tuple[ToolCall, Any]], trace: Trace) -> Trace:
    pairs = list(writes)
    if not pairs:
        return trace
    return Trace(seed=trace.seed, seed_type=trace.seed_type, toolset=trace.toolset,
                 calls=(*(c for c, _ in pairs), *trace.calls), observations=(*(o for _, o in pairs), *trace.observations))


@dataclass
class ActingDeriver:
    """Puts the actions a task's answer depends on in front of its query (see the module docstring)."""

    inner: Deriver
    actions: Mapping[str, str]
    state: str
    """The id of the starting state every item begins from."""
    reset: Callable[[], None]

    def derive(self, r: Round, trace: Trace) -> list[Task]:
        reads = without_actions(trace, r.tools)
        tasks = list(self.inner.derive(r, reads))
        if reads is trace:
            return [self._task(t, trace, ()) for t in tasks]
        out = []
        for task in tasks:
            writes, effect = self._effect(task, trace, r)
            if effect != "outputs":  # the answer stays, but the trajectory's outputs would not: not a task
                out.append(self._task(task, trace, writes if effect == "answer" else ()))
        self.reset()  # back to the state after the trace
        for c in trace.calls:
            r.toolset.call(c.tool, dict(c.arguments), call_id=c.id)
        return sorted(out, key=lambda t: not t.provenance.state_calls)  # stable: best first among each

    def _effect(self, task: Task, trace: Trace, r: Round) -> tuple[tuple[ToolCall, ...], str]:
        """The successful action calls before the task's evidence, and what they change: run the program behind
        the answer again from the starting state without them (each value fed on as the new outputs give it):
        ``answer`` when the evidence differs, ``outputs`` when only some output on the way does, else ``none``."""
        try:
            path = provenance_calls(task, trace)
            before = evidence_values(task, trace)
        except EvidenceError:
            return (), "none"
        order = [c.id for c in trace.calls]
        last = max((order.index(c.id) for c in path), default=-1)
        writes = tuple(c for c in trace.calls[:last] if _kind(r.tools, c.tool) == "A" and trace.observation(c.id).ok)
        if not writes:
            return (), "none"
        self.reset()
        on_path = {c.id for c in path}
        fresh: dict[str, Observation] = {}
        changed = False
        for c in trace.calls[: last + 1]:
            if _kind(r.tools, c.tool) == "A":
                continue
            args = dict(c.arguments)
            for key, ev in c.sources.items():  # a key names an argument or an item of one (values[2])
                source = fresh.get(ev.call_id)
                if source is None or not source.ok:
                    continue
                try:
                    set_source(args, key, resolve(source.output, ev.path))
                except PathError:
                    return writes, "answer"
            fresh[c.id] = obs = r.toolset.call(c.tool, args, call_id=c.id)
            stored = trace.observation(c.id)
            changed |= c.id in on_path and (obs.ok, canonical_json(obs.output)) != (stored.ok, canonical_json(stored.output))
        observations = tuple(fresh.get(c.id, o) for c, o in zip(trace.calls, trace.observations, strict=True))
        try:
            without = evidence_values(task, trace.model_copy(update={"observations": observations}))
        except EvidenceError:
            return writes, "answer"
        if canonical_json(without) != canonical_json(before):
            return writes, "answer"
        return writes, "outputs" if changed else "none"

    def _task(self, task: Task, trace: Trace, writes: Sequence[ToolCall]) -> Task:
        data = task.model_dump(exclude={"id"})
        data.update(trace_id=trace.id, state=self.state)
        if writes:
            requests = [request_of(self.actions.get(c.tool, ""), c.arguments) for c in writes]
            lead = " and ".join(q for q in requests if q)
            data["query"] = f"{lead[:1].upper()}{lead[1:]}. {task.query}"
            data["provenance"]["state_calls"] = [c.id for c in writes]
            data["template"] = f"act+{task.template}"
        return Task.model_validate(data)


def acting(explorer: Explorer, deriver: Deriver, packs: Iterable[Pack], seeds: Mapping[str, Sequence[Seed]]
           ) -> tuple[Explorer, Deriver]:
    """The run's explorer and deriver, wrapped when a pack has state (unchanged otherwise)."""
    stateful = [p for p in packs if isinstance(p, ImportedPack) and p.state is not None]
    if not stateful:
        return explorer, deriver
    actions = {name: phrase for p in stateful for name, phrase in p.actions.items()}
    state = content_hash(sorted(p.state.id for p in stateful if p.state is not None))
    by_sem: dict[str, list[Seed]] = {}
    for pool in seeds.values():
        for seed in pool:
            by_sem.setdefault(seed.sem, []).append(seed)
    resets = [p.state.reset for p in stateful if p.state is not None]

    def reset() -> None:
        for each in resets:
            each()

    for p in stateful:
        for seed in p.fill_values:
            by_sem.setdefault(seed.sem, []).append(seed)
    wrapped: Explorer = ActingExplorer(explorer, actions, by_sem) if actions else explorer
    return wrapped, ActingDeriver(deriver, actions, state, reset)
