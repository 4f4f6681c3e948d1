from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from dateutil import rrule as du
from hypothesis import given, reject
from hypothesis import strategies as st

from samskap.activities.holidays import OFFICIAL_HOLIDAY, common_day_off_on, holiday_on
from samskap.activities.recurrence import (
    CANCELLED,
    FRIDAY,
    MONDAY,
    MONTHLY,
    ONCE,
    SATURDAY,
    SUNDAY,
    THURSDAY,
    TUESDAY,
    WEDNESDAY,
    WEEKLY,
    Rule,
    next_occurrence,
    occurrences,
)

D = dt.date
OSLO = ZoneInfo("Europe/Oslo")
ELEVEN = dt.time(11, 0)


def weekly(**kwargs) -> Rule:
    defaults = dict(frequency=WEEKLY, start_time=ELEVEN, duration_minutes=60)
    return Rule(**(defaults | kwargs))


def monthly(**kwargs) -> Rule:
    defaults = dict(frequency=MONTHLY, start_time=dt.time(18, 0), duration_minutes=120)
    return Rule(**(defaults | kwargs))


def dates(occs, *, held_only=False):
    return [o.date for o in occs if not (held_only and o.skipped)]


STERK_OG_STODIG = weekly(weekdays=(THURSDAY,), start=D(2026, 1, 8))


# --- weekly ------------------------------------------------------------------------------


def test_sterk_og_stodig_skips_maundy_thursday_and_ascension_day():
    occs = occurrences(STERK_OG_STODIG, D(2026, 3, 20), D(2026, 5, 20))
    assert dates(occs) == [
        D(2026, 3, 26),
        D(2026, 4, 2),
        D(2026, 4, 9),
        D(2026, 4, 16),
        D(2026, 4, 23),
        D(2026, 4, 30),
        D(2026, 5, 7),
        D(2026, 5, 14),
    ]
    skipped = {o.date: o.skipped_reason for o in occs if o.skipped}
    assert skipped == {D(2026, 4, 2): "Skjærtorsdag", D(2026, 5, 14): "Kristi himmelfartsdag"}
    assert occs[1].holiday.name_en == "Maundy Thursday"
    assert occs[0].holiday is None and not occs[0].skipped


def test_a_skipped_day_carries_the_holiday_for_the_interface():
    friday = weekly(weekdays=(FRIDAY,), start=D(2026, 4, 24))
    may_day = occurrences(friday, D(2026, 5, 1), D(2026, 5, 1))[0]
    assert may_day.skipped_reason == "1. mai"
    assert may_day.holiday.kind == OFFICIAL_HOLIDAY
    # Still a full occurrence, so the interface can say when the class would have been.
    assert may_day.starts_at == dt.datetime(2026, 5, 1, 11, 0, tzinfo=OSLO)


def test_holidays_are_kept_when_the_organiser_chooses_so():
    rule = weekly(weekdays=(THURSDAY,), start=D(2026, 1, 8), skip_holidays=False)
    occs = occurrences(rule, D(2026, 4, 1), D(2026, 4, 3))
    assert [(o.date, o.skipped) for o in occs] == [(D(2026, 4, 2), False)]


def test_the_class_stays_at_eleven_local_time_across_both_clock_changes():
    occs = occurrences(STERK_OG_STODIG, D(2026, 3, 19), D(2026, 11, 5))
    assert {o.starts_at.timetz().replace(tzinfo=None) for o in occs} == {ELEVEN}
    utc = {o.date: o.starts_at.astimezone(dt.UTC).hour for o in occs}
    assert utc[D(2026, 3, 26)] == 10  # CET, before the last Sunday of March
    assert utc[D(2026, 4, 9)] == 9  # CEST
    assert utc[D(2026, 10, 22)] == 9  # CEST, before the last Sunday of October
    assert utc[D(2026, 10, 29)] == 10  # CET again
    assert all(o.ends_at - o.starts_at == dt.timedelta(hours=1) for o in occs)


