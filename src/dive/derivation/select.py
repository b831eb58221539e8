"""Choices under a condition: the winner among the options that meet a condition on a second property.

Asked only where a person sets such a condition:

- over a set named by its relation (:meth:`Selections.member_selections`), a size: *Of the countries that border
  Italy, which has the highest population density among those that have more than 1 million people?* The set holds
  its microstates whether the asker wants them or not; the condition is a member's field with the lexicon's ``over``
  words at one of its ``cuts``, for the largest value only;
- over options the question names (:meth:`Selections.selections`), a temperature the asker does not know, for a
  choice by temperature: *Of toluene, nitromethane, isopropanol and dimethylformamide, which has the highest flash
  point among those with a normal boiling point below 120 °C?* The second property comes from the explorer's
  constrain move (:mod:`dive.exploration.constrain`: a sibling call of another tool beside each option's), or from an
  earlier call of each option's chain of another tool. Never a size over named options: Monaco among named countries
  is one "a real user would just leave off the list" (both readers, round CP).

Every time, the options fall in two classes (:data:`BREAK_RATIO`, :data:`BREAK_KELVIN`), the condition decides the
answer (the winner of all the options fails it), the winner among those left leads its runner-up as a superlative's
must, and every option is clear of the line by the field's margin or tolerance.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from pydantic import JsonValue

from dive._hashing import canonical_json
from dive.chains import MemberSet, is_quantity, quantity_fields
from dive.derivation.compare import (
    NAMED_LEAD,
    Cand,
    clear,
    lead_needed,
    number,
    obvious,
    pick_op,
)
from dive.derivation.describe import DescribeError
from dive.derivation.members import Members, amount
from dive.derivation.realize import format_number, join_list
from dive.derivation.wording import degree, head_of, is_name
from dive.jsonpath import expand
from dive.lexicon import FieldLex, disputed
from dive.records import AnswerSpec, Evidence, Provenance, ToolCall

__all__ = ["Selections", "roundest"]

PAIRS_TRIED = 8
"""(compared field, condition field) pairs tried per sibling tool, in the draw's order."""

_KELVIN = 273.15
BREAK_RATIO = 10.0
"""The least ratio between the smallest value a size condition keeps and the largest it leaves out: the options fall
in two classes, microstates and countries, so the condition has a reason a reader sees."""
BREAK_KELVIN = 40.0
"""The least gap, in kelvins, between a temperature condition's two sides: solvents that are liquid far below the
line and those that are not."""


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


