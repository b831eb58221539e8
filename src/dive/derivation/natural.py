"""The natural deriver: realize a trace's program as a request a person would make.

It reads the program the explorer ran (:mod:`dive.exploration.programs`: chains of calls,
each argument's source recorded in ``ToolCall.sources``) and the lexicon
(:mod:`dive.lexicon`), and writes questions that never name a tool, a parameter or a
field. Intermediate values are described by their relation, never named: the population
of *the capital of Peru*, not of Lima. The shapes:

- ``chain``: one askable field of the last call of a chain (k hops);
- ``count``: how many items a complete list field holds, at the end of a chain;
- ``which``: every item of such a list, in the lexicon's own words (:mod:`dive.derivation.listed`: *What are the
  official languages of Bahrain?*);
- ``superlative``: which of 3-5 entities has the largest / smallest value of the same
  chain's numeric field (argmax / argmin);
- ``select``: the same choice among those of the entities that meet a condition on a second property, from
  another tool (:mod:`dive.derivation.select`: *which has the lowest boiling point among those with a flash point
  above 10 °C?*);
- ``difference``: how much larger one entity's value is than another's;
- ``same``: whether two entities share a named value (the same time zone): yes or no;
- ``join``: one askable field of a call fed by two chains (the distance between two
  described places, one described value divided by another);
- ``aggregate``: the total of the same chain's numeric field over 3+ entities, for fields that
  add up (the combined population of three countries), from the statistics tool fed item by item;
- ``nearest``: which of several things (the members of a set, or named entities) is closest to or
  farthest from one anchor by a measure between two things (:mod:`dive.derivation.nearest`: *Which
  of the countries that border Spain has its capital closest to the capital of Spain?*);
- ``members`` and ``members_total``: which member of a set an earlier call lists has the largest
  value of a field, or the field's total over the set (:mod:`dive.derivation.members`: *Which of
  the countries that border Spain has the largest population?*).
- ``winner_value``: the winning value of a members question, converted to the unit a person asks
  for (:mod:`dive.derivation.winners`: *What is the largest area among the countries that
  border Germany, in square miles?*); ``winner_hop``: a thing of the winner's, asked of the winner
  described (*What currency does the country with the largest area among the countries that border
  Spain use?*).

Every answer is an op over recorded evidence, so grounding recomputes it. Candidates that
would be trivial are not written: an answer equal to an argument (an echo), equal
operands, ties, empty lists, a zero (no aromatic ring in ribose, no site of most enzymes
in one sequence: reviewers found it needs no tool). Candidates come back best first: more
calls behind the answer first, then the richer shape.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator, Mapping, Sequence
from functools import partial
from typing import Any

from dive._hashing import canonical_json
from dive.chains import ARITHMETIC, chains_of, day_params, joins_of, main_chain, member_sets
from dive.derivation.compare import CODE_NOUN, IN_UNIT, NOUN_HEAD, Cand, Draft, index_of, number
from dive.derivation.describe import SHIFTED, DescribeError
from dive.derivation.listed import Listed
from dive.derivation.realize import noun_phrase, question_forms
from dive.derivation.select import Selections
from dive.derivation.winners import Winners
from dive.derivation.wording import that_of_other, what_if
from dive.errors import ConfigError
from dive.jsonpath import expand
from dive.lexicon import FieldLex, Lexicon, disputed
from dive.ops import OpError
from dive.records import AnswerSpec, Evidence, Provenance, Seed, Task, ToolCall, Trace
from dive.tools.tool import Tool

__all__ = ["SHAPES", "Natural"]

_SHAPE_WEIGHT = {"chain": 0.0, "count": 0.5, "which": 0.5, "same": 0.5, "difference": 1.0, "join": 1.5, "superlative": 1.5,
                 "aggregate": 1.5, "members": 2.0, "members_count": 1.8, "members_total": 2.0, "nearest": 2.5, "winner_value": 2.5,
                 "winner_hop": 2.5, "select": 1.0}
SHAPES = frozenset(_SHAPE_WEIGHT)
"""Every shape the natural deriver can ask (``derive.shapes`` picks some)."""


class Natural:
    """The offline natural-language deriver (see the module docstring)."""

    name = "natural"
    needs_new_evidence = True
    """Its tasks are a function of the trace: a round whose explorer added no call ends the item."""

    def __init__(self, lexicon: Lexicon, max_query_chars: int = 400, min_calls: int = 2,
                 shapes: Sequence[str] = tuple(sorted(SHAPES)), one_call: bool = True) -> None:
        unknown = sorted(set(shapes) - set(SHAPES))
        if unknown:
            raise ConfigError(f"derive.shapes: unknown shape(s) {unknown}; choose from {sorted(SHAPES)}")
        self.shapes = frozenset(shapes)
        """The shapes asked (every one by default; a run's config, ``derive.shapes``, asks chain, superlative,
        members and winner_value)."""
        self.lexicon = lexicon
        self.one_call = one_call
        """Whether a round-1 question may take one call when it is worked out from three or more stated inputs
        (:func:`_worked_out`); a run's config (``derive.one_call: coverage``) keeps one-call questions only for the
        item's coverage tool."""
        self.max_query_chars = max_query_chars
        self.min_calls = min_calls
        """Fewest calls behind a round-1 answer, one more per later round (when above 1): a one-call
        lookup is not a multi-step task, and round k's program must be deeper than round 1's (a
        later round extends the program instead)."""

    def derive(self, *, trace: Trace, tools: Mapping[str, Tool], seed: Seed, round: int,
               previous: Task | None, rng: random.Random, cover: str | None = None) -> list[Task]:
        """Candidate tasks, best first. ``cover``: a tool a one-call question may be asked about in round 1 (the
        item's focus tool in the first pass over the pool), so that a tool no chain reaches is in some task."""
        return list(self.iter_derive(trace=trace, tools=tools, seed=seed, round=round, previous=previous, rng=rng,
                                     cover=cover))

    def iter_derive(self, *, trace: Trace, tools: Mapping[str, Tool], seed: Seed, round: int,
                    previous: Task | None, rng: random.Random, cover: str | None = None) -> Iterator[Task]:
        """The tasks of :meth:`derive`, in its order, each put in words only when read: a pipeline that verifies the
        first few reads only those (and gets the same tasks)."""
        r = _Realizer(self.lexicon, trace, tools, seed)
        chains = [c for c in chains_of(trace, self.lexicon) if all(x in r.calls for x in c.calls)]
        cands: list[Cand | Draft] = []
        asked: tuple[str, ...] = ()
        if chains:  # the main chain (the seed's own); the others exist to be compared or joined with it
            main = chains.pop(main_chain(chains))
            chains.insert(0, main)
            for end in range(len(main.calls), 0, -1):  # a tail with nothing to ask (in the shapes asked): its prefix
                found = [d for d in r.chain_drafts(main.calls[:end], rng) if d.shape in self.shapes]
                if found:
                    cands.extend(found)
                    asked = main.calls[:end]
                    break
        covers = {c.id for c in trace.calls if c.tool == cover} if cover is not None and round == 1 else set()
        for chain in chains:  # the focus tool off the main chain, or inside it before its asked end: its own questions
            # (the calling code of Israel, where the chain goes on to the countries that share it and asks nothing)
            if covers & set(chain.calls):
                last = max(i for i, c in enumerate(chain.calls) if c in covers)
                if chain.calls[: last + 1] != asked:
                    cands.extend(r.chain_drafts(chain.calls[: last + 1], rng))
        sets = member_sets(trace)
        for mset in sets:  # the countries that border Spain: which has the largest population
            cands.extend(r.member_questions(mset, rng))
            cands.extend(r.member_selections(mset, rng))  # ... among those that have more than 1 million people
        cands.extend(r.rankings(rng))  # which of the countries that border Spain has its capital closest to Madrid
        in_chains = {c for chain in chains for c in chain.calls}
        for join in joins_of(trace):
            if join in in_chains:
                continue  # a call on a named day, fed by the day's call too, extends its place's chain
            of_set = [m for m in sets if join in r.calls
                      and {e.call_id for e in r.calls[join].sources.values()} == set(m.calls)]
            if of_set and _item_fed(r.calls[join]):
                cands.extend(r.member_total(r.calls[join], of_set[0], rng))
            elif join in r.calls and _item_fed(r.calls[join]):
                cands.extend(r.aggregates(r.calls[join], rng))
            elif join in r.calls:
                cands.extend(r.chain_drafts([join], rng, shape="join"))
        groups: dict[tuple[str, ...], list[Any]] = {}
        for chain in chains:
            groups.setdefault(tuple(r.calls[c].tool for c in chain.calls), []).append(chain)
        for members in groups.values():
            if len(members) >= 2 and members[0] is chains[0]:
                cands.extend(r.comparisons([m.calls for m in members], rng))
                cands.extend(r.selections([m.calls for m in members], rng))  # among those with a flash point above ...
        cands.extend(r.winner_values(sets, rng))  # the largest area among ..., in square miles
        cands.extend(r.winner_hops(sets, rng, r.chain_questions))  # the currency of the largest of ...
        previous_calls = 0
        if previous is not None:
            previous_calls = len(set().union(*(r.lineage(e.call_id) for e in previous.provenance.evidence)))
        # each round's task is deeper than the one kept before it; a round with none before it (a calculator's
        # one call asks nothing) starts from the least
        least = self.min_calls if previous is None or self.min_calls <= 1 else max(self.min_calls, previous_calls + 1)
        cands = [c for c in cands if c.shape in self.shapes
                 and (isinstance(c, Draft) or len(c.query) <= self.max_query_chars) and (c.calls >= least or (previous is None and self.one_call and _worked_out(c, r))
                      or _uses(c, r, covers))]
        current = {c.id for c in trace.calls if c.round == round}

        def score(c: Cand | Draft) -> float:
            fresh = any(e.call_id in current for e in c.evidence)
            return (c.calls + _SHAPE_WEIGHT[c.shape] + (3.0 if fresh else 0.0) + (2.0 if _uses(c, r, covers) else 0.0)
                    - (4.0 if c.calls < previous_calls else 0.0) + rng.random())

        scored = sorted(cands, key=lambda c: -score(c))
        parent = previous.id if previous else None
        seen: set[str] = set()
        for ranked in scored:
            cand = ranked.write() if isinstance(ranked, Draft) else ranked
            if cand is None or len(cand.query) > self.max_query_chars or cand.query in seen:
                continue
            seen.add(cand.query)
            yield Task(trace_id=trace.id, query=cand.query, answer=cand.answer, provenance=cand.provenance,
                       toolset=trace.toolset, round=round, parent_task_id=parent, template=cand.shape,
                       statement=cand.statement)


