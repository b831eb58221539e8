"""Resolve ``provider:model`` names per stage, and account for every call in a ledger.

    models = Models(config.llm)                      # nothing is imported or connected yet
    deriver = models.stage("deriver")                # resolves "openai:Qwen/Qwen3-8B" now
    completion = deriver.complete(messages, round=2) # sync; recorded as an LLMCall in models.ledger
    records = models.ledger.drain()                  # the item's LLMCall records

Providers come from :mod:`dive.registry` (kind ``providers``, entry points ``dive.providers``):
``openai`` (any OpenAI-compatible endpoint), ``local`` (an offline CPU model, extra ``[local]``)
and ``scripted`` (a :class:`~dive.llm.scripted.ScriptedLLM` given in code through ``instances``).
Each stage's model is built from that stage's settings (timeout, retries); stages with the same
base URL, ``concurrency`` and ``rpm`` share one :class:`Endpoint`, so those limits hold across
them. Every call gets its own sampling seed (:func:`call_seed`).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import time
from collections.abc import Coroutine, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any, TypeVar

from dive import registry
from dive._hashing import safe_repr
from dive.config import LLMConfig, StageModel
from dive.errors import ConfigError, LLMError
from dive.llm.health import Health, probe
from dive.llm.limits import Endpoint
from dive.llm.runner import LoopThread
from dive.llm.types import LLM, Completion, Message, Settings
from dive.records import LLMCall

__all__ = ["PROVIDERS", "Ledger", "Models", "StageLLM", "call_seed", "resolve"]

PROVIDERS = ("openai", "local", "scripted")
"""Built-in provider prefixes of model names (more through the ``dive.providers`` entry points)."""

T = TypeVar("T")


@dataclass
class _Draft:
    stage: str
    model: str
    item: int | None
    round: int | None
    task_id: str | None
    seq: int
    messages: list[Message]
    tools: list[str]
    settings: dict[str, Any]
    output: dict[str, Any] | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    attempts: int = 1
    cost_usd: float = 0.0
    error: str | None = None
    latency_ms: float | None = None


class Ledger:
    """The LLM calls of the current item, drained into :class:`LLMCall` records when it ends."""

    def __init__(self) -> None:
        self.item: int | None = None
        self._drafts: list[_Draft] = []

    def __len__(self) -> int:
        """Calls of the current item so far."""
        return len(self._drafts)

    def begin(self, item: int) -> None:
        """Start collecting the calls of ``item`` (drops anything not drained)."""
        self.item = item
        self._drafts = []

    def open(self, **fields: Any) -> _Draft:
        draft = _Draft(item=self.item, seq=len(self._drafts), **fields)
        self._drafts.append(draft)
        return draft

    def reject(self, draft: _Draft, reason: str) -> None:
        """Mark a call whose output its stage could not use, with the reason."""
        draft.error = reason if draft.error is None else f"{draft.error}; {reason}"

    def drain(self) -> list[LLMCall]:
        """The item's calls as records, in call order; the ledger is empty afterwards."""
        records = [LLMCall(**asdict(d)) for d in self._drafts]
        self._drafts = []
        return records


class StageLLM:
    """One stage's model with its settings and prices; every call lands in the ledger."""

    def __init__(self, stage: str, llm: LLM, config: StageModel, ledger: Ledger, loop: LoopThread,
                 health: Health | None = None, *, seed: int = 0) -> None:
        self.stage = stage
        self.health = health or Health()
        self.seed = seed
        self.llm = llm
        self.config = config
        self.ledger = ledger
        self.loop = loop
        self.settings = Settings(temperature=config.temperature, max_tokens=config.max_tokens,
                                 reasoning=config.reasoning)

    @property
    def name(self) -> str:
        return self.llm.name

    def complete(self, messages: Sequence[Message], tools: Sequence[dict[str, Any]] | None = None, *,
                 round: int | None = None, task_id: str | None = None,
                 settings: Settings | None = None) -> tuple[Completion, _Draft]:
        """Blocking call; returns the completion and its ledger entry (raises LLMError, recorded)."""
        return self.loop.run(self.acomplete(messages, tools, round=round, task_id=task_id, settings=settings))

    async def acomplete(self, messages: Sequence[Message], tools: Sequence[dict[str, Any]] | None = None, *,
                        round: int | None = None, task_id: str | None = None,
                        settings: Settings | None = None) -> tuple[Completion, _Draft]:
        """The same call, awaited on the run's loop (for parallel attempts)."""
        settings = settings or self.settings
        if settings.seed is None:  # each call its own seed, so k attempts at one prompt sample differently
            seq = len(self.ledger)
            settings = replace(settings, seed=call_seed(self.seed, self.ledger.item, self.stage, seq))
        draft = self.ledger.open(
            stage=self.stage, model=self.llm.name, round=round, task_id=task_id, messages=[dict(m) for m in messages],
            tools=[t.get("function", {}).get("name", "") for t in tools or ()],
            settings={k: v for k, v in asdict(settings).items() if v is not None},
        )
        started = time.perf_counter()
        try:
            completion = await self.llm.complete(messages, tools, settings)
        except LLMError as err:
            draft.error = str(err)
            draft.attempts = err.attempts
            draft.latency_ms = _ms_since(started)
            self.health.failed(self.llm, self.stage, err)  # raises LLMOutage when the endpoint looks down
            raise
        self.health.succeeded(self.llm)
        completion = _untrusted(completion)
        output = completion.message()
        if completion.reasoning:
            output["reasoning_content"] = completion.reasoning
        draft.output = output
        draft.prompt_tokens = completion.usage.prompt_tokens
        draft.completion_tokens = completion.usage.completion_tokens
        draft.attempts = completion.attempts
        draft.cost_usd = _cost(completion, self.config)
        draft.latency_ms = _ms_since(started)
        return completion, draft

    def gather(self, coros: Sequence[Coroutine[Any, Any, T]]) -> list[T]:
        """Run several coroutines (e.g. solver attempts) concurrently on the loop."""
        async def _all() -> list[T]:
            tasks = [asyncio.ensure_future(c) for c in coros]
            try:
                return list(await asyncio.gather(*tasks))
            except BaseException:  # e.g. LLMOutage: stop the siblings too, so none outlives the run's client
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
                raise
        return self.loop.run(_all())


