"""The Tool dataclass and the ``@tool`` decorator that builds one from a typed function.

A tool is a plain typed function with a Google-style docstring::

    @tool(kind="R", domain="geo", pack="geo", source="pycountry", license="LGPL-2.1",
          examples=[{"code": "FR"}])
    def country_by_code(code: Annotated[str, Sem("country_code")]) -> Country:
        '''Look up a country by its ISO 3166-1 alpha-2 code.

        Args:
            code: two-letter code such as "FR".
        '''

The parameter schema comes from the signature through ``pydantic.create_model``; the
output schema from the return annotation through ``pydantic.TypeAdapter``. Semantic types
(:class:`Sem`) appear in both schemas as ``x-sem`` (and ``x-unit``) keys, which
:meth:`Tool.openai_schema` strips before a model sees them. The decorator builds; it never
registers anything.

Built inside :func:`deferred_schemas` (the registry imports a pack's module so), a tool checks its
docstring and annotations at once and builds its schemas, validators and example checks on first
use: importing a pack of a hundred tools then costs milliseconds, and a cached copy of the schemas
can be handed in (:meth:`Tool.prime`) so they are never built.
"""

from __future__ import annotations

import contextlib
import inspect
import operator
import re
import textwrap
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Any, Literal, get_args, get_origin, get_type_hints, is_typeddict

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, create_model
from pydantic.json_schema import JsonSchemaValue
from typing_extensions import TypedDict as TEDict

from dive._hashing import content_hash
from dive.errors import ToolDefinitionError
from dive.records import ToolSpec

__all__ = ["Kind", "Sem", "Tool", "accepts", "build_tool", "deferred_schemas", "takes_type", "tool"]

Kind = Literal["R", "P", "A"]
"""R: retrieval (looks facts up); P: processing (computes from its inputs); A: action (changes state)."""

_NAME_RE = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")


@dataclass(frozen=True)
class Sem:
    """A semantic type on a parameter or output field: ``Annotated[str, Sem("country_code")]``.

    ``name`` is a shared vocabulary word (``country_code``, ``smiles``, ``date``, ...) that
    lets the explorer chain one tool's output into another's input; ``unit`` names the unit
    of a numeric value (``km``, ``g/mol``).
    """

    name: str
    unit: str | None = None

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> JsonSchemaValue:
        schema = handler(core_schema)
        schema = handler.resolve_ref_schema(schema)
        schema["x-sem"] = self.name
        if self.unit:
            schema["x-unit"] = self.unit
        return schema


@dataclass(frozen=True, eq=False)
class Tool:
    """One callable tool with its schemas and metadata. Build it with :func:`tool`."""

    name: str
    description: str
    fn: Callable[..., Any]
    parameters: dict[str, Any]
    output_schema: dict[str, Any]
    kind: Kind
    domain: str
    pack: str
    deterministic: bool = True
    source: str = ""
    license: str = ""
    examples: tuple[dict[str, Any], ...] = ()
    timeout_s: float | None = None
    args_model: type[BaseModel] | None = field(default=None, repr=False)
    output_adapter: TypeAdapter[Any] | None = field(default=None, repr=False)

    @cached_property
    def param_sem(self) -> dict[str, str]:
        """Semantic type of each parameter that has one."""
        props = self.parameters.get("properties", {})
        return {name: p["x-sem"] for name, p in props.items() if "x-sem" in p}

    @cached_property
    def output_sem(self) -> dict[str, str]:
        """Semantic type per output JSON path, e.g. ``{"$.capital": "city_name"}``."""
        found: dict[str, str] = {}
        _collect_sem(self.output_schema, "$", self.output_schema.get("$defs", {}), found)
        return found

    @cached_property
    def hash(self) -> str:
        """Content hash of the schema, the metadata and the function's source code."""
        try:
            code = inspect.getsource(self.fn)
        except (OSError, TypeError):
            code = getattr(self.fn, "__qualname__", repr(self.fn))
        return content_hash(
            [self.name, self.description, self.parameters, self.output_schema, self.kind,
             self.domain, self.pack, self.deterministic, self.source, code]
        )

    def spec(self) -> ToolSpec:
        """The tool as a record (no code), for traces, manifests and the CLI."""
        return ToolSpec(
            name=self.name, description=self.description, parameters=self.parameters,
            output_schema=self.output_schema, kind=self.kind, domain=self.domain, pack=self.pack,
            deterministic=self.deterministic, source=self.source, license=self.license,
            param_sem=self.param_sem, output_sem=self.output_sem, examples=self.examples,
            hash=self.hash,
        )

    def prime(self, parameters: dict[str, Any], output_schema: dict[str, Any], hash: str) -> None:
        """Hand a deferred tool the schemas and hash it would build (a cached copy): they are then never built.
        No-op for a tool whose schemas are built."""
        if isinstance(self, _Deferred) and "parameters" not in self.__dict__:
            self.__dict__.update(parameters=parameters, output_schema=output_schema, hash=hash)

    def openai_schema(self) -> dict[str, Any]:
        """The OpenAI ``tools`` item for this tool, with internal ``x-`` keys removed."""
        return {
            "type": "function",
            "function": {
                "name": self.name,
                "description": self.description,
                "parameters": _strip_x(self.parameters),
            },
        }


