"""The LLM deriver: a model writes a task from the evidence, with its answer and provenance.

The prompt holds the rules and output format (:data:`SYSTEM`), 3-5 exemplar questions from
the pool (:mod:`dive.derivation.exemplars`, chosen by the item's rng, preferring the
toolset's domains), the evidence (each successful call with its handle ``c1``, ``c2``, ...,
arguments and truncated output) and, from round 2, the previous round's question with the
instruction to make it harder and more specific.

The model must return one JSON object (bare, or in a single ```json fence)::

    {"query": "...",
     "answer": {"type": "number", "value": 3.5, "unit": "km", "digits": 1},
     "provenance": {"evidence": [{"call": "c2", "path": "$.area_km2"}], "op": "identity", "params": {}}}

It is parsed strictly: unknown keys, an unknown type or op, a handle not in the evidence, or
a path that is not a JSON path reject the output with the reason, recorded on the deriver's
:class:`~dive.records.LLMCall`; no placeholder task is ever made. A parsed task then faces
the same verifiers as a compositional one: grounding recomputes the answer from the trace.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from dive._hashing import json_problem
from dive.derivation.answers import spec_for
from dive.derivation.exemplars import pick_exemplars
from dive.errors import LLMError
from dive.llm.models import StageLLM
from dive.llm.types import Message
from dive.ops import OPS
from dive.prompting import evidence_lines
from dive.records import AnswerSpec, Evidence, Provenance, Seed, Task, Trace
from dive.stages import Round
from dive.tools.tool import Tool

__all__ = ["SYSTEM", "DerivationError", "LLMDeriver", "parse_task"]

SYSTEM = (
    "You write one question-answer task for training tool-using AI agents, from evidence: real tool calls "
    "and their outputs. Rules:\n"
    "- The question must be answerable ONLY by calling tools like the ones in the evidence, and its answer "
    "must follow strictly from the evidence: one exact value, not an opinion.\n"
    "- Do not state the answer, or any intermediate value the solver must look up, in the question. Describe "
    "intermediate entities by their relation (\"the currency of the country whose capital is ...\").\n"
    "- Name the starting entity concretely. Be specific and natural; ask for one thing.\n"
    "- Give the provenance: which call outputs (by handle, c1, c2, ...) and JSON paths hold the values, and "
    "the op that combines them into the answer.\n"
    f"- Ops: {', '.join(OPS)}. identity takes one value; difference and ratio take two (first minus/over "
    "second); argmax/argmin need params.labels (one label per value); argmax_where/argmin_where take n values, "
    "then their n keys, and params.labels (n) and params.over or params.under: the winner among those whose key "
    "is over (under) it; at_best gives its last value, a value "
    "derived from the winner among the others (params.by: argmax or argmin; params.at: the winner's index); "
    "count counts a list; set is the distinct items of one or more lists; count_of counts the values that equal "
    "params.value or are lists holding it; count_over counts the values greater than params.over.\n"
    "- JSON paths start at $: $.field, $.list[0].name, $.items[*].code (all items).\n"
    "Reply with ONE JSON object and nothing else:\n"
    '{"query": "...", "answer": {"type": "number|integer|string|date|boolean|list|set", "value": ..., '
    '"unit": "optional", "digits": optional decimal places for numbers}, '
    '"provenance": {"evidence": [{"call": "c1", "path": "$.field"}], "op": "identity", "params": {}}}'
)
"""The deriver's system prompt (a golden file snapshots it)."""

_TOP = {"query", "answer", "provenance"}
_ANSWER = {"type", "value", "unit", "digits", "aliases", "item_type"}
_PROVENANCE = {"evidence", "op", "params"}
_FENCE = re.compile(r"^```(?:json)?\s*\n(.*)\n```$", re.DOTALL)
_PATH = re.compile(r"^\$(\.[A-Za-z_][\w-]*|\[(\d+|\*)\])*$")


class DerivationError(ValueError):
    """A deriver output that cannot be a task; the message says why."""


