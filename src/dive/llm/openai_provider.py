"""The ``openai`` provider: any OpenAI-compatible chat endpoint through the official SDK (async).

vLLM, SGLang, Ollama, llama.cpp's server, OpenAI and OpenRouter all speak this wire format.
The SDK's own retries are off (``max_retries=0``): this module owns the policy, so every
retry is counted and every wait honours the server's ``retry-after-ms`` / ``Retry-After``.
SDK exceptions are translated here, at the boundary, into :class:`dive.errors.LLMError`
subclasses; nothing above this module imports ``openai``.

Servers that return Hermes-style ``<tool_call>{...}</tool_call>`` blocks inside the text
(no tool parser configured) still work: the blocks are read as tool calls. A
``<think>...</think>`` prefix, or a ``reasoning_content`` field (vLLM, SGLang with a
reasoning parser), becomes the completion's reasoning.
"""

from __future__ import annotations

import asyncio
import email.utils
import errno
import random
import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from dive.errors import (
    ConfigError,
    LLMBadResponse,
    LLMError,
    LLMRateLimited,
    LLMRequestError,
    LLMTimeout,
    LLMUnavailable,
    MissingExtraError,
)
from dive.llm.hermes import split_reasoning, tool_calls_in_text
from dive.llm.limits import Endpoint, RetryPolicy, backoff_s
from dive.llm.types import Completion, Message, Settings, ToolCallRequest, Usage

__all__ = ["OpenAIModel"]


if TYPE_CHECKING:
    from dive.config import StageModel

_LOCAL_HOSTS = ("localhost", "127.0.0.1", "0.0.0.0", "[::1]")


def _is_local(url: str) -> bool:
    return any(f"//{host}" in url for host in _LOCAL_HOSTS)


def from_config(model: str, config: StageModel, endpoints: dict[tuple[str, int, float | None], Endpoint],
                environ: Mapping[str, str]) -> OpenAIModel:
    """The ``openai`` provider: ``openai:MODEL`` on any OpenAI-compatible endpoint, with the stage's settings."""
    name = f"openai:{model}"
    base_url = config.base_url or environ.get("OPENAI_BASE_URL") or None
    key = environ.get(config.api_key_env)
    if not key:
        if base_url is None or not _is_local(base_url) and "openai.com" in base_url:
            raise ConfigError(f"{name}: no API key; set ${config.api_key_env} (or llm.<stage>.api_key_env), "
                              "or point llm.<stage>.base_url (--base-url) at your own endpoint")
        key = "EMPTY"  # local servers (vLLM, Ollama) accept any key
    url = base_url or "https://api.openai.com/v1"
    limits = (url, config.concurrency, config.rpm)
    endpoint = endpoints.get(limits)
    if endpoint is None:
        endpoint = endpoints[limits] = Endpoint(url, concurrency=config.concurrency, rpm=config.rpm)
    return OpenAIModel(model, endpoint=endpoint, base_url=base_url, api_key=key, timeout_s=config.timeout_s,
                       retry=RetryPolicy(max_retries=config.max_retries))


