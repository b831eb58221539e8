"""The lexicon: how a person asks about a tool's outputs, and how values are mentioned.

A task's query must read like a request a real user would make. It never names a tool, a
parameter or a field; it asks for *the capital of Denmark*, not for the ``capital`` field
of ``country_capital`` with ``code = DK``. Each pack ships a ``lexicon.yaml`` next to its
module that says, for every tool:

- ``fields``: the output fields worth asking about, each with a noun phrase whose slots
  are the tool's parameters (``the capital of {code}``), optional question forms and a
  unit. A field with no entry is never asked about, so cryptic fields disappear by
  construction. A path ending in ``[*]`` (or ``[*].key``) is a list: it can be counted
  or listed (``count``: a question form for "how many"). ``bridge: false`` keeps a field
  from standing, described, for the entity of a longer question when the description would
  be a riddle (*the country of the Asia/Nicosia time zone*); ``compare: false`` keeps it
  from being ranked, subtracted or matched across entities (a signed angle, a UTC offset);
  ``asked: false`` keeps it from being asked about at all while it still feeds other calls
  (a capital's longitude, where two gazetteers differ in the second decimal);
  ``members: true`` (on a complete list with a ``count``) marks a set people name by its relation
  and compare members over (the countries that border Spain): sampled items start from such sets
  (``subjects``: only from these subjects' sets, the currencies several countries share; ``disputed``: never the
  sets of these subjects, which people draw differently);
  ``where`` (value -> what the members that have it do, in the plural: ``{EUR: "use the euro"}``) on a field of
  the members lets a question count them: *How many of the countries that border Germany use the euro?*;
  a mapping instead of ``true`` gives arguments the listing call takes for the set (``{official_only:
  true}``: the countries where Portuguese is official, not every country with speakers);
  ``over`` (what the members whose value exceeds a number do: ``"have more than {n} people"``) on a numeric field of
  the members lets a question count them against a round number: *How many of the countries that border Germany
  are larger than 50,000 square kilometres?*;
  ``digits`` (decimal places a number is asked to, where sources differ: a compound's melting point);
  ``above`` (output field -> bound) asks the field only while those fields of the same output exceed
  their bounds (a planet's compass direction only while it is up: ``{altitude_deg: 0}``), and ``below`` only
  while they stay under them (a fraction of a sample left only while some of it has decayed);
  ``ask_in`` (a converter unit: ``C``) asks the field only converted into it, never in the tool's unit;
  ``tolerance`` (a share: ``0.005``) is the relative error an answer may have where evaluations differ (a
  half-life), whatever decimals are asked;
  ``lead`` (on a value people know by heart for familiar things: a molecule's weight) is the most the
  winner of a superlative may lead the runner-up by, as a ratio, for the comparison to need the tool;
  ``rank`` (on a measure between two things: a distance, a similarity) says which parameter or
  group holds the thing the others are measured against and how the nearest and farthest are
  said (``{anchor: from, min: "closest to {from}", max: "farthest from {from}"}``).
- ``subject``: the parameter naming what the call is about (a country, a molecule).
- ``params``: how a parameter is stated when it is not a slot of the noun
  (``year: "in {year}"``), or ``null`` when it never changes an askable answer, or a
  phrase per value (``circular: {true: "of the circular plasmid", false: ""}``) with
  optional words for option values used in slots (``mention: {KyteDoolittle: "the
  Kyte-Doolittle scale"}``) and an optional ``when: {other_param: text}``: the parameter is stated only when
  that argument holds the text (a cysteine modification only for a peptide with a cysteine, C). Every
  parameter is either a slot, a phrase, or null: a question always states every argument
  that changes its answer, defaults included.
- ``own``: parameters that are properties of the subject (a substance's density): the
  tool's example value is never used for another subject.
- ``groups``: parameters filled together from one source and mentioned as one slot
  (``place: [latitude, longitude]``): a coordinate pair always comes from one place.
- ``any_day``: date parameters any day would serve (the day of a sunrise): a program gives them a day drawn
  for its seed from 2024-2026 (a date-time keeps the example's clock), not the example's every time.
- ``choices``: per parameter, the values a person would give it (``mass_g: [1, 5, 10, 25, 50, 100]``): a
  program draws one for its seed in place of the tool example's (36.03 g, 2 mol of water, asked of every
  compound).
- ``context``: sentences of realistic context a share of the tool's questions open with (*I'm updating our lab's
  safety sheet.*), each naming no value.
- ``implied``: parameters that go unsaid when another one is fed by an earlier call
  (``from_unit: value``: the melting point of tungsten *in degrees Celsius*, its unit found with it;
  a stated ``value`` of 10 still says *10 kilometers*).

and, for the semantic types the pack owns (``types``), how a value is mentioned: by its
label (a country code by the country's name, through a function of the pack), as it is,
quoted, as a percentage, as a date; whether it names an entity; the common noun for
such entities (``country``); other names a person may answer with (``aliases``: a time zone's
CLDR names); and, for codes nobody knows by heart, the type of the label they are found from
(``found_by: molecule_name`` on an InChIKey: a program starts from the compound's name).

    lex = load_lexicon(["geo"])
    lex.tools["country_capital"].fields["$.capital"].noun   # 'the capital of {code}'

``python -m dive.lexicon_check --pack geo`` validates a pack's lexicon against its tools
and prints the one-hop questions its example calls give.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from dive.errors import ConfigError

__all__ = [
    "MENTION_STYLES",
    "FieldLex",
    "Lexicon",
    "LexiconError",
    "ToolLex",
    "TypeLex",
    "disputed",
    "famous",
    "is_numeric_field",
    "lexicon_problems",
    "load_lexicon",
    "merge",
    "module_lexicon",
    "parse_lexicon",
    "slots",
]

MentionStyle = Literal["as_is", "label", "quoted", "number", "percent", "fraction_percent", "date", "year"]
MENTION_STYLES: tuple[str, ...] = ("as_is", "label", "quoted", "number", "percent", "fraction_percent", "date", "year")

_SLOT = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


class LexiconError(ConfigError):
    """A lexicon file is malformed or does not match its pack's tools."""


