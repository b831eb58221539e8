"""The constrain move: a second property of every compared entity, for a choice under a condition (used by
:mod:`dive.exploration.programs`).

After a superlative over three to five entities of one family (*which of acetone, toluene, hexane and ethanol has
the lowest boiling point?*), each entity's compared call gets a sibling: one call of another tool about the same
entity, fed by the same value (the compound's CAS number that its boiling point was looked up by), that gives a
quantity worth comparing (its flash point). The deriver then asks for the winner among those that meet a condition
on the second quantity (:mod:`dive.derivation.select`): *Of acetone, toluene, hexane and ethanol, which has the
lowest boiling point among those with a flash point above 10 °C?* Two properties from two tools for each entity,
and a filter before the choice: a selection under a constraint, as a person choosing a solvent makes it.

Only a tool the compared field's lexicon pairs a choice with (``among``) is called, and only beside calls fed a found
value (a compound's CAS number from its lookup by name). The siblings are made in a later round than the calls they
stand beside, which is how :func:`dive.chains.chains_of` tells them from a retried hop: they join no chain.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from dive.chains import Chain, quantity_fields
from dive.jsonpath import PathError, expand, resolve
from dive.records import Evidence, Task, ToolCall
from dive.values import is_number

if TYPE_CHECKING:
    from dive.exploration.program_run import ProgramRun

__all__ = ["SELECTED", "constrain"]

SELECTED = frozenset({"superlative"})
"""The questions whose compared entities the move looks up again: a choice among options the question names."""

def constrain(run: ProgramRun, chains: Sequence[Chain], previous: Task | None) -> bool:
    """One call of another tool beside the compared call of every chain parallel to the main one (see the module
    docstring), of a tool the compared tool's lexicon pairs a choice with (``among``); False when there is none, or
    when no such tool answers for all of them."""
    if previous is None or previous.template not in SELECTED or not chains:
        return False
    shape = [run.call_by_id(c).tool for c in chains[0].calls]
    group = [c for c in chains if [run.call_by_id(i).tool for i in c.calls] == shape]
    if len(group) < 3:
        return False
    lasts = [run.call_by_id(c.calls[-1]) for c in group]
    paired = {tool for fl in run.ex.lexicon.tools[lasts[0].tool].fields.values() for tool, *_ in fl.among}
    if not paired & set(run.tools):
        return False  # a second property no question pairs with the first (an element's radius beside its
        # ionization energy): the round grows the program another way
    feeds = [_feed(run, call) for call in lasts]
    if any(f is None for f in feeds):
        return False
    anchors: list[tuple[str, Any, Evidence]] = [f for f in feeds if f is not None]
    sem = run.tools[lasts[0].tool].param_sem.get(anchors[0][0])
    if sem is None:
        return False
    step = len(group[0].calls) - 1
    for tool, param in run.options(sem, anchors[0][1], exclude=lasts[0].tool):
        tl = run.ex.lexicon.tools[tool.name]
        if tool.name not in paired or param != tl.subject:
            continue
        paired.discard(tool.name)
        made: list[ToolCall] = []
        for _, value, source in anchors:
            filled = run.fill(tool, param, value, source)
            if filled is None:
                break
            run.step = step
            call = run.run_call(tool, *filled)
            if call is None or not run.askable(call):
                break
            made.append(call)
        if len(made) == len(anchors) and any(
                all(_one_number(run.obs(c.id).output, path) for c in made) for path in quantity_fields(tool, tl)):
            return True
    return False


def _one_number(output: Any, path: str) -> bool:
    found = list(expand(output, path))
    return len(found) == 1 and is_number(found[0][1])


def _feed(run: ProgramRun, call: ToolCall) -> tuple[str, Any, Evidence] | None:
    """How ``call`` was given its entity: (its parameter, the value, the output field it came from); None for a value
    the question states (a sibling given a literal would start a chain of its own: only found values are followed)."""
    if len(call.sources) != 1:
        return None
    param, ev = next(iter(call.sources.items()))
    try:
        return param, resolve(run.obs(ev.call_id).output, ev.path), ev
    except PathError:
        return None
