"""Leakage: the query must not give away the answer or an intermediate (bridge) value.

What counts as writing a value in the query is :mod:`dive.mentions` (whole tokens, numbers
in any spelling within the answer's tolerance, dates in any spelling).

For choice ops (argmax, argmin, compare, sorts) whose answer is one of the offered
``labels``, the query must name the options, so the answer itself is not checked; bridge
entities still are. A *bridge entity* is a string or number passed as an argument to a
call on the provenance path that came from a parent call's output: an intermediate value
the solver should have to discover. Values that were also the parent's own inputs
(echoes), the seed, and arguments of calls without parents (constants the query states)
are not bridges.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import JsonValue

from dive.answers import normalize_text
from dive.mentions import answer_in_query, numbers_in_query, value_in_query
from dive.ops import CHOICE_OPS
from dive.provenance import EvidenceError, provenance_calls
from dive.records import Seed, Task, Trace, Verdict
from dive.values import is_number, render_value, scalar_leaves
from dive.verification.verifier import VerifyContext, accept, reject

__all__ = ["CHOICE_OPS", "Leakage", "answer_in_query", "bridge_entities", "numbers_in_query", "scalar_leaves",
           "value_in_query"]
"""(``answer_in_query``, ``numbers_in_query``, ``value_in_query`` and ``scalar_leaves`` are re-exported from
:mod:`dive.mentions` and :mod:`dive.values`.)"""

_BRIDGE_REL_TOL = 1e-9


def _same(a: JsonValue, b: JsonValue) -> bool:
    if is_number(a) and is_number(b):
        return a == b or abs(a - b) <= _BRIDGE_REL_TOL * max(abs(a), abs(b))
    return isinstance(a, str) and isinstance(b, str) and a == b


def bridge_entities(task: Task, trace: Trace, seed: Seed | None = None) -> list[JsonValue]:
    """Intermediate values on the provenance path: arguments that came from a parent's output.

    Raises :class:`~dive.verification.provenance.EvidenceError` when the path is broken.
    """
    calls = provenance_calls(task, trace)
    by_id = {c.id: c for c in trace.calls}
    constants: list[JsonValue] = [v for c in calls if not c.parents for v in scalar_leaves(c.arguments)]
    constants += [v for v in (trace.seed, *((seed.value, seed.label) if seed else ())) if v not in (None, "")]
    bridges: list[JsonValue] = []
    for call in calls:
        if not call.parents:
            continue
        outputs = [v for p in call.parents if trace.observation(p).ok for v in scalar_leaves(trace.observation(p).output)]
        inputs = [v for p in call.parents for v in scalar_leaves(by_id[p].arguments)]
        for value in scalar_leaves(call.arguments):
            if (any(_same(value, o) for o in outputs)
                    and not any(_same(value, x) for x in (*inputs, *constants))
                    and not any(_same(value, b) for b in bridges)):  # fmt: skip
                bridges.append(value)
    return bridges


class Leakage:
    """Reject a task whose query states its answer or a bridge entity."""

    name: ClassVar[str] = "leakage"

    def verify(self, task: Task, trace: Trace, ctx: VerifyContext) -> Verdict:
        try:
            bridges = bridge_entities(task, trace, ctx.seed)
        except EvidenceError as err:
            return reject(task, self.name, f"cannot trace the provenance path: {err}")
        prov = task.provenance
        labels = prov.params.get("labels")
        offered = isinstance(labels, list) and {normalize_text(str(x)) for x in labels}
        chosen = prov.op in CHOICE_OPS and offered and all(  # a choice names its options; the answer's aliases are
            normalize_text(str(item)) in offered for item in scalar_leaves(task.answer.value)  # other names of the
        )  # chosen one (Stockholm, the value compared, also accepted as "the capital of Sweden": not a leak)
        answer_hits = [] if chosen else answer_in_query(task)
        bridge_hits = [b for b in bridges if value_in_query(b, task.query)]
        details = {"answer_in_query": answer_hits, "bridges": bridges, "bridges_in_query": bridge_hits}
        if answer_hits:
            return reject(task, self.name, f"the query states the answer ({', '.join(answer_hits)})", **details)
        if bridge_hits:
            shown = ", ".join(render_value(b) for b in bridge_hits)
            return reject(task, self.name, f"the query states the intermediate value(s) {shown}", **details)
        return accept(task, self.name, **details)
