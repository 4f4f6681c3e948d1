"""Scoring rules for goal measures: PSFS, COPM and Goal Attainment Scaling.

Pure functions, no database. Sources and thresholds are documented in docs/goal-measures.md.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

# Patient-Specific Functional Scale (Stratford et al. 1995): 0 = unable, 10 = as before.
PSFS_MIN, PSFS_MAX = 0, 10
# Minimal clinically important difference for PSFS (points, improvement).
# Stratford et al. 1995: 2 points for the mean of the activities, 3 points for a single activity.
PSFS_MCID_MEAN = 2.0
PSFS_MCID_SINGLE = 3.0

# Canadian Occupational Performance Measure (Law et al.): 1–10 for performance and satisfaction.
COPM_MIN, COPM_MAX = 1, 10
# Clinically important change for COPM: 2 points (Law et al., COPM manual; Carswell et al. 2004).
COPM_MCID = 2.0

# Goal Attainment Scaling (Kiresuk & Sherman 1968): −2 … +2, 0 = expected outcome.
GAS_MIN, GAS_MAX = -2, 2
GAS_RHO = 0.3  # assumed inter-goal correlation in the T-score formula


class ScoreError(ValueError):
    """A score outside the scale, or an impossible combination."""


def _check(value: float, low: int, high: int, name: str) -> None:
    if not (low <= value <= high) or (isinstance(value, float) and math.isnan(value)):
        raise ScoreError(f"{name} must be between {low} and {high}, got {value!r}")


@dataclass(frozen=True)
class Change:
    baseline: float
    follow_up: float
    change: float
    mcid: float
    clinically_important: bool

    @property
    def direction(self) -> str:
        if self.change > 0:
            return "better"
        if self.change < 0:
            return "worse"
        return "same"


def psfs_change(*, baseline: float, follow_up: float, activities: int = 1) -> Change:
    """Change on PSFS (follow-up minus baseline). `activities` > 1 means mean scores."""
    _check(baseline, PSFS_MIN, PSFS_MAX, "PSFS baseline")
    _check(follow_up, PSFS_MIN, PSFS_MAX, "PSFS follow-up")
    if activities < 1:
        raise ScoreError("at least one activity")
    mcid = PSFS_MCID_SINGLE if activities == 1 else PSFS_MCID_MEAN
    change = round(follow_up - baseline, 2)
    return Change(baseline, follow_up, change, mcid, change >= mcid)


def psfs_mean(scores: Sequence[float]) -> float:
    """The PSFS total: the mean of the activity scores (0–10)."""
    if not scores:
        raise ScoreError("no PSFS activity scores")
    for score in scores:
        _check(score, PSFS_MIN, PSFS_MAX, "PSFS score")
    return round(sum(scores) / len(scores), 2)


@dataclass(frozen=True)
class CopmRating:
    performance: float
    satisfaction: float


@dataclass(frozen=True)
class CopmResult:
    performance_change: float
    satisfaction_change: float
    performance_important: bool
    satisfaction_important: bool


def copm_mean(ratings: Sequence[CopmRating]) -> CopmRating:
    """COPM total scores: the mean performance and mean satisfaction over the problems."""
    if not ratings:
        raise ScoreError("no COPM ratings")
    for rating in ratings:
        _check(rating.performance, COPM_MIN, COPM_MAX, "COPM performance")
        _check(rating.satisfaction, COPM_MIN, COPM_MAX, "COPM satisfaction")
    n = len(ratings)
    return CopmRating(
        performance=round(sum(r.performance for r in ratings) / n, 2),
        satisfaction=round(sum(r.satisfaction for r in ratings) / n, 2),
    )


def copm_change(*, initial: CopmRating, reassessment: CopmRating) -> CopmResult:
    for rating in (initial, reassessment):
        _check(rating.performance, COPM_MIN, COPM_MAX, "COPM performance")
        _check(rating.satisfaction, COPM_MIN, COPM_MAX, "COPM satisfaction")
    perf = round(reassessment.performance - initial.performance, 2)
    sat = round(reassessment.satisfaction - initial.satisfaction, 2)
    return CopmResult(perf, sat, perf >= COPM_MCID, sat >= COPM_MCID)


@dataclass(frozen=True)
class GasGoal:
    attainment: int  # −2 … +2
    weight: float = 1.0


def gas_t_score(goals: Sequence[GasGoal], *, rho: float = GAS_RHO) -> float:
    """Kiresuk & Sherman's T-score: 50 + 10·Σwᵢxᵢ / √((1−ρ)Σwᵢ² + ρ(Σwᵢ)²).

    50 means every goal reached its expected level; the spread is 10 per standard deviation.
    """
    if not goals:
        raise ScoreError("no GAS goals")
    for goal in goals:
        if goal.attainment not in range(GAS_MIN, GAS_MAX + 1):
            raise ScoreError(f"GAS attainment must be an integer −2…+2, got {goal.attainment!r}")
        if goal.weight <= 0:
            raise ScoreError("GAS weights must be positive")
    weighted = sum(g.weight * g.attainment for g in goals)
    sum_w2 = sum(g.weight**2 for g in goals)
    sum_w = sum(g.weight for g in goals)
    return round(50 + 10 * weighted / math.sqrt((1 - rho) * sum_w2 + rho * sum_w**2), 2)