class _Realizer(Listed, Winners, Selections):
    """Questions over the descriptions of one trace."""

    # -- chain questions -----------------------------------------------------------------

    def chain_questions(self, chain: Sequence[str], rng: random.Random, shape: str = "chain") -> list[Cand]:
        """The chain's questions, each written (see :meth:`chain_drafts`)."""
        return [c for d in self.chain_drafts(chain, rng, shape) if (c := d.write()) is not None]

    def chain_drafts(self, chain: Sequence[str], rng: random.Random, shape: str = "chain") -> list[Draft]:
        """One draft per askable field of the chain's last call that passes the checks on its value; each is put in
        words only when written (:class:`~dive.derivation.compare.Draft`)."""
        out: list[Draft] = []
        last = self.calls[chain[-1]]
        tl = self.lex.tools[last.tool]
        args = self.args_in_effect(last)
        inputs = {canonical_json(v) for c in self.lineage(last.id) for v in self.trace_call(c).arguments.values()
                  if v is not None}  # an answer that is any input of the program is an echo (FR -> ... -> FR)
        inputs |= {canonical_json(v) for v in args.values() if v is not None}
        try:
            mentions = self.mentions(last)
        except (DescribeError, KeyError):
            return out
        if any(e.call_id in self.calls and self.is_own_subject(self.calls[e.call_id], e.path)
               for e in last.sources.values()):
            return out  # "What time zone is the capital of Vatican City in?": a riddle (two reviewers)
        change = None
        if last.tool in ARITHMETIC and all(p in mentions and p in last.sources for p in ARITHMETIC[last.tool]):
            a, b = ARITHMETIC[last.tool]  # "how much larger is the eGFR ... of a 45-year-old woman with ... than
            change = self._what_if(last, mentions[a], mentions[b])  # for an 82-year-old woman?": said once
            mentions[b] = that_of_other(mentions[a], mentions[b])
        n_calls = len(self.lineage(last.id))
        output = self.trace.observation(last.id).output
        fed = {e.path for c in self.calls.values() for e in c.sources.values() if e.call_id == last.id}
        days = self.named_days(last)
        for pattern, fl in tl.fields.items():
            found = list(expand(output, pattern))
            if not fl.asked:
                continue  # it only feeds other calls (a capital's longitude: gazetteers differ)
            if days and not days & set(fl.days):
                continue  # the day was named for its sunset: the solar noon of the first day of Ramadan is no request
            if not all(number(v) and v > bound for k, bound in fl.above.items()
                       for _, v in (list(expand(output, k)) or [(k, None)])):
                continue  # the compass direction of Jupiter 4.7° below the horizon (two readers, round AT)
            if not all(number(v) and v < bound for k, bound in fl.below.items()
                       for _, v in (list(expand(output, k)) or [(k, None)])):
                continue  # 1.0000 of a sample of potassium-40 left after 10 years
            if fl.min_atoms and (size := self.heavy_atoms(last)) is not None and size < fl.min_atoms:
                continue  # the one ring of THF, the molecular weight of sulfuric acid: read by eye or known
            if fl.ask_in and shape in ("chain", "winner_hop"):
                continue  # a flash point in kelvins: asked only converted (dive.exploration.convert)
            if fl.margin and shape in ("chain", "winner_hop"):  # a figure sources and years differ on (Belmopan: 13,381 people in
                continue  # GeoNames, about 20,600 in the 2022 census) is compared with a lead, never asked outright
            if tl.subject is not None and disputed(fl, args.get(tl.subject)):
                continue  # the lattice constant of phosphorus: of white, red or black phosphorus (both readers, round CB)
            if not fl.bridge and self.described(last):
                continue  # "the country of the time zone of Prague": a riddle for what the asker knows
            if fl.is_list:
                if not fl.count:
                    continue  # "how many items are in the masses of the first 8 peaks": only a lexicon's own count
                if not found or self.trace.observation(last.id).truncated or _capped(self.tools[last.tool], args,
                                                                                          len(found)):
                    continue
                evidence = Evidence(call_id=last.id, path=pattern.rsplit("[*]", 1)[0])
                out.append(Draft((evidence,), "count", n_calls, partial(
                    self._count_question, last, fl, args, mentions, evidence, len(found), n_calls,
                    random.Random(rng.getrandbits(64)))))
                values = [v for _, v in found]
                if fl.ask and not fl.members and path_free(pattern, fed) and self.listable(last, pattern, values, inputs):
                    out.append(Draft((Evidence(call_id=last.id, path=pattern),), "which", n_calls, partial(
                        self.list_question, last, pattern, values, args, mentions, n_calls, self._kind(last),
                        random.Random(rng.getrandbits(64)))))
                continue
            if len(found) != 1:
                continue
            path, value = found[0]
            if self.given_before(last, path) is not None:
                continue  # caffeine's molecular weight from its record found by its CAS number: the first record
                # gives it (asked of the chain's prefix)
            if (value is None or value == "" or (number(value) and value == 0) or isinstance(value, dict | list)
                    or canonical_json(value) in inputs
                    or path in fed or (isinstance(value, str) and len(value) > 60)
                    or self.is_own_subject(last, path)):  # the capital of Singapore
                continue
            if self.tools[last.tool].output_sem.get(pattern) in _DATES and self._date_fed(last) and not days:
                continue  # "the next bank business day after the date 3 bank business days after ...": a riddle
            out.append(Draft((Evidence(call_id=last.id, path=path),), shape, n_calls, partial(
                self._field_question, last, pattern, path, value, args, mentions, change, shape, n_calls,
                random.Random(rng.getrandbits(64)))))
        return out

    def _count_question(self, last: ToolCall, fl: FieldLex, args: Mapping[str, Any], mentions: Mapping[str, str],
                        evidence: Evidence, n: int, n_calls: int, rng: random.Random) -> Cand | None:
        tl = self.lex.tools[last.tool]
        try:
            phrase = noun_phrase(tl, fl, args, mentions, self.described(last))
        except KeyError:
            return None
        spec = AnswerSpec(type="integer", value=n, instructions="Answer with a whole number.")
        forms = question_forms(tl, fl, phrase, mentions, args, count=True, described=self.described(last),
                               kind=self._kind(last))
        query = self._ask(forms, spec, rng, own=bool(fl.count), call=last)
        return Cand(query, spec, Provenance(evidence=(evidence,), op="count"), "count", n_calls)

    def _field_question(self, last: ToolCall, pattern: str, path: str, value: Any, args: Mapping[str, Any],
                        mentions: dict[str, str], change: str | None, shape: str, n_calls: int, rng: random.Random
                        ) -> Cand | None:
        tl = self.lex.tools[last.tool]
        fl = tl.fields[pattern]
        tolerance = fl.tolerance or self._source_tolerance(last)
        try:
            phrase = noun_phrase(tl, fl, args, mentions, self.described(last))
            spec, params = self._spec(value, self.tools[last.tool].output_sem.get(pattern),
                                      self.unit(last, pattern, fl) or self._operand_unit(last),
                                      code=bool(CODE_NOUN.search(NOUN_HEAD.split(fl.noun, 1)[0])),
                                      digits=fl.digits if fl.digits is not None else self._fed_digits(last, value),
                                      tolerance=tolerance)
        except (KeyError, ValueError, OpError):
            return None
        if spec.type == "number" and spec.abs_tol and self._restated(last) and last.arguments.get("from_unit") in SHIFTED:
            # a temperature said in °C to the decimals of its kelvins: the source's rounding, of the same size, is
            # accepted too (ethyl acetate's 190 K is -83 °C, and -83.6 °C in other tables rounds to -84: two readers,
            # round BQ)
            spec = spec.model_copy(update={"abs_tol": 2 * spec.abs_tol})
        if tolerance and spec.type in ("number", "integer"):  # evaluations differ: caesium-137's half-life is 30.17
            # or 30.08 years; a discovery year is its finding's or its publication's
            spec = spec.model_copy(update={"rel_tol": max(spec.rel_tol or 0.0, tolerance)})
        if spec.type == "time" and params.get("minute") and any(
                self.tools[last.tool].param_sem.get(p) in ("latitude", "longitude") for p in last.sources):
            spec = spec.model_copy(update={"abs_tol": 1.0})  # a sky event at a place found by name: another gazetteer
            # puts Tallinn 4' further north, and its civil twilight ends 2 minutes later in June (a reader, round BM)
        forms = question_forms(tl, fl, phrase, mentions, args, described=self.described(last), kind=self._kind(last))
        own = sum(phrase not in f for f in forms)
        said = "" if change is not None else self._states(phrase, spec, self.tools[last.tool].output_sem.get(pattern))
        restated = self._restated_forms(last) if change is None and shape == "chain" else []
        in_unit = _in_unit(spec.instructions, mentions.get("to_unit", ""))
        if restated and in_unit and rng.random() < _RESTATED_SHARE:  # "At what temperature does nitrous oxide
            # melt? Give the number in degrees Celsius, ...": the found value's own question, its unit in the answer's
            forms, own = restated, len(restated)
            spec = spec.model_copy(update={"instructions": in_unit})
        if change is not None:  # one calculation, one input changed: the change said once
            a = mentions[ARITHMETIC[last.tool][0]]
            forms, own = [f"How much larger is {a} than it is {change}?",
                          f"How much more is {a} than it would be {change}?",
                          f"By how much does {a} drop {change} instead?"], 0
        query = self._ask(forms, spec, rng, own=own, call=last)
        if (spec.type == "string" and self.tools[last.tool].output_sem.get(pattern) not in _DATES
                and _repeats(str(spec.value), query.replace(spec.instructions, ""))):
            return None  # "What time zone is the capital of the Maldives in?": "Maldives time" (two reviewers)
        prov = Provenance(evidence=(Evidence(call_id=last.id, path=path),), op="identity", params=params)
        return Cand(query, spec, prov, shape, n_calls, said)

    def _restated_forms(self, call: ToolCall) -> list[str]:
        """The lexicon's own question forms of the found value ``call`` says again in another unit (*At what
        temperature does nitrous oxide melt?*, for its melting point in degrees Celsius); [] when its field has none."""
        src = self._restated(call)
        if src is None:
            return []
        found = self.calls[src.call_id]
        tl, described = self.lex.tools[found.tool], self.described(found)
        try:
            fl = self.field(found, src.path)
            args, mentions = self.args_in_effect(found), self.mentions(found)
            phrase = noun_phrase(tl, fl, args, mentions, described)
        except (DescribeError, KeyError):
            return []
        forms = question_forms(tl, fl, phrase, mentions, args, described=described, kind=self.tools[found.tool].kind)
        return [f for f in forms if phrase not in f and not IN_UNIT.search(f.rstrip("?."))]  # not "How big is Kenya in
        # square kilometres?": the unit is the instructions' ("Give the number in square miles")

    def _what_if(self, call: ToolCall, first: str, other: str) -> str | None:
        """The changed input, as a clause (``with a BUN of 22 mg/dL``), when the two operands of a subtraction
        come from one tool's calls that differ in one argument other than their subject: a what-if."""
        srcs = [call.sources[p] for p in ARITHMETIC[call.tool]]
        if any(e.call_id not in self.calls for e in srcs):
            return None
        x, y = (self.calls[e.call_id] for e in srcs)
        subject = self.lex.tools[x.tool].subject
        differ = {p for p in set(x.arguments) | set(y.arguments) if x.arguments.get(p) != y.arguments.get(p)}
        if (x.tool != y.tool or len(differ) != 1 or x.sources or y.sources
                or (subject in differ and isinstance(x.arguments.get(subject), str))):
            return None  # two things (retinol and ascorbic acid) are "that of": a what-if changes a number
        return what_if(first, other)

    def _restated(self, call: ToolCall) -> Evidence | None:
        """The found value ``call`` says again in another unit (its lexicon's ``implied`` feeder), if any."""
        for feeder in self.lex.tools[call.tool].implied.values():
            src = call.sources.get(feeder)
            if src is not None and src.call_id in self.calls:
                return src
        return None

    def _kind(self, call: ToolCall) -> str:
        """The kind of work a question about ``call`` says it takes: a found value said in another unit is looked up,
        not calculated ("Please calculate the flash point of ethylbenzene in degrees Celsius" reads wrong)."""
        src = self._restated(call)
        return self.tools[(self.calls[src.call_id] if src else call).tool].kind

    def _fed_digits(self, call: ToolCall, converted: Any) -> int | None:
        """The decimal places of ``converted``, the found value ``call`` restates in another unit (a melting point
        known to the kelvin is known to the degree Celsius)."""
        src = self._restated(call)
        return self.restated_digits(src, call.arguments.get("from_unit") in SHIFTED, converted) if src else None

    def _source_tolerance(self, call: ToolCall) -> float:
        """The lexicon ``tolerance`` of the found value ``call`` restates in another unit (0.0 when none)."""
        src = self._restated(call)
        if src is None or src.call_id not in self.calls:
            return 0.0
        try:
            return self.field(self.calls[src.call_id], src.path).tolerance
        except (DescribeError, KeyError):
            return 0.0

    def _operand_unit(self, call: ToolCall) -> str | None:
        """The unit of an arithmetic call's first operand's field: a difference of two half-lives is in years."""
        if call.tool not in ARITHMETIC or ARITHMETIC[call.tool][0] not in call.sources:
            return None
        src = call.sources[ARITHMETIC[call.tool][0]]
        if src.call_id not in self.calls:
            return None
        try:
            return self.unit(self.calls[src.call_id], src.path, self.field(self.calls[src.call_id], src.path))
        except DescribeError:
            return None

    def named_days(self, call: ToolCall) -> set[tuple[str, str]]:
        """The named days (tool, date field) that fed ``call`` (:func:`dive.chains.day_params`)."""
        tool_of = {i: self.trace_call(i).tool for e in call.sources.values() for i in (e.call_id,)}
        return {(tool_of[call.sources[p].call_id], call.sources[p].path) for p in day_params(call, tool_of, self.lex)}

    def _date_fed(self, call: ToolCall) -> bool:
        """Whether a described date fed ``call`` (its own date outputs are then dates of dates)."""
        tool = self.tools[call.tool]
        return any(tool.param_sem.get(p) in _DATES for p in call.sources)


