"""informative: a task whose answer is the same for other entities asks about a constant."""

from __future__ import annotations

import pytest

from dive.records import AnswerSpec, Evidence, Observation, Provenance, Task, ToolCall, Trace
from dive.tools.registry import load_pool
from dive.verification import VerifyContext
from dive.verification.informative import Informative


@pytest.fixture(scope="module")
def pool():  # noqa: ANN201
    return load_pool(["time"]).subset(["next_public_holiday", "gregorian_to_hebrew"])


def _program(pool, countries: tuple[str, ...]) -> Trace:  # noqa: ANN001
    """For each country, its next public holiday after 15 April 2024, and that date in the Hebrew calendar."""
    calls: list[ToolCall] = []
    observations: list[Observation] = []
    for country in countries:
        root = ToolCall(tool="next_public_holiday", arguments={"country_code": country, "date": "2024-04-15"})
        out = pool.call(root.tool, dict(root.arguments), call_id=root.id)
        hop = ToolCall(tool="gregorian_to_hebrew", arguments={"date": out.output["date"]}, parents=(root.id,),
                       sources={"date": Evidence(call_id=root.id, path="$.date")}, step=1)
        calls += [root, hop]
        observations += [out, pool.call(hop.tool, dict(hop.arguments), call_id=hop.id)]
    return Trace(seed=countries[0], seed_type="country_code", toolset=("gregorian_to_hebrew", "next_public_holiday"),
                 calls=tuple(calls), observations=tuple(observations))


def _task(trace: Trace, call: ToolCall, path: str, value: object, type_: str) -> Task:
    return Task(trace_id=trace.id, query="q", answer=AnswerSpec(type=type_, value=value),
                provenance=Provenance(evidence=(Evidence(call_id=call.id, path=path),), op="identity"),
                toolset=trace.toolset)


def test_a_hebrew_year_that_every_country_shares_is_rejected(pool) -> None:  # noqa: ANN001
    """France's, Germany's and the United States' next holidays after 15 April 2024 (1 May, 1 May, 27 May) fall in
    Hebrew year 5784 (Tishrei 2023 to Elul 2024): the year does not depend on the country asked about."""
    trace = _program(pool, ("FR", "DE", "US"))
    hop = trace.calls[1]
    assert trace.observation(hop.id).output["year"] == 5784
    verdict = Informative().verify(_task(trace, hop, "$.year", 5784, "integer"), trace, VerifyContext(toolset=pool))
    assert not verdict.ok
    assert "does not depend on what the question is about" in verdict.reason
    assert verdict.details["varied"] == "country_code" and len(verdict.details["others"]) == 2


def test_a_holiday_date_that_changes_with_the_country_is_kept(pool) -> None:  # noqa: ANN001
    trace = _program(pool, ("FR", "US"))
    hop = trace.calls[1]
    verdict = Informative().verify(_task(trace, hop, "$.date", "2024-05-01", "date"), trace,
                                   VerifyContext(toolset=pool))
    assert verdict.ok and verdict.details["checked"] is True
    assert verdict.details["other"] == "US" and verdict.details["answer"] == "2024-05-27"  # Memorial Day


def test_a_program_with_no_other_entity_passes_and_says_so(pool) -> None:  # noqa: ANN001
    trace = _program(pool, ("FR",))
    hop = trace.calls[1]
    small = load_pool(["time"]).subset(["next_public_holiday", "gregorian_to_hebrew"])
    verdict = Informative(others=5, tries=1).verify(_task(trace, hop, "$.year", 5784, "integer"), trace,
                                                     VerifyContext(toolset=small))
    assert verdict.ok and verdict.details["checked"] is False and "could be run" in verdict.details["why"]