def slots(template: str) -> list[str]:
    """The ``{slot}`` names of a template, in order."""
    return _SLOT.findall(template)


@dataclass(frozen=True)
class TypeLex:
    """How values of one semantic type are mentioned in a question."""

    name: str
    mention: MentionStyle = "as_is"
    label: Callable[[Any], str | None] | None = None
    """For ``label``: the display name of a value (None when it has none)."""
    entity: bool = False
    """Whether a value names an entity (a country, a molecule) rather than a quantity."""
    noun: str = ""
    """The common noun for such entities: ``country``, ``molecule``."""
    aliases: Callable[[Any], Sequence[str]] | None = None
    """Other names a person may answer with for a value (``Africa/Harare``: Central Africa Time)."""
    answer: Callable[[Any], str | None] | None = None
    """The name an answer gives a value when it is not the label a question mentions it by: a time zone is
    mentioned as ``Toronto time`` and answered as ``Eastern Time`` (None: the label)."""
    found_by: str = ""
    """The type of the name a question mentions such a value by, where the value is a code nobody knows by heart (a
    compound's InChIKey, mentioned as *warfarin*: ``molecule_name``): a program whose seed is such a value starts
    from its label, found by a tool that takes that type, as an agent given the question must (empty: the value is
    passed as it is)."""