_DATES = frozenset({"date", "datetime"})

_RESTATED_SHARE = 0.67
"""How often a question about a found value said in another unit asks it in its field's own words, the unit in the
answer's instructions, when the field has its own question forms (:meth:`_Realizer._restated_forms`): a run's converted
melting points are asked two ways, not all as *the melting point of X in degrees Celsius*, so more of them are kept
before one wording fills (``verify.max_per_form``)."""

_NUMBER_ASKED = ("Give the number", "Answer with a whole number")


def _in_unit(instructions: str, unit: str) -> str:
    """``instructions`` asking the number in ``unit`` (*Give the number in degrees Celsius, rounded to ...*); "" when
    they ask for something else or already name a unit."""
    for head in _NUMBER_ASKED:
        if unit and instructions.startswith(head) and not instructions.startswith(head + " in "):
            return f"{head} in {unit}{instructions[len(head):]}"
    return ""


def path_free(pattern: str, fed: set[str]) -> bool:
    """Whether no item of the list at ``pattern`` fed another call (a list the program goes on from is a bridge)."""
    prefix = pattern.rsplit("[*]", 1)[0]
    return not any(p.startswith(prefix + "[") for p in fed)


def _repeats(answer: str, query: str) -> bool:
    """Whether a named answer repeats a name the question states (a word of four letters or more, capitalized in
    both): the time zone of the capital of the Maldives is "Maldives time", the capital of Mexico "Mexico City"."""
    return any(re.search(rf"\b{re.escape(word)}\b", query) for word in re.findall(r"\b[A-Z][\w'-]{3,}", answer))


