"""Own tools from an OpenAPI service: a stateful library service the test starts (library_service.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from library_service import SPEC, serve
from test_mcp_sources import _kept

import dive
from dive.config import load_config
from dive.errors import ConfigError
from dive.pipeline.run import run_context
from dive.tools.execution import execute
from dive.tools.sources import load_sources
from dive.tools.sources.state import replay_gold

VOCAB = Path(__file__).with_name("library_openapi_vocab.yaml")


@pytest.fixture
def service() -> Iterator[str]:
    url, server = serve()
    try:
        yield f"{{name: library, spec: '{SPEC}', base_url: '{url}', vocab: '{VOCAB}', reset: POST /reset}}"
    finally:
        server.shutdown()


def test_operations_become_tools(service: str) -> None:
    (library,) = load_sources(load_config(overrides=[f"tools.openapi=[{service}]"]).tools)
    tools = {t.name: t for t in library.tools()}
    assert set(tools) == {"list_books", "get_book", "shelf_info", "lend_book", "return_book"}  # not reset
    assert {n for n, t in tools.items() if t.kind == "A"} == {"lend_book", "return_book"}
    assert tools["get_book"].param_sem == {"title": "book_title"}  # x-dive-sem
    assert tools["get_book"].output_schema["properties"]["pages"] == {"type": "integer"}  # $ref resolved
    assert tools["lend_book"].parameters["required"] == ["book", "reader"]  # the request body's properties
    assert tools["shelf_info"].fn(shelf="classics")["available_count"] == 1
    tools["return_book"].fn(book="emma")
    assert tools["shelf_info"].fn(shelf="classics")["available_count"] == 2
    assert library.state is not None
    library.state.reset()
    assert tools["shelf_info"].fn(shelf="classics")["available_count"] == 1
    failed = execute(tools["get_book"], {"title": "nope"}, call_id="x")
    assert not failed.ok and "HTTP 404" in (failed.error or "")
    assert {s.value for s in library.seeds()} >= {"dune", "emma"}  # from list_books, which takes no argument


def test_run_over_a_stateful_service_replays_from_the_starting_state_and_repeats(service: str, tmp_path: Path) -> None:
    config = load_config(tasks=15, seed=4, overrides=["tools.packs=[core]", "tools.toolset_min=4",
                                                      "tools.toolset_max=10", f"tools.openapi=[{service}]"])
    assert dive.run(config, tmp_path / "a").kept >= 15
    kept = _kept(tmp_path / "a")
    library = {"get_book", "shelf_info"}
    assert any(library & {c.tool for c in trace.calls} for _, trace, _ in kept)
    ctx = run_context(config)
    assert [replay_gold(t, tr, g, ctx.pool, ctx.reset) for t, tr, g in kept] == [None] * len(kept)
    dive.run(config, tmp_path / "b")
    assert [t.id for t, _, _ in _kept(tmp_path / "b")] == [t.id for t, _, _ in kept]


def test_reset_must_be_a_method_and_a_path(service: str) -> None:
    with pytest.raises(ConfigError, match="METHOD /path"):
        load_sources(load_config(overrides=[f"tools.openapi=[{service.replace('POST /reset', 'reset')}]"]).tools)
