"""The named-day move: a question asked of any day asked again of a day people name (used by
:mod:`dive.exploration.programs`).

A sky question is asked of a day drawn for its place (lexicon ``any_day``): *When does the sun set at Cairo on 12
March 2025?* People also ask it of a day they name by what happens on it: the sunset on the first day of Ramadan (the
first fast ends), the sunrise on Easter Sunday (a sunrise service), the day length on the June solstice. After such
a question, this move calls a tool that finds that day (the Islamic year's dates, Easter's date, the solstices in the
place's own time zone) and calls the question's tool again with the day it gives, fed from that call: *When does the
sun set at Cairo, Egypt on the first day of Ramadan 2025 (Umm al-Qura calendar)?* The day is a bridge the question
names, never its date (the lexicon's ``day`` on the date field), so an agent finds the date with one tool, the place
with another and the sunset with a third.

Only the pairings the lexicon lists are made (``days`` on the asked field), at places where people keep the day
(``observed`` on the day's field): a field nobody asks of a named day (the solar noon of the first day of Ramadan) is
never asked of one, nor the sunset that ends a fast in La Paz.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from dive.chains import Chain
from dive.jsonpath import PathError, resolve
from dive.lexicon import FieldLex
from dive.records import Evidence, Task, ToolCall
from dive.tools.tool import Tool

if TYPE_CHECKING:
    from dive.exploration.program_run import ProgramRun

__all__ = ["carries", "named_day", "on_same_day"]

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?")

def _hijri(year: int) -> int | None:
    """The Umm al-Qura year whose Ramadan begins in the Gregorian ``year`` (1446 AH: 2025); None where two do (2030
    holds the first days of Ramadan 1451 and 1452, so "Ramadan 2030" is two days) or the calendar ends."""
    from hijridate import Hijri  # noqa: PLC0415 - the time pack's own dependency, imported when a day needs it

    guess = int((year - 622) * 1.030684)
    found = []
    for h in range(guess - 2, guess + 3):
        try:
            if Hijri(h, 9, 1).to_gregorian().year == year:
                found.append(h)
        except (ValueError, OverflowError):
            continue
    return found[0] if len(found) == 1 else None


_YEARS: dict[str, Callable[[int], int | None]] = {
    "year": lambda y: y,
    "hijri_year": _hijri,
}
"""The year of another calendar whose named days fall in a Gregorian year, by its type (None: no one year)."""


def named_day(run: ProgramRun, chains: Sequence[Chain], previous: Task | None) -> bool:
    """The call ``previous`` asked about, again on a named day its field lists (see the module docstring); False
    when its field lists none, its day was not drawn (a date the question found or the seed gave), or no tool of
    the toolset gives such a day."""
    if previous is None or len(previous.provenance.evidence) != 1:
        return False
    asked = previous.provenance.evidence[0]
    if asked.call_id not in {c.id for c in run.calls}:
        return False
    call = run.call_by_id(asked.call_id)
    tl = run.ex.lexicon.tools.get(call.tool)
    fl = tl.fields.get(asked.path) if tl is not None else None
    if tl is None or fl is None or not fl.days:
        return False
    params = [p for p in tl.any_day if isinstance(call.arguments.get(p), str) and p not in call.sources
              and _ISO_DAY.match(str(call.arguments[p]))]
    if len(params) != 1 or any(c.tool == call.tool and params[0] in c.sources for c in run.calls):
        return False
    param, drawn = params[0], str(call.arguments[params[0]])
    where = _country(run, call)
    options = [(name, path) for name, path in fl.days if name in run.tools
               and _kept(run.ex.lexicon.tools[name].fields.get(path), where)]
    run.rng.shuffle(options)
    clock = run.tools[call.tool].param_sem.get(param) == "datetime"
    for name, path in options:
        tool, dtl = run.tools[name], run.ex.lexicon.tools[name]
        subject = dtl.subject
        sem = tool.param_sem.get(subject or "")
        if clock:  # a moment of the drawn day at the same place: the Sun's azimuth at sunset
            found = _same_place(run, tool, call, drawn[:10])
        elif subject is None or sem is None:
            continue
        else:
            year = int(drawn[:4])
            if sem not in _YEARS:  # a day is named by its year, in its own calendar: Easter 2025, Ramadan 1446 AH
                continue
            value = _YEARS[sem](year)
            if value is None:
                continue
            found = _find_day(run, tool, subject, value, call)
        day = _named(run, found, path, drawn, clock) if found is not None else None
        if found is None or day is None:
            continue
        sources = {**call.sources, param: Evidence(call_id=found.id, path=path)}
        run.step = _after(run, sources)
        again = run.run_call(run.tools[call.tool], {**call.arguments, param: day}, sources)
        if again is not None:
            return True
    return False


def _find_day(run: ProgramRun, tool: Tool, subject: str, value: object, call: ToolCall) -> ToolCall | None:
    """The day tool's call for ``value``; a time zone it takes is the place's own, from the call that found the
    place (the June solstice falls on 20 June in New York and on 21 June in London), and without one it is not
    called."""
    args: dict[str, object] = {subject: value}
    sources: dict[str, Evidence] = {}
    for p, sem in tool.param_sem.items():
        if sem == "timezone" and p != subject:
            zone = _zone(run, call)
            if zone is None:
                return None
            args[p], sources[p] = zone
    return _call_once(run, tool, args, sources)  # two places in one zone share the day's call


def on_same_day(run: ProgramRun, like: ToolCall, made: ToolCall, params: set[str]) -> ToolCall | None:
    """``made``, a call for another entity of ``like``'s family made on its own drawn day, again on the named day
    ``like`` took for ``params`` (:meth:`ProgramRun.wider <dive.exploration.program_run.ProgramRun.wider>`: the day
    length of two more cities on the June solstice): a calendar day from the same call, a day that falls by the place's
    zone from the day's tool called again in the new place's zone. None when the day cannot be had there."""
    args, sources = dict(made.arguments), dict(made.sources)
    for p in sorted(params):
        ev = like.sources[p]
        found = run.call_by_id(ev.call_id)
        if not _kept(run.ex.lexicon.tools[found.tool].fields.get(ev.path), _country(run, made)):
            return None  # the first day of Ramadan in Cairo and Khartoum, not in Nairobi
        if found.sources:  # the day where the place is (the solstice by its zone): the new place's own
            if _of_one_place(run, found):
                return None  # a moment of the place's own day (its sunset) is no day of another place
            subject = run.ex.lexicon.tools[found.tool].subject or ""
            found_here = _find_day(run, run.tools[found.tool], subject, found.arguments[subject], made)
            if found_here is None:
                return None
            found = found_here
        day = _named(run, found, ev.path, "")
        if day is None:
            return None
        args[p], sources[p] = day, Evidence(call_id=found.id, path=ev.path)
    run.step = _after(run, sources)
    return run.run_call(run.tools[made.tool], args, sources)


def carries(run: ProgramRun, like: ToolCall, params: set[str]) -> bool:
    """Whether the named day ``like`` took for ``params`` can be had at another place (:func:`on_same_day`): a
    calendar day or a day found by year in the place's zone can, a moment of the place's own day (its sunset) cannot."""
    return not any(_of_one_place(run, run.call_by_id(like.sources[p].call_id)) for p in params)


def _of_one_place(run: ProgramRun, found: ToolCall) -> bool:
    """Whether the day call ``found`` gives a moment of one place's own day: fed from the place, with no subject of
    its own to call it again by (the Sun's times, for a sunset), unlike a day found by its year (the solstices)."""
    subject = run.ex.lexicon.tools[found.tool].subject
    return bool(found.sources) and (subject is None or subject not in found.arguments)


def _call_once(run: ProgramRun, tool: Tool, args: dict[str, object], sources: dict[str, Evidence]) -> ToolCall | None:
    """The program's successful call of ``tool`` with ``args`` when it has one, else a new one after its sources."""
    same = next((c for c in run.calls if c.tool == tool.name and c.arguments == args and run.obs(c.id).ok), None)
    if same is not None:
        return same
    run.step = _after(run, sources)
    return run.run_call(tool, args, sources)


def _after(run: ProgramRun, sources: dict[str, Evidence]) -> int:
    """The step after every source made in this round (0 when none was): calls sharing a step are independent."""
    steps = [c.step for e in sources.values() if (c := run.call_by_id(e.call_id)).round == run.round]
    return max(steps) + 1 if steps else 0


def _same_place(run: ProgramRun, tool: Tool, call: ToolCall, day: str) -> ToolCall | None:
    """The call of ``tool`` (the Sun's times) for the place and the day of ``call``: its position and time zone
    taken as ``call`` took them, its date ``day``; None when ``tool`` takes something else it would have to invent."""
    args: dict[str, object] = {}
    sources: dict[str, Evidence] = {}
    given = run.tools[call.tool].param_sem
    for p, sem in tool.param_sem.items():
        if sem == "date":
            args[p] = day
            continue
        mine = next((q for q, s in given.items() if s == sem and q in call.arguments), None)
        if mine is None:
            if p in tool.parameters.get("required", ()):
                return None
            continue
        args[p] = call.arguments[mine]
        if mine in call.sources:
            sources[p] = call.sources[mine]
    return _call_once(run, tool, args, sources)


def _named(run: ProgramRun, found: ToolCall, path: str, drawn: str, clock: bool = False) -> str | None:
    """The day (``clock``: the moment) ``found`` gives at ``path``, when it is another than the drawn one."""
    try:
        day = resolve(run.obs(found.id).output, path)
    except PathError:
        return None
    ok = _ISO_MOMENT.fullmatch(day) if clock and isinstance(day, str) else isinstance(day, str) and _ISO_DAY.fullmatch(day)
    return day if ok and day != drawn else None


def _kept(day: FieldLex | None, country: str | None) -> bool:
    """Whether people at a place in ``country`` keep ``day`` (its lexicon ``observed``; any place when it has none)."""
    return day is not None and (not day.observed or country in day.observed)


def _country(run: ProgramRun, call: ToolCall) -> str | None:
    """The country code of the place ``call`` is about, from the call that found the place."""
    for e in call.sources.values():
        output = run.obs(e.call_id).output
        if isinstance(output, dict) and isinstance(code := output.get("country_code"), str):
            return code
    return None


def _zone(run: ProgramRun, call: ToolCall) -> tuple[str, Evidence] | None:
    """The time zone of the place ``call`` is about, from the call that found the place (a city's record), with
    where it came from; None when no source of ``call`` gives one."""
    for e in call.sources.values():
        source = run.call_by_id(e.call_id)
        tool = run.tools.get(source.tool)
        for path, sem in (tool.output_sem.items() if tool is not None else ()):
            if sem == "timezone" and "[" not in path:
                try:
                    zone = resolve(run.obs(source.id).output, path)
                except PathError:
                    continue
                if isinstance(zone, str) and zone:
                    return zone, Evidence(call_id=source.id, path=path)
    return None
