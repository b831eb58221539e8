"""Loading the lexicon: a pack's ``lexicon.yaml`` parsed into :class:`~dive.lexicon.Lexicon` records, with a
:class:`~dive.lexicon.LexiconError` naming any bad key, and the packs' lexicons merged (what the keys mean:
:mod:`dive.lexicon`)."""

from __future__ import annotations

import importlib
import importlib.resources
import re
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

import yaml

from dive.lexicon import MENTION_STYLES, FieldLex, Lexicon, LexiconError, ToolLex, TypeLex
from dive.tools.registry import PACKS, pack_installed

__all__ = ["load_lexicon", "merge", "module_lexicon", "parse_lexicon"]


def _path(key: str) -> str:
    key = key.strip()
    return key if key.startswith("$") else f"$.{key}"


def _callable(spec: str, where: str) -> Callable[[Any], Any]:
    module, _, name = spec.partition(":")
    if not module or not name:
        raise LexiconError(f"{where}: label {spec!r} must be 'module:function'")
    try:
        fn = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as exc:
        raise LexiconError(f"{where}: cannot load label function {spec!r}: {exc}") from None
    return fn


def _as_tuple(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise LexiconError(f"{where}: expected a string or a list of strings, got {value!r}")


def _share(spec: dict[str, Any], key: str, below: float, where: str, what: str) -> float:
    """A share a field's ``key`` gives (0.0 when unset), from 0 to under ``below``; LexiconError naming the key."""
    value = spec.get(key, 0.0)
    if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value < below:
        raise LexiconError(f"{where}.{key}: expected a share {what}, got {value!r}")
    return float(value)


def parse_lexicon(data: Any, source: str) -> Lexicon:
    """Build a :class:`Lexicon` from the parsed YAML of one file (LexiconError naming the bad key)."""
    if data is None:
        return Lexicon({}, {})
    if not isinstance(data, dict) or set(data) - {"types", "tools"}:
        raise LexiconError(f"{source}: a lexicon has the top-level keys 'types' and 'tools' only")
    types: dict[str, TypeLex] = {}
    for name, spec in (data.get("types") or {}).items():
        where = f"{source}: types.{name}"
        if not isinstance(spec, dict) or set(spec) - {"mention", "label", "entity", "noun", "aliases", "answer",
                                                      "found_by"}:
            raise LexiconError(f"{where}: expected keys mention, label, entity, noun, aliases, answer, found_by")
        mention = spec.get("mention", "as_is")
        if mention not in MENTION_STYLES:
            raise LexiconError(f"{where}.mention: {mention!r} is not one of {', '.join(MENTION_STYLES)}")
        label = _callable(spec["label"], where) if spec.get("label") else None
        if mention == "label" and label is None:
            raise LexiconError(f"{where}: mention 'label' needs label: 'module:function'")
        aliases = _callable(spec["aliases"], where) if spec.get("aliases") else None
        answer = _callable(spec["answer"], where) if spec.get("answer") else None
        found_by = spec.get("found_by", "")
        if not isinstance(found_by, str) or (found_by and mention != "label"):
            raise LexiconError(f"{where}.found_by: expected the semantic type of the label a value is mentioned by "
                               f"(with mention: label), got {found_by!r}")
        types[name] = TypeLex(name, mention, label, bool(spec.get("entity", False)), str(spec.get("noun", "")),
                              aliases, answer, found_by)
    tools: dict[str, ToolLex] = {}
    for name, spec in (data.get("tools") or {}).items():
        where = f"{source}: tools.{name}"
        if not isinstance(spec, dict) or set(spec) - {"subject", "params", "groups", "fields", "own", "implied",
                                                      "any_day", "choices", "context"}:
            raise LexiconError(f"{where}: expected keys subject, params, groups, fields, own, implied, any_day, "
                               "choices, context")
        fields: dict[str, FieldLex] = {}
        for key, fspec in (spec.get("fields") or {}).items():
            fwhere = f"{where}.fields.{key}"
            if isinstance(fspec, str):
                fspec = {"noun": fspec}
            if not isinstance(fspec, dict) or "noun" not in fspec or set(fspec) - {"noun", "ask", "count", "unit", "bridge",
                                                                                  "compare", "rank", "asked", "members",
                                                                                  "margin", "trend", "lead",
                                                                                  "digits", "min_atoms", "above",
                                                                                  "below", "subjects", "disputed",
                                                                                  "ask_in", "significant", "where",
                                                                                  "tolerance", "over", "cuts", "among",
                                                                                  "famous", "day", "days", "observed",
                                                                                  "one_hemisphere"}:
                raise LexiconError(f"{fwhere}: expected a noun phrase, or keys noun (required), ask, count, unit, "
                                   "bridge, compare, rank, asked, members, margin, trend, lead, digits, min_atoms, "
                                   "above, below, subjects, disputed, ask_in, significant, where, tolerance, over, "
                                   "cuts, among, famous, day, days, observed, one_hemisphere")
            above, below = fspec.get("above") or {}, fspec.get("below") or {}
            for key_, bounds, verb in (("above", above, "exceed (altitude_deg: 0)"),
                                       ("below", below, "stay under (parent_fraction_remaining: 0.9995)")):
                if not isinstance(bounds, dict) or not all(isinstance(v, int | float) and not isinstance(v, bool)
                                                           for v in bounds.values()):
                    raise LexiconError(f"{fwhere}.{key_}: expected a mapping of output field -> the number it must "
                                       f"{verb}, got {bounds!r}")
            min_atoms = fspec.get("min_atoms", 0)
            if not isinstance(min_atoms, int) or isinstance(min_atoms, bool) or min_atoms < 0:
                raise LexiconError(f"{fwhere}.min_atoms: expected a count of heavy atoms, got {min_atoms!r}")
            digits = fspec.get("digits")
            if digits is not None and (not isinstance(digits, int) or isinstance(digits, bool) or not 0 <= digits <= 10):
                raise LexiconError(f"{fwhere}.digits: expected decimal places from 0 to 10, got {digits!r}")
            lead = fspec.get("lead", 0.0)
            if not isinstance(lead, int | float) or isinstance(lead, bool) or not (lead == 0 or lead > 1):
                raise LexiconError(f"{fwhere}.lead: expected a ratio above 1 (1.35: the winner within 35% of the "
                                   f"runner-up), got {lead!r}")
            margin = _share(fspec, "margin", 1.0, fwhere, "between 0 and 1 (0.1: the winner leads by 10%)")
            rank = fspec.get("rank") or {}
            if rank and (not isinstance(rank, dict) or set(rank) != {"anchor", "min", "max"}):
                raise LexiconError(f"{fwhere}.rank: expected keys anchor (a parameter or group), min and max (phrases "
                                   "like 'closest to {from}')")
            set_args: dict[str, Any] = fspec["members"] if isinstance(fspec.get("members"), dict) else {}
            subjects = fspec.get("subjects") or []
            if not isinstance(subjects, list) or (subjects and not fspec.get("members")):
                raise LexiconError(f"{fwhere}.subjects: expected a list of the subjects whose sets items start from, "
                                   f"on a field with members (members: true), got {subjects!r}")
            disputed = fspec.get("disputed") or []
            if not isinstance(disputed, list) or (disputed and not fspec.get("members") and not spec.get("subject")):
                raise LexiconError(f"{fwhere}.disputed: expected a list of the subjects whose sets are never gone "
                                   f"through (members: true) or that the field is never asked of (a tool with a "
                                   f"subject), got {disputed!r}")
            sig = fspec.get("significant")
            if sig is not None and (not isinstance(sig, int) or isinstance(sig, bool) or not 1 <= sig <= 6):
                raise LexiconError(f"{fwhere}.significant: expected significant digits from 1 to 6, got {sig!r}")
            where_ = fspec.get("where") or {}
            if not isinstance(where_, dict) or not all(isinstance(v, str) and v.strip() for v in where_.values()):
                raise LexiconError(f"{fwhere}.where: expected a mapping of value -> what the members with it do, in "
                                   f"the plural (EUR: use the euro), got {where_!r}")
            tolerance = _share(fspec, "tolerance", 0.1, fwhere, "from 0 to 0.1 (0.005: within 0.5%)")
            over = fspec.get("over") or ""
            if over and (not isinstance(over, str) or "{n}" not in over):
                raise LexiconError(f"{fwhere}.over: expected what the members over a number do, with {{n}} for the "
                                   f"number (have more than {{n}} people), got {over!r}")
            cuts = fspec.get("cuts") or []
            if not isinstance(cuts, list) or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in cuts):
                raise LexiconError(f"{fwhere}.cuts: expected a list of the numbers a condition on the field is set at "
                                   f"(cuts: [1000000, 10000000]), got {cuts!r}")
            among = fspec.get("among") or []
            if not isinstance(among, list) or not all(
                    isinstance(a, dict) and set(a) == {"field", "side", "pick"} and isinstance(a["field"], str)
                    and "." in a["field"] and a["side"] in ("above", "below") and a["pick"] in ("highest", "lowest")
                    for a in among):
                raise LexiconError(f"{fwhere}.among: expected a list of {{field: TOOL.FIELD, side: above|below, pick: "
                                   f"highest|lowest}}, got {among!r}")
            famous = fspec.get("famous") or {}
            if not isinstance(famous, dict) or set(famous) - {"largest", "smallest"} or not all(
                    isinstance(v, list) for v in famous.values()):
                raise LexiconError(f"{fwhere}.famous: expected {{largest: [subjects], smallest: [subjects]}}, the "
                                   f"subjects everyone knows win (largest: [RU, CA]), got {famous!r}")
            day = fspec.get("day") or ""
            if not isinstance(day, str):
                raise LexiconError(f"{fwhere}.day: expected how a person names the day, with the noun's slots "
                                   f"(Western Easter Sunday {{year}}), got {day!r}")
            observed = fspec.get("observed") or []
            if not isinstance(observed, list) or not all(isinstance(c, str) for c in observed) or (observed and not day):
                raise LexiconError(f"{fwhere}.observed: expected a list of the country codes where the day is kept, on "
                                   f"a field with a day, got {observed!r}")
            days = fspec.get("days") or []
            if not isinstance(days, list) or not all(isinstance(d, str) and "." in d for d in days):
                raise LexiconError(f"{fwhere}.days: expected a list of TOOL.FIELD, the named days the field is asked "
                                   f"on (easter_date.easter_sunday), got {days!r}")
            path = _path(key)
            fields[path] = FieldLex(path, str(fspec["noun"]), _as_tuple(fspec.get("ask"), fwhere),
                                    str(fspec.get("count") or ""), fspec.get("unit"), bool(fspec.get("bridge", True)),
                                    bool(fspec.get("compare", True)), {k: str(v) for k, v in rank.items()},
                                    bool(fspec.get("asked", True)), bool(fspec.get("members", False)),
                                    bool(fspec.get("trend", False)), margin, dict(set_args), float(lead), digits,
                                    min_atoms, {_path(k): float(v) for k, v in above.items()},
                                    {_path(k): float(v) for k, v in below.items()}, tuple(subjects),
                                    tuple(disputed), sig, str(fspec.get("ask_in") or ""),
                                    {str(k): str(v) for k, v in where_.items()}, tolerance, over,
                                    tuple(float(c) for c in cuts),
                                    tuple((a["field"].split(".", 1)[0], _path(a["field"].split(".", 1)[1]),
                                           "over" if a["side"] == "above" else "under",
                                           "argmax" if a["pick"] == "highest" else "argmin") for a in among),
                                    {("argmax" if k == "largest" else "argmin"): tuple(v) for k, v in famous.items()},
                                    day, tuple(observed),
                                    tuple((d.split(".", 1)[0], _path(d.split(".", 1)[1])) for d in days),
                                    one_hemisphere=bool(fspec.get("one_hemisphere", False)))
        groups = {g: _as_tuple(m, f"{where}.groups.{g}") for g, m in (spec.get("groups") or {}).items()}
        params = spec.get("params") or {}
        if not isinstance(params, dict):
            raise LexiconError(f"{where}.params: expected a mapping of parameter -> phrase or null")
        params = {p: _value_keys(v) for p, v in params.items()}
        implied = spec.get("implied") or {}
        if not isinstance(implied, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in implied.items()):
            raise LexiconError(f"{where}.implied: expected a mapping of parameter -> the parameter whose source says it "
                               "(from_unit: value)")
        choices = spec.get("choices") or {}
        if not isinstance(choices, dict) or not all(
                isinstance(v, list) and v and all(isinstance(x, str | int | float) for x in v) for v in choices.values()):
            raise LexiconError(f"{where}.choices: expected a mapping of parameter -> a non-empty list of values "
                               "(mass_g: [1, 5, 10])")
        tools[name] = ToolLex(name, spec.get("subject"), dict(params), groups, fields,
                              _as_tuple(spec.get("own"), f"{where}.own"), dict(implied),
                              _as_tuple(spec.get("any_day"), f"{where}.any_day"),
                              {p: tuple(v) for p, v in choices.items()}, _context(spec.get("context"), where))
    return Lexicon(tools, types)


