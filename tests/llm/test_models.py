"""Model names, the ledger, the loop thread and the scripted provider, driven by ScriptedLLM."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator

import pytest

from dive.config import LLMConfig, StageModel
from dive.errors import ConfigError, LLMBadResponse, LLMRateLimited
from dive.llm import Completion, Models, ScriptedLLM, Settings, ToolCallRequest, Usage, resolve
from dive.llm.models import call_seed
from dive.llm.runner import LoopThread

LOCAL = "http://localhost:8000/v1"


@pytest.fixture
def models_for() -> Iterator:
    made: list[Models] = []

    def build(config: LLMConfig, **instances: ScriptedLLM) -> Models:
        models = Models(config, instances=instances, environ={})
        made.append(models)
        return models

    yield build
    for models in made:
        models.close()


# -- resolve ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Qwen3-8B", "openai:"])
def test_resolve_needs_provider_and_model(name: str) -> None:
    with pytest.raises(ConfigError, match="must look like provider:model") as err:
        resolve(name, StageModel(), {}, environ={})
    assert str(err.value).startswith(f"model {name!r} must look like provider:model, e.g. openai:Qwen/Qwen3-8B")
    with pytest.raises(ConfigError, match="unknown provider ''"):
        resolve(":model", StageModel(), {}, environ={})


def test_resolve_unknown_provider_lists_the_known_ones() -> None:
    with pytest.raises(ConfigError) as err:
        resolve("anthropic:claude", StageModel(), {}, environ={})
    assert str(err.value) == ("model 'anthropic:claude': unknown provider 'anthropic'; known: openai, local, scripted "
                              "(a third-party one registers under the entry-point group 'dive.providers')")


def test_scripted_models_are_only_built_in_code(models_for) -> None:  # noqa: ANN001
    with pytest.raises(ConfigError, match="scripted models are built in code"):
        resolve("scripted:x", StageModel(), {}, environ={})
    models = models_for(LLMConfig(deriver=StageModel(model="scripted:x")))  # no instance for that name
    with pytest.raises(ConfigError, match="scripted:x: scripted models are built in code"):
        models.stage("deriver")


def test_openai_without_key_or_base_url_names_the_env_var() -> None:
    with pytest.raises(ConfigError) as err:
        resolve("openai:gpt-4o-mini", StageModel(), {}, environ={})
    assert "$OPENAI_API_KEY" in str(err.value) and "base_url" in str(err.value)
    with pytest.raises(ConfigError, match=r"\$MY_TEAM_KEY"):
        resolve("openai:gpt-4o-mini", StageModel(api_key_env="MY_TEAM_KEY"), {}, environ={"OPENAI_API_KEY": "sk-x"})
    with pytest.raises(ConfigError, match=r"\$OPENAI_API_KEY"):  # OpenAI's own endpoint always needs a key
        resolve("openai:gpt-4o-mini", StageModel(base_url="https://api.openai.com/v1"), {}, environ={})


def test_openai_local_base_url_needs_no_key() -> None:
    endpoints: dict = {}
    llm = resolve("openai:Qwen/Qwen3-8B", StageModel(base_url=LOCAL), endpoints, environ={})
    assert llm.name == "openai:Qwen/Qwen3-8B" and llm.model == "Qwen/Qwen3-8B"
    assert llm._api_key == "EMPTY" and llm.base_url == LOCAL
    assert list(endpoints) == [(LOCAL, 8, None)] and llm.endpoint is endpoints[LOCAL, 8, None]
    # The key comes from the configured variable when it is set; the base URL from $OPENAI_BASE_URL.
    keyed = resolve("openai:m", StageModel(api_key_env="K"), {}, environ={"K": "sk-1", "OPENAI_BASE_URL": LOCAL})
    assert keyed._api_key == "sk-1" and keyed.base_url == LOCAL


def test_stages_share_an_endpoint_only_with_the_same_url_and_limits(models_for) -> None:  # noqa: ANN001
    config = LLMConfig(
        explorer=StageModel(model="openai:a", base_url=LOCAL, concurrency=3, rpm=120),
        deriver=StageModel(model="openai:b", base_url=LOCAL, concurrency=3, rpm=120),
        solver=StageModel(model="openai:a", base_url=LOCAL, concurrency=3, rpm=120),
        judge=StageModel(model="openai:c", base_url="http://127.0.0.1:9000/v1"),
    )
    models = models_for(config)
    explorer, deriver, solver, judge = (models.stage(s) for s in ("explorer", "deriver", "solver", "judge"))
    assert explorer.llm is not deriver.llm  # different models ...
    assert explorer.llm.endpoint is deriver.llm.endpoint  # ... one endpoint: same URL, same limits
    assert explorer.llm.endpoint.concurrency == 3 and explorer.llm.endpoint.rpm == 120
    assert solver.llm is explorer.llm  # same model, URL and settings: one client
    assert judge.llm.endpoint is not explorer.llm.endpoint
    assert sorted(models.endpoints) == [("http://127.0.0.1:9000/v1", 8, None), (LOCAL, 3, 120)]
    assert models.stage("explorer") is explorer


def test_each_stage_keeps_its_own_timeout_retries_and_limits(models_for) -> None:  # noqa: ANN001
    """The review's case: the same model and URL for two stages; the solver's settings must not be the explorer's."""
    config = LLMConfig(
        explorer=StageModel(model="openai:m", base_url=LOCAL, timeout_s=10, max_retries=0, concurrency=2),
        solver=StageModel(model="openai:m", base_url=LOCAL, timeout_s=600, max_retries=8, concurrency=32, rpm=600),
    )
    models = models_for(config)
    explorer, solver = models.stage("explorer"), models.stage("solver")
    assert (explorer.llm.timeout_s, explorer.llm.retry.max_retries) == (10, 0)
    assert (solver.llm.timeout_s, solver.llm.retry.max_retries) == (600, 8)
    assert (explorer.llm.endpoint.concurrency, explorer.llm.endpoint.rpm) == (2, None)
    assert (solver.llm.endpoint.concurrency, solver.llm.endpoint.rpm) == (32, 600)


