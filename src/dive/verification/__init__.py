"""Mechanical verifiers of synthesized tasks: each turns a task and its trace into a Verdict.

    ctx = VerifyContext(toolset=load_pool(["core"]), seed=seed)
    verdicts = run_checks(task, trace, ctx, standard_verifiers(Deduplicator()))
    keep = all(v.ok for v in verdicts)

The checks: **grounding** (the op over the evidence gives the stored answer),
**replay** (the calls behind the answer give the same outputs again), **leakage** (the
query states neither the answer nor an intermediate value), **well_posed** (one clear,
non-empty answer), **necessity** (the seed or the query alone does not give it) and
**dedup** (not a repeat of an earlier task). A new check is a class with a ``name`` and
one ``verify`` method (:class:`Verifier`).
"""

from __future__ import annotations

from dive.ops import OPS, OpError, apply_op
from dive.provenance import EvidenceError, evidence_values, provenance_calls
from dive.verification.dedup import Deduplicator, jaccard, shingles
from dive.verification.grounding import Grounding, recompute, render_value
from dive.verification.leakage import CHOICE_OPS, Leakage, answer_in_query, bridge_entities, value_in_query
from dive.verification.necessity import Necessity
from dive.verification.replay import Replay
from dive.verification.verifier import Verifier, VerifyContext, accept, reject, run_checks
from dive.verification.wellposed import WellPosed

__all__ = [
    "CHOICE_OPS",
    "OPS",
    "Deduplicator",
    "EvidenceError",
    "Grounding",
    "Leakage",
    "Necessity",
    "OpError",
    "Replay",
    "VerifyContext",
    "Verifier",
    "WellPosed",
    "accept",
    "answer_in_query",
    "apply_op",
    "bridge_entities",
    "evidence_values",
    "jaccard",
    "provenance_calls",
    "recompute",
    "reject",
    "render_value",
    "run_checks",
    "shingles",
    "standard_verifiers",
    "value_in_query",
]


def standard_verifiers(dedup: Deduplicator | None = None) -> list[Verifier]:
    """The built-in checks, cheap ones first, replay (which runs tools) next, dedup last."""
    checks: list[Verifier] = [WellPosed(), Grounding(), Necessity(), Leakage(), Replay()]
    return [*checks, dedup] if dedup is not None else checks
