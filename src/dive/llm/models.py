"""Resolve ``provider:model`` names per stage, and account for every call in a ledger.

    models = Models(config.llm)                      # nothing is imported or connected yet
    deriver = models.stage("deriver")                # resolves "openai:Qwen/Qwen3-8B" now
    completion = deriver.complete(messages, round=2) # sync; recorded as an LLMCall in models.ledger
    records = models.ledger.drain()                  # the item's LLMCall records

Providers: ``openai`` (any OpenAI-compatible endpoint), ``local`` (an offline CPU model,
extra ``[local]``) and ``scripted`` (a :class:`~dive.llm.scripted.ScriptedLLM` given in code
through ``instances``). Stages with the same base URL share one :class:`Endpoint`, so the
concurrency and rate limits hold per endpoint, not per stage.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import time
from collections.abc import Coroutine, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any, TypeVar

from dive._hashing import safe_repr
from dive.config import LLMConfig, StageModel
from dive.errors import ConfigError, LLMError
from dive.llm.health import Health, probe
from dive.llm.limits import Endpoint, RetryPolicy
from dive.llm.runner import LoopThread
from dive.llm.types import LLM, Completion, Message, Settings
from dive.records import LLMCall

__all__ = ["PROVIDERS", "Ledger", "Models", "StageLLM", "resolve"]

PROVIDERS = ("openai", "local", "scripted")
"""Provider prefixes of model names."""

_LOCAL_HOSTS = ("localhost", "127.0.0.1", "0.0.0.0", "[::1]")
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
                 health: Health | None = None) -> None:
        self.stage = stage
        self.health = health or Health()
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


def _is_local(url: str | None) -> bool:
    return bool(url) and any(f"//{host}" in url for host in _LOCAL_HOSTS)  # type: ignore[operator]


def resolve(name: str, config: StageModel, endpoints: dict[str, Endpoint],
            environ: Mapping[str, str] | None = None) -> LLM:
    """Build the LLM named ``provider:model`` (imports the provider's SDK only now)."""
    environ = os.environ if environ is None else environ
    provider, sep, model = name.partition(":")
    if not sep or not model:
        raise ConfigError(f"model {name!r} must look like provider:model, e.g. openai:Qwen/Qwen3-8B or local:smollm2")
    if provider == "openai":
        base_url = config.base_url or environ.get("OPENAI_BASE_URL") or None
        key = environ.get(config.api_key_env)
        if not key:
            if base_url is None or not _is_local(base_url) and "openai.com" in base_url:
                raise ConfigError(f"{name}: no API key; set ${config.api_key_env} (or llm.<stage>.api_key_env), "
                                  "or point llm.<stage>.base_url (--base-url) at your own endpoint")
            key = "EMPTY"  # local servers (vLLM, Ollama) accept any key
        url = base_url or "https://api.openai.com/v1"
        endpoint = endpoints.get(url)
        if endpoint is None:
            endpoint = endpoints[url] = Endpoint(url, concurrency=config.concurrency, rpm=config.rpm)
        from dive.llm.openai_provider import OpenAIModel

        return OpenAIModel(model, endpoint=endpoint, base_url=base_url, api_key=key, timeout_s=config.timeout_s,
                           retry=RetryPolicy(max_retries=config.max_retries))
    if provider == "local":
        from dive.llm.local import LocalModel

        return LocalModel(model)
    if provider == "scripted":
        raise ConfigError(f"{name}: scripted models are built in code and passed to the run "
                          "(dive.pipeline.run(config, out, llms={'scripted:...': ScriptedLLM(...)}))")
    raise ConfigError(f"model {name!r}: unknown provider {provider!r}; known providers: {', '.join(PROVIDERS)}")


class Models:
    """The run's LLMs, one per configured stage, resolved on first use; owns the loop and the ledger."""

    def __init__(self, config: LLMConfig, *, instances: Mapping[str, LLM] | None = None,
                 environ: Mapping[str, str] | None = None) -> None:
        self.config = config
        self.instances = dict(instances or {})
        self.environ = environ
        self.ledger = Ledger()
        self.loop = LoopThread()
        self.endpoints: dict[str, Endpoint] = {}
        self.health = Health()
        self._stages: dict[str, StageLLM] = {}
        self._llms: dict[tuple[str, str | None], LLM] = {}

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
            key = (cfg.model, cfg.base_url)
            if key not in self._llms:
                self._llms[key] = self.instances.get(cfg.model) or resolve(cfg.model, cfg, self.endpoints, self.environ)
            self._stages[name] = StageLLM(name, self._llms[key], cfg, self.ledger, self.loop, self.health)
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