class Selections(Members):
    """Choices under a condition over the parallel chains or the member sets of one trace (see the module
    docstring)."""

    def member_selections(self, mset: MemberSet, rng: random.Random) -> list[Cand]:
        """The member with the largest value of one call after each member (its population density) among the
        members over a lexicon ``cuts`` line of their own field (*Of the countries that border France, which has the
        highest population density among those that have more than 1 million people?*): the set is named by its
        relation, so its microstates are not the asker's choice, and a person leaves them aside."""
        named = self.named_set(mset)
        if named is None:
            return []
        members, whole, names, noun = named
        mtl = self.lex.tools[members[0].tool]
        conditions = [(p, fl) for p, fl in mtl.fields.items() if fl.over and fl.cuts]
        out: list[Cand] = []
        for ends, role in self._hops(members):
            etl = self.lex.tools[ends[0].tool]
            if role is not None or etl.subject not in etl.groups or self.dated(ends[0]):
                continue  # the member's own value (its density), not its capital's
            for tpat, tfl in etl.fields.items():
                if tfl.is_list or not tfl.compare or not tfl.asked or tfl.noun.startswith("the number of"):
                    continue
                if not is_quantity(self.tools[ends[0].tool].output_sem.get(tpat), tfl.noun):
                    continue
                for cpat, cfl in conditions:
                    cand = self._member_select(members, ends, names, noun, whole, tpat, tfl, cpat, cfl, rng)
                    if cand is not None:
                        out.append(cand)
        return out

    def _member_select(self, members: Sequence[ToolCall], ends: Sequence[ToolCall],
                       names: list[str], noun: str | None, whole: str, tpat: str, tfl: FieldLex, cpat: str,
                       cfl: FieldLex, rng: random.Random) -> Cand | None:
        tfound = [list(expand(self.trace.observation(c.id).output, tpat)) for c in ends]
        cfound = [list(expand(self.trace.observation(c.id).output, cpat)) for c in members]
        if not all(len(f) == 1 and number(f[0][1]) for f in (*tfound, *cfound)):
            return None
        tvals, cvals = [float(f[0][1]) for f in tfound], [float(f[0][1]) for f in cfound]
        if len(set(tvals)) != len(tvals) or min(tvals) < 0:
            return None
        if any(disputed(fl, c.arguments.get(self.lex.tools[c.tool].subject or ""))
               for fl, calls in ((tfl, ends), (cfl, members)) for c in calls):
            return None  # Singapore's area, 710 km² here and about 734 today, would decide a cut
        best_all = max(range(len(tvals)), key=tvals.__getitem__)
        sep = lead_needed(cfl)
        for line in cfl.cuts:
            kept = [i for i, v in enumerate(cvals) if v > line]
            out = [i for i, v in enumerate(cvals) if v <= line]
            if len(kept) < 2 or not out or best_all not in out:
                continue
            lo, hi = max(cvals[i] for i in out), min(cvals[i] for i in kept)
            if lo <= 0 or hi < BREAK_RATIO * lo or not lo * (1 + sep) <= line <= hi * (1 - sep):
                continue  # microstates aside, not a cut between ordinary countries
            kv = [tvals[i] for i in kept]
            if pick_op(kv, rng, tfl.lead or 3.0, margin=lead_needed(tfl), first="argmax") != "argmax":
                continue
            try:
                phrases = [self._phrase(c, tpat, subject=names[i]) for i, c in enumerate(ends)]
            except (KeyError, DescribeError):
                return None
            head = head_of(phrases, names)
            if not head or " it " in f" {head} ":
                return None
            word = degree("argmax", head)
            winner = max(kept, key=tvals.__getitem__)
            if names[winner].casefold() in whole.casefold():
                return None  # the set names it
            having = cfl.over.format(n=amount(int(line)) if line == int(line) else format_number(line))
            spec = AnswerSpec(type="string", value=names[winner],
                              aliases=self.other_names(members[winner], names[winner]),
                              instructions=f"Answer with the {noun}'s name." if noun else "Answer with its name.")
            forms = [f"Of {whole}, which has the {word} {head} among those that {having}?",
                     f"Among {whole}, counting only those that {having}, which has the {word} {head}?"]
            query = self._ask(forms, spec, rng, call=ends[0])
            evidence = tuple(Evidence(call_id=c.id, path=f[0][0]) for c, f in
                             [*zip(ends, tfound, strict=True), *zip(members, cfound, strict=True)])
            options: list[JsonValue] = list(names)
            prov = Provenance(evidence=evidence, op="argmax_where", params={"labels": options, "over": line})
            used = len(set().union(*(self.lineage(e.call_id) for e in evidence)))
            statement = (f"Of {whole}, {join_list([names[i] for i in kept], 'and')} {having}, and of those "
                         f"{names[winner]} has the {word} {head}.")
            return Cand(query, spec, prov, "select", used, statement)
        return None

    def selections(self, chains: Sequence[Sequence[str]], rng: random.Random) -> list[Cand]:
        """Choices under a temperature condition over the options ``chains`` compare (3 or more parallel chains),
        the condition from a sibling call of each option (:meth:`_sides`) or an earlier call of its chain."""
        lasts = [self.calls[c[-1]] for c in chains]
        if len(lasts) < 3 or self.dated(lasts[0]):
            return []
        sides = self._sides(lasts)
        for j in range(len(chains[0]) - 1):  # an earlier call of each chain, of another tool the compared field's
            # lexicon pairs a choice with (``among``), stands in for a sibling
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
        celsius = self.unit(sibs[0], cpat, cfl) == "K" and cfl.ask_in == "C"  # a flash point in °C, as people say it
        wanted = [(way, op) for tool, path, way, op in tfl.among if tool == sibs[0].tool and path == cpat]
        if not (celsius and wanted):
            return None  # a condition a person sets over options they name: a temperature they do not know, for a
            # choice by temperature (the highest flash point among solvents that boil below 100 °C); "a log Kow below
            # 4" among drugs or "a melting point above -100 °C" among monomers read as filters built to change the
            # answer (a reader, round CO: 6 of 40 good before), and Monaco among named countries "a real user would
            # just leave off the list" (both readers, round CP): a size is a condition over a set named by its
            # relation only (member_selections)
        if any(disputed(f, c.arguments.get(self.lex.tools[c.tool].subject or ""))
               for f, calls in ((tfl, lasts), (cfl, sibs)) for c in calls):
            return None
        n = len(lasts)
        order = sorted(range(n), key=cvals.__getitem__)
        sep = lead_needed(cfl)
        for way, op in wanted:  # the pairings the lexicon names (the least flammable of those that boil below ...)
            pick = max if op == "argmax" else min
            best_all = pick(range(n), key=tvals.__getitem__)
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
                if hi - lo < BREAK_KELVIN:
                    continue  # no break between two classes: solvents that boil far below the line and those that
                    # do not read as a choice a person makes; a cut that drops one ordinary option reads as built to
                    # drop the winner (two readers, round CO)
                low, high = lo + sep * abs(lo) - _KELVIN, hi - sep * abs(hi) - _KELVIN  # in °C, as it is said
                line = roundest(low, high, tens=True)
                if line is None:
                    continue
                winner = pick(kept, key=tvals.__getitem__)
                return self._write(lasts, sibs, tpaths, cpaths, names, shown, head, chead, noun, op, way,
                                   round(line + _KELVIN, 6), f"{format_number(line)} °C",
                                   [i for i in range(n) if i in kept], winner, rng)
        return None

    def _write(self, lasts: Sequence[ToolCall], sibs: Sequence[ToolCall], tpaths: list[str], cpaths: list[str],
               labels: list[str], shown: list[str], head: str, chead: str, noun: str | None, op: str, way: str,
               line: float, said: str, kept: list[int], winner: int, rng: random.Random) -> Cand:
        word = degree(op, head)
        side = "above" if way == "over" else "below"
        spoken = rng.sample(shown, k=len(shown))
        options = join_list(spoken, "and")
        article = "an" if chead[:1] in "aeiou" else "a"
        having = f"with {article} {chead} {side} {said}"
        forms = [f"Of {options}, which has the {word} {head} among those {having}?",
                 f"Which of {options} has the {word} {head}, counting only those whose {chead} is {side} {said}?",
                 f"Among {options}, which one {having} has the {word} {head}?"]
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
        statement = (f"Of {join_list(shown, 'and')}, only {join_list(passing, 'and')} have {article} {chead} {side} {said}, "
                     f"and of those {shown[winner]} has the {word} {head}.")
        return Cand(query, spec, prov, "select", used, statement)
