"""Evidence collection: explorers that execute real tools and record a trace."""

from __future__ import annotations

from dive.exploration.typed_walk import TypedWalk
from dive.facts import SEED_CALL, Fact, facts_of
from dive.stages import Explorer

__all__ = ["SEED_CALL", "Explorer", "Fact", "TypedWalk", "facts_of"]
