"""The lexicon checked against the tools it describes: each field a path of the tool's output schema, each slot a
parameter, each parameter a slot, a phrase or null (what ``python -m dive.lexicon_check`` prints)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from dive.lexicon import FieldLex, Lexicon, ToolLex, slots
from dive.tools.tool import Tool, accepts

__all__ = ["is_numeric_field", "lexicon_problems"]


def _schema_node(schema: Mapping[str, Any], path: str) -> Mapping[str, Any] | None:
    defs = schema.get("$defs", {})

    def deref(node: Any) -> Any:
        while isinstance(node, dict) and "$ref" in node:
            node = defs.get(node["$ref"].rsplit("/", 1)[-1], {})
        if isinstance(node, dict) and "properties" not in node and "items" not in node:
            for alt in node.get("anyOf", []):
                alt = deref(alt)
                if isinstance(alt, dict) and ("properties" in alt or "items" in alt):
                    return alt
        return node

    node: Any = deref(schema)
    for part in re.findall(r"\.([A-Za-z_][A-Za-z0-9_\-]*)|\[(?:\*|\d+)\]", path):  # an index is any item
        if part == "":  # [*]
            node = deref(node.get("items")) if isinstance(node, dict) else None
        else:
            props = node.get("properties") if isinstance(node, dict) else None
            if not props or part not in props:
                return None
            node = deref(props[part])
        if node is None:
            return None
    if path.count("[*]") != len(re.findall(r"\[\*\]", path)):
        return None
    return node


def is_numeric_field(tool: Tool, path: str) -> bool:
    """Whether the output schema of ``tool`` types the field at ``path`` as a number (or a number or null)."""
    node = _schema_node(tool.output_schema, path)
    if not isinstance(node, Mapping):
        return False
    types = node.get("type")
    kinds = {types} if isinstance(types, str) else set(types or [])
    kinds |= {alt.get("type") for alt in node.get("anyOf", []) if isinstance(alt, Mapping)}
    return bool(kinds & {"number", "integer"}) and not kinds & {"string", "object", "array", "boolean"}


def lexicon_problems(lex: Lexicon, tools: Mapping[str, Tool]) -> list[str]:
    """Every way ``lex`` disagrees with ``tools`` (empty when it is valid)."""
    problems: list[str] = []
    for name, tl in sorted(lex.tools.items()):
        tool = tools.get(name)
        if tool is None:
            problems.append(f"{name}: no such tool in the pack")
            continue
        params = set(tool.parameters.get("properties", {}))
        if tl.subject is not None and tl.subject not in params and tl.subject not in tl.groups:
            problems.append(f"{name}: subject {tl.subject!r} is not a parameter or group ({sorted(params)})")
        for p in tl.params:
            if p not in params:
                problems.append(f"{name}: params.{p} is not a parameter ({sorted(params)})")
        for p in tl.own:
            if p not in params:
                problems.append(f"{name}: own {p!r} is not a parameter ({sorted(params)})")
        for p in tl.any_day:
            if tool.param_sem.get(p) not in ("date", "datetime"):
                problems.append(f"{name}: any_day {p!r} is not a date or date-time parameter ({sorted(params)})")
        for p, values in tl.choices.items():
            schema = tool.parameters.get("properties", {}).get(p)
            if schema is None:
                problems.append(f"{name}: choices {p!r} is not a parameter ({sorted(params)})")
            elif bad := [v for v in values if not accepts(schema, v)]:
                problems.append(f"{name}: choices {p!r}: {bad} not accepted by the parameter's schema")
        for path, fl in tl.fields.items():
            for tool_, field_, _, _ in fl.among:
                if field_ not in (lex.tools[tool_].fields if tool_ in lex.tools else {}):
                    problems.append(f"{name}: {path}: among {tool_}.{field_[2:]} is no field of a tool with lexicon")
            for tool_, field_ in fl.days:
                source = lex.tools[tool_].fields.get(field_) if tool_ in lex.tools else None
                if source is None or not source.day:
                    problems.append(f"{name}: {path}: days {tool_}.{field_[2:]} is no field with a day (day: ...)")
            bad = [x for x in slots(fl.day) if x not in params and x not in tl.groups and x != "day_year"]
            if bad:
                problems.append(f"{name}: {path}: day slot(s) {bad} are not parameters, groups or day_year")
            if fl.days and not tl.any_day:
                problems.append(f"{name}: {path}: days on a tool with no any_day parameter for the day to fill")
        for p, feeder in tl.implied.items():
            if p not in params or feeder not in params:
                problems.append(f"{name}: implied {p}: {feeder} names a parameter it does not have ({sorted(params)})")
        for g, members in tl.groups.items():
            for m in members:
                if m not in params:
                    problems.append(f"{name}: groups.{g} member {m!r} is not a parameter")
        for path, fl in tl.fields.items():
            if _schema_node(tool.output_schema, path) is None:
                problems.append(f"{name}: field {path} is not in the output schema")
            problems += [f"{name}: {path}: {key} names {k}, which is not in the output schema"
                         for key, bounds in (("above", fl.above), ("below", fl.below))
                         for k in bounds if _schema_node(tool.output_schema, k) is None]
            used = set(slots(fl.noun))
            for form in (*fl.ask, fl.count):
                extra = set(slots(form)) - used - set(tl.params) - set(tl.groups)
                if extra:
                    problems.append(f"{name}: {path}: question form {form!r} has slots {sorted(extra)} "
                                    "that are neither in its noun nor parameters")
            for s in used:
                if s not in params and s not in tl.groups:
                    problems.append(f"{name}: {path}: slot {{{s}}} is not a parameter or group")
            if fl.rank:
                problems += _rank_problems(name, path, fl, tl, params)
            covered = set(used) | {m for g in used if g in tl.groups for m in tl.groups[g]} | set(tl.params)
            missing = sorted(params - covered)
            if missing:
                problems.append(f"{name}: {path}: parameters {missing} are neither slots of the noun nor listed "
                                "under params (give a phrase such as 'in {year}', or null if it never changes "
                                "this answer)")
        for p, phrase in tl.params.items():
            if isinstance(phrase, dict):
                bad = [k for k, v in phrase.items() if k not in ("mention", "when") and not isinstance(v, str | None)]
                when = phrase.get("when", {})
                if bad or not isinstance(phrase.get("mention", {}), dict) or not isinstance(when, dict):
                    problems.append(f"{name}: params.{p}: a per-value phrase maps values (or '*') to phrases, "
                                    "'mention' maps values to words and 'when' parameters to text")
                elif set(when) - params:
                    problems.append(f"{name}: params.{p}.when: {sorted(set(when) - params)} is not a parameter "
                                    f"({sorted(params)})")
            elif phrase is not None and not isinstance(phrase, str):
                problems.append(f"{name}: params.{p} must be a phrase, a mapping of value -> phrase, or null")
    return problems


def _rank_problems(name: str, path: str, fl: FieldLex, tl: ToolLex, params: set[str]) -> list[str]:
    """How a field's ``rank`` entry disagrees with its tool: the anchor must be a slot of the noun, each phrase must
    say the anchor, and every other slot of the noun but the two things measured must be said too."""
    anchor, used = fl.rank["anchor"], set(slots(fl.noun))
    if anchor not in used or (anchor not in params and anchor not in tl.groups):
        return [f"{name}: {path}: rank.anchor {anchor!r} is not a slot of the noun {fl.noun!r}"]
    others = [s for s in used if s != anchor and s not in tl.params]
    out = []
    for key in ("min", "max"):
        said = set(slots(fl.rank[key]))
        if anchor not in said:
            out.append(f"{name}: {path}: rank.{key} {fl.rank[key]!r} does not say {{{anchor}}}")
        unsaid = sorted(set(others) - said)
        if len(unsaid) != 1:
            out.append(f"{name}: {path}: rank.{key} must say every slot of the noun but the thing ranked (one of "
                       f"{sorted(others)}); it leaves out {unsaid}")
    return out
