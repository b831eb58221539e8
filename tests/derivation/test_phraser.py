"""The optional LLM phraser: a rewrite replaces a question only when it keeps every anchor of the program."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from dive.config import load_config
from dive.derivation.phraser import anchors, check_rewrite
from dive.llm import ScriptedLLM
from dive.pipeline import run
from dive.records import ItemResult, LLMCall, Task
from dive.store import RunStore

QUESTION = "How much larger is the population of the capital of Peru than that of the capital of Kenya on 1 May 2024?"


def test_anchors_are_the_names_numbers_and_dates_of_a_question() -> None:
    assert anchors(QUESTION) == ["Peru", "Kenya", "1", "May", "2024"]
    assert anchors('Is "E. Australia Standard Time" on daylight saving time at 12:00?') == [
        '"E. Australia Standard Time"', "12:00"]


@pytest.mark.parametrize(("rewrite", "why"), [
    ("I'm curious: by how much does the population of Peru's capital exceed that of Kenya's capital on 1 May 2024?",
     None),
    ("How much bigger is Lima's population than Nairobi's on 1 May 2024?", "lost 'Peru'"),  # names the bridges
    ("How much larger is the population of the capital of Peru than that of the capital of Kenya?", "lost '1'"),
    ("Use `city_lookup` for the capital of Peru and of Kenya on 1 May 2024.", "names a tool"),
    ("How much larger is Peru's capital than Kenya's (about 8 million) on 1 May 2024?", "gives the answer"),
    ("Question one: Peru, Kenya, 1 May 2024.\nQuestion two: ...", "not a single question"),
])
def test_a_rewrite_is_kept_only_when_it_keeps_the_program(rewrite: str, why: str | None) -> None:
    got = check_rewrite(QUESTION, rewrite, answer="about 8 million")
    assert (got is None) if why is None else (got is not None and got.startswith(why)), got


def _run(tmp_path: Path, script: Any) -> tuple[list[Task], list[LLMCall]]:
    config = load_config(overrides=['tools.packs=["core","geo"]', "llm.phraser.model=scripted:p"], tasks=8, seed=5)
    run(config, tmp_path / "run", llms={"scripted:p": ScriptedLLM(script)})
    with RunStore.open(tmp_path / "run", readonly=True) as store:
        kept = [store.get(Task, tid) for r in store.iter(ItemResult) for tid in r.kept_task_ids]
        calls = list(store.iter(LLMCall))
    return kept, calls


def _question(messages: Any) -> str:
    return next(m["content"] for m in messages if m["role"] == "user")


def test_a_run_with_a_phraser_stores_the_rewrite_and_the_original(tmp_path: Path) -> None:
    """A phraser that opens every question with a greeting and keeps the rest: every kept task's query is the
    rewrite plus its format sentence, and ``realized`` the deriver's own question; checks ran on the rewrite."""
    def polite(messages: Any, tools: Any) -> str:
        q = _question(messages)
        return "Hello! " + q[0].lower() + q[1:]

    kept, calls = _run(tmp_path, polite)
    assert kept and calls and all(c.stage == "phraser" and c.error is None for c in calls)
    for task in kept:
        assert task.query.startswith("Hello! ") and task.realized and not task.realized.startswith("Hello")
        body = task.realized[: len(task.realized) - len(task.answer.instructions)].strip()
        assert task.query == f"Hello! {body[0].lower()}{body[1:]} {task.answer.instructions}".strip()


def test_a_rewrite_that_loses_a_number_is_not_used_and_says_why(tmp_path: Path) -> None:
    def careless(messages: Any, tools: Any) -> str:
        return re.sub(r"\d", "", _question(messages)) + " Thanks!"

    kept, calls = _run(tmp_path, careless)
    numbered = [c for c in calls if re.search(r"\d", _question(c.messages))]
    assert numbered and all(c.error and c.error.startswith("rewrite not used: lost") for c in numbered)
    # a rewrite is used only of a question with no digit in it (its format sentence may have one: "2 decimal places")
    assert kept and all(not t.realized or not re.search(r"\d", t.realized.removesuffix(t.answer.instructions))
                        for t in kept)
