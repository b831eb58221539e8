"""The nouns of dive-tasks: every record that crosses a stage boundary.

Each record is a frozen pydantic v2 model with ``extra="forbid"``. Records that carry an
``id`` compute it from their content (see :func:`dive._hashing.content_hash`); fields
listed in ``_volatile`` (timings, wall-clock times) do not enter the hash, so the same
inputs give the same id on any machine. Loading a record whose stored id does not match
its content fails loudly: a corrupted or hand-edited record is never silently accepted.
"""

from __future__ import annotations

import functools
import re
import typing
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, model_validator

from dive._hashing import canonical_json, content_hash, hash_text

__all__ = [
    "AnswerSpec",
    "ChatMessage",
    "ChatToolCall",
    "Evidence",
    "ItemResult",
    "LLMCall",
    "Observation",
    "Provenance",
    "Record",
    "RunManifest",
    "Seed",
    "Task",
    "ToolCall",
    "ToolSpec",
    "Trace",
    "Trajectory",
    "Verdict",
    "set_source",
]


class Record(BaseModel):
    """Base of every record: frozen, no unknown fields, content-hash id when it has one."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    _volatile: ClassVar[frozenset[str]] = frozenset()
    """Fields left out of the content hash (timings and other run-to-run noise)."""
    _hashed_id: ClassVar[bool] = True
    """Whether an ``id`` field is a content hash (False for ids chosen by others, e.g. OpenAI call ids)."""
    _grown: ClassVar[frozenset[str]] = frozenset()
    """Fields added after records of this kind were first stored: left out of the hash while they hold
    their default, so a store written before they existed still reads (and ids stay the same)."""
    _stored_once: ClassVar[frozenset[str]] = frozenset()
    """List fields whose items recur across records: the run store keeps each item once, by content hash
    (:mod:`dive.store.shared`)."""

    @model_validator(mode="wrap")
    @classmethod
    def _fill_id(cls, data: Any, handler: Any) -> Any:
        record = handler(data)
        if not cls._hashed_id or "id" not in cls.model_fields or not isinstance(data, dict):
            return record
        expected = record.content_id()
        given = data.get("id") or ""
        if given and given != expected:
            raise ValueError(
                f"{cls.__name__} id {given!r} does not match its content (expected {expected!r}); "
                "the record was edited or corrupted"
            )
        object.__setattr__(record, "id", expected)
        return record

    def content_id(self) -> str:
        """Hash of this record's content, leaving out ``id`` and volatile fields (nested ones too)."""
        return content_hash([type(self).__name__, _hash_body(self)])


def _hash_body(record: Record) -> dict[str, Any]:
    cls = type(record)
    plain = _plain_fields(cls)
    grown = _grown_defaults(cls)
    return {k: getattr(record, k) if k in plain else _hash_view(getattr(record, k)) for k in _hashed_fields(cls)
            if not (k in grown and getattr(record, k) == grown[k])}


@functools.cache
def _hashed_fields(cls: type[Record]) -> tuple[str, ...]:
    """The fields of ``cls`` that enter its hash, in declaration order: all but ``id`` and the volatile ones."""
    return tuple(k for k in cls.model_fields if k != "id" and k not in cls._volatile)


@functools.cache
def _grown_defaults(cls: type[Record]) -> dict[str, Any]:
    """The default of each of ``cls``'s grown fields (left out of the hash while a record holds it); read-only."""
    return {k: f.get_default(call_default_factory=True) for k, f in cls.model_fields.items() if k in cls._grown}


@functools.cache
def _plain_fields(cls: type[Record]) -> frozenset[str]:
    """The fields of ``cls`` whose values are plain JSON data by their type (no record inside): hashed as they are,
    not walked (a trajectory's tool schemas were most of the time an export spent)."""
    return frozenset(k for k, f in cls.model_fields.items() if not _may_hold_model(f.annotation))