_CONTEXT = re.compile(r"[A-Z][^{}`=0-9_]{8,88}\.")


def _context(value: Any, where: str) -> tuple[str, ...]:
    """A tool's ``context`` sentences, checked: each a sentence that names no value (no digit, slot or code)."""
    found = _as_tuple(value, f"{where}.context")
    bad = [c for c in found if not isinstance(c, str) or not _CONTEXT.fullmatch(c)]
    if bad:
        raise LexiconError(f"{where}.context: {bad[0]!r} is not a sentence of 10-90 characters that starts with a "
                           "capital, ends with '.' and holds no digit, '{', '`', '=' or '_' (it names no value)")
    return tuple(found)


def _value_keys(phrase: Any) -> Any:
    """Per-value phrases keyed as the realizer looks values up: ``true``/``false`` and numbers as text."""
    if not isinstance(phrase, dict):
        return phrase
    out = {}
    for k, v in phrase.items():
        key = str(k).lower() if isinstance(k, bool) else str(k)
        out[key] = _value_keys(v) if key in ("mention", "when") else v
    return out


def _pack_file(module: str) -> str | None:
    """The text of a pack's lexicon (``lexicon.yaml`` in its package, or ``<module>_lexicon.yaml`` beside it)."""
    package, _, leaf = module.rpartition(".")
    candidates = [(module, "lexicon.yaml"), (package, f"{leaf}_lexicon.yaml")]
    for pkg, name in candidates:
        try:
            res = importlib.resources.files(pkg).joinpath(name)
        except (ModuleNotFoundError, TypeError, ValueError):  # ValueError: a top-level module has no package
            continue
        if res.is_file():
            return res.read_text(encoding="utf-8")
    return None


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML has it: the six packs' lexicons load in 0.18 s instead of 0.66 s."""


