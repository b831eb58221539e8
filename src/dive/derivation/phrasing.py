"""Phrasing: noun phrases for values, fields and calls, built from tool and field metadata.

A task's query never names an intermediate value. A value that came from an earlier
call is described by its relation instead: ``the country code of the city Canberra``
(:meth:`Phraser.value_ref`), recursively, so a multi-hop question reads as a chain of
relations ending at stated constants (the seed, or literal arguments). The pieces:

- **literal mention** of a value by its semantic type: ``the city Canberra``,
  ``ICD-10-CM code E11.9``, ``the molecule with SMILES CCO`` (:data:`SEM_NOUNS` and the
  packs' :class:`~dive.tools.pack.SemType` mentions, or the parameter's name for other types);
- **field phrase** from an output path: ``$.capital.name`` -> ``capital name``;
  ``$.items[0].code`` -> ``code of the first item``; cryptic keys (``mfe``, ``dg``) are
  kept verbatim in backticks, units appended (``molar mass (g/mol)``);
- **call subject**: the call's arguments as literal mentions or relations. Processing
  tools (kind P) are named (``using `add_numbers` with a = ...``), since their argument
  names alone rarely say what is computed; a retrieval tool is named only when another
  tool of the toolset could answer the same question differently (same parameter types,
  same output field name).

Where an argument came from is read from ``ToolCall.sources`` when the explorer recorded it
(the typed walk and the programs explorer do); otherwise (the LLM explorer) it is found by
matching its value against the parents' outputs (:func:`argument_sources`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from dive.facts import Fact, call_facts
from dive.records import ToolCall, Trace
from dive.tools.tool import Tool

__all__ = ["SEM_NOUNS", "ArgSource", "PhraseError", "Phraser", "argument_sources", "field_phrase", "literal"]

SEM_NOUNS: dict[str, str] = {
    "city_name": "the city {v}",
    "country_code": "the country with ISO code {v}",
    "country_code3": "the country with ISO alpha-3 code {v}",
    "country_name": "{v}",
    "subdivision_code": "the subdivision {v}",
    "subdivision_name": "the subdivision {v}",
    "airport_iata": "the airport with IATA code {v}",
    "airport_icao": "the airport with ICAO code {v}",
    "currency_code": "the currency {v}",
    "currency_name": "the currency {v}",
    "language_code": "the language code {v}",
    "language_name": "the {v} language",
    "locale": "the locale {v}",
    "script_code": "the script {v}",
    "timezone": "the time zone {v}",
    "date": "{v}",
    "datetime": "{v}",
    "year": "the year {v}",
    "exchange_code": "the exchange {v}",
    "smiles": "the molecule with SMILES {v}",
    "molecule_name": "{v}",
    "molecular_formula": "the formula {v}",
    "cas_number": "the compound with CAS number {v}",
    "element_symbol": "the element {v}",
    "element_name": "the element {v}",
    "nuclide": "the nuclide {v}",
    "fluid_name": "the fluid {v}",
    "dna_sequence": "the DNA sequence {v}",
    "rna_sequence": "the RNA sequence {v}",
    "protein_sequence": "the protein sequence {v}",
    "codon": "the codon {v}",
    "amino_acid": "the amino acid {v}",
    "restriction_enzyme": "the restriction enzyme {v}",
    "icd10cm_code": "ICD-10-CM code {v}",
    "icd10_code": "WHO ICD-10 code {v}",
    "icd9_code": "ICD-9-CM code {v}",
    "icd10pcs_code": "ICD-10-PCS code {v}",
    "us_state_code": "the US state {v}",
    "holiday_name": "{v}",
    "star_name": "the star {v}",
    "celestial_body": "{v}",
    "phone_number": "the phone number {v}",
    "postal_code": "the postal code {v}",
    "unicode_char": "the character {v}",
    "nucleotide_code": "the IUPAC nucleotide code {v}",
    "calling_code": "the international calling code {v}",
    "cpi_area_code": "the CPI area {v}",
    "cpi_item_code": "the CPI item {v}",
    "dna_motif": "the DNA motif {v}",
    "windows_timezone": "the Windows time zone {v}",
    "geonames_id": "the place with GeoNames id {v}",
    "inchikey": "the molecule with InChIKey {v}",
    "inchi": "the molecule with InChI {v}",
    "hijri_date": "the Hijri date {v}",
}
"""How a literal value of a semantic type is mentioned (``{v}`` is the value)."""

_SMALL_WORDS = frozenset({"of", "in", "to", "per", "and", "or", "at", "by", "on", "a", "an", "the", "for", "is", "id"})
_KNOWN_SHORT = frozenset({
    "name", "code", "type", "date", "year", "days", "day", "area", "rate", "unit", "sex", "age", "bmi",
    "gap", "tax", "pay", "net", "gross", "mass", "time", "rise", "set", "kind", "week", "month", "price",
    "value", "count", "start", "end", "total", "mean", "max", "min", "sum", "dose", "flag", "city", "long",
})


GENERIC_KEYS = frozenset({
    "total", "count", "result", "value", "values", "score", "length", "approximate", "exact", "chronic", "valid",
    "ok", "status", "kind", "type", "category", "level", "index", "rank", "number", "amount", "days", "n",
})
"""Output keys too generic to say what was looked up: a question about one names the tool."""


class PhraseError(ValueError):
    """A value or call cannot be phrased clearly (too long, or from an unclear source)."""


@dataclass(frozen=True)
class ArgSource:
    """Where one argument value of a call came from."""

    param: str
    value: Any
    parent: str | None = None
    """Call id of the parent whose output held the value (None for a literal)."""
    path: str | None = None
    """Concrete JSON path in the parent's output."""


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b or abs(a - b) <= 1e-12 * max(abs(a), abs(b))
    return a == b


