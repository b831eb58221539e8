"""The exemplar pool: size and coverage, no near-duplicates, format instructions, picking, validation."""

from __future__ import annotations

import importlib.util
import random
import re
from collections import Counter, defaultdict
from itertools import combinations

import pytest

from dive.derivation.exemplars import DOMAINS, STRUCTURES, load_exemplars, parse_exemplars, pick_exemplars

POOL = load_exemplars()
FORMAT_VERBS = ("Answer", "Give", "List", "Round", "Report", "Express", "Reply", "Write", "State")


def _words(text: str) -> list[str]:
    return re.sub(r"[\W_]+", " ", text.lower()).split()


def test_pool_size_and_coverage() -> None:
    assert len(POOL) >= 300
    domains = Counter(e.domain for e in POOL)
    structures = Counter(e.structure for e in POOL)
    assert set(domains) == set(DOMAINS) and set(structures) == set(STRUCTURES)
    assert min(domains.values()) >= 30, domains
    assert min(structures.values()) >= 20, structures
    assert max(domains.values()) <= 2 * min(domains.values()), f"domains are unevenly spread: {domains}"


def test_ids_are_unique_and_name_their_domain() -> None:
    ids = [e.id for e in POOL]
    assert len(ids) == len(set(ids))
    assert all(e.id.startswith(f"{e.domain}-") for e in POOL)


def test_no_two_queries_are_near_duplicates() -> None:
    grams = [{tuple(w[i:i + 3]) for i in range(len(w) - 2)} for w in (_words(e.query) for e in POOL)]
    holders: defaultdict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, gs in enumerate(grams):
        for g in gs:
            holders[g].append(i)
    shared: Counter[tuple[int, int]] = Counter()
    for idx in holders.values():  # only pairs sharing some 3-gram can be similar
        shared.update(combinations(idx, 2))
    close = [(POOL[i].id, POOL[j].id, round(c / (len(grams[i]) + len(grams[j]) - c), 2))
             for (i, j), c in shared.items() if c / (len(grams[i]) + len(grams[j]) - c) >= 0.6]
    assert not close, f"near-duplicate exemplars (3-gram Jaccard >= 0.6): {close}"


def test_every_query_ends_with_a_format_instruction_or_question_mark() -> None:
    bad = []
    for e in POOL:
        last = re.split(r"(?<=[.?!])\s+(?=[A-Z])", e.query)[-1]
        if not (e.query.endswith("?") or (last.startswith(FORMAT_VERBS) and last.endswith("."))):
            bad.append(e.id)
    assert not bad, f"queries without a closing format instruction: {bad}"


def test_queries_vary_their_opening() -> None:
    openers = Counter(e.query.split()[0] for e in POOL)
    assert openers["What"] < len(POOL) / 2, openers.most_common(5)
    assert len(openers) >= 20


def test_pick_is_deterministic_for_an_rng_state() -> None:
    a = pick_exemplars(random.Random(3), 5, domains=["geo"], structures=["count"])
    b = pick_exemplars(random.Random(3), 5, domains=["geo"], structures=["count"])
    assert a == b and len(a) == 5 and len(set(a)) == 5
    others = {tuple(e.id for e in pick_exemplars(random.Random(s), 5, domains=["geo"])) for s in range(10)}
    assert len(others) > 1


@pytest.mark.parametrize("seed", range(20))
def test_pick_prefers_the_domains_for_about_half(seed: int) -> None:
    for k, wanted in ((4, 2), (5, 3), (1, 1)):
        picked = pick_exemplars(random.Random(seed), k, domains=["chem"])
        assert sum(e.domain == "chem" for e in picked) == wanted
    two = pick_exemplars(random.Random(seed), 6, domains=["bio", "time"])
    assert sum(e.domain in ("bio", "time") for e in two) == 3


@pytest.mark.parametrize("seed", range(20))
def test_pick_spreads_structures_and_puts_the_given_ones_first(seed: int) -> None:
    picked = pick_exemplars(random.Random(seed), 5)
    assert len({e.structure for e in picked}) == 5 and len({e.domain for e in picked}) == 5
    liked = pick_exemplars(random.Random(seed), 4, domains=["finance"], structures=["temporal", "set"])
    assert {"temporal", "set"} <= {e.structure for e in liked}
    assert len({e.structure for e in liked}) == 4


def test_pick_edges() -> None:
    assert pick_exemplars(random.Random(0), 0) == []
    assert len(pick_exemplars(random.Random(0), 10_000)) == len(POOL)
    many = pick_exemplars(random.Random(0), 60, domains=["medicine"])
    assert sum(e.domain == "medicine" for e in many) == 30
    # a pack's new domain has no exemplars: it is ignored, never a crash of the LLM deriver
    assert pick_exemplars(random.Random(0), 3, domains=["astro"]) == pick_exemplars(random.Random(0), 3)
    assert pick_exemplars(random.Random(0), 4, domains=["astro", "geo"]) == pick_exemplars(random.Random(0), 4,
                                                                                           domains=["geo"])
    with pytest.raises(ValueError, match="unknown structure 'essay'"):
        pick_exemplars(random.Random(0), 3, structures=["essay"])


def test_validation_names_the_bad_entry() -> None:
    good = {"id": "geo-lookup-001", "domain": "geo", "structure": "lookup", "query": "Which? Answer with a code."}
    assert parse_exemplars([good])[0].query == good["query"]
    cases = [
        ([{**good, "domain": "astro"}], r"entry 0 \('geo-lookup-001'\): unknown domain 'astro'"),
        ([{**good, "structure": "essay"}], "unknown structure 'essay'"),
        ([good, dict(good)], r"entry 1 .*duplicate id 'geo-lookup-001'"),
        ([{**good, "query": "  "}], "non-empty string"),
        ([{**good, "answer": "42"}], "expected exactly the keys"),
        ({"id": "x"}, "expected a list"),
    ]
    for rows, message in cases:
        with pytest.raises(ValueError, match=message):
            parse_exemplars(rows)


@pytest.mark.skipif(importlib.util.find_spec("bfcl_eval") is None,
                    reason="bfcl-eval is not installed; run: pip install --no-deps bfcl-eval==2026.3.23")
def test_pool_shares_no_8_gram_with_bfcl() -> None:
    from dive.decontam import benchmark_questions, overlap_report

    report = overlap_report([(e.id, e.query) for e in POOL], benchmark_questions("bfcl"), n=8)
    assert report.benchmark_questions > 3000
    assert report.flagged == 0, report.examples
