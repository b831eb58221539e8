"""Cron schedules: next and previous run times, matching and expansion (``croniter``) and plain-language
descriptions (``cron-descriptor``).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib import resources
from typing import Annotated, Any

import cron_descriptor
from croniter import CroniterBadDateError, CroniterError, croniter
from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.time._common import IsoDateTime, TimeZone, iso_local, local_moment, meta
from dive.tools.tool import Sem, tool

__all__ = ["TOOLS"]

_CRONITER = meta("croniter", "MIT")
_DESCRIPTOR = meta("cron-descriptor", "MIT")

CronExpr = Annotated[str, Sem("cron_expression")]

_MACROS = {"@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
           "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *"}
_FIELD_RANGES = (("minutes", 0, 59), ("hours", 0, 23), ("days_of_month", 1, 31), ("months", 1, 12),
                 ("days_of_week", 0, 6))


def _expr(text: str) -> str:
    """A validated five-field cron expression (macros such as @daily are expanded)."""
    expr = " ".join(str(text).split())
    expr = _MACROS.get(expr.lower(), expr)
    if len(expr.split(" ")) != 5 or not croniter.is_valid(expr):
        raise ToolError(f"{text!r} is not a valid five-field cron expression (minute hour day-of-month month "
                        "day-of-week), e.g. '*/15 9-17 * * 1-5' or '@daily'")
    return expr


def _iter(expr: str, start: dt.datetime) -> Any:
    return croniter(expr, start, ret_type=dt.datetime, max_years_between_matches=50)


def _runs(expr: str, start: dt.datetime, count: int, forward: bool) -> list[str]:
    if not 1 <= count <= 100:
        raise ToolError(f"count must be between 1 and 100, got {count}")
    it = _iter(expr, start)
    out: list[str] = []
    try:
        for _ in range(count):
            out.append(iso_local(it.get_next() if forward else it.get_prev()))
    except (CroniterBadDateError, OverflowError, ValueError):
        if not out:
            raise ToolError(f"the schedule {expr!r} never fires (e.g. February 30)") from None
    return out


class CronRuns(TypedDict):
    cron_expression: Annotated[str, Sem("cron_expression")]
    timezone: Annotated[str, Sem("timezone")]
    runs: Annotated[list[str], Sem("datetime")]


@tool(kind="P", examples=[{"cron_expression": "0 9 * * 1-5", "start": "2024-03-15T10:00:00", "count": 3}],
      **_CRONITER)
def cron_next_runs(cron_expression: CronExpr, start: IsoDateTime, count: int = 5, timezone: TimeZone = "UTC") -> CronRuns:
    """List the next times a cron schedule fires strictly after a start time, in a time zone (daylight-saving
    changes are applied).

    Args:
        cron_expression: a five-field cron expression such as "30 2 * * 0", or @hourly, @daily, @weekly, @monthly,
            @yearly.
        start: the date and time to search from, ISO 8601, local to ``timezone``.
        count: how many run times to return, 1-100 (default 5).
        timezone: IANA time zone in which the schedule runs (default UTC).
    """
    expr = _expr(cron_expression)
    return {"cron_expression": expr, "timezone": timezone,
            "runs": _runs(expr, local_moment(start, timezone, "start"), count, forward=True)}


@tool(kind="P", examples=[{"cron_expression": "0 0 1 * *", "start": "2024-03-15T10:00:00", "count": 3}], **_CRONITER)
def cron_previous_runs(cron_expression: CronExpr, start: IsoDateTime, count: int = 5,
                       timezone: TimeZone = "UTC") -> CronRuns:
    """List the most recent times a cron schedule fired strictly before a given time, newest first.

    Args:
        cron_expression: a five-field cron expression, or a macro such as @daily.
        start: the date and time to look back from, ISO 8601, local to ``timezone``.
        count: how many run times to return, 1-100 (default 5).
        timezone: IANA time zone in which the schedule runs (default UTC).
    """
    expr = _expr(cron_expression)
    return {"cron_expression": expr, "timezone": timezone,
            "runs": _runs(expr, local_moment(start, timezone, "start"), count, forward=False)}


class CronMatch(TypedDict):
    cron_expression: Annotated[str, Sem("cron_expression")]
    datetime: Annotated[str, Sem("datetime")]
    matches: bool


@tool(kind="P", examples=[{"cron_expression": "0 9 * * 1-5", "datetime": "2024-03-15T09:00:00"}], **_CRONITER)
def cron_matches(cron_expression: CronExpr, datetime: IsoDateTime) -> CronMatch:
    """Check whether a cron schedule fires at a given minute (seconds are ignored).

    Args:
        cron_expression: a five-field cron expression, or a macro such as @hourly.
        datetime: the date and time to test, ISO 8601.
    """
    expr = _expr(cron_expression)
    moment = local_moment(datetime, "UTC").replace(second=0, microsecond=0)
    return {"cron_expression": expr, "datetime": iso_local(moment), "matches": bool(croniter.match(expr, moment))}


class CronCount(TypedDict):
    cron_expression: Annotated[str, Sem("cron_expression")]
    start: Annotated[str, Sem("datetime")]
    end: Annotated[str, Sem("datetime")]
    count: int
    capped: bool
    first_runs: Annotated[list[str], Sem("datetime")]


_MAX_COUNT = 10_000


@tool(kind="P", examples=[{"cron_expression": "0 9 * * 1-5", "start": "2024-01-01T00:00:00",
                           "end": "2024-01-31T23:59:00"}], **_CRONITER)
def cron_runs_between(cron_expression: CronExpr, start: IsoDateTime, end: IsoDateTime, timezone: TimeZone = "UTC",
                      limit: int = 10) -> CronCount:
    """Count how many times a cron schedule fires between two moments (both included) and list the first few runs;
    counting stops at 10,000.

    Args:
        cron_expression: a five-field cron expression, or a macro such as @daily.
        start: the start of the range, ISO 8601, local to ``timezone``.
        end: the end of the range, ISO 8601, local to ``timezone``.
        timezone: IANA time zone in which the schedule runs (default UTC).
        limit: how many of the first run times to list (default 10).
    """
    expr = _expr(cron_expression)
    first = local_moment(start, timezone, "start")
    last = local_moment(end, timezone, "end")
    if last < first:
        raise ToolError("end must not be before start")
    it = _iter(expr, first - dt.timedelta(seconds=1))
    count, listed, capped = 0, [], False
    try:
        while True:
            moment = it.get_next()
            if moment > last:
                break
            count += 1
            if len(listed) < limit:
                listed.append(iso_local(moment))
            if count >= _MAX_COUNT:
                capped = True
                break
    except (CroniterBadDateError, OverflowError):
        pass
    return {"cron_expression": expr, "start": iso_local(first), "end": iso_local(last), "count": count,
            "capped": capped, "first_runs": listed}


class CronFields(TypedDict):
    cron_expression: Annotated[str, Sem("cron_expression")]
    minutes: list[int]
    hours: list[int]
    days_of_month: list[int]
    months: list[int]
    days_of_week: list[int]
    runs_per_day_when_active: int


@tool(kind="P", examples=[{"cron_expression": "*/15 9-17 * * 1-5"}], **_CRONITER)
def cron_expand_fields(cron_expression: CronExpr) -> CronFields:
    """Validate a cron expression and expand each field into the explicit values it allows (minutes, hours, days of
    the month, months, days of the week with 0 = Sunday), e.g. to see exactly when "*/20 8-10 * * 1-5" fires.

    Args:
        cron_expression: a five-field cron expression, or a macro such as @weekly.
    """
    expr = _expr(cron_expression)
    try:
        expanded = croniter(expr).expanded
    except CroniterError as exc:
        raise ToolError(f"cannot expand {cron_expression!r}: {exc}") from None
    fields: dict[str, list[int]] = {}
    for (name, low, high), values in zip(_FIELD_RANGES, expanded, strict=False):
        if values == ["*"]:
            fields[name] = list(range(low, high + 1))
        else:
            fields[name] = sorted({int(v) % 7 if name == "days_of_week" else int(v) for v in values})
    return {"cron_expression": expr, **fields,  # type: ignore[typeddict-item]
            "runs_per_day_when_active": len(fields["minutes"]) * len(fields["hours"])}


@cache
def _locales() -> tuple[str, ...]:
    folder = resources.files(cron_descriptor) / "locale"
    return tuple(sorted(p.name[:-3] for p in folder.iterdir() if p.name.endswith(".mo")))


class CronText(TypedDict):
    cron_expression: Annotated[str, Sem("cron_expression")]
    description: Annotated[str, Sem("text")]


@tool(kind="P", examples=[{"cron_expression": "*/15 9-17 * * 1-5"}, {"cron_expression": "0 0 1 1 *",
                                                                     "use_24_hour": True, "locale": "de_DE"}],
      **_DESCRIPTOR)
def describe_cron(cron_expression: CronExpr, use_24_hour: bool = False,
                  locale: Annotated[str, Sem("locale")] = "en_US") -> CronText:
    """Describe a cron expression in plain language, e.g. "*/15 9-17 * * 1-5" -> "Every 15 minutes, between 09:00 AM
    and 05:59 PM, Monday through Friday".

    Args:
        cron_expression: a five-field cron expression, or a macro such as @daily.
        use_24_hour: write times as 24-hour clock (17:00) instead of 05:00 PM.
        locale: language of the description, e.g. "en_US", "fr_FR", "de_DE", "es_ES", "ja_JP", "zh_CN".
    """
    expr = _expr(cron_expression)
    if locale not in _locales():
        raise ToolError(f"no cron description in locale {locale!r}; available: {', '.join(_locales())}")
    options = cron_descriptor.Options()
    options.use_24hour_time_format = use_24_hour
    options.locale_code = locale
    try:
        text = cron_descriptor.ExpressionDescriptor(expr, options).get_description()
    except (cron_descriptor.FormatException, cron_descriptor.WrongArgumentException,
            cron_descriptor.MissingFieldException) as exc:
        raise ToolError(f"cannot describe {cron_expression!r}: {exc}") from None
    return {"cron_expression": expr, "description": text}


TOOLS = [cron_next_runs, cron_previous_runs, cron_matches, cron_runs_between, cron_expand_fields, describe_cron]
