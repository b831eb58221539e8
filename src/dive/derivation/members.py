"""Questions over every member of a set: the part of the natural deriver that reads a member set
(:func:`dive.chains.member_sets`: one call per item of an earlier call's list) and asks which member
has the largest or smallest value of one field, or what a field that adds up totals over the set.

The set is named by its relation, as a person names it: *Which of the countries that border Spain
has the largest population?*, *What is the combined population of the countries that use the CFA
franc?* The agent must find the set, go through every member and compare or add.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from typing import Any

from pydantic import JsonValue

from dive._hashing import canonical_json
from dive.chains import MemberSet, is_additive, is_quantity
from dive.derivation.compare import Cand, Questions, index_of, lead_needed, number, pick_op
from dive.derivation.describe import DescribeError
from dive.derivation.realize import capitalize, join_list, noun_phrase, number_word
from dive.derivation.wording import degree, head_of, is_name
from dive.jsonpath import expand
from dive.lexicon import disputed
from dive.ops import OpError, apply_op, holds
from dive.records import AnswerSpec, Evidence, Provenance, ToolCall

__all__ = ["Members"]


class Members(Questions):
    """Superlatives and totals over the member sets of one trace."""

    def _set_phrase(self, mset: MemberSet) -> str:
        """The set as a noun phrase: the parent's list field filled (``the countries that border Spain``)."""
        parent = self.calls[mset.parent]
        tl = self.lex.tools[parent.tool]
        prefix = mset.items[: mset.items.rindex("[*]") + 3]
        fields = [fl for p, fl in tl.fields.items() if p.startswith(prefix) and fl.count]
        if not fields:
            raise DescribeError(f"{parent.tool}: no list field for {mset.items}")
        try:
            return noun_phrase(tl, fields[0], self.args_in_effect(parent), self.mentions(parent),
                               self.described(parent))
        except KeyError as exc:
            raise DescribeError(f"{parent.tool}: no mention for slot {exc}") from None

    def _trends(self, mset: MemberSet) -> bool:
        """Whether the set's list runs in an order its members' properties trend along (``trend: true``): then the
        first or last member as a winner is a textbook answer (beryllium the smallest atom of group 2)."""
        tl = self.lex.tools[self.calls[mset.parent].tool]
        prefix = mset.items[: mset.items.rindex("[*]") + 3]
        return any(fl.trend for p, fl in tl.fields.items() if p.startswith(prefix))

    def _phrase(self, call: ToolCall, pattern: str, subject: str | None = None) -> str:
        """A member's field as a phrase, the member named (not described as "item 2 of the list"); ``subject``:
        the subject said so (a placeholder, to find what the phrase says of it)."""
        tl = self.lex.tools[call.tool]
        plain = call.model_copy(update={"sources": {}})
        mentions = self.mentions(plain)
        if subject is not None and tl.subject is not None:
            mentions[tl.subject] = subject
        return noun_phrase(tl, tl.fields[pattern], self.args_in_effect(call), mentions, set())

    def member_questions(self, mset: MemberSet, rng: random.Random) -> list[Cand]:
        """Which member has the largest (smallest) value of one numeric field: of the members' own calls, or of
        one more call after each (:meth:`_hops`: *Which of the countries that border Spain has the capital with
        the largest population?*)."""
        named = self.named_set(mset)
        if named is None:
            return []
        members, whole, labels, noun = named
        out = self._ranked(mset, members, members, labels, noun, whole, None, rng, self._carried(mset))
        out.extend(self._counted(members, labels, whole, rng, self._carried(mset)))
        for ends, role in self._hops(members):
            out.extend(self._ranked(mset, members, ends, labels, noun, whole, role, rng))
        return out

    def named_set(self, mset: MemberSet) -> tuple[list[ToolCall], str, list[str], str | None] | None:
        """A set a question may go through: its member calls, its phrase (*the countries that border Spain*), the
        members' names and the noun of their kind; None for fewer than three members, names that repeat or are no
        names, or a set found by a chain."""
        if mset.parent not in self.calls or not all(c in self.calls for c in mset.calls) or len(mset.calls) < 3:
            return None
        if self.calls[mset.parent].sources:  # "the countries that use the currency of Equatorial Guinea": a set found
            return None  # by a chain is a detour (two reviewers each: 0 good of 2 with a hop, then 0 of 1 without)
        members = [self.calls[c] for c in mset.calls]
        try:
            whole = self._set_phrase(mset)
            labels, noun = self.entities(members)
        except DescribeError:
            return None
        if len(set(labels)) != len(labels) or not all(is_name(str(lab)) for lab in labels):
            return None
        return members, whole, [str(lab) for lab in labels], noun

    def _hops(self, members: Sequence[ToolCall]) -> list[tuple[list[ToolCall], str | None]]:
        """One more call after every member, the same tool fed the same field of each (a country's capital, then the
        city's record): the calls, in the members' order, and the role of the value that fed them, as a person
        names it (``capital``), or None when it names the member itself (an element's symbol is the element)."""
        by_hop: dict[tuple[str, str], dict[str, ToolCall]] = {}
        ids = {c.id for c in members}
        for call in self.calls.values():
            fed = {e.call_id for e in call.sources.values()}
            tl = self.lex.tools[call.tool]
            group = tl.groups.get(tl.subject or "")
            subject = group[0] if group else tl.subject  # a group's first member: a country's population
            if subject is None or len(fed) != 1 or (src := next(iter(fed))) not in ids or subject not in call.sources:
                continue  # a hop is about what the member's field names (its capital), fed from no other call
            if group and not all(m in call.sources for m in group):
                continue
            by_hop.setdefault((call.tool, call.sources[subject].path), {}).setdefault(src, call)
        out: list[tuple[list[ToolCall], str | None]] = []
        for (tool, path), found in sorted(by_hop.items()):
            if len(found) != len(members):
                continue
            if self.lex.tools[tool].subject in self.lex.tools[tool].groups:
                out.append(([found[c.id] for c in members], None))  # the member's own population and area: the
                continue  # population density of the member itself
            first = members[0]
            tl = self.lex.tools[first.tool]
            try:
                fl = self.field(first, path)
            except DescribeError:
                continue
            if self.names_subject(first, fl):
                role = None
            else:
                m = re.fullmatch(r"the ([a-z][a-z -]*) of \{(\w+)\}", fl.noun)
                if m is None or m.group(2) != tl.subject or not fl.bridge:
                    continue  # a role a person names in a word or two: the capital, the currency
                role = m.group(1)
            out.append(([found[c.id] for c in members], role))
        return out

    def _carried(self, mset: MemberSet) -> frozenset[tuple[str, str | None]]:
        """(key, type) of what the set's list gives of each member beside its name (the population and area of each
        country of a UN region): a member's own field of that key and type needs no call of the member's tool."""
        parent = self.calls[mset.parent]
        prefix = mset.items[: mset.items.rindex("[*]") + 3]
        return frozenset((path.rsplit(".", 1)[-1], sem) for path, sem in self.tools[parent.tool].output_sem.items()
                         if path.startswith(prefix + "."))

    def _ranked(self, mset: MemberSet, members: Sequence[ToolCall], ends: Sequence[ToolCall], labels: list[str],
                noun: str | None, whole: str, role: str | None, rng: random.Random,
                carried: frozenset[tuple[str, str | None]] = frozenset(), first: str | None = None) -> list[Cand]:
        """Superlatives of the fields of ``ends`` (one call per member), answered with the member's name; not of a
        field the set's own list ``carried`` (the list of a region's countries gives each one's population).
        ``first``: the op tried first (argmax or argmin; else drawn)."""
        tl = self.lex.tools[ends[0].tool]
        n_calls = len(set().union(*(self.lineage(c.id) for c in ends)))
        out: list[Cand] = []
        if self.dated(ends[0]):
            return out
        said = labels
        if ends is not members and tl.subject not in tl.groups:  # a group's subject is the member (its density)
            said = [self.literal(c.arguments.get(tl.subject or ""), self.tools[c.tool].param_sem.get(tl.subject or ""))
                    for c in ends]
            if len(set(said)) != len(said):
                return out  # two members' capitals of one name: not a question about the members
        for pattern, fl in tl.fields.items():
            if fl.is_list or not fl.compare or not fl.asked or fl.noun.startswith("the number of"):
                continue
            if not is_quantity(self.tools[ends[0].tool].output_sem.get(pattern), fl.noun):
                continue
            if (pattern.rsplit(".", 1)[-1], self.tools[ends[0].tool].output_sem.get(pattern)) in carried:
                continue
            if any(disputed(fl, c.arguments.get(tl.subject or "")) for c in ends):
                continue  # a member with no one value: carbon's density, graphite's or diamond's (both readers, round
                # CE, of "boron the densest of period 2")
            found = [list(expand(self.trace.observation(c.id).output, pattern)) for c in ends]
            if not all(len(f) == 1 and number(f[0][1]) for f in found):
                continue
            values = [f[0][1] for f in found]
            if len(set(values)) != len(values) or min(values) < 0 or _ranked_by_names(labels, values):
                continue  # ties; signed values ("the smallest elongation"); Sn-124 the heaviest isotope of tin
            try:
                grouped = tl.subject in tl.groups
                phrases = [self._phrase(c, pattern, subject=str(lab) if grouped else None) for c, lab in zip(ends, said,
                                                                                                             strict=True)]
                head = head_of(phrases, [str(lab) for lab in said]) if role is None else _head(
                    self._phrase(_bare(ends[0], members[0]), pattern, subject=_IT))
            except (KeyError, DescribeError):
                continue
            if not head or " it " in f" {head} ":
                continue
            op = pick_op(values, rng, fl.lead or 3.0, margin=lead_needed(fl), inner=self._trends(mset),
                         first=first)
            if op is None:
                continue
            word = degree(op, head)
            options: list[JsonValue] = [str(lab) for lab in labels]
            try:
                winner = str(apply_op(op, list(values), {"labels": options}))
            except OpError:
                continue
            if ends is members and self.famous(fl, op, members[labels.index(winner)]):
                continue  # Russia the largest of the countries that border Kazakhstan (both readers, round CQ)
            if winner.casefold() in whole.casefold():
                continue  # the set names it: South Africa the largest of the countries that use the South African
                # rand (two readers, round BS)
            spec = AnswerSpec(type="string", value=winner, aliases=self.other_names(members[labels.index(winner)], winner),
                              instructions=f"Answer with the {noun}'s name." if noun else "Answer with its name.")
            if role is None:
                forms = [f"Which of {whole} has the {word} {head}?", f"Of {whole}, which has the {word} {head}?",
                         f"Among {whole}, which one has the {word} {head}?"]
            else:
                forms = [f"Which of {whole} has the {role} with the {word} {head}?",
                         f"Of {whole}, which has the {role} with the {word} {head}?",
                         f"Among {whole}, which one's {role} has the {word} {head}?"]
            query = self._ask(forms, spec, rng, call=ends[0])
            prov = Provenance(evidence=tuple(Evidence(call_id=c.id, path=f[0][0]) for c, f in zip(ends, found,
                                                                                                  strict=True)),
                              op=op, params={"labels": options})
            sentence = (f"Of {whole}, {winner} has the {word} {head}." if role is None
                        else f"Of {whole}, {winner} has the {role} with the {word} {head}.")
            out.append(Cand(query, spec, prov, "members", n_calls, sentence))
        return out

    def _counted(self, members: Sequence[ToolCall], labels: Sequence[str], whole: str, rng: random.Random,
                 carried: frozenset[tuple[str, str | None]] = frozenset()) -> list[Cand]:
        """How many members have a value of a field that the lexicon's ``where`` names (*How many of the countries
        that border Germany use the euro?*): asked when two or more members have it and some do not."""
        tl = self.lex.tools[members[0].tool]
        n_calls = len(set().union(*(self.lineage(c.id) for c in members)))
        out: list[Cand] = []
        for pattern, fl in tl.fields.items():
            if not fl.where:
                continue
            path = pattern.rsplit("[*]", 1)[0] if fl.is_list else pattern
            found = [list(expand(self.trace.observation(c.id).output, path)) for c in members]
            if not all(len(f) == 1 and f[0][1] is not None for f in found):
                continue
            values: list[JsonValue] = [f[0][1] for f in found]
            for value, does in sorted(fl.where.items()):
                try:
                    n = apply_op("count_of", values, {"value": value})
                except OpError:
                    continue
                if not isinstance(n, int) or not 1 < n < len(values):
                    continue  # all of them: no count to work out; one: the country the currency is named after (the
                    # US of Mexico's neighbours), or a quiz's odd one out
                which = [str(lab) for lab, v in zip(labels, values, strict=True) if holds(v, value)]
                out.append(self._count(members, found, which, whole, does, "count_of", {"value": value}, n_calls, rng))
        out.extend(self._over(members, labels, whole, n_calls, rng, carried))
        return out

    def _count(self, members: Sequence[ToolCall], found: Sequence[list[tuple[str, Any]]], which: list[str], whole: str,
               does: str, op: str, params: dict[str, JsonValue], n_calls: int, rng: random.Random) -> Cand:
        """The question *How many of {whole} {does}?* over the members' values ``found``, answered by the members
        ``which`` do, and said back naming them."""
        n = len(which)
        spec = AnswerSpec(type="integer", value=n, instructions="Answer with a whole number.")
        forms = [f"How many of {whole} {does}?", f"Of {whole}, how many {does}?", f"Among {whole}, how many {does}?"]
        query = self._ask(forms, spec, rng, call=members[0])
        prov = Provenance(evidence=tuple(Evidence(call_id=c.id, path=f[0][0]) for c, f in zip(members, found,
                                                                                              strict=True)),
                          op=op, params=params)
        said = f"{capitalize(number_word(n))} of {whole} {does}: {join_list(which)}."
        return Cand(query, spec, prov, "members_count", n_calls, said)

    def _over(self, members: Sequence[ToolCall], labels: Sequence[str], whole: str, n_calls: int, rng: random.Random,
              carried: frozenset[tuple[str, str | None]] = frozenset()) -> list[Cand]:
        """How many members have a value over a round number, for a field whose lexicon says how (``over``): *How many
        of the countries that border Germany have more than 10 million people?* The number is one no member's value
        comes within the field's margin (or tolerance, at least 10%) of, so a source a few years off or a gazetteer's
        other area counts the same; asked when two members or more are over it and one or more is not (one would read
        "One of ... have"), and not of a field the set's own list ``carried`` (a UN region's list gives each country's
        area: the members' lookups would add nothing)."""
        tl = self.lex.tools[members[0].tool]
        out: list[Cand] = []
        for pattern, fl in tl.fields.items():
            if not fl.over or fl.is_list or any(disputed(fl, c.arguments.get(tl.subject or "")) for c in members):
                continue
            if (pattern.rsplit(".", 1)[-1], self.tools[members[0].tool].output_sem.get(pattern)) in carried:
                continue
            found = [list(expand(self.trace.observation(c.id).output, pattern)) for c in members]
            if not all(len(f) == 1 and number(f[0][1]) for f in found):
                continue
            values = [f[0][1] for f in found]
            spread = 1 + max(fl.margin, fl.tolerance, 0.1)
            lines = [t for t in _ROUND if 1 < sum(v > t for v in values) < len(values)
                     and all(v > t * spread or v * spread < t for v in values)]
            if not lines:
                continue
            balance = {t: abs(2 * sum(v > t for v in values) - len(values)) for t in lines}  # nearest an even split:
            line = rng.choice([t for t in lines if balance[t] == min(balance.values())])  # not "all but Luxembourg"
            which = [str(lab) for lab, v in zip(labels, values, strict=True) if v > line]  # what count_over recomputes
            out.append(self._count(members, found, which, whole, fl.over.format(n=amount(line)), "count_over",
                                   {"over": line}, n_calls, rng))
        return out

    def member_total(self, call: ToolCall, mset: MemberSet, rng: random.Random) -> list[Cand]:
        """The total of a field that adds up over every member, from the statistics call they fed."""
        ordered = sorted(call.sources.items(), key=lambda kv: index_of(kv[0]))
        if [e.call_id for _, e in ordered] != list(mset.calls) or mset.parent not in self.calls:
            return []
        first = self.calls.get(ordered[0][1].call_id)
        if first is None:
            return []
        try:
            whole = self._set_phrase(mset)
            fl = self.field(first, ordered[0][1].path)
            labels, _ = self.entities([first])
            head = head_of([self._phrase(first, fl.path)], [str(labels[0])])
        except (DescribeError, KeyError):
            return []
        total = self.trace.observation(call.id).output
        total = total.get("sum") if isinstance(total, dict) else None
        if not head or not is_additive(head) or " it " in f" {head} " or not number(total):
            return []
        try:
            spec, params = self._spec(total, None, self.unit(first, ordered[0][1].path, fl))
        except (ValueError, OpError):
            return []
        forms = [f"What is the combined {head} of {whole}?", f"What is the total {head} of {whole}, taken together?",
                 f"Taken together, what is the {head} of {whole}?"]
        query = self._ask(forms, spec, rng, call=first)
        prov = Provenance(evidence=(Evidence(call_id=call.id, path="$.sum"),), op="identity", params=params)
        return [Cand(query, spec, prov, "members_total", len(self.lineage(call.id)))]


