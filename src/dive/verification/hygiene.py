"""Checks that a task is worth asking, beyond being answerable.

- **query_hygiene**: the query reads like a person's request: no backticks, no snake_case
  identifiers, no ``param = value``, no tool name from the toolset, no "as the tool gives it".
- **empty_hop**: no call behind the answer is fed a value that its source call was given as
  an argument (a "hop" that hands back its own input adds no step).
- **trivial**: the answer is not an echo of an argument of the call it comes from, and an
  arithmetic op (difference, ratio) does not combine equal operands (0, 1).
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from dive._hashing import canonical_json
from dive.answers import check
from dive.chains import ancestry, kind_of, sole_types, typed_values
from dive.jsonpath import PathError, resolve
from dive.lexicon import Lexicon
from dive.records import Task, ToolCall, Trace, Verdict
from dive.values import render_value
from dive.verification.provenance import EvidenceError, evidence_values, provenance_calls
from dive.verification.verifier import VerifyContext, accept, reject

__all__ = ["EmptyHop", "QueryHygiene", "Trivial", "hygiene_problem"]

_NUCLEOTIDES = re.compile(r"[ACGTU]+")


def _loose(text: str) -> str:
    """A text as an echo is compared: without spaces, dashes, dots and brackets, in upper case, and a nucleotide
    sequence's U as T. "+371 21 234 567" in E.164 form (+37121234567) and a coding strand transcribed (T for U) are
    the question's own input (two readers each, round AQ)."""
    loose = re.sub(r"[\s\-.()]", "", text).upper()
    return loose.replace("U", "T") if _NUCLEOTIDES.fullmatch(loose) else loose

_SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
_PHRASES = ("as the tool gives it", "the tool", "according to `", "resulting ")


def hygiene_problem(query: str, tool_names: set[str]) -> str | None:
    """Why ``query`` does not read like a person's request, or None."""
    if "`" in query:
        return "the query contains a backtick"
    if " = " in query:
        return "the query writes 'name = value'"
    m = _SNAKE.search(query)
    if m:
        return f"the query contains the identifier {m.group(0)!r}"
    low = query.lower()
    for phrase in _PHRASES:
        if phrase in low:
            return f"the query says {phrase.strip()!r}"
    for name in tool_names:
        if len(name) > 3 and name in query and re.search(rf"\b{re.escape(name)}\b", query):  # substring first: no compile
            return f"the query names the tool {name!r}"
    return None


class QueryHygiene:
    """The query names no tool, parameter or field, and writes no ``x = y``."""

    name: ClassVar[str] = "query_hygiene"

    def verify(self, task: Task, trace: Trace, ctx: VerifyContext) -> Verdict:
        problem = hygiene_problem(task.query, set(task.toolset))
        return reject(task, self.name, problem) if problem else accept(task, self.name)


class EmptyHop:
    """Every call behind the answer adds a step: none is fed a value its source was itself given, and, with a lexicon,
    none adds nothing, giving on (as the answer, or to the calls after it) only what an earlier call behind it about
    the same kind of thing already gave (warfarin's molecular weight from its record by InChIKey, when the lookup by
    name that found the InChIKey gave it: a gold trajectory with such a call teaches wasted calls), or a value of a type
    an earlier call behind it lists exactly one of (Nigeria's one time zone is its capital's; where the city's record
    names another, the two disagree). The time zone of the capital of Australia is the city's own, one of the 12 the
    country's profile lists: a country is not a city."""

    name: ClassVar[str] = "empty_hop"

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon

    @classmethod
    def from_config(cls, build: Any) -> EmptyHop:
        """The check of a run: with the run's lexicon (the kinds of things the tools are about)."""
        return cls(getattr(build, "lexicon", None))

    def verify(self, task: Task, trace: Trace, ctx: VerifyContext) -> Verdict:
        try:
            calls = provenance_calls(task, trace)
        except EvidenceError as exc:
            return reject(task, self.name, str(exc))
        by_id = {c.id: c for c in trace.calls}
        for call in calls:
            for param, ev in call.sources.items():
                source = by_id.get(ev.call_id)
                if source is None:
                    continue
                try:
                    value = resolve(trace.observation(source.id).output, ev.path)
                except PathError:
                    continue
                if canonical_json(value) in {canonical_json(v) for v in source.arguments.values()}:
                    return reject(task, self.name, f"{call.tool}'s {param} is {source.tool}'s own input "
                                  f"{value!r}: an empty hop", call=call.id)
        earlier = _adds_nothing(task, trace, calls, ctx, self.lexicon) if self.lexicon is not None else None
        if earlier is not None:
            return reject(task, self.name, earlier, call=task.provenance.evidence[0].call_id)
        return accept(task, self.name)


