"""``dive serve mcp``: the tool pool (or one run's toolset) as an MCP server, over stdio or streamable HTTP.

    dive serve mcp --config run.yaml                 # stdio: for an agent or harness that starts it
    dive serve mcp --run runs/demo --http --port 8765

Any agent or harness then uses exactly the tools the tasks were made with. Each tool is listed with
its description and input schema (``x-`` keys removed, as a model sees it) and annotations from its
kind (``A``: not read-only); a call runs through the same execution limits as a run, and its output
is the call's ``structuredContent`` (JSON text beside it), or ``isError`` with the message a model
would see. Needs ``pip install "dive-tasks[mcp]"``.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from typing import Any

from dive.config import RunConfig, load_config
from dive.errors import ConfigError, MissingExtraError
from dive.records import RunManifest
from dive.store import RunStore
from dive.tools.execution import Limits
from dive.tools.registry import PACKS, load_pool, pack_installed
from dive.tools.sources import load_sources
from dive.tools.tool import Tool
from dive.tools.toolset import FunctionToolset

__all__ = ["cmd_serve_mcp", "mcp_server", "served_toolset"]


def served_toolset(config: RunConfig, names: Sequence[str] | None = None) -> FunctionToolset:
    """The run config's pool (its packs and its own tools), or only the tools ``names``."""
    limits = Limits(timeout_s=config.tools.timeout_s, max_output_bytes=config.tools.max_output_bytes)
    packs = tuple(config.tools.packs) or tuple(p for p in PACKS if pack_installed(p))
    tools = [*load_pool(packs, limits=limits).list_tools(),
             *(t for p in load_sources(config.tools, limits) for t in p.tools())]
    pool = FunctionToolset(tools, limits)
    return pool.subset(names) if names is not None else pool


def mcp_server(toolset: FunctionToolset, name: str = "dive-tasks") -> Any:
    """A low-level ``mcp`` server that lists and calls the tools of ``toolset``."""
    try:
        import anyio
        from mcp import types
        from mcp.server import Server
    except ImportError:
        raise MissingExtraError('dive serve mcp needs the mcp SDK; run: pip install "dive-tasks[mcp]"') from None

    def listed(tool: Tool) -> Any:
        schema = tool.openai_schema()["function"]["parameters"]
        return types.Tool(name=tool.name, description=tool.description, input_schema=schema,
                          annotations=types.ToolAnnotations(read_only_hint=tool.kind != "A",
                                                            idempotent_hint=tool.deterministic))

    async def list_tools(ctx: Any, params: Any) -> Any:
        return types.ListToolsResult(tools=[listed(t) for t in toolset.list_tools()])

    async def call_tool(ctx: Any, params: Any) -> Any:
        obs = await anyio.to_thread.run_sync(lambda: toolset.call(params.name, dict(params.arguments or {})))
        if not obs.ok:
            return types.CallToolResult(content=[types.TextContent(type="text", text=obs.error or "")], is_error=True)
        text = json.dumps(obs.output, ensure_ascii=False)
        structured = obs.output if isinstance(obs.output, dict) else {"result": obs.output}
        return types.CallToolResult(content=[types.TextContent(type="text", text=text)],
                                    structured_content=structured)

    return Server(name, on_list_tools=list_tools, on_call_tool=call_tool)


def _toolset(args: argparse.Namespace) -> FunctionToolset:
    if args.run:
        with RunStore.open(args.run, readonly=True) as store:
            manifests = list(store.iter(RunManifest))
        if not manifests:
            raise ConfigError(f"{args.run} holds no run (no manifest); give --config instead")
        manifest = manifests[-1]
        return served_toolset(load_config(base=manifest.config), sorted(manifest.tool_hashes))
    return served_toolset(load_config(args.config) if args.config else load_config())


def cmd_serve_mcp(args: argparse.Namespace) -> int:
    import anyio

    server = mcp_server(_toolset(args))
    if args.http:
        import uvicorn

        app = server.streamable_http_app(host=args.host)
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
        return 0
    from mcp.server.stdio import stdio_server

    async def serve() -> None:
        async with stdio_server() as (read, write):
            await server.run(read, write, server.create_initialization_options())

    anyio.run(serve)
    return 0
