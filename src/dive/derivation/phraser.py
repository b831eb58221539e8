"""The optional LLM phraser: a model rewrites each realized question in a person's voice.

The offline deriver's question is the program in words; a model can make it read less like a
template (``--phraser PROVIDER:MODEL``, or ``llm.phraser.model``). A rewrite replaces the
question only when it keeps the program: every anchor of the original (each name, code,
number, date and unit: the words with a capital letter or a digit, and quoted text) is still
in it, word for word; it names no answer the original did not; it adds no tool or field name
(no backtick, no snake_case word, no ``=``); it is a single question of sensible length. A
rewrite that fails is recorded on its model call with the reason, and the original question
stays. Both texts are stored: ``Task.query`` is the rewrite, ``Task.realized`` the original.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice

from dive.errors import LLMError
from dive.llm import StageLLM
from dive.records import Task, Trace
from dive.stages import Deriver, Round
from dive.values import render_value

__all__ = ["Phraser", "anchors", "check_rewrite"]

SYSTEM = """You rewrite questions so they read like a real person asking them: a user of an assistant \
that can look things up and compute. Keep the meaning exactly. Keep every name, code, number, date, \
unit and quoted text exactly as written. Do not add facts, do not answer, do not mention tools, \
databases or fields. Reply with the rewritten question only, one or two sentences."""

_ANCHOR = re.compile(r'"[^"]+"|[^\s,;?!()]*[\d][^\s,;?!()]*|(?<![.?!]\s)(?<!^)\b[A-Z][\w\'’.-]*')
_HOOK = re.compile(r"`|\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b|\s=\s")


def anchors(question: str) -> list[str]:
    """What a rewrite must keep word for word: quoted text, tokens with a digit, and capitalized words
    that do not open a sentence (names: Peru, Kyte-Doolittle, HindIII)."""
    out = []
    for m in _ANCHOR.finditer(question):
        token = m.group(0).rstrip(".:'’")
        if token and token not in out:
            out.append(token)
    return out


def check_rewrite(original: str, rewrite: str, answer: str) -> str | None:
    """Why ``rewrite`` cannot replace ``original`` (None when it can)."""
    if not rewrite or "\n" in rewrite.strip():
        return "not a single question"
    if len(rewrite) > 2 * len(original) + 40:
        return f"too long ({len(rewrite)} characters for {len(original)})"
    lost = [a for a in anchors(original) if a not in rewrite]
    if lost:
        return f"lost {', '.join(repr(a) for a in lost[:3])}"
    if _HOOK.search(rewrite) and not _HOOK.search(original):
        return "names a tool, a field or a parameter"
    if answer and len(answer) > 1 and answer.lower() in rewrite.lower() and answer.lower() not in original.lower():
        return f"gives the answer {answer!r}"
    return None


class Phraser:
    """Wraps a deriver: the first ``limit`` candidates' questions rewritten by a model, kept when they keep
    the program (see the module docstring)."""

    def __init__(self, inner: Deriver, llm: StageLLM, *, limit: int = 3) -> None:
        self.inner, self.llm, self.limit = inner, llm, limit

    def derive(self, r: Round, trace: Trace) -> Iterator[Task]:
        tasks = iter(self.inner.derive(r, trace))
        yield from (self._rephrase(t, r.round) for t in islice(tasks, self.limit))
        yield from tasks

    def _rephrase(self, task: Task, round: int) -> Task:
        instructions = task.answer.instructions.strip()
        body = task.query[: -len(instructions)].strip() if instructions and task.query.endswith(instructions) \
            else task.query
        messages = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": body}]
        try:
            completion, draft = self.llm.complete(messages, round=round)
        except LLMError:
            return task
        rewrite = _clean(completion.content or "")
        why = check_rewrite(body, rewrite, render_value(task.answer.value))
        if why is not None:
            self.llm.ledger.reject(draft, f"rewrite not used: {why}")
            return task
        query = f"{rewrite} {instructions}".strip()
        return Task(**{**task.model_dump(exclude={"id"}), "query": query, "realized": task.query})


def _clean(text: str) -> str:
    """The rewrite without quotes or a label around it (``Rewritten question: "..."``)."""
    text = re.sub(r"^\s*(?:rewritten question|question|rewrite)\s*:\s*", "", text.strip(), flags=re.I)
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'“”":
        text = text[1:-1]
    return text.strip().strip("“”").strip()