def test_fortnightly_bridge_counts_weeks_from_the_start():
    bridge = weekly(weekdays=(TUESDAY,), interval=2, start=D(2026, 1, 6))
    assert dates(occurrences(bridge, D(2026, 1, 1), D(2026, 3, 1))) == [
        D(2026, 1, 6),
        D(2026, 1, 20),
        D(2026, 2, 3),
        D(2026, 2, 17),
    ]
    # The same answer when the range starts in an "off" week, far from the start.
    assert dates(occurrences(bridge, D(2026, 1, 27), D(2026, 2, 17))) == [
        D(2026, 2, 3),
        D(2026, 2, 17),
    ]


def test_fortnightly_with_two_days_starting_midweek():
    rule = weekly(weekdays=(MONDAY, WEDNESDAY), interval=2, start=D(2026, 1, 7))
    # Monday 5 January is in the start's week but before the start.
    assert dates(occurrences(rule, D(2026, 1, 1), D(2026, 2, 4))) == [
        D(2026, 1, 7),
        D(2026, 1, 19),
        D(2026, 1, 21),
        D(2026, 2, 2),
        D(2026, 2, 4),
    ]


def test_weekdays_default_to_the_weekday_of_the_start():
    rule = weekly(start=D(2026, 1, 8))
    assert rule.weekdays == (THURSDAY,)
    assert rule == weekly(start=D(2026, 1, 8), weekdays=[THURSDAY, THURSDAY])


def test_weekdays_are_normalised():
    assert weekly(start=D(2026, 1, 5), weekdays=[FRIDAY, MONDAY, FRIDAY]).weekdays == (
        MONDAY,
        FRIDAY,
    )


def test_christmas_eve_and_new_years_eve_are_skipped_only_when_chosen():
    # 24 and 31 December 2026 are Thursdays.
    plain = occurrences(STERK_OG_STODIG, D(2026, 12, 20), D(2026, 12, 31))
    assert [(o.date, o.skipped_reason) for o in plain] == [
        (D(2026, 12, 24), None),
        (D(2026, 12, 31), None),
    ]
    closed = weekly(weekdays=(THURSDAY,), start=D(2026, 1, 8), skip_common_days_off=True)
    assert [o.skipped_reason for o in occurrences(closed, D(2026, 12, 20), D(2026, 12, 31))] == [
        "Julaften",
        "Nyttårsaften",
    ]
    # Common days off can be skipped while public holidays are kept.
    only_eves = weekly(
        weekdays=(THURSDAY,), start=D(2026, 1, 8), skip_holidays=False, skip_common_days_off=True
    )
    assert occurrences(only_eves, D(2026, 12, 24), D(2026, 12, 24))[0].skipped
    assert not occurrences(only_eves, D(2026, 4, 2), D(2026, 4, 2))[0].skipped


# --- monthly -----------------------------------------------------------------------------


def test_monthly_first_tuesday():
    rule = monthly(nth_weekday=(1, TUESDAY), start=D(2026, 1, 1))
    assert dates(occurrences(rule, D(2026, 1, 1), D(2026, 6, 30))) == [
        D(2026, 1, 6),
        D(2026, 2, 3),
        D(2026, 3, 3),
        D(2026, 4, 7),
        D(2026, 5, 5),
        D(2026, 6, 2),
    ]


def test_monthly_last_friday():
    rule = monthly(nth_weekday=(-1, FRIDAY), start=D(2026, 1, 1))
    assert dates(occurrences(rule, D(2026, 1, 1), D(2026, 6, 30))) == [
        D(2026, 1, 30),
        D(2026, 2, 27),
        D(2026, 3, 27),
        D(2026, 4, 24),
        D(2026, 5, 29),
        D(2026, 6, 26),
    ]


def test_monthly_fourth_weekday_exists_in_february_of_a_common_year():
    rule = monthly(nth_weekday=(4, SATURDAY), start=D(2026, 2, 1))
    assert dates(occurrences(rule, D(2026, 2, 1), D(2026, 2, 28))) == [D(2026, 2, 28)]


def test_monthly_on_the_31st_skips_shorter_months():
    rule = monthly(month_day=31, start=D(2026, 1, 1))
    assert dates(occurrences(rule, D(2026, 1, 1), D(2026, 12, 31))) == [
        D(2026, 1, 31),
        D(2026, 3, 31),
        D(2026, 5, 31),
        D(2026, 7, 31),
        D(2026, 8, 31),
        D(2026, 10, 31),
        D(2026, 12, 31),
    ]


