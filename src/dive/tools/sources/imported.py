"""An imported source of tools as a :class:`~dive.tools.pack.Pack`: built tools, seeds, lexicon and state.

Every source type (a Python module or class, an MCP server, an OpenAPI service) ends as an
:class:`ImportedPack`, so the sampler, the explorers and the deriver use imported tools exactly
as they use the built-in packs. The per-source YAML (:class:`Vocab`) says what inference cannot
know: semantic types, kinds, how an action is asked for, and lexicon entries.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dive._hashing import content_hash
from dive.errors import ConfigError
from dive.jsonpath import expand
from dive.lexicon import Lexicon, merge, parse_lexicon
from dive.records import Seed
from dive.tools.execution import Limits, execute
from dive.tools.pack import Pack, SemType
from dive.tools.semtypes import SEMANTIC_TYPES
from dive.tools.sources.infer import field_lexicon, infer_sem, infer_volatile, words
from dive.tools.tool import Tool

__all__ = ["ImportedPack", "State", "Vocab", "harvest", "imported_pack", "load_vocab"]


@dataclass(frozen=True)
class State:
    """How a stateful source returns to its starting state."""

    reset: Callable[[], None]
    """Brings the source back to its starting state (called before each item and each replay)."""
    id: str
    """The starting state's id (stored with every task made over the source)."""


@dataclass(frozen=True)
class Vocab:
    """What a source's YAML file says about its tools (names before any prefix)."""

    sems: Mapping[str, str] = field(default_factory=dict)
    """Parameter or field name -> semantic type (``best_friend: username``)."""
    kinds: Mapping[str, str] = field(default_factory=dict)
    """Tool -> ``R``, ``P`` or ``A``, where the name does not say it."""
    actions: Mapping[str, str] = field(default_factory=dict)
    """Action tool -> how a request asks for it, with parameter slots (``have {follower} follow {followee}``)."""
    volatile: tuple[str, ...] = ()
    """Tools whose output changes with the clock or live data: their values never become answers."""
    seeds: tuple[tuple[str, Any], ...] = ()
    """(semantic type, value) pairs to start exploring from."""
    examples: Mapping[str, tuple[dict[str, Any], ...]] = field(default_factory=dict)
    """Tool -> example argument sets (what the explorer fills parameters without a source from)."""
    lexicon: Lexicon = field(default_factory=lambda: Lexicon({}, {}))
    """Lexicon entries (``types`` and ``tools``), over the inferred ones."""


def load_vocab(path: str | Path | None, where: str) -> Vocab:
    """Read a source's YAML file (ConfigError naming the file and the bad key)."""
    if path is None:
        return Vocab()
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{where}: cannot read {path}: {exc}") from None
    known = {"sems", "kinds", "actions", "volatile", "seeds", "examples", "types", "tools"}
    if not isinstance(data, dict) or set(data) - known:
        raise ConfigError(f"{where}: {path} may have the keys {', '.join(sorted(known))}")
    kinds = {str(k): str(v) for k, v in (data.get("kinds") or {}).items()}
    bad = {k: v for k, v in kinds.items() if v not in ("R", "P", "A")}
    if bad:
        raise ConfigError(f"{where}: {path}: kinds must be R, P or A, got {bad}")
    seeds = tuple((str(sem), v) for sem, values in (data.get("seeds") or {}).items() for v in values)
    lexicon = parse_lexicon({k: data[k] for k in ("types", "tools") if k in data}, f"{where}: {path}")
    examples = {str(k): tuple(dict(e) for e in v) for k, v in (data.get("examples") or {}).items()}
    return Vocab({str(k): str(v) for k, v in (data.get("sems") or {}).items()}, kinds,
                 {str(k): str(v) for k, v in (data.get("actions") or {}).items()},
                 tuple(str(v) for v in data.get("volatile") or ()), seeds, examples, lexicon)


