"""The layering of dive's modules, read from their imports (an AST walk, nothing is imported).

- the three stage packages (exploration, derivation, verification) do not import each other: what
  they share lives in neutral modules (values, mentions, ops, provenance, facts, prompting, ...);
- neutral modules import no stage package and nothing above them (pipeline, export, report, commands);
- only the CLI imports the commands;
- no module in the stage packages or the neutral modules imports dive inside a function (the way
  import cycles used to be worked around).
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).parents[1] / "src" / "dive"
STAGES = ("exploration", "derivation", "verification")
ABOVE = ("pipeline", "export", "report", "commands", "cli", "diversity", "decontam")
NEUTRAL = ("records", "stages", "values", "mentions", "ops", "provenance", "facts", "prompting", "trajectories",
           "chains", "lexicon", "lexicon_load", "lexicon_problems",
           "answers", "_answer_parsing", "jsonpath", "config", "registry", "errors", "_hashing", "sampling")

OWNED_ELSEWHERE: set[tuple[str, str]] = set()
"""Imports allowed while a module moves (none now)."""
SHIMS = {"verification/ops.py", "verification/provenance.py", "exploration/facts.py"}
"""Old import paths kept for the modules above; they re-export a neutral module."""


def _modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "packs" not in p.parts)


def _top(path: Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0].removesuffix(".py")


def _imports(path: Path) -> list[tuple[str, bool]]:
    """Every imported dive module, and whether the import sits inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: list[tuple[str, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.ImportFrom) and child.module and child.module.startswith("dive"):
                out.append((child.module, inside))
            elif isinstance(child, ast.Import):
                out.extend((a.name, inside) for a in child.names if a.name.startswith("dive"))
            visit(child, inside)

    visit(tree, False)
    return out


def _package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _violations(check) -> list[str]:  # noqa: ANN001
    found = []
    for path in _modules():
        rel = str(path.relative_to(SRC))
        for module, in_function in _imports(path):
            if (rel, module) in OWNED_ELSEWHERE or rel in SHIMS:
                continue
            problem = check(_top(path), module, in_function)
            if problem:
                found.append(f"{rel}: {problem} ({module})")
    return found


def test_stage_packages_do_not_import_each_other() -> None:
    def check(top: str, module: str, _: bool) -> str | None:
        target = _package(module)
        if top in STAGES and target in STAGES and target != top:
            return f"{top} imports {target}"
        return None

    assert _violations(check) == []


def test_neutral_modules_import_no_stage_and_nothing_above() -> None:
    def check(top: str, module: str, _: bool) -> str | None:
        target = _package(module)
        if top in NEUTRAL and target in (*STAGES, *ABOVE):
            return f"neutral {top} imports {target}"
        return None

    assert _violations(check) == []


def test_only_the_cli_imports_commands() -> None:
    def check(top: str, module: str, _: bool) -> str | None:
        return f"{top} imports a command module" if _package(module) == "commands" and top not in ("cli", "commands") \
            else None

    assert _violations(check) == []


def test_no_function_level_imports_in_stages_and_neutral_modules() -> None:
    def check(top: str, module: str, in_function: bool) -> str | None:
        return "imports inside a function" if in_function and top in (*STAGES, *NEUTRAL) else None

    assert _violations(check) == []


def test_the_checker_sees_a_violation(tmp_path: Path) -> None:
    """The walk finds function-level and top-level imports (so the tests above cannot pass vacuously)."""
    sample = tmp_path / "m.py"
    sample.write_text("from dive.records import Task\n\ndef f():\n    from dive.verification.leakage import Leakage\n")
    assert _imports(sample) == [("dive.records", False), ("dive.verification.leakage", True)]