def _may_hold_model(annotation: Any) -> bool:
    """Whether a value of this type may hold a pydantic model (True when the type is not understood)."""
    if annotation is JsonValue or annotation is type(None):
        return False
    if isinstance(annotation, type) and not typing.get_args(annotation):
        return issubclass(annotation, BaseModel) or annotation not in (str, int, float, bool)
    if typing.get_origin(annotation) is Literal:
        return False
    args = typing.get_args(annotation)
    return not args or any(_may_hold_model(a) for a in args if a is not Ellipsis)


def _hash_view(value: Any) -> Any:
    """The hashed form of a field value: nested content-addressed records by id, others without volatile fields."""
    if isinstance(value, Record):
        if value._hashed_id and "id" in type(value).model_fields:
            return getattr(value, "id")  # noqa: B009 - every content-addressed record has one; Record itself has none
        return _hash_body(value)
    if isinstance(value, list | tuple):
        return [_hash_view(v) for v in value]
    if isinstance(value, dict):
        return {k: _hash_view(v) for k, v in value.items()}
    return value


# ---------------------------------------------------------------------------------------
# Tools and their execution


class ToolSpec(Record):
    """What a model and the pipeline know about one tool (no code)."""

    name: str
    """Unique tool name, a valid OpenAI function name."""
    description: str
    """Natural-language description shown to models."""
    parameters: dict[str, JsonValue]
    """JSON schema (object) of the arguments."""
    output_schema: dict[str, JsonValue]
    """JSON schema of the output value."""
    kind: Literal["R", "P", "A"]
    """R: retrieval (looks facts up); P: processing (computes from its inputs); A: action (changes state)."""
    domain: str
    """Domain of the tool, e.g. ``geo`` or ``medicine``."""
    pack: str
    """Tool pack (installable extra) the tool ships in."""
    deterministic: bool = True
    """Whether the same arguments always give the same output."""
    source: str = ""
    """Backing package or data source, e.g. ``pycountry``."""
    license: str = ""
    """License of the backing data."""
    param_sem: dict[str, str] = Field(default_factory=dict)
    """Semantic type of each parameter that has one."""
    output_sem: dict[str, str] = Field(default_factory=dict)
    """Semantic type per output JSON path (``$.capital``, ``$.cities[*].name``)."""
    examples: tuple[dict[str, JsonValue], ...] = ()
    """Example argument sets, each a valid call."""
    hash: str = ""
    """Content hash of the tool (schema, metadata and source code)."""


class Seed(Record):
    """A starting entity or concept for exploration, with its semantic type."""

    value: JsonValue
    """The entity, e.g. ``"FR"`` or ``"CCO"``."""
    sem: str
    """Its semantic type, e.g. ``country_code`` or ``smiles``."""
    domain: str
    """Domain whose seed pool it belongs to."""
    label: str = ""
    """Human-readable name, when the value is a code (``"France"`` for ``"FR"``)."""
    _grown: ClassVar[frozenset[str]] = frozenset({"group"})

    group: str = ""
    """The family it is compared within (a continent, a class of compounds): the entities a program compares
    with it are drawn from its group, so the options belong together (France with Germany and Italy)."""


class Evidence(Record):
    """One evidence item: a JSON path into one call's output."""

    call_id: str
    """Call whose output holds the value."""
    path: str
    """JSON path into the output, ``$`` for the whole output (``$.items[2].name``)."""


_ITEM = re.compile(r"^(\w+)\[(\d+)\]$")


def set_source(arguments: dict[str, JsonValue], key: str, value: JsonValue) -> None:
    """Put ``value`` where the ``ToolCall.sources`` key ``key`` points: an argument, or an item of a
    list argument (``values[2]``)."""
    m = _ITEM.match(key)
    if m is None:
        arguments[key] = value
        return
    current = arguments.get(m.group(1))
    items = list(current) if isinstance(current, list) else []
    index = int(m.group(2))
    items.extend([None] * (index + 1 - len(items)))
    items[index] = value
    arguments[m.group(1)] = items


