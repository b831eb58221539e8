"""Describing a trace's values in words: what the natural deriver's questions are made of.

A value that came from an earlier call is described by its relation, never named (the
capital of Peru, not Lima); a pair of coordinates by what it locates; an identifier of the
same thing as its call's subject (a CAS number of caffeine) by that subject. Descriptions
nest at most ``_MAX_NESTING`` deep.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from dive.answers import normalize_text
from dive.chains import CLOCKS, ancestry, coordinate_stem, day_params
from dive.derivation.answers import decimal_places, digits_for, significant
from dive.derivation.realize import mention, noun_phrase, value_mention
from dive.facts import output_units
from dive.jsonpath import expand, resolve
from dive.lexicon import FieldLex, Lexicon, slots
from dive.records import Evidence, Seed, ToolCall, Trace
from dive.tools.tool import Tool

__all__ = ["DescribeError", "Describer", "heavy_atoms", "matches"]


_NAMES_OF = ({"cas_number", "inchikey", "inchi", "smiles", "molecule_name", "fluid_name", "element_symbol", "molecular_formula",
              "element_name"},
             {"airport_iata", "airport_icao"}, {"country_code", "country_name"}, {"language_code", "language_name"},
             {"currency_code", "currency_name"}, {"timezone", "windows_timezone"})
"""Semantic types that name the same kind of thing: a value of one, looked up from another, names the
subject itself, and a question says the subject (how many names has *caffeine*, not *the CAS number of
caffeine*); finding the code is still a step the agent takes."""


def _same_thing(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and any(a in names and b in names for names in _NAMES_OF)


_FORMULA = re.compile(r"([A-Z][a-z]?)(\d*)")
_BRACKET = re.compile(r"\[(\d*)([A-Z][a-z]?|[a-z]{1,2})[^\]]*\]")
_ORGANIC = re.compile(r"Cl|Br|[BCNOPSFI]|[bcnops]")


def heavy_atoms(value: str, sem: str | None) -> int | None:
    """The non-hydrogen atoms of a molecular formula (``H2SO4``: 5) or a SMILES (``C1CCOC1``: 5); None for any other
    type or a text that is no such thing (a formula with brackets or charges)."""
    if sem == "molecular_formula" and re.fullmatch(r"(?:[A-Z][a-z]?\d*)+", value):
        return sum(int(n or 1) for el, n in _FORMULA.findall(value) if el not in ("H", "D", "T"))
    if sem == "smiles" and value and " " not in value:
        bracketed = [m.group(2) for m in _BRACKET.finditer(value)]
        return sum(a not in ("H",) for a in bracketed) + len(_ORGANIC.findall(_BRACKET.sub("", value)))
    return None


_MAX_NESTING = 2
"""Most descriptions nested in one noun phrase (the capital of the country that Lyon is in)."""


SHIFTED = frozenset({"K"})
"""Units whose conversion shifts a value rather than scaling it (kelvins to degrees Celsius): the converted value
keeps the decimal places of the value, not its significant digits."""


class DescribeError(ValueError):
    """A value cannot be described (a slot with no mention, a field with no lexicon entry)."""


class Describer:
    """Descriptions of the values of one trace."""

    def __init__(self, lexicon: Lexicon, trace: Trace, tools: Mapping[str, Tool], seed: Seed) -> None:
        self.lex, self.trace, self.tools, self.seed = lexicon, trace, tools, seed
        self.calls = {c.id: c for c in trace.calls if trace.observation(c.id).ok and c.tool in tools
                      and c.tool in lexicon.tools}
        self.domain = "general"
        self._depth = 0
        self._by_id = {c.id: c for c in trace.calls}
        self.described_as: dict[tuple[str, str], str] = {}
        """Descriptions a question gives some values instead of the lexicon's (call id, path): a set's winner as
        *the country with the largest area among the countries that border Spain*."""

    # -- descriptions ---------------------------------------------------------------------

    def args_in_effect(self, call: ToolCall) -> dict[str, Any]:
        props = self.tools[call.tool].parameters.get("properties", {})
        return {p: call.arguments.get(p, props[p].get("default")) for p in props}

    def literal(self, value: Any, sem: str | None) -> str:
        """A literal by its type's mention (a seed's own label can hold more than the value: never used)."""
        return mention(value, sem, self.lex)

    def mentions(self, call: ToolCall, only: set[str] | None = None) -> dict[str, str]:
        """A mention of each argument (and group) of ``call``: a description where it came from an earlier call
        (``only``: of these parameters alone)."""
        tool, tl = self.tools[call.tool], self.lex.tools[call.tool]
        out: dict[str, str] = {}
        days = day_params(call, {e.call_id: self.trace_call(e.call_id).tool for e in call.sources.values()}, self.lex)
        for p, v in self.args_in_effect(call).items():
            if v is None or (only is not None and p not in only):
                continue
            src = call.sources.get(p)
            if src:
                out[p] = self.describe(src.call_id, src.path, day=p in days)
            else:
                said = value_mention(tl, p, v)  # "" for a value that goes unsaid (adding 0 years)
                out[p] = said if said is not None else self.literal(v, tool.param_sem.get(p))
                if p == tl.subject and not said:
                    out[p] += self._which(call)
        for p, feeder in tl.implied.items():  # the unit of a found value comes with it: "the melting point of
            if feeder in call.sources and p in out and p not in call.sources:  # tungsten in degrees Celsius"
                out[p] = ""
        for group, members in tl.groups.items():
            srcs = {call.sources[m].call_id for m in members if m in call.sources}
            if len(srcs) == 1 and all(m in call.sources for m in members):
                out[group] = self.place_of(call.sources[members[0]])
                for p, src in call.sources.items():  # the place's own zone: "on 1 December 2024 in the time zone
                    if src.call_id in srcs and tool.param_sem.get(p) in CLOCKS:  # of Minhang" read as a riddle
                        out[p] = "the local time zone"  # (two reviewers); the local one is what a person means
            elif not srcs and all(m in out for m in members):
                out[group] = "(" + ", ".join(out[m] for m in members) + ")"
        return out

    def _which(self, call: ToolCall) -> str:
        """", in the United States" after a name the call's tool says other things share (``other_matches``):
        Medina is a city in Saudi Arabia and in Ohio, and the question must say which."""
        output = self.trace.observation(call.id).output
        if not isinstance(output, dict) or not output.get("other_matches") or not output.get("country_code"):
            return ""
        if "country" in call.arguments or "country_code" in call.arguments:
            return ""  # the question states the country already
        return f" ({self.literal(output['country_code'], 'country_code')})"

    def place_of(self, source: Evidence) -> str:
        """What a pair of coordinates taken from ``source`` locates: the field they sit beside
        (``$.capital_latitude`` -> the capital of France), else the source call's own subject (Lima)."""
        call = self.calls[source.call_id]
        stem = coordinate_stem(source.path)
        if stem not in ("$", source.path) and stem in self.lex.tools[call.tool].fields:
            try:
                return self.describe(call.id, stem)
            except DescribeError:
                pass
        return self.subject_of(call)

    def described(self, call: ToolCall) -> set[str]:
        """The slots of ``call`` that hold a description of an earlier value (not the value itself)."""
        tl = self.lex.tools[call.tool]
        out = set(call.sources)
        out.update(g for g, members in tl.groups.items() if any(m in call.sources for m in members))
        return out

    def subject_of(self, call: ToolCall) -> str:
        """What ``call`` is about, as a phrase: its subject argument's mention."""
        tl = self.lex.tools[call.tool]
        if tl.subject is None:
            raise DescribeError(f"{call.tool} has no subject to name a place or thing by")
        m = self.mentions(call)
        if tl.subject not in m:
            raise DescribeError(f"{call.tool}: no mention of its subject {tl.subject}")
        return m[tl.subject]

    def field(self, call: ToolCall, path: str) -> FieldLex:
        tl = self.lex.tools[call.tool]
        for pattern, fl in tl.fields.items():
            if pattern == path or (("[*]" in pattern) and matches(pattern, path)):
                return fl
        raise DescribeError(f"{call.tool}: no lexicon entry for {path}")

    def describe(self, call_id: str, path: str, day: bool = False) -> str:
        """The noun phrase for the value at ``path`` of ``call_id``'s output: ``the capital of Peru`` (``day``: a date
        a field is asked on, said as the day people name, ``the first day of Ramadan 2026``, where the lexicon has one).

        At most ``_MAX_NESTING`` descriptions nest in one phrase: deeper ones stop reading as English
        ("the fourth the day of the week of the date of the first full moon on or after ...")."""
        if self._depth >= _MAX_NESTING:
            raise DescribeError("too deep to describe in one phrase")
        self._depth += 1
        try:
            return self._describe(call_id, path, day)
        finally:
            self._depth -= 1

    def _describe(self, call_id: str, path: str, day: bool = False) -> str:
        if (call_id, path) in self.described_as:
            return self.described_as[call_id, path]
        if call_id not in self.calls:
            raise DescribeError(f"call {call_id} failed or has no lexicon entry")
        call = self.calls[call_id]
        fl = self.field(call, path)
        if fl.is_list:
            raise DescribeError("a list item is not described")
        tool = self.tools[call.tool]
        if not fl.bridge:  # before the collapse: a scaffold's SMILES is not its molecule's
            raise DescribeError(f"{call.tool}: {path} is asked directly, never described as a bridge")
        if self.names_subject(call, fl):
            return self.subject_of(call)  # another name of the same thing: the CAS number of caffeine is caffeine
        if tool.output_sem.get(fl.path) in ("date", "datetime") and any(
                tool.param_sem.get(p) in ("date", "datetime") for p in call.sources):
            raise DescribeError(f"{call.tool}: a date of a described date reads as a riddle")
        if day and fl.day:  # a day people name, for a field asked on it (``days``): "on Western Easter Sunday 2025",
            # not "on the date of Easter Sunday in ..."; any other reader describes the date by its noun
            fl = replace(fl, noun=fl.day)  # its own slots only: the solstice found in a city's zone needs no "the
            mentions = self.mentions(call, set(slots(fl.day)))  # time zone of Cairo"
            value = resolve(self.trace.observation(call.id).output, path)
            mentions = {**mentions, "day_year": str(value)[:4]}  # Yom Kippur 2025, not "in the Hebrew year 5786"
        else:
            mentions = self.mentions(call)
        try:
            return noun_phrase(self.lex.tools[call.tool], fl, self.args_in_effect(call), mentions,
                               self.described(call))
        except KeyError as exc:
            raise DescribeError(f"{call.tool}: no mention for slot {exc}") from None

    def given_before(self, call: ToolCall, path: str) -> Evidence | None:
        """Where the value at ``path`` of ``call``'s output was already given: the call that fed ``call`` another
        name of its own subject (a CAS number found for caffeine, caffeine's record found by it), when that call's
        output holds the same value under the same key (caffeine's molecular weight in both records). The hop
        then adds nothing to the answer (two reviewers saw "redundant duplicate lookups"), and the answer is that
        call's; None otherwise."""
        if len(call.sources) != 1:
            return None
        (src,) = call.sources.values()
        source = self.calls.get(src.call_id)
        if source is None or "[" in path:
            return None
        try:
            if not self.names_subject(source, self.field(source, src.path)):
                return None  # the capital of Peru is another thing than Peru: its time zone is its own
        except DescribeError:
            return None
        key = path.rsplit(".", 1)[-1]
        mine = next((v for _, v in expand(self.trace.observation(call.id).output, path)), None)
        theirs = next((v for _, v in expand(self.trace.observation(source.id).output, f"$.{key}")), None)
        return Evidence(call_id=source.id, path=f"$.{key}") if mine is not None and mine == theirs else None

    def is_own_subject(self, call: ToolCall, path: str) -> bool:
        """Whether the value at ``path`` of ``call``'s output is its subject said again (the capital of Vatican City
        is Vatican City State, of Singapore Singapore): neither a description to say nor a question to ask."""
        value = next((v for _, v in expand(self.trace.observation(call.id).output, path)), None)
        if not isinstance(value, str):
            return False
        try:
            said = self.subject_of(call)
        except (DescribeError, KeyError):
            return False
        return _plain(said) == _plain(value)

    def names_subject(self, call: ToolCall, fl: FieldLex) -> bool:
        """Whether ``fl``'s value is another name of ``call``'s subject (the CAS number of caffeine is caffeine; an
        element's symbol is the element)."""
        tool, tl = self.tools[call.tool], self.lex.tools[call.tool]
        field_sem, subject_sem = tool.output_sem.get(fl.path), tool.param_sem.get(tl.subject or "")
        field_noun = self.lex.type(field_sem).noun
        return bool(field_noun and field_noun == self.lex.type(subject_sem).noun) or _same_thing(field_sem,
                                                                                                  subject_sem)

    def other_names(self, call: ToolCall, winner: str) -> tuple[str, ...]:
        """What else answers for the thing ``call`` is about: its argument as given (the code TR) and the other
        names its type lists (Türkiye, the Republic of Türkiye), never ``winner`` itself."""
        tl = self.lex.tools[call.tool]
        raw = call.arguments.get(tl.subject or "")
        if raw is None:
            return ()
        kind = self.lex.type(self.tools[call.tool].param_sem.get(tl.subject or ""))
        names = (str(raw), *(kind.aliases(raw) if kind.aliases else ()))
        return tuple(dict.fromkeys(n for n in names if n != winner))

    def restated_digits(self, src: Evidence, shifted: bool = False, converted: Any = None) -> int | None:
        """The decimal places a value restated in another unit keeps, of the value at ``src``: its field's ``digits``;
        else, ``shifted`` (a temperature in kelvins said in °C), the value's own (276.87 K is asked as 276.9 K, and
        3.7235 °C to four places read as a template's: two reviewers, round U); else, for the ``converted`` value,
        no more significant digits than the value had (France's 640,679 km² is 247,368 square miles, not 247,367.5;
        Monaco's 2.02 km² is 0.780 square miles, not 0.7799: two reviewers, round X)."""
        try:
            fl = self.field(self.calls[src.call_id], src.path)
        except (DescribeError, KeyError):
            return None
        if fl.digits is not None:
            return fl.digits
        found = list(expand(self.trace.observation(src.call_id).output, src.path))
        if len(found) != 1 or not isinstance(found[0][1], int | float) or isinstance(found[0][1], bool):
            return None
        value = float(found[0][1])
        if shifted:
            return 0 if value.is_integer() else min(digits_for(value), decimal_places(value))
        if isinstance(converted, int | float) and not isinstance(converted, bool) and converted and value:
            return max(0, min(fl.significant or 4, significant(value)) - 1 - math.floor(math.log10(abs(converted))))
        return None

    def heavy_atoms(self, call: ToolCall) -> int | None:
        """The heavy atoms of the molecule ``call`` is about: by the first SMILES or molecular formula among its
        arguments and outputs, then its feeders' (latest first); None when the program holds neither."""
        ids = self.lineage(call.id)
        for c in [c for c in reversed(self.trace.calls) if c.id in ids]:
            tool = self.tools.get(c.tool)
            if tool is None:
                continue
            found = [(v, tool.param_sem.get(p)) for p, v in c.arguments.items()]
            obs = self.trace.observation(c.id)
            if obs.ok:
                found += [(v, sem) for pattern, sem in tool.output_sem.items() if "[*]" not in pattern
                          for _, v in expand(obs.output, pattern)]
            for value, sem in found:
                if isinstance(value, str) and (n := heavy_atoms(value, sem)) is not None:
                    return n
        return None

    def lineage(self, call_id: str) -> set[str]:
        """``call_id`` and every call of the trace that fed it, transitively."""
        return ancestry(call_id, lambda c: self.trace_call(c).parents)

    def trace_call(self, call_id: str) -> ToolCall:
        """Any call of the trace by id (failed ones too, unlike :attr:`calls`)."""
        return self._by_id[call_id]

    def unit(self, call: ToolCall, path: str, fl: FieldLex) -> str | None:
        if fl.unit:
            return str(fl.unit)
        schema_unit = _schema_unit(self.tools[call.tool], path)
        return schema_unit

    def entities(self, calls: Sequence[ToolCall]) -> tuple[list[str], str | None]:
        """What each call is about, by name (the country, not the time zone it was found from), and the noun
        of their kind; a call about a place given by its coordinates is named by where they came from."""
        labels: list[str] = []
        nouns: set[str | None] = set()
        for call in calls:
            tl, tool = self.lex.tools[call.tool], self.tools[call.tool]
            subject = tl.subject
            if subject is None:
                raise DescribeError(f"{call.tool} has no subject to name")
            if subject in tl.groups or subject not in call.arguments:
                labels.append(self.subject_of(call))
                nouns.add(None)
                continue
            sem = tool.param_sem.get(subject)
            labels.append(self.literal(call.arguments[subject], sem))
            nouns.add(self.lex.type(sem).noun)
        return labels, nouns.pop() if len(nouns) == 1 else None


def matches(pattern: str, path: str) -> bool:
    return re.fullmatch(re.escape(pattern).replace(r"\[\*\]", r"\[\d+\]"), path) is not None


def _schema_unit(tool: Tool, path: str) -> str | None:
    for pattern, unit in output_units(tool).items():
        if pattern == path or matches(pattern, path):
            return unit
    return None


def _plain(text: str) -> str:
    """A name as answers compare it, without a trailing "State": "Vatican City State" is "vatican city"."""
    return re.sub(r" state$", "", normalize_text(text))

