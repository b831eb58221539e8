"""Choices under a condition: the winner among the options that meet a condition on a second property.

The part of the natural deriver that reads the explorer's constrain move (:mod:`dive.exploration.constrain`): each
option compared by one tool's field also has a sibling call of another tool (or an earlier call of its chain, of
another tool: the population of each country whose density is compared), and the question asks *Of acetone,
toluene, hexane and ethanol, which has the lowest normal boiling point among those with a flash point above
10 °C?* The agent must look up both properties of every option, drop those that fail the condition and choose among
the rest: two tools per option and a filter, the multi-constraint selection of ``docs/tasks.md``.

Asked only where the condition decides the answer (the winner of all the options fails it), where the winner among
those left leads its runner-up as a superlative's must, and where every option's second value is clear of the
threshold by the field's tolerance (references that differ cannot move an option across it). The threshold is the
roundest number between the values it separates, said in the unit a person uses (a flash point in °C).
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from pydantic import JsonValue

from dive._hashing import canonical_json
from dive.chains import NOT_CONVERTED, quantity_fields
from dive.derivation.compare import (
    NAMED_LEAD,
    Cand,
    Questions,
    clear,
    lead_needed,
    number,
    obvious,
)
from dive.derivation.describe import DescribeError
from dive.derivation.members import amount
from dive.derivation.realize import format_number, join_list
from dive.derivation.wording import degree, head_of, is_name
from dive.jsonpath import expand
from dive.records import AnswerSpec, Evidence, Provenance, ToolCall

__all__ = ["Selections", "roundest"]

PAIRS_TRIED = 8
"""(compared field, condition field) pairs tried per sibling tool, in the draw's order."""

_KELVIN = 273.15
_UNSAID = ("ratio", "fraction", "dimensionless", "1")
"""Units a threshold is said without (a ratio of 0.1)."""


def roundest(low: float, high: float, tens: bool = False) -> float | None:
    """The roundest number in [``low``, ``high``]: one significant digit (1, 2 or 5 first, then the larger), or with
    ``tens`` a multiple of ten (a temperature in °C: -90, 120); None where there is none."""
    if not (math.isfinite(low) and math.isfinite(high)) or low > high:
        return None
    if low <= 0 <= high:
        return 0.0
    found: list[tuple[int, int, float]] = []
    for exp in range(-3, 13):
        for k in range(1, 10):
            for value in (k * 10.0 ** exp, -k * 10.0 ** exp):
                if low <= value <= high:
                    found.append((0 if k in (1, 2, 5) else 1, -exp, round(value, 6)))
    if tens:
        found += [(2, 0, float(v)) for v in range(math.ceil(low / 10) * 10, math.floor(high / 10) * 10 + 1, 10)]
    return min(found)[2] if found else None