class ToolCall(Record):
    """One tool invocation in a trace."""

    _volatile: ClassVar[frozenset[str]] = frozenset({"started_at", "duration_ms"})
    _grown: ClassVar[frozenset[str]] = frozenset({"sources"})

    id: str = ""
    """Content hash of the call (tool, arguments, parents, round, step)."""
    tool: str
    """Name of the called tool."""
    arguments: dict[str, JsonValue]
    """Arguments as sent."""
    parents: tuple[str, ...] = ()
    """Ids of earlier calls whose outputs fed this call's arguments."""
    sources: dict[str, Evidence] = Field(default_factory=dict)
    """Which earlier output field fed each argument that came from one (the data flow, as the explorer
    made it; arguments absent here are literals). An item of a list argument is keyed ``param[i]``."""
    round: int = 1
    """Evidence-collection round (1-based)."""
    step: int = 0
    """Step within the round; calls sharing a step are independent (parallel)."""
    started_at: float | None = None
    """Wall-clock start (seconds since the epoch); not hashed."""
    duration_ms: float | None = None
    """Execution time; not hashed."""


class Observation(Record):
    """The result of one call: an output, or an error the model sees."""

    _volatile: ClassVar[frozenset[str]] = frozenset({"duration_ms"})

    id: str = ""
    """Content hash of the observation."""
    call_id: str
    """Id of the call this observes."""
    ok: bool
    """True when the tool returned a valid output."""
    output: JsonValue = None
    """The tool's output as JSON (None on error)."""
    error: str | None = None
    """Error message shown to the model when ``ok`` is false."""
    truncated: bool = False
    """True when the output exceeded the size cap."""
    duration_ms: float | None = None
    """Execution time of the tool, in milliseconds; not hashed."""

    @model_validator(mode="after")
    def _ok_xor_error(self) -> Observation:
        if self.ok == (self.error is not None):
            raise ValueError("an Observation has an error exactly when ok is false")
        return self

    @classmethod
    def of_output(cls, call_id: str, output: JsonValue, encoded: str, duration_ms: float | None = None) -> Observation:
        """The ok observation of ``output``, plain JSON data (a tool's checked output) whose canonical JSON
        (:func:`dive._hashing.canonical_json`) is ``encoded``: the same record as the constructor's, without
        walking ``output`` twice more to validate and hash it (120 us instead of 340 us for 50 rows)."""
        made = cls.model_construct(call_id=call_id, ok=True, output=output, duration_ms=duration_ms)
        hashed = _hash_body(made)  # canonical JSON of the other fields, with ``encoded`` spliced in for the output
        body = ",".join(f"{canonical_json(k)}:{encoded if k == 'output' else canonical_json(v)}"
                        for k, v in sorted(hashed.items()))
        object.__setattr__(made, "id", hash_text(f"[{canonical_json(cls.__name__)},{{{body}}}]"))
        return made


class Trace(Record):
    """The evidence: a DAG of calls (parents before children) with their observations."""

    id: str = ""
    """Content hash of the trace."""
    seed: JsonValue = None
    """The seed the exploration started from."""
    seed_type: str | None = None
    """Semantic type of the seed, when known."""
    toolset: tuple[str, ...] = ()
    """Names of the tools available during exploration."""
    calls: tuple[ToolCall, ...] = ()
    """Calls in execution order."""
    observations: tuple[Observation, ...] = ()
    """One observation per call, in the same order."""

    @model_validator(mode="after")
    def _is_dag(self) -> Trace:
        if len(self.calls) != len(self.observations):
            raise ValueError(f"Trace has {len(self.calls)} calls but {len(self.observations)} observations")
        seen: set[str] = set()
        for call, obs in zip(self.calls, self.observations, strict=True):
            if obs.call_id != call.id:
                raise ValueError(f"observation {obs.id} observes {obs.call_id}, expected call {call.id}")
            missing = [p for p in call.parents if p not in seen]
            if missing:
                raise ValueError(f"call {call.id} ({call.tool}) has parents not earlier in the trace: {missing}")
            seen.add(call.id)
        return self

    def observation(self, call_id: str) -> Observation:
        """Return the observation of ``call_id`` (KeyError naming the id if absent)."""
        for obs in self.observations:
            if obs.call_id == call_id:
                return obs
        raise KeyError(f"no call {call_id!r} in trace {self.id}")