def _adds_nothing(task: Task, trace: Trace, calls: list[ToolCall], ctx: VerifyContext, lexicon: Lexicon
                  ) -> str | None:
    """Why a call behind the answer adds nothing, else None: everything it gives on (the answer read off it, or the
    values it feeds the calls after it) an earlier call behind it, about the same kind of thing (the lexicon's noun
    for the types of their subjects: a compound by name and by InChIKey, :func:`dive.chains.kind_of`), already gave,
    as a field of the same semantic type with the same value (:func:`dive.chains.typed_values`). None without a
    toolset that knows the tools' output types."""
    toolset = ctx.toolset
    if toolset is None or len(calls) < 2:
        return None
    tools = {t.name: t for t in toolset.list_tools()}
    by_id = {c.id: c for c in calls if c.tool in tools}
    given: dict[str, set[tuple[str, str]]] = {c: set() for c in by_id}
    """Per call, the (semantic type, value key) pairs it gives on."""
    prov = task.provenance
    fed = [(ev.call_id, ev.path) for c in calls for ev in c.sources.values() if ev.call_id in by_id]
    if prov.op == "identity" and len(prov.evidence) == 1 and prov.evidence[0].call_id in by_id:
        fed.append((prov.evidence[0].call_id, prov.evidence[0].path))
    for call_id, path in fed:
        typed = typed_values(tools[by_id[call_id].tool], trace.observation(call_id).output, [path])
        if not typed:
            given.pop(call_id, None)  # a value of no known type: nothing to compare it with
        elif call_id in given:
            given[call_id] |= typed
    for call in by_id.values():
        kind = kind_of(tools[call.tool], lexicon)
        gives = given.get(call.id)
        if not kind or not gives:
            continue
        before = [by_id[c] for c in ancestry(call.id, lambda c: (p for p in by_id[c].parents if p in by_id))
                  if c != call.id]
        earlier = [c for c in before if kind_of(tools[c.tool], lexicon) == kind]
        had = {c.id: typed_values(tools[c.tool], trace.observation(c.id).output) for c in earlier}
        what = "the answer" if call.id == prov.evidence[0].call_id else "what it gives on"
        if gives <= set().union(*had.values()):
            source = next(c for c in earlier if had[c.id] & gives)
            return (f"{call.tool} adds nothing: {what} is {source.tool}'s own output already (the same "
                    f"{', '.join(sorted(sem for sem, _ in gives))})")
        sems = {sem for sem, _ in gives}
        for c in before:  # a list with one item says it of everything in the thing: the time zone of the capital of
            # Nigeria is Nigeria's only one (both readers, round CB), unlike the capital of Australia's; and where
            # the city's gazetteer names another (Hanoi's Asia/Bangkok, Vietnam's Asia/Ho_Chi_Minh: both readers,
            # round CC), the two calls disagree
            if sems <= sole_types(tools[c.tool], trace.observation(c.id).output):
                return (f"{call.tool} adds nothing: {what} is the one {', '.join(sorted(sems))} {c.tool} lists "
                        "already")
    return None


class Trivial:
    """The answer is neither an echo of an input nor an op over equal operands."""

    name: ClassVar[str] = "trivial"

    def verify(self, task: Task, trace: Trace, ctx: VerifyContext) -> Verdict:
        prov = task.provenance
        try:
            values = evidence_values(task, trace)
        except EvidenceError as exc:
            return reject(task, self.name, str(exc))
        if prov.op in ("difference", "ratio") and len(values) == 2 and canonical_json(values[0]) == canonical_json(values[1]):
            return reject(task, self.name, f"{prov.op} of equal operands {values[0]!r}")
        if prov.op == "identity" and len(prov.evidence) == 1:
            call = next((c for c in trace.calls if c.id == prov.evidence[0].call_id), None)
            if call is not None and canonical_json(values[0]) in {canonical_json(v) for v in call.arguments.values()}:
                return reject(task, self.name, f"the answer {values[0]!r} is an argument of the call it comes from")
            if call is not None and isinstance(values[0], str) and _loose(values[0]) in {
                    _loose(v) for v in call.arguments.values() if isinstance(v, str)}:
                return reject(task, self.name, f"the answer {values[0]!r} is an argument of the call it comes from, "
                                               "written another way")
            digits, answer = prov.params.get("digits"), values[0]
            if call is not None and isinstance(digits, int) and isinstance(answer, int | float):
                same = [v for v in call.arguments.values()
                        if isinstance(v, int | float) and not isinstance(v, bool) and round(v, digits) == round(answer, digits)]
                if same:  # moving 100 km east keeps the latitude at 2 decimals: the answer is the start's
                    return reject(task, self.name, f"the answer {values[0]!r}, rounded to {digits} decimals, is the "
                                                   f"argument {same[0]!r} of the call it comes from")
            if call is not None and task.answer.type in ("number", "integer"):
                passing = [v for v in call.arguments.values() if isinstance(v, int | float) and not isinstance(v, bool)
                           and check(task.answer, render_value(v)).correct]
                if passing:  # a reviewer found the start's latitude 48.26 accepted for 48.25: copying it scores
                    return reject(task, self.name, f"the argument {passing[0]!r} of the call the answer comes from "
                                                   f"passes as the answer {values[0]!r}")
        return accept(task, self.name)