def test_monthly_on_the_29th_meets_in_february_only_in_leap_years():
    rule = monthly(month_day=29, start=D(2027, 1, 1))
    feb = [d for d in dates(occurrences(rule, D(2027, 1, 1), D(2028, 12, 31))) if d.month == 2]
    assert feb == [D(2028, 2, 29)]


def test_monthly_interval_counts_months_from_the_start():
    quarterly = monthly(nth_weekday=(2, WEDNESDAY), interval=3, start=D(2026, 2, 20))
    # February's second Wednesday (11th) is before the start, so the first is in May.
    assert dates(occurrences(quarterly, D(2026, 1, 1), D(2026, 12, 31))) == [
        D(2026, 5, 13),
        D(2026, 8, 12),
        D(2026, 11, 11),
    ]


def test_monthly_on_a_holiday_is_skipped():
    rule = monthly(month_day=17, start=D(2026, 1, 17))
    may = occurrences(rule, D(2026, 5, 1), D(2026, 5, 31))
    assert [(o.date, o.skipped_reason) for o in may] == [(D(2026, 5, 17), "17. mai")]


# --- until, count, exceptions, extra dates, one-off ---------------------------------------


def test_until_is_inclusive():
    rule = weekly(weekdays=(THURSDAY,), start=D(2026, 1, 8), until=D(2026, 1, 29))
    assert dates(occurrences(rule, D(2026, 1, 1), D(2026, 12, 31))) == [
        D(2026, 1, 8),
        D(2026, 1, 15),
        D(2026, 1, 22),
        D(2026, 1, 29),
    ]


def test_count_includes_skipped_dates_so_the_course_end_does_not_move():
    rule = weekly(weekdays=(THURSDAY,), start=D(2026, 3, 26), count=4)
    occs = occurrences(rule, D(2026, 1, 1), D(2026, 12, 31))
    assert [(o.date, o.skipped) for o in occs] == [
        (D(2026, 3, 26), False),
        (D(2026, 4, 2), True),
        (D(2026, 4, 9), False),
        (D(2026, 4, 16), False),
    ]
    # Counting starts at the start even when the range starts later.
    assert dates(occurrences(rule, D(2026, 4, 10), D(2026, 12, 31))) == [D(2026, 4, 16)]


def test_count_ignores_pattern_days_before_the_start():
    rule = weekly(weekdays=(MONDAY, FRIDAY), start=D(2026, 1, 7), count=3)
    assert dates(occurrences(rule, D(2026, 1, 1), D(2026, 12, 31))) == [
        D(2026, 1, 9),
        D(2026, 1, 12),
        D(2026, 1, 16),
    ]


def test_exceptions_are_returned_as_cancelled():
    rule = weekly(weekdays=(THURSDAY,), start=D(2026, 1, 8), exceptions=(D(2026, 1, 15),))
    occs = occurrences(rule, D(2026, 1, 8), D(2026, 1, 22))
    assert [(o.date, o.skipped_reason) for o in occs] == [
        (D(2026, 1, 8), None),
        (D(2026, 1, 15), CANCELLED),
        (D(2026, 1, 22), None),
    ]
    assert occs[1].holiday is None


def test_an_exception_on_a_holiday_reports_the_holiday():
    rule = weekly(weekdays=(THURSDAY,), start=D(2026, 1, 8), exceptions=(D(2026, 4, 2),))
    assert occurrences(rule, D(2026, 4, 2), D(2026, 4, 2))[0].skipped_reason == "Skjærtorsdag"


def test_exceptions_the_rule_never_produces_are_ignored():
    rule = weekly(weekdays=(THURSDAY,), start=D(2026, 1, 8), exceptions=(D(2026, 1, 14),))
    assert not any(o.skipped for o in occurrences(rule, D(2026, 1, 8), D(2026, 1, 22)))


def test_extra_dates_are_added_and_held_even_on_holidays_and_after_the_end():
    rule = weekly(
        weekdays=(THURSDAY,),
        start=D(2026, 1, 8),
        until=D(2026, 1, 22),
        extra_dates=(D(2026, 1, 10), D(2026, 1, 15), D(2026, 5, 17)),
    )
    occs = occurrences(rule, D(2026, 1, 1), D(2026, 12, 31))
    assert dates(occs) == [
        D(2026, 1, 8),
        D(2026, 1, 10),
        D(2026, 1, 15),  # also a pattern date: listed once
        D(2026, 1, 22),
        D(2026, 5, 17),
    ]
    assert not any(o.skipped for o in occs)
    assert occs[1].starts_at == dt.datetime(2026, 1, 10, 11, 0, tzinfo=OSLO)