def test_every_call_gets_its_own_seed(models_for) -> None:  # noqa: ANN001
    """k attempts at one prompt must not sample the same tokens (the local model seeds with settings.seed)."""
    llm = ScriptedLLM(["a", "b", "c", "d"], name="scripted:x")
    models = models_for(LLMConfig(solver=StageModel(model="scripted:x")), **{"scripted:x": llm})
    stage = models.stage("solver")
    models.ledger.begin(3)
    for _ in range(3):
        stage.complete([{"role": "user", "content": "same prompt"}])
    seeds = [settings.seed for _, _, settings in llm.requests]
    assert None not in seeds and len(set(seeds)) == 3
    again = models_for(LLMConfig(solver=StageModel(model="scripted:x")),
                       **{"scripted:x": ScriptedLLM(["a", "b", "c"], name="scripted:x")})
    again.ledger.begin(3)
    for _ in range(3):
        again.stage("solver").complete([{"role": "user", "content": "same prompt"}])
    assert [s.seed for _, _, s in again.instances["scripted:x"].requests] == seeds  # reproducible


def test_a_stage_without_a_model_is_a_config_error(models_for) -> None:  # noqa: ANN001
    models = models_for(LLMConfig())
    assert not models.configured("judge")
    with pytest.raises(ConfigError, match=r"set llm\.judge\.model \(or --judge PROVIDER:MODEL\)"):
        models.stage("judge")


# -- the ledger ---------------------------------------------------------------------------