_ROUND = tuple(k * 10**e for e in range(10) for k in (1, 2, 5))
"""The round numbers a count of members is asked against: 1, 2, 5, 10, 20, 50, ... 5 billion."""


def amount(n: int) -> str:
    """A round number as a person says it: 10 million, 500,000."""
    return f"{n // 10**6:,} million" if n >= 10**6 and n % 10**6 == 0 else f"{n:,}"


_IT = "\x00"
"""A placeholder for a hop's subject in its field's phrase (``the population of the city of \\x00``)."""


def _head(phrase: str) -> str:
    """What a field's phrase says of its subject (the placeholder :data:`_IT`), for *the capital with the largest
    population*: ``the population of the city of \\x00`` -> ``population``; "" when the phrase says more of it."""
    m = re.fullmatch(rf"the ([a-z][a-z -]*?) of (?:the [a-z]+ of )?{_IT}( [a-z ]+)?", phrase)
    return f"{m.group(1)}{m.group(2) or ''}" if m and " of " not in m.group(1) else ""


def _bare(call: ToolCall, member: ToolCall) -> ToolCall:
    """``call`` without the arguments it took from ``member``'s own (a capital looked up in its country: the
    capital of Belgium is in Belgium, and *the capital with the largest population* need not say so)."""
    given = {canonical_json(v) for v in member.arguments.values()}
    return call.model_copy(update={"arguments": {p: v for p, v in call.arguments.items()
                                                 if p in call.sources or canonical_json(v) not in given}})


def _ranked_by_names(labels: Sequence[Any], values: Sequence[Any]) -> bool:
    """Whether the number in each member's name ranks them as the values do (the heaviest isotope of tin is
    Sn-124): then the question needs no tool."""
    keys = []
    for lab in labels:
        found = re.findall(r"\d+", str(lab))
        if len(found) != 1:
            return False
        keys.append(int(found[0]))
    by_name = sorted(range(len(keys)), key=lambda i: keys[i])
    by_value = sorted(range(len(values)), key=lambda i: values[i])
    return by_name == by_value or by_name == by_value[::-1]
