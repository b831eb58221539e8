"""Cost of the LLM-driven pipeline: model calls and tokens per kept task, per stage.

Runs the whole LLM pipeline (LLM explorer, LLM deriver, closed-book and solver checks with
a judge) through the real ``openai`` SDK against the local fake OpenAI-compatible server of
the test suite, with the simulated model of ``tests/llm/sim_model.py`` answering. The
simulated model is terse, so token counts are a floor for a real model; call counts are
what the pipeline's structure costs (K rounds x explorer turns, one deriver call per round,
k solver attempts x turns, ...). ``--faults`` queues transport faults to show retries
and what happens when they run out. Token counts are the fake server's word counts of the
messages (tool schemas not included), a floor for a real model's.

Run: ``python benchmarks/llm_calls.py [--tasks 20] [--seed 0] [--solver-attempts 3] [--faults]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "llm"))

from fake_server import FakeOpenAIServer  # noqa: E402
from sim_model import SimModel  # noqa: E402

from dive.config import load_config  # noqa: E402
from dive.pipeline import run  # noqa: E402
from dive.report import run_report  # noqa: E402
from dive.tools.registry import PACKS, load_pool, pack_installed  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--solver-attempts", type=int, default=3)
    parser.add_argument("--faults", action="store_true", help="queue a 429, a 500 and an empty answer per task, back to back, for the first requests: "
                             "retries absorb most; a call that meets 5 in a row fails after its retries")
    args = parser.parse_args()
    warnings.filterwarnings("ignore", category=RuntimeWarning)
    packs = [p for p in PACKS if pack_installed(p)]
    pool = {t.name: t for t in load_pool(packs).list_tools()}
    sim = SimModel(pool)
    with FakeOpenAIServer(sim.respond) as server, tempfile.TemporaryDirectory() as tmp:
        if args.faults:
            for _ in range(args.tasks):
                server.inject("rate_limit", retry_after_s=0.01)
                server.inject("server_error")
                server.inject("empty_choices")
        overrides = ["explore.explorer=llm", "derive.deriver=llm", f"verify.solver_attempts={args.solver_attempts}",
                     "verify.checks=[grounding,replay,leakage,well_posed,necessity,dedup,closed_book,solver]"]
        for stage in ("explorer", "deriver", "solver", "judge"):
            overrides += [f"llm.{stage}.model=openai:sim", f"llm.{stage}.base_url={server.url}"]
        config = load_config(tasks=args.tasks, seed=args.seed, overrides=overrides)
        start = time.perf_counter()
        funnel = run(config, Path(tmp) / "run")
        wall = time.perf_counter() - start
        report = run_report(Path(tmp) / "run")
        requests = len([r for r in server.requests if r.path.endswith("/chat/completions")])
    usage = report["llm"]
    print(f"kept {funnel.kept} tasks from {funnel.items} items ({funnel.derived} derived) in {wall:.1f} s; "
          f"{requests} HTTP requests to the server; faults served: {dict(server.faults_served) or 'none'}")
    print(f"{'stage':<12}{'calls':>7}{'requests':>9}{'tokens':>9}{'unusable':>9}{'calls/kept':>11}{'tokens/kept':>12}")
    total_calls = total_tokens = 0
    for stage, u in usage.items():
        if not isinstance(u, dict):
            continue
        tokens = u["prompt_tokens"] + u["completion_tokens"]
        total_calls += u["calls"]
        total_tokens += tokens
        per = u["per_kept_task"]
        print(f"{stage:<12}{u['calls']:>7}{u['requests']:>9}{tokens:>9}{u['unusable']:>9}{per['calls']:>11}"
              f"{per['tokens']:>12}")
    kept = max(1, funnel.kept)
    print(f"{'all':<12}{total_calls:>7}{'':>9}{total_tokens:>9}{'':>9}{total_calls / kept:>11.2f}"
          f"{total_tokens / kept:>12.1f}")
    print(f"solver trajectories (SFT): {usage.get('solver_trajectories')}, mean pass rate {usage.get('mean_pass_rate')}")
    for stage, u in usage.items():
        if isinstance(u, dict) and u["unusable_example"]:
            print(f"{stage} unusable, e.g.: {u['unusable_example']}")


if __name__ == "__main__":
    main()