def test_ledger_records_calls_with_tokens_cost_and_rejections(models_for) -> None:  # noqa: ANN001
    llm = ScriptedLLM([
        Completion(content="ok", usage=Usage(prompt_tokens=1000, completion_tokens=250)),
        Completion(tool_calls=(ToolCallRequest("k1", "add_numbers", '{"a": 2, "b": 3}'),),
                   usage=Usage(prompt_tokens=3_000_000, completion_tokens=1)),
        "same answer",
        "same answer",
    ], name="scripted:x")
    config = LLMConfig(deriver=StageModel(model="scripted:x", price_in=2.0, price_out=8.0, temperature=0.25))
    models = models_for(config, **{"scripted:x": llm})
    stage = models.stage("deriver")
    models.ledger.begin(7)
    hello = [{"role": "user", "content": "hello there"}]
    first, draft = stage.complete(hello, round=2)
    assert first.content == "ok" and draft.seq == 0
    schema = {"type": "function", "function": {"name": "add_numbers", "parameters": {}}}
    stage.complete(hello, [schema], task_id="t1")
    models.ledger.reject(draft, "unusable task: the output is not one JSON object")
    models.ledger.reject(draft, "second reason")
    stage.complete(hello)
    stage.complete(hello)
    calls = models.ledger.drain()
    assert models.ledger.drain() == []
    assert [c.seq for c in calls] == [0, 1, 2, 3]
    assert all(c.item == 7 and c.stage == "deriver" and c.model == "scripted:x" for c in calls)
    one, two, three, four = calls
    assert one.round == 2 and one.task_id is None and two.task_id == "t1" and two.round is None
    assert one.error == "unusable task: the output is not one JSON object; second reason"
    assert one.output == {"role": "assistant", "content": "ok"}
    assert (one.prompt_tokens, one.completion_tokens) == (1000, 250)
    assert one.cost_usd == pytest.approx((1000 * 2.0 + 250 * 8.0) / 1e6) == pytest.approx(0.004)
    assert two.cost_usd == pytest.approx((3_000_000 * 2.0 + 1 * 8.0) / 1e6) == pytest.approx(6.000008)
    assert two.tools == ("add_numbers",) and one.tools == ()
    assert two.output["tool_calls"] == [{"id": "k1", "type": "function",
                                         "function": {"name": "add_numbers", "arguments": '{"a": 2, "b": 3}'}}]
    assert one.settings == {"temperature": 0.25, "max_tokens": 2048, "tool_choice": "auto",
                            "parallel_tool_calls": True, "seed": call_seed(0, 7, "deriver", 0)}
    assert list(one.messages) == hello
    # Word-count usage of the scripted provider: "hello there" is 2 prompt words, "same answer" 2 output words.
    assert (three.prompt_tokens, three.completion_tokens) == (2, 2)
    assert three.cost_usd == pytest.approx((2 * 2.0 + 2 * 8.0) / 1e6)
    # Identical calls stay distinct records.
    assert three.output == four.output and three.id != four.id
    assert three.latency_ms is not None and three.latency_ms >= 0


def test_provider_errors_are_recorded_and_reraised(models_for) -> None:  # noqa: ANN001
    llm = ScriptedLLM(["fine", LLMRateLimited("429: slow down")], name="scripted:x")
    models = models_for(LLMConfig(solver=StageModel(model="scripted:x")), **{"scripted:x": llm})
    stage = models.stage("solver")
    stage.complete([{"role": "user", "content": "a"}])
    with pytest.raises(LLMRateLimited, match="slow down"):
        stage.complete([{"role": "user", "content": "b"}], task_id="t9")
    ok, failed = models.ledger.drain()
    assert ok.error is None and ok.output is not None
    assert failed.output is None and failed.error == "429: slow down" and failed.task_id == "t9"
    assert (failed.prompt_tokens, failed.completion_tokens, failed.cost_usd) == (0, 0, 0.0)
    assert failed.messages == ({"role": "user", "content": "b"},)


def test_gather_runs_coroutines_on_the_loop(models_for) -> None:  # noqa: ANN001
    llm = ScriptedLLM(lambda messages, tools: f"echo {messages[-1]['content']}", name="scripted:x")
    models = models_for(LLMConfig(solver=StageModel(model="scripted:x")), **{"scripted:x": llm})
    stage = models.stage("solver")
    results = stage.gather([stage.acomplete([{"role": "user", "content": str(i)}]) for i in range(4)])
    assert sorted(c.content for c, _ in results) == ["echo 0", "echo 1", "echo 2", "echo 3"]
    assert [c.seq for c in models.ledger.drain()] == [0, 1, 2, 3]


