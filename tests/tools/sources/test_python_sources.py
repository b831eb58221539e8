"""Own tools from Python: modules of @tool functions, and a stateful class (social_net.Network) as a pack."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import social_net

import dive
from dive.cli import main
from dive.config import load_config
from dive.errors import ConfigError, ToolNameClash
from dive.export import export_run
from dive.pipeline.run import run_context
from dive.records import Task, Trace, Trajectory
from dive.store import RunStore
from dive.tools.sources import class_pack, load_sources, load_vocab, module_pack, objects_pack
from dive.tools.sources.infer import infer_kind, infer_sem
from dive.tools.sources.state import replay_gold

HERE = Path(__file__).parent
VOCAB = HERE / "social_net.yaml"
SOURCE = f"{{module: 'social_net:Network', vocab: '{VOCAB}'}}"


def _config(tasks: int, *more: str):  # noqa: ANN202
    return load_config(tasks=tasks, seed=3, overrides=[
        "tools.packs=[core]", "tools.toolset_min=5", "tools.toolset_max=12", f"tools.modules=[{SOURCE}]", *more])


def test_a_class_becomes_one_stateful_pack_with_inferred_kinds_types_and_lexicon() -> None:
    pack = module_pack("social_net:Network", vocab=load_vocab(VOCAB, "test"))
    tools = {t.name: t for t in pack.tools()}
    assert pack.name == "network" and pack.state is not None
    assert {n for n, t in tools.items() if t.kind == "A"} == {"follow_user", "unfollow_user", "move_to",
                                                              "write_post", "invite_member"}
    profile = tools["get_profile"]
    assert profile.param_sem == {"username": "username"}
    assert profile.output_sem["$.city"] == "city_name"  # a shared type: chains into the built-in geo pack
    assert profile.output_sem["$.best_friend"] == "username"  # from the vocab YAML
    assert "$.followers_count" not in profile.output_sem  # numbers never chain
    lex = pack.lexicon.tools["get_profile"]
    assert lex.subject == "username" and lex.fields["$.followers_count"].noun == "the followers count of {username}"
    assert "follow_user" not in pack.lexicon.tools  # an action is asked for, never asked about
    assert pack.actions["follow_user"] == "have {follower} follow {followee}"
    assert tools["list_people"].parameters.get("required") is None  # a no-argument tool is a tool


def test_reset_returns_the_instance_to_its_starting_state() -> None:
    pack = class_pack(social_net.Network, name="net")
    tools = {t.name: t for t in pack.tools()}
    before = tools["get_profile"].fn(username="erin")
    tools["follow_user"].fn(follower="gwen", followee="erin")
    assert tools["get_profile"].fn(username="erin")["followers_count"] == before["followers_count"] + 1
    assert pack.state is not None
    pack.state.reset()
    assert tools["get_profile"].fn(username="erin") == before


def test_module_tools_prefix_and_a_clash_is_one_clear_error() -> None:
    with pytest.raises(ToolNameClash, match="two tools are named 'round_number'.*prefix"):
        run_context(load_config(overrides=["tools.packs=[core]", "tools.modules=[unit_tools]"]))
    ctx = run_context(load_config(overrides=["tools.packs=[core]",
                                             "tools.modules=[{module: unit_tools, prefix: my_}]"]))
    assert "my_round_number" in ctx.pool and "round_number" in ctx.pool
    assert ctx.pool.call("my_round_number", {"x": 2.345, "digits": 1}).output == {"value": 2.3}


def test_cli_reports_a_clash_in_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    config = tmp_path / "run.yaml"
    config.write_text("tools:\n  packs: [core]\n  modules: [unit_tools]\n")
    assert main(["tools", "list", "--config", str(config)]) == 2
    err = capsys.readouterr().err.strip()
    assert "two tools are named 'round_number'" in err and "Traceback" not in err and len(err.splitlines()) == 1


def test_a_volatile_tool_never_gives_an_answer() -> None:
    pack = module_pack("unit_tools", vocab=load_vocab(HERE / "clock.yaml", "test"))
    clock = next(t for t in pack.tools() if t.name == "server_time")
    assert clock.deterministic is False and "server_time" not in pack.lexicon.tools
    assert "round_number" in pack.lexicon.tools


def test_bad_sources_fail_naming_the_fix() -> None:
    with pytest.raises(ConfigError, match="cannot import 'no_such_module'"):
        load_sources(load_config(overrides=["tools.modules=[no_such_module]"]).tools)
    with pytest.raises(ConfigError, match="has no class 'Nope'"):
        load_sources(load_config(overrides=["tools.modules=['social_net:Nope']"]).tools)
    with pytest.raises(ConfigError, match="no @tool functions"):
        load_sources(load_config(overrides=["tools.modules=[json]"]).tools)


@pytest.mark.parametrize(("name", "schema", "examples", "sem"), [
    ("country_code", {"type": "string"}, [], "country_code"),
    ("when", {"type": "string", "format": "date"}, [], "date"),
    ("start", {"type": "string"}, ["2024-01-05"], "date"),
    ("tz", {"type": "string"}, [], "timezone"),
    ("followersCount", {"type": "integer"}, [], None),
    ("lat", {"type": "number"}, [], "latitude"),
    ("name", {"type": "string"}, [], None),
    ("username", {"type": "string"}, [], "username"),
    ("home", {"type": "string", "x-sem": "city_name"}, [], "city_name"),
])
def test_infer_sem(name: str, schema: dict, examples: list, sem: str | None) -> None:
    assert infer_sem(name, schema, examples=examples) == sem


def test_infer_kind() -> None:
    assert [infer_kind(n) for n in ("get_profile", "deleteMessage", "follow", "list_people")] == ["R", "A", "A", "R"]
    assert infer_kind("anything", read_only=False) == "A"


def test_tools_show_and_check_with_a_config(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    config = tmp_path / "run.yaml"
    config.write_text(f"tools:\n  packs: [core]\n  modules:\n    - {SOURCE}\n")
    assert main(["tools", "show", "get_profile", "--config", str(config), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["inferred"]["lexicon"]["fields"]["$.city"] == "the city of {username}"
    assert shown["inferred"]["stateful"] is True and shown["distribution"] == "(imported)"
    main(["tools", "check", "--pack", "core", "--config", str(config), "--json"])
    results = {r["name"]: r for r in json.loads(capsys.readouterr().out)["tools"]}
    assert results["follow_user"]["skipped"]  # an action runs only with --allow-actions
    assert results["get_profile"]["ok"] and results["list_people"]["ok"]  # filled from seeds / no arguments
    main(["tools", "check", "--pack", "core", "--config", str(config), "--json", "--allow-actions"])
    results = {r["name"]: r for r in json.loads(capsys.readouterr().out)["tools"]}
    assert results["follow_user"]["ok"] and "skipped" not in results["follow_user"]


def test_check_resets_state_before_each_example(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Following twice from one shared state would fail the second time in a stricter API; here a counter
    shows it: each example sees the starting state."""
    pack = module_pack("social_net:Network", vocab=load_vocab(VOCAB, "test"))
    tools = {t.name: t for t in pack.tools()}
    from dive.commands.tools import _check_one

    move = tools["move_to"]
    twice = type(move)(**{**move.__dict__, "examples": ({"username": "dana", "city": "Oslo"},) * 2})
    assert _check_one(twice, pack, allow_actions=True)["ok"]
    assert tools["get_profile"].fn(username="dana")["city"] == "Oslo"  # the check changed it ...
    assert pack.state is not None
    pack.state.reset()
    assert tools["get_profile"].fn(username="dana")["city"] == "Lisbon"  # ... and a reset undoes it


