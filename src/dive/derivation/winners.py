"""After a members question: the winner's value in the unit a person asks for, or a thing of the winner's.

The part of the natural deriver that reads a conversion of one compared value (the explorer's convert
move after a members question, :func:`dive.exploration.convert.convert_winner`) and asks for the largest or
smallest value, converted: *Among the countries that border Germany, what is the largest area in square
miles?*, *Among the elements of period 3, what is the highest melting point in degrees Celsius?* The
agent must find every member's value, pick the winner and convert its value. The answer
is the ``at_best`` op over every compared value and the conversion: grounding recomputes the winner and
checks that the converted value is its.

The winner's thing (``winner_hop``) reads one call of another tool about the winner (the explorer's
:func:`dive.exploration.members.hop_winner`) and asks it of the winner described, never named: *What currency
does the country with the largest area among the countries that border Spain use?* The agent must find every
member's value, pick the winner and look it up. The answer is ``at_best`` over every compared value and the
looked-up field; it must differ from the runner-up's (the explorer looks that up too), or the comparison would
not matter (the currency of the largest neighbour of Luxembourg is the euro whichever wins).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence

from dive.chains import MemberSet, is_quantity, plain_facts
from dive.derivation.compare import Cand, clear, lead_needed, number
from dive.derivation.describe import SHIFTED, DescribeError
from dive.derivation.nearest import Nearest
from dive.derivation.wording import degree, head_of, is_name
from dive.jsonpath import expand
from dive.ops import OpError
from dive.records import Evidence, Provenance, ToolCall

__all__ = ["Winners"]

Chains = Callable[[Sequence[str], random.Random, str], list[Cand]]
"""The realizer's chain questions: (the chain's call ids, rng, the shape to label them) -> candidates."""


class Winners(Nearest):
    """Questions for the converted value of a comparison's winner, and for a thing of the winner's."""

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
        if op is None or not clear(values, op, lead_needed(fl)):
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
            # the set first: two readers rated "What is the largest area among the countries that border Ghana, in
            # square miles?" natural 3 of 5 ("stitched together"), round AG; "Among the countries that border
            # Serbia, what is the largest area in square miles?" was rated good 14 of 14 (rounds U-Y)
            forms = [f"Among {among}, what is the {word} {head} in {to}?"]
            query = self._ask(forms, spec, rng, call=compared)
            prov = Provenance(evidence=(*evidence, Evidence(call_id=call.id, path=found[0][0])), op="at_best",
                              params={"by": op, "at": at, **params})
            used = len(set().union(*(self.lineage(e.call_id) for e in prov.evidence)))
            return [Cand(query, spec, prov, "winner_value", used)]
        return []

    def winner_hops(self, sets: Sequence[MemberSet], rng: random.Random, chain_questions: Chains) -> list[Cand]:
        """Questions about a thing of a comparison's winner, asked of the winner described (see the module
        docstring); ``chain_questions`` words a call's fields of a described subject."""
        out: list[Cand] = []
        for mset in sets:
            if (mset.parent not in self.calls or self.calls[mset.parent].sources or len(mset.calls) < 3
                    or not all(c in self.calls for c in mset.calls)):
                continue  # a set named by its relation, from the seed (as members questions are)
            members = [self.calls[c] for c in mset.calls]
            feeds = [next(iter(m.sources.values())) for m in members]
            hops = [c for c in self.calls.values() if c.id not in mset.calls and len(c.sources) == 1
                    and next(iter(c.sources.values())) in feeds]
            if not hops:
                continue
            try:
                whole = self._set_phrase(mset)
                labels, noun = self.entities(members)
            except DescribeError:
                continue
            names = [str(lab) for lab in labels]
            if noun is None or len(set(names)) != len(names) or not all(is_name(n) for n in names):
                continue
            for first in ("argmax", "argmin"):  # the member the explorer looked up must win
                for ranked in self._ranked(mset, members, members, names, noun, whole, None, rng,
                                           self._carried(mset), first):
                    out.extend(self._of_winner(ranked, members, feeds, hops, names, noun, whole, rng,
                                               chain_questions))
        return out

    def _of_winner(self, ranked: Cand, members: Sequence[ToolCall], feeds: Sequence[Evidence],
                   hops: Sequence[ToolCall], names: Sequence[str], noun: str, whole: str, rng: random.Random,
                   chain_questions: Chains) -> list[Cand]:
        prov = ranked.provenance
        at = names.index(str(ranked.answer.value))
        values = [next(v for _, v in expand(self.trace.observation(e.call_id).output, e.path)) for e in prov.evidence]
        runner_up = sorted(range(len(values)), key=lambda i: values[i], reverse=prov.op == "argmax")[1]
        head = head_of([self._phrase(c, prov.evidence[0].path) for c in members], list(names))
        if not head:
            return []
        described = f"the {noun} with the {degree(prov.op, head)} {head} among {whole}"
        out: list[Cand] = []
        for hop in hops:
            src = next(iter(hop.sources.values()))
            if src != feeds[at] or hop.tool == self.calls[src.call_id].tool:
                continue  # the set's own relation again (the number of countries that border the largest neighbour
                # of Spain): a puzzle (two readers, round AB)
            other = next((c for c in hops if c.tool == hop.tool and next(iter(c.sources.values())) == feeds[runner_up]
                          and _same_but(c, hop, next(iter(hop.sources)))), None)
            if other is None:
                continue  # no runner-up's to tell whether the winner matters
            self.described_as[src.call_id, src.path] = described
            try:
                found = chain_questions([hop.id], rng, "winner_hop")
            finally:
                del self.described_as[src.call_id, src.path]
            for cand in found:
                if cand.provenance.op != "identity" or len(cand.provenance.evidence) != 1:
                    continue
                (asked,) = cand.provenance.evidence
                try:
                    fl = self.field(hop, asked.path)
                except DescribeError:
                    continue
                if (self.names_subject(hop, fl) or fl.noun.startswith("the number of")
                        or asked.path not in plain_facts(self.tools[hop.tool], self.lex.tools[hop.tool], hop.arguments)):
                    continue  # the winner's ISO code: which country it is, in other words; a count of its ISO
                    # subdivisions (two readers of round AC: contrived); a task about it (its working days in 2024,
                    # its name in French): a person with that need names the country (round AB: 3 of 5 natural)
                mine = list(expand(self.trace.observation(hop.id).output, asked.path))
                theirs = list(expand(self.trace.observation(other.id).output, asked.path))
                after = cand.query.split(described, 1)[1] if described in cand.query else ""
                if not _AFTER.match(after):
                    continue  # "the outermost electron from the element with ... of the periodic table atom"
                if ([v for _, v in mine] == [v for _, v in theirs] or any(n in cand.query for n in names)
                        or cand.query.count(head) > 1):
                    continue  # the same whichever wins; a member named (the set's phrase names none); the winner's
                    # compared value again ("the area of the country with the largest area among ...")
                evidence = (*prov.evidence, asked)
                hop_prov = Provenance(evidence=evidence, op="at_best",
                                      params={"by": prov.op, "at": at, **cand.provenance.params})
                used = len(set().union(*(self.lineage(e.call_id) for e in evidence)))
                out.append(Cand(cand.query, cand.answer, hop_prov, "winner_hop", used))
        return out


_AFTER = re.compile(r"[?.]|\s[a-z]+(?: today)?\?")
"""What may follow the winner's description in a question: its end, or the one verb it is the subject of (*What
currency does the country with ... use today?*); never a noun it would modify (*from a {element} atom*) or a
clause after it (*Which code do I dial before a number in the country with ... when calling from abroad?*: two
readers of round AC rated 1 of 8 such verdicts good, and 10 of 10 on *What is the country calling code for the
country with ...?*)."""


def _same_but(a: ToolCall, b: ToolCall, param: str) -> bool:
    """Whether two calls of one tool take the same arguments but ``param``."""
    return {k: v for k, v in a.arguments.items() if k != param} == {k: v for k, v in b.arguments.items() if k != param}