def _strip_x(schema: Any) -> Any:
    if isinstance(schema, dict):
        return {k: _strip_x(v) for k, v in schema.items() if not k.startswith("x-")}
    if isinstance(schema, list):
        return [_strip_x(v) for v in schema]
    return schema


def _collect_sem(schema: dict[str, Any], path: str, defs: dict[str, Any], out: dict[str, str]) -> None:
    if "$ref" in schema:
        ref = schema["$ref"].rsplit("/", 1)[-1]
        schema = {**defs.get(ref, {}), **{k: v for k, v in schema.items() if k != "$ref"}}
    if "x-sem" in schema:
        out[path] = schema["x-sem"]
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in schema.get(key, []):
            _collect_sem(sub, path, defs, out)
    for name, sub in schema.get("properties", {}).items():
        _collect_sem(sub, f"{path}.{name}", defs, out)
    if isinstance(schema.get("items"), dict):
        _collect_sem(schema["items"], f"{path}[*]", defs, out)


# ---------------------------------------------------------------------------------------
# Docstrings

_SECTION_RE = re.compile(r"^(Args|Arguments|Parameters|Returns|Return|Raises|Yields|Examples?|Notes?):\s*$")


_ARG_LINE = re.compile(r"^\s{1,8}(\*{0,2}\w+)\s*(\([^)]*\))?:\s*(.*)$")
_ARG_HEAD = re.compile(r"^\s+\*{0,2}(\w+)\s*(\([^)]*\))?:")
"""A line that starts an argument's entry, and the same anywhere (the first such line gives its indent)."""


def parse_docstring(doc: str) -> tuple[str, dict[str, str]]:
    """Split a Google-style docstring into (description, {arg: description})."""
    lines = textwrap.dedent(inspect.cleandoc(doc or "")).splitlines()
    description: list[str] = []
    args: dict[str, str] = {}
    section: str | None = None
    current: str | None = None
    indents: dict[str, int] = {}
    for line in lines:
        head = _ARG_HEAD.match(line)
        if head:
            indents.setdefault(head.group(1), len(line) - len(line.lstrip()))
    for line in lines:
        header = _SECTION_RE.match(line.strip()) if not line.startswith(" ") else None
        if header:
            section = header.group(1)
            current = None
            continue
        if section is None:
            description.append(line)
        elif section in ("Args", "Arguments", "Parameters"):
            m = _ARG_LINE.match(line)
            if m and (current is None or len(line) - len(line.lstrip()) <= indents.get(current, 8)):
                current = m.group(1).lstrip("*")
                args[current] = m.group(3).strip()
            elif current and line.strip():
                args[current] = (args[current] + " " + line.strip()).strip()
    return "\n".join(description).strip(), args


# ---------------------------------------------------------------------------------------
# The decorator


def tool(*, kind: Kind, domain: str, pack: str, **options: Any) -> Callable[[Callable[..., Any]], Tool]:
    """Build a :class:`Tool` from a typed function with a Google-style docstring.

    Every parameter needs a type annotation and a line under ``Args:``; the function needs
    a return annotation and a description. Violations raise
    :class:`~dive.errors.ToolDefinitionError` naming the function and what to add. ``options``
    are those of :func:`build_tool`: ``source``, ``license``, ``examples``, ``deterministic``,
    ``name``, ``timeout_s``.
    """

    def build(fn: Callable[..., Any]) -> Tool:
        return build_tool(fn, kind=kind, domain=domain, pack=pack, **options)

    return build


