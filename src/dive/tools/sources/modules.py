"""Tools from Python: a module's ``@tool`` functions (or its ``PACK``), or a class's public methods.

    tools:
      modules:
        - mypkg.tools                     # @tool functions, TOOLS, or a PACK
        - {module: "mypkg.social:Network", prefix: "net_", vocab: network.yaml}

A class becomes one stateful pack: one instance serves every call, its public methods are the
tools (read or action by name, or as ``kinds`` in the YAML says), and its ``reset()`` (or, without
one, a fresh instance) brings it back to the starting state before each item and each replay.
Imported code need not be written for dive-tasks: a method without a docstring, annotations or
``Args:`` section still becomes a tool (see :func:`dive.tools.tool.build_tool`).
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
from collections.abc import Callable, Iterable, Sequence
from types import ModuleType
from typing import Any, get_type_hints

from dive._hashing import content_hash
from dive.errors import ConfigError, ToolDefinitionError
from dive.lexicon import Lexicon, merge, module_lexicon
from dive.records import Seed
from dive.tools.pack import Pack
from dive.tools.sources.imported import ImportedPack, State, Vocab, imported_pack
from dive.tools.sources.infer import infer_kind
from dive.tools.tool import Tool, build_tool

__all__ = ["class_pack", "module_pack", "objects_pack"]

_SKIP = frozenset({"reset", "seeds", "close"})


def _import(module: str, where: str) -> ModuleType:
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ConfigError(f"{where}: cannot import {module!r}: {exc}") from None


def module_pack(spec: str, *, name: str = "", prefix: str = "", vocab: Vocab | None = None) -> ImportedPack:
    """The pack of ``pkg.mod`` (its ``PACK``, ``TOOLS`` or ``@tool`` functions) or ``pkg.mod:Class``."""
    vocab = vocab or Vocab()
    where = f"tools.modules {spec!r}"
    module_name, _, attr = spec.partition(":")
    module = _import(module_name, where)
    if attr:
        cls = getattr(module, attr, None)
        if not inspect.isclass(cls):
            raise ConfigError(f"{where}: {module_name} has no class {attr!r}")
        return class_pack(cls, name=name or attr.lower(), prefix=prefix, vocab=vocab)
    pack = getattr(module, "PACK", None)
    if isinstance(pack, Pack):
        lex = module_lexicon(pack.module)
        given = dataclasses.replace(vocab, lexicon=_over(lex, vocab))
        return imported_pack(name or pack.name, pack.tools(), vocab=given, prefix=prefix, module=pack.module,
                             description=pack.description, seeds=pack.seeds())
    tools = getattr(module, "TOOLS", None) or [v for v in vars(module).values() if isinstance(v, Tool)]
    if not tools:
        raise ConfigError(f"{where}: {module_name} has no @tool functions, no TOOLS and no PACK")
    seeds_fn = getattr(module, "seeds", None)
    seeds: Iterable[Seed] = seeds_fn() if callable(seeds_fn) else ()
    return imported_pack(name or module_name.rsplit(".", 1)[-1], tools, vocab=_with_lexicon(vocab, module_name),
                         prefix=prefix, module=module_name, description=(module.__doc__ or "").strip()[:200],
                         seeds=seeds)


def _with_lexicon(vocab: Vocab, module: str) -> Vocab:
    return dataclasses.replace(vocab, lexicon=_over(module_lexicon(module), vocab))


def _over(lex: Lexicon, vocab: Vocab) -> Lexicon:
    return merge([lex, vocab.lexicon])


def class_pack(cls: type, *, name: str, prefix: str = "", vocab: Vocab | None = None,
               methods: Sequence[str] | None = None, instance: Any = None) -> ImportedPack:
    """One stateful pack of ``cls``'s public methods (or the named ``methods``), over one instance
    (``instance``, or ``cls()``)."""
    vocab = vocab or Vocab()
    holder = [instance if instance is not None else _instance(cls)]

    def reset() -> None:
        if callable(getattr(holder[0], "reset", None)):
            holder[0].reset()
        else:
            holder[0] = _instance(cls)

    names = list(methods) if methods is not None else [
        m for m, v in inspect.getmembers(cls) if not m.startswith("_") and m not in _SKIP and callable(v)]
    tools = [_method_tool(cls, m, holder, name, vocab) for m in names]
    state = State(reset=reset, id=content_hash(["python", cls.__module__, cls.__qualname__, [t.hash for t in tools]]))
    return imported_pack(name, tools, vocab=vocab, prefix=prefix, module=cls.__module__,
                         description=(cls.__doc__ or "").strip().split("\n")[0], state=state)


def _instance(cls: type) -> Any:
    try:
        return cls()
    except Exception as exc:  # noqa: BLE001 - any constructor failure is a config error with its reason
        raise ConfigError(f"tools.modules: cannot create {cls.__qualname__}() with no arguments: {exc}") from None


def _method_tool(cls: type, method: str, holder: list[Any], pack: str, vocab: Vocab) -> Tool:
    func = getattr(cls, method)
    bound = getattr(holder[0], method)
    try:
        hints = get_type_hints(func, include_extras=True)
    except Exception:  # noqa: BLE001 - unresolvable annotations: the method is typed as Any
        hints = {}

    def call(**kwargs: Any) -> Any:
        return getattr(holder[0], method)(**kwargs)

    call.__signature__ = inspect.signature(bound)  # type: ignore[attr-defined]
    call.__doc__ = func.__doc__
    call.__name__ = method
    call.__qualname__ = f"{cls.__qualname__}.{method}"
    call.__module__ = cls.__module__
    call.__wrapped__ = func  # type: ignore[attr-defined]
    kind = vocab.kinds.get(method) or infer_kind(method)
    try:
        return build_tool(call, kind=kind, domain=pack, pack=pack, name=method, lenient=True,  # type: ignore[arg-type]
                          hints=hints, source=f"{cls.__module__}.{cls.__qualname__}")
    except ToolDefinitionError as exc:
        raise ConfigError(f"tools.modules: {exc}") from None


def objects_pack(objects: Iterable[Any], *, name: str = "tools") -> list[Pack]:
    """Packs for ``dive.run(config, out, tools=[...])``: Tool objects (one pack), Packs, modules, and classes
    or instances (one stateful pack each) as :func:`module_pack` and :func:`class_pack` make them."""
    loose: list[Tool] = []
    packs: list[Pack] = []
    for obj in objects:
        if isinstance(obj, Tool):
            loose.append(obj)
        elif isinstance(obj, Pack):
            packs.append(obj)
        elif isinstance(obj, ModuleType):
            packs.append(module_pack(obj.__name__))
        elif inspect.isclass(obj):
            packs.append(class_pack(obj, name=obj.__name__.lower()))
        elif inspect.isroutine(obj) or isinstance(obj, str | int | float | list | dict | tuple):
            raise ConfigError(f"tools=[...]: {obj!r} is not a Tool, a Pack, a module, a class or an instance "
                              "(decorate a function with @tool)")
        else:
            packs.append(class_pack(type(obj), name=type(obj).__name__.lower(), instance=obj))
    if loose:
        packs.insert(0, imported_pack(name, loose, vocab=Vocab()))
    return packs


def reset_all(packs: Iterable[Pack]) -> Callable[[], None] | None:
    """One function that resets every stateful pack of ``packs`` (None when none has state)."""
    resets = [p.state.reset for p in packs if isinstance(p, ImportedPack) and p.state is not None]
    if not resets:
        return None

    def reset() -> None:
        for r in resets:
            r()

    return reset