class Selections(Questions):
    """Choices under a condition over the parallel chains of one trace (see the module docstring)."""

    def selections(self, chains: Sequence[Sequence[str]], rng: random.Random) -> list[Cand]:
        lasts = [self.calls[c[-1]] for c in chains]
        if len(lasts) < 3 or self.dated(lasts[0]):
            return []
        sides = self._sides(lasts)
        for j in range(len(chains[0]) - 1):  # an earlier call of each chain, of another tool: the population of
            # each country whose density is compared
            earlier = [self.calls[c[j]] for c in chains]
            if earlier[0].tool != lasts[0].tool and earlier[0].tool not in sides:
                sides[earlier[0].tool] = earlier
        if not sides:
            return []
        roots = [self.calls[c[0]] for c in chains]
        try:
            roots_named = [str(self.subject_of(r)) for r in roots]
            labels, noun = self.entities(lasts)
        except DescribeError:
            return []
        names = [str(lab) for lab in labels]
        noun = noun or self._root_noun(roots)
        if (len(set(names)) != len(names) or len(set(roots_named)) != len(roots_named)
                or any("," in n for n in names) or not all(is_name(n) for n in names)):
            return []
        targets = self._numbers(lasts, quantity_fields(self.tools[lasts[0].tool], self.lex.tools[lasts[0].tool]))
        out: list[Cand] = []
        for tool, sibs in sorted(sides.items()):
            if self.dated(sibs[0]):
                continue
            conditions = self._numbers(sibs, quantity_fields(self.tools[tool], self.lex.tools[tool]))
            pairs = [(t, c) for t in targets for c in conditions]
            rng.shuffle(pairs)
            for target, condition in pairs[:PAIRS_TRIED]:
                cand = self._select(lasts, sibs, target, condition, names, roots_named, noun, rng)
                if cand is not None:
                    out.append(cand)
        return out

    def _sides(self, lasts: Sequence[ToolCall]) -> dict[str, list[ToolCall]]:
        """Per tool, one call beside each of ``lasts`` (made in a later round and fed the same value), for tools
        that have one for every one of them."""
        found: dict[str, dict[int, ToolCall]] = {}
        for i, last in enumerate(lasts):
            key = self._fed(last)
            for call in self.calls.values():
                if call.round > last.round and call.tool != last.tool and key is not None and self._fed(call) == key:
                    found.setdefault(call.tool, {})[i] = call
        return {t: [by[i] for i in range(len(lasts))] for t, by in found.items() if len(by) == len(lasts)}

    def _fed(self, call: ToolCall) -> str | None:
        """What ``call`` is about, as the explorer gave it: the output fields that fed it, or its subject's value."""
        if call.sources:
            return canonical_json(sorted([e.call_id, e.path] for e in call.sources.values()))
        subject = self.lex.tools[call.tool].subject
        if subject is None or subject not in call.arguments:
            return None
        return canonical_json(["literal", call.arguments[subject]])

    def _numbers(self, calls: Sequence[ToolCall], patterns: Sequence[str]
                 ) -> list[tuple[str, list[str], list[float]]]:
        """(pattern, paths, values) for each field that gives one distinct number for every call."""
        out = []
        for pattern in patterns:
            found = [list(expand(self.trace.observation(c.id).output, pattern)) for c in calls]
            if not all(len(f) == 1 and number(f[0][1]) for f in found):
                continue
            values = [float(f[0][1]) for f in found]
            if len({canonical_json(v) for v in values}) == len(values):
                out.append((pattern, [f[0][0] for f in found], values))
        return out

    def _select(self, lasts: Sequence[ToolCall], sibs: Sequence[ToolCall], target: tuple[str, list[str], list[float]],
                condition: tuple[str, list[str], list[float]], names: list[str], roots_named: list[str],
                noun: str | None, rng: random.Random) -> Cand | None:
        tpat, tpaths, tvals = target
        cpat, cpaths, cvals = condition
        tfl, cfl = self.lex.tools[lasts[0].tool].fields[tpat], self.lex.tools[sibs[0].tool].fields[cpat]
        if min(tvals) < 0:
            return None
        try:
            tphr = [self.describe(c.id, p) for c, p in zip(lasts, tpaths, strict=True)]
            cphr = [self.describe(c.id, p) for c, p in zip(sibs, cpaths, strict=True)]
        except DescribeError:
            return None
        shown = names
        head, chead = head_of(tphr, names), head_of(cphr, names)
        if not (head and chead):
            shown = roots_named
            head, chead = head_of(tphr, shown), head_of(cphr, shown)
        if not (head and chead) or head == chead or "," in chead or not all(is_name(s) for s in shown):
            return None  # "whose upper flammability limit in air, as a fraction by volume is below 0.1": no clause
        unit = self.unit(sibs[0], cpat, cfl)
        unit = None if unit in _UNSAID else unit
        celsius = unit == "K" and not NOT_CONVERTED.search(cfl.noun)  # a flash point in °C, as people say it
        n = len(lasts)
        order = sorted(range(n), key=cvals.__getitem__)
        ops = ["argmax", "argmin"]
        ways = ["over", "under"]
        rng.shuffle(ops)
        rng.shuffle(ways)
        sep = lead_needed(cfl)
        for op in ops:
            pick = max if op == "argmax" else min
            best_all = pick(range(n), key=tvals.__getitem__)
            for way in ways:
                for k in range(1, n - 1):
                    out = order[:k] if way == "over" else order[n - k:]
                    kept = order[k:] if way == "over" else order[: n - k]
                    if best_all not in out:
                        continue
                    kv = [tvals[i] for i in kept]
                    if obvious(kv, op, min(NAMED_LEAD, tfl.lead or NAMED_LEAD)) or not clear(kv, op, lead_needed(tfl)):
                        continue
                    lo = max(cvals[i] for i in (out if way == "over" else kept))
                    hi = min(cvals[i] for i in (kept if way == "over" else out))
                    low, high = lo + sep * abs(lo), hi - sep * abs(hi)
                    line = roundest(low - _KELVIN, high - _KELVIN, tens=True) if celsius else roundest(low, high)
                    if line is None or (line <= 0 and not celsius):
                        continue
                    winner = pick(kept, key=tvals.__getitem__)
                    native = round(line + _KELVIN, 6) if celsius else line
                    if cfl.over and way == "under":
                        continue  # "have more than 10 million people": said only one way
                    number_ = amount(int(line)) if line == int(line) and abs(line) >= 10_000 else format_number(line)
                    said = f"{number_} °C" if celsius else f"{number_}{'' if unit in (None, '%') else ' '}{unit or ''}"
                    having = cfl.over.format(n=amount(int(line))) if cfl.over and line == int(line) else ""
                    return self._write(lasts, sibs, tpaths, cpaths, names, shown, head, chead, noun, op, way,
                                       native, said, [i for i in range(n) if i in kept], winner, rng, having)
        return None

    def _write(self, lasts: Sequence[ToolCall], sibs: Sequence[ToolCall], tpaths: list[str], cpaths: list[str],
               labels: list[str], shown: list[str], head: str, chead: str, noun: str | None, op: str, way: str,
               line: float, said: str, kept: list[int], winner: int, rng: random.Random, having: str = "") -> Cand:
        word = degree(op, head)
        side = "above" if way == "over" else "below"
        spoken = rng.sample(shown, k=len(shown))
        options = join_list(spoken, "and")
        whose = f"whose {chead} is {side} {said}"
        if having:  # the lexicon's own words: "have more than 10 million people"
            having = f"that {having}"
        elif chead.startswith("number of "):
            having = whose
        else:
            having = f"with {'an' if chead[:1] in 'aeiou' else 'a'} {chead} {side} {said}"
        forms = [f"Of {options}, which has the {word} {head} among those {having}?",
                 f"Which of {options} has the {word} {head}, counting only those {having}?"
                 if having.startswith("that ") else
                 f"Which of {options} has the {word} {head}, counting only those {whose}?",
                 f"Among {options}, which one {having.removeprefix('that ')} has the {word} {head}?"
                 if not having.startswith("that ") else
                 f"Among those of {options} {having}, which has the {word} {head}?"]
        value = labels[winner]
        alias = shown[winner]
        spec = AnswerSpec(type="string", value=value, aliases=(alias,) if alias != value else (),
                          instructions=f"Answer with the {noun}'s name." if noun else "Answer with one of the options.")
        query = self._ask(forms, spec, rng, call=lasts[0])
        evidence = tuple(self.given_before(c, p) or Evidence(call_id=c.id, path=p)
                         for c, p in [*zip(lasts, tpaths, strict=True), *zip(sibs, cpaths, strict=True)])
        options_: list[JsonValue] = list(labels)
        prov = Provenance(evidence=evidence, op=f"{op}_where", params={"labels": options_, way: line})
        used = len(set().union(*(self.lineage(e.call_id) for e in evidence)))
        passing = [shown[i] for i in kept]
        holds = (having.removeprefix("that ") if having.startswith("that ")
                 else f"have {'an' if chead[:1] in 'aeiou' else 'a'} {chead} {side} {said}")
        statement = (f"Of {join_list(shown, 'and')}, only {join_list(passing, 'and')} {holds}, "
                     f"and of those {shown[winner]} has the {word} {head}.")
        return Cand(query, spec, prov, "select", used, statement)
