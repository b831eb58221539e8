"""Items as Ray tasks (``dive run --backend ray``): one actor per worker, on a cluster or a local Ray.

    transport = RayActors(ctx, Recipe(config), workers=None, address="ray://head:10001")
    with Workers(ctx, transport) as workers:   # the driver commits in item order, as with local workers
        ...

Each actor builds the run's context from the same recipe (config, models and components given
in code, the tool memory limit), so every node needs dive-tasks and the packs the run uses
installed. The driver sends an actor one item at a time with the tasks committed since its last
item (:func:`dive.pipeline.workers.work`), and reconciles and commits in item order, so the
output is the same as with local workers. Ray is imported here only (extra ``dive-tasks[ray]``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dive.config import RunConfig
from dive.errors import ConfigError, LLMOutage
from dive.pipeline.build import Components
from dive.pipeline.item import ItemOutput, RunContext
from dive.pipeline.workers import failed_item, work
from dive.records import Task

__all__ = ["RayActors", "Recipe"]


@dataclass(frozen=True)
class Recipe:
    """What an actor builds its run context from."""

    config: RunConfig
    llms: Mapping[str, Any] | None = None
    components: Components | None = None
    tool_memory_mb: int | None = 4096

    def context(self) -> RunContext:
        from dive.pipeline.run import run_context
        from dive.tools.isolation import ToolHost

        return run_context(self.config, self.llms, self.components, ToolHost(memory_mb=self.tool_memory_mb))


class _ItemActor:
    """A Ray actor holding one run context; ``work`` runs one item."""

    def __init__(self, recipe: Recipe) -> None:
        self.ctx = recipe.context()

    def work(self, item: int, committed: Sequence[Task]) -> tuple[str, Any]:
        return work(self.ctx, item, committed)


def _ray() -> Any:
    try:
        import ray
    except ImportError:
        raise ConfigError("--backend ray needs Ray: pip install 'dive-tasks[ray]'") from None
    return ray


class RayActors:
    """``workers`` Ray actors (None: one per CPU of the cluster) on the cluster at ``address`` (None: a local one,
    or the Ray this process already started)."""

    depth = 1
    """One item an actor at a time."""

    def __init__(self, ctx: RunContext, recipe: Recipe, workers: int | None = None, address: str | None = None) -> None:
        ray = self._ray = _ray()
        self._started = not ray.is_initialized()
        if self._started:
            ray.init(address=address, include_dashboard=False, log_to_driver=False,
                     configure_logging=False)
        self.ctx = ctx
        cpus = max(1.0, float(ray.cluster_resources().get("CPU", 1)))
        self.size = workers or int(cpus)
        # One CPU an actor, or a share of them when there are more actors than CPUs (an LLM-bound run): an actor
        # that asked for more than the cluster has would never start.
        self._actor = ray.remote(num_cpus=min(1.0, cpus / self.size))(_ItemActor)
        self._recipe = ray.put(recipe)
        self._actors = [self._actor.remote(self._recipe) for _ in range(self.size)]
        self._pending: dict[Any, int] = {}

    def submit(self, worker: int, item: int, committed: Sequence[Task]) -> None:
        ref = self._actors[worker].work.remote(item, list(committed))
        self._pending[ref] = worker

    def ready(self, busy: Mapping[int, Sequence[int]]) -> list[tuple[int, ItemOutput]]:
        ray = self._ray
        done, _ = ray.wait(list(self._pending), num_returns=1)
        more, _ = ray.wait([r for r in self._pending if r not in done], num_returns=len(self._pending) - 1,
                           timeout=0) if len(self._pending) > 1 else ([], [])
        out = []
        for ref in [*done, *more]:
            w = self._pending.pop(ref)
            try:
                kind, payload = ray.get(ref)
            except ray.exceptions.RayError as exc:  # the actor died (its node, a crash): a failed item, a new actor
                self._actors[w] = self._actor.remote(self._recipe)
                out.append((w, failed_item(self.ctx, busy[w][0], f"WorkerDied: the Ray actor running the item "
                                                               f"failed: {type(exc).__name__}")))
                continue
            if kind == "outage":
                raise LLMOutage(payload)
            out.append((w, payload))
        return out

    def close(self) -> None:
        for actor in self._actors:
            self._ray.kill(actor)
        self._actors = []
        if self._started:
            self._ray.shutdown()