def _object(text: str) -> dict[str, Any]:
    body = text.strip()
    fenced = _FENCE.match(body)
    if fenced:
        body = fenced.group(1).strip()
    try:
        value = json.loads(body, parse_constant=_no_constant)
    except json.JSONDecodeError as err:
        raise DerivationError(f"the output is not one JSON object ({err.msg} at position {err.pos})") from None
    except (ValueError, RecursionError) as err:  # NaN/Infinity, an integer over the digit limit, deep nesting
        raise DerivationError(f"the output is not usable JSON ({str(err)[:120]})") from None
    if not isinstance(value, dict):
        raise DerivationError(f"the output is JSON but not an object ({type(value).__name__})")
    problem = json_problem(value, "the output")  # model output is untrusted: no lone surrogates, no huge ints
    if problem:
        raise DerivationError(problem)
    return value


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _keys(obj: Any, allowed: set[str], required: set[str], where: str) -> dict[str, Any]:
    if not isinstance(obj, dict):
        raise DerivationError(f"{where} must be an object")
    unknown = sorted(set(obj) - allowed)
    if unknown:
        raise DerivationError(f"{where} has unknown keys {unknown}; allowed: {sorted(allowed)}")
    missing = sorted(required - set(obj))
    if missing:
        raise DerivationError(f"{where} is missing {missing}")
    return obj


def _spec(answer: dict[str, Any]) -> tuple[AnswerSpec, dict[str, Any]]:
    """The answer spec (format instructions from the type) and the op params it implies (rounding)."""
    kind, value, unit, digits = answer["type"], answer["value"], answer.get("unit"), answer.get("digits")
    if digits is not None and (isinstance(digits, bool) or not isinstance(digits, int) or not 0 <= digits <= 10):
        raise DerivationError(f"answer.digits must be a whole number from 0 to 10, got {digits!r}")
    if unit is not None and not isinstance(unit, str):
        raise DerivationError(f"answer.unit must be a string, got {unit!r}")
    params: dict[str, Any] = {}
    if kind in ("number", "integer", "date", "boolean", "string"):
        if kind == "number" and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        expected = {"number": float, "integer": int, "date": str, "boolean": bool, "string": str}[kind]
        if not isinstance(value, expected) or (kind == "integer" and isinstance(value, bool)):
            raise DerivationError(f"answer.value {value!r} is not a {kind}")
        try:
            spec, params = spec_for(value, unit=unit, digits=digits)
        except ValueError as exc:  # a value on a rounding boundary at the places asked for
            raise DerivationError(f"answer.value: {exc}") from None
        if spec.type != kind:
            raise DerivationError(f"answer.value {value!r} does not read as a {kind} (it reads as a {spec.type})")
    elif kind in ("list", "set"):
        if not isinstance(value, list) or not value:
            raise DerivationError(f"answer.value of a {kind} must be a non-empty JSON array")
        item_type = answer.get("item_type") or ("number" if all(isinstance(v, int | float) for v in value) else "string")
        if item_type not in ("number", "integer", "string", "date", "boolean"):
            raise DerivationError(f"answer.item_type {item_type!r} is not one of number, integer, string, date, boolean")
        how = "in order, one per line" if kind == "list" else "separated by semicolons, in any order"
        spec = AnswerSpec(type=kind, value=value, item_type=item_type, instructions=f"List the items {how}.")
    else:
        raise DerivationError(f"answer.type {kind!r} is not one of number, integer, string, date, boolean, list, set")
    aliases = answer.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise DerivationError("answer.aliases must be a list of strings")
    return spec.model_copy(update={"aliases": tuple(aliases)}) if aliases else spec, params