# ---------------------------------------------------------------------------------------
# Tasks and their answers

AnswerType = Literal["number", "integer", "string", "date", "time", "boolean", "list", "set"]


class AnswerSpec(Record):
    """A typed reference answer and how candidates are matched against it."""

    type: AnswerType
    """How the answer is parsed and compared."""
    value: JsonValue
    """Canonical value: a number, string, ISO date, bool, or a list of those."""
    aliases: tuple[str, ...] = ()
    """Other accepted spellings (strings and entities)."""
    abs_tol: float | None = None
    """Absolute tolerance for numbers."""
    rel_tol: float | None = None
    """Relative tolerance for numbers (fraction, 0.01 = 1%)."""
    unit: str | None = None
    """Unit of a numeric answer, e.g. ``km``."""
    item_type: Literal["number", "integer", "string", "date", "boolean"] | None = None
    """Type of each item of a list or set answer."""
    instructions: str = ""
    """Format instructions appended to the query (rounding, units, code formats)."""


class Provenance(Record):
    """Which call outputs entail the answer, and the op that combines them."""

    _grown: ClassVar[frozenset[str]] = frozenset({"state_calls", "question", "kind", "calls", "tools"})

    evidence: tuple[Evidence, ...]
    """Evidence items, in the op's argument order."""
    op: str
    """Combining op: identity, count, sum, difference, ratio, max, argmax, compare, ..."""
    params: dict[str, JsonValue] = Field(default_factory=dict)
    """Op parameters (rounding digits, labels for argmax, ...)."""
    state_calls: tuple[str, ...] = ()
    """Action calls (kind A) made before the evidence, whose changes the answer depends on: a gold
    trajectory and a replay make them too, from the task's starting state."""
    question: str = ""
    """Content hash of the question itself, however it is worded and whichever calls find the answer: the values it
    states, its answer and (but for a number with decimals) the field the answer is read from
    (:func:`dive.provenance.question_key`; set by the pipeline). With the deduplicator, two kept tasks never share
    one: "What is the melting point of neon in degrees Celsius?" and "Please look up the melting point of neon in
    degrees Celsius." ask one question, and so do "How much does one mole of ascorbic acid weigh?" and "What is the
    molecular weight of ascorbic acid?". A split of tasks into train and test by it keeps one question on one side."""
    kind: str = ""
    """What kind of question it is, whatever the things it names and its words: the shape, the op, and the tool and
    field the answer is read from, a converted value credited to the field it was fed
    (:func:`dive.provenance.question_kind`; set by the pipeline): ``chain identity sunrise_sunset.sunset`` for the
    sunset at any city on any date, however asked. The deduplicator keeps at most ``verify.max_per_kind`` tasks of one
    kind."""
    calls: int = 0
    """How many calls the answer rests on: the evidence calls and their ancestors
    (:func:`dive.provenance.provenance_calls`; set by the pipeline). The ``depth`` check keeps tasks of fewer than 3
    within a budget (``verify.max_shallow_share``)."""
    tools: int = 0
    """How many distinct tools those calls are of (set by the pipeline). The ``depth`` check keeps tasks of fewer than 3
    within a budget (``verify.max_narrow_share``)."""


