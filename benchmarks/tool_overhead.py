"""Per-call overhead of the execution layer and of the sandbox.

Prints the median time of: a direct function call, the same call through ``execute`` (argument
validation, a worker thread with a timeout, output validation, JSON size check), and a trivial
program in the sandbox; plus the ratios. Run: ``python benchmarks/tool_overhead.py``.
"""

from __future__ import annotations

import statistics
import time

from dive.tools import load_pack
from dive.tools.execution import Limits, execute
from dive.tools.sandbox import backend, run_python


def median_ms(fn, n: int) -> float:  # noqa: ANN001
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    tools = {t.name: t for t in load_pack("core")}
    add = tools["add_numbers"]
    convert = tools["convert_units"]
    limits = Limits()
    direct_add = median_ms(lambda: add.fn(a=2.5, b=4.0), 5000)
    exec_add = median_ms(lambda: execute(add, {"a": 2.5, "b": 4}, call_id="x", limits=limits), 5000)
    direct_conv = median_ms(lambda: convert.fn(value=10.0, from_unit="km", to_unit="mi"), 5000)
    exec_conv = median_ms(lambda: execute(convert, {"value": 10, "from_unit": "km", "to_unit": "mi"},
                                          call_id="x", limits=limits), 5000)
    sandbox = median_ms(lambda: run_python("print(1)"), 30)
    print(f"direct add_numbers        {direct_add * 1000:9.1f} us")
    print(f"execute(add_numbers)      {exec_add * 1000:9.1f} us   overhead {(exec_add - direct_add) * 1000:7.1f} us")
    print(f"direct convert_units      {direct_conv * 1000:9.1f} us")
    print(f"execute(convert_units)    {exec_conv * 1000:9.1f} us   overhead {(exec_conv - direct_conv) * 1000:7.1f} us")
    print(f"sandbox ({backend()}) print(1) {sandbox:9.1f} ms")
    print(f"ratio execute/direct (add)      {exec_add / direct_add:8.1f}x")
    print(f"ratio sandbox/execute (add)     {sandbox / exec_add:8.1f}x")


if __name__ == "__main__":
    main()
