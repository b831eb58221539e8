"""The verbs: sample, explore, derive, verify and render, item by item, into a run store.

    config = load_config(tasks=500, seed=0)
    funnel = run(config, "runs/demo")             # resumable: run(config, "runs/demo", resume=True)

- :mod:`dive.pipeline.item`: one work item, as the paper's loop (explore -> derive -> verify, K rounds);
- :mod:`dive.pipeline.run`: items in order into the store, resume, the funnel;
- :mod:`dive.pipeline.build`: components from the config, through :mod:`dive.registry`;
- :mod:`dive.pipeline.manifest`: what a run records to be reproduced, and what resuming checks.
"""

from dive.pipeline.build import Build, Components
from dive.pipeline.item import ItemOutput, RunContext, process_item
from dive.pipeline.run import Funnel, run, run_context

__all__ = ["Build", "Components", "Funnel", "ItemOutput", "RunContext", "process_item", "run", "run_context"]