def build_tool(
    fn: Callable[..., Any],
    *,
    kind: Kind,
    domain: str,
    pack: str,
    source: str = "",
    license: str = "",
    examples: Sequence[Mapping[str, Any]] = (),
    deterministic: bool = True,
    name: str | None = None,
    timeout_s: float | None = None,
    lenient: bool = False,
    hints: Mapping[str, Any] | None = None,
) -> Tool:
    """What :func:`tool` does, as a function. ``lenient`` (for imported code, which was not written
    for dive-tasks): an undocumented parameter gets an empty description, an unannotated one or a
    missing return annotation is ``Any``, and a missing docstring becomes the function's name in words.
    ``hints`` replaces the function's own type hints (a wrapper's, say)."""
    tool_name = name or fn.__name__
    where = f"tool {tool_name!r} ({fn.__module__}.{fn.__qualname__})"
    if not _NAME_RE.match(tool_name):
        raise ToolDefinitionError(f"{where}: name must match {_NAME_RE.pattern}")
    if kind not in ("R", "P", "A"):
        raise ToolDefinitionError(f"{where}: kind must be 'R', 'P' or 'A', got {kind!r}")
    description, arg_docs = parse_docstring(fn.__doc__ or "")
    if not description and lenient:
        description = tool_name.replace("_", " ").strip().capitalize() + "."
    if not description:
        raise ToolDefinitionError(f"{where}: add a docstring that tells a model when and how to use it")
    # Checked on the annotations as written; the hints are evaluated (compiling each string annotation) when the
    # schemas are built.
    declared = set(hints if hints is not None else getattr(fn, "__annotations__", {}))
    if "return" not in declared and not lenient:
        raise ToolDefinitionError(f"{where}: add a return annotation (the output schema comes from it)")
    params: list[tuple[str, Any]] = []
    for pname, param in inspect.signature(fn).parameters.items():
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            if lenient:
                continue
            raise ToolDefinitionError(f"{where}: *args/**kwargs are not allowed; name every parameter")
        if pname not in declared and not lenient:
            raise ToolDefinitionError(f"{where}: parameter {pname!r} needs a type annotation")
        if pname not in arg_docs and not lenient:
            raise ToolDefinitionError(f"{where}: document parameter {pname!r} under 'Args:' in the docstring")
        params.append((pname, ... if param.default is param.empty else param.default))
    signature = _Signature(fn, None if hints is None else dict(hints), tuple(params), arg_docs, lenient)
    build = partial(_schemas, where, tool_name, signature, tuple(dict(e) for e in examples))
    options: dict[str, Any] = dict(name=tool_name, description=description, fn=fn, kind=kind, domain=domain,
                                   pack=pack, deterministic=deterministic, source=source, license=license,
                                   examples=tuple(dict(e) for e in examples), timeout_s=timeout_s)
    if _DEFER.get():
        return _Deferred.of(build, **options)
    parameters, output_schema, args_model, adapter = build()  # type: ignore[misc]
    return Tool(**options, parameters=parameters, output_schema=output_schema, args_model=args_model,
                output_adapter=adapter)


_Schemas = tuple[dict[str, Any], dict[str, Any], type[BaseModel], TypeAdapter[Any]]


@dataclass(frozen=True)
class _Signature:
    """What the schemas of a tool are built from: its function, type hints (None: the function's), parameters
    with their defaults, and their descriptions."""

    fn: Callable[..., Any]
    hints: dict[str, Any] | None
    params: tuple[tuple[str, Any], ...]
    docs: dict[str, str]
    lenient: bool

    def fields(self) -> tuple[dict[str, Any], Any]:
        """The parameters as pydantic fields, and the return type."""
        hints = self.hints if self.hints is not None else get_type_hints(self.fn, include_extras=True)
        fields = {name: (hints.get(name, Any), Field(default, description=self.docs.get(name, "")))
                  for name, default in self.params}
        returns = hints.get("return", Any)
        return fields, _portable(returns) if self.lenient else returns


def _validators(tool_name: str, signature: _Signature) -> tuple[type[BaseModel], TypeAdapter[Any]]:
    """A tool's argument model and output adapter."""
    fields, returns = signature.fields()
    model_name = "".join(part.title() for part in tool_name.split("_")) + "Args"
    return create_model(model_name, __config__=ConfigDict(extra="forbid"), **fields), TypeAdapter(returns)