class Task(Record):
    """A query with a typed answer, grounded in a trace, for one toolset."""

    _grown: ClassVar[frozenset[str]] = frozenset({"state", "realized", "statement"})

    id: str = ""
    """Content hash of the task."""
    trace_id: str
    """The trace the task was derived from."""
    query: str
    """The question, including format instructions."""
    answer: AnswerSpec
    """The reference answer."""
    provenance: Provenance
    """How the answer is recomputed from the trace."""
    toolset: tuple[str, ...]
    """Tools given to a solver."""
    round: int = 1
    """Derivation round (1..K)."""
    parent_task_id: str | None = None
    """The previous round's task this one extends."""
    template: str = ""
    """Deriver template or strategy that produced the task."""
    realized: str = ""
    """The deriver's own question when a phraser model rewrote it into ``query`` ('' when not rewritten)."""
    state: str | None = None
    """The id of the starting state its tools are reset to before it is solved (None: tools without state)."""
    statement: str = ""
    """The answer as the sentence an assistant ends its reply with, before the ``Final answer:`` line of a gold
    trajectory (*Two of the countries that border Turkey use the euro: Bulgaria and Greece.*); '' where the deriver
    wrote none (a generic sentence is used)."""


class Verdict(Record):
    """The result of one check on one task."""

    id: str = ""
    """Content hash of the verdict."""
    task_id: str
    """The checked task."""
    check: str
    """Name of the verifier, e.g. ``grounding``."""
    ok: bool
    """True when the task passed the check."""
    reason: str = ""
    """Why the task was rejected (empty when ok)."""
    details: dict[str, JsonValue] = Field(default_factory=dict)
    """Verifier-specific details (recomputed value, matching query, ...)."""


# ---------------------------------------------------------------------------------------
# Trajectories (OpenAI chat format)


class ChatToolCall(Record):
    """An assistant tool call in OpenAI format."""

    _hashed_id: ClassVar[bool] = False

    id: str
    """Tool-call id that the tool message answers."""
    name: str
    """Function name."""
    arguments: str
    """Arguments as a JSON string (as on the wire)."""

    def to_openai(self) -> dict[str, JsonValue]:
        """Render as an OpenAI ``tool_calls`` item."""
        return {"id": self.id, "type": "function", "function": {"name": self.name, "arguments": self.arguments}}


class ChatMessage(Record):
    """One chat message."""

    role: Literal["system", "user", "assistant", "tool"]
    """Author of the message."""
    content: str | None = None
    """Text content."""
    tool_calls: tuple[ChatToolCall, ...] = ()
    """Tool calls of an assistant message."""
    tool_call_id: str | None = None
    """The call a tool message answers."""
    name: str | None = None
    """Tool name of a tool message."""
    reasoning_content: str | None = None
    """Reasoning of an assistant message, when kept."""

    def to_openai(self) -> dict[str, JsonValue]:
        """Render as an OpenAI chat message dict (only the fields that are set)."""
        out: dict[str, JsonValue] = {"role": self.role, "content": self.content}
        if self.tool_calls:
            out["tool_calls"] = [c.to_openai() for c in self.tool_calls]
        if self.tool_call_id is not None:
            out["tool_call_id"] = self.tool_call_id
        if self.name is not None:
            out["name"] = self.name
        if self.reasoning_content is not None:
            out["reasoning_content"] = self.reasoning_content
        return out


class Trajectory(Record):
    """A task solved as chat messages with tool calls."""

    _stored_once: ClassVar[frozenset[str]] = frozenset({"tools"})

    id: str = ""
    """Content hash of the trajectory."""
    task_id: str
    """The solved task."""
    messages: tuple[ChatMessage, ...]
    """The conversation, system prompt first."""
    tools: tuple[dict[str, JsonValue], ...]
    """OpenAI function schemas of the toolset."""
    source: str = "gold"
    """``gold`` (rendered from the trace) or the solver model's name."""


class RunManifest(Record):
    """Everything needed to reproduce a run."""

    _volatile: ClassVar[frozenset[str]] = frozenset({"created_at"})
    _grown: ClassVar[frozenset[str]] = frozenset({"tool_kinds", "target"})

    id: str = ""
    """Content hash of the manifest."""
    dive_version: str
    """Version of dive-tasks that made the run."""
    config: dict[str, JsonValue]
    """The resolved run configuration."""
    packages: dict[str, str] = Field(default_factory=dict)
    """Versions of the backing packages (distribution name -> version) and of Python."""
    tool_hashes: dict[str, str] = Field(default_factory=dict)
    """Content hash of every tool in the pool."""
    tool_kinds: dict[str, str] = Field(default_factory=dict)
    """R or P of every tool in the pool, so a report needs no pack installed."""
    created_at: float | None = None
    """Wall-clock creation time; not hashed."""
    target: dict[str, JsonValue] = Field(default_factory=dict)
    """How far to run and what was allowed (``tasks``, ``max_items``, ``no_verify``): not part of ``config``,
    so ``--tasks`` may grow on resume, but stored so ``dive run --resume --out DIR`` needs no other flag."""


