"""Scoring rules on worked examples. Pure functions: no database."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samskap.plans.scoring import (
    CopmRating,
    GasGoal,
    ScoreError,
    copm_change,
    copm_mean,
    gas_t_score,
    psfs_change,
    psfs_mean,
)


def test_psfs_single_activity_change_of_three_is_clinically_important():
    result = psfs_change(baseline=3, follow_up=6)
    assert result.change == 3
    assert result.mcid == 3
    assert result.clinically_important
    assert result.direction == "better"


def test_psfs_single_activity_change_of_two_is_not():
    assert not psfs_change(baseline=4, follow_up=6).clinically_important


def test_psfs_mean_score_uses_two_point_threshold():
    baseline = psfs_mean([2, 4, 3])
    follow_up = psfs_mean([5, 6, 4])
    assert (baseline, follow_up) == (3.0, 5.0)
    result = psfs_change(baseline=baseline, follow_up=follow_up, activities=3)
    assert result.change == 2 and result.mcid == 2 and result.clinically_important


def test_psfs_worse_is_never_important_improvement():
    result = psfs_change(baseline=8, follow_up=2)
    assert result.change == -6 and result.direction == "worse" and not result.clinically_important


@pytest.mark.parametrize(("baseline", "follow_up"), [(-1, 5), (5, 11), (math.nan, 3)])
def test_psfs_refuses_scores_outside_the_scale(baseline, follow_up):
    with pytest.raises(ScoreError):
        psfs_change(baseline=baseline, follow_up=follow_up)


def test_copm_means_and_change_for_three_problems():
    initial = copm_mean([CopmRating(3, 2), CopmRating(4, 3), CopmRating(5, 4)])
    again = copm_mean([CopmRating(6, 5), CopmRating(7, 6), CopmRating(5, 4)])
    assert initial == CopmRating(4.0, 3.0)
    assert again == CopmRating(6.0, 5.0)
    result = copm_change(initial=initial, reassessment=again)
    assert (result.performance_change, result.satisfaction_change) == (2.0, 2.0)
    assert result.performance_important and result.satisfaction_important


def test_copm_refuses_zero():
    with pytest.raises(ScoreError):
        copm_mean([CopmRating(0, 5)])


@pytest.mark.parametrize(
    ("attainments", "expected"),
    [
        ([0, 0, 0], 50.0),
        ([2], 70.0),  # one goal: 50 + 10·2 / √(0.7 + 0.3)
        ([1, 1, 1], 63.69),  # 50 + 30 / √(0.7·3 + 0.3·9) = 50 + 30/√4.8
        ([-1, -1, -1], 36.31),  # the usual baseline when goals start at −1
        ([-1, -1, -1, -1], 35.49),  # 50 − 40 / √(0.7·4 + 0.3·16) = 50 − 40/√7.6
        ([1, 0, -1], 50.0),
    ],
)
def test_gas_t_score_worked_examples(attainments, expected):
    assert gas_t_score([GasGoal(a) for a in attainments]) == expected


def test_gas_weights_change_the_score():
    # weights 2 and 1, outcomes +1 and −1: 50 + 10·(2−1)/√(0.7·5 + 0.3·9) = 50 + 10/√6.2
    assert gas_t_score([GasGoal(1, 2), GasGoal(-1, 1)]) == round(50 + 10 / math.sqrt(6.2), 2)


@pytest.mark.parametrize("bad", [3, -3])
def test_gas_refuses_levels_outside_minus_two_to_plus_two(bad):
    with pytest.raises(ScoreError):
        gas_t_score([GasGoal(bad)])


@given(st.lists(st.integers(-2, 2), min_size=1, max_size=12), st.integers(0, 11))
def test_gas_score_rises_when_any_goal_improves(attainments, index):
    index %= len(attainments)
    if attainments[index] == 2:
        return
    better = list(attainments)
    better[index] += 1
    assert gas_t_score([GasGoal(a) for a in better]) > gas_t_score(
        [GasGoal(a) for a in attainments]
    )


@given(st.lists(st.integers(-2, 2), min_size=1, max_size=12))
def test_gas_score_is_symmetric_around_fifty(attainments):
    up = gas_t_score([GasGoal(a) for a in attainments])
    down = gas_t_score([GasGoal(-a) for a in attainments])
    assert math.isclose(up - 50, 50 - down, abs_tol=0.011)
