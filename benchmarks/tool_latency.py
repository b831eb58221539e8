"""Median call time of every installed tool (its example calls, warm), slowest first.

Run: ``python benchmarks/tool_latency.py [--top 15] [--repeat 5]``. The first call of each tool
(imports, data loading) is reported separately as the cold time.
"""

from __future__ import annotations

import argparse
import statistics
import time

from dive.tools import PACKS, load_pack, pack_installed
from dive.tools.execution import Limits, execute


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    limits = Limits(timeout_s=120)
    rows = []
    for pack in PACKS:
        if not pack_installed(pack):
            continue
        for tool in load_pack(pack):
            example = tool.examples[0]
            start = time.perf_counter()
            execute(tool, example, call_id="cold", limits=limits)
            cold = (time.perf_counter() - start) * 1000
            warm = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                execute(tool, example, call_id="warm", limits=limits)
                warm.append((time.perf_counter() - start) * 1000)
            rows.append((statistics.median(warm), cold, tool.name, pack))
    rows.sort(reverse=True)
    medians = [r[0] for r in rows]
    print(f"{len(rows)} tools; median of medians {statistics.median(medians):.2f} ms; "
          f"share under 10 ms {sum(m < 10 for m in medians) / len(medians):.1%}")
    print(f"{'tool':32} {'pack':9} {'warm median ms':>15} {'cold ms':>10}")
    for warm, cold, name, pack in rows[: args.top]:
        print(f"{name:32} {pack:9} {warm:15.1f} {cold:10.1f}")


if __name__ == "__main__":
    main()
