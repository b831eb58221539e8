"""Reading a task's provenance against its trace: evidence values and the calls behind them."""

from __future__ import annotations

import re

from pydantic import JsonValue

from dive._hashing import canonical_json, content_hash
from dive.jsonpath import PathError, expand, resolve
from dive.records import Task, ToolCall, Trace

__all__ = ["PASSING", "EvidenceError", "evidence_values", "provenance_calls", "question_key", "question_kind",
           "resolve_evidence_path", "solution_calls", "with_question"]


class EvidenceError(LookupError):
    """An evidence item cannot be read: its call is absent or failed, or its path does not resolve."""


def resolve_evidence_path(output: JsonValue, path: str) -> JsonValue:
    """The value at ``path`` in ``output``; a path with ``[*]`` gives the list of its matches."""
    if "[*]" in path:
        return [item for _, item in expand(output, path)]
    return resolve(output, path)


def evidence_values(task: Task, trace: Trace) -> list[JsonValue]:
    """One value per evidence item of ``task``, in order (EvidenceError naming the bad item)."""
    calls = {c.id: c for c in trace.calls}
    values = []
    for i, item in enumerate(task.provenance.evidence):
        where = f"evidence {i} ({item.call_id} {item.path})"
        if item.call_id not in calls:
            raise EvidenceError(f"{where}: no call {item.call_id!r} in trace {trace.id}")
        obs = trace.observation(item.call_id)
        if not obs.ok:
            raise EvidenceError(f"{where}: the call failed: {obs.error}")
        try:
            values.append(resolve_evidence_path(obs.output, item.path))
        except PathError as err:
            raise EvidenceError(f"{where}: {err}") from None
    return values


def provenance_calls(task: Task, trace: Trace) -> list[ToolCall]:
    """The evidence calls and all their ancestors (through ``parents``), in trace order.

    Raises EvidenceError when an evidence call or an ancestor is not in the trace.
    """
    calls = {c.id: c for c in trace.calls}
    needed: set[str] = set()
    stack = [item.call_id for item in task.provenance.evidence]
    while stack:
        call_id = stack.pop()
        if call_id in needed:
            continue
        if call_id not in calls:
            raise EvidenceError(f"no call {call_id!r} in trace {trace.id}")
        needed.add(call_id)
        stack.extend(calls[call_id].parents)
    return [c for c in trace.calls if c.id in needed]


def solution_calls(task: Task, trace: Trace) -> list[ToolCall]:
    """The calls a solution makes, in trace order: the provenance calls and the action calls the answer
    depends on (``provenance.state_calls``). EvidenceError when one is not in the trace."""
    path = {c.id for c in provenance_calls(task, trace)}
    known = {c.id for c in trace.calls}
    missing = [c for c in task.provenance.state_calls if c not in known]
    if missing:
        raise EvidenceError(f"no action call {missing[0]!r} in trace {trace.id}")
    wanted = path | set(task.provenance.state_calls)
    return [c for c in trace.calls if c.id in wanted]


def question_key(task: Task, trace: Trace) -> str:
    """The content hash of the question ``task`` asks, however it is worded and whichever calls find its answer: the
    values it states (the arguments of the calls behind the answer that no earlier call gave, in any order), its
    answer, and, for any answer but a number with decimals, where the answer is read (the last key of each evidence
    path): the molecular weight of ascorbic acid from its CAS record or from its formula is one question; the
    largest by area and the largest by population among the neighbours of Norway, both Russia, are two. "" when
    its evidence is not in the trace (grounding rejects it)."""
    try:
        calls = solution_calls(task, trace)
    except EvidenceError:
        return ""
    stated = sorted({canonical_json(v) for c in calls for p, v in c.arguments.items()
                     if v is not None and not _fed(p, c)})
    answer = task.answer
    decimals = answer.type == "number" and isinstance(answer.value, float) and not answer.value.is_integer()
    read = [] if decimals else sorted({_field(e.path) for e in task.provenance.evidence})
    return content_hash([stated, answer.type, answer.value, answer.unit, read])


def _fed(param: str, call: ToolCall) -> bool:
    """Whether an earlier call gave ``param`` of ``call``, whole or item by item (``values[0]``, ``values[1]``)."""
    return param in call.sources or any(k.startswith(param + "[") for k in call.sources)


def _field(path: str) -> str:
    """The last key of a JSON path, without list indexes (``$.neighbors[2].name`` -> ``name``)."""
    return _INDEX.sub("", path).rsplit(".", 1)[-1]


_INDEX = re.compile(r"\[\d+\]|\[\*\]")


_DAYS = frozenset({"date", "datetime"})
"""Parameters whose found value makes a question a kind of its own (the sunset on Yom Kippur is not the sunset on
any day)."""

PASSING = frozenset({"convert_units", "round_number"})
"""Tools that say a value again, in another unit or to fewer digits: a question read off one of them is of the kind
of the value it was fed (:func:`question_kind`)."""


def with_question(task: Task, trace: Trace) -> Task:
    """``task`` with its provenance's ``question``, ``kind``, ``calls`` and ``tools`` set (:func:`question_key`,
    :func:`question_kind`, :func:`provenance_calls` and its distinct tools): a new task, with its own id."""
    key, kind = question_key(task, trace), question_kind(task, trace)
    try:
        used = provenance_calls(task, trace)
    except EvidenceError:
        used = []
    calls, tools = len(used), len({c.tool for c in used})
    if (key, kind, calls, tools) == (task.provenance.question, task.provenance.kind, task.provenance.calls,
                                     task.provenance.tools):
        return task
    provenance = task.provenance.model_copy(update={"question": key, "kind": kind, "calls": calls, "tools": tools})
    return Task(**{name: getattr(task, name) for name in Task.model_fields if name != "id"} | {"provenance": provenance})


def question_kind(task: Task, trace: Trace, passing: frozenset[str] = PASSING) -> str:
    """What kind of question ``task`` asks, whatever it names and however it is worded: its shape (the deriver's
    ``template``, when it names one), its op, then the tool and field (the last key of the path) each evidence item is
    read from, distinct and sorted. A call of a tool in ``passing`` (the unit converter, the rounding tool), fed one
    earlier value, is credited to that value's tool and field: the melting point of any compound in degrees Celsius
    is ``chain identity chemical_phase_change_data.melting_point``; the smallest by area of a country's neighbours
    (``members``) and of three named countries (``superlative``) are two kinds. A date another call found is part of
    the kind (``on islamic_year_dates.ramadan_start``): the sunset on the first day of Ramadan is not the sunset on
    any day. "" when its evidence is not in the trace."""
    calls = {c.id: c for c in trace.calls}
    read = set()
    for ev in task.provenance.evidence:
        call, path = calls.get(ev.call_id), ev.path
        while call is not None and call.tool in passing and len(call.sources) == 1:
            source = next(iter(call.sources.values()))
            call, path = calls.get(source.call_id), source.path
        if call is None:
            return ""
        read.add(f"{call.tool}.{_field(path)}")
        read.update(f"on {calls[e.call_id].tool}.{_field(e.path)}" for p, e in call.sources.items()
                    if p in _DAYS and e.call_id in calls)  # the sunset on the first day of Ramadan: a kind of its own
    return " ".join([*([task.template] if task.template else []), task.provenance.op, *sorted(read)])
