"""When a need's next visit is: pure date arithmetic, no database."""

from __future__ import annotations

import calendar
import datetime as dt

STEP_DAYS = {"weekly": 7, "fortnightly": 14}


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_occurrence(first_date: dt.date, recurrence: str, today: dt.date) -> dt.date | None:
    """The first occurrence on or after `today`; None when a one-off date has passed."""
    if first_date >= today:
        return first_date
    if recurrence == "once":
        return None
    if recurrence in STEP_DAYS:
        step = STEP_DAYS[recurrence]
        periods = -(-(today - first_date).days // step)
        return first_date + dt.timedelta(days=periods * step)
    if recurrence == "monthly":
        months = (today.year - first_date.year) * 12 + today.month - first_date.month
        candidate = add_months(first_date, months)
        return candidate if candidate >= today else add_months(first_date, months + 1)
    raise ValueError(recurrence)
