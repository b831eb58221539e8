"""Realization: noun phrases and questions in plain English from lexicon templates.

The lexicon (:mod:`dive.lexicon`) gives templates with slots; this module fills them.
A slot holds either a **literal mention** of a value, by its semantic type (a country code
by the country's name, a fraction as a percentage, a date as "15 March 2024"), or a
**description** that the caller built for a value that came from an earlier call (the
bridge is described, never named). Grammar comes from ``inflect`` (articles, plurals,
lists, ordinals); numbers are written with thousands separators and no binary noise.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import random
import re
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any

from dive.lexicon import FieldLex, Lexicon, ToolLex, slots

__all__ = [
    "capitalize",
    "fill",
    "format_number",
    "join_list",
    "mention",
    "noun_phrase",
    "plural",
    "question_forms",
    "extra_params",
    "param_phrase",
    "value_mention",
]


@cache
def _engine() -> Any:
    """inflect's engine. inflect wraps its functions in typeguard's ``@typechecked``, which parses inflect's
    whole source once per function at import (4 s of CPU); imported with that decorator as the identity, it
    takes 0.1 s and its functions skip run-time type checks (our arguments are plain strings and ints)."""
    import typeguard  # noqa: PLC0415 - only realization needs these

    checked = typeguard.typechecked
    typeguard.typechecked = _unchecked  # type: ignore[assignment]
    try:
        import inflect  # noqa: PLC0415
    finally:
        typeguard.typechecked = checked
    return inflect.engine()


def _unchecked(target: Any = None, **_options: Any) -> Any:
    """typeguard's ``typechecked`` that checks nothing: ``@_unchecked`` and ``@_unchecked(...)`` return the target."""
    return target if target is not None else (lambda t: t)