def call_seed(run_seed: int, item: int | None, stage: str, seq: int) -> int:
    """The sampling seed of one call: a stable function of the run seed, the item, the stage and the call number."""
    text = f"{run_seed}:{item}:{stage}:{seq}".encode()
    return int.from_bytes(hashlib.blake2b(text, digest_size=4).digest(), "big") & 0x7FFFFFFF


def _text(value: Any) -> Any:
    """A model's text with lone surrogates written as ``\\udXXX`` escapes (they cannot be stored or hashed)."""
    if not isinstance(value, str):
        return value
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    return value


def _arguments_text(arguments: Any) -> str:
    if isinstance(arguments, str):
        return _text(arguments)
    try:  # a provider that sent decoded arguments: back to JSON text (NaN stays NaN, so the stage refuses it)
        return json.dumps(arguments, ensure_ascii=True)
    except (TypeError, ValueError):
        return safe_repr(arguments, 2000)


def _untrusted(completion: Completion) -> Completion:
    """Model output is untrusted: every string it holds becomes storable text (tool-call arguments keep their
    escapes as JSON text, so a surrogate in them still reaches the stage, which refuses the call)."""
    calls = tuple(replace(c, id=str(_text(c.id)), name=str(_text(c.name)), arguments=_arguments_text(c.arguments))
                  for c in completion.tool_calls)
    return replace(completion, content=_text(completion.content), reasoning=_text(completion.reasoning),
                   tool_calls=calls)


def _cost(completion: Completion, config: StageModel) -> float:
    usage = completion.usage
    return round((usage.prompt_tokens * config.price_in + usage.completion_tokens * config.price_out) / 1e6, 8)


def _ms_since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 3)


def resolve(name: str, config: StageModel, endpoints: dict[tuple[str, int, float | None], Endpoint],
            environ: Mapping[str, str] | None = None) -> LLM:
    """Build the LLM named ``provider:model`` through the provider registry (imports its SDK only now).

    A provider is a factory ``from_config(model, config, endpoints, environ) -> LLM`` registered in
    :mod:`dive.registry` (kind ``providers``, entry-point group ``dive.providers``)."""
    environ = os.environ if environ is None else environ
    provider, sep, model = name.partition(":")
    if not sep or not model:
        raise ConfigError(f"model {name!r} must look like provider:model, e.g. openai:Qwen/Qwen3-8B or local:smollm2")
    if provider not in registry.names("providers"):
        registry.check_name("providers", provider, f"model {name!r}")
    factory = registry.load("providers", provider)
    llm: LLM = factory(model, config, endpoints, environ)
    return llm


class Models:
    """The run's LLMs, one per configured stage, resolved on first use; owns the loop and the ledger."""

    def __init__(self, config: LLMConfig, *, instances: Mapping[str, LLM] | None = None,
                 environ: Mapping[str, str] | None = None, seed: int = 0) -> None:
        self.config = config
        self.instances = dict(instances or {})
        self.environ = environ
        self.seed = seed
        """The run seed: each call's sampling seed derives from it, the item and the call's number."""
        self.ledger = Ledger()
        self.loop = LoopThread()
        self.endpoints: dict[tuple[str, int, float | None], Endpoint] = {}
        """Endpoints by (URL, concurrency, rpm): stages with the same URL and limits share one."""
        self.health = Health()
        self._stages: dict[str, StageLLM] = {}
        self._llms: dict[StageModel, LLM] = {}
        """One model object per distinct stage settings: a stage's timeout and retries are its own."""

    def configured(self, stage: str) -> bool:
        """Whether ``stage`` has a model."""
        return getattr(self.config, stage).model is not None

    def stage(self, stage: str, *, label: str | None = None) -> StageLLM:
        """The model of ``stage`` (``explorer``, ``deriver``, ``solver``, ``judge``); ConfigError if none is set.

        ``label`` records the calls under another stage name with the same model and settings
        (the ``closed_book`` check uses the solver's model).
        """
        name = label or stage
        if name not in self._stages:
            cfg: StageModel = getattr(self.config, stage)
            if cfg.model is None:
                raise ConfigError(f"the {stage} stage needs a model: set llm.{stage}.model "
                                  f"(or --{stage} PROVIDER:MODEL), e.g. openai:Qwen/Qwen3-8B")
            if cfg not in self._llms:
                self._llms[cfg] = self.instances.get(cfg.model) or resolve(cfg.model, cfg, self.endpoints, self.environ)
            self._stages[name] = StageLLM(name, self._llms[cfg], cfg, self.ledger, self.loop, self.health,
                                          seed=self.seed)
        return self._stages[name]

    def probe(self) -> None:
        """Probe the endpoint of every stage resolved so far (LLMOutage naming the first that is down)."""
        self.loop.run(probe([(s.stage, s.llm) for s in self._stages.values()]))

    def close(self) -> None:
        """Close provider clients and stop the loop."""
        async def _close_all() -> None:
            for llm in self._llms.values():
                closer = getattr(llm, "aclose", None)
                if closer is not None:
                    await closer()
        if self._llms:
            with contextlib.suppress(Exception):  # closing must not hide the run's own outcome
                self.loop.run(_close_all())
        self.loop.close()