# -- the loop thread ----------------------------------------------------------------------


def test_loop_thread_runs_closes_and_refuses_reentry() -> None:
    loop = LoopThread()

    async def add(a: int, b: int) -> int:
        await asyncio.sleep(0)
        return a + b

    async def where() -> threading.Thread:
        return threading.current_thread()

    async def fail() -> None:
        raise ValueError("inside the loop")

    async def nested() -> int:
        return loop.run(add(1, 1))

    assert loop.run(add(2, 3)) == 5
    thread = loop.run(where())
    assert thread is not threading.current_thread() and thread.name == "dive-llm-loop" and thread.is_alive()
    with pytest.raises(ValueError, match="inside the loop"):
        loop.run(fail())
    with pytest.raises(RuntimeError, match="called from its own loop"):
        loop.run(nested())
    assert loop.run(add(4, 4)) == 8  # still usable after both errors
    loop.close()
    assert not thread.is_alive()
    loop.close()  # closing twice is fine
    with LoopThread() as again:
        assert again.run(add(1, 2)) == 3
        second = again.run(where())
    assert not second.is_alive()


# -- the scripted provider ----------------------------------------------------------------


def _complete(llm: ScriptedLLM, content: str = "one two three", tools: list | None = None) -> Completion:
    return asyncio.run(llm.complete([{"role": "user", "content": content}], tools, Settings()))


def test_scripted_list_runs_out_with_the_count() -> None:
    llm = ScriptedLLM(["a", "b"], name="scripted:short")
    assert [_complete(llm).content for _ in range(2)] == ["a", "b"]
    with pytest.raises(LLMBadResponse) as err:
        _complete(llm)
    assert str(err.value) == "scripted:short: the script has only 2 outputs"
    assert len(llm.requests) == 3


def test_scripted_outputs_functions_exceptions_and_usage() -> None:
    call = ToolCallRequest("c1", "add_numbers", '{"a": 2, "b": 3}')
    llm = ScriptedLLM([Completion(content="sum it", tool_calls=(call,)), LLMRateLimited("busy"),
                       Completion(content="x", usage=Usage(prompt_tokens=11, completion_tokens=5), model="other")])
    first = _complete(llm, "please add two and three", tools=[{"type": "function", "function": {"name": "add_numbers"}}])
    assert first.tool_calls == (call,) and first.model == "scripted:model"
    # 5 prompt words; "sum it" is 2 words and the arguments '{"a": 2, "b": 3}' are 4 whitespace-separated words.
    assert first.usage == Usage(prompt_tokens=5, completion_tokens=6)
    assert first.message() == {"role": "assistant", "content": "sum it", "tool_calls": [call.to_openai()]}
    with pytest.raises(LLMRateLimited, match="busy"):
        _complete(llm)
    given = _complete(llm)
    assert given.usage == Usage(prompt_tokens=11, completion_tokens=5) and given.model == "other"
    messages, tools, settings = llm.requests[0]
    assert messages == [{"role": "user", "content": "please add two and three"}]
    assert tools == [{"type": "function", "function": {"name": "add_numbers"}}] and settings == Settings()
    assert llm.requests[1][1] is None

    seen: list[int] = []

    def script(messages, tools):  # noqa: ANN001, ANN202
        seen.append(len(messages))
        return LLMBadResponse("empty") if len(messages) > 1 else f"got {len(messages)}"

    fn = ScriptedLLM(script, name="scripted:fn")
    assert _complete(fn).content == "got 1" and _complete(fn).model == "scripted:fn"
    with pytest.raises(LLMBadResponse, match="empty"):
        asyncio.run(fn.complete([{"role": "user", "content": "a"}, {"role": "user", "content": "b"}], None,
                                Settings()))
    assert seen == [1, 1, 2]