def format_number(value: float | int, digits: int | None = None) -> str:
    """``1234567.0`` -> ``1,234,567``; ``0.1 + 0.2`` -> ``0.3``; ``digits`` rounds first."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10000 else str(value)
    if not math.isfinite(value):
        return str(value)
    if digits is not None:
        value = round(value, digits)
    if value == int(value) and abs(value) < 1e15:
        iv = int(value)
        return f"{iv:,}" if abs(iv) >= 10000 else str(iv)
    text = f"{value:.6g}" if abs(value) < 1e-3 or abs(value) >= 1e9 else f"{value:.10g}"
    if "e" not in text and abs(value) >= 10000:
        whole, _, frac = text.partition(".")
        text = f"{int(whole):,}" + (f".{frac}" if frac else "")
    return text


_GROUPED = re.compile(r"-?\d{1,3}(,\d{3})+(\.\d+)?$")
_UNGROUPED = re.compile(r"^(-?)(\d)(\d{3})(?=(\.\d+)?$)")
"""A number of 1000-9999 as :func:`format_number` writes it (no separator below 10,000)."""


def join_list(items: Sequence[str], conj: str = "and") -> str:
    """``["a", "b", "c"]`` -> ``a, b and c``; items that hold a comma between words are quoted ("hypertension,
    complicated"), never numbers (-120,000)."""
    items = list(items)
    if any(", " in i for i in items):
        items = [f'"{i}"' for i in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conj} {items[-1]}"


def number_word(n: int) -> str:
    """A count as a word up to ten (``two``), as digits above (``12``): how a sentence says how many."""
    return str(_engine().number_to_words(n)) if 0 <= n <= 10 else format_number(n)


def plural(noun: str, n: int = 2) -> str:
    return _engine().plural_noun(noun, n) if noun else noun  # type: ignore[no-any-return]


def _date(text: str) -> str:
    try:
        d = dt.date.fromisoformat(text[:10])
    except ValueError:
        return text
    rest = text[10:]
    day = f"{d.day} {d.strftime('%B')} {d.year}"
    if rest.startswith("T") and len(rest) >= 6:
        return f"{day} at {rest[1:6]}" + (" UTC" if rest.endswith(("Z", "+00:00")) else "")
    return day


def mention(value: Any, sem: str | None, lexicon: Lexicon) -> str:
    """How a literal value of semantic type ``sem`` is mentioned in a question."""
    if isinstance(value, list):
        texts = [mention(v, sem, lexicon) for v in value]
        if any(_GROUPED.match(t) for t in texts):  # one style in one list: "-10,000, 2,750 and 4,250", not "-10,000,
            texts = [_UNGROUPED.sub(r"\1\2,\3", t) for t in texts]  # 2750 and 4250" (a list comma or a thousands one?)
        return join_list(texts)
    t = lexicon.type(sem)
    if t.mention == "label" and t.label is not None:
        try:
            label = t.label(value)
        except Exception:  # noqa: BLE001 - a label function is pack code; fall back to the value
            label = None
        if label:
            return str(label)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        if t.mention == "percent":
            return f"{format_number(value)}%"
        if t.mention == "fraction_percent":
            return f"{format_number(round(value * 100, 10))}%"
        if t.mention == "year":
            return str(int(value))
        return format_number(value)
    text = str(value)
    if t.mention == "quoted":
        return f'"{text}"'
    if t.mention == "date":
        return _date(text)
    return text


_VERBS = "is|are|was|were|does|do|has|have|uses|use|belongs|lies|falls"

_PREPS = frozenset({"of", "in", "at", "on", "to", "for", "from", "by", "with", "and", "or", "between", "per",
                    "than", "into", "about", "over", "under", "after", "before", "near", "since", "until"})
_UNITS = frozenset(
    ["%", "°C", "°F", "K", "kg", "g", "mg", "µg", "ng", "L", "mL", "µL", "mol", "mmol", "µmol", "M", "mM", "µM", "nM", "km", "m", "cm", "mm", "µm", "nm", "bp", "nt", "kb", "kDa", "Da", "Pa", "kPa", "MPa", "bar", "atm", "J", "kJ", "kcal", "eV", "keV", "MeV", "Bq", "kBq", "MBq", "Ci", "mCi", "s", "ms", "h", "d", "y", "yr", "years", "days", "hours", "minutes", "mmHg", "mg/dL", "g/dL", "mmol/L", "mEq/L", "U/L", "mL/min", "bpm", "g/mol", "kJ/mol", "mol/L", "g/L", "g/cm³", "kg/m³", "km²", "m²", "mi", "nmi", "ft", "lb", "AU", "kelvin"])
_ROLES = "city|town|country|state|element|compound|molecule|star|airport|language|currency|protein|gene"
"""Role nouns a description says itself: "the city of {name}" holding "the capital of Peru" drops "the city of"."""
_ORDINALS = frozenset(["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "last", "next", "previous"])


_ONE = re.compile(r"(?<![\d.,])\b(1|one) ((?:[a-z-]+ ){0,2}(?:day|week|month|year|hour|minute|second|session|time))s\b")


def fill(template: str, values: Mapping[str, str], described: frozenset[str] | set[str] = frozenset()) -> str:
    """Fill ``{slot}`` with ``values`` (KeyError naming a missing slot); tidy spaces and articles.

    A slot in ``described`` holds a description of a value (``the molar mass of water``), not the value:
    a role word before it (``the primer {seq}``), a role after it that the description already says
    (``the {tz} time zone``) and a unit after it (``{mass} g``) are dropped, since the description says them."""
    for slot in described:
        whose, role, role_of, said_after, unit_after = _slot_patterns(slot)
        if not _ARTICLE.match(values.get(slot, "the ")):  # a name (caffeine), not a description:
            template = whose.sub(r"\1", template)
            # "the compound whose InChIKey is {inchikey}" is caffeine itself
        template = role.sub(r"\1", template)  # not the head of a clause: "the country {city} is in" keeps "the country"
        if _ARTICLE.match(values.get(slot, "")):  # "the population of the city of {name}" with the
            # capital of Paraguay: "the population of the capital of Paraguay"
            template = role_of.sub(functools.partial(_role_of, slot), template)
        said = f" {values.get(slot, '')} ".lower()
        for after in said_after:  # a role after it that the description already says ("{tz} time zone")
            m = after.search(template)
            if m and m.group(1) not in _PREPS and f" {m.group(1)} " in said:
                template = template[: m.start(1) - 1] + template[m.end(1):]
                break
        m = unit_after.search(template)
        if m and m.group(1).rstrip(",.;:)?") in _UNITS:
            unit = m.group(1).rstrip(",.;:)?")
            template = template[: m.start(1)] + m.group(1)[len(unit):] + template[m.end(1):]
    out = _SLOT.sub(lambda m: values[m.group(1)], template)
    out = _TWO_ARTICLES.sub(r"\2 ", out)
    out = _ORDINAL_ARTICLE.sub(r"\1 ", out)
    out = _A_OR_AN.sub(lambda m: _engine().a(m.group(2)), out)
    # an article, not a name's last letter: "at Sana'a on 21 June", never "at Sana'an on"
    out = _ONE.sub(r"\1 \2", out)  # "1 working days" -> "1 working day"
    out = _SPACE_BEFORE.sub(r"\1", _SPACES.sub(" ", out))
    return _SPACE_DOT.sub(".", out).strip()


_SKIP = "|".join(sorted(_PREPS | _ORDINALS))
_ARTICLE = re.compile(r"(?:the|a|an) ")
_SLOT = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_TWO_ARTICLES = re.compile(r"\b(the|a|an) (the|a|an) ")
_ORDINAL_ARTICLE = re.compile(rf"\b({'|'.join(sorted(_ORDINALS))}) (?:the|a|an) ")
_A_OR_AN = re.compile(r"(?<![\w'’-])(a|an) ([A-Za-z0-9][\w-]*)")
_SPACES = re.compile(r"\s{2,}")
_SPACE_BEFORE = re.compile(r"\s+([,?])")
_SPACE_DOT = re.compile(r"\s+\.(?=\s|$)")


@functools.cache
def _slot_patterns(slot: str) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], tuple[re.Pattern[str], ...],
                                       re.Pattern[str]]:
    """:func:`fill`'s patterns around a described ``{slot}``, compiled once per slot (there are more slot patterns
    than ``re``'s cache holds)."""
    return (re.compile(rf"\bthe [a-z]+ (?:whose|with) [^{{}}]*?(\{{{slot}\}})"),
            re.compile(rf"\b(?:the|a|an) (?!(?:{_SKIP})\b)[A-Za-z][\w-]*(?: (?!(?:{_SKIP})\b)[a-z][\w-]*)? "
                       rf"(\{{{slot}\}})(?! (?:{_VERBS})\b)"),
            re.compile(rf"\bthe ({_ROLES}) of (\{{{slot}\}})"),
            tuple(re.compile(rf"\{{{slot}\}} ([a-z]+(?: [a-z]+){{{words - 1}}})\b") for words in (2, 1)),
            re.compile(rf"\{{{slot}\}} (\S+)"))


def _role_of(slot: str, m: re.Match[str]) -> str:
    """"the city of {name}" -> "{name}"; "the currency of {country}" stays (see :func:`_other_role`)."""
    return m.group(0) if _other_role(m.group(1), slot) else m.group(2)


def _other_role(role: str, slot: str) -> bool:
    """Whether ``slot`` names a thing of another role than ``role``: "the currency of {country}" is a relation
    between two things (kept), "the city of {name}" one thing said twice (dropped)."""
    words = set(slot.split("_")) & set(_ROLES.split("|"))
    return bool(words) and role not in words


def extra_params(tl: ToolLex, fl: FieldLex, args: Mapping[str, Any], mentions: Mapping[str, str] | None = None,
                 described: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """Parameters of a call stated by their own phrase, not by a slot of the field's noun; with ``mentions``,
    not those whose every slot the noun already says (*the population of the capital of France*, not *... of
    France in France*: the city's country came with its name)."""
    used = set(slots(fl.noun))
    covered = used | {m for g in used for m in tl.groups.get(g, ())}
    out = [p for p, phrase in tl.params.items() if phrase and p not in covered and args.get(p) is not None
           and (not isinstance(phrase, Mapping) or param_phrase(tl, p, args[p])) and not unneeded(tl, p, args)]
    if mentions is None:
        return out
    try:
        said = f" {fill(fl.noun, mentions, described)} "
    except KeyError:
        return out
    return [p for p in out if not (slots(param_phrase(tl, p, args[p])) and all(
        f" {mentions.get(s, chr(0))} " in said or f" {mentions.get(s, chr(0))}'s " in said
        for s in slots(param_phrase(tl, p, args[p]))))]


def noun_phrase(tl: ToolLex, fl: FieldLex, args: Mapping[str, Any], mentions: Mapping[str, str],
                described: frozenset[str] | set[str] = frozenset()) -> str:
    """``fl.noun`` filled from ``mentions`` (per parameter or group), with the phrases of stated extra
    parameters appended (a parameter whose phrase is null never changes the answer and is left out).

    ``args`` holds every argument in effect, defaults included (KeyError naming a slot with no mention)."""
    phrases = [fill(param_phrase(tl, p, args[p]), mentions, described)
               for p in extra_params(tl, fl, args, mentions, described)]
    return " ".join([fill(fl.noun, mentions, described), *[p for p in phrases if p]]).replace(" ,", ",")


def unneeded(tl: ToolLex, param: str, args: Mapping[str, Any]) -> bool:
    """Whether ``param`` changes nothing for these arguments, by its lexicon's ``when``: "and carbamidomethylated
    cysteines" said of a peptide with no cysteine read as settings copied into the question (two readers, round BA)."""
    phrase = tl.params.get(param)
    when = phrase.get("when") if isinstance(phrase, Mapping) else None
    return isinstance(when, Mapping) and any(str(text).lower() not in str(args.get(other, "")).lower()
                                             for other, text in when.items())


def param_phrase(tl: ToolLex, param: str, value: Any) -> str:
    """The phrase stating ``param`` = ``value``: the lexicon's phrase, or its phrase for this very value."""
    phrase = tl.params.get(param)
    if isinstance(phrase, Mapping):
        return str(phrase.get(_key(value), phrase.get("*", "")) or "")
    return phrase or ""


def value_mention(tl: ToolLex, param: str, value: Any) -> str | None:
    """The lexicon's own words for one value of ``param`` (an option such as ``KyteDoolittle``), if any."""
    phrase = tl.params.get(param)
    if isinstance(phrase, Mapping) and "mention" in phrase and isinstance(phrase["mention"], Mapping):
        words = phrase["mention"].get(_key(value))
        return str(words) if words is not None else None
    return None


def _key(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


_ASK = ("What is {n}?", "Can you tell me {n}?", "I'd like to know {n}.", "What's {n}?")
_ASK_KIND = {"R": ("Please look up {n}.", "Could you look up {n}?"),
             "P": ("Could you work out {n}?", "Please calculate {n}.")}
"""Forms that say what kind of work the answer takes: a lookup is looked up, a calculation worked out ("Please
look up the mass of 0.5 mol of ethanol" and "Could you work out the capital of Peru?" read wrong)."""
_ASK_LIST = ("What are {n}?", "List {n}.", "Can you list {n}?", "Which are {n}?")
_COUNT = ("How many are there of {n}?", "Count {n}.", "How many items are in {n}?")


_NESTED = re.compile(r"\b(?:what is|how much is|convert|give me) (?:how|what|who) ", re.IGNORECASE)
"""An own form that puts a question inside a question: a converted value described by a "how" phrase."""


def capitalize(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def question_forms(tl: ToolLex, fl: FieldLex, phrase: str, mentions: Mapping[str, str],
                   args: Mapping[str, Any], *, count: bool = False,
                   described: frozenset[str] | set[str] = frozenset(), kind: str = "") -> list[str]:
    """Question forms for a field, best first: the lexicon's own forms, then generic ones (``kind``: the tool's,
    ``R`` for a lookup or ``P`` for a calculation, adds forms that say which).

    ``phrase`` is the filled noun phrase; ``mentions`` fill the lexicon's own forms' slots. An own
    form is used only when it states every parameter that ``phrase`` states by an extra phrase."""
    own: list[str] = []
    forms = (fl.count,) if count and fl.count else (() if count else fl.ask)
    needed = set(extra_params(tl, fl, args, mentions, described))
    for form in forms:
        if not needed <= set(slots(form)) or any(unneeded(tl, s, args) for s in slots(form)):
            continue
        try:
            own.append(capitalize(fill(form, mentions, described)))
        except KeyError:
            continue
    own = [f for f in own if not _NESTED.search(f)]  # "What is how long technetium-99m takes to decay ... in days?"
    if phrase.startswith(("whether ", "if ")):  # a yes/no field: only its own forms read well
        return own or [capitalize(f"Can you check {phrase}?"), capitalize(f"Tell me {phrase}.")]
    if phrase.startswith(("how ", "what ", "who ")):  # "how much A exceeds B", "what the FIB-4 index says", "who
        # discovered ytterbium": not "What is what ..."; a lookup is not worked out ("Please work out what to dial")
        last = "Please look up {n}." if kind == "R" else "Please work out {n}."
        return own + [capitalize(f"Can you tell me {phrase}?"), capitalize(f"I'd like to know {phrase}."),
                      capitalize(last.format(n=phrase))]
    if count and own:  # "How many items are in the blocks of ...": a lexicon's own count question only
        return own
    generic = _COUNT if count else (_ASK_LIST if fl.is_list else (*_ASK, *_ASK_KIND.get(kind, ())))
    return own + [capitalize(g.format(n=phrase)) for g in generic]


def pick(forms: Sequence[str], rng: random.Random, own_first: int = 0) -> str:
    """A form, preferring the lexicon's own (the first ``own_first``) two times in three."""
    if own_first and rng.random() < 0.67:
        return forms[rng.randrange(own_first)]
    return forms[rng.randrange(len(forms))]


Describer = Callable[[str, Any], str]