def _schemas(where: str, tool_name: str, signature: _Signature, examples: tuple[dict[str, Any], ...],
             validators_only: bool = False) -> _Schemas | tuple[type[BaseModel], TypeAdapter[Any]]:
    """A tool's parameter and output schemas and validators (pydantic builds them: milliseconds per tool); with
    ``validators_only``, the validators alone (for a tool whose schemas came from a cache)."""
    lenient = signature.lenient
    args_model, adapter = _validators(tool_name, signature)
    if validators_only:
        return args_model, adapter
    parameters = args_model.model_json_schema()
    parameters.pop("title", None)
    for prop in parameters.get("properties", {}).values():
        prop.pop("title", None)
        if lenient and prop.get("description") == "":
            prop.pop("description")
    parameters.setdefault("properties", {})
    output_schema = adapter.json_schema(mode="serialization")
    for i, example in enumerate(examples):
        try:
            args_model.model_validate(example)
        except Exception as exc:  # noqa: BLE001 - reported with context
            raise ToolDefinitionError(f"{where}: example {i} does not match the parameters: {exc}") from exc
    return parameters, output_schema, args_model, adapter


_DEFER: ContextVar[bool] = ContextVar("dive_deferred_schemas", default=False)
_LAZY = ("parameters", "output_schema", "args_model", "output_adapter")


@contextlib.contextmanager
def deferred_schemas() -> Iterator[None]:
    """Within this block, :func:`tool` and :func:`build_tool` build each tool's schemas on its first use."""
    token = _DEFER.set(True)
    try:
        yield
    finally:
        _DEFER.reset(token)


class _Deferred(Tool):
    """A :class:`Tool` whose schemas and validators are built on first use (or handed in by :meth:`Tool.prime`)."""

    @classmethod
    def of(cls, build: Callable[..., Any], **fields: Any) -> Tool:
        made = object.__new__(cls)
        made.__dict__.update(fields, _build=build)
        return made


def _lazy(name: str) -> property:
    def get(self: Tool) -> Any:
        found = self.__dict__
        if name not in found:
            if "parameters" in found:  # primed with cached schemas: build the validators alone
                found["args_model"], found["output_adapter"] = found["_build"](validators_only=True)
            else:
                for key, value in zip(_LAZY, found["_build"](), strict=True):
                    found.setdefault(key, value)
        return found[name]

    def put(self: Tool, value: Any) -> None:  # dataclasses.replace builds a new one through __init__
        self.__dict__[name] = value

    return property(get, put)


for _name in _LAZY:
    setattr(_Deferred, _name, _lazy(_name))


def _portable(hint: Any) -> Any:
    """``hint`` with every ``typing.TypedDict`` (which pydantic refuses before Python 3.12) rebuilt as a
    ``typing_extensions.TypedDict``, so imported code's return types give output schemas."""
    if is_typeddict(hint):  # typing's own (typing_extensions' are not is_typeddict here on 3.11)
        fields = {k: _portable(v) for k, v in get_type_hints(hint, include_extras=True).items()}
        return TEDict(hint.__name__, fields, total=getattr(hint, "__total__", True))  # type: ignore[operator]
    args = get_args(hint)
    origin = get_origin(hint)
    if args and origin in (list, tuple, set, dict):
        return origin[tuple(_portable(a) for a in args)]
    return hint


def accepts(schema: Mapping[str, Any], value: Any) -> bool:
    """Whether a JSON-schema property takes ``value``: by its type, and a number by its bounds (a tax tool's years
    2018 to 2025 never take the year 1970, which failed 131 calls of a 2000-task run)."""
    if not takes_type(schema, value):
        return False
    if isinstance(value, int | float) and not isinstance(value, bool):
        for key, ok in (("minimum", operator.ge), ("maximum", operator.le), ("exclusiveMinimum", operator.gt),
                        ("exclusiveMaximum", operator.lt)):
            bound = schema.get(key)
            if isinstance(bound, int | float) and not isinstance(bound, bool) and not ok(value, bound):
                return False
    return True


def takes_type(schema: Mapping[str, Any], value: Any) -> bool:
    """Whether a JSON-schema property's type (or any of its ``anyOf`` types) admits ``value``'s JSON type."""
    types = schema.get("type")
    alts = {types} if isinstance(types, str) else set(types or []) | {s.get("type") for s in schema.get("anyOf", [])}
    alts.discard(None)
    if not alts:
        return True
    if isinstance(value, bool):
        return "boolean" in alts
    if isinstance(value, int):
        return bool(alts & {"integer", "number"})
    if isinstance(value, float):
        return "number" in alts
    return isinstance(value, str) and "string" in alts