def test_a_one_off_event_on_a_holiday_is_kept():
    party = Rule(
        frequency=ONCE, start=D(2026, 5, 17), start_time=dt.time(13, 0), duration_minutes=180
    )
    occs = occurrences(party, D(2026, 1, 1), D(2026, 12, 31))
    assert [(o.date, o.skipped) for o in occs] == [(D(2026, 5, 17), False)]
    assert occs[0].ends_at == dt.datetime(2026, 5, 17, 16, 0, tzinfo=OSLO)
    assert occurrences(party, D(2026, 5, 18), D(2026, 12, 31)) == []


def test_a_one_off_event_can_be_cancelled():
    rule = Rule(
        frequency=ONCE,
        start=D(2026, 6, 3),
        start_time=ELEVEN,
        duration_minutes=60,
        exceptions=(D(2026, 6, 3),),
    )
    [occ] = occurrences(rule, D(2026, 6, 1), D(2026, 6, 30))
    assert occ.skipped_reason == CANCELLED
    assert next_occurrence(rule, dt.datetime(2026, 6, 1, tzinfo=dt.UTC)) is None


def test_ranges_are_inclusive_and_an_empty_range_is_empty():
    assert dates(occurrences(STERK_OG_STODIG, D(2026, 1, 8), D(2026, 1, 8))) == [D(2026, 1, 8)]
    assert occurrences(STERK_OG_STODIG, D(2026, 1, 9), D(2026, 1, 8)) == []
    with pytest.raises(ValueError, match="not datetimes"):
        occurrences(STERK_OG_STODIG, dt.datetime(2026, 1, 1, tzinfo=dt.UTC), D(2026, 2, 1))


# --- daylight saving time ------------------------------------------------------------------


def test_a_start_time_in_the_spring_gap_moves_forward_an_hour():
    # 29 March 2026: clocks go from 02:00 to 03:00 in Oslo.
    rule = weekly(weekdays=(SUNDAY,), start=D(2026, 3, 22), start_time=dt.time(2, 30))
    occs = {o.date: o for o in occurrences(rule, D(2026, 3, 22), D(2026, 4, 5))}
    gap = occs[D(2026, 3, 29)]
    assert gap.starts_at.timetz() == dt.time(3, 30, tzinfo=OSLO)
    assert gap.starts_at.utcoffset() == dt.timedelta(hours=2)
    assert gap.starts_at.astimezone(dt.UTC) == dt.datetime(2026, 3, 29, 1, 30, tzinfo=dt.UTC)
    assert gap.ends_at - gap.starts_at == dt.timedelta(hours=1)
    assert occs[D(2026, 3, 22)].starts_at.timetz().replace(tzinfo=None) == dt.time(2, 30)
    assert occs[D(2026, 4, 5)].starts_at.timetz().replace(tzinfo=None) == dt.time(2, 30)


def test_an_ambiguous_autumn_start_time_means_summer_time():
    # 25 October 2026: 02:00-03:00 happens twice in Oslo.
    rule = weekly(weekdays=(SUNDAY,), start=D(2026, 10, 25), start_time=dt.time(2, 30))
    [occ] = occurrences(rule, D(2026, 10, 25), D(2026, 10, 25))
    assert occ.starts_at.astimezone(dt.UTC) == dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC)


def test_duration_is_elapsed_time_across_the_autumn_change():
    rule = weekly(
        weekdays=(SATURDAY,), start=D(2026, 10, 24), start_time=dt.time(23, 0), duration_minutes=240
    )
    [occ] = occurrences(rule, D(2026, 10, 24), D(2026, 10, 24))
    assert occ.ends_at.astimezone(dt.UTC) - occ.starts_at.astimezone(dt.UTC) == dt.timedelta(
        hours=4
    )
    assert occ.ends_at == dt.datetime(2026, 10, 25, 2, 0, tzinfo=OSLO)
    assert occ.ends_at.utcoffset() == dt.timedelta(hours=1)