def _kept(out: Path) -> list[tuple[Task, Trace, Trajectory]]:
    with RunStore.open(out, readonly=True) as store:
        gold = {t.task_id: t for t in store.iter(Trajectory) if t.source == "gold"}
        kept = [k for r in store.iter(dive.records.ItemResult) for k in r.kept_task_ids]
        tasks = [store.get(Task, k) for k in kept]
        return [(t, store.get(Trace, t.trace_id), gold[t.id]) for t in tasks]


def test_run_over_a_stateful_class_replays_from_the_starting_state_and_repeats(tmp_path: Path) -> None:
    # the coverage schedule roots few items in the class's own seeds: a few acting tasks in 100; a pool this small
    # (core and one class) has few questions of two calls or more, so one-call calculations are asked too, and few
    # distinct questions: 74 in 2,000 items once a question asked again in other words is a repeat
    config = _config(60, "derive.one_call=worked_out")
    funnel = dive.run(config, tmp_path / "a")
    assert funnel.kept >= 60
    kept = _kept(tmp_path / "a")
    ctx = run_context(config)
    problems = [replay_gold(task, trace, gold, ctx.pool, ctx.reset) for task, trace, gold in kept]
    assert problems == [None] * len(kept)  # 100%: each gold trajectory reproduces its answer from the start
    assert all(task.state for task, _, _ in kept)  # each task stores its starting state's id
    export_run(tmp_path / "a", tmp_path / "tasks.jsonl", fmt="tasks")
    exported = [json.loads(line) for line in (tmp_path / "tasks.jsonl").read_text().splitlines()]
    assert {line["state"] for line in exported} == {kept[0][0].state}
    acting = [(task, gold) for task, _, gold in kept if task.provenance.state_calls]
    assert acting, "some kept tasks ask for an action first"
    for task, gold in acting:  # the gold trajectory makes the actions first
        first = gold.messages[2].tool_calls[0].name
        assert dive.tools.PACKS.get(first) is None and first in task.toolset
        assert task.query[0].isupper() and "_" not in task.query
    network = {t.name for t in ctx.pool.list_tools() if t.pack == "network"}
    called = {c.tool for _, trace, _ in kept for c in trace.calls}
    assert network & called
    assert "list_people" in called  # a tool that takes no argument is called too: it lists what there is
    dive.run(config, tmp_path / "b")
    assert [t.id for t, _, _ in _kept(tmp_path / "b")] == [t.id for t, _, _ in kept]  # same seed, same tasks


def test_dive_run_takes_tools_in_python(tmp_path: Path) -> None:
    config = load_config(tasks=3, seed=1, overrides=["tools.packs=[core]", "tools.toolset_min=5"])
    network = class_pack(social_net.Network, name="network", vocab=load_vocab(VOCAB, "test"))
    funnel = dive.run(config, tmp_path / "py", tools=[network])
    assert funnel.kept >= 3
    with RunStore.open(tmp_path / "py", readonly=True) as store:
        used = {c.tool for trace in store.iter(Trace) for c in trace.calls}
    assert used & {"get_profile", "city_facts", "group_info"}
    instance = social_net.Network()
    (pack,) = objects_pack([instance])  # an instance is a stateful pack over that very object
    follow = next(t for t in pack.tools() if t.name == "follow_user")
    follow.fn(follower="gwen", followee="dana")
    assert ("gwen", "dana") in instance.follows
    with pytest.raises(ConfigError, match="decorate a function with @tool"):
        objects_pack([len])