class OpenAIModel:
    """A model behind an OpenAI-compatible endpoint."""

    def __init__(self, model: str, *, endpoint: Endpoint, base_url: str | None, api_key: str,
                 timeout_s: float = 120.0, retry: RetryPolicy | None = None, http_client: Any = None) -> None:
        self.name = f"openai:{model}"
        self.model = model
        self.endpoint = endpoint
        self.base_url = base_url
        self.timeout_s = timeout_s
        self.retry = retry or RetryPolicy()
        self._api_key = api_key
        self._http_client = http_client
        self._client: Any = None
        self._rng = random.Random(model)
        self.retries = 0
        """Retries made so far (all calls)."""

    def _sdk(self) -> Any:
        if self._client is None:
            try:
                import openai
            except ImportError as err:  # pragma: no cover - openai is a core dependency
                raise MissingExtraError("the openai provider needs the openai SDK: pip install 'openai>=3.50,<4'") from err
            kwargs: dict[str, Any] = {"api_key": self._api_key, "base_url": self.base_url, "max_retries": 0,
                                      "timeout": self.timeout_s}
            if self._http_client is not None:
                kwargs["http_client"] = self._http_client
            self._client = openai.AsyncOpenAI(**kwargs)
        return self._client

    async def aclose(self) -> None:
        """Close the HTTP client (on the loop that used it)."""
        if self._client is not None:
            await self._client.close()
            self._client = None

    async def probe(self) -> None:
        """One ``GET /models`` without retries: LLMUnavailable/LLMTimeout if the endpoint cannot be reached or
        answers 5xx, LLMRequestError for a refused key (a server without the route, 404, counts as up)."""
        import openai

        url = self.base_url or "https://api.openai.com/v1"
        try:
            await self._sdk().with_options(timeout=min(self.timeout_s, 10.0)).models.list()
        except openai.APITimeoutError as err:
            raise LLMTimeout(f"no answer from {url} within {min(self.timeout_s, 10.0):g} s") from err
        except openai.APIConnectionError as err:
            raise LLMUnavailable(f"cannot reach {url}: {_cause(err)}") from err
        except openai.APIStatusError as err:
            if err.status_code in (404, 405):
                return
            raise _translate_status(err) from err
        except (openai.APIError, ValueError, TypeError, KeyError):
            return  # it answered: not every compatible server lists its models in OpenAI's shape

    async def complete(self, messages: Sequence[Message], tools: Sequence[dict[str, Any]] | None,
                       settings: Settings) -> Completion:
        """One assistant turn, retried on rate limits, timeouts, server errors and empty answers."""
        request = self._request(messages, tools, settings)
        attempt = 0
        while True:
            attempt += 1
            try:
                async with self.endpoint:
                    response = await self._send(request)
                return self._completion(response, attempt)
            except LLMError as err:
                if not err.retryable or attempt > self.retry.max_retries:
                    raise type(err)(f"{self.name}: {err} (after {attempt} attempt{'s' * (attempt > 1)})",
                                    retry_after_s=err.retry_after_s, status=err.status, attempts=attempt) from err
                self.retries += 1
                await asyncio.sleep(backoff_s(self.retry, attempt, err.retry_after_s, self._rng))

    def _request(self, messages: Sequence[Message], tools: Sequence[dict[str, Any]] | None,
                 settings: Settings) -> dict[str, Any]:
        request: dict[str, Any] = {"model": self.model, "messages": list(messages),
                                   "temperature": settings.temperature, "max_tokens": settings.max_tokens}
        if tools:
            request["tools"] = list(tools)
            request["tool_choice"] = settings.tool_choice
            if not settings.parallel_tool_calls:
                request["parallel_tool_calls"] = False
        if settings.seed is not None:
            request["seed"] = settings.seed
        if settings.reasoning is not None:
            request["chat_template_kwargs"] = {"enable_thinking": settings.reasoning}
        return request

    async def _send(self, request: dict[str, Any]) -> Any:
        """POST the body as it is, with the bearer key as ``chat.completions.create`` sends it. ``create`` first walks
        the whole body against its typed parameters (5 ms for a toolset's schemas, held inside the endpoint's slot),
        which plain JSON data does not need: the server gets the same JSON either way (keys in another order)."""
        import openai
        from openai.types.chat import ChatCompletion

        try:
            return await self._sdk().post("/chat/completions", cast_to=ChatCompletion, body=request,
                                          options={"security": {"bearer_auth": True}})
        except openai.APITimeoutError as err:
            raise LLMTimeout(f"no answer from {self.base_url or 'api.openai.com'} within {self.timeout_s:g} s") from err
        except openai.APIConnectionError as err:
            raise LLMUnavailable(f"cannot reach {self.base_url or 'api.openai.com'}: {_cause(err)}") from err
        except openai.APIStatusError as err:
            raise _translate_status(err) from err
        except openai.APIError as err:  # e.g. APIResponseValidationError: answered, but not as specified
            raise LLMBadResponse(f"unreadable response: {err}") from err
        except (ValueError, TypeError, KeyError) as err:  # an unreadable body (invalid JSON, wrong shape)
            raise LLMBadResponse(f"unreadable response: {err}") from err

    def _completion(self, response: Any, attempt: int) -> Completion:
        if isinstance(response, str):  # the SDK hands back the text of a non-JSON content type
            raise LLMBadResponse(f"the response is not JSON: {response[:200]!r}")
        choices = getattr(response, "choices", None)
        if not choices:
            raise LLMBadResponse("the response has no choices")
        choice = choices[0]
        message = choice.message
        if message is None:
            raise LLMBadResponse("the first choice has no message")
        extra = getattr(message, "model_extra", None) or {}
        reasoning = extra.get("reasoning_content") or extra.get("reasoning")
        content, think = split_reasoning(message.content)
        reasoning = reasoning or think
        calls = tuple(
            ToolCallRequest(id=c.id or f"call_{i}", name=c.function.name or "", arguments=c.function.arguments or "")
            for i, c in enumerate(message.tool_calls or [])
            if getattr(c, "function", None) is not None
        )
        if not calls and content:
            content, calls = tool_calls_in_text(content)
        usage = response.usage
        details = getattr(usage, "completion_tokens_details", None) if usage else None
        return Completion(
            content=content,
            tool_calls=calls,
            reasoning=reasoning,
            finish_reason=choice.finish_reason or "stop",
            usage=Usage(
                prompt_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
                completion_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
                reasoning_tokens=int(getattr(details, "reasoning_tokens", 0) or 0),
            ),
            model=getattr(response, "model", "") or self.model,
            attempts=attempt,
        )


def _cause(err: BaseException) -> str:
    """The innermost reason of a connection error ("connection refused", "name or service not known")."""
    inner: BaseException = err
    while inner.__cause__ is not None or inner.__context__ is not None:
        inner = inner.__cause__ or inner.__context__  # type: ignore[assignment]
    if isinstance(inner, OSError) and inner.errno == errno.ECONNREFUSED:
        return "connection refused"
    text = str(inner) or type(inner).__name__
    for marker in ("Connection refused", "Name or service not known", "No route to host", "Temporary failure",
                   "nodename nor servname", "Network is unreachable", "timed out"):
        if marker.lower() in text.lower():
            return marker[0].lower() + marker[1:]
    return text[:200]


def _retry_after(headers: Any) -> float | None:
    """Seconds from ``retry-after-ms`` or ``Retry-After`` (seconds or an HTTP date), if sent."""
    if headers is None:
        return None
    ms = headers.get("retry-after-ms")
    if ms is not None:
        try:
            return float(ms) / 1000
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value) if value else None
        return max(0.0, parsed.timestamp() - time.time()) if parsed else None


def _translate_status(err: Any) -> LLMError:
    status = int(getattr(err, "status_code", 0) or 0)
    after = _retry_after(getattr(getattr(err, "response", None), "headers", None))
    detail = str(getattr(err, "message", "") or err)[:300]
    if status == 429:
        return LLMRateLimited(f"rate limited (429): {detail}", retry_after_s=after, status=status)
    if status >= 500 or status in (408, 409):
        return LLMUnavailable(f"server error ({status}): {detail}", retry_after_s=after, status=status)
    hint = {401: "check the API key (api_key_env)", 403: "check the API key's permissions",
            404: "check the model name and the base URL (it usually ends in /v1)"}.get(status, "fix the request")
    return LLMRequestError(f"request refused ({status}): {detail}; {hint}", status=status)
