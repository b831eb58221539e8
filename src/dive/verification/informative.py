"""Informativeness: the answer depends on what the question is about.

The program behind the answer is run again with its root entity replaced by others of the same
kind: first the entities the trace itself compared it with (the same tool called on another
value), then the root tool's own example values, then the example values of every parameter
of the same semantic type in the toolset. Each call is re-fed along its recorded sources
(``ToolCall.sources``), and the answer is recomputed by the task's op. A task whose answer comes
out the same for the original and for two other entities asks about a constant (the number of
rings in an element is 0 for every element; a field that is ``False`` for every input) and is
rejected. The check stops at the first other entity that changes the answer, so a good task costs
one extra run of its program.

Comparisons (``argmax``/``argmin``) answer with one of their own entities and are not checked, nor is
the winner's value (``at_best``): replacing one entity that does not win leaves it as it is;
a task whose program cannot be re-run (no root entity, no other entity whose program runs) passes
with the reason in its details, never silently.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, ClassVar

from pydantic import JsonValue

from dive._hashing import canonical_json
from dive.jsonpath import PathError, resolve
from dive.ops import OpError, apply_op
from dive.records import Task, ToolCall, Trace, Verdict, set_source
from dive.verification.provenance import EvidenceError, evidence_values, provenance_calls
from dive.verification.verifier import VerifyContext, accept, reject

__all__ = ["Informative"]

_NAMES_ENTITIES = frozenset({"argmax", "argmin", "argmax_where", "argmin_where"})


class Informative:
    """Reject a task whose answer does not change when its program runs for other entities."""

    name: ClassVar[str] = "informative"
    calls_tools: ClassVar[bool] = True

    def __init__(self, others: int = 2, tries: int = 6) -> None:
        self.others = others
        """Other entities that must all give the original answer before the task is rejected."""
        self.tries = tries
        """Most other entities tried (some fail: a city with no airport, a date out of range)."""

    def verify(self, task: Task, trace: Trace, ctx: VerifyContext) -> Verdict:
        if task.provenance.op in _NAMES_ENTITIES:
            return accept(task, self.name, checked=False, why="a comparison answers with one of its entities")
        if task.provenance.op == "at_best":  # one more entity that does not win leaves the winner's value as it is
            return accept(task, self.name, checked=False, why="a comparison's winner's value depends on every entity")
        try:
            used = provenance_calls(task, trace)
            original = apply_op(task.provenance.op, evidence_values(task, trace), task.provenance.params)
        except (EvidenceError, OpError) as err:
            return accept(task, self.name, checked=False, why=f"the answer does not recompute: {err}")
        root, param = _root(used, trace)
        if root is None or param is None:
            return accept(task, self.name, checked=False, why="no root entity to vary")
        same: list[JsonValue] = []
        tried = 0
        for other in _others(root, param, trace, ctx):
            if tried >= self.tries:
                break
            tried += 1
            answer = _rerun(task, used, root, param, other, ctx)
            if answer is _FAILED:
                continue
            if canonical_json(answer) != canonical_json(original):
                return accept(task, self.name, checked=True, varied=param, other=other, answer=answer)
            same.append(other)
            if len(same) >= self.others:
                return reject(task, self.name,
                              f"the answer {original!r} is the same for {param}={root.arguments[param]!r} and for "
                              f"{', '.join(repr(s) for s in same)}: it does not depend on what the question is about",
                              varied=param, others=same)
        return accept(task, self.name, checked=False, varied=param, same_for=same,
                      why=f"only {len(same)} other {param} value(s) could be run")


_FAILED: Any = object()


def _root(used: Sequence[ToolCall], trace: Trace) -> tuple[ToolCall | None, str | None]:
    """The first call fed by nothing, and its argument that holds the entity: the trace's seed, else its
    first text argument."""
    roots = [c for c in used if not c.sources]
    if not roots:
        return None, None
    root = roots[0]
    for param, value in root.arguments.items():
        if canonical_json(value) == canonical_json(trace.seed):
            return root, param
    return root, next((p for p, v in root.arguments.items() if isinstance(v, str)), None)


def _others(root: ToolCall, param: str, trace: Trace, ctx: VerifyContext) -> Iterator[JsonValue]:
    seen = {canonical_json(root.arguments[param])}
    candidates: list[JsonValue] = [c.arguments[param] for c in trace.calls
                                   if c.tool == root.tool and param in c.arguments]
    tools = list(ctx.toolset.list_tools())
    tool = next((t for t in tools if t.name == root.tool), None)
    candidates += [ex[param] for ex in (tool.examples if tool else ()) if param in ex]
    sem = tool.param_sem.get(param) if tool else None
    for other in sorted(tools, key=lambda t: t.name) if sem else ():  # then any example value of the same kind
        for name, psem in other.param_sem.items():
            if psem == sem:
                candidates += [ex[name] for ex in other.examples if name in ex]
    for value in candidates:
        key = canonical_json(value)
        if key not in seen and type(value) is type(root.arguments[param]):
            seen.add(key)
            yield value


def _rerun(task: Task, used: Sequence[ToolCall], root: ToolCall, param: str, other: JsonValue,
           ctx: VerifyContext) -> JsonValue:
    """The task's answer from its program run with ``param`` of ``root`` set to ``other`` (``_FAILED`` when a
    call fails or a source path is missing)."""
    outputs: dict[str, JsonValue] = {}
    for call in used:
        args = dict(call.arguments)
        if call.id == root.id:
            args[param] = other
        try:
            for name, source in call.sources.items():
                if source.call_id in outputs:
                    set_source(args, name, resolve(outputs[source.call_id], source.path))
        except PathError:
            return _FAILED
        obs = ctx.toolset.call(call.tool, args)
        if not obs.ok:
            return _FAILED
        outputs[call.id] = obs.output
    try:
        values = [resolve(outputs[e.call_id], e.path) for e in task.provenance.evidence]
        return apply_op(task.provenance.op, values, task.provenance.params)
    except (PathError, KeyError, OpError):
        return _FAILED