def argument_sources(call: ToolCall, trace: Trace, tools: Mapping[str, Tool]) -> list[ArgSource]:
    """One source per argument: the parent output field it matches, or a literal.

    Among matching parent facts, one with the parameter's own semantic type wins, then the
    earliest parent. List arguments (``number_list``) are matched item by item; a list
    with any item from a parent is returned as one source per item (the parameter name
    repeated), literal items with ``parent=None``.
    """
    if call.sources:  # the explorer recorded the data flow: an argument not in it is a literal
        return [ArgSource(param, value, *((call.sources[param].call_id, call.sources[param].path)
                                          if param in call.sources else (None, None)))
                for param, value in call.arguments.items()]
    tool = tools.get(call.tool)
    facts: list[Fact] = []
    for parent in call.parents:
        obs = trace.observation(parent)
        parent_call = next(c for c in trace.calls if c.id == parent)
        facts.extend(call_facts(parent_call, obs, tools.get(parent_call.tool)))
    want = tool.param_sem if tool else {}
    out: list[ArgSource] = []
    for param, value in call.arguments.items():
        if isinstance(value, list) and value and facts:
            items = [_match(facts, v, None) for v in value]
            if any(items):  # one source per item; items no parent holds are literals
                out.extend(ArgSource(param, v, f.call_id if f else None, f.path if f else None)
                           for v, f in zip(value, items, strict=True))
                continue
        fact = _match(facts, value, want.get(param)) if facts else None
        out.append(ArgSource(param, value, fact.call_id if fact else None, fact.path if fact else None))
    return out


def _match(facts: Sequence[Fact], value: Any, sem: str | None) -> Fact | None:
    hits = [f for f in facts if _same(f.value, value)]
    if not hits:
        return None
    typed = [f for f in hits if f.sem == sem]
    return (typed or hits)[0]


