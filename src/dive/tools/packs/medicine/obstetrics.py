"""Pregnancy dating (medcalc-bench): due date and gestational age from the last menstrual period."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.tool import Sem, tool

from ._common import MEDCALC, check_range, medcalc

__all__ = ["TOOLS"]

IsoDate = Annotated[str, Sem("date")]


def _date(text: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(text).strip()[:10])
    except ValueError:
        raise ToolError(f"{what} must be an ISO date YYYY-MM-DD (e.g. 2024-03-15), got {text!r}") from None


def _us(d: dt.date) -> str:
    return d.strftime("%m/%d/%Y")


def _iso(us_date: str) -> str:
    return dt.datetime.strptime(us_date, "%m/%d/%Y").date().isoformat()


class DueDate(TypedDict):
    due_date: Annotated[str, Sem("date")]
    conception_date: Annotated[str, Sem("date")]


@tool(kind="P", examples=[{"last_menstrual_period": "2024-01-10"}], **MEDCALC)
def pregnancy_due_date(
    last_menstrual_period: IsoDate,
    cycle_length_days: Annotated[int, Sem("duration_days")] = 28,
) -> DueDate:
    """Estimated due date by Naegele's rule (LMP + 280 days), adjusted for cycle length, and the conception date.

    A cycle longer or shorter than 28 days moves both dates by the difference.

    Args:
        last_menstrual_period: first day of the last menstrual period, YYYY-MM-DD.
        cycle_length_days: usual menstrual cycle length in days (20-45).
    """
    lmp = _date(last_menstrual_period, "last_menstrual_period")
    check_range(cycle_length_days, "cycle_length_days", 20, 45, "days")
    shift = dt.timedelta(days=cycle_length_days - 28)
    # medcalc-bench adds |cycle - 28| days, which moves short cycles the wrong way; call it at 28 and shift here.
    due = _iso(medcalc("estimated_due_date", "add_40_weeks_explanation", {"menstrual_date": _us(lmp), "cycle_length": 28}))
    conception = _iso(medcalc("conception_date", "add_2_weeks_explanation", {"menstrual_date": _us(lmp)}))
    return {"due_date": (dt.date.fromisoformat(due) + shift).isoformat(),
            "conception_date": (dt.date.fromisoformat(conception) + shift).isoformat()}


class GestationalAge(TypedDict):
    weeks: int
    days: int
    total_days: Annotated[int, Sem("duration_days")]
    trimester: int


@tool(kind="P", examples=[{"last_menstrual_period": "2024-01-10", "on_date": "2024-05-01"}], **MEDCALC)
def gestational_age(last_menstrual_period: IsoDate, on_date: IsoDate) -> GestationalAge:
    """Gestational age in completed weeks and days on a given date, counted from the last menstrual period.

    Args:
        last_menstrual_period: first day of the last menstrual period, YYYY-MM-DD.
        on_date: the date to evaluate, YYYY-MM-DD (on or after the LMP, within 45 weeks).
    """
    lmp, today = _date(last_menstrual_period, "last_menstrual_period"), _date(on_date, "on_date")
    total = (today - lmp).days
    if not 0 <= total <= 45 * 7:
        raise ToolError(f"on_date must fall 0-315 days after last_menstrual_period; it is {total} days after")
    weeks_text, days_text = medcalc("gestational_age", "compute_gestational_age_explanation",
                                    {"menstrual_date": _us(lmp), "current_date": _us(today)})
    weeks, days = int(weeks_text.split()[0]), int(days_text.split()[0])
    trimester = 1 if weeks < 14 else 2 if weeks < 28 else 3
    return {"weeks": weeks, "days": days, "total_days": total, "trimester": trimester}


TOOLS = [pregnancy_due_date, gestational_age]
