"""Tools a user brings: Python modules and classes, as packs with inferred types, lexicon and state.

    packs = load_sources(config.tools)            # one ImportedPack per tools.modules entry
    reset = reset_all(packs)                      # None when no source has state

See ``docs/own-tools.md``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from dive.config import ToolsConfig
from dive.tools.execution import Limits
from dive.tools.sources.imported import ImportedPack, State, Vocab, harvest, imported_pack, load_vocab
from dive.tools.sources.modules import class_pack, module_pack, objects_pack, reset_all
from dive.tools.sources.openapi import openapi_pack

__all__ = ["ImportedPack", "State", "Vocab", "class_pack", "close_sources", "harvest", "imported_pack", "load_sources",
           "load_vocab", "module_pack", "objects_pack", "reset_all"]


def load_sources(tools: ToolsConfig, limits: Limits | None = None) -> list[ImportedPack]:
    """The packs of every source the config names (``tools.modules``, ``tools.mcp``, ``tools.openapi``), seeds
    harvested from the starting state. MCP sessions stay open until :func:`close_sources` (or the process ends)."""
    packs: list[ImportedPack] = []
    for i, src in enumerate(tools.modules):
        vocab = load_vocab(src.vocab, f"tools.modules[{i}]")
        packs.append(harvest(module_pack(src.module, name=src.name, prefix=src.prefix, vocab=vocab), limits))
    for i, server in enumerate(tools.mcp):
        from dive.tools.sources.mcp import mcp_pack  # the mcp SDK only when a run names a server

        vocab = load_vocab(server.vocab, f"tools.mcp[{i}]")
        target: Any = server.url
        if server.command is not None:
            from mcp import StdioServerParameters

            target = StdioServerParameters(command=server.command, args=list(server.args),
                                           env={**os.environ, **server.env} if server.env else None)
        packs.append(harvest(mcp_pack(server.name, target, prefix=server.prefix, vocab=vocab,
                                      reset_tool=server.reset_tool, timeout_s=tools.timeout_s), limits))
    for i, service in enumerate(tools.openapi):
        vocab = load_vocab(service.vocab, f"tools.openapi[{i}]")
        packs.append(harvest(openapi_pack(service.name, service.spec, service.base_url, prefix=service.prefix,
                                          vocab=vocab, reset=service.reset, timeout_s=tools.timeout_s), limits))
    return packs


def close_sources(packs: Sequence[Any]) -> None:
    """Close what imported sources hold open (MCP sessions and server processes)."""
    for pack in packs:
        close = getattr(pack, "close", None)
        if isinstance(pack, ImportedPack) and close is not None:
            close()
