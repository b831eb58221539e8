"""Records: content-hash ids, frozen models and JSON round trips against golden files."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from dive._hashing import content_hash
from dive.records import (
    AnswerSpec,
    ChatMessage,
    ChatToolCall,
    Evidence,
    ItemResult,
    Observation,
    Provenance,
    Record,
    RunManifest,
    Seed,
    Task,
    ToolCall,
    Trace,
    Trajectory,
    Verdict,
    _plain_fields,
)
from golden_util import assert_golden


def sample_trace() -> Trace:
    c1 = ToolCall(tool="country_info", arguments={"code": "AU"}, round=1, step=0, duration_ms=1.5)
    o1 = Observation(call_id=c1.id, ok=True, output={"capital": "Canberra", "currency_code": "AUD"}, duration_ms=1.2)
    c2 = ToolCall(tool="currency_info", arguments={"code": "AUD"}, parents=(c1.id,), round=1, step=1)
    o2 = Observation(call_id=c2.id, ok=False, error="currency_info: unknown currency")
    return Trace(seed="AU", seed_type="country_code", toolset=("country_info", "currency_info"),
                 calls=(c1, c2), observations=(o1, o2))


def sample_records() -> dict[str, object]:
    trace = sample_trace()
    task = Task(
        trace_id=trace.id, query="What is the capital of the country with ISO code AU?",
        answer=AnswerSpec(type="string", value="Canberra", aliases=("Canberra, ACT",)),
        provenance=Provenance(evidence=(Evidence(call_id=trace.calls[0].id, path="$.capital"),), op="identity"),
        toolset=trace.toolset, template="lookup",
    )
    verdict = Verdict(task_id=task.id, check="leakage", ok=False, reason="answer appears in the query")
    traj = Trajectory(task_id=task.id, messages=(
        ChatMessage(role="user", content=task.query),
        ChatMessage(role="assistant", tool_calls=(ChatToolCall(id="call_0", name="country_info", arguments='{"code":"AU"}'),)),
        ChatMessage(role="tool", tool_call_id="call_0", name="country_info", content='{"capital":"Canberra"}'),
        ChatMessage(role="assistant", content="Canberra"),
    ), tools=({"type": "function", "function": {"name": "country_info"}},))
    manifest = RunManifest(dive_version="0.1.0", config={"seed": 1}, packages={"pydantic": "2"}, created_at=123.0)
    seed = Seed(value="AU", sem="country_code", domain="geo", label="Australia")
    return {"trace": trace, "task": task, "verdict": verdict, "trajectory": traj, "manifest": manifest, "seed": seed}


@pytest.mark.parametrize("name", ["trace", "task", "verdict", "trajectory", "manifest", "seed"])
def test_json_round_trip_is_golden(name: str) -> None:
    record = sample_records()[name]
    text = record.model_dump_json(indent=2)  # type: ignore[attr-defined]
    assert_golden(f"record_{name}.json", text + "\n")
    again = type(record).model_validate_json(text)
    assert again == record


def test_ids_ignore_timing_and_change_with_content() -> None:
    a = ToolCall(tool="t", arguments={"x": 1}, duration_ms=5.0, started_at=1.0)
    b = ToolCall(tool="t", arguments={"x": 1}, duration_ms=9.0)
    c = ToolCall(tool="t", arguments={"x": 2})
    assert a.id == b.id != c.id


def _walked_id(record: Record) -> str:
    """A record's id as hashed by walking every field value (what ids were before plain JSON fields were hashed
    as they are)."""
    def view(value: object) -> object:
        if isinstance(value, Record):
            hashed = value._hashed_id and "id" in type(value).model_fields
            return value.id if hashed else body(value)  # type: ignore[attr-defined]
        if isinstance(value, list | tuple):
            return [view(v) for v in value]
        if isinstance(value, dict):
            return {k: view(v) for k, v in value.items()}
        return value

    def body(r: Record) -> dict[str, object]:
        fields = type(r).model_fields
        return {k: view(getattr(r, k)) for k in fields if k != "id" and k not in r._volatile
                and not (k in r._grown and getattr(r, k) == fields[k].get_default(call_default_factory=True))}

    return content_hash([type(record).__name__, body(record)])


def test_plain_json_fields_are_hashed_unwalked_with_the_same_ids() -> None:
    records = [*sample_records().values(), *sample_trace().calls, *sample_trace().observations]
    for record in records:
        if "id" in type(record).model_fields:
            assert record.id == _walked_id(record), type(record).__name__  # type: ignore[attr-defined]
    assert {"tools"} <= _plain_fields(Trajectory) and "messages" not in _plain_fields(Trajectory)
    assert "arguments" in _plain_fields(ToolCall) and "sources" not in _plain_fields(ToolCall)
    assert not {"calls", "observations"} & _plain_fields(Trace)
    assert not {"answer", "provenance"} & _plain_fields(Task)


def test_tampered_id_is_refused() -> None:
    data = json.loads(sample_trace().model_dump_json())
    data["calls"][0]["arguments"]["code"] = "NZ"
    with pytest.raises(ValidationError, match="does not match its content"):
        Trace.model_validate(data)


def test_records_are_frozen_and_strict() -> None:
    trace = sample_trace()
    with pytest.raises(ValidationError):
        trace.seed = "NZ"  # type: ignore[misc]
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        Seed(value="AU", sem="country_code", domain="geo", colour="red")  # type: ignore[call-arg]


def test_trace_must_be_a_dag() -> None:
    c1 = ToolCall(tool="a", arguments={}, parents=("missing",))
    o1 = Observation(call_id=c1.id, ok=True, output=1)
    with pytest.raises(ValidationError, match="parents not earlier in the trace"):
        Trace(calls=(c1,), observations=(o1,))


def test_observation_ok_xor_error() -> None:
    with pytest.raises(ValidationError, match="error exactly when ok is false"):
        Observation(call_id="x", ok=True, error="bad")
    with pytest.raises(ValidationError):
        Observation(call_id="x", ok=False)


def test_a_record_written_before_a_field_grew_still_reads_with_its_id() -> None:
    """Stores written by the previous schema (no ToolCall.sources, no ItemResult.error) stay readable."""
    import json as _json
    from pathlib import Path as _Path

    from dive.records import Trace as _Trace

    stored = _json.loads((_Path(__file__).parent / "golden" / "record_trace.json").read_text())
    for call in stored["calls"]:
        del call["sources"]  # as the previous schema wrote it
    trace = _Trace.model_validate(stored)  # the stored ids are checked against the content
    assert trace.id == stored["id"] and all(c.sources == {} for c in trace.calls)
    first = trace.calls[0]
    fed = type(first)(tool=first.tool, arguments=first.arguments, sources={"code": {"call_id": "x", "path": "$.a"}})
    assert fed.id != type(first)(tool=first.tool, arguments=first.arguments).id  # a non-default value is hashed


def test_a_record_stored_before_seeds_had_a_group_still_reads_with_its_id() -> None:
    """An ItemResult written by dive-tasks at 9356b4e (before ``Seed.group``), copied from its run.sqlite: it
    loads with the same id; a seed with a group hashes differently."""
    stored = ('{"id":"4856641442dba471","item":156,"seed":{"value":"CN","sem":"country_code","domain":"geo",'
              '"label":"China"},"toolset":["add_business_days","calling_code_countries","compare_countries",'
              '"cron_matches","geo_bearing","gregorian_to_calendar","hijri_month_info","is_public_holiday",'
              '"is_working_day","moon_phase","peptide_charge","statistics_summary","substitution_score",'
              '"subtract_numbers","unicode_character_info"],"domains":["geo","time","bio"],"trace_ids":'
              '["b98cc650c487d4a6","25f3601a1044f50a","25f3601a1044f50a"],"task_ids":[],"kept_task_ids":[],'
              '"tool_ms":50.375,"wall_ms":60.62,"error":null}')
    result = ItemResult.model_validate_json(stored)
    assert result.id == "4856641442dba471" and result.seed.group == ""
    grouped = result.model_copy(update={"seed": result.seed.model_copy(update={"group": "AS"}), "id": ""})
    assert grouped.content_id() != result.id