# --- next occurrence ----------------------------------------------------------------------


def test_next_occurrence_is_strictly_after_and_passes_over_skipped_dates():
    at_start = dt.datetime(2026, 3, 26, 11, 0, tzinfo=OSLO)
    assert next_occurrence(STERK_OG_STODIG, at_start - dt.timedelta(minutes=1)).date == D(
        2026, 3, 26
    )
    assert next_occurrence(STERK_OG_STODIG, at_start).date == D(2026, 4, 9)
    skipped = next_occurrence(STERK_OG_STODIG, at_start, include_skipped=True)
    assert (skipped.date, skipped.skipped_reason) == (D(2026, 4, 2), "Skjærtorsdag")


def test_next_occurrence_uses_the_rules_time_zone_for_the_date():
    # 23:30 UTC on Wednesday 25 March is already Thursday 00:30 in Oslo.
    after = dt.datetime(2026, 3, 25, 23, 30, tzinfo=dt.UTC)
    assert next_occurrence(STERK_OG_STODIG, after).date == D(2026, 3, 26)


def test_next_occurrence_after_the_end_is_none():
    rule = weekly(weekdays=(THURSDAY,), start=D(2026, 1, 8), count=2)
    assert next_occurrence(rule, dt.datetime(2026, 1, 15, 11, 0, tzinfo=OSLO)) is None
    assert next_occurrence(rule, dt.datetime(2026, 1, 10, tzinfo=OSLO)).date == D(2026, 1, 15)
    assert next_occurrence(rule, dt.datetime(2025, 1, 1, tzinfo=OSLO)).date == D(2026, 1, 8)


def test_next_occurrence_needs_an_aware_datetime():
    with pytest.raises(ValueError, match="timezone-aware"):
        next_occurrence(STERK_OG_STODIG, dt.datetime(2026, 1, 1))  # noqa: DTZ001


# --- validation ---------------------------------------------------------------------------

VALID = dict(
    frequency=WEEKLY,
    start=D(2026, 1, 8),
    start_time=ELEVEN,
    duration_minutes=60,
)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (dict(frequency="daily"), "Unknown frequency 'daily'"),
        (dict(start=dt.datetime(2026, 1, 8, tzinfo=dt.UTC)), "start must be a date"),
        (dict(start=D(1899, 12, 31)), "between 1900 and 2200"),
        (dict(start_time="11:00"), "start time must be a time"),
        (dict(start_time=dt.time(11, tzinfo=dt.UTC)), "without a time zone"),
        (dict(duration_minutes=0), "duration must be between 1 and"),
        (dict(duration_minutes=7 * 24 * 60 + 1), "duration must be between 1 and"),
        (dict(duration_minutes=60.0), "duration must be between 1 and"),
        (dict(interval=0), "interval must be a whole number from 1 to 100"),
        (dict(interval=101), "interval must be a whole number from 1 to 100"),
        (dict(timezone="Europe/Nowhere"), "Unknown time zone 'Europe/Nowhere'"),
        (dict(weekdays=(7,)), "Weekdays must be whole numbers from 0"),
        (dict(weekdays=("Thursday",)), "Weekdays must be whole numbers from 0"),
        (dict(weekdays=3), "weekdays must be a sequence"),
        (dict(month_day=3), "weekly rule takes weekdays"),
        (dict(until=D(2026, 1, 7)), "end date cannot be before the start"),
        (dict(until=D(2201, 1, 1)), "2200 or earlier"),
        (dict(count=0), "number of times must be a whole number of at least 1"),
        (dict(until=D(2026, 2, 1), count=3), "either an end date or a number of times"),
        (dict(skip_holidays="yes"), "must be True or False"),
        (dict(extra_dates=(dt.datetime(2026, 2, 1, tzinfo=dt.UTC),)), "must contain dates"),
        (dict(exceptions=(D(2201, 1, 1),)), "between 1900 and 2200"),
        (
            dict(extra_dates=(D(2026, 2, 1),), exceptions=(D(2026, 2, 1),)),
            "both an extra date and a cancelled date",
        ),
        (dict(weekdays=(MONDAY,), until=D(2026, 1, 11)), "never produces a date"),
        (dict(frequency=MONTHLY), "needs either a day of the month or an nth weekday"),
        (
            dict(frequency=MONTHLY, month_day=1, nth_weekday=(1, 1)),
            "needs either a day of the month or an nth weekday",
        ),
        (dict(frequency=MONTHLY, weekdays=(1,)), "monthly rule takes a day of the month"),
        (dict(frequency=MONTHLY, month_day=32), "day of the month must be from 1 to 31"),
        (dict(frequency=MONTHLY, nth_weekday=(5, 1)), "nth must be 1, 2, 3, 4 or -1"),
        (dict(frequency=MONTHLY, nth_weekday=(0, 1)), "nth must be 1, 2, 3, 4 or -1"),
        (dict(frequency=MONTHLY, nth_weekday=(1, 7)), "Weekdays must be whole numbers"),
        (dict(frequency=MONTHLY, nth_weekday=(1,)), "must be a pair"),
        (dict(frequency=MONTHLY, nth_weekday=1), "must be a pair"),
        (
            dict(frequency=MONTHLY, month_day=30, interval=12, start=D(2026, 2, 1)),
            "never produces a date",
        ),
        (dict(frequency=ONCE, interval=2), "one-off event cannot have an interval"),
        (dict(frequency=ONCE, weekdays=(3,)), "one-off event cannot have weekdays"),
        (dict(frequency=ONCE, count=1), "one-off event cannot have an end date"),
    ],
)
def test_invalid_rules_are_refused_with_a_clear_message(changes, message):
    with pytest.raises(ValueError, match=message):
        Rule(**(VALID | changes))


