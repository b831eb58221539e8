"""``sft``: the solver model's correct attempts at kept tasks (rejection sampling), one line each,
in the ``openai`` format plus ``source`` (the model)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from dive.export.base import JsonLines, kept
from dive.records import Trajectory
from dive.store import RunStore
from dive.trajectories import trajectory_to_openai

__all__ = ["SFT"]


class SFT(JsonLines):
    name: ClassVar[str] = "sft"

    def lines(self, store: RunStore) -> Iterator[dict[str, Any]]:
        for _, task in kept(store):
            for traj in store.iter(Trajectory, where_parent=task.id):
                if traj.source != "gold":
                    yield {"id": task.id, "source": traj.source, **trajectory_to_openai(traj)}
