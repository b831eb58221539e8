"""Fixtures for the verifier tests (see tracekit for the helpers)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from tracekit import Offsets, Recorder, make_good_task, record_offsets

from dive.records import Seed, Task
from dive.tools import FunctionToolset, load_pool
from dive.verification import VerifyContext


@pytest.fixture(scope="session")
def pool() -> FunctionToolset:
    return load_pool(["core"])


@pytest.fixture
def ctx(pool: FunctionToolset) -> VerifyContext:
    return VerifyContext(toolset=pool, seed=Seed(value="Asia/Kolkata", sem="timezone", domain="general"))


@pytest.fixture
def recorder(pool: FunctionToolset) -> Callable[..., Recorder]:
    return lambda seed=None: Recorder(pool, seed)


@pytest.fixture
def offsets(pool: FunctionToolset) -> Offsets:
    return record_offsets(pool)


@pytest.fixture
def good_task(offsets: Offsets) -> Task:
    return make_good_task(offsets)