def test_a_rule_with_only_extra_dates_is_allowed():
    rule = Rule(
        **VALID | dict(weekdays=(MONDAY,), until=D(2026, 1, 11), extra_dates=[D(2026, 3, 2)])
    )
    assert dates(occurrences(rule, D(2026, 1, 1), D(2026, 12, 31))) == [D(2026, 3, 2)]


def test_rules_are_frozen():
    with pytest.raises(AttributeError):
        STERK_OG_STODIG.interval = 2


# --- properties ---------------------------------------------------------------------------

# Avoid 02:00-03:00, which does not exist on one day a year (tested above).
times = st.times().filter(lambda t: t.hour != 2)
starts = st.dates(min_value=D(1990, 1, 1), max_value=D(2060, 12, 31))


@st.composite
def rules(draw, end=None):
    frequency = draw(st.sampled_from([WEEKLY, MONTHLY]))
    start = draw(starts)
    kwargs = dict(
        frequency=frequency,
        start=start,
        start_time=draw(times),
        duration_minutes=draw(st.integers(1, 24 * 60)),
        interval=draw(st.integers(1, 5)),
        skip_holidays=draw(st.booleans()),
        skip_common_days_off=draw(st.booleans()),
    )
    if frequency == WEEKLY:
        kwargs["weekdays"] = draw(st.sets(st.integers(0, 6), min_size=1, max_size=3))
    elif draw(st.booleans()):
        kwargs["month_day"] = draw(st.integers(1, 31))
    else:
        kwargs["nth_weekday"] = (draw(st.sampled_from([1, 2, 3, 4, -1])), draw(st.integers(0, 6)))
    end = end or draw(st.sampled_from(["open", "until", "count"]))
    if end == "until":
        kwargs["until"] = start + dt.timedelta(days=draw(st.integers(1, 1500)))
    elif end == "count":
        kwargs["count"] = draw(st.integers(1, 60))
    try:
        return Rule(**kwargs)
    except ValueError as error:  # e.g. the 31st every fifth month from November, until soon
        assert "never produces a date" in str(error)
        reject()


@st.composite
def rule_and_range(draw):
    rule = draw(rules())
    begin = rule.start + dt.timedelta(days=draw(st.integers(-100, 1000)))
    end = begin + dt.timedelta(days=draw(st.integers(0, 800)))
    return rule, begin, end


