"""Tasks over a user's own stateful tools: coverage, gold replay from the starting state, determinism.

Runs ``dive run`` twice with one seed over the three stateful sources of the test suite, each with
its vocab YAML, the ``core`` pack beside them: a Python class (``social_net.py``, ``tools.modules``),
an MCP server written with the mcp SDK (``notes_server.py``, ``tools.mcp`` over stdio) and a local
OpenAPI service (``library_service.py``, ``tools.openapi``); and prints:

- kept tasks, and how many ask for actions first (``provenance.state_calls``);
- the share of the imported tools called at least once in the traces (issue 12: >= 90%);
- the share of kept tasks whose gold trajectory, run from the starting state, reproduces the
  answer (issue 12: 100%), with :func:`dive.tools.sources.state.replay_gold`;
- queries that name a tool or a parameter (issue 11's query rules: 0);
- whether the two runs kept the same tasks (issue 12: yes).

Run: ``PYTHONPATH=src python benchmarks/own_tools.py [--tasks 300] [--seed 0]``.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "tests" / "tools" / "sources"
sys.path.insert(0, str(SOURCE))

from library_service import SPEC, serve  # noqa: E402

from dive.config import load_config  # noqa: E402
from dive.pipeline import run  # noqa: E402
from dive.pipeline.run import run_context  # noqa: E402
from dive.records import ItemResult, Task, Trace, Trajectory  # noqa: E402
from dive.store import RunStore  # noqa: E402
from dive.tools.sources import close_sources  # noqa: E402
from dive.tools.sources.state import replay_gold  # noqa: E402
from dive.verification.hygiene import hygiene_problem  # noqa: E402


def config(tasks: int, seed: int, library_url: str):  # noqa: ANN201 - a RunConfig
    return load_config(tasks=tasks, seed=seed, overrides=[
        "tools.packs=[core]", "tools.toolset_min=5", "tools.toolset_max=12",
        f"tools.modules=[{{module: 'social_net:Network', vocab: '{SOURCE / 'social_net.yaml'}'}}]",
        f"tools.mcp=[{{name: notes, command: '{sys.executable}', args: ['{SOURCE / 'notes_server.py'}'], "
        f"vocab: '{SOURCE / 'notes_server.yaml'}', reset_tool: reset}}]",
        f"tools.openapi=[{{name: library, spec: '{SPEC}', base_url: '{library_url}', "
        f"vocab: '{SOURCE / 'library_openapi_vocab.yaml'}', reset: POST /reset}}]"])


def names_a_tool_or_parameter(query: str, tools: set[str], params: set[str]) -> str | None:
    problem = hygiene_problem(query, tools)
    if problem:
        return problem
    for p in params:
        if ("_" in p or re.search(r"[a-z][A-Z]", p)) and re.search(rf"\b{re.escape(p)}\b", query):
            return f"names the parameter {p!r}"
    return None


def measure(out: Path, cfg) -> dict[str, object]:  # noqa: ANN001
    ctx = run_context(cfg)
    imported = {t.name for t in ctx.pool.list_tools() if t.pack in ("network", "notes", "library")}
    params = {p for t in ctx.pool.list_tools() for p in t.parameters.get("properties", {})}
    names = {t.name for t in ctx.pool.list_tools()}
    with RunStore.open(out, readonly=True) as store:
        called = {c.tool for trace in store.iter(Trace) for c in trace.calls}
        kept_ids = [k for r in store.iter(ItemResult) for k in r.kept_task_ids]
        gold = {t.task_id: t for t in store.iter(Trajectory) if t.source == "gold"}
        reproduced, acting, leaky, failures = 0, 0, [], []
        for tid in kept_ids:
            task = store.get(Task, tid)
            trace = store.get(Trace, task.trace_id)
            acting += bool(task.provenance.state_calls)
            problem = replay_gold(task, trace, gold[tid], ctx.pool, ctx.reset)
            reproduced += problem is None
            if problem:
                failures.append(f"{task.query} -> {problem}")
            bad = names_a_tool_or_parameter(task.query, names, params)
            if bad:
                leaky.append(f"{task.query} ({bad})")
    close_sources(ctx.sources)
    return {"kept": len(kept_ids), "acting": acting, "called": sorted(called & imported),
            "imported": sorted(imported), "reproduced": reproduced, "failures": failures, "leaky": leaky,
            "ids": kept_ids}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tasks", type=int, default=300)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    url, server = serve()
    cfg = config(args.tasks, args.seed, url)
    with tempfile.TemporaryDirectory() as tmp:
        results = []
        for i in (1, 2):
            started = time.perf_counter()
            funnel = run(cfg, Path(tmp) / f"run{i}")
            results.append(measure(Path(tmp) / f"run{i}", cfg))
            print(f"run {i}: kept {funnel.kept} tasks from {funnel.items} items in {time.perf_counter() - started:.1f} s "
                  f"({funnel.as_dict()['rejected']})")
    first = results[0]
    kept = int(first["kept"])  # type: ignore[call-overload]
    called, imported = first["called"], first["imported"]
    print(f"imported tools called at least once: {len(called)}/{len(imported)} "  # type: ignore[arg-type]
          f"= {len(called) / len(imported):.0%}; never: {sorted(set(imported) - set(called))}")  # type: ignore[arg-type]
    print(f"kept tasks that ask for actions first: {first['acting']}/{kept}")
    print(f"gold trajectories that reproduce the answer from the starting state: {first['reproduced']}/{kept}")
    for line in first["failures"][:5]:  # type: ignore[index]
        print("  ", line)
    print(f"queries naming a tool or a parameter: {len(first['leaky'])}")  # type: ignore[arg-type]
    for line in first["leaky"][:5]:  # type: ignore[index]
        print("  ", line)
    same = first["ids"] == results[1]["ids"]
    print(f"two runs with seed {args.seed} kept the same tasks: {'yes' if same else 'no'}")
    server.shutdown()


if __name__ == "__main__":
    main()
