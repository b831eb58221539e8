"""The winner's value: a members question's winning value itself, said in the unit a person asks for.

The part of the natural deriver that reads a conversion of one compared value (the explorer's convert
move after a members question, :func:`dive.exploration.convert.convert_winner`) and asks for the largest or
smallest value, converted: *What is the largest area among the countries that border Germany, in square
miles?*, *What is the highest melting point among the elements of period 3, in degrees Celsius?* The
agent must find every member's value, pick the winner and convert its value. The answer
is the ``at_best`` op over every compared value and the conversion: grounding recomputes the winner and
checks that the converted value is its.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from dive.chains import MemberSet, is_quantity
from dive.derivation.compare import MIN_MARGIN, Cand, clear, number
from dive.derivation.describe import SHIFTED, DescribeError
from dive.derivation.nearest import Nearest
from dive.derivation.wording import degree, head_of
from dive.jsonpath import expand
from dive.ops import OpError
from dive.records import Evidence, Provenance, ToolCall

__all__ = ["Winners"]


class Winners(Nearest):
    """Questions for the converted value of a comparison's winner."""

    def winner_values(self, sets: Sequence[MemberSet], rng: random.Random) -> list[Cand]:
        """One question per conversion of a value that wins a comparison over a member set. Not over options the
        question names: independent reviewers rated 9 of 16 verdicts on *the smallest area among Ethiopia, the
        Gambia and Togo, in square miles* good ("an arbitrary list whose point is one country's area"), and 14 of 14
        over a set named by its relation (rounds U-Y)."""
        out: list[Cand] = []
        for call in self.calls.values():
            implied = self.lex.tools[call.tool].implied
            feeders = [call.sources[p] for p in implied.values() if p in call.sources]
            if len(feeders) != 1 or feeders[0].call_id not in self.calls:
                continue
            for mset in sets:
                if feeders[0].call_id in mset.calls and not self.calls[mset.parent].sources:
                    out.extend(self._of_set(call, feeders[0], mset, rng))
        return out

    def _of_set(self, call: ToolCall, won: Evidence, mset: MemberSet, rng: random.Random) -> list[Cand]:
        members = [self.calls[c] for c in mset.calls]
        try:
            whole = self._set_phrase(mset)
            labels, _ = self.entities(members)
            head = head_of([self._phrase(c, won.path) for c in members], [str(lab) for lab in labels])
        except (DescribeError, KeyError):
            return []
        evidence = [Evidence(call_id=c.id, path=won.path) for c in members]
        return self._ask_best(call, won, evidence, head, whole, rng)

    def _ask_best(self, call: ToolCall, won: Evidence, evidence: list[Evidence], head: str | None, among: str,
                  rng: random.Random) -> list[Cand]:
        """The question, when ``won`` is one of ``evidence`` and its value wins the comparison clearly."""
        keys = [(e.call_id, e.path) for e in evidence]
        if not head or " it " in f" {head} " or (won.call_id, won.path) not in keys:
            return []
        at = keys.index((won.call_id, won.path))
        compared = self.calls[won.call_id]
        try:
            fl = self.field(compared, won.path)
        except DescribeError:
            return []
        if (fl.is_list or not fl.compare or not fl.asked or fl.noun.startswith("the number of")
                or not is_quantity(self.tools[compared.tool].output_sem.get(won.path), fl.noun)):
            return []
        values = []
        for e in evidence:
            found = list(expand(self.trace.observation(e.call_id).output, e.path))
            if len(found) != 1 or not number(found[0][1]):
                return []
            values.append(found[0][1])
        if len(set(values)) != len(values) or min(values) < 0:
            return []
        op = "argmax" if values[at] == max(values) else "argmin" if values[at] == min(values) else None
        if op is None or not clear(values, op, max(fl.margin, MIN_MARGIN)):
            return []
        unit = call.arguments.get("to_unit")  # said as a person says it (square miles): the value itself goes unsaid
        to = self.literal(unit, self.tools[call.tool].param_sem.get("to_unit")) if isinstance(unit, str) else None
        tl = self.lex.tools[call.tool]
        output = self.trace.observation(call.id).output
        for pattern, out_fl in tl.fields.items():
            found = list(expand(output, pattern))
            if not out_fl.asked or len(found) != 1 or not number(found[0][1]) or not to:
                continue
            shifted = call.arguments.get("from_unit") in SHIFTED
            try:  # no more precise than the value converted: a whole number of km² gives whole square miles
                spec, params = self._spec(found[0][1], None, None,
                                          digits=self.restated_digits(won, shifted, found[0][1]))
            except (ValueError, OpError):
                continue
            word = degree(op, head)
            forms = [f"What is the {word} {head} among {among}, in {to}?",
                     f"Among {among}, what is the {word} {head} in {to}?",
                     f"In {to}, what is the {word} {head} among {among}?"]
            query = self._ask(forms, spec, rng, call=compared)
            prov = Provenance(evidence=(*evidence, Evidence(call_id=call.id, path=found[0][0])), op="at_best",
                              params={"by": op, "at": at, **params})
            used = len(set().union(*(self.lineage(e.call_id) for e in prov.evidence)))
            return [Cand(query, spec, prov, "winner_value", used)]
        return []
