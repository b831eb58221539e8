"""The ``dive`` command: one entry point, one subcommand per verb.

Human-readable output by default (rich tables); ``--json`` for machines.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from dive import __version__
from dive.errors import DiveError

__all__ = ["build_parser", "main"]


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage error as one line naming the fix (not the usage block)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}; see '{self.prog} --help'\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``dive`` (its help text is a golden file)."""
    parser = _Parser(
        prog="dive",
        description="dive-tasks: synthesize diverse, executable, verifiable tool-use tasks (the DIVE recipe).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Run 'dive COMMAND --help' for the options of a command.",
    )
    parser.add_argument("--version", action="version", version=f"dive-tasks {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    tools = commands.add_parser("tools", help="list, inspect and health-check the tool pool")
    tools_cmd = tools.add_subparsers(dest="tools_command", metavar="SUBCOMMAND")
    t_list = tools_cmd.add_parser("list", help="list the tools of every pack, and the distribution each pack comes from (marks packs that are not installed)")
    t_list.add_argument("--pack", action="append", help="only this pack (repeatable)")
    t_list.add_argument("--json", action="store_true", help="print a JSON array of tools")
    t_list.add_argument("--config", help="the pool of this run config, with its own tools (tools.modules)")
    t_show = tools_cmd.add_parser("show", help="show one tool: description, schemas, semantic types, examples")
    t_show.add_argument("name", help="tool name")
    t_show.add_argument("--json", action="store_true", help="print the tool spec as JSON")
    t_show.add_argument("--config", help="look in the pool of this run config (an imported tool shows what was "
                        "inferred: kind, semantic types, lexicon)")
    t_check = tools_cmd.add_parser("check", help="run every tool's example calls and print a health table")
    t_check.add_argument("--pack", action="append", help="only this pack (repeatable)")
    t_check.add_argument("--json", action="store_true", help='print {"tools": [{"name", "ok", "error", "duration_ms"}]}')
    t_check.add_argument("--config", help="check the pool of this run config, with its own tools (state reset "
                         "before each example)")
    t_check.add_argument("--allow-actions", action="store_true",
                         help="also call imported tools that change state (kind A); skipped otherwise")
    t_stats = tools_cmd.add_parser("stats", help="tools per domain, kind and backing package; seeds per domain")
    t_stats.add_argument("--json", action="store_true", help="print the statistics as JSON")

    run = commands.add_parser(
        "run", help="synthesize verified tasks offline into a run directory",
        description="Sample seeds and toolsets, execute real tools, derive tasks the traces entail, verify them "
                    "mechanically and store everything in OUT/run.sqlite. Resumable; same config and seed give "
                    "the same tasks.")
    run.add_argument("--tasks", type=int, help="kept (verified) tasks to produce (default: 100, or the config's); the "
                     "run stops after the item that reaches it, which may keep a task or two more")
    run.add_argument("--seed", type=int, help="run seed (default: 0, or the config's)")
    run.add_argument("--out", required=True, help="run directory to create (or continue with --resume)")
    run.add_argument("--config", help="YAML run config: the fields of dive.config.RunConfig, e.g. 'explore: {rounds: 2}'")
    run.add_argument("-o", "--override", action="append", metavar="KEY=VALUE",
                     help="set one config value, e.g. -o explore.rounds=2 (repeatable)")
    run.add_argument("--explorer", metavar="NAME",
                     help="a registered explorer (programs, the offline default; typed_walk; llm) or PROVIDER:MODEL "
                          "for the LLM explorer, e.g. openai:Qwen/Qwen3-8B or local:smollm2")
    run.add_argument("--deriver", metavar="NAME",
                     help="a registered deriver (natural, the offline default; compose; llm) or PROVIDER:MODEL "
                          "for the LLM deriver")
    run.add_argument("--solver", metavar="PROVIDER:MODEL",
                     help="teacher model: adds the closed_book and solver checks (k attempts with tools; "
                          "correct ones become SFT trajectories)")
    run.add_argument("--judge", metavar="PROVIDER:MODEL",
                     help="judge model, for answers the typed checker cannot read")
    run.add_argument("--phraser", metavar="PROVIDER:MODEL",
                     help="model that rewrites each question in a person's voice; a rewrite is kept only when "
                          "every name, number, date and unit survives (both texts are stored)")
    run.add_argument("--base-url", metavar="URL",
                     help="OpenAI-compatible endpoint of every stage that sets none, e.g. http://localhost:8000/v1 "
                          "(default: $OPENAI_BASE_URL, else OpenAI; key from $OPENAI_API_KEY)")
    run.add_argument("--resume", action="store_true",
                     help="continue the run in OUT with its own stored config (no other flag needed; --tasks may grow)")
    run.add_argument("--force", action="store_true",
                     help="write over tasks.jsonl / gold_openai.jsonl files in OUT that no run wrote")
    run.add_argument("--no-verify", action="store_true",
                     help="allow a config without the grounding check (tasks kept unverified, on purpose)")
    run.add_argument("--workers", type=_positive, metavar="N",
                     help="workers running items (default: the cores available, or the CPUs of the Ray cluster); "
                          "the output is the same for any N")
    run.add_argument("--backend", choices=("local", "ray"), default="local",
                     help="where items run: local worker processes, or Ray actors (extra dive-tasks[ray]; the output "
                          "is the same) (default: local)")
    run.add_argument("--ray-address", metavar="ADDRESS",
                     help="the Ray cluster of --backend ray, e.g. ray://head:10001 or auto (default: a local Ray)")
    run.add_argument("--shard", metavar="I/N",
                     help="run only shard I of N (items I, I+N, ...) into OUT; 'dive merge' joins the N shards into "
                          "the run the unsharded command gives")
    run.add_argument("--tool-memory-mb", type=_positive, default=4096, metavar="MB",
                     help="address-space limit of each process running tool calls (default: 4096)")
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    run.add_argument("--json", action="store_true", help="print the final funnel as JSON")

    show = commands.add_parser("show", help="funnel, diversity summary and sample tasks of a run")
    show.add_argument("dir", help="run directory")
    show.add_argument("--samples", type=_count, default=3, help="sample tasks to print (default: 3)")
    show.add_argument("--json", action="store_true", help="print the report as JSON")

    export = commands.add_parser("export", help="write a run's kept tasks as JSON lines")
    export.add_argument("dir", help="run directory")
    export.add_argument("--format", metavar="FORMAT", default="tasks",
                        help="tasks: query, answer spec, provenance, toolset and trace per line; "
                             "openai: gold trajectories as {messages, tools}; sft: the solver model's correct "
                             "attempts, same format; or a format registered under 'dive.exporters' (default: tasks)")
    export.add_argument("--out", required=True,
                        help="output .jsonl file, or - for standard output (pipes, devices and symlinks are written "
                             "through; a regular file is replaced atomically)")

    merge = commands.add_parser(
        "merge", help="join the shards of a run (dive run --shard I/N) into the unsharded run",
        description="Take the items of the run in order from the shard directories, run the few that no shard has "
                    "(or whose deduplication changed once every earlier task is known), and write OUT with the same "
                    "tasks.jsonl as the unsharded run.")
    merge.add_argument("shards", nargs="+", metavar="SHARD_DIR", help="the run directories of shards 0/N .. N-1/N")
    merge.add_argument("--out", required=True, help="run directory to create")
    merge.add_argument("--json", action="store_true", help="print the final funnel as JSON")

    runs = commands.add_parser("runs", help="list and inspect run directories")
    runs_cmd = runs.add_subparsers(dest="runs_command", metavar="SUBCOMMAND")
    r_list = runs_cmd.add_parser("list", help="list the runs under a folder")
    r_list.add_argument("root", nargs="?", default="runs", help="folder holding run directories (default: runs)")
    r_list.add_argument("--json", action="store_true", help="print JSON")
    r_show = runs_cmd.add_parser("show", help="show one run: manifest and record counts")
    r_show.add_argument("dir", help="run directory")
    r_show.add_argument("--json", action="store_true", help="print JSON")

    decontam = commands.add_parser(
        "decontam", help="check the exemplars, seeds and a run's tasks for n-gram overlap with BFCL",
        description="Word n-gram overlap (lowercased, punctuation removed) of the exemplar pool, the seed pool of "
                    "every installed tool pack and, with --run, a run's kept tasks with the BFCL v4 questions. "
                    "Needs the benchmark data: pip install --no-deps bfcl-eval==2026.3.23")
    decontam.add_argument("--run", metavar="DIR", help="also check the kept tasks of this run directory")
    decontam.add_argument("--n", type=int, default=8, help="n-gram length in words (default: 8)")
    decontam.add_argument("--examples", type=int, default=5, metavar="K",
                          help="overlapping texts to show per section (default: 5)")
    decontam.add_argument("--json", action="store_true", help="print the report as JSON")

    doctor = commands.add_parser(
        "doctor", help="check Python, the packs' extras, Java, bubblewrap and the configured LLM endpoints",
        description="One line per check with the fix for anything missing; exit status 1 when a check fails.")
    doctor.add_argument("--config", help="YAML run config whose LLM endpoints to probe")
    doctor.add_argument("-o", "--override", action="append", metavar="KEY=VALUE",
                        help="set one config value, e.g. -o llm.solver.model=openai:Qwen/Qwen3-8B (repeatable)")
    doctor.add_argument("--base-url", metavar="URL",
                        help="probe this OpenAI-compatible endpoint (default: $OPENAI_BASE_URL, if set)")
    doctor.add_argument("--json", action="store_true", help='print [{"name", "status", "detail", "fix"}]')

    serve = commands.add_parser("serve", help="serve the tool pool to agents and harnesses")
    serve_cmd = serve.add_subparsers(dest="serve_command", metavar="PROTOCOL")
    s_mcp = serve_cmd.add_parser(
        "mcp", help="the pool (or one run's toolset) as an MCP server, over stdio or streamable HTTP",
        description='Needs pip install "dive-tasks[mcp]". Tools run under the run config\'s execution limits.')
    s_mcp.add_argument("--config", help="serve the pool of this run config, with its own tools")
    s_mcp.add_argument("--run", metavar="DIR", help="serve exactly the tools of this run")
    s_mcp.add_argument("--http", action="store_true", help="streamable HTTP instead of stdio")
    s_mcp.add_argument("--host", default="127.0.0.1", help="HTTP host (default: 127.0.0.1)")
    s_mcp.add_argument("--port", type=int, default=8765, help="HTTP port (default: 8765); the endpoint is /mcp")
    return parser


def _count(text: str) -> int:
    """A whole number, 0 or more (argparse type)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return value


def _positive(text: str) -> int:
    """A whole number, 1 or more (argparse type)."""
    value = _count(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {value}")
    return value


def _print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``dive`` command; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    from dive.commands import decontam as _cli_decontam
    from dive.commands import doctor as _cli_doctor
    from dive.commands import runs as _cli_runs
    from dive.commands import serve as _cli_serve
    from dive.commands import synth as _cli_synth
    from dive.commands import tools as _cli_tools

    handlers = {
        ("tools", "list"): _cli_tools.cmd_list,
        ("tools", "show"): _cli_tools.cmd_show,
        ("tools", "check"): _cli_tools.cmd_check,
        ("tools", "stats"): _cli_tools.cmd_stats,
        ("run", None): _cli_synth.cmd_run,
        ("show", None): _cli_synth.cmd_show,
        ("export", None): _cli_synth.cmd_export,
        ("merge", None): _cli_synth.cmd_merge,
        ("runs", "list"): _cli_runs.cmd_list,
        ("runs", "show"): _cli_runs.cmd_show,
        ("decontam", None): _cli_decontam.cmd_decontam,
        ("doctor", None): _cli_doctor.cmd_doctor,
        ("serve", "mcp"): _cli_serve.cmd_serve_mcp,
    }
    sub = getattr(args, f"{args.command}_command", None) if args.command else None
    handler = handlers.get((args.command, sub))
    import sqlite3
    if handler is None:
        if args.command:
            parser.parse_args([args.command, "--help"])
        parser.print_help()
        return 0 if args.command is None else 2
    try:
        return handler(args)
    except DiveError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        sys.stderr.write("dive: interrupted\n")
        return 130
    except BrokenPipeError:  # e.g. 'dive export RUN --out - | head': the reader left, nothing is wrong
        _quiet_stdout()
        return 0
    except sqlite3.DatabaseError as exc:
        return _fail(f"a run store cannot be read ({exc}); it is corrupted or not a dive run database")
    except OSError as exc:
        where = f" {exc.filename!r}" if exc.filename else ""
        return _fail(f"cannot access{where}: {exc.strerror or exc}; check the path and its permissions")


def _fail(message: str) -> int:
    """One line on standard error, exit status 2 (every user error ends this way, never in a traceback)."""
    sys.stderr.write(f"dive: error: {' '.join(message.split())}\n")
    return 2


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's final flush into a closed pipe stays silent."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
