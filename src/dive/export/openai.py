"""``openai``: each kept task's gold trajectory as ``{"id", "messages": [...], "tools": [...]}``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from dive.export.base import JsonLines, kept
from dive.records import Trajectory
from dive.store import RunStore
from dive.trajectories import trajectory_to_openai

__all__ = ["OpenAI"]


class OpenAI(JsonLines):
    name: ClassVar[str] = "openai"

    def lines(self, store: RunStore) -> Iterator[dict[str, Any]]:
        for _, task in kept(store):
            gold = [i for i, (source,) in store.peek(Trajectory, ("source",), where_parent=task.id) if source == "gold"]
            if gold:
                yield {"id": task.id, **trajectory_to_openai(store.get(Trajectory, gold[0]))}
