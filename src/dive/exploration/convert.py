"""The convert move: a found quantity said in the unit a person asks for (used by :mod:`dive.exploration.programs`).

A person who reads a melting point in kelvins asks for it in degrees Celsius, an area in
square kilometers in square miles. When the end of a program's main chain gives an askable quantity in a
unit of :data:`CONVERSIONS`, the unit converter is called on it, fed by that field (``ToolCall.sources``
key ``value``; its unit is stated, the target drawn), and the deriver asks for the converted value through
the chain: *What is the melting point of tungsten in degrees Celsius?* A lookup, then a calculation:
the program mixes retrieval and processing, and the question is the previous round's, evolved (the field
that task asked is converted first). Not made when the tool already gives the quantity in that unit (an
airport's elevation comes in feet too), for a figure compared only with a lead (``margin``: a population),
nor after a round that asked a comparison (a converted chain would be shallower than it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dive.chains import NOT_CONVERTED, is_quantity
from dive.exploration.members import winner
from dive.facts import output_units
from dive.jsonpath import expand
from dive.lexicon import disputed
from dive.records import Evidence, Task, ToolCall
from dive.values import is_number

if TYPE_CHECKING:
    from dive.exploration.program_run import ProgramRun
    from dive.lexicon import Lexicon

__all__ = ["CONVERSIONS", "CONVERTER", "NOT_CONVERTED", "WINNERS", "ask_in_problems", "convert", "conversions",
           "convert_winner"]

CONVERTER = "convert_units"
"""The unit converter the move calls: every toolset of a run with the programs explorer holds it."""

CONVERSIONS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "K": (("K", "C", "°C"),),
    "km²": (("km2", "mi2", "mi²"),),
    "km": (("km", "mi", "mi"),),
    "Pa": (("Pa", "atm", "atm"), ("Pa", "kPa", "kPa")),
    "kg": (("kg", "lb", "lb"),),
    "s": (("s", "yr", "years"), ("s", "day", "days"), ("s", "h", "hours"), ("s", "min", "minutes")),
    "eV": (("eV", "kJ/mol", "kJ/mol"),),
    "J/mol": (("J/mol", "kJ/mol", "kJ/mol"),),
}
"""Per unit a field is given in (as the lexicon or the tool's schema writes it): the conversions people ask for,
as (the converter's unit, its target, the target as a field's unit is written). Temperatures of DNA duplexes in
°C, energies in kcal/mol and masses in g/mol stay as they are: no one converts them. A temperature in kelvins goes
to degrees Celsius, never Fahrenheit: two independent reviewers found the melting point of
4-hydroxy-3-methoxybenzaldehyde and the critical temperature of orthohydrogen in °F templated puzzles (a chemist
asks in °C). An ionization energy in electronvolts goes to kilojoules per mole, the unit of chemistry's tables
(sodium's 5.139 eV is 495.8 kJ/mol), and an enthalpy of formation a tool gives in J/mol too (tables and people say
-285.8 kJ/mol for liquid water); a pressure in pascals to atmospheres or kilopascals (a vapour pressure in kPa only:
ethanol's 7.87 kPa at 25 °C in the CRC, never 7,876 Pa)."""

SCALED = {"s": {"yr": 31557600.0, "day": 86400.0, "h": 3600.0, "min": 60.0}}
"""Units converted to the largest of their targets the value makes at least one of (a half-life of 1.66e8 s in
years, 8.0 days for iodine-131, never 0.0003 years): the others are not drawn."""



WINNERS = frozenset({"members"})
"""The comparisons whose winner's value a later round converts: over a set named by its relation (the countries
that border Spain), never over options a question names (``dive.derivation.winners``)."""


def conversions(run: ProgramRun, call: ToolCall) -> list[tuple[str, float, str, str]]:
    """The conversions ``call``'s output allows: (the field's path, its value, from unit, to unit)."""
    tool = run.tools.get(call.tool)
    tl = run.ex.lexicon.tools.get(call.tool)
    if tool is None or tl is None or not run.obs(call.id).ok:
        return []
    schema = output_units(tool)
    units = {p: fl.unit or schema.get(p) for p, fl in tl.fields.items()}
    given = {u for u in units.values() if u}
    out: list[tuple[str, float, str, str]] = []
    for pattern, fl in tl.fields.items():
        if disputed(fl, call.arguments.get(tl.subject or "")):
            continue  # Singapore's area, 710 km² in the table and about 734 today (both readers, round CP)
        if (not fl.asked or fl.is_list or fl.margin or NOT_CONVERTED.search(fl.noun)
                or not is_quantity(tool.output_sem.get(pattern), fl.noun)):
            continue  # a population is compared with a lead, never asked outright; a Unix timestamp is seconds but
            # no duration ("the Unix timestamp of ... in years": a reviewer, contrived)
        for src, dst, written in CONVERSIONS.get(units[pattern] or "", ()):
            if written in given or (fl.ask_in and dst != fl.ask_in):
                continue  # the tool says it in that unit already (an airport's elevation in feet)
            for path, value in expand(run.obs(call.id).output, pattern):
                if is_number(value) and value != 0 and _fits(src, dst, value):  # below zero too: most
                    # enthalpies of formation are negative (a scaled unit's negative value fits no target)
                    out.append((path, value, src, dst))
    return out


def ask_in_problems(lexicon: Lexicon) -> list[str]:
    """Fields whose ``ask_in`` is no unit :data:`CONVERSIONS` turns the field's unit into (such a field would never
    be asked): one line each, as :func:`dive.lexicon.lexicon_problems` gives them."""
    out = []
    for name, tl in sorted(lexicon.tools.items()):
        for path, fl in tl.fields.items():
            targets = sorted({dst for _, dst, _ in CONVERSIONS.get(fl.unit or "", ())})
            if fl.ask_in and fl.ask_in not in targets:
                out.append(f"{name}: {path}: ask_in {fl.ask_in!r} is not a unit the converter turns "
                           f"{fl.unit or 'its unit'} into ({targets or 'none'})")
    return out


def _fits(src: str, dst: str, value: float) -> bool:
    """Whether ``dst`` is the unit to say ``value`` (in ``src``) in: for a scaled unit, the largest target it makes
    at least one of; any target otherwise."""
    scale = SCALED.get(src)
    if scale is None:
        return True
    return dst == next((u for u, f in scale.items() if value >= f), None)


def convert(run: ProgramRun, calls: tuple[str, ...], previous: Task | None) -> bool:
    """Convert a quantity the end of the chain ``calls`` gives (the one ``previous`` asked first, if it did); after
    a members question, the winner's compared value (:func:`convert_winner`)."""
    tool = run.tools.get(CONVERTER)
    if tool is not None and previous is not None and previous.template in WINNERS:
        return "winner_value" in run.ex.asks and convert_winner(run, previous)
    if tool is None or (previous is not None and previous.template != "chain"):
        return False  # after a comparison a converted chain is shallower than the task before it
    end = run.call_by_id(calls[-1])
    asked = {e.path for e in previous.provenance.evidence if e.call_id == end.id} if previous is not None else set()
    options = conversions(run, end)
    run.rng.shuffle(options)
    options.sort(key=lambda o: o[0] not in asked)
    for path, value, src, dst in options:
        run.step = len(calls)
        made = run.run_call(tool, {"value": value, "from_unit": src, "to_unit": dst},
                            {"value": Evidence(call_id=end.id, path=path)})
        if made is not None:
            return True
    return False


def convert_winner(run: ProgramRun, previous: Task) -> bool:
    """After *which of the countries that border Germany has the largest area?*, the winner's area in square miles:
    *Among the countries that border Germany, what is the largest area in square miles?* (the deriver asks it
    over the same comparison, :mod:`dive.derivation.winners`)."""
    won = winner(run, previous)
    if won is None:
        return False
    for path, value, src, dst in conversions(run, run.call_by_id(won.call_id)):
        if path != won.path:
            continue
        run.step = run.call_by_id(won.call_id).step + 1
        if run.run_call(run.tools[CONVERTER], {"value": value, "from_unit": src, "to_unit": dst},
                        {"value": Evidence(call_id=won.call_id, path=path)}) is not None:
            return True
    return False
