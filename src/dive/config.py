"""Run configuration: a pydantic ``RunConfig`` loaded from YAML with dotted overrides.

    config = load_config("run.yaml", overrides=["explore.max_steps=8", "tools.packs=[geo,bio]"])

Every section forbids unknown keys; a typo fails naming the key and the closest valid one
(``unknown key 'explore.max_step'; did you mean 'explore.max_steps'?``).
"""

from __future__ import annotations

import copy
import difflib
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from dive import registry
from dive.errors import ConfigError

__all__ = ["MAX_TASKS", "MAX_TIMEOUT_S", "ExploreConfig", "McpSource", "ModuleSource", "OpenApiSource", "RunConfig", "ToolsConfig", "VerifyConfig", "check_names",
           "load_config"]


MAX_TASKS = 10_000_000
"""Most tasks one run may ask for (``--tasks 10**30`` would never end)."""
MAX_TIMEOUT_S = 86_400.0
"""Longest timeout accepted (a day); ``inf`` is refused."""


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True, allow_inf_nan=False)


class ModuleSource(_Section):
    """A Python module, or a class in one, whose tools join the pool (see docs/own-tools.md)."""

    module: str
    """``pkg.mod`` (its ``@tool`` functions, ``TOOLS`` or ``PACK``) or ``pkg.mod:Class`` (the class's public
    methods, one stateful pack: ``reset()`` or a fresh instance before each item and each replay)."""
    name: str = ""
    """The source's pack and domain name (default: the module's last part, or the class name in lower case)."""
    prefix: str = ""
    """Put before every tool name of the source, so two sources may have tools of one name."""
    vocab: str | None = None
    """A YAML file with the source's semantic types, kinds, action phrases, seeds and lexicon."""


class McpSource(_Section):
    """An MCP server whose tools join the pool: a command (stdio) or a URL (streamable HTTP)."""

    name: str
    """The source's pack and domain name."""
    command: str | None = None
    """The command that starts the server (stdio transport)."""
    args: tuple[str, ...] = ()
    """Its arguments."""
    env: dict[str, str] = Field(default_factory=dict)
    """Environment variables for the server process."""
    url: str | None = None
    """The server's streamable HTTP endpoint (instead of ``command``), e.g. ``http://127.0.0.1:8000/mcp``."""
    prefix: str = ""
    """Put before every tool name of the server."""
    vocab: str | None = None
    """A YAML file with the server's semantic types, kinds, action phrases, seeds, examples and lexicon."""
    reset_tool: str | None = None
    """A tool of the server that resets its state (called before each item and each replay; not offered)."""

    @model_validator(mode="after")
    def _one_transport(self) -> McpSource:
        if (self.command is None) == (self.url is None):
            raise ValueError(f"tools.mcp {self.name!r}: give either command (stdio) or url (streamable HTTP)")
        return self


class OpenApiSource(_Section):
    """An OpenAPI 3 service whose operations join the pool as tools."""

    name: str
    """The source's pack and domain name."""
    spec: str
    """The OpenAPI document (a JSON or YAML file)."""
    base_url: str
    """Where the service answers, e.g. ``http://127.0.0.1:8080``."""
    prefix: str = ""
    """Put before every tool name of the service."""
    vocab: str | None = None
    """A YAML file with the service's semantic types, kinds, action phrases, seeds, examples and lexicon."""
    reset: str | None = None
    """The call that resets the service's state, ``METHOD /path`` (e.g. ``POST /reset``; not offered as a tool)."""


