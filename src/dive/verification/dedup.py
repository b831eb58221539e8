"""Deduplication: reject a task that repeats an earlier one, exactly or nearly.

*Exact*: the same normalized query (:func:`dive.answers.normalize_text`, format
instructions removed) with the same canonical answer. *Near*: Jaccard similarity of the
queries' word-bigram sets at or above ``threshold`` (default 0.9), whatever the answers
(one question with two answers is worse than a repeat). *Question*: the same question in other words or by other
calls, by the provenance's ``question`` key (the same stated values and answer, read from the same field): "What is
the melting point of neon in degrees Celsius?" and "Please look up the melting point of neon in degrees Celsius.";
"How much does one mole of ascorbic acid weigh?" and "What is the molecular weight of ascorbic acid?" (a 2,000-task
run, seed 631, kept 65 of the first kind and about 55 of the second before it). *Wording*: the same words but the asking ones ("could you
look up", "what is"), in order, with the same numbers and answer: the molecular weight of caffeine asked of its record
found by name and of its record found by CAS number (16 more in that run). *Options*: the same choice (op, fields, named
options and the query's other names and numbers) with the same answer, however worded ("Which of the countries that border Nigeria has the smallest
population?" and "Among the countries that border Nigeria, which one has the smallest population?"). *Form*: at most ``per_form``
kept tasks share one question form (the query's plain lowercase words, without its names,
codes, numbers, opener and asking words): a run of 2,000 tasks had 170 asking how often one
enzyme's site occurs in one sequence. *Kind*: at most ``per_kind`` kept tasks ask one kind of
question (``Provenance.kind``: the shape, the op and the tool and field the answer is read from,
however the question is worded), so that the 3 or 4 ways a question is put do not each fill a
form: 62 of a 2,000-task run asked when the Sun stands at some angle over some city. *Lean*: the yes/no tasks of one form stay balanced (one answer
at most two ahead of the other): 10 of 11 kept "Does the time zone of X observe daylight saving
time?" answered no. The search is exact, not
sampled: candidates come from a prefix-filter index (two sets with Jaccard >= t share a
token among the first ``|S| - ceil(t * |S|) + 1`` of each, in one fixed order), so
memory and time stay near-linear for typical pools. Pure stdlib and deterministic: the
same tasks in the same order give the same verdicts.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from pydantic import JsonValue

from dive._hashing import canonical_json
from dive.answers import normalize_text
from dive.records import Task, Trace, Verdict

if TYPE_CHECKING:
    from dive.stages import VerifyContext

__all__ = ["Deduplicator", "jaccard", "name_words", "question_form", "shingles"]


def _query_text(task: Task) -> str:
    instructions = task.answer.instructions.strip()
    query = task.query.replace(instructions, " ") if instructions else task.query
    return normalize_text(query)


_ASKING = frozenset(["what", "what's", "is", "are", "can", "could", "would", "you", "tell", "me", "i", "i'd", "like", "to", "know", "find", "please", "work", "out", "look", "up", "give", "which", "how", "quick", "question", "for", "a", "an", "the", "my", "of", "in"])
_ASKING_PLAIN = frozenset(normalize_text(w) for w in _ASKING)
"""The asking words as normalized text reads them ("What's" is ``whats``, "I'd" ``id``)."""


def question_form(task: Task, names: frozenset[str] = frozenset()) -> str:
    """The words a question keeps when its names, codes and numbers change: ``how many times does
    recognition site occur on either strand`` for every enzyme and sequence. ``names``: the words of the names a
    question writes in lower case (:func:`name_words`: "isopropanol", "iron"), left out too."""
    instructions = task.answer.instructions.strip()
    query = task.query.replace(instructions, " ") if instructions else task.query
    head, sep, rest = query.partition(": ")
    if sep and len(head) <= 40:  # an opener ("For my lab notebook: ")
        query = rest
    words = {w for w in re.findall(r"[\w'-]+", query) if w.isalpha() and w.islower()}
    return " ".join(sorted(words - _ASKING - names))


_NAME = re.compile(r"[a-z][a-z' -]{3,}")


def name_words(values: Iterable[object]) -> frozenset[str]:
    """The words of those ``values`` (a run's seed values) that are names written in lower case, four letters or
    more: a compound's or an element's (``carbon dioxide``, ``iron``), not a code ("en") or a capitalized name. A
    2,000-task run (seed 809) kept 79 questions for the InChIKey of one compound or another and 64 for its molecular
    weight: the names kept each in a form of its own."""
    return frozenset(w for v in values if isinstance(v, str) and _NAME.fullmatch(v)
                     for w in re.findall(r"[\w'-]+", v) if w.isalpha())


def shingles(text: str, n: int = 2) -> frozenset[str]:
    """Word ``n``-grams of normalized ``text`` (the whole text when it has fewer than ``n`` words)."""
    words = normalize_text(text).split()
    if len(words) < n:
        return frozenset({" ".join(words)}) if words else frozenset()
    return frozenset(" ".join(words[i : i + n]) for i in range(len(words) - n + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """|a & b| / |a | b| (1.0 for two empty sets)."""
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def _canonical(value: JsonValue) -> JsonValue:
    if isinstance(value, str):
        return normalize_text(value)
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    return value


def _wording_key(task: Task) -> str:
    """The query's words but the asking ones (:data:`_ASKING_PLAIN`), in order, its numbers and dates as written (the
    normalized text splits 2024-03-04 and 1.1), and the canonical answer."""
    instructions = task.answer.instructions.strip()
    raw = task.query.replace(instructions, " ") if instructions else task.query
    words = [w for w in _query_text(task).split() if w not in _ASKING_PLAIN]
    numbers = sorted(w for w in re.findall(r"-?[\w.:/-]+", raw) if any(c.isdigit() for c in w))
    return canonical_json([words, numbers, task.answer.type, _canonical(task.answer.value)])


def _rank(token: str) -> str:
    return hashlib.blake2b(token.encode("utf-8"), digest_size=8).hexdigest()


_LEAN = 2
"""How far one yes/no answer may lead the other within a question form before its tasks are rejected."""

_SAME_ANSWER = 2
"""Most kept tasks of one question form with the same (non yes/no) answer: a HEART score of 4 for five
patients, or "moderate severity" for nine CURB-65 cases, is an answer guessed without a tool."""

def _choice_key(task: Task) -> str | None:
    """For a choice among named options (argmax, argmin and their ``_where`` forms), its op, options, compared fields,
    answer and the query's other names and numbers (a scale, a date, a place, a threshold: the conditions of the
    choice): the same question however it is worded; None for other tasks."""
    labels = task.provenance.params.get("labels")
    if task.provenance.op not in ("argmax", "argmin", "argmax_where", "argmin_where") or not isinstance(labels, list):
        return None
    named = {w for lab in labels for w in re.findall(r"[\w'-]+", str(lab))}
    conditions = sorted({w for w in re.findall(r"[\w'-]+", _query_text(task)) if any(c.isdigit() for c in w)}
                        | {w for w in re.findall(r"[\w'-]+", task.query)
                           if w[:1].isupper() and w.lower() not in _ASKING and w.lower() not in _OPENERS} - named)
    return canonical_json([task.provenance.op, sorted(str(lab).casefold() for lab in labels),  # "Calcium" from one
                           sorted({e.path for e in task.provenance.evidence}),  # tool, "calcium" from another
                           _canonical(task.answer.value), conditions])


_OPENERS = frozenset(["among", "of", "which", "answer", "give", "with", "name", "please", "i'd"])


class Deduplicator:
    """Exact and near duplicate check against the tasks kept so far, in order.

    ``verify`` is a pure lookup: it rejects a task that repeats a kept one, naming it (a task
    with the id of a kept one is a duplicate too: two identical work items give the same task,
    which must be kept once). The pipeline calls :meth:`admit` for every task it keeps (and,
    on resume, for every task kept before), so a rejected task never shadows a later one.
    """

    name: ClassVar[str] = "dedup"

    def __init__(self, threshold: float = 0.9, n: int = 2, per_form: int | None = None,
                 names: frozenset[str] = frozenset(), per_kind: int | None = None,
                 openers: frozenset[str] = frozenset()) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"Deduplicator threshold must be in (0, 1], got {threshold}")
        if n < 1:
            raise ValueError(f"Deduplicator shingle size n must be at least 1, got {n}")
        if per_form is not None and per_form < 1:
            raise ValueError(f"Deduplicator per_form must be at least 1, got {per_form}")
        if per_kind is not None and per_kind < 1:
            raise ValueError(f"Deduplicator per_kind must be at least 1, got {per_kind}")
        self.threshold = threshold
        self.n = n
        self.per_form = per_form
        self.names = names
        """Words of the names a question writes in lower case, left out of its form (:func:`name_words`)."""
        self.per_kind = per_kind
        self._opener = re.compile("(?:" + "|".join(map(re.escape, sorted(openers, key=len, reverse=True))) + ") "
                                  ) if openers else None
        """A sentence of context a question may open with (the lexicon's ``context``), left out of every comparison:
        *I'm planning a lab experiment. What is the melting point of phenol?* asks the plain question's form, and is
        its duplicate."""
        self._kinds: dict[str, list[str]] = {}
        """Question kind (``Provenance.kind``) -> ids of the kept tasks of that kind."""
        self._kind_of: dict[str, str] = {}
        """Task id -> its question kind."""
        self._forms: dict[str, list[str]] = {}
        """Question form -> ids of the kept tasks of that form."""
        self._said: dict[str, dict[str, str]] = {}
        """Question form -> kept task id -> its answer (a yes/no word, or any other answer's canonical JSON)."""
        self._exact: dict[str, str] = {}
        """Exact key -> task id."""
        self._choices: dict[str, str] = {}
        """Options key (:func:`_choice_key`) -> task id."""
        self._questions: dict[str, str] = {}
        """Question key (``Provenance.question``) -> task id."""
        self._worded: dict[str, str] = {}
        """Wording key (:func:`_wording_key`) -> task id."""
        self._held: dict[str, list[tuple[dict[str, str], str]]] = {}
        """Task id -> the (table, key) entries it holds in the key tables: forgetting one is no scan of them all."""
        self._form_of: dict[str, str] = {}
        """Task id -> its question form."""
        self._sets: dict[str, frozenset[str]] = {}
        """Task id -> its query's shingles, in acceptance order."""
        self._seq: dict[str, int] = {}
        """Task id -> acceptance number (earliest first when several match)."""
        self._counter = 0
        self._index: defaultdict[str, list[str]] = defaultdict(list)
        """Prefix shingle -> ids of the tasks whose prefix holds it."""

    def __len__(self) -> int:
        return len(self._sets)

    def __contains__(self, task_id: object) -> bool:
        return task_id in self._sets

    def _prefix(self, tokens: frozenset[str]) -> list[str]:
        ordered = sorted(tokens, key=lambda t: (_rank(t), t))
        return ordered[: len(ordered) - math.ceil(self.threshold * len(ordered) - 1e-12) + 1]

    def _exact_key(self, task: Task) -> str:
        answer = canonical_json([task.answer.type, _canonical(task.answer.value)])
        return canonical_json([_query_text(task), answer])

    def _nearest(self, tokens: frozenset[str]) -> tuple[str, float] | None:
        """The earliest remembered task at or above the threshold, with its similarity."""
        candidates: set[str] = set()
        for token in self._prefix(tokens):
            candidates.update(self._index.get(token, ()))
        for tid in sorted(candidates, key=self._seq.__getitem__):
            other = self._sets[tid]
            if min(len(tokens), len(other)) < self.threshold * max(len(tokens), len(other)):
                continue
            similarity = jaccard(tokens, other)
            if similarity >= self.threshold:
                return tid, similarity
        return None

    def _bare(self, task: Task) -> Task:
        """``task`` with its query's opening sentence of context left out (the same task, id included)."""
        found = self._opener.match(task.query) if self._opener is not None else None
        return task.model_copy(update={"query": task.query[found.end():]}) if found else task

    def verify(self, task: Task, trace: Trace, ctx: VerifyContext | None = None) -> Verdict:
        task = self._bare(task)
        if task.id in self._sets:
            return Verdict(task_id=task.id, check=self.name, ok=False,
                           reason=f"the same task ({task.id}) was already kept",
                           details={"duplicate_of": task.id, "kind": "same_id", "similarity": 1.0})
        key = self._exact_key(task)
        if key in self._exact:
            earlier = self._exact[key]
            return Verdict(task_id=task.id, check=self.name, ok=False,
                           reason=f"exact duplicate of task {earlier} (same query and answer)",
                           details={"duplicate_of": earlier, "kind": "exact", "similarity": 1.0})
        question = task.provenance.question
        if question and question in self._questions:
            earlier = self._questions[question]
            return Verdict(task_id=task.id, check=self.name, ok=False,
                           reason=f"the same question as task {earlier} (the same stated values and answer) in other "
                                  "words or by other calls",
                           details={"duplicate_of": earlier, "kind": "question", "similarity": 1.0})
        worded = self._worded.get(_wording_key(task))
        if worded is not None:
            return Verdict(task_id=task.id, check=self.name, ok=False,
                           reason=f"the same words as task {worded} but the asking ones, with the same answer",
                           details={"duplicate_of": worded, "kind": "wording", "similarity": 1.0})
        choice = _choice_key(task)
        if choice is not None and choice in self._choices:
            earlier = self._choices[choice]
            return Verdict(task_id=task.id, check=self.name, ok=False,
                           reason=f"the same choice among the same options as task {earlier}, with the same answer",
                           details={"duplicate_of": earlier, "kind": "options", "similarity": 1.0})
        form = question_form(task, self.names)
        if self.per_form is not None:
            same_form = self._forms.get(form, [])
            if len(same_form) >= self.per_form:
                return Verdict(task_id=task.id, check=self.name, ok=False,
                               reason=f"{len(same_form)} kept tasks already ask this form of question "
                                      f"(at most {self.per_form}; the first: {same_form[0]})",
                               details={"duplicate_of": same_form[0], "kind": "form", "similarity": 0.0})
        kind = task.provenance.kind
        if self.per_kind is not None and kind and len(same_kind := self._kinds.get(kind, [])) >= self.per_kind:
            return Verdict(task_id=task.id, check=self.name, ok=False,
                           reason=f"{len(same_kind)} kept tasks already ask this kind of question ({kind}; at most "
                                  f"{self.per_kind}; the first: {same_kind[0]})",
                           details={"duplicate_of": same_kind[0], "kind": "kind", "similarity": 0.0})
        if task.answer.type == "boolean":
            said = self._said.get(form, {})
            same = sum(word == str(task.answer.value) for word in said.values())
            if same - (len(said) - same) >= _LEAN:
                return Verdict(task_id=task.id, check=self.name, ok=False,
                               reason=f"{same} kept tasks of this form already answer {task.answer.value!r} and "
                                      f"{len(said) - same} the other word: a yes/no question that is mostly one "
                                      "answer is guessed without a tool",
                               details={"duplicate_of": next(iter(said)), "kind": "lean", "similarity": 0.0})
        elif self.per_form is not None:  # with the per-form limit: one form is not one answer either
            said = self._said.get(form, {})
            answer = canonical_json(_canonical(task.answer.value))
            same = sum(value == answer for value in said.values())
            if same >= _SAME_ANSWER:
                return Verdict(task_id=task.id, check=self.name, ok=False,
                               reason=f"{same} kept tasks of this form already answer {task.answer.value!r}: a "
                                      "question whose answer is mostly one value is guessed without a tool",
                               details={"duplicate_of": next(k for k, v in said.items() if v == answer),
                                        "kind": "lean", "similarity": 0.0})
        tokens = shingles(_query_text(task), self.n)
        near = self._nearest(tokens)
        if near is not None:
            earlier, similarity = near
            return Verdict(task_id=task.id, check=self.name, ok=False,
                           reason=f"near duplicate of task {earlier} (query similarity {similarity:.2f} "
                                  f">= {self.threshold})",
                           details={"duplicate_of": earlier, "kind": "near", "similarity": round(similarity, 4)})
        return Verdict(task_id=task.id, check=self.name, ok=True)

    def admit(self, task: Task) -> None:
        """Remember ``task`` as kept (the pipeline calls this for each task it keeps, in order)."""
        task = self._bare(task)
        if task.id not in self._sets:
            held = self._held.setdefault(task.id, [])
            key = self._exact_key(task)
            self._remember(task.id, key, shingles(_query_text(task), self.n))
            held.append((self._exact, key))
            for table, k in ((self._choices, _choice_key(task)), (self._questions, task.provenance.question or None),
                             (self._worded, _wording_key(task))):
                if k is not None and table.setdefault(k, task.id) == task.id:
                    held.append((table, k))
            form = question_form(task, self.names)
            self._forms.setdefault(form, []).append(task.id)
            if task.provenance.kind:
                self._kinds.setdefault(task.provenance.kind, []).append(task.id)
                self._kind_of[task.id] = task.provenance.kind
            said = self._said.setdefault(form, {})
            said[task.id] = (str(task.answer.value) if task.answer.type == "boolean"
                             else canonical_json(_canonical(task.answer.value)))
            self._form_of[task.id] = form

    def _remember(self, task_id: str, key: str, tokens: frozenset[str]) -> None:
        self._exact[key] = task_id
        self._sets[task_id] = tokens
        self._seq[task_id] = self._counter
        self._counter += 1
        for token in self._prefix(tokens):
            self._index[token].append(task_id)

    def forget(self, task_id: str) -> None:
        """Drop an admitted task (no-op when unknown): the pipeline's rollback of an item that failed, and a worker's
        own kept tasks after its item (the driver commits them)."""
        tokens = self._sets.pop(task_id, None)
        if tokens is None:
            return
        del self._seq[task_id]
        form = self._form_of.pop(task_id, None)
        if form is not None:
            self._forms[form].remove(task_id)
            self._said[form].pop(task_id, None)
        kind = self._kind_of.pop(task_id, None)
        if kind is not None:
            self._kinds[kind].remove(task_id)
        for table, key in self._held.pop(task_id, ()):
            if table.get(key) == task_id:
                del table[key]
        for token in self._prefix(tokens):
            self._index[token].remove(task_id)
            if not self._index[token]:
                del self._index[token]
