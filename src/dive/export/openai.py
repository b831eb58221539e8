"""``openai``: each kept task's gold trajectory as ``{"id", "messages": [...], "tools": [...]}``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from dive.export.base import JsonLines, kept_tasks
from dive.records import Trajectory
from dive.store import RunStore
from dive.trajectories import trajectory_to_openai

__all__ = ["OpenAI"]


class OpenAI(JsonLines):
    name: ClassVar[str] = "openai"

    def lines(self, store: RunStore) -> Iterator[dict[str, Any]]:
        for _, task, _ in kept_tasks(store):
            gold = [t for t in store.iter(Trajectory, where_parent=task.id) if t.source == "gold"]
            if gold:
                yield {"id": task.id, **trajectory_to_openai(gold[0])}