def _worked_out(cand: Cand | Draft, r: _Realizer) -> bool:
    """Whether a one-call question still asks for work: the call takes three or more stated inputs (a CURB-65
    score from a patient's age, confusion, BUN, breathing rate and blood pressure; sunset at a place on a date),
    so the agent must find the tool and map each input to its parameter."""
    if cand.calls != 1 or len(cand.evidence) != 1:
        return False
    call = r.calls.get(cand.evidence[0].call_id)
    return call is not None and not call.sources and len(call.arguments) >= 3


def _uses(cand: Cand | Draft, r: _Realizer, calls: set[str]) -> bool:
    """Whether a candidate's answer comes through one of ``calls``."""
    return bool(calls) and any(calls & r.lineage(e.call_id) for e in cand.evidence)


def _item_fed(call: ToolCall) -> bool:
    """Whether a call's list argument was fed item by item (``values[0]``, ...): an aggregate."""
    return bool(call.sources) and all(index_of(k) >= 0 for k in call.sources)


def _capped(tool: Tool, args: Mapping[str, Any], n: int) -> bool:
    """Whether a list's length may be the tool's cap rather than the true count."""
    for name in ("limit", "max_results", "n", "count", "top"):
        if isinstance(args.get(name), int) and n >= args[name]:
            return True
    return False
