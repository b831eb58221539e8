"""Requests in flight against an endpoint with a fixed latency, over its configured concurrency.

Runs items whose explorer and deriver are LLM stages against the test suite's fake
OpenAI-compatible server (every answer takes ``--latency`` seconds; nothing to derive, so
items are mostly waiting on the model) with 1 worker and with the default for an LLM run
(the larger of the cores and the endpoint's concurrency), and prints for each the steady
request rate over the ideal ``concurrency / latency`` and the mean requests in flight over the
concurrency (rate x latency, Little's law), with the most the server ever saw at once. Last, the
rate a plain SDK client reaches against the same server at the same concurrency (one process, no items):
what the fake server's and the SDK's own work per request leave of the ideal.

Run: ``python benchmarks/llm_concurrency.py [--concurrency 8] [--latency 0.2] [--items 640]`` (640 items: about
16 s of requests at the ideal rate, so the workers' start-up and the last items' drain weigh little).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "llm"))

from waiting_run import ceiling, measure  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--items", type=int, default=640)
    args = parser.parse_args()
    warnings.filterwarnings("ignore", category=RuntimeWarning)
    ideal = args.concurrency / args.latency
    for workers in (1, None):
        with tempfile.TemporaryDirectory() as tmp:
            n, rate, peak = measure(workers, args.concurrency, args.latency,
                                    args.items // 8 if workers == 1 else args.items, Path(tmp) / "run")
        print(f"{n:3} workers: {rate:5.1f} requests/s of an ideal {ideal:.0f} ({rate / ideal:.0%}); in flight "
              f"{rate * args.latency:.2f} on average of {args.concurrency} ({rate * args.latency / args.concurrency:.0%}),"
              f" at most {peak}")
    rate = ceiling(args.concurrency, args.latency, args.items * 2)
    print(f"the SDK alone, {args.concurrency} at once: {rate:5.1f} requests/s ({rate / ideal:.0%} of the ideal)")


if __name__ == "__main__":
    main()