@dataclass(frozen=True)
class FieldLex:
    """One askable output field of a tool."""

    path: str
    """JSON path pattern into the output: ``$.capital``, ``$.holidays[*].name``."""
    noun: str
    """Noun phrase with parameter or group slots: ``the capital of {code}``."""
    ask: tuple[str, ...] = ()
    """Question forms (same slots); defaults are built from ``noun``."""
    count: str = ""
    """For list fields: a question form asking how many items there are."""
    unit: str | None = None
    """Unit of a numeric field, as written in a question (``km``, ``g/mol``)."""
    bridge: bool = True
    """Whether the value may stand, described, for an intermediate entity of a longer question. False
    where the description is a riddle that stands in for naming the thing (*the country of the
    Asia/Nicosia time zone*, *the city served by LUN*): the field is still asked about directly."""
    compare: bool = True
    """Whether values of two entities may be ranked, subtracted or matched. False where a comparison reads as a
    drill or is ill-defined: a signed angle ("the smallest elongation" of -47° and 9.6°), the UTC offsets of
    arbitrary time zones, the Moon's distance at one clock time in two zones."""
    rank: Mapping[str, str] = field(default_factory=dict)
    """For a measure between two things (a distance, a similarity): ``anchor``, the parameter or group that holds
    the thing the others are measured against, and ``min`` / ``max``, how the one nearest to it / farthest from it
    is said (``closest to {from}``): *Which of the countries that border Spain has its capital closest to the
    capital of Spain?*"""
    asked: bool = True
    """Whether a question may ask for the value itself. False where it only feeds other calls: a capital's
    latitude from a country's profile (two gazetteers place Tegucigalpa 0.2 km apart: -87.20 or -87.21)."""
    members: bool = False
    """For a complete list: whether it is a set people name by its relation and compare its members over (the
    countries that border Spain, the elements of group 2): sampled toolsets start from such sets
    (:data:`dive.sampling.SET_SHARE`)."""

    trend: bool = False
    """For a list: whether it runs in an order its members' properties trend along (the elements of a group by
    atomic number), so that a superlative over it whose winner is the first or the last member is a textbook answer
    (beryllium the smallest atom of group 2, radium the densest) and is not asked (calcium the least dense is)."""
    margin: float = 0.0
    """For a value that differs between sources and years (a population): the share of the winner's value by which
    it must lead the runner-up in a superlative. Rwanda's 11.0 million against South Sudan's 11.4 million in one
    database is reversed in another. A field with a margin is compared, never asked outright: an agent that answers
    with this year's census is not wrong."""
    set_args: Mapping[str, Any] = field(default_factory=dict)
    """For a ``members`` list: arguments the listing call takes when a program starts from the set (lexicon
    ``members: {official_only: true}``): the countries where Portuguese is official, not every country where some
    people speak it."""
    lead: float = 0.0
    """For a value a person may know by heart for familiar things (a molecule's weight: methane is the lightest
    of methane, ethylene and toluene): the most the winner of a superlative may lead the runner-up by, as a
    ratio (1.35: within 35%), so that the comparison needs the tool; 0: the shape's own limit. No built-in field
    sets it since molecular weights are not compared (``compare: false``)."""
    digits: int | None = None
    """Decimal places a number is asked to, where sources differ by more than the default's last place (a
    compound's melting point: chloroform's 210.2 K in one table, 209.7 K in the CRC): None, about four
    significant digits."""
    min_atoms: int = 0
    """For a molecule's property read off its structure (its rings, its hydrogen-bond donors, its molecular weight):
    the fewest heavy (non-hydrogen) atoms the molecule asked about has, by a SMILES or formula of the program
    (:func:`dive.derivation.describe.heavy_atoms`). A smaller one is read by eye or known by heart: the one ring of
    THF, the 98.08 g/mol of sulfuric acid, no carboxylic acid in propylene (two readers, round AN: 8 of its 25
    faulted verdicts)."""
    above: Mapping[str, float] = field(default_factory=dict)
    """Output fields of the same call (paths, as field keys) whose values must be above a bound for this field to be
    asked (lexicon ``above: {altitude_deg: 0}``): a planet's compass direction only while it is above the horizon
    (two readers, round AT: "which compass direction to look" at Jupiter 4.7° below it is no question), a
    self-dimer's melting temperature only when above 0 °C."""
    below: Mapping[str, float] = field(default_factory=dict)
    """As :attr:`above`, for bounds the fields must stay under (lexicon ``below: {parent_fraction_remaining:
    0.9995}``): the fraction of potassium-40 left after 10 years is 1.0000 to four places, and the fraction of sp3
    carbons in octane is 1, as in every alkane: answers that need no tool."""
    subjects: tuple[Any, ...] = ()
    """For a ``members`` list: the subjects whose sets sampled items start from (lexicon ``subjects: [XOF, XAF]``, the
    currencies three or more countries share; a currency of one country is no set); empty: any
    seed of the subject's type."""
    disputed: tuple[Any, ...] = ()
    """For a ``members`` list: subjects whose set people draw differently, never gone through (lexicon ``disputed:
    [FR]``: France borders Brazil and Suriname through French Guiana, and readers of one file counted them while
    readers of another did not, so *the largest country that borders France* has two answers). For any other field:
    subjects it is never asked of, having no one value (``disputed: [P, C]``: the crystal structure of phosphorus
    is white, red or black phosphorus's)."""
    significant: int | None = None
    """The most significant digits a value of the field keeps when it is said in another unit (lexicon
    ``significant: 3``): a half-life converted to days. Evaluations differ in the fourth (xenon-133's 5.243 days in
    ICRP-107, 5.2474 in ENSDF: a reader, round BO); else 4."""
    ask_in: str = ""
    """A unit the field is asked in only, converted by the unit converter (``dive.exploration.convert``; lexicon
    ``ask_in: C``): never in the unit the tool gives (a flash point in kelvins, which no one asks for: two readers,
    round BL), only as *What is the flash point of cyclohexane in degrees Celsius?*."""
    where: Mapping[str, str] = field(default_factory=dict)
    """For a field of the members of a set: a value (as the tool gives it) -> what the members with it do, in the
    plural (lexicon ``where: {EUR: "use the euro"}``), so that a question counts them (*How many of the countries
    that border Germany use the euro?*); a list field counts a member whose list holds the value. Only the values
    it names are counted: those a person asks about by a phrase that needs no other words."""
    tolerance: float = 0.0
    """For a value evaluations differ on by a little (lexicon ``tolerance: 0.005``): the relative error an answer may
    have, whatever decimals the question asks for, in the field's unit or converted. Caesium-137's half-life is 30.17
    years in ICRP-107 and 30.08 in the NNDC's evaluation: asked to three digits, 30.2 and 30.1 (a reader, round
    BQ). 0: the decimals asked decide."""
    over: str = ""
    """For a numeric field of the members of a set: what the members whose value exceeds ``{n}`` do, in the plural
    (lexicon ``over: "have more than {n} people"``), so that a question counts them against a round number: *How many
    of the countries that border Germany have more than 10 million people?* The number is one none of the members'
    values comes near (by the field's margin or tolerance, at least 10%)."""
    cuts: tuple[float, ...] = ()
    """The numbers people set a condition on the field at, in the unit the condition is said in (lexicon ``cuts:
    [1000000]`` for a population: more than a million people leaves microstates aside): a choice under a
    condition over a set named by its relation (:mod:`dive.derivation.select`) takes its line from them alone, and a
    field without them is never such a condition."""
    among: tuple[tuple[str, str, str, str], ...] = ()
    """The conditions a person sets when choosing by this field among options they name, as (tool, field path,
    ``over`` or ``under``, ``argmax`` or ``argmin``), from the lexicon's ``{field: TOOL.FIELD, side: above|below,
    pick: highest|lowest}``: ``among: [{field: chemical_phase_change_data.boiling_point, side: below, pick:
    highest}]`` on a flash point asks the least flammable of the solvents that boil below a line (easy to evaporate,
    least flammable). A choice under a condition over named options is asked only so, of a condition field in
    kelvins asked in °C (:mod:`dive.derivation.select`)."""
    famous: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    """Per op (``argmax``, ``argmin``), subjects everyone knows win it (lexicon ``famous: {largest: [RU, CA, US, CN],
    smallest: [VA, MC]}``): a comparison they win needs no tool (*Which of the countries that border Kazakhstan is
    the largest?* is Russia: both readers, round CQ), so it is not asked."""
    day: str = ""
    """For a date field: how a person names the day when it stands for a date in another question (lexicon ``day:
    "Western Easter Sunday {year}"``), with the noun's slots. A program may take such a day for a field that lists it
    in :attr:`days` (:mod:`dive.exploration.days`): *When does the sun rise at Sydney on Western Easter Sunday 2025?*
    Empty: the date is described by its noun."""
    observed: tuple[str, ...] = ()
    """For a field with a ``day``: the countries (ISO codes) where people keep the day, so that a question asks of a
    place there only (lexicon ``observed: [EG, SA, ID]`` on the first day of Ramadan: the sunset in Cairo that ends the
    first fast, not in La Paz: a reader, round CRD); empty: any place."""
    days: tuple[tuple[str, str], ...] = ()
    """The named days (tool, date field path) this field is asked on, from the lexicon's ``days: [TOOL.FIELD]``: a
    person asks the sunset on the first day of Ramadan (the first meal after the fast), the sunrise on Easter Sunday (a
    sunrise service). A call whose date such a day gave asks these fields only."""
    one_hemisphere: bool = False
    """Compared only among places on one side of the equator (lexicon ``one_hemisphere: true`` on a day's length): on
    a solstice, the one city across the equator has the longest or the shortest day, and the question needs no tool
    (the shortest day on the December solstice of Tangerang, Semarang and Haiphong: both readers, round CZ)."""

    @property
    def is_list(self) -> bool:
        return "[*]" in self.path


