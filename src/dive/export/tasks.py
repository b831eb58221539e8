"""``tasks``: one line per kept task with query, answer spec, provenance, toolset, seed and the full trace
(and the solver's ``pass_rate`` when the solver check ran)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from dive.export.base import VOLATILE, JsonLines, kept_tasks
from dive.records import Verdict
from dive.store import RunStore

__all__ = ["Tasks", "pass_rate"]


def pass_rate(store: RunStore, task_id: str) -> float | None:
    """The solver's pass rate of a task, when the solver check ran."""
    for verdict_id, (check,) in store.peek(Verdict, ("check",), where_parent=task_id):
        rate = store.get(Verdict, verdict_id).details.get("pass_rate") if check == "solver" else None
        if isinstance(rate, int | float):
            return float(rate)
    return None


class Tasks(JsonLines):
    name: ClassVar[str] = "tasks"

    def lines(self, store: RunStore) -> Iterator[dict[str, Any]]:
        for item, task, trace in kept_tasks(store):
            line: dict[str, Any] = {"id": task.id, "item": item.item, "round": task.round,
                                    "parent_task_id": task.parent_task_id, "template": task.template,
                                    "query": task.query, "answer": task.answer.model_dump(mode="json"),
                                    "provenance": task.provenance.model_dump(mode="json"),
                                    "toolset": list(task.toolset), "seed": item.seed.model_dump(mode="json"),
                                    "trace": trace.model_dump(mode="json", exclude=VOLATILE)}
            rate = pass_rate(store, task.id)
            if rate is not None:
                line["pass_rate"] = rate
            if task.state is not None:  # tools with state: reset to this starting state before solving
                line["state"] = task.state
            yield line