class ToolsConfig(_Section):
    """Which tools a run may use and how they execute."""

    packs: tuple[str, ...] = ()
    """Packs in the pool (built-in or registered under ``dive.packs``); empty means every installed pack."""
    modules: tuple[ModuleSource, ...] = ()
    """Python modules or classes whose tools join the pool: ``pkg.mod``, ``pkg.mod:Class``, or
    ``{module, name, prefix, vocab}``."""
    mcp: tuple[McpSource, ...] = ()
    """MCP servers whose tools join the pool: ``{name, command, args, env}`` or ``{name, url}``, with
    optional ``prefix``, ``vocab`` and ``reset_tool`` (needs ``pip install "dive-tasks[mcp]"``)."""
    openapi: tuple[OpenApiSource, ...] = ()
    """OpenAPI services whose operations join the pool: ``{name, spec, base_url}``, with optional
    ``prefix``, ``vocab`` and ``reset``."""
    exclude: tuple[str, ...] = ()
    """Tool names left out of the pool."""
    toolset_min: int = Field(15, ge=1)
    """Fewest tools in a sampled toolset."""
    toolset_max: int = Field(50, ge=1)
    """Most tools in a sampled toolset."""
    mode: Literal["single_domain", "cross_domain", "coverage"] = "coverage"
    """Toolset sampling: one domain + processing tools, several domains, or least-used tools first."""
    timeout_s: float = Field(15.0, ge=0.1, le=MAX_TIMEOUT_S)
    """Per-call wall-clock limit (0.1 s to a day: a shorter one makes the kept set depend on timing)."""
    max_output_bytes: int = Field(1_000_000, gt=0)
    """Largest tool output accepted, as compact JSON."""
    unsandboxed_code: bool = False
    """Keep the code-running tools (``run_python``) where bubblewrap is missing, running their code with resource
    limits only: it can reach the network and this machine's files (their description then says so)."""

    @field_validator("modules", mode="before")
    @classmethod
    def _module_strings(cls, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return [{"module": v} if isinstance(v, str) else v for v in value]
        return value

    @model_validator(mode="after")
    def _range(self) -> ToolsConfig:
        if self.toolset_min > self.toolset_max:
            raise ValueError(f"toolset_min ({self.toolset_min}) is larger than toolset_max ({self.toolset_max})")
        return self


class ExploreConfig(_Section):
    """Evidence collection."""

    explorer: str = "programs"
    """Explorer name: ``programs`` (offline default: programs planned over the lexicon), ``typed_walk``
    (offline random walk by semantic types), ``llm``, or one registered under the entry-point group
    ``dive.explorers``."""
    rounds: int = Field(3, ge=1, le=10)
    """K: evidence-collection / task-derivation rounds per task."""
    max_steps: int = Field(5, ge=1)
    """Steps (turns) per round."""
    hops: int = Field(2, ge=1, le=6)
    """Calls in the round-1 chain of the ``programs`` explorer."""
    fan_out: int = Field(3, ge=1)
    """Most entities one tool is applied to in a fan-out step."""


class DeriveConfig(_Section):
    """Task derivation."""

    deriver: str = "natural"
    """Deriver name: ``natural`` (offline default: questions realized from the lexicon), ``compose``
    (offline templates over any field), ``llm``, or one registered under ``dive.derivers``."""
    exemplars: int = Field(4, ge=0, le=10)
    """Exemplars shown to an LLM deriver."""
    attempts: int = Field(3, ge=1, le=20)
    """Candidates verified per round, best first, until one passes every check."""
    max_query_chars: int = Field(450, ge=40)
    """Longest query the compositional deriver writes."""
    shapes: tuple[str, ...] = ("chain", "superlative", "members", "members_count", "select")
    """Question shapes the natural deriver asks (``docs/tasks.md``). Independent reviewers, each given only the
    rubric and 60 random tasks, rated 89% of ``members`` questions good (which of the countries that border Germany
    has the largest population?), 76% of ``superlative`` and 64% of ``chain``, and one gave 18 of 18 ``members_count``
    questions of a 2000-task run (how many of the countries that border Germany use the euro?); ``select``, a choice
    under a condition a person sets (the most densely populated of the countries that border Italy with more than 1
    million people), is asked where its rules hold, a few per 2000 tasks; the
    others are left out by default as contrived: ``winner_value``, the winner's value converted (among the countries
    that border Germany, the largest area in square miles: 14 of 14 good in rounds U-Y, then 0 of 10 in rounds AG,
    AK, AL and AO: "a constructed compound query", "stitched together"), ``winner_hop`` 0 of 12 in random files (the currency of the country
    with the largest area among the countries that border Algeria: "a templated multi-hop chain"), ``count`` 17% (how
    many countries use the calling code of Morocco?), ``join`` 20% (how far is Asmara International Airport from
    Esfahan's?), ``members_total`` 25% and ``aggregate`` 0% (the combined area of the neighbours of Azerbaijan), ``which``
    66 of 80 in a file of its own before the lists it failed on were left out (what does potassium-40 decay into?),
    ``nearest`` 29% (which neighbour of Lithuania has its capital farthest from Vilnius?), ``same`` and
    ``difference`` 0-10%. The explorer makes no program that only a left-out shape asks
    (no joins of two chains without ``join``, no set totals without ``members_total``)."""
    one_call: Literal["coverage", "worked_out"] = "coverage"
    """When a one-call question is kept: ``coverage``, only for the tool an item must cover in the first pass over
    the pool (every tool in some task), so that every other task takes two calls or more; ``worked_out``, also a
    calculation from three or more stated inputs (a bond's price from its coupon, dates and yield). With
    ``worked_out``, 48% of a 2,000-task run were one call (mean 2.65 calls behind an answer); with ``coverage``,
    3.7, and more than twice the superlatives."""
    @field_validator("shapes")
    @classmethod
    def _known_shapes(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        known = {"chain", "count", "which", "same", "difference", "join", "superlative", "aggregate", "members",
                 "members_count", "members_total", "nearest", "winner_hop", "winner_value", "select"}  # dive.derivation.natural.SHAPES (a test keeps the two equal)
        unknown = sorted(set(value) - known)
        if unknown or not value:
            raise ValueError(f"derive.shapes: {'unknown shape(s) ' + str(unknown) if unknown else 'empty'}; "
                             f"choose one or more of {sorted(known)}")
        return value

    ungrounded: Literal["reject", "judge"] = "reject"
    """An LLM-derived task whose answer the trace does not recompute: ``reject`` it, or ask the judge
    whether the evidence entails it (the grounding verdict then records the judge's grade)."""


class VerifyConfig(_Section):
    """Mechanical and optional LLM verification."""

    checks: tuple[str, ...] = ("well_posed", "grounding", "query_hygiene", "trivial", "empty_hop", "necessity",
                               "leakage", "dedup", "depth", "informative", "replay")
    """Checks run on every task, in this order (a rejection counts under the first check that rejects; a check
    that calls tools, ``informative`` and ``replay``, is not run for a task already rejected, so they come last);
    the costly LLM checks ``closed_book`` (the solver model without tools must fail) and ``solver``
    (k attempts with tools) run last, only on tasks every other check passed, stopping at the first
    rejection. Names come from :mod:`dive.registry` (entry-point group ``dive.checks``)."""
    near_duplicate_threshold: float = Field(0.9, gt=0, le=1)
    """Similarity above which two queries count as near-duplicates."""
    max_per_form: int | None = Field(20, ge=1)
    """Most kept tasks that ask one form of question (the query's plain words, without its names, codes
    and numbers; a name written in lower case, a compound's or an element's, is a name too): a run is not a few
    templates with the names swapped. None: no limit. At 12, once a compound's name counted as a name, a 2,000-task
    run (seed 833) reached only 1,837 tasks in 40,000 items; at 20 it kept 2,000 in 20,241 items (106 s against 95 s
    before), and the largest form fell from 76 tasks to 20."""
    max_per_kind: int | None = Field(30, ge=1)
    """Most kept tasks that ask one kind of question: the shape, the op and the tool and field the answer is read from,
    however the question is worded (``Provenance.kind``; a converted value is of the kind of the value it converts). A
    form (``max_per_form``) is one wording, and a field asked in three wordings filled three forms: a 2,000-task run
    (seed 853) kept 62 questions for when the Sun stands at some angle over some city. At 30 the same run's 20 largest
    kinds hold 30.0% of its tasks instead of 36.3%, in 110 s instead of 97 s. None: no limit."""
    max_shallow_share: float | None = Field(0.2, ge=0, le=1)
    """Most shallow tasks (an answer resting on fewer than 3 calls: a lookup behind a name), as a share of the run's
    ``tasks``, kept beyond the first pass over the pool (the ``depth`` check, :mod:`dive.verification.depth`); a
    rejected one is asked again by the item's next round, with more calls. None: no limit. A 2000-task run (seed 907)
    without a limit kept 2,000 tasks from 7,328 items at 3.5 calls behind an answer, 26% of them with 3 tools or more;
    at 0.2 (and ``max_narrow_share`` 0.48) from 19,823 items at 4.18 calls, 52%, in about twice the time
    (docs/tasks.md). Each kind of question is kept ``max_per_kind`` times, so a lower share needs more items to find
    new kinds: raise ``max_items`` with it. From three quarters of the item limit on, shallow and narrow tasks are kept
    too; a pool with no tool whose questions go deeper (core and a user's own few tools) has no default budget."""
    max_narrow_share: float | None = Field(0.48, ge=0, le=1)
    """Most narrow tasks (an answer resting on fewer than 3 distinct tools, shallow ones included), as a share of the
    run's ``tasks``, counted like ``max_shallow_share`` and, like it, off by default in a pool with no tool whose
    questions go deeper. None: no limit. Without it, 2000-task runs kept 51.7% and 50.7% tasks of 3 tools or more (seeds
    907 and 1171, from 21,684 and 21,574 items); at 0.48, seed 907 keeps 52.2% from 19,823 items and seed 1187 52.0%
    from 21,473 (docs/tasks.md)."""
    solver_attempts: int = Field(3, ge=1, le=64)
    """k: attempts of the ``solver`` check; correct ones become SFT trajectories."""
    solver_max_turns: int = Field(30, ge=1)
    """Most assistant turns of one solver attempt."""
    min_pass_rate: float = Field(0.01, ge=0, le=1)
    """The ``solver`` check rejects a task solved by fewer than this fraction of attempts."""
    max_pass_rate: float = Field(1.0, ge=0, le=1)
    """... or by more (lower it to drop tasks too easy for RL)."""
    closed_book_attempts: int = Field(1, ge=1, le=16)
    """Attempts of the ``closed_book`` check (the solver model without tools must fail every one)."""


class StageModel(_Section):
    """The model and settings of one LLM-driven stage."""

    model: str | None = None
    """``provider:model``: ``openai:Qwen/Qwen3-8B`` (any OpenAI-compatible endpoint), ``local:smollm2``
    (offline CPU model, extra ``[local]``); None: the stage has no model."""
    base_url: str | None = None
    """OpenAI-compatible endpoint, e.g. ``http://localhost:8000/v1``; default: ``$OPENAI_BASE_URL``, else OpenAI."""
    api_key_env: str = "OPENAI_API_KEY"
    """Environment variable holding the API key (a local endpoint needs none)."""
    temperature: float = Field(0.7, ge=0, le=2)
    """Sampling temperature."""
    max_tokens: int = Field(2048, ge=1)
    """Completion length limit per call."""
    reasoning: bool | None = None
    """Reasoning (thinking) on or off where the server has a switch (Qwen3); None: the server's default."""
    timeout_s: float = Field(120.0, ge=0.1, le=MAX_TIMEOUT_S)
    """Per-request timeout (0.1 s to a day)."""
    max_retries: int = Field(4, ge=0)
    """Retries on rate limits, timeouts, server errors and empty answers."""
    concurrency: int = Field(8, ge=1)
    """Most requests in flight to this stage's endpoint (shared by stages with the same base URL and limits)."""
    rpm: float | None = Field(None, gt=0)
    """Most request starts per minute to this endpoint; None: no limit."""
    price_in: float = Field(0.0, ge=0)
    """US dollars per million prompt tokens, for cost accounting."""
    price_out: float = Field(0.0, ge=0)
    """US dollars per million completion tokens."""


class LLMConfig(_Section):
    """Per-stage models."""

    explorer: StageModel = StageModel()
    """Model of the LLM explorer (``explore.explorer: llm``)."""
    deriver: StageModel = StageModel(temperature=0.3)
    """Model of the LLM deriver (``derive.deriver: llm``)."""
    solver: StageModel = StageModel(temperature=0.6)
    """Teacher model of the ``solver`` and ``closed_book`` checks."""
    judge: StageModel = StageModel(temperature=0.0, max_tokens=512)
    """Model that judges answers the typed checker cannot read; None: such answers count as wrong."""
    phraser: StageModel = StageModel(temperature=0.7, max_tokens=256)
    """Model that rewrites each derived question in a person's voice, kept only when every name, number,
    date and unit survives (:mod:`dive.derivation.phraser`); None: questions stay as realized."""


class RunConfig(_Section):
    """Everything that determines a run's output (with the seed)."""

    seed: int = Field(0, ge=-(2**63), lt=2**63)
    """Run seed; every random choice derives from it and the item id."""
    tasks: int = Field(100, ge=1, le=MAX_TASKS)
    """Kept (verified) tasks to synthesize; the run stops when this many pass every check."""
    tools: ToolsConfig = ToolsConfig()
    """Tool pool and execution."""
    explore: ExploreConfig = ExploreConfig()
    """Evidence collection."""
    derive: DeriveConfig = DeriveConfig()
    """Task derivation."""
    verify: VerifyConfig = VerifyConfig()
    """Verification."""
    llm: LLMConfig = LLMConfig()
    """LLM-driven stages."""
    max_items: int | None = Field(None, ge=1, le=20 * MAX_TASKS)
    """Stop after this many work items even if fewer tasks were kept (default: 20 x tasks)."""

    @property
    def item_limit(self) -> int:
        """The item a run stops at: ``max_items``, else 20 x ``tasks``."""
        return self.max_items or 20 * self.tasks


def _known_keys(model: type[BaseModel], prefix: str = "") -> list[str]:
    keys = []
    for name, field in model.model_fields.items():
        dotted = f"{prefix}{name}"
        keys.append(dotted)
        ann = field.annotation
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            keys.extend(_known_keys(ann, dotted + "."))
    return keys


def _check_keys(data: dict[str, Any], model: type[BaseModel], prefix: str = "") -> None:
    for key, value in data.items():
        dotted = f"{prefix}{key}"
        field = model.model_fields.get(key)
        if field is None:
            valid = _known_keys(model, prefix) if prefix else _known_keys(model)
            close = difflib.get_close_matches(dotted, valid, n=1, cutoff=0.5)
            hint = f"; did you mean {close[0]!r}?" if close else f"; valid keys: {', '.join(valid)}"
            raise ConfigError(f"unknown config key {dotted!r}{hint}")
        ann = field.annotation
        if isinstance(ann, type) and issubclass(ann, BaseModel) and isinstance(value, dict):
            _check_keys(value, ann, dotted + ".")


def _apply_override(data: dict[str, Any], override: str) -> None:
    if "=" not in override:
        raise ConfigError(f"override {override!r} must look like section.key=value (e.g. explore.max_steps=8)")
    dotted, raw = override.split("=", 1)
    parts = [p for p in dotted.strip().split(".") if p]
    if not parts:
        raise ConfigError(f"override {override!r} has an empty key")
    node = data
    for part in parts[:-1]:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            raise ConfigError(f"override {override!r}: {part!r} is a value, not a section")
        node = child
    try:
        node[parts[-1]] = yaml.safe_load(raw) if raw.strip() else ""
    except yaml.YAMLError as exc:
        raise ConfigError(f"override {override!r}: value is not valid YAML: {' '.join(str(exc).split())}") from None


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def load_config(path: str | Path | None = None, overrides: Iterable[str] = (), *,
                base: dict[str, Any] | None = None, **top: Any) -> RunConfig:
    """Load a RunConfig from YAML (optional), apply dotted overrides and top-level values.

    ``base`` (a stored run's config, as JSON) is the starting point the YAML and overrides
    change. Raises :class:`ConfigError` naming the bad key or value and the fix; component names
    (explorer, deriver, checks, packs, providers) are checked against :mod:`dive.registry`.
    """
    data: dict[str, Any] = copy.deepcopy(base) if base else {}
    if path is not None:
        p = Path(path)
        if not p.exists():
            raise ConfigError(f"config file {str(p)!r} does not exist")
        if p.is_dir():
            raise ConfigError(f"config file {str(p)!r} is a directory; give the path of a YAML file")
        try:
            loaded = yaml.safe_load(p.read_text(encoding="utf-8"))
        except UnicodeDecodeError as exc:
            raise ConfigError(f"config file {str(p)!r} is not UTF-8 text (byte {exc.start}); save it as UTF-8 YAML") \
                from None
        except OSError as exc:
            raise ConfigError(f"cannot read config file {str(p)!r}: {exc.strerror or exc}") from None
        except yaml.YAMLError as exc:
            raise ConfigError(f"config file {str(p)!r} is not valid YAML: {' '.join(str(exc).split())}") from None
        if loaded is not None and not isinstance(loaded, dict):
            raise ConfigError(f"config file {str(p)!r} must hold a mapping of sections, got {type(loaded).__name__}")
        data = _merge(data, loaded or {})
    for override in overrides:
        _apply_override(data, override)
    data.update({k: v for k, v in top.items() if v is not None})
    _check_keys(data, RunConfig)
    try:
        config = RunConfig.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or '(config)'}: {e['msg']}" for e in exc.errors(include_url=False)
        )
        raise ConfigError(f"invalid config: {problems}") from None
    check_names(config)
    return config


def check_names(config: RunConfig) -> None:
    """ConfigError, with the closest name, for a component name no registry knows (a typo in a config)."""
    registry.check_name("explorers", config.explore.explorer, "explore.explorer")
    registry.check_name("derivers", config.derive.deriver, "derive.deriver")
    for name in config.verify.checks:
        registry.check_name("checks", name, "verify.checks")
    for name in config.tools.packs:
        registry.check_name("packs", name, "tools.packs")
    for stage in LLMConfig.model_fields:
        model = getattr(config.llm, stage).model
        provider, sep, rest = (model or "").partition(":")
        if model is None:
            continue
        if not sep or not rest:
            raise ConfigError(f"llm.{stage}.model: {model!r} must look like provider:model, "
                              "e.g. openai:Qwen/Qwen3-8B or local:smollm2")
        registry.check_name("providers", provider, f"llm.{stage}.model")