@dataclass(frozen=True)
class ToolLex:
    """The lexicon of one tool."""

    tool: str
    subject: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    """Per parameter: a phrase, null, or per value ``{true: "on a circular template", false: "",
    "*": "...", mention: {KyteDoolittle: "the Kyte-Doolittle scale"}}``."""
    groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    fields: Mapping[str, FieldLex] = field(default_factory=dict)
    own: tuple[str, ...] = ()
    """Parameters that are properties of the subject (a substance's density, an ion's charge): the tool's example
    value is used only with the example's own subject, never for another (benzene at the example's 2.2 g/cm³, Rn3+
    for the example's Fe3+); with another subject the tool is not called."""
    implied: Mapping[str, str] = field(default_factory=dict)
    """Per parameter, the parameter whose being fed by an earlier call makes it go unsaid: ``{from_unit: value}``,
    a found value's unit comes with it (*the melting point of tungsten in degrees Celsius*, not *... kelvins in
    degrees Celsius*)."""
    any_day: tuple[str, ...] = ()
    """Date parameters any day would serve (the day of a sunrise, the hour Jupiter is looked at): a program draws
    the day for its seed (:func:`dive.exploration.arguments.any_day`), so that 2,000 tasks do not all ask about the
    tool example's 7 December 2024 at 22:00 (12 of them did, round AM)."""
    choices: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)
    """Per parameter, the values a person would give it, one drawn for a program's seed in place of the tool
    example's (:func:`dive.exploration.arguments.drawn`): "How many moles are there in 36.03 g of toluene?" asked the
    water example's mass of 64 of 2,000 tasks' compounds (round AN)."""
    context: tuple[str, ...] = ()
    """Sentences of realistic context a person asking about this tool's outputs may open with (*I'm choosing a solvent
    for an extraction.*): a share of its questions start with one (:data:`dive.derivation.compare.CONTEXT_SHARE`), the
    question form unchanged after it. Each names no value (no digit, slot or code), so it states nothing the program
    needs and gives nothing away."""

    def group_of(self, param: str) -> str | None:
        for name, members in self.groups.items():
            if param in members:
                return name
        return None


