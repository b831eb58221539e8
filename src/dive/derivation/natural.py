"""The natural deriver: realize a trace's program as a request a person would make.

It reads the program the explorer ran (:mod:`dive.exploration.programs`: chains of calls,
each argument's source recorded in ``ToolCall.sources``) and the lexicon
(:mod:`dive.lexicon`), and writes questions that never name a tool, a parameter or a
field. Intermediate values are described by their relation, never named: the population
of *the capital of Peru*, not of Lima. The shapes:

- ``chain``: one askable field of the last call of a chain (k hops);
- ``count``: how many items a complete list field holds, at the end of a chain;
- ``superlative``: which of 3-5 entities has the largest / smallest value of the same
  chain's numeric field (argmax / argmin);
- ``difference``: how much larger one entity's value is than another's;
- ``same``: whether two entities share a named value (the same time zone): yes or no;
- ``join``: one askable field of a call fed by two chains (the distance between two
  described places, one described value divided by another).

- ``aggregate``: the total or the mean of the same chain's numeric field over 3+ entities
  (the combined population of three countries), from the statistics tool fed item by item.

Every answer is an op over recorded evidence, so grounding recomputes it. Candidates that
would be trivial are not written: an answer equal to an argument (an echo), equal
operands, ties, empty lists, a zero (no aromatic ring in ribose, no site of most enzymes
in one sequence: reviewers found it needs no tool). Candidates come back best first: more calls behind the
answer first, then the richer shape.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dive._hashing import canonical_json
from dive.chains import chains_of, is_quantity, joins_of, main_chain
from dive.derivation.answers import digits_for, spec_for
from dive.derivation.describe import DescribeError, Describer
from dive.derivation.realize import capitalize, join_list, mention, noun_phrase, question_forms
from dive.jsonpath import expand
from dive.lexicon import Lexicon
from dive.ops import OpError, apply_op
from dive.records import AnswerSpec, Evidence, Provenance, Seed, Task, ToolCall, Trace
from dive.tools.tool import Tool

__all__ = ["Natural"]

_SHAPE_WEIGHT = {"chain": 0.0, "count": 0.5, "same": 0.5, "difference": 1.0, "join": 1.5, "superlative": 1.5,
                 "aggregate": 1.5}
_CONTEXT = {  # openers that fit any question of the domain (a reviewer found "For a patient note:" before
    # a count of codes in a category odd): most questions go without one
    "geo": ("Quick question: ", "For a geography quiz I'm writing: "),
    "time": ("Quick question: ", "For scheduling purposes: "),
    "finance": ("Quick question: ", "For a client report: "),
    "bio": ("Quick question: ", "For my lab notebook: "),
    "chem": ("Quick question: ", "For a chemistry assignment: "),
    "medicine": ("Quick question: ",),
    "general": ("Quick question: ",),
}


@dataclass(frozen=True)
class _Cand:
    query: str
    answer: AnswerSpec
    provenance: Provenance
    shape: str
    calls: int


class Natural:
    """The offline natural-language deriver (see the module docstring)."""

    name = "natural"

    def __init__(self, lexicon: Lexicon, max_query_chars: int = 400, min_calls: int = 2) -> None:
        self.lexicon = lexicon
        self.max_query_chars = max_query_chars
        self.min_calls = min_calls
        """Fewest calls behind a round-1 answer, one more per later round (when above 1): a one-call
        lookup is not a multi-step task, and round k's program must be deeper than round 1's (a
        later round extends the program instead)."""

    def derive(self, *, trace: Trace, tools: Mapping[str, Tool], seed: Seed, round: int,
               previous: Task | None, rng: random.Random) -> list[Task]:
        r = _Realizer(self.lexicon, trace, tools, seed)
        chains = [c for c in chains_of(trace, self.lexicon) if all(x in r.calls for x in c.calls)]
        cands: list[_Cand] = []
        if chains:  # the main chain (the seed's own); the others exist to be compared or joined with it
            main = chains.pop(main_chain(chains))
            chains.insert(0, main)
            for end in range(len(main.calls), 0, -1):  # a tail with nothing to ask: its prefix
                found = r.chain_questions(main.calls[:end], rng)
                if found:
                    cands.extend(found)
                    break
        for join in joins_of(trace):
            if join in r.calls and _item_fed(r.calls[join]):
                cands.extend(r.aggregates(r.calls[join], rng))
            elif join in r.calls:
                cands.extend(r.chain_questions([join], rng, shape="join"))
        groups: dict[tuple[str, ...], list[Any]] = {}
        for chain in chains:
            groups.setdefault(tuple(r.calls[c].tool for c in chain.calls), []).append(chain)
        for members in groups.values():
            if len(members) >= 2 and members[0] is chains[0]:
                cands.extend(r.comparisons([m.calls for m in members], rng))
        least = self.min_calls + (round - 1 if self.min_calls > 1 else 0)  # each round's program is deeper
        cands = [c for c in cands if len(c.query) <= self.max_query_chars and c.calls >= least]
        current = {c.id for c in trace.calls if c.round == round}
        previous_calls = 0
        if previous is not None:
            previous_calls = len(set().union(*(r.lineage(e.call_id) for e in previous.provenance.evidence)))

        def score(c: _Cand) -> float:
            fresh = any(e.call_id in current for e in c.provenance.evidence)
            return (c.calls + _SHAPE_WEIGHT[c.shape] + (3.0 if fresh else 0.0)
                    - (4.0 if c.calls < previous_calls else 0.0) + rng.random())

        scored = sorted(cands, key=lambda c: -score(c))
        parent = previous.id if previous else None
        out: list[Task] = []
        seen: set[str] = set()
        for cand in scored:
            if cand.query in seen:
                continue
            seen.add(cand.query)
            out.append(Task(trace_id=trace.id, query=cand.query, answer=cand.answer, provenance=cand.provenance,
                            toolset=trace.toolset, round=round, parent_task_id=parent, template=cand.shape))
        return out


class _Realizer(Describer):
    """Questions over the descriptions of one trace."""

    def context(self, rng: random.Random, call: ToolCall | None = None) -> str:
        domain = self.tools[call.tool].domain if call is not None else self.domain
        options = _CONTEXT.get(domain, ("",))
        return rng.choice(options) if rng.random() < 0.25 else ""

    # -- chain questions -----------------------------------------------------------------

    def chain_questions(self, chain: Sequence[str], rng: random.Random, shape: str = "chain") -> list[_Cand]:
        out: list[_Cand] = []
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
        n_calls = len(self.lineage(last.id))
        output = self.trace.observation(last.id).output
        fed = {e.path for c in self.calls.values() for e in c.sources.values() if e.call_id == last.id}
        for pattern, fl in tl.fields.items():
            found = list(expand(output, pattern))
            if not fl.bridge and self.described(last):
                continue  # "the country of the time zone of Prague": a riddle for what the asker knows
            try:
                phrase = noun_phrase(tl, fl, args, mentions, self.described(last))
            except KeyError:
                continue
            if fl.is_list:
                if not found or self.trace.observation(last.id).truncated or _capped(self.tools[last.tool], args,
                                                                                          len(found)):
                    continue
                spec = AnswerSpec(type="integer", value=len(found), instructions="Answer with a whole number.")
                forms = question_forms(tl, fl, phrase, mentions, args, count=True, described=self.described(last))
                query = self._ask(forms, spec, rng, own=bool(fl.count), call=last)
                prov = Provenance(evidence=(Evidence(call_id=last.id, path=pattern.rsplit("[*]", 1)[0]),), op="count")
                out.append(_Cand(query, spec, prov, "count", n_calls))
                continue
            if len(found) != 1:
                continue
            path, value = found[0]
            if (value is None or value == "" or (_number(value) and value == 0) or isinstance(value, dict | list)
                    or canonical_json(value) in inputs
                    or path in fed or (isinstance(value, str) and len(value) > 60)):
                continue
            try:
                spec, params = self._spec(value, self.tools[last.tool].output_sem.get(pattern),
                                          self.unit(last, pattern, fl))
            except (ValueError, OpError):
                continue
            forms = question_forms(tl, fl, phrase, mentions, args, described=self.described(last))
            query = self._ask(forms, spec, rng, own=sum(phrase not in f for f in forms), call=last)
            prov = Provenance(evidence=(Evidence(call_id=last.id, path=path),), op="identity", params=params)
            out.append(_Cand(query, spec, prov, shape, n_calls))
        return out

    def _spec(self, value: Any, sem: str | None, unit: str | None) -> tuple[AnswerSpec, dict[str, Any]]:
        spec, params = spec_for(value, sem=sem, unit=unit)
        if spec.type == "string":
            t = self.lex.type(sem)
            label = mention(value, sem, self.lex) if t.mention == "label" else None
            if label and label != value:  # the answer a person gives (Czechia), the code (CZ) also accepted
                spec = spec.model_copy(update={"value": label, "aliases": (str(value),), "instructions": ""})
            else:
                spec = spec.model_copy(update={"aliases": (), "instructions": ""})
        return spec, params

    def _ask(self, forms: Sequence[str], spec: AnswerSpec, rng: random.Random, own: int = 0,
             call: ToolCall | None = None) -> str:
        own = max(0, own)
        text = forms[rng.randrange(own)] if own and rng.random() < 0.7 else forms[rng.randrange(len(forms))]
        ctx = self.context(rng, call)
        if ctx and text:
            text = ctx + (text[0].lower() + text[1:] if ctx.endswith(": ") and not text.startswith("I") else text)
        return capitalize(f"{_that_of(_once(text))} {spec.instructions}".strip())

    # -- aggregates ----------------------------------------------------------------------

    def aggregates(self, call: ToolCall, rng: random.Random) -> list[_Cand]:
        """The total or the mean of one field over 3+ entities, from the statistics call their values fed item
        by item: "What is the combined population of France, Peru and Japan?"."""
        ends = [self.calls.get(e.call_id) for _, e in sorted(call.sources.items(), key=lambda kv: _index(kv[0]))]
        if any(e is None for e in ends):
            return []
        lasts = [e for e in ends if e is not None]
        paths = [e.path for _, e in sorted(call.sources.items(), key=lambda kv: _index(kv[0]))]
        try:
            labels, _ = self.entities(lasts)
            roots = [self.subject_of(self.calls[min(self.lineage(e.id), key=self._order)]) for e in lasts]
            phrases = [self.describe(e.id, p) for e, p in zip(lasts, paths, strict=True)]
        except (DescribeError, KeyError):
            return []
        names = [str(lab) for lab in labels]
        head = _head(phrases, names)
        if not head:
            names = [str(r) for r in roots]
            head = _head(phrases, names)
        if not head or not all(_named(n) for n in names) or len(set(names)) != len(names):
            return []
        fl = self.field(lasts[0], paths[0])
        unit = self.unit(lasts[0], paths[0], fl)
        output = self.trace.observation(call.id).output
        options = join_list(names, "and")
        n_calls = len(self.lineage(call.id))
        out: list[_Cand] = []
        for key, forms in (("sum", [f"What is the combined {head} of {options}?",
                                    f"What is the total {head} of {options}, taken together?"]),
                           ("mean", [f"What is the average {head} of {options}?",
                                     f"On average, what is the {head} of {options}?"])):
            if key == "sum" and not _ADDITIVE.search(head):
                continue  # a total of boiling points means nothing; a total of populations does
            value = output.get(key) if isinstance(output, dict) else None
            if not _number(value):
                continue
            try:
                spec, params = self._spec(value, None, unit)
            except (ValueError, OpError):
                continue
            query = self._ask(forms, spec, rng, call=lasts[0])
            prov = Provenance(evidence=(Evidence(call_id=call.id, path=f"$.{key}"),), op="identity", params=params)
            out.append(_Cand(query, spec, prov, "aggregate", n_calls))
        return out

    def _order(self, call_id: str) -> int:
        return next(i for i, c in enumerate(self.trace.calls) if c.id == call_id)

    # -- comparisons ---------------------------------------------------------------------

    def _same(self, lasts: Sequence[ToolCall], pattern: str, found: Sequence[tuple[str, Any]],
              rng: random.Random, n_calls: int) -> list[_Cand]:
        """Whether two entities share a named value (the same time zone, the same currency): yes or no."""
        pair = _pair(found, rng)
        if pair is None:
            return []
        i, j = pair
        try:
            a, b = self.describe(lasts[i].id, found[i][0]), self.describe(lasts[j].id, found[j][0])
        except DescribeError:
            return []
        if a == b:
            return []
        spec = AnswerSpec(type="boolean", value=found[i][1] == found[j][1], instructions="Answer yes or no.")
        forms = [f"Is {a} the same as {b}?"]  # factoring two long phrases split them mid-phrase
        query = self._ask(forms, spec, rng, call=lasts[0])
        prov = Provenance(evidence=(Evidence(call_id=lasts[i].id, path=found[i][0]),
                                    Evidence(call_id=lasts[j].id, path=found[j][0])), op="same")
        calls = len(self.lineage(lasts[i].id) | self.lineage(lasts[j].id))
        return [_Cand(query, spec, prov, "same", calls)]

    def comparisons(self, chains: Sequence[Sequence[str]], rng: random.Random) -> list[_Cand]:
        """Superlatives (3+ entities) and differences (2) over the same numeric field of parallel chains."""
        lasts = [self.calls[c[-1]] for c in chains]
        inputs = [self.calls[c[0]].arguments.get(self.lex.tools[self.calls[c[0]].tool].subject or "") for c in chains]
        tl = self.lex.tools[lasts[0].tool]
        roots = [self.calls[c[0]] for c in chains]
        try:
            roots_named = [self.subject_of(r) for r in roots]
            labels, noun = self.entities(lasts)  # the answer names the thing compared, not the chain's start
        except DescribeError:
            return []
        if (len(set(labels)) != len(labels) or len(set(roots_named)) != len(roots_named)
                or not all(_named(str(lab)) or _YEARLIKE.fullmatch(str(lab)) for lab in labels)):
            return []  # options given by code (CCS category 125, an InChIKey) read as a database query
        out: list[_Cand] = []
        n_calls = len(set().union(*(self.lineage(c.id) for c in lasts)))
        for pattern, fl in tl.fields.items():
            if fl.is_list:
                continue
            found_all = [list(expand(self.trace.observation(call.id).output, pattern)) for call in lasts]
            quantity = is_quantity(self.tools[lasts[0].tool].output_sem.get(pattern), fl.noun)
            if all(len(f) == 1 and isinstance(f[0][1], str) and 0 < len(f[0][1]) <= 40 for f in found_all):
                out.extend(self._same(lasts, pattern, [f[0] for f in found_all], rng, n_calls))
                continue
            values: list[Any] = []
            paths: list[str] = []
            for found in found_all:
                if len(found) != 1 or not _number(found[0][1]):
                    break
                paths.append(found[0][0])
                values.append(found[0][1])
            if (len(values) != len(lasts) or len({canonical_json(v) for v in values}) != len(values)
                    or not quantity):  # no ranking or subtracting of ids, years, day numbers
                continue
            try:
                phrases = [self.describe(c.id, p) for c, p in zip(lasts, paths, strict=True)]
            except DescribeError:
                continue
            unit = self.unit(lasts[0], pattern, fl)
            evidence = tuple(Evidence(call_id=c.id, path=p) for c, p in zip(lasts, paths, strict=True))
            listed = _factor(phrases)
            head = _head(phrases, [str(lab) for lab in labels]) or _head(phrases, [str(r) for r in roots_named])
            if head and not _head(phrases, [str(lab) for lab in labels]):
                labels = list(roots_named)  # the phrases name the roots (glucose), the labels a formula
            if len(lasts) >= 3 and not _follows_inputs(inputs, values):
                op = rng.choice(["argmax", "argmin"])
                word = "largest" if op == "argmax" else "smallest"
                try:
                    winner = apply_op(op, list(values), {"labels": labels})
                except OpError:
                    continue
                named = all(_named(str(lab)) for lab in labels)
                root = roots_named[labels.index(winner)]
                spec = AnswerSpec(type="string", value=winner, aliases=(root,) if root != winner else (),
                                  instructions=(f"Answer with the {noun}'s name." if noun and named
                                                else "Answer with one of the options above, as written."
                                                if all(str(lab) in listed for lab in labels)
                                                else f"Answer with the {noun or 'name'}."))
                if head:  # "Which of urea, octane and nitrobenzene has the largest molecular weight?"
                    options = join_list([str(lab) for lab in labels], "and")
                    forms = [f"Which of {options} has the {word} {head}?",
                             f"Which has the {word} {head}: {join_list([str(lab) for lab in labels], 'or')}?",
                             f"Of {options}, which has the {word} {head}?"]
                else:
                    forms = [f"Which is the {word}: {listed}?", f"Of {listed}, which is the {word}?",
                             f"Compare {_factor(phrases, 'and')}. Which one is the {word}?"]
                query = self._ask(forms, spec, rng, call=lasts[0])
                prov = Provenance(evidence=evidence, op=op, params={"labels": labels})
                out.append(_Cand(query, spec, prov, "superlative", n_calls))
            if fl.noun.startswith("the number of"):
                continue  # how many more codes one category holds than another: a reviewer found no one asks
            a, b = (0, 1) if values[0] > values[1] else (1, 0)
            diff = apply_op("difference", [values[a], values[b]], {})
            if not _number(diff) or diff == 0:
                continue
            digits = 0 if isinstance(diff, int) else digits_for(float(diff))
            try:
                spec, params = self._spec(float(diff) if not isinstance(diff, int) else diff, None, unit)
            except (ValueError, OpError):
                continue
            second = f"that of {labels[b]}" if head else phrases[b]  # "... of potassium than that of sulfur"
            forms = [f"How much larger is {phrases[a]} than {second}?",
                     f"By how much does {phrases[a]} exceed {second}?",
                     f"What is the difference between {phrases[a]} and {phrases[b]}?"]
            query = self._ask(forms, spec, rng, call=lasts[0])
            prov = Provenance(evidence=(evidence[a], evidence[b]), op="difference",
                              params=params or ({"digits": digits} if not isinstance(diff, int) else {}))
            out.append(_Cand(query, spec, prov, "difference", len(self.lineage(lasts[a].id) | self.lineage(lasts[b].id))))
        return out


def _pair(found: Sequence[tuple[str, Any]], rng: random.Random) -> tuple[int, int] | None:
    """Two entities to ask "the same?" about, only when some pair shares its value (then that pair half the
    time): a field that differs for every entity may never repeat, and its "no" needs no tool."""
    idx = list(range(len(found)))
    same = [(i, j) for i in idx for j in idx if i < j and found[i][1] == found[j][1]]
    differ = [(i, j) for i in idx for j in idx if i < j and found[i][1] != found[j][1]]
    if not same:  # a field no two entities share may be unique to each (a name, a date): "no" needs no tool
        return None
    return rng.choice(same) if not differ or rng.random() < 0.5 else rng.choice(differ)


_TAIL_STARTS = frozenset({"on", "in", "at", "for", "from", "by", "with", "during", "after", "before"})


def _factor(phrases: Sequence[str], conj: str = "or") -> str:
    """``the area of Peru in 2020, the area of Chile in 2020`` -> ``the area of Peru or of Chile in 2020``:
    a shared head (up to a preposition) is said once, with the preposition repeated, and a shared tail once."""
    words = [p.split(" ") for p in phrases]
    shortest = min(len(w) for w in words)
    tail = 0
    while tail < shortest - 1 and len({w[len(w) - 1 - tail] for w in words}) == 1:
        tail += 1
    while tail and words[0][len(words[0]) - tail] not in _TAIL_STARTS:
        tail -= 1  # a shared tail is said once only as a phrase of its own ("on 21 December 2024")
    body = [w[: len(w) - tail] for w in words]
    common = 0
    while all(len(w) > common + 1 for w in body) and len({w[common] for w in body}) == 1:
        common += 1
    while common and body[0][common - 1] not in ("of", "in", "for", "at", "from", "on", "to", "between"):
        common -= 1
    if common < 2:
        return join_list(list(phrases), conj)
    items = [" ".join(body[0]).rstrip(",;")] + [" ".join(w[common - 1:]).rstrip(",;") for w in body[1:]]
    suffix = " ".join(words[0][len(words[0]) - tail:]) if tail else ""
    return (join_list(items, conj) + (" " + suffix if suffix else "")).strip()


_YEARLIKE = re.compile(r"\d{4}|\d{1,2} [A-Z][a-z]+ \d{4}")


def _head(phrases: Sequence[str], labels: Sequence[str]) -> str:
    """The shared head of phrases that each end "of <their own label>" (``the molecular weight of urea``):
    ``molecular weight``, so a comparison names its options once; "" when they do not."""
    heads = set()
    for phrase, label in zip(phrases, labels, strict=True):
        if not phrase.endswith(f" of {label}") or not phrase.startswith("the "):
            return ""
        heads.add(phrase[len("the "): -len(f" of {label}")])
    head = heads.pop() if len(heads) == 1 else ""
    return head if head and " of " not in head and "{" not in head else ""


_THAT_OF = re.compile(r"\b(the (?:[^\s,?]+ ){1,8}of) (.+?) (than|exceeds?) \1 ")


def _that_of(text: str) -> str:
    """``the molar mass of glucose than the molar mass of ribose`` -> ``... than that of ribose``."""
    return _THAT_OF.sub(r"\1 \2 \3 that of ", text)


_ADDITIVE = re.compile(r"\b(?:population|area|number of|inhabitants|people|length)\b")
"""Heads whose values add up to something (three countries' populations); others are only averaged."""


def _item_fed(call: ToolCall) -> bool:
    """Whether a call's list argument was fed item by item (``values[0]``, ...): an aggregate."""
    return bool(call.sources) and all(_index(k) >= 0 for k in call.sources)


def _index(key: str) -> int:
    m = re.fullmatch(r"\w+\[(\d+)\]", key)
    return int(m.group(1)) if m else -1


def _named(label: str) -> bool:
    """Whether a label reads as a name (lysine, Paris, fats and oils), not a code (KIN, 942.50, C4H8O2)."""
    return bool(re.search(r"[a-z]{2}", label)) and not re.search(r"\d", label)


_REPEAT = re.compile(r"\b((?:[\w-]+ ){1,5}[\w-]+)(?:,? \1\b)+")


def _once(text: str) -> str:
    """A phrase said twice in a row once: a description and its template can both end "in UTC"."""
    return _REPEAT.sub(r"\1", text)


def _follows_inputs(roots: Sequence[Any], values: Sequence[Any]) -> bool:
    """Whether the values rank the entities as their own inputs do (dates or numbers): then the
    superlative needs no tool (the largest Julian day number is the latest date's)."""
    keys: list[Any] = []
    for r in roots:
        if _number(r):
            keys.append(float(r))
        elif isinstance(r, str) and re.fullmatch(r"-?\d{4}-\d{2}-\d{2}.*", r):
            keys.append(r)
        else:
            return False
    by_input = sorted(range(len(roots)), key=lambda i: keys[i])
    by_value = sorted(range(len(values)), key=lambda i: values[i])
    return by_input == by_value or by_input == by_value[::-1]


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _capped(tool: Tool, args: Mapping[str, Any], n: int) -> bool:
    """Whether a list's length may be the tool's cap rather than the true count."""
    for name in ("limit", "max_results", "n", "count", "top"):
        if isinstance(args.get(name), int) and n >= args[name]:
            return True
    return False