def _dateutil_dates(rule: Rule, begin: dt.date, end: dt.date) -> list[dt.date]:
    """The pattern's dates according to python-dateutil's RFC 5545 implementation."""
    options = dict(
        dtstart=dt.datetime.combine(rule.start, dt.time()),  # noqa: DTZ001 - dates only
        interval=rule.interval,
        wkst=du.MO,
        count=rule.count,
        until=dt.datetime.combine(rule.until, dt.time()) if rule.until else None,  # noqa: DTZ001
    )
    if rule.frequency == WEEKLY:
        recurrence = du.rrule(du.WEEKLY, byweekday=rule.weekdays, **options)
    elif rule.month_day is not None:
        recurrence = du.rrule(du.MONTHLY, bymonthday=rule.month_day, **options)
    else:
        nth, weekday = rule.nth_weekday
        recurrence = du.rrule(du.MONTHLY, byweekday=du.weekday(weekday, nth), **options)
    low = dt.datetime.combine(begin, dt.time())  # noqa: DTZ001
    high = dt.datetime.combine(end, dt.time())  # noqa: DTZ001
    return [d.date() for d in recurrence.between(low, high, inc=True)]


@given(rule_and_range())
def test_the_pattern_matches_dateutils_rrule(case):
    rule, begin, end = case
    assert dates(occurrences(rule, begin, end)) == _dateutil_dates(rule, begin, end)


@given(rule_and_range())
def test_occurrences_are_in_range_sorted_and_never_on_a_skipped_day(case):
    rule, begin, end = case
    occs = occurrences(rule, begin, end)
    assert all(begin <= o.date <= end for o in occs)
    assert [o.date for o in occs] == sorted({o.date for o in occs})
    for occ in occs:
        holiday = holiday_on(occ.date)
        eve = common_day_off_on(occ.date)
        if rule.skip_holidays and holiday:
            assert occ.skipped_reason == holiday.name_nb
        elif rule.skip_common_days_off and eve:
            assert occ.skipped_reason == eve.name_nb
        else:
            assert not occ.skipped
    if not rule.skip_holidays:
        assert not any(o.holiday and o.holiday.is_public_holiday for o in occs)


@given(rule_and_range())
def test_local_start_time_and_duration_are_constant_across_dst(case):
    rule, begin, end = case
    for occ in occurrences(rule, begin, end):
        assert occ.starts_at.tzinfo == OSLO
        assert occ.starts_at.date() == occ.date
        assert occ.starts_at.timetz().replace(tzinfo=None) == rule.start_time
        elapsed = occ.ends_at.astimezone(dt.UTC) - occ.starts_at.astimezone(dt.UTC)
        assert elapsed == dt.timedelta(minutes=rule.duration_minutes)


@given(rule_and_range())
def test_the_interval_is_respected_and_anchored_at_the_start(case):
    rule, begin, end = case
    for occ in occurrences(rule, begin, end):
        assert occ.date >= rule.start
        if rule.until:
            assert occ.date <= rule.until
        if rule.frequency == WEEKLY:
            weeks = (occ.date - rule.start).days + rule.start.weekday()
            assert (weeks // 7) % rule.interval == 0
            assert occ.date.weekday() in rule.weekdays
        else:
            months = (occ.date.year - rule.start.year) * 12 + occ.date.month - rule.start.month
            assert months % rule.interval == 0


@given(rules(end="count"))
def test_count_is_the_number_of_pattern_dates(rule):
    assert len(occurrences(rule, D(1900, 1, 1), D(2200, 12, 31))) == rule.count


@given(rule_and_range(), st.integers(0, 800))
def test_splitting_the_range_changes_nothing(case, cut):
    rule, begin, end = case
    middle = min(begin + dt.timedelta(days=cut), end)
    left = occurrences(rule, begin, middle)
    right = occurrences(rule, middle + dt.timedelta(days=1), end)
    assert left + right == occurrences(rule, begin, end)


# Hypothesis takes naive bounds and adds the zone itself.
NAIVE_MIN, NAIVE_MAX = dt.datetime(1990, 1, 1), dt.datetime(2062, 1, 1)  # noqa: DTZ001


@given(rules(), st.datetimes(NAIVE_MIN, NAIVE_MAX, timezones=st.just(dt.UTC)))
def test_next_occurrence_is_the_first_held_occurrence_after(rule, after):
    found = next_occurrence(rule, after)
    horizon = after.date() + dt.timedelta(days=3 * 366)
    window = occurrences(rule, after.date() - dt.timedelta(days=1), horizon)
    expected = next((o for o in window if o.starts_at > after and not o.skipped), None)
    if expected is None:
        assert found is None or found.date > horizon
    else:
        assert found == expected
