"""Questions over several entities: superlatives, differences, "the same?" and totals.

The part of the natural deriver (:mod:`dive.derivation.natural`) that compares parallel chains of one
program (the same field of 3-5 entities) and totals a field that adds up over an aggregate call; and
the two steps every question shares, its answer spec and its final wording.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import JsonValue

from dive._hashing import canonical_json
from dive.chains import comparable, dated, day_params, is_additive, is_quantity
from dive.derivation.answers import digits_for, spec_for
from dive.derivation.describe import DescribeError, Describer
from dive.derivation.realize import capitalize, format_number, join_list, mention
from dive.derivation.wording import (
    YEARLIKE,
    articles,
    degree,
    factor,
    head_of,
    idioms,
    is_name,
    say_once,
    that_of,
    that_of_other,
)
from dive.jsonpath import expand
from dive.lexicon import FieldLex, disputed, famous
from dive.ops import OpError, apply_op, to_minute
from dive.provenance import PASSING
from dive.records import AnswerSpec, Evidence, Provenance, ToolCall
from dive.tools.tool import Tool

__all__ = ["IN_UNIT", "Cand", "Draft", "Questions", "index_of", "number", "obvious"]


_TO_MINUTE = "Give the time to the minute."
_ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2})?")
"""An ISO date-time, said in words in an answer sentence (*15 March 2024 at 09:45*)."""
CODE_NOUN = re.compile(r"\b(?:code|tag|ID|identifier|symbol|abbreviation|IATA|ICAO|ISO|CAS|SMILES|InChI|InChIKey)\b")
"""A field that asks for a code itself (the BCP-47 tag of Afrikaans): its answer is the code, not its name."""

_COUNTER = re.compile(r"\b(?:Julian Day|Unix timestamp|Unix time)\b")
"""A number that counts days or seconds from an epoch: said without thousands separators (MJD 54724, not 54,724)."""

NOUN_HEAD = re.compile(r" (?:of|using|for|that|which|in|with|by|from) |\{")
"""Where a noun's head ends: *the main country using the calling code +47* asks for a country (Norway, its code also
accepted), not for a code."""

IN_UNIT = re.compile(r",? in ((?:degrees|square|cubic) [A-Za-z]+|[a-z]+s|kelvin|percent)$")
"""A unit a phrase asks a number in, at its end (*the melting point of krypton in degrees Celsius*, *... in days*)."""

_DECIMALS = re.compile(r"rounded to (\d+) decimal place")

_CLOCK = re.compile(r"\d{2}:\d{2}")
"""A clock time to the minute, as a tool gives one (an exchange's opening time, ``08:00``)."""
_SECONDS = re.compile(r"T\d{2}:\d{2}:(?!00(?![.\d]))\d{2}")
"""An ISO date-time with seconds other than 0 (``2024-09-01T18:21:11``, not ``2024-03-15T14:30:00``)."""


@dataclass(frozen=True)
class Cand:
    query: str
    answer: AnswerSpec
    provenance: Provenance
    shape: str
    calls: int
    statement: str = ""
    """The answer as the sentence an assistant ends with (:attr:`dive.records.Task.statement`)."""

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        return self.provenance.evidence


@dataclass(frozen=True)
class Draft:
    """A candidate not yet put in words: what its answer comes from and how many calls are behind it, all the
    deriver ranks candidates by. ``write`` words it (None where it cannot be said) with a generator of its own, so a
    candidate reads the same whether or not the ones ranked above it were written: the pipeline writes only those it
    verifies (a chain's end gives a dozen askable fields; writing every one was most of a worker's derivation time)."""

    evidence: tuple[Evidence, ...]
    shape: str
    calls: int
    write: Callable[[], Cand | None]


class Questions(Describer):
    """Comparisons and totals over the descriptions of one trace, and the wording every question shares."""

    def _spec(self, value: Any, sem: str | None, unit: str | None, code: bool = False, digits: int | None = None,
              tolerance: float = 0.0) -> tuple[AnswerSpec, dict[str, Any]]:
        if sem == "datetime" and _SECONDS.search(str(value)):  # a moonset to the second differs between ephemerides
            return self._to_the_minute(value)  # by 10-25 s (two reviewers): asked to the minute
        if (sem == "datetime" and isinstance(value, str) and _ISO_MOMENT.fullmatch(value)) or (
                sem == "time_of_day" and isinstance(value, str) and _CLOCK.fullmatch(value)):
            # a time to the minute, read as a time: "2024-03-19 09:00" and "09:00 on 19 March" are the cron run of
            # 2024-03-19T09:00:00, which as a string matched no other spelling (round BL)
            clock = self.literal(value, sem) if sem == "datetime" else value
            return AnswerSpec(type="time", value=clock, aliases=tuple(a for a in (value,) if a != clock)), {}
        places = min(digits, digits_for(value)) if digits is not None and isinstance(value, float) else None
        spec, params = spec_for(value, sem=sem, unit=unit, digits=places,  # never finer than ~4 significant digits
                                tolerance=tolerance)
        if spec.type == "string":
            t = self.lex.type(sem)
            label = mention(value, sem, self.lex) if t.mention == "label" else None
            if code and label and label != value:  # asked for the code itself: the code alone (the InChIKey of
                # ethanol is not "ethanol"; "English as used in the United States" is no BCP-47 tag: two readers,
                # round AQ)
                spec = spec.model_copy(update={"aliases": (), "instructions": ""})
            elif label and label != value:  # the answer a person gives (Czechia), the code (CZ) also accepted
                said = (t.answer(value) if t.answer else None) or label  # Eastern Time, not "Toronto time" for Ottawa
                more = tuple(a for a in (label, *(t.aliases(value) if t.aliases else ())) if a not in (said, str(value)))
                spec = spec.model_copy(update={"value": said, "aliases": (str(value), *dict.fromkeys(more)),
                                               "instructions": ""})
            else:  # a type's other names (Aluminium for Aluminum, a chapter's title without its code range)
                spec = spec.model_copy(update={"aliases": tuple(t.aliases(value)) if t.aliases else (),
                                               "instructions": ""})
        return spec, params

    def _states(self, phrase: str, spec: AnswerSpec, sem: str | None = None) -> str:
        """The answer as a sentence: the question's noun phrase and the answer as a person writes it (*The melting
        point of krypton is -157.4 degrees Celsius.*: the unit the phrase asks in said after the number; a number to
        the decimals asked; a date in words; a clock time alone where the phrase gives its day); ``phrase: answer``
        where "is" would not read (*whether ...*, a phrase that ends in a verb). Two independent readers' faults
        (round BH): a clause left open before "is", 1 decimal asked and none said, an ID with a thousands
        separator, the date of a solar noon said twice."""
        value = spec.value[0] if isinstance(spec.value, list) and spec.value else spec.value
        head = phrase.strip()
        if spec.type == "date" and isinstance(value, str):
            said = self.literal(value, "date")
        elif spec.type in ("number", "integer") and isinstance(value, int | float) and not isinstance(value, bool):
            said = _say_number(value, spec, code=bool(CODE_NOUN.search(NOUN_HEAD.split(head, 1)[0])
                                                      or _COUNTER.search(head)))
            unit = spec.unit
            if not unit and (m := IN_UNIT.search(head)):
                head, unit = head[: m.start()], m.group(1)
            if unit in _MONEY and not said.startswith("-"):
                said = f"${said}"
            elif unit == "decimal form":  # a rate as a fraction: "0.07935, as a decimal", not "0.07935 decimal form"
                said, unit = f"{said}, as a decimal", None
            elif unit:
                said += unit if unit == "%" else f" {unit}"
        elif spec.type == "boolean":
            said = "yes" if value in (True, "yes") else "no"
        else:
            said = str(value)
        if spec.type == "time" or (isinstance(value, str) and _ISO_MOMENT.fullmatch(value)):
            said = str(spec.value) if spec.type == "time" else self.literal(str(value), "datetime")
            day, at, clock = said.partition(" at ")
            if at and day in head:
                said = clock  # "the time of solar noon at Sao Tome on 22 July 2026 ... is 11:40"
        if head.endswith(", given in the local time zone"):  # "the sun sets at 18:18 local time"
            head, said = head[: -len(", given in the local time zone")], f"{said} local time"
        if spec.type != "boolean":
            head = _short(head)
        if spec.type == "boolean" and head.lower().startswith("whether "):
            return _yes_no(head[len("whether "):], said == "yes")
        if head.lower().startswith("who "):
            return _who(head, said)
        if (m := _HOW_LONG.fullmatch(head)) and spec.type in ("number", "integer"):
            return f"{capitalize(m.group(1))} takes {said} {m.group(2)}."  # "Technetium-99m takes 1.665 days to decay
            # to 1% of its initial amount.", not "How long technetium-99m takes ...: 1.665 days."
        if head.lower().startswith("the year ") and spec.type in ("integer", "number"):
            return f"{capitalize(head[len('the year '):])} in {said}."  # "Radon was discovered in 1898."
        head = capitalize(head)
        if (re.match(r"(?:what|which|when|where|how)\b", head, re.IGNORECASE)
                or re.search(r"\b(?:is|are|was|were|does|do|has|have)$", head)):
            return f"{head}: {said}."
        return f"{head}, is {said}." if _open_clause(head) else f"{head} is {said}."

    def _to_the_minute(self, value: Any) -> tuple[AnswerSpec, dict[str, Any]]:
        """A clock time with seconds, asked to the minute: a ``time`` answer, the rounded time as people write it,
        with the exact time as its alias, so any spelling of the minute it falls in or the nearest one is accepted
        (14:47:34 read as 14:47: "to the minute" is also read as cut to the minute, a reviewer found), with or without
        its day (the question states the day)."""
        label = self.literal(str(to_minute(value)), "datetime")
        return AnswerSpec(type="time", value=label, aliases=(str(value),), instructions=_TO_MINUTE), {"minute": True}

    def _ask(self, forms: Sequence[str], spec: AnswerSpec, rng: random.Random, own: int = 0,
             call: ToolCall | None = None) -> str:
        own = max(0, own)
        text = forms[rng.randrange(own)] if own and rng.random() < 0.7 else forms[rng.randrange(len(forms))]
        text = idioms(articles(that_of(say_once(_once_in_brackets(text)))))
        instructions = spec.instructions
        if instructions == _TO_MINUTE and (m := re.search(r"(Give the time in [^.?]*)\.$", text)):
            text, instructions = f"{text[: m.end(1)]}, to the minute.", ""  # one sentence about the time
        return self._in_context(capitalize(f"{text} {instructions}".strip()), call)

    def _in_context(self, query: str, call: ToolCall | None) -> str:
        """``query``, for :data:`CONTEXT_SHARE` of the questions about a tool whose lexicon has ``context``, opened by
        one of its sentences (*I'm choosing a solvent for an extraction. Which of acetone, ...*). Drawn from the query
        itself, so every other choice of the item stays as it was. A value said again in another unit is about the tool
        that gave it (the heat of fusion in kJ/mol: the phase data's context)."""
        while call is not None and call.tool in PASSING and len(call.sources) == 1:
            call = self.trace_call(next(iter(call.sources.values())).call_id)
        tl = self.lex.tools.get(call.tool) if call is not None else None
        if tl is None or not tl.context or call is None:
            return query
        if day_params(call, {e.call_id: self.trace_call(e.call_id).tool for e in call.sources.values()}, self.lex):
            return query  # the day says why it is asked (the sunset on Yom Kippur): no photo shoot before it
        draw = random.Random(query)  # a str seed is hashed with SHA-512: the same in every process
        return f"{draw.choice(tl.context)} {query}" if draw.random() < CONTEXT_SHARE else query
    # -- aggregates ----------------------------------------------------------------------

    def aggregates(self, call: ToolCall, rng: random.Random) -> list[Cand]:
        """The total of one field that adds up over 3+ entities, from the statistics call their values fed item
        by item: "What is the combined population of France, Peru and Japan?"."""
        ends = [self.calls.get(e.call_id) for _, e in sorted(call.sources.items(), key=lambda kv: index_of(kv[0]))]
        if any(e is None for e in ends):
            return []
        lasts = [e for e in ends if e is not None]
        paths = [e.path for _, e in sorted(call.sources.items(), key=lambda kv: index_of(kv[0]))]
        named = self.named([self.calls[min(self.lineage(e.id), key=self._order)] for e in lasts], lasts, paths)
        if named is None:
            return []
        names, head = named
        fl = self.field(lasts[0], paths[0])
        unit = self.unit(lasts[0], paths[0], fl)
        output = self.trace.observation(call.id).output
        if not is_additive(head) or " it " in f" {head} ":
            return []  # "the combined number of codes that flag it ... of A, B and C" does not parse
        total = output.get("sum") if isinstance(output, dict) else None
        if not number(total):
            return []
        try:
            spec, params = self._spec(total, None, unit)
        except (ValueError, OpError):
            return []
        options = join_list(names, "and")
        forms = [f"What is the combined {head} of {options}?", f"What is the total {head} of {options}, taken together?"]
        query = self._ask(forms, spec, rng, call=lasts[0])
        prov = Provenance(evidence=(Evidence(call_id=call.id, path="$.sum"),), op="identity", params=params)
        return [Cand(query, spec, prov, "aggregate", len(self.lineage(call.id)))]

    def _down_a_group(self, roots: Sequence[ToolCall]) -> list[int] | None:
        """The options' indices down their periodic-table group (by atomic number) when all are elements of one group,
        else None: lithium has the highest first ionization energy of the alkali metals, a textbook
        trend (two reviewers, round V), so a superlative of such options is asked only of an inner winner."""
        numbers: list[int] = []
        groups = set()
        for root in roots:
            output = self.trace.observation(root.id).output
            if not isinstance(output, dict) or not isinstance(atomic := output.get("atomic_number"), int):
                return None
            numbers.append(atomic)
            groups.add(canonical_json(output.get("group")))
        if len(groups) != 1 or groups == {"null"}:
            return None
        return sorted(range(len(roots)), key=numbers.__getitem__)

    def named(self, roots: Sequence[ToolCall], lasts: Sequence[ToolCall], paths: Sequence[str]
              ) -> tuple[list[str], str] | None:
        """How a question names the entities whose chains end at ``lasts`` (by what they are about, else by their
        roots' subjects), and the head their phrases of ``paths`` share: None when they share none, or the names
        are no names or repeat."""
        try:
            labels, _ = self.entities(lasts)
            subjects = [self.subject_of(r) for r in roots]
            phrases = [self.describe(e.id, p) for e, p in zip(lasts, paths, strict=True)]
        except (DescribeError, KeyError):
            return None
        names = [str(lab) for lab in labels]
        head = head_of(phrases, names)
        if not head:
            names = [str(r) for r in subjects]
            head = head_of(phrases, names)
        if not head or not all(is_name(n) for n in names) or len(set(names)) != len(names):
            return None
        return names, head

    def famous(self, fl: FieldLex, op: str, call: ToolCall) -> bool:
        """Whether the subject of ``call`` is one everyone knows wins ``op`` on ``fl`` (lexicon ``famous``: Russia the
        largest country): the comparison needs no tool."""
        return famous(fl, op, call.arguments.get(self.lex.tools[call.tool].subject or ""))

    def dated(self, call: ToolCall) -> bool:
        """Whether ``call`` was given a date the question would state only because a tool's example holds it:
        two reviewers found *which of Japan, Thailand and South Korea has the most days from 31 March 2025 to
        the next public holiday* and weekday bank holidays *from 1 December 2024 to 25 December 2025* arbitrary
        (a date the seed is, or a call found, is the program's own)."""
        return dated(self.tools[call.tool], self.lex.tools[call.tool], call, self.seed.value)

    def _root_noun(self, roots: Sequence[ToolCall]) -> str | None:
        nouns = {self.lex.type(self.tools[r.tool].param_sem.get(self.lex.tools[r.tool].subject or "")).noun
                 for r in roots}
        return nouns.pop() if len(nouns) == 1 else None

    def _order(self, call_id: str) -> int:
        return next(i for i, c in enumerate(self.trace.calls) if c.id == call_id)

    # -- comparisons ---------------------------------------------------------------------

    def _same(self, lasts: Sequence[ToolCall], pattern: str, found: Sequence[tuple[str, Any]],
              rng: random.Random, n_calls: int, names: Sequence[str]) -> list[Cand]:
        """Whether two entities share a named value (the same time zone, the same currency): yes or no, asked as
        "Do France and Germany use the same currency?" (only of phrases that differ in their entity alone: "Is
        the script Sango is usually written in the same as ..." read as garbage)."""
        pair = _pair(found, rng)
        if pair is None:
            return []
        i, j = pair
        try:
            a, b = self.describe(lasts[i].id, found[i][0]), self.describe(lasts[j].id, found[j][0])
        except DescribeError:
            return []
        head = head_of([a, b], [names[i], names[j]])
        if a == b or not head or " it" in f" {head} ":
            return []
        spec, _ = spec_for(found[i][1] == found[j][1])
        forms = [f"Do {names[i]} and {names[j]} have the same {head}?", f"Is {a} the same as that of {names[j]}?"]
        query = self._ask(forms, spec, rng, call=lasts[0])
        prov = Provenance(evidence=(Evidence(call_id=lasts[i].id, path=found[i][0]),
                                    Evidence(call_id=lasts[j].id, path=found[j][0])), op="same")
        calls = len(self.lineage(lasts[i].id) | self.lineage(lasts[j].id))
        return [Cand(query, spec, prov, "same", calls)]

    def comparisons(self, chains: Sequence[Sequence[str]], rng: random.Random) -> list[Cand]:
        """Superlatives (3+ entities) and differences (2) over the same numeric field of parallel chains (of one
        family: the explorer's ``wider`` move runs a chain only for a root's family)."""
        lasts = [self.calls[c[-1]] for c in chains]
        inputs = [self.calls[c[0]].arguments.get(self.lex.tools[self.calls[c[0]].tool].subject or "") for c in chains]
        tl = self.lex.tools[lasts[0].tool]
        roots = [self.calls[c[0]] for c in chains]
        try:
            roots_named = [self.subject_of(r) for r in roots]
            labels, noun = self.entities(lasts)  # the answer names the thing compared, not the chain's start
        except DescribeError:
            return []
        noun = noun or self._root_noun(roots)  # a density is the country's: "Answer with the country's name."
        if (len(set(labels)) != len(labels) or len(set(roots_named)) != len(roots_named)
                or any("," in str(lab) for lab in labels)  # "hypertension, complicated": unreadable in a list
                or not all(is_name(str(lab)) or YEARLIKE.fullmatch(str(lab)) for lab in labels)):
            return []  # options given by code (CCS category 125, an InChIKey) read as a database query
        out: list[Cand] = []
        n_calls = len(set().union(*(self.lineage(c.id) for c in lasts)))
        if self.dated(lasts[0]):
            return out
        for pattern, fl in tl.fields.items():
            if fl.is_list or not fl.compare or not fl.asked:
                continue
            if any(disputed(fl, c.arguments.get(tl.subject or "")) for c in lasts):
                continue  # the Philippines' area: 342,353 km² in one table, 300,000 in the official figure
            found_all = [list(expand(self.trace.observation(call.id).output, pattern)) for call in lasts]
            quantity = is_quantity(self.tools[lasts[0].tool].output_sem.get(pattern), fl.noun)
            if all(len(f) == 1 and isinstance(f[0][1], str) and 0 < len(f[0][1]) <= 40 for f in found_all):
                names = [str(x) for x in labels]
                try:
                    first = [self.describe(c.id, f[0][0]) for c, f in zip(lasts, found_all, strict=True)]
                except DescribeError:
                    continue
                if not head_of(first, names):
                    names = [str(x) for x in roots_named]  # the phrases name the roots
                out.extend(self._same(lasts, pattern, [f[0] for f in found_all], rng, n_calls, names))
                continue
            values: list[Any] = []
            paths: list[str] = []
            for found in found_all:
                if len(found) != 1 or not number(found[0][1]):
                    break
                paths.append(found[0][0])
                values.append(found[0][1])
            if (len(values) != len(lasts) or len({canonical_json(v) for v in values}) != len(values)
                    or not quantity):  # no ranking or subtracting of ids, years, day numbers
                continue
            if min(values) < 0:  # "the smallest change" of -3% and -1%: which way a sign reads is ambiguous
                continue
            try:
                phrases = [self.describe(c.id, p) for c, p in zip(lasts, paths, strict=True)]
            except DescribeError:
                continue
            unit = self.unit(lasts[0], pattern, fl)
            evidence = tuple(self.given_before(c, p) or Evidence(call_id=c.id, path=p)  # the record that first
                             for c, p in zip(lasts, paths, strict=True))  # gave it, not a second lookup of it
            used = len(set().union(*(self.lineage(e.call_id) for e in evidence)))
            listed = factor(phrases)
            head = head_of(phrases, [str(lab) for lab in labels]) or head_of(phrases, [str(r) for r in roots_named])
            if head and not head_of(phrases, [str(lab) for lab in labels]):
                labels = list(roots_named)  # the phrases name the roots (glucose), the labels a formula
                noun = self._root_noun(roots)  # Kampala is a city, not a time zone's name
            shown = [str(lab) for lab in labels]  # how the question names the options
            if not head:  # described ones: "Which of the capital of France, the capital of Peru and the capital
                try:  # of Japan has the largest population?" (the answer names the city: Paris)
                    subjects = [self.subject_of(c) for c in lasts]
                except (DescribeError, KeyError):
                    subjects = []
                head = head_of(phrases, subjects) if subjects else ""
                shown = subjects if head else shown
            if len(lasts) >= 3 and not _follows_inputs(inputs, values):
                order = self._down_a_group(roots)  # in the group's order, its ends are textbook answers
                op = pick_op([values[i] for i in order or range(len(values))], rng,
                             min(NAMED_LEAD, fl.lead or NAMED_LEAD), lead_needed(fl), inner=order is not None)
                if op is None:
                    continue  # water among drugs, xenon among metals: the answer needs no tool
                options_: list[JsonValue] = [str(lab) for lab in labels]
                try:
                    winner = str(apply_op(op, list(values), {"labels": options_}))
                except OpError:
                    continue
                if self.famous(fl, op, lasts[labels.index(winner)]):
                    continue  # Russia the largest of Russia, Ukraine and Belarus: no tool needed
                if fl.one_hemisphere and _across_equator(self.tools[lasts[0].tool], lasts):
                    continue  # the shortest day on the December solstice: the one northern city of three
                named = all(is_name(str(lab)) for lab in labels)
                said = shown[labels.index(winner)]  # the option as the question says it ("the capital of Sweden"),
                # never the chain's root alone: "Sweden" is no city's name (two reviewers each, rounds Q and R)
                spec = AnswerSpec(type="string", value=winner, aliases=(said,) if said != winner else (),
                                  instructions=(f"Answer with the {noun}'s name." if noun and named
                                                else "Answer with one of the options, as written."
                                                if all(str(lab) in listed for lab in labels)
                                                else f"Answer with the {noun or 'name'}."))
                if not head:  # "Which is the smallest: the number of days ... of Aruba, of ...": reviewers found
                    continue  # the options' fragments ("of sucrose", "for 1973") unreadable
                spoken = rng.sample(shown, k=len(shown))  # the seed's chain comes first: said in any order, or the
                # first-named option would (almost) never be the answer
                options = join_list(spoken, "and")  # "Which of urea, octane and nitrobenzene has the largest
                word = degree(op, head)
                forms = [f"Which of {options} has the {word} {head}?",  # molecular weight?"
                         f"Which has the {word} {head}: {join_list(spoken, 'or')}?",
                         f"Of {options}, which has the {word} {head}?"]
                query = self._ask(forms, spec, rng, call=lasts[0])
                prov = Provenance(evidence=evidence, op=op, params={"labels": options_})
                out.append(Cand(query, spec, prov, "superlative", used,
                                f"Of {join_list(shown, 'and')}, {said} has the {word} {head}."))
            if fl.noun.startswith("the number of") or not comparable(self.seed):
                continue  # how many more codes one category holds than another, how much longer one nuclide's
                # half-life is than another's: reviewers found no one asks
            a, b = (0, 1) if values[0] > values[1] else (1, 0)
            diff = apply_op("difference", [values[a], values[b]], {})
            if not isinstance(diff, int | float) or not number(diff) or diff == 0:
                continue
            digits = 0 if isinstance(diff, int) else digits_for(float(diff))
            try:
                spec, params = self._spec(diff, None, unit)
            except (ValueError, OpError):
                continue
            second = f"that of {labels[b]}" if head else that_of_other(phrases[a], phrases[b])
            forms = [f"How much larger is {phrases[a]} than {second}?",
                     f"By how much does {phrases[a]} exceed {second}?",
                     f"What is the difference between {phrases[a]} and {phrases[b]}?"]
            query = self._ask(forms, spec, rng, call=lasts[0])
            prov = Provenance(evidence=(evidence[a], evidence[b]), op="difference",
                              params=params or ({"digits": digits} if not isinstance(diff, int) else {}))
            out.append(Cand(query, spec, prov, "difference", len(self.lineage(lasts[a].id) | self.lineage(lasts[b].id))))
        return out


CONTEXT_SHARE = 0.3
"""The share of questions about a tool with lexicon ``context`` that open with one of its sentences: a question with
one clause of realistic context, beside the direct question and the request (readers of round CK found the openers
"Could you look up", "Can you tell me" and "Please calculate" the only variety in a file of 60)."""

MIN_MARGIN = 0.02
"""The least share by which any superlative's winner leads the runner-up: tables round (lead's specific heat is
0.13 J/(g·K) in one, 0.129 in another, thallium's 0.129), and a winner by less is the table's rounding (two
reviewers, round S: "thallium only wins because lead was rounded")."""


def lead_needed(fl: FieldLex) -> float:
    """The least share by which a superlative's winner on field ``fl`` must lead the runner-up: the field's margin or
    its tolerance (how far references differ: 3% on a compound's molar heat of fusion), and at least
    :data:`MIN_MARGIN`."""
    return max(fl.margin, fl.tolerance, MIN_MARGIN)


NAMED_LEAD = 2.2
"""How far the winner among options the question names may lead: in rounds K-P, independent reviewers rated 43%
of 14 verdicts on superlatives whose winner led the runner-up over 2.2 times good (naphthalene the heaviest of
butane, naphthalene and acetylene; the DR Congo the largest of Nigeria, the DR Congo and Morocco: no tool needed),
and 83% of 60 under it. A set named by its relation keeps 3: its members are not chosen to be compared, and 4 of 4
verdicts on its leads over 2.2 were good."""


def _once_in_brackets(text: str) -> str:
    """A bracketed qualifier said once: "at London (the United Kingdom) ... in the time zone of London (the United
    Kingdom)" keeps the first (two reviewers)."""
    seen: set[str] = set()

    def keep(m: re.Match[str]) -> str:
        if m.group(1) in seen:
            return ""
        seen.add(m.group(1))
        return m.group(0)

    return re.sub(r" \(([^()]+)\)", keep, text)


def obvious(values: Sequence[Any], op: str, factor: float = 3.0) -> bool:
    """Whether the winner stands out so far (over ``factor`` times the runner-up, or under ``1 / factor`` of it, or
    none where the others have some) that a person answers without a tool: a reviewer found water the lightest of
    four drugs, xenon the least dense of metals and dichloromethane, with no hydrogen-bond donor, the one with
    fewest among glycol, dichloromethane and methanol."""
    nums = sorted(float(v) for v in values)
    if len(nums) < 2 or nums[0] < 0:
        return False
    if nums[0] == 0:
        return op == "argmin" and nums[1] > 0
    return nums[-1] > factor * nums[-2] if op == "argmax" else nums[1] > factor * nums[0]


def clear(values: Sequence[Any], op: str, margin: float) -> bool:
    """Whether the winner of ``op`` leads the runner-up by at least ``margin`` of its value, and by more than
    either one's rounding: a table that gives lead's specific heat as 0.13 J/(g·K) says 0.125 to 0.135, and
    thallium's 0.129 is no smaller (two reviewers, round S)."""
    ranked = sorted(values, key=float, reverse=op == "argmax")
    gap = abs(float(ranked[1]) - float(ranked[0]))
    return gap >= margin * abs(float(ranked[0])) and gap > max(_half_unit(ranked[0]), _half_unit(ranked[1]))


def _half_unit(value: Any) -> float:
    """Half a unit in the last decimal a float is written to (0.13 -> 0.005, 11.0 -> 0.05); 0 for an integer (a count
    is exact). Not :func:`dive.derivation.answers.decimal_places`, which drops a trailing zero (11.0 -> 0 places):
    11.0 and 11.4 million people are a 0.4 lead, beyond 11.0's rounding."""
    if not isinstance(value, float):
        return 0.0
    text = repr(value)
    return 0.0 if "e" in text or "E" in text or "." not in text else 0.5 * 10.0 ** -len(text.split(".")[1])


def pick_op(values: Sequence[Any], rng: random.Random, factor: float = 3.0, margin: float = 0.0,
            inner: bool = False, first: str | None = None) -> str | None:
    """argmax or argmin, drawn (``first``: that one first); the other when the first one's winner stands out
    (:func:`obvious`), leads by less than ``margin`` or, with ``inner``, is the first or the last value; None when
    neither will do."""
    first = first or rng.choice(["argmax", "argmin"])
    nums = [float(v) for v in values]
    for op in (first, "argmin" if first == "argmax" else "argmax"):
        at = nums.index(max(nums) if op == "argmax" else min(nums))
        if not obvious(values, op, factor) and clear(values, op, margin) and not (inner and at in (0, len(nums) - 1)):
            return op
    return None


def _pair(found: Sequence[tuple[str, Any]], rng: random.Random) -> tuple[int, int] | None:
    """Two entities to ask "the same?" about, only when some pair shares its value (then that pair half the
    time): a field that differs for every entity may never repeat, and its "no" needs no tool."""
    idx = list(range(len(found)))
    same = [(i, j) for i in idx for j in idx if i < j and found[i][1] == found[j][1]]
    differ = [(i, j) for i in idx for j in idx if i < j and found[i][1] != found[j][1]]
    if not same:  # a field no two entities share may be unique to each (a name, a date): "no" needs no tool
        return None
    return rng.choice(same) if not differ or rng.random() < 0.5 else rng.choice(differ)

def index_of(key: str) -> int:
    m = re.fullmatch(r"\w+\[(\d+)\]", key)
    return int(m.group(1)) if m else -1


_HOW_LONG = re.compile(r"how long (.+?) takes (to .+)", re.IGNORECASE)
"""A "how long X takes to ..." phrase, said back as "X takes <answer> to ..."."""

_FOR_ONE = re.compile(r"\bfor an? [\w-]+$")
"""A head that ends in "for a sodium": the cut would drop the value the noun gives it ("of 152 mmol/L")."""


def _short(phrase: str, most: int = 20) -> str:
    """A phrase of more than ``most`` words cut before its first "of", "in", "with", ... that leaves five words or
    more and no clause set off by a comma (*the internal rate of return*, not *the internal rate*): a reply need not restate the question (*The melting temperature is 41.05 °C.*, not *The melting temperature
    of the most stable self-dimer of the primer ... in 50 mM monovalent salt, ... is 41.05 °C.*: a reader, round BJ)."""
    if len(phrase.split()) <= most:
        return phrase
    for m in NOUN_HEAD.finditer(phrase):
        head = phrase[: m.start()]
        if (m.group(0) != "{" and len(head.split()) >= 5 and ", " not in head  # not "The internal rate" of return,
                and not _FOR_ONE.search(head)):  # nor "The azimuth of Jupiter, clockwise" cut inside a clause (a
            return head  # reader, round BK), nor "the albumin-corrected anion gap for a sodium" before its value
    return phrase


def _who(phrase: str, names: str) -> str:
    """*Johann Arfwedson discovered lithium.* for *who discovered lithium*; a table's "Sir William Ramsay; M. W.
    Travers" as two names joined by "and" (a reader, round BJ)."""
    return f"{capitalize(join_list(names.split('; ')))} {phrase[4:]}."


def _yes_no(clause: str, yes: bool) -> str:
    """A yes/no answer as a reply says it: *Yes, +1 650 253 0000 is a valid phone number.*; *No, E119 and R69 are not
    all billable codes.* (the first auxiliary verb negated); a bare *No.* where the clause has none to negate."""
    if yes:
        return f"Yes, {clause}."
    negated, n = re.subn(r"\b(is|are|was|were|has|have|can|will|does|do)\b", r"\1 not", clause, count=1)
    return f"No, {negated}." if n else "No."


def _open_clause(phrase: str) -> bool:
    """Whether a phrase ends in a clause set off by a comma, which a comma must close before "is" (*the working days
    in Armenia from 1 to 31 July 2024, both included*), not in the last item of a list (*in the mold, protozoan and
    coelenterate mitochondrial code*) nor in a place's name (*Mexico City, Mexico*); commas in brackets and in numbers
    (101,325 Pa) are neither."""
    plain = re.sub(r"(?<=\d),(?=\d{3})", "", re.sub(r"\([^()]*\)", "", phrase))
    if ", " not in plain:
        return False
    last = plain.rsplit(", ", 1)[1]
    return last[:1].islower() and not re.search(r"\b(?:and|or)\b", last)  # not "Mexico City, Mexico on 20 May"


def _say_number(value: float, spec: AnswerSpec, code: bool = False) -> str:
    """A number as a sentence writes it: to the decimals the question asks (-10.0 asked to 1 place), thousands
    grouped from 10,000 and in money ($3,070), never in an identifier (PubChem CID 637090)."""
    if code:
        return str(value)
    m = _DECIMALS.search(spec.instructions)
    if m and isinstance(value, float):
        return f"{value:,.{int(m.group(1))}f}"
    if abs(value) >= 1e12:  # 3.343 × 10^21 molecules, not 3,342,733,711,000,000,000,000
        mantissa, exponent = f"{value:.3e}".split("e")
        return f"{mantissa} × 10^{int(exponent)}"
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10_000 or spec.unit in _MONEY else str(value)
    return format_number(value)


_MONEY = ("dollars", "USD", "$")


def _across_equator(tool: Tool, calls: Sequence[ToolCall]) -> bool:
    """Whether the places of ``calls`` (their latitude arguments) lie on both sides of the equator."""
    params = [p for p, sem in tool.param_sem.items() if sem == "latitude"]
    latitudes = [c.arguments.get(p) for c in calls for p in params]
    return len({float(v) >= 0 for v in latitudes if isinstance(v, int | float) and number(v)}) > 1


def _follows_inputs(roots: Sequence[Any], values: Sequence[Any]) -> bool:
    """Whether the values rank the entities as their own inputs do (dates or numbers): then the
    superlative needs no tool (the largest Julian day number is the latest date's)."""
    keys: list[Any] = []
    for r in roots:
        if number(r):
            keys.append(float(r))
        elif isinstance(r, str) and re.fullmatch(r"-?\d{4}-\d{2}-\d{2}.*", r):
            keys.append(r)
        else:
            return False
    by_input = sorted(range(len(roots)), key=lambda i: keys[i])
    by_value = sorted(range(len(values)), key=lambda i: values[i])
    return by_input == by_value or by_input == by_value[::-1]


def number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)

