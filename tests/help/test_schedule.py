from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samskap.help.schedule import add_months, next_occurrence

D = dt.date


def test_one_off_in_future_and_past():
    assert next_occurrence(D(2026, 12, 1), "once", D(2026, 11, 24)) == D(2026, 12, 1)
    assert next_occurrence(D(2026, 11, 1), "once", D(2026, 11, 24)) is None


def test_weekly_and_fortnightly_keep_the_weekday():
    assert next_occurrence(D(2026, 11, 3), "weekly", D(2026, 11, 24)) == D(2026, 11, 24)
    assert next_occurrence(D(2026, 11, 3), "weekly", D(2026, 11, 25)) == D(2026, 12, 1)
    assert next_occurrence(D(2026, 11, 3), "fortnightly", D(2026, 11, 24)) == D(2026, 12, 1)


def test_monthly_clamps_to_month_end():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert next_occurrence(D(2026, 1, 31), "monthly", D(2026, 2, 2)) == D(2026, 2, 28)


def test_unknown_recurrence_is_an_error():
    with pytest.raises(ValueError):
        next_occurrence(D(2026, 1, 1), "daily-ish", D(2026, 2, 1))


@given(
    first=st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 1, 1)),
    today=st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 1, 1)),
    recurrence=st.sampled_from(["weekly", "fortnightly", "monthly"]),
)
def test_recurring_next_is_on_or_after_today_and_on_schedule(first, today, recurrence):
    nxt = next_occurrence(first, recurrence, today)
    assert nxt >= today
    if recurrence == "weekly":
        assert (nxt - first).days % 7 == 0 and (nxt - today).days < 7 or nxt == first
    if recurrence == "fortnightly":
        assert (nxt - first).days % 14 == 0 and (nxt - today).days < 14 or nxt == first
