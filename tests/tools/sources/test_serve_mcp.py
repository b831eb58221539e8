"""``dive serve mcp``, through the mcp client: the listed tools are the pool's, and a call gives what the pool gives."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("mcp")

from mcp import Client, StdioServerParameters  # noqa: E402
from test_mcp_sources import _free_port, serving  # noqa: E402

from dive.cli import main  # noqa: E402
from dive.commands.serve import served_toolset  # noqa: E402
from dive.config import load_config  # noqa: E402

HERE = Path(__file__).parent
SRC = Path(__file__).parents[3] / "src"


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "run.yaml"
    path.write_text(f"tools:\n  packs: [core]\n  modules:\n    - {{module: 'social_net:Network', "
                    f"vocab: '{HERE / 'social_net.yaml'}'}}\n")
    return path


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), str(HERE), os.environ.get("PYTHONPATH", "")])}


async def _session(target: Any) -> tuple[list[str], Any, Any, Any]:
    async with Client(target) as client:
        listed = [t.name for t in (await client.list_tools()).tools]
        profile = await client.call_tool("get_profile", {"username": "dana"})
        convert = await client.call_tool("convert_units", {"value": 3, "from_unit": "km", "to_unit": "mi"})
        bad = await client.call_tool("get_profile", {"username": "nobody"})
        return listed, profile, convert, bad


def _check(config: Path, result: tuple[list[str], Any, Any, Any], capsys: pytest.CaptureFixture[str]) -> None:
    listed, profile, convert, bad = result
    assert main(["tools", "list", "--config", str(config), "--json"]) == 0
    assert listed == [t["name"] for t in json.loads(capsys.readouterr().out)]  # the same tools as dive tools list
    pool = served_toolset(load_config(config))
    assert profile.structured_content == pool.call("get_profile", {"username": "dana"}).output
    assert json.loads(profile.content[0].text) == profile.structured_content
    expected = pool.call("convert_units", {"value": 3, "from_unit": "km", "to_unit": "mi"}).output
    assert convert.structured_content == (expected if isinstance(expected, dict) else {"result": expected})
    assert bad.is_error and "no user 'nobody'" in bad.content[0].text


def test_stdio(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    params = StdioServerParameters(command=sys.executable, args=["-m", "dive.cli", "serve", "mcp", "--config",
                                                                 str(config)], env=_env())
    _check(config, asyncio.run(_session(params)), capsys)


@pytest.fixture
def http_server(config: Path) -> Iterator[str]:
    port = _free_port()
    command = [sys.executable, "-m", "dive.cli", "serve", "mcp", "--config", str(config), "--http", "--port", str(port)]
    with serving(command, port, _env()) as url:
        yield url


def test_streamable_http(config: Path, http_server: str, capsys: pytest.CaptureFixture[str]) -> None:
    _check(config, asyncio.run(_session(http_server)), capsys)
