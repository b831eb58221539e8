"""Decontamination: n-gram overlap math, the real BFCL data, and ``dive decontam`` (exemplars, seeds, a run)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from dive.cli import main
from dive.decontam import (
    BFCL_PIP,
    SOURCES,
    BenchmarkQuestion,
    NgramIndex,
    benchmark_questions,
    benchmark_version,
    ngrams,
    normalize,
    overlap_report,
)
from dive.errors import ConfigError, MissingExtraError

HAVE_BFCL = importlib.util.find_spec("bfcl_eval") is not None
needs_bfcl = pytest.mark.skipif(not HAVE_BFCL, reason=f"bfcl-eval is not installed; run: {BFCL_PIP}")

BENCH = [
    BenchmarkQuestion("b1", "toy", "Calculate the compound interest for a principal of 5000 dollars at 4 percent"),
    BenchmarkQuestion("b2", "toy", "Find the nearest restaurant that serves vegan food in downtown Seattle tonight"),
]


def test_normalize_and_ngrams() -> None:
    assert normalize("  It's 5,000 DOLLARS!\n(per_year)  ") == "it s 5 000 dollars per year"
    assert ngrams("one two three four", n=3) == {("one", "two", "three"), ("two", "three", "four")}
    assert ngrams("too short to have an eight gram", n=8) == set()
    with pytest.raises(ConfigError, match="at least 1"):
        ngrams("a b", n=0)


def test_a_text_containing_a_benchmark_question_is_flagged() -> None:
    texts = [
        ("copy", "Please CALCULATE the compound interest, for a principal of 5000 dollars at 4 percent; then stop."),
        ("paraphrase", "Work out compound interest on a 5000 dollars principal at a rate of 4 percent per year."),
        ("short", "Compound interest at 4 percent?"),
    ]
    report = overlap_report(texts, BENCH, n=8, examples=5)
    # "copy" has 16 words -> 9 8-grams; the 6 8-grams of b1 (13 words) are all among them.
    assert (report.texts, report.too_short, report.flagged) == (3, 1, 1)
    assert report.benchmark_questions == 2
    assert report.flagged_fraction == round(1 / 3, 4)
    assert report.max_overlap == round(6 / 9, 4)
    (example,) = report.examples
    assert (example.text_id, example.benchmark_id) == ("copy", "b1")
    assert example.ngram == "a principal of 5000 dollars at 4 percent"  # the first shared 8-gram in sorted order
    assert example.overlap == report.max_overlap


def test_shorter_ngrams_catch_the_paraphrase_and_examples_are_ordered() -> None:
    texts = [("paraphrase", "Work out compound interest on a 5000 dollars principal at a rate of 4 percent per year."),
             ("vegan", "Which restaurant serves vegan food in downtown Seattle tonight, and is it open?")]
    report = overlap_report(texts, NgramIndex.build(BENCH, n=2), n=2, examples=1)
    assert report.flagged == 2 and len(report.examples) == 1
    assert report.examples[0].text_id == "vegan" and report.examples[0].benchmark_id == "b2"
    assert overlap_report([], BENCH).flagged_fraction == 0.0
    with pytest.raises(ConfigError, match="built with n=3, not n=8"):
        overlap_report(texts, NgramIndex.build(BENCH, n=3), n=8)


def test_unknown_or_missing_benchmark(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigError, match="unknown benchmark 'gaia'; known: bfcl"):
        benchmark_questions("gaia")
    monkeypatch.setitem(SOURCES, "absent", ("no_such_benchmark_pkg", "no-such-benchmark-pkg"))
    with pytest.raises(MissingExtraError, match="pip install --no-deps bfcl-eval==2026.3.23"):
        benchmark_questions("absent")
    assert benchmark_version("absent") is None


@needs_bfcl
def test_real_bfcl_questions_load_offline() -> None:
    questions = benchmark_questions("bfcl")
    assert len(questions) > 3000
    assert len({q.id for q in questions}) == len(questions)
    datasets = {q.dataset for q in questions}
    assert "BFCL_v4_simple_python" in datasets and "BFCL_v4_format_sensitivity" not in datasets
    assert any(q.id.endswith("#turn1") for q in questions)  # multi-turn rows give one question per user message
    assert all(q.text.strip() for q in questions)
    assert benchmark_version("bfcl") == "2026.3.23"


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from dive.config import load_config
    from dive.pipeline import run

    out = tmp_path_factory.mktemp("decontam") / "r"
    assert run(load_config(tasks=3, seed=0), out).kept >= 3
    return out


@needs_bfcl
def test_cli_json_reports_no_exemplar_overlap(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["decontam", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["benchmark"]["questions"] > 3000 and report["benchmark"]["n"] == 8
    exemplars = report["reports"]["exemplars"]
    assert exemplars["texts"] >= 300 and exemplars["flagged"] == 0 and exemplars["examples"] == []
    seeds = report["reports"]["seeds"]
    assert "core" in seeds["packs"] and seeds["texts"] > 0
    assert set(seeds["packs"]).isdisjoint(seeds["skipped_packs"])
    assert "run" not in report["reports"]


@needs_bfcl
def test_cli_checks_the_kept_tasks_of_a_run(tiny_run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from dive.report import kept_tasks
    from dive.store import RunStore

    with RunStore.open(tiny_run, readonly=True) as store:
        kept = [task.id for _, task, _ in kept_tasks(store)]
    assert main(["decontam", "--run", str(tiny_run), "--n", "13", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    run_report = report["reports"]["run"]
    assert run_report["texts"] == len(kept) >= 3 and run_report["n"] == 13 and run_report["dir"] == str(tiny_run)
    assert main(["decontam", "--run", str(tiny_run), "--examples", "1"]) == 0
    table = capsys.readouterr().out
    assert "exemplars" in table and "seeds" in table and "run" in table and "8-gram overlap with bfcl" in table


def test_cli_rejects_a_folder_that_is_not_a_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if not HAVE_BFCL:
        pytest.skip(f"bfcl-eval is not installed; run: {BFCL_PIP}")
    assert main(["decontam", "--run", str(tmp_path)]) == 2
    assert "is not a run directory" in capsys.readouterr().err
    assert main(["decontam", "--n", "0"]) == 2
    assert "--n must be at least 1" in capsys.readouterr().err