@dataclass(frozen=True)
class Lexicon:
    """The merged lexicon of some packs: tools by name, semantic types by name."""

    tools: Mapping[str, ToolLex]
    types: Mapping[str, TypeLex]

    def type(self, sem: str | None) -> TypeLex:
        return self.types.get(sem or "", TypeLex(sem or ""))


def disputed(fl: FieldLex, subject: Any) -> bool:
    """Whether ``fl`` is never asked of ``subject`` (:attr:`FieldLex.disputed`; a name in any case: "Carbon" is
    "carbon")."""
    return _listed(subject, fl.disputed)


def famous(fl: FieldLex, op: str, subject: Any) -> bool:
    """Whether everyone knows ``subject`` wins ``op`` on ``fl`` (:attr:`FieldLex.famous`: Russia the largest
    country), in any case."""
    return _listed(subject, fl.famous.get(op, ()))


def _listed(subject: Any, values: tuple[Any, ...]) -> bool:
    key = subject.casefold() if isinstance(subject, str) else subject
    return any((v.casefold() if isinstance(v, str) else v) == key for v in values)


# The loader and the checks read the records above: imported last, so ``dive.lexicon.load_lexicon`` and
# ``dive.lexicon.lexicon_problems`` stay where callers find them.
from dive.lexicon_load import load_lexicon, merge, module_lexicon, parse_lexicon  # noqa: E402
from dive.lexicon_problems import is_numeric_field, lexicon_problems  # noqa: E402
