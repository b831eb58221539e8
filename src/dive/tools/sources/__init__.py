"""Tools a user brings: Python modules and classes, as packs with inferred types, lexicon and state.

    packs = load_sources(config.tools)            # one ImportedPack per tools.modules entry
    reset = reset_all(packs)                      # None when no source has state

See ``docs/own-tools.md``.
"""

from __future__ import annotations

from collections.abc import Sequence

from dive.config import ToolsConfig
from dive.tools.execution import Limits
from dive.tools.sources.imported import ImportedPack, State, Vocab, harvest, imported_pack, load_vocab
from dive.tools.sources.modules import class_pack, module_pack, objects_pack, reset_all

__all__ = ["ImportedPack", "State", "Vocab", "class_pack", "harvest", "imported_pack", "load_sources", "load_vocab",
           "module_pack", "objects_pack", "reset_all"]


def load_sources(tools: ToolsConfig, limits: Limits | None = None) -> list[ImportedPack]:
    """The packs of every source the config names (``tools.modules``), seeds harvested from the starting state."""
    packs: list[ImportedPack] = []
    for i, src in enumerate(tools.modules):
        vocab = load_vocab(src.vocab, f"tools.modules[{i}]")
        packs.append(harvest(module_pack(src.module, name=src.name, prefix=src.prefix, vocab=vocab), limits))
    return packs


def harvested(packs: Sequence[ImportedPack], limits: Limits | None = None) -> list[ImportedPack]:
    """``packs`` with seeds harvested from their no-argument read tools."""
    return [harvest(p, limits) for p in packs]