@cache
def _load_one(module: str) -> Lexicon:
    text = _pack_file(module)
    if text is None:
        return Lexicon({}, {})
    try:
        data = yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader (libyaml's when built with it)
    except yaml.YAMLError as exc:
        raise LexiconError(f"{module} lexicon: not valid YAML: {exc}") from None
    return parse_lexicon(data, f"{module} lexicon")


def module_lexicon(module: str) -> Lexicon:
    """The lexicon shipped beside a pack module (empty when it has none)."""
    return _load_one(module)


def merge(lexicons: Iterable[Lexicon]) -> Lexicon:
    tools: dict[str, ToolLex] = {}
    types: dict[str, TypeLex] = {}
    for lex in lexicons:
        tools.update(lex.tools)
        types.update(lex.types)
    return Lexicon(tools, types)


def load_lexicon(packs: Iterable[str]) -> Lexicon:
    """The lexicon of the tools of ``packs``, with the value types of every installed pack (a country code
    is mentioned by its name in a run without the geo pack too)."""
    wanted = [p for p in packs if p in PACKS]
    types = merge(_load_one(PACKS[p].module) for p in PACKS if p in wanted or pack_installed(p)).types
    return Lexicon(merge(_load_one(PACKS[p].module) for p in wanted).tools, types)
