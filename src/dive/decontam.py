"""Decontamination: word n-gram overlap between our texts and public benchmark questions.

    refs = benchmark_questions("bfcl")          # every user message of BFCL v4, read offline
    report = overlap_report([("q1", "What is the capital of ...")], refs, n=8)
    report.flagged, report.max_overlap, report.examples

Texts and questions are normalised (lowercase, punctuation removed, whitespace collapsed)
and split into word n-grams; a text is flagged when it shares at least one n-gram with a
benchmark question. A text shorter than n words has no n-grams and is counted as too short.
The benchmark data is read from the installed package's files (never the network), and
nothing of the package itself is imported.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from dive.errors import ConfigError, MissingExtraError

__all__ = [
    "BFCL_PIP",
    "SOURCES",
    "BenchmarkQuestion",
    "NgramIndex",
    "OverlapExample",
    "OverlapReport",
    "benchmark_questions",
    "benchmark_version",
    "ngrams",
    "normalize",
    "overlap_report",
]

BFCL_PIP = "pip install --no-deps bfcl-eval==2026.3.23"
"""Installs the BFCL data; --no-deps because bfcl-eval's own dependencies pull CUDA torch."""

SOURCES: dict[str, tuple[str, str]] = {"bfcl": ("bfcl_eval", "bfcl-eval")}
"""Benchmark name -> (import name whose package folder holds the data, distribution name)."""

_NON_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class BenchmarkQuestion:
    """One benchmark question: a user message of one benchmark row."""

    id: str
    """The row id, with ``#turnN`` appended for the N-th user message of a multi-message row."""
    dataset: str
    """The data file it comes from, without extension (``BFCL_v4_simple_python``)."""
    text: str


@dataclass(frozen=True)
class OverlapExample:
    """A flagged text with the benchmark question and n-gram it shares."""

    text_id: str
    text: str
    benchmark_id: str
    ngram: str
    overlap: float
    """Shared n-grams / the text's n-grams."""


@dataclass(frozen=True)
class OverlapReport:
    """How much a set of texts overlaps the benchmark questions."""

    n: int
    texts: int
    """Texts checked."""
    too_short: int
    """Texts with fewer than ``n`` words (no n-grams, never flagged)."""
    benchmark_questions: int
    flagged: int
    """Texts sharing at least one n-gram with a benchmark question."""
    flagged_fraction: float
    """``flagged / texts`` (0 when there are no texts)."""
    max_overlap: float
    """The largest per-text fraction of n-grams found in the benchmark."""
    examples: tuple[OverlapExample, ...]
    """The most overlapping flagged texts, highest overlap first."""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def normalize(text: str) -> str:
    """Lowercase, punctuation (and underscores) turned into spaces, whitespace collapsed."""
    return " ".join(_NON_WORD.sub(" ", text.lower()).split())


def ngrams(text: str, n: int = 8) -> set[tuple[str, ...]]:
    """The word n-grams of the normalised text (empty when it has fewer than ``n`` words)."""
    if n < 1:
        raise ConfigError(f"n-gram length must be at least 1, got {n}")
    words = normalize(text).split()
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


@dataclass(frozen=True)
class NgramIndex:
    """Every n-gram of a set of benchmark questions, mapped to the first question holding it."""

    n: int
    questions: int
    grams: dict[tuple[str, ...], str]

    @classmethod
    def build(cls, refs: Sequence[BenchmarkQuestion], n: int = 8) -> NgramIndex:
        grams: dict[tuple[str, ...], str] = {}
        for ref in refs:
            for gram in ngrams(ref.text, n):
                grams.setdefault(gram, ref.id)
        return cls(n, len(refs), grams)


def overlap_report(texts: Sequence[tuple[str, str]], refs: Sequence[BenchmarkQuestion] | NgramIndex,
                   n: int = 8, examples: int = 5) -> OverlapReport:
    """Check ``(id, text)`` pairs against benchmark questions (or a prebuilt index of them)."""
    index = refs if isinstance(refs, NgramIndex) else NgramIndex.build(refs, n)
    if index.n != n:
        raise ConfigError(f"the n-gram index was built with n={index.n}, not n={n}")
    too_short = flagged = 0
    max_overlap = 0.0
    found: list[OverlapExample] = []
    for text_id, text in texts:
        grams = ngrams(text, n)
        if not grams:
            too_short += 1
            continue
        shared = sorted(g for g in grams if g in index.grams)
        if not shared:
            continue
        flagged += 1
        overlap = len(shared) / len(grams)
        max_overlap = max(max_overlap, overlap)
        found.append(OverlapExample(text_id, text, index.grams[shared[0]], " ".join(shared[0]), round(overlap, 4)))
    found.sort(key=lambda e: (-e.overlap, e.text_id))
    return OverlapReport(
        n=n, texts=len(texts), too_short=too_short, benchmark_questions=index.questions, flagged=flagged,
        flagged_fraction=round(flagged / len(texts), 4) if texts else 0.0, max_overlap=round(max_overlap, 4),
        examples=tuple(found[:max(0, examples)]),
    )


def _source(source: str) -> tuple[str, str]:
    try:
        return SOURCES[source]
    except KeyError:
        raise ConfigError(f"unknown benchmark {source!r}; known: {', '.join(SOURCES)}") from None


def _data_dir(source: str) -> Path:
    module, _ = _source(source)
    spec = importlib.util.find_spec(module)  # finds the package folder without importing it
    if spec is None or not spec.submodule_search_locations:
        raise MissingExtraError(f"the {source} benchmark data is not installed; run: {BFCL_PIP}")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def benchmark_version(source: str = "bfcl") -> str | None:
    """The installed version of the benchmark's package (None when absent)."""
    try:
        return importlib.metadata.version(_source(source)[1])
    except importlib.metadata.PackageNotFoundError:
        return None


def _user_messages(row: dict[str, Any]) -> Iterable[str]:
    for turn in row["question"]:
        for message in turn if isinstance(turn, list) else [turn]:
            if not isinstance(message, dict) or message.get("role") != "user":
                continue
            content = message.get("content")
            if isinstance(content, str) and content.strip():
                yield content


def benchmark_questions(source: str = "bfcl") -> list[BenchmarkQuestion]:
    """Every user message of the benchmark's question files, in file and row order."""
    data = _data_dir(source)
    files = sorted(data.glob("BFCL_v4_*.json"))
    out: list[BenchmarkQuestion] = []
    for path in files:
        try:
            rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        except json.JSONDecodeError:
            continue  # not JSON lines: an index of test ids (BFCL_v4_format_sensitivity.json), no questions
        for row in rows:
            if not isinstance(row, dict) or not isinstance(row.get("question"), list):
                continue
            texts = list(_user_messages(row))
            for i, text in enumerate(texts):
                qid = str(row.get("id", f"{path.stem}:{len(out)}"))
                out.append(BenchmarkQuestion(qid if len(texts) == 1 else f"{qid}#turn{i}", path.stem, text))
    if not out:
        raise MissingExtraError(f"no {source} questions found in {data}; reinstall the data: {BFCL_PIP}")
    return out
