from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samskap.activities.functional_tests import (
    CHAIR_STAND_NORMS,
    Band,
    FunctionalTest,
    Sex,
    compare,
    progress,
)


@pytest.mark.parametrize(
    ("value", "age", "sex", "band"),
    [
        (9, 78, Sex.FEMALE, Band.BELOW),  # below 10 for women 75–79 (CDC STEADI cut-off)
        (10, 78, Sex.FEMALE, Band.WITHIN),
        (15, 78, Sex.FEMALE, Band.WITHIN),
        (16, 78, Sex.FEMALE, Band.ABOVE),
        (10, 81, Sex.MALE, Band.WITHIN),
        (9, 81, Sex.MALE, Band.BELOW),
    ],
)
def test_chair_stand_against_age_and_sex_norms(value, age, sex, band):
    assert compare(FunctionalTest.CHAIR_STAND_30S, value, age=age, sex=sex).band == band


def test_no_norm_outside_the_published_ages_or_without_sex():
    assert compare(FunctionalTest.CHAIR_STAND_30S, 12, age=55, sex=Sex.MALE).band is None
    assert compare(FunctionalTest.CHAIR_STAND_30S, 12, age=97, sex=Sex.MALE).band is None
    assert compare(FunctionalTest.CHAIR_STAND_30S, 12, age=75, sex=None).band is None


def test_timed_up_and_go_and_fall_risk():
    fast = compare(FunctionalTest.TIMED_UP_AND_GO, 7.5, age=75, sex=None)
    slow = compare(FunctionalTest.TIMED_UP_AND_GO, 14.0, age=75, sex=None)
    assert fast.band == Band.ABOVE and not fast.fall_risk
    assert slow.band == Band.BELOW and slow.fall_risk
    assert compare(FunctionalTest.TIMED_UP_AND_GO, 13.4, age=85, sex=None).fall_risk is False


def test_negative_results_are_refused():
    with pytest.raises(ValueError):
        compare(FunctionalTest.TIMED_UP_AND_GO, -1, age=80, sex=None)


def test_progress_counts_the_better_direction_for_each_test():
    assert progress(FunctionalTest.CHAIR_STAND_30S, 8, 11).improved
    assert not progress(FunctionalTest.CHAIR_STAND_30S, 8, 9).improved  # within noise
    assert progress(FunctionalTest.TIMED_UP_AND_GO, 14.2, 12.6).improved  # fewer seconds is better
    assert progress(FunctionalTest.TIMED_UP_AND_GO, 10.0, 11.5).worsened


def test_norm_tables_are_ordered_and_consistent():
    for rows in CHAIR_STAND_NORMS.values():
        for (lo1, hi1, *_), (lo2, _hi2, *_) in zip(rows, rows[1:], strict=False):
            assert lo2 == hi1 + 1 and lo1 < hi1
        assert all(low < high for *_, low, high in rows)


@given(st.floats(0, 40), st.integers(60, 94), st.sampled_from(list(Sex)))
def test_more_stands_is_never_a_worse_band(value, age, sex):
    order = [Band.BELOW, Band.WITHIN, Band.ABOVE]
    a = compare(FunctionalTest.CHAIR_STAND_30S, value, age=age, sex=sex).band
    b = compare(FunctionalTest.CHAIR_STAND_30S, value + 1, age=age, sex=sex).band
    assert order.index(b) >= order.index(a)