def literal(value: Any) -> str:
    """A constant as written in a query."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, str):
        return value
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _words(key: str) -> str:
    words = [w for w in re.split(r"[_\s]+", key) if w]
    cryptic = any(len(w) <= 3 and w.lower() not in _SMALL_WORDS and w.lower() not in _KNOWN_SHORT
                  and not w.isdigit() for w in words) or any(re.search(r"\d", w) for w in words)
    if cryptic:
        return f"`{key}`"
    return " ".join(w.lower() if not w.isupper() or len(w) == 1 else w for w in words)


def humanize(name: str) -> str:
    """A parameter or key as words (``tax_filing_status`` -> ``tax filing status``)."""
    return _words(name)


_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def field_phrase(path: str, unit: str | None = None) -> str:
    """Words for an output path: ``$.capital.name`` -> ``capital name``; indices become ordinals."""
    parts = re.findall(r"\.([^.\[\]]+)|\[(\d+)\]", path)
    if not parts:
        raise PhraseError(f"cannot phrase the whole output ({path}) as a field")
    keys: list[str] = []
    suffix = ""
    for key, index in parts:
        if index:
            i = int(index)
            if i >= len(_ORDINALS):
                raise PhraseError(f"index {i} in {path} is too deep to phrase")
            list_name = keys.pop() if keys else "list"
            suffix = f" of the {_ORDINALS[i]} entry in the {_words(list_name)} list{suffix}"
        else:
            keys.append(key)
    if not keys:
        raise PhraseError(f"{path} names a list item, not a field")
    if len(keys) > 1 and keys[-1] in _KNOWN_SHORT:
        words = " ".join(_words(k) for k in keys[-2:])
    elif len(keys) > 1:
        words = f"{_words(keys[-1])} of the {_words(keys[-2])}"
    else:
        words = _words(keys[-1])
    text = words + suffix
    return f"{text} ({unit})" if unit else text


@dataclass
class Phraser:
    """Describes values and calls of one trace, for one toolset."""

    trace: Trace
    tools: Mapping[str, Tool]
    toolset: Sequence[str]
    max_chars: int = 300
    mentions: Mapping[str, str] = field(default_factory=lambda: SEM_NOUNS)
    """How a value of each entity type is mentioned (``the city {v}``): :data:`SEM_NOUNS` plus the
    semantic types the run's packs declare (:class:`~dive.tools.pack.SemType` with ``entity=True``)."""

    def __post_init__(self) -> None:
        self._calls = {c.id: c for c in self.trace.calls}

    def call(self, call_id: str) -> ToolCall:
        return self._calls[call_id]

    def needs_tool_name(self, call: ToolCall, key: str) -> bool:
        """Whether naming the call's tool is needed for a question about output field ``key``."""
        tool = self.tools[call.tool]
        if tool.kind == "P" or not self.is_entity(call) or key.lower() in GENERIC_KEYS:
            return True  # a computation, or a lookup keyed by several values: say which tool
        params = set(tool.param_sem.values())
        for name in self.toolset:
            other = self.tools.get(name)
            if other is None or other.name == tool.name or not params & set(other.param_sem.values()):
                continue
            if any(re.search(rf"\.{re.escape(key)}$", p) for p in other.output_sem) or \
                    key in other.output_schema.get("properties", {}):
                return True
        return False

    def is_entity(self, call: ToolCall) -> bool:
        """Whether the call's subject reads as one entity (a retrieval tool with one main argument)."""
        tool = self.tools[call.tool]
        required = set(tool.parameters.get("required", []))
        sources = argument_sources(call, self.trace, self.tools)
        main = {s.param for s in sources if s.param in required or s.parent}
        if tool.kind != "R" or len(main) != 1:
            return False
        return tool.param_sem.get(next(iter(main))) in self.mentions  # a named thing, not a bare quantity

    def subject(self, call: ToolCall, depth: int = 0) -> str:
        """The call's arguments as a noun phrase: literal mentions and relations."""
        if depth > 4:
            raise PhraseError("the relation chain is too deep to phrase")
        tool = self.tools[call.tool]
        sources = argument_sources(call, self.trace, self.tools)
        grouped: dict[str, list[ArgSource]] = {}
        for src in sources:
            grouped.setdefault(src.param, []).append(src)
        required = set(tool.parameters.get("required", []))
        props = tool.parameters.get("properties", {})
        main = [p for p in grouped if p in required or any(s.parent for s in grouped[p])]
        options = [p for p in grouped if p not in main and grouped[p][0].value != props.get(p, {}).get("default")]
        pieces = []
        single = len(main) == 1 and tool.kind == "R"
        for param in main:
            pieces.append(self.argument(tool, param, grouped[param], depth, bare=single))
        text = " and ".join(pieces) if len(pieces) <= 2 else ", ".join(pieces[:-1]) + " and " + pieces[-1]
        if options:
            opts = ", ".join(f"{humanize(p)} {literal(grouped[p][0].value)}" for p in options)
            text = f"{text} (with {opts})" if text else f"with {opts}"
        if len(text) > self.max_chars:
            raise PhraseError(f"the description of {call.tool} is too long ({len(text)} chars)")
        return text

    def argument(self, tool: Tool, param: str, sources: list[ArgSource], depth: int = 0, *, bare: bool) -> str:
        """One argument as words: a literal mention (``bare``: the entity noun alone) or its relation."""
        if len(sources) > 1 or (isinstance(sources[0].value, list) and sources[0].parent):
            refs = [self.value_ref(s.parent, s.path, depth + 1) if s.parent and s.path else literal(s.value)
                    for s in sources]
            return f"{humanize(param)} [{'; '.join(refs)}]"
        src = sources[0]
        if src.parent is not None and src.path is not None:
            ref = self.value_ref(src.parent, src.path, depth + 1)
            return ref if bare else f"{humanize(param)} = {ref}"
        sem = tool.param_sem.get(param)
        if bare and sem is not None and sem in self.mentions and isinstance(src.value, str):
            return self.mentions[sem].format(v=src.value)
        return f"{humanize(param)} {literal(src.value)}"

    def value_ref(self, call_id: str, path: str, depth: int = 0) -> str:
        """A value described by its relation: ``the <field> of <subject of its call>``.

        Inside a description only a one-entity subject may itself hold relations; a nested
        multi-argument call with relations would leave the reader unable to tell which call
        an argument belongs to.
        """
        call = self._calls[call_id]
        tool = self.tools[call.tool]
        if depth >= 1 and not self.is_entity(call) and call.parents:
            raise PhraseError(f"{call.tool} is nested too deep to phrase without ambiguity")
        key = re.findall(r"[A-Za-z_][A-Za-z0-9_]*", path)[-1]
        phrase = f"the {field_phrase(path)}"
        subject = self.subject(call, depth)
        if self.needs_tool_name(call, key):
            return f"{phrase} that `{tool.name}` gives for {subject}"
        return f"{phrase} {'of' if self.is_entity(call) else 'for'} {subject}"