class ItemResult(Record):
    """What one work item of a run produced; written last, in the same transaction as its records.

    A run is resumed from its ItemResults: an item with one is done, an item without one
    is redone from scratch (its config and every choice come from the run seed and the
    item id, so the redo gives the same records).
    """

    _volatile: ClassVar[frozenset[str]] = frozenset({"tool_ms", "wall_ms"})
    _grown: ClassVar[frozenset[str]] = frozenset({"error"})

    id: str = ""
    """Content hash of the result."""
    item: int
    """Item number (0, 1, 2, ... in run order)."""
    seed: Seed
    """The sampled seed."""
    toolset: tuple[str, ...]
    """The sampled toolset."""
    domains: tuple[str, ...] = ()
    """Domains the toolset was drawn from."""
    trace_ids: tuple[str, ...] = ()
    """The cumulative trace of each round, round 1 first."""
    task_ids: tuple[str, ...] = ()
    """Every derived task that was verified (kept or rejected)."""
    kept_task_ids: tuple[str, ...] = ()
    """Tasks that passed every check, round 1 first."""
    tool_ms: float | None = None
    """Time spent inside tools (exploration and replay); not hashed."""
    wall_ms: float | None = None
    """Wall time of the item; not hashed."""
    error: str | None = None
    """Why the item failed, when an unexpected error stopped it (its other records are not stored;
    the run goes on with the next item)."""


# ---------------------------------------------------------------------------------------
# LLM calls (prompts, outputs and accounting of the LLM-driven stages)

LLMStage = Literal["explorer", "deriver", "solver", "closed_book", "judge", "phraser"]


class LLMCall(Record):
    """One model call of an LLM-driven stage: the prompt, the output and what it cost.

    Stored with the item's records, so every prompt and output of a run can be read back,
    and calls, tokens and cost add up per stage and per kept task.
    """

    _volatile: ClassVar[frozenset[str]] = frozenset({"latency_ms"})

    id: str = ""
    """Content hash of the call."""
    stage: LLMStage
    """The stage that made the call."""
    model: str
    """``provider:model`` as configured."""
    item: int | None = None
    """Work item the call belongs to."""
    round: int | None = None
    """Evidence-collection round, for the explorer and the deriver."""
    task_id: str | None = None
    """The task a verifier call (solver, closed_book, judge) was about."""
    seq: int = 0
    """Position of the call among its item's calls (identical calls stay distinct)."""
    messages: tuple[dict[str, JsonValue], ...] = ()
    """The request's messages (OpenAI chat dicts)."""
    tools: tuple[str, ...] = ()
    """Names of the tools offered."""
    settings: dict[str, JsonValue] = Field(default_factory=dict)
    """Sampling settings sent."""
    output: dict[str, JsonValue] | None = None
    """The assistant message received (content, tool_calls, reasoning_content), None on failure."""
    prompt_tokens: int = 0
    """Prompt tokens, as reported by the endpoint."""
    completion_tokens: int = 0
    """Completion tokens, as reported by the endpoint (reasoning included)."""
    attempts: int = 1
    """Requests made, retries included."""
    cost_usd: float = 0.0
    """Cost from the stage's configured prices per million tokens."""
    error: str | None = None
    """Why the call gave nothing usable: a provider error after retries, or an output the stage
    could not use (unparseable JSON, a malformed tool call), with the reason."""
    latency_ms: float | None = None
    """Wall time of the call, retries included; not hashed."""