@dataclass(frozen=True, eq=False)
class ImportedPack(Pack):
    """A pack built from an imported source: its tools exist already, nothing is imported lazily."""

    built: tuple[Tool, ...] = ()
    seed_pool: tuple[Seed, ...] = ()
    lexicon: Lexicon = field(default_factory=lambda: Lexicon({}, {}))
    """Inferred and user-given lexicon of the tools (prefixed names)."""
    state: State | None = None
    """None for a source without state."""
    actions: Mapping[str, str] = field(default_factory=dict)
    """Action tool (prefixed name) -> how a request asks for it."""
    fill_values: tuple[Seed, ...] = ()
    """Values for action arguments that no read tool takes (a post's text): never an item's seed."""
    close: Callable[[], None] | None = None
    """Releases what the source holds open (an MCP session)."""

    def missing(self) -> list[str]:
        return []

    def tools(self) -> tuple[Tool, ...]:
        return self.built

    def seeds(self) -> tuple[Seed, ...]:
        return self.seed_pool

    def all_semtypes(self) -> tuple[SemType, ...]:
        return self.semtypes


def _annotate(schema: dict[str, Any], sems: Mapping[str, str]) -> dict[str, Any]:
    """A copy of an object schema with ``x-sem`` on the named properties."""
    out = dict(schema)
    props = {k: dict(v) for k, v in schema.get("properties", {}).items()}
    for name, sem in sems.items():
        if name in props:
            props[name]["x-sem"] = sem
    if props:
        out["properties"] = props
    return out


def _typed(tool: Tool, vocab: Vocab) -> Tool:
    """The tool with inferred semantic types on its parameters and top-level output fields."""
    props = tool.parameters.get("properties", {})
    examples = {p: [e[p] for e in tool.examples if p in e] for p in props}
    psem = {p: s for p, sch in props.items()
            if (s := infer_sem(p, sch, given=vocab.sems, examples=examples[p])) is not None}
    out_props = tool.output_schema.get("properties", {})
    fsem = {f: s for f, sch in out_props.items() if (s := infer_sem(f, sch, given=vocab.sems)) is not None}
    output = _annotate(tool.output_schema, fsem)
    whole = vocab.sems.get(tool.name)  # the sem of a scalar output, or of a list's items (list_users: username)
    if whole and output.get("type") == "array" and isinstance(output.get("items"), dict):
        output["items"] = {**output["items"], "x-sem": whole}
    elif whole and not out_props:
        output["x-sem"] = whole
    return dataclasses.replace(tool, parameters=_annotate(tool.parameters, psem), output_schema=output)


def _listed(tools: list[Tool]) -> list[Tool]:
    """A read tool without arguments that lists text values (``list_products``) lists the type a parameter of
    the source is named after (``product``), when its YAML gave it none: its outputs become seeds."""
    sems = {s for t in tools for s in t.param_sem.values()}
    out = []
    for t in tools:
        items = t.output_schema.get("items")
        noun = words(t.name).split(" ")[-1]
        single = next((c for c in (noun[:-3] + "y" if noun.endswith("ies") else "", noun[:-2], noun[:-1], noun)
                       if c in sems), None)
        if (single and t.output_schema.get("type") == "array" and isinstance(items, dict)
                and items.get("type") == "string" and "x-sem" not in items and not t.parameters.get("required")):
            t = dataclasses.replace(t, output_schema={**t.output_schema, "items": {**items, "x-sem": single}})
        out.append(t)
    return out


