"""Start-up of a run: seconds from a fresh interpreter to the first item starting.

Runs ``dive.pipeline.run`` for one item in a fresh process (the seed-list cache as it is: run
twice to see the warm case) and prints the time from interpreter start to the first item's
commit, the item's own wall time (stored in its ItemResult), and their difference: imports,
the tool pool, seeds, lexicon and components, the store and the manifest.

Run: ``python benchmarks/startup.py [--packs core,geo]`` (default: every installed pack).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

_CHILD = r"""
import time
t0 = time.perf_counter()
import json, sys, tempfile
from pathlib import Path
from dive.config import load_config
from dive.pipeline import run
from dive.records import ItemResult
from dive.store import RunStore
imported = time.perf_counter() - t0
packs = json.loads(sys.argv[1])
overrides = ["max_items=1", *([f"tools.packs={json.dumps(packs)}"] if packs else [])]
first = []
out = Path(tempfile.mkdtemp()) / "run"
run(load_config(tasks=1, seed=0, overrides=overrides), out, workers=1,
    on_item=lambda f: first.append(time.perf_counter() - t0))
with RunStore.open(out, readonly=True) as store:
    item_s = next(store.iter(ItemResult)).wall_ms / 1000
print(json.dumps({"imports_s": imported, "first_commit_s": first[0], "item_s": item_s}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--packs", default="", help="comma-separated packs (default: every installed pack)")
    args = parser.parse_args()
    packs = [p for p in args.packs.split(",") if p]
    done = subprocess.run([sys.executable, "-c", _CHILD, json.dumps(packs)], capture_output=True, text=True,
                          check=True)
    m = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"imports {m['imports_s']:.2f} s; first item committed at {m['first_commit_s']:.2f} s, of which the item "
          f"{m['item_s']:.2f} s: start-up to the first item {m['first_commit_s'] - m['item_s']:.2f} s")
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print("note: PYTHONDONTWRITEBYTECODE is set, so every module edited since its .pyc was written is compiled at "
              "each start (0.6 s after an edit of the packs); run it with the variable unset for what a user sees")


if __name__ == "__main__":
    main()
