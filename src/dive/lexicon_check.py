"""Check a pack's lexicon against its tools and print the questions its example calls give.

    python -m dive.lexicon_check --pack geo            # problems, coverage, one question per field
    python -m dive.lexicon_check --pack geo --tool country_capital --all

Exit status 1 when the lexicon has problems (a slot that is not a parameter, a field that
is not in the output schema, a parameter that is neither a slot nor a phrase).
"""

from __future__ import annotations

import argparse
import random
import sys
from typing import Any

from dive.derivation.realize import mention, noun_phrase, question_forms, value_mention
from dive.exploration.convert import ask_in_problems
from dive.jsonpath import expand
from dive.lexicon import ToolLex, lexicon_problems, load_lexicon
from dive.tools.registry import load_pack
from dive.tools.tool import Tool
from dive.tools.toolset import FunctionToolset

__all__ = ["main"]


def literal_mentions(tool: Tool, tl: ToolLex, args: dict[str, Any], lex: Any) -> dict[str, str]:
    """A mention of every argument (and every group) of a call whose arguments are all literals."""
    props = tool.parameters.get("properties", {})
    values = {p: args.get(p, props[p].get("default")) for p in props}
    out = {p: said if (said := value_mention(tl, p, v)) is not None else mention(v, tool.param_sem.get(p), lex)
           for p, v in values.items() if v is not None}
    for group, members in tl.groups.items():
        out[group] = ", ".join(out[m] for m in members if m in out)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dive.lexicon_check", description=__doc__.split("\n")[0])
    parser.add_argument("--pack", required=True)
    parser.add_argument("--tool", action="append", default=[], help="only this tool (repeatable)")
    parser.add_argument("--all", action="store_true", help="every question form, not one per field")
    ns = parser.parse_args(argv)
    tools = {t.name: t for t in load_pack(ns.pack)}
    lex = load_lexicon(["core", "geo", "time", "finance", "bio", "chem", "medicine"])
    own = {n: tl for n, tl in lex.tools.items() if n in tools}
    problems = lexicon_problems(type(lex)(own, lex.types), tools) + ask_in_problems(type(lex)(own, lex.types))
    for p in problems:
        print(f"PROBLEM {p}")
    missing = sorted(set(tools) - set(own))
    no_fields = sorted(n for n, tl in own.items() if not tl.fields)
    print(f"{len(own)}/{len(tools)} tools have a lexicon entry; {len(own) - len(no_fields)} have askable fields")
    if missing:
        print(f"no entry: {', '.join(missing)}")
    toolset = FunctionToolset(list(tools.values()))
    rng = random.Random(0)
    for name in sorted(ns.tool or own):
        tl, tool = own.get(name), tools.get(name)
        if tl is None or tool is None:
            print(f"\n{name}: no lexicon entry")
            continue
        for example in tool.examples[:2]:
            obs = toolset.call(name, dict(example))
            print(f"\n{name}({example}) -> {'ok' if obs.ok else 'ERROR ' + str(obs.error)}")
            if not obs.ok:
                continue
            mentions = literal_mentions(tool, tl, dict(example), lex)
            for path, fl in tl.fields.items():
                props = tool.parameters.get("properties", {})
                args = {p: example.get(p, props[p].get("default")) for p in props}
                try:
                    phrase = noun_phrase(tl, fl, args, mentions)
                except KeyError as exc:
                    print(f"  {path}: cannot fill slot {exc}")
                    continue
                found = list(expand(obs.output, path))
                if fl.is_list:
                    forms = question_forms(tl, fl, phrase, mentions, args, count=True)
                    value: Any = f"{len(found)} items: {[v for _, v in found][:4]}"
                else:
                    forms = question_forms(tl, fl, phrase, mentions, args)
                    value = found[0][1] if found else "(absent)"
                shown = forms if ns.all else [forms[0] if fl.ask or (fl.is_list and fl.count) else rng.choice(forms)]
                for q in shown:
                    print(f"  Q: {q}\n     -> {value!r}{' ' + fl.unit if fl.unit else ''}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