def parse_task(text: str, trace: Trace, handles: Mapping[str, str], *, round: int,
               previous: Task | None) -> Task:
    """The task in a deriver output, or :class:`DerivationError` naming what is wrong."""
    obj = _keys(_object(text), _TOP, _TOP, "the output")
    answer = _keys(obj["answer"], _ANSWER, {"type", "value"}, "answer")
    prov = _keys(obj["provenance"], _PROVENANCE, {"evidence", "op"}, "provenance")
    query = obj["query"]
    if not isinstance(query, str) or len(query.strip()) < 15:
        raise DerivationError("query must be a question of at least 15 characters")
    if not isinstance(prov["op"], str) or prov["op"] not in OPS:
        raise DerivationError(f"provenance.op {prov['op']!r} is not one of {', '.join(OPS)}")
    items = prov["evidence"]
    if not isinstance(items, list) or not items:
        raise DerivationError("provenance.evidence must be a non-empty list of {call, path}")
    evidence = []
    for item in items:
        item = _keys(item, {"call", "path"}, {"call", "path"}, "each evidence item")
        if not isinstance(item["call"], str) or item["call"] not in handles:
            raise DerivationError(f"evidence call {item['call']!r} is not in the evidence ({', '.join(handles)})")
        if not isinstance(item["path"], str) or not _PATH.match(item["path"]):
            raise DerivationError(f"evidence path {item['path']!r} is not a JSON path like $.field or $.list[0].name")
        evidence.append(Evidence(call_id=handles[item["call"]], path=item["path"]))
    spec, implied = _spec(answer)
    params = prov.get("params") or {}
    if not isinstance(params, dict):
        raise DerivationError("provenance.params must be an object")
    params = {**implied, **params}
    text_query = query.strip()
    if spec.instructions and spec.instructions.lower() not in text_query.lower():
        text_query = f"{text_query} {spec.instructions}"
    try:
        return Task(trace_id=trace.id, query=text_query, answer=spec,
                    provenance=Provenance(evidence=tuple(evidence), op=prov["op"], params=params),
                    toolset=trace.toolset, round=round, parent_task_id=previous.id if previous else None,
                    template="llm")
    except ValidationError as err:
        raise DerivationError(f"not a valid task: {err.errors(include_url=False)[0]['msg']}") from None


class LLMDeriver:
    """Task derivation by a model (the paper's deriver)."""

    def __init__(self, llm: StageLLM, *, exemplars: int = 4, output_chars: int = 1200) -> None:
        self.llm = llm
        self.exemplars = exemplars
        self.output_chars = output_chars

    def prompt(self, trace: Trace, tools: Mapping[str, Tool], seed: Seed, round: int, previous: Task | None,
               rng: random.Random) -> tuple[list[Message], dict[str, str]]:
        """The messages, and the handle -> call id map of the evidence shown."""
        handles = {f"c{i}": call.id for i, (call, obs) in enumerate(zip(trace.calls, trace.observations, strict=True),
                                                                   start=1) if obs.ok}
        lines = evidence_lines(trace, self.output_chars, ok_only=True)
        domains = sorted({t.domain for t in tools.values()})
        shown = []
        if self.exemplars:
            shown = pick_exemplars(rng, self.exemplars, domains=domains)
        parts = []
        if shown:
            parts.append("Examples of good questions (style only; yours must come from the evidence):\n"
                         + "\n".join(f"- {e.query}" for e in shown))
        label = f" ({seed.label})" if seed.label and seed.label != seed.value else ""
        parts.append(f"Seed: {json.dumps(seed.value, ensure_ascii=False)}{label}, a {seed.sem}")
        parts.append("Evidence:\n" + "\n".join(lines))
        if previous is not None:
            parts.append(f"Previous question: {previous.query!r}\nWrite a HARDER, more specific question that builds "
                         "on it: use more of the evidence, especially the newer calls, and more steps.")
        parts.append("Reply with the JSON object only.")
        return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": "\n\n".join(parts)}], handles

    def derive(self, r: Round, trace: Trace) -> list[Task]:
        """At most one candidate: the model's task, or none (the reason is on the LLMCall)."""
        round, previous = r.round, r.previous
        messages, handles = self.prompt(trace, r.tools, r.seed, round, previous, r.rng)
        if not handles:
            return []
        try:
            completion, draft = self.llm.complete(messages, round=round)
        except LLMError:
            return []
        try:
            return [parse_task(completion.content or "", trace, handles, round=round, previous=previous)]
        except DerivationError as err:
            self.llm.ledger.reject(draft, f"unusable task: {err}")
            return []