def imported_pack(name: str, tools: Iterable[Tool], *, vocab: Vocab, prefix: str = "", module: str = "",
                  description: str = "", state: State | None = None, seeds: Iterable[Seed] = (),
                  close: Callable[[], None] | None = None) -> ImportedPack:
    """An :class:`ImportedPack` of ``tools``: kinds from ``vocab``, inferred types, a lexicon for the read
    tools, seeds from ``seeds``, the YAML and the examples, the prefix put before every tool name."""
    typed: list[Tool] = []
    for t in tools:
        kind = vocab.kinds.get(t.name, "A" if t.name in vocab.actions else t.kind)
        volatile = t.name in vocab.volatile or infer_volatile(t.name)
        t = dataclasses.replace(t, kind=kind, pack=name, domain=name,  # type: ignore[arg-type]
                                deterministic=t.deterministic and not volatile,
                                examples=(*t.examples, *_valid(t, vocab.examples.get(t.name, ()))))
        typed.append(_typed(t, vocab))
    typed = _listed(typed)
    lex_tools: dict[str, Any] = {}
    for t in typed:
        if t.kind == "A" or not t.deterministic:  # a volatile value (the clock, live data) is never an answer
            continue
        entry = field_lexicon(t.name, t.parameters, t.output_schema, t.param_sem)
        if entry is not None:
            lex_tools[t.name] = entry
    sems = sorted({s for t in typed for s in (*t.param_sem.values(), *t.output_sem.values())})
    types = {s: {"entity": True, "noun": words(s)} for s in sems if _own(s)}
    inferred = parse_lexicon({"types": types, "tools": lex_tools}, f"source {name!r}")
    lexicon = merge([inferred, vocab.lexicon])
    renamed = {t.name: prefix + t.name for t in typed}
    typed = [dataclasses.replace(t, name=renamed[t.name]) for t in typed]
    lexicon = Lexicon({renamed.get(k, k): dataclasses.replace(v, tool=renamed.get(k, k))
                       for k, v in lexicon.tools.items() if k in renamed}, lexicon.types)
    read_sems = {s for t in typed if t.kind != "A" for s in t.param_sem.values()}
    given = [Seed(value=v, sem=sem, domain=name) for sem, v in vocab.seeds]
    pool = list(seeds) + [s for s in given if s.sem in read_sems]
    for t in typed:
        for example in t.examples:
            pool += [Seed(value=v, sem=t.param_sem[p], domain=name) for p, v in example.items()
                     if p in t.param_sem and isinstance(v, str | int | float)]
    semtypes = tuple(SemType(s, f"a {words(s)} of {name}", "", entity=True) for s in sems if _own(s))
    return ImportedPack(name=name, module=module or name, domain=name, description=description,
                        semtypes=semtypes, install="(imported)", built=tuple(typed), seed_pool=_unique(pool),
                        lexicon=lexicon, state=state, actions={prefix + k: v for k, v in vocab.actions.items()},
                        fill_values=tuple(s for s in given if s.sem not in read_sems), close=close)


def _valid(t: Tool, examples: Iterable[dict[str, Any]]) -> tuple[dict[str, Any], ...]:
    out = []
    for i, example in enumerate(examples):
        try:
            if t.args_model is not None:
                t.args_model.model_validate(example)
        except Exception as exc:  # noqa: BLE001 - reported with context
            raise ConfigError(f"vocab examples.{t.name}[{i}] does not match the parameters: {exc}") from None
        out.append(example)
    return tuple(out)


def harvest(pack: ImportedPack, limits: Limits | None = None) -> ImportedPack:
    """The pack with seeds added from its read tools that take no arguments (``list_users``), called once
    from the starting state."""
    if pack.state is not None:
        pack.state.reset()
    found: list[Seed] = []
    for t in pack.built:
        if t.kind != "R" or t.parameters.get("required") or not t.output_sem:
            continue
        obs = execute(t, {}, call_id=f"harvest:{t.name}", limits=limits)
        if not obs.ok:
            continue
        for path, sem in t.output_sem.items():
            for _, value in expand(obs.output, path):
                if isinstance(value, str) and value:
                    found.append(Seed(value=value, sem=sem, domain=pack.domain))
    if pack.state is not None:
        pack.state.reset()
    return dataclasses.replace(pack, seed_pool=_unique([*pack.seed_pool, *found]))


def _own(sem: str) -> bool:
    return sem not in SEMANTIC_TYPES


def _unique(seeds: Iterable[Seed]) -> tuple[Seed, ...]:
    return tuple({content_hash([s.sem, s.value]): s for s in seeds}.values())
