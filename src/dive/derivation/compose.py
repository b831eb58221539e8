"""The compositional deriver: tasks whose answers the trace entails, phrased from metadata.

Every candidate is built from concrete evidence (call ids and JSON paths in the trace) and
one op of :mod:`dive.ops`; its answer is that op applied to the evidence, so
the grounding check recomputes it exactly. The structures:

- ``lookup``: one field of one call whose arguments are constants (the seed or literals);
- ``multi_hop``: one field of a call fed by earlier calls; every intermediate value is
  described by its relation, never named (:class:`~dive.derivation.phrasing.Phraser`);
- ``comparison``: argmax / argmin / compare over the same field of the same tool run on
  several entities (a fan-out);
- ``arithmetic``: difference, ratio, sum or mean over such a field, rounded;
- ``aggregation``: a processing tool's output whose inputs came from several calls (fan-in);
- ``conversion``: the output of a conversion tool fed by an earlier value;
- ``count``: the number of items in a complete (not truncated) list output;
- ``set``: every item of a short complete list.

Candidates come back best first: richer structure, more calls on the provenance path, and
evidence from the current round rank higher; from round 2, candidates at least as rich as
the previous round's task come first. Every choice uses the ``rng`` the caller passes.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import JsonValue

from dive.derivation.answers import digits_for, spec_for
from dive.derivation.phrasing import SEM_NOUNS, PhraseError, Phraser, argument_sources, field_phrase, humanize
from dive.facts import output_units
from dive.mentions import answer_in_query
from dive.ops import CHOICE_OPS, OpError, apply_op
from dive.provenance import provenance_calls
from dive.records import AnswerSpec, Evidence, Provenance, Task, ToolCall, Trace
from dive.stages import Round
from dive.tools.semtypes import describe
from dive.tools.tool import Tool

__all__ = ["Compose"]

_TEMPLATE_WEIGHT = {
    "lookup": 1.0, "count": 2.0, "set": 2.0, "conversion": 2.5, "multi_hop": 3.0, "comparison": 3.0,
    "arithmetic": 3.0, "aggregation": 3.5,
}
_MAX_STRING = 60
_MAX_SET = 8


@dataclass(frozen=True)
class _Candidate:
    query: str
    answer: AnswerSpec
    provenance: Provenance
    template: str


def _scalar_leaves(value: Any, path: str = "$", depth: int = 0) -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict) and depth < 3:
        for key, item in value.items():
            if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
                yield from _scalar_leaves(item, f"{path}.{key}", depth + 1)
    elif isinstance(value, list):
        if len(value) == 1 and depth < 3:
            yield from _scalar_leaves(value[0], f"{path}[0]", depth + 1)
    elif value is not None and value != "":
        yield path, value


def _unit(tool: Tool, path: str) -> str | None:
    for pattern, unit in output_units(tool).items():
        if re.fullmatch(re.escape(pattern).replace(r"\[\*\]", r"\[\d+\]"), path):
            return unit
    return None


def _limit(call: ToolCall, tool: Tool) -> int | None:
    for name in ("limit", "max_results", "n"):
        value = call.arguments.get(name)
        if isinstance(value, int):
            return value
        default = tool.parameters.get("properties", {}).get(name, {}).get("default")
        if isinstance(default, int):
            return default
    return None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _key(path: str) -> str:
    return re.findall(r"[A-Za-z_][A-Za-z0-9_]*", path)[-1]


class Compose:
    """The default offline deriver (see the module docstring for its task structures)."""

    name = "compose"

    def __init__(self, max_query_chars: int = 450, mentions: Mapping[str, str] | None = None) -> None:
        self.max_query_chars = max_query_chars
        self.mentions = dict(mentions) if mentions is not None else SEM_NOUNS
        """How entity values are mentioned, by semantic type (the packs' SemTypes over :data:`SEM_NOUNS`)."""

    def derive(self, r: Round, trace: Trace) -> list[Task]:
        tools, round, previous, rng = r.tools, r.round, r.previous, r.rng
        phraser = Phraser(trace, tools, trace.toolset, mentions=self.mentions)
        ok = [c for c in trace.calls if trace.observation(c.id).ok and c.tool in tools]
        before = len(provenance_calls(previous.model_copy(update={"trace_id": trace.id}), trace)) if previous else None
        scored: list[tuple[float, _Candidate]] = []
        generators = (self._lookups, self._fan_outs, self._lists)
        for generate in generators:
            for cand in generate(ok, trace, tools, phraser, rng):
                scored.append((self._score(cand, trace, round, before, rng), cand))
        scored = [(score, cand) for score, cand in scored if len(cand.query) <= self.max_query_chars]
        scored.sort(key=lambda pair: -pair[0])
        out = []
        parent = previous.id if previous else None
        for _, cand in scored:
            if answer_in_query_text(cand):
                continue  # the leakage check would reject it; a better candidate may follow
            out.append(Task(trace_id=trace.id, query=cand.query, answer=cand.answer, provenance=cand.provenance,
                            toolset=trace.toolset, round=round, parent_task_id=parent, template=cand.template))
        return out

    @staticmethod
    def _score(cand: _Candidate, trace: Trace, round: int, before: int | None, rng: random.Random) -> float:
        """Richer first; ``before`` is the previous round's provenance-path length (None in round 1)."""
        probe = Task(trace_id=trace.id, query=cand.query, answer=cand.answer, provenance=cand.provenance,
                     toolset=trace.toolset)
        path = provenance_calls(probe, trace)
        score = _TEMPLATE_WEIGHT[cand.template] + len(path)
        evidence = {e.call_id for e in cand.provenance.evidence}
        if any(c.round == round for c in path if c.id in evidence):
            score += 2.0
        if before is not None:
            score += 3.0 if len(path) > before else -4.0 if len(path) < before else 0.0
        score -= max(0, len(cand.query) - 220) / 60
        return score + rng.random() * 1.5

    # -- one field of one call ---------------------------------------------------------

    def _lookups(self, calls: Sequence[ToolCall], trace: Trace, tools: Mapping[str, Tool], phraser: Phraser,
                 rng: random.Random) -> Iterator[_Candidate]:
        for call in calls:
            tool = tools[call.tool]
            obs = trace.observation(call.id)
            args = [v for v in call.arguments.values()]
            fields = [(p, v) for p, v in _scalar_leaves(obs.output)
                      if not (isinstance(v, str) and (len(v) > _MAX_STRING or "\n" in v))
                      and not any(_same(v, a) for a in args)]
            if not fields:
                continue
            rng.shuffle(fields)
            for path, value in fields[:2]:
                try:
                    yield self._lookup(call, tool, path, value, trace, tools, phraser, rng)
                except (PhraseError, ValueError, OpError):
                    continue

    def _lookup(self, call: ToolCall, tool: Tool, path: str, value: Any, trace: Trace, tools: Mapping[str, Tool],
                phraser: Phraser, rng: random.Random) -> _Candidate:
        unit = _unit(tool, path)
        sem = next((s for p, s in tool.output_sem.items() if p == path), None)
        evidence = (Evidence(call_id=call.id, path=path),)
        spec, params = _answer("identity", [value], {}, sem=sem, unit=unit)
        subject = phraser.subject(call)
        field = field_phrase(path)
        sources = argument_sources(call, trace, tools)
        fed = sum(1 for s in sources if s.parent)
        forms: tuple[str, ...]
        if tool.kind == "P":
            template = "aggregation" if fed >= 2 else "conversion" if fed and _is_conversion(tool) else (
                "multi_hop" if fed else "lookup")
            forms = (f"Using `{tool.name}` with {subject}, what is the {field}?",
                     f"What {field} does `{tool.name}` give for {subject}?",
                     f"Run `{tool.name}` on {subject}. What is the resulting {field}?")
        else:
            template = "multi_hop" if fed else "lookup"
            if phraser.needs_tool_name(call, _key(path)):
                forms = (f"According to `{tool.name}`, what is the {field} of {subject}?",
                         f"Using `{tool.name}`, find the {field} of {subject}.")
            elif phraser.is_entity(call) and not call.parents:
                forms = (f"What is the {field} of {subject}?", f"Find the {field} of {subject}.",
                         f"Look up {subject}: what is its {field}?")
            elif phraser.is_entity(call):
                forms = (f"What is the {field} of {subject}?", f"Find the {field} of {subject}.")
            else:
                forms = (f"What is the {field} for {subject}?", f"Find the {field} for {subject}.")
        query = _with_instructions(rng.choice(forms), spec)
        return _Candidate(query, spec, Provenance(evidence=evidence, op="identity", params=params), template)

    # -- one field across a fan-out ----------------------------------------------------

    def _fan_outs(self, calls: Sequence[ToolCall], trace: Trace, tools: Mapping[str, Tool], phraser: Phraser,
                  rng: random.Random) -> Iterator[_Candidate]:
        by_tool: dict[str, list[ToolCall]] = {}
        for call in calls:
            by_tool.setdefault(call.tool, []).append(call)
        for _tool, group in sorted(by_tool.items()):
            if len(group) < 2:
                continue
            anchor = _anchor(group)
            if anchor is None:
                continue
            group = group[:4]
            outputs = [trace.observation(c.id).output for c in group]
            common = [p for p, v in _scalar_leaves(outputs[0]) if _is_number(v) and "[" not in p
                      and all(_is_number(_get(o, p)) for o in outputs[1:])]
            rng.shuffle(common)
            for path in common[:2]:
                try:
                    yield from self._fan_out_tasks(group, anchor, path, trace, tools, phraser, rng)
                except (PhraseError, ValueError, OpError):
                    continue

    def _fan_out_tasks(self, group: list[ToolCall], anchor: str, path: str, trace: Trace,
                       tools: Mapping[str, Tool], phraser: Phraser, rng: random.Random) -> Iterator[_Candidate]:
        tool = tools[group[0].tool]
        values = [_get(trace.observation(c.id).output, path) for c in group]
        labels = [c.arguments[anchor] for c in group]
        if len({repr(v) for v in labels}) != len(labels) or not all(isinstance(v, str) for v in labels):
            return
        for c in group:
            src = next(s for s in argument_sources(c, trace, tools) if s.param == anchor)
            if src.parent is not None and not phraser.is_entity(phraser.call(src.parent)):
                return  # an option described through a multi-argument call reads ambiguously
        options = [self._option(c, anchor, trace, tools, phraser) for c in group]
        rest = self._rest(group[0], anchor, trace, tools, phraser)
        field = field_phrase(path, _unit(tool, path))
        how = f" according to `{tool.name}`" if phraser.needs_tool_name(group[0], _key(path)) or tool.kind == "P" else ""
        listed = _join(options)
        evidence = tuple(Evidence(call_id=c.id, path=path) for c in group)
        name = _answer_form(tool, anchor)
        if len({round(float(v), 9) for v in values}) == len(values):
            op = rng.choice(("argmax", "argmin"))
            word = "highest" if op == "argmax" else "lowest"
            if len(group) == 2:
                op, word = ("compare", "higher") if op == "argmax" else ("argmin", "lower")
            params: dict[str, JsonValue] = {"labels": labels}
            spec = AnswerSpec(type="string", value=_label_text(apply_op(op, values, params)),
                              instructions=f"Answer with its {name}, as the tool writes it.")
            query = f"Of {listed}{rest}, which has the {word} {field}{how}? {spec.instructions}"
            yield _Candidate(query, spec, Provenance(evidence=evidence, op=op, params=params), "comparison")
        if len(group) == 2:
            op = rng.choice(("difference", "ratio", "sum"))
            spec, params = _answer(op, values, {}, unit=None if op == "ratio" else _unit(tool, path))
            a, b = options
            text = {"difference": f"What is the {field} of {a} minus that of {b}{rest}{how}?",
                    "ratio": f"What is the ratio of the {field} of {a} to that of {b}{rest}{how}?",
                    "sum": f"What is the sum of the {field} of {a} and that of {b}{rest}{how}?"}[op]
        else:
            op = rng.choice(("sum", "mean"))
            spec, params = _answer(op, values, {}, unit=_unit(tool, path))
            word = "total" if op == "sum" else "average"
            text = f"What is the {word} {field} of {listed}{rest}{how}?"
        yield _Candidate(_with_instructions(text, spec), spec, Provenance(evidence=evidence, op=op, params=params),
                         "arithmetic")

    @staticmethod
    def _option(call: ToolCall, anchor: str, trace: Trace, tools: Mapping[str, Tool], phraser: Phraser) -> str:
        src = next(s for s in argument_sources(call, trace, tools) if s.param == anchor)
        tool = tools[call.tool]
        return phraser.argument(tool, anchor, [src], 0, bare=True)

    @staticmethod
    def _rest(call: ToolCall, anchor: str, trace: Trace, tools: Mapping[str, Tool], phraser: Phraser) -> str:
        tool = tools[call.tool]
        others = [s for s in argument_sources(call, trace, tools) if s.param != anchor]
        props = tool.parameters.get("properties", {})
        shown = [s for s in others if s.parent or s.value != props.get(s.param, {}).get("default")]
        if not shown:
            return ""
        return " (each with " + ", ".join(phraser.argument(tool, s.param, [s], 0, bare=False) for s in shown) + ")"

    # -- lists: count and set --------------------------------------------------------

    def _lists(self, calls: Sequence[ToolCall], trace: Trace, tools: Mapping[str, Tool], phraser: Phraser,
               rng: random.Random) -> Iterator[_Candidate]:
        for call in calls:
            tool = tools[call.tool]
            output = trace.observation(call.id).output
            if not isinstance(output, dict):
                continue
            limit = _limit(call, tool)
            for key, items in output.items():
                if not isinstance(items, list) or not items or (limit is not None and len(items) >= limit):
                    continue
                if any(k in output for k in ("truncated", "total", "total_matches")) and \
                        output.get("total", output.get("total_matches", len(items))) != len(items):
                    continue
                if output.get("truncated") is True:
                    continue
                try:
                    yield from self._list_tasks(call, tool, key, items, trace, tools, phraser, rng)
                except (PhraseError, ValueError, OpError):
                    continue

    def _list_tasks(self, call: ToolCall, tool: Tool, key: str, items: list[Any], trace: Trace,
                    tools: Mapping[str, Tool], phraser: Phraser, rng: random.Random) -> Iterator[_Candidate]:
        subject = phraser.subject(call)
        how = f" according to `{tool.name}`" if phraser.needs_tool_name(call, key) else ""
        things = humanize(key)
        if len(items) >= 2:
            spec = AnswerSpec(type="integer", value=len(items), instructions="Answer with a whole number.")
            query = f"How many {things} are listed for {subject}{how}? {spec.instructions}"
            yield _Candidate(query, spec, Provenance(evidence=(Evidence(call_id=call.id, path=f"$.{key}"),),
                                                     op="count"), "count")
        item_path, values = f"$.{key}[*]", items
        if items and isinstance(items[0], dict):
            sem_fields = [p.rsplit(".", 1)[-1] for p in tool.output_sem if p.startswith(f"$.{key}[*].")]
            if not sem_fields:
                return
            sub = rng.choice(sem_fields)
            item_path, values = f"$.{key}[*].{sub}", [i.get(sub) if isinstance(i, dict) else None for i in items]
            things = f"{humanize(sub)} of the {humanize(key)}"
        if not (2 <= len(values) <= _MAX_SET) or not all(isinstance(v, str) and 0 < len(v) <= 40 for v in values):
            return
        if len(set(values)) != len(values):
            return
        spec = AnswerSpec(type="set", value=sorted(values), item_type="string",
                          instructions="List all of them, separated by commas, in any order.")
        query = f"List every {things} for {subject}{how}. {spec.instructions}"
        yield _Candidate(query, spec, Provenance(evidence=(Evidence(call_id=call.id, path=item_path),), op="set"),
                         "set")


def answer_in_query_text(cand: _Candidate) -> bool:
    """Whether the candidate's query states its own answer (choice ops name their options on purpose)."""
    if cand.provenance.op in CHOICE_OPS:
        return False
    probe = Task(trace_id="", query=cand.query, answer=cand.answer, provenance=cand.provenance, toolset=())
    return bool(answer_in_query(probe))


def _answer_form(tool: Tool, param: str) -> str:
    """How a choice answer is written: the option's semantic type (``ISO 3166-1 alpha-2 country code``)."""
    sem = tool.param_sem.get(param)
    if sem:
        try:
            return describe(sem)
        except KeyError:
            pass
    return humanize(param)


def _is_conversion(tool: Tool) -> bool:
    return tool.name.startswith("convert") or "_to_" in tool.name


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if _is_number(a) and _is_number(b):
        return a == b
    return isinstance(a, str) and isinstance(b, str) and a.strip().lower() == b.strip().lower()


def _get(output: Any, path: str) -> Any:
    node = output
    for key in path[2:].split("."):
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def _anchor(group: Sequence[ToolCall]) -> str | None:
    """The one argument that differs across the calls of a fan-out (None when not exactly one)."""
    keys = set(group[0].arguments)
    if any(set(c.arguments) != keys for c in group):
        return None
    varying = [k for k in sorted(keys) if len({repr(c.arguments[k]) for c in group}) > 1]
    return varying[0] if len(varying) == 1 else None


def _join(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _label_text(value: JsonValue) -> str:
    return value if isinstance(value, str) else str(value)


def _answer(op: str, values: list[JsonValue], params: dict[str, JsonValue], *, sem: str | None = None,
            unit: str | None = None) -> tuple[AnswerSpec, dict[str, JsonValue]]:
    raw = apply_op(op, values, params)
    if isinstance(raw, float):
        digits = digits_for(raw)
        params = {**params, "digits": digits}
        return spec_for(apply_op(op, values, params), sem=sem, unit=unit, digits=digits)[0], params
    return spec_for(raw, sem=sem, unit=unit)[0], params


def _with_instructions(text: str, spec: AnswerSpec) -> str:
    return f"{text} {spec.instructions}".strip()
