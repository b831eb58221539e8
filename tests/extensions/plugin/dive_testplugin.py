"""One component of each kind, defined outside dive-tasks (the extension tests install this as a distribution)."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from dive.derivation import Compose
from dive.exploration import TypedWalk
from dive.export import kept_tasks
from dive.llm import Completion, Message, Settings
from dive.records import Task, Trace, Verdict
from dive.stages import Round, VerifyContext
from dive.store import RunStore
from dive.tools.pack import Pack, SemType

CALLS: list[str] = []
"""What the components below did, for the tests to check."""


class ShortWalk:
    """An explorer: the typed walk, two steps per round."""

    def explore(self, r: Round) -> Trace:
        CALLS.append(f"explore:{r.round}")
        return TypedWalk(max_steps=2).explore(r)


class ShortestFirst:
    """A deriver: the compositional deriver's candidates, shortest question first."""

    def derive(self, r: Round, trace: Trace) -> list[Task]:
        CALLS.append(f"derive:{r.round}")
        return sorted(Compose().derive(r, trace), key=lambda t: len(t.query))


class QueryLength:
    """A check: the query is at most 400 characters."""

    name: ClassVar[str] = "query_length"

    def verify(self, task: Task, trace: Trace, ctx: VerifyContext) -> Verdict:
        CALLS.append("verify")
        ok = len(task.query) <= 400
        return Verdict(task_id=task.id, check=self.name, ok=ok, reason="" if ok else "query too long")


class Queries:
    """An exporter: id and query of each kept task, as CSV."""

    name: ClassVar[str] = "queries"

    def write(self, store: RunStore, out: Path) -> int:
        rows = [(task.id, task.query) for _, task, _ in kept_tasks(store)]
        with out.open("w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows([("id", "query"), *rows])
        return len(rows)


class Echo:
    """An LLM provider's model: always the same reply."""

    def __init__(self, name: str) -> None:
        self.name = name

    async def complete(self, messages: list[Message], tools: Any, settings: Settings) -> Completion:
        CALLS.append(f"llm:{self.name}")
        return Completion(content="I do not know. Final answer: no idea")


def echo_provider(model: str, config: Any, endpoints: Any, environ: Mapping[str, str]) -> Echo:
    return Echo(f"echo:{model}")


ASTRO = Pack("astro", module="dive_testplugin_astro", domain="astro", description="bright stars and constellations",
             semtypes=(SemType("bright_star", "a bright star's proper name", "Sirius", mention="the bright star {v}",
                               entity=True),
                       SemType("constellation", "an IAU constellation name", "Orion", mention="the constellation {v}",
                               entity=True)),
             install="pip install dive-testplugin")
"""A pack: its declaration imports nothing; the tools live in ``dive_testplugin_astro``."""
