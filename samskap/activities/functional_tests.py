"""Simple functional tests for strength-and-balance programmes (*Sterk og stødig*).

Pure functions: a result in, a plain comparison with published norms out. Used to show a
participant their own progress from the start to the end of a programme — never to rank
people. Norms and sources are in docs/functional-tests.md.

- 30-second chair stand (30 s sit-to-stand, "reise seg fra stol på 30 sekunder"): number of
  full stands with arms crossed. Normal range = the middle 50 % (25th–75th percentile) for
  age and sex, from Rikli & Jones, *Senior Fitness FunctionalTest Manual* (2nd ed., 2013), built on
  Jones, Rikli & Beam (1999) and Rikli & Jones (1999).
- Timed Up and Go (TUG): seconds to rise, walk 3 m, turn, walk back and sit. Reference means
  by age from Bohannon (2006); ≥ 13.5 s is associated with a higher risk of falls
  (Shumway-Cook, Brauer & Woollacott, 2000).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FunctionalTest(StrEnum):
    CHAIR_STAND_30S = "chair_stand_30s"
    TIMED_UP_AND_GO = "timed_up_and_go"


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"


class Band(StrEnum):
    BELOW = "below"  # below the normal range for age (chair stand), or slower (TUG)
    WITHIN = "within"
    ABOVE = "above"


# Age band (inclusive lower bound, inclusive upper bound) → (25th, 75th percentile) stands.
CHAIR_STAND_NORMS: dict[Sex, tuple[tuple[int, int, int, int], ...]] = {
    Sex.FEMALE: (
        (60, 64, 12, 17),
        (65, 69, 11, 16),
        (70, 74, 10, 15),
        (75, 79, 10, 15),
        (80, 84, 9, 14),
        (85, 89, 8, 13),
        (90, 94, 4, 11),
    ),
    Sex.MALE: (
        (60, 64, 14, 19),
        (65, 69, 12, 18),
        (70, 74, 12, 17),
        (75, 79, 11, 17),
        (80, 84, 10, 15),
        (85, 89, 8, 14),
        (90, 94, 7, 12),
    ),
}

# Age band → mean TUG seconds for community-dwelling older people (Bohannon 2006).
TUG_MEANS: tuple[tuple[int, int, float], ...] = ((60, 69, 8.1), (70, 79, 9.2), (80, 99, 11.3))
TUG_FALL_RISK_SECONDS = 13.5

# Smallest change worth calling a change, so that day-to-day noise is not shown as progress.
MEANINGFUL_CHANGE = {FunctionalTest.CHAIR_STAND_30S: 2.0, FunctionalTest.TIMED_UP_AND_GO: 1.0}


@dataclass(frozen=True)
class Comparison:
    test: FunctionalTest
    value: float
    band: Band | None  # None when there is no norm for this age
    normal_low: float | None
    normal_high: float | None
    fall_risk: bool = False


@dataclass(frozen=True)
class Progress:
    test: FunctionalTest
    start: float
    end: float
    change: float  # positive = better (more stands, or fewer seconds)
    improved: bool
    worsened: bool


def _band_for(age: int, rows):
    for row in rows:
        if row[0] <= age <= row[1]:
            return row
    return None


def compare(test: FunctionalTest, value: float, *, age: int, sex: Sex | None) -> Comparison:
    """Where a result lies compared with people of the same age (and sex, for chair stand)."""
    if value < 0:
        raise ValueError("a test result cannot be negative")
    if test == FunctionalTest.CHAIR_STAND_30S:
        if sex is None:
            return Comparison(test, value, None, None, None)
        row = _band_for(age, CHAIR_STAND_NORMS[Sex(sex)])
        if row is None:
            return Comparison(test, value, None, None, None)
        low, high = row[2], row[3]
        band = Band.BELOW if value < low else Band.ABOVE if value > high else Band.WITHIN
        return Comparison(test, value, band, low, high)
    if test == FunctionalTest.TIMED_UP_AND_GO:
        fall_risk = value >= TUG_FALL_RISK_SECONDS
        row = _band_for(age, TUG_MEANS)
        if row is None:
            return Comparison(test, value, None, None, None, fall_risk)
        mean = row[2]
        # Within ±1 s of the age mean counts as typical for age.
        band = Band.ABOVE if value < mean - 1 else Band.BELOW if value > mean + 1 else Band.WITHIN
        return Comparison(test, value, band, mean - 1, mean + 1, fall_risk)
    raise ValueError(f"unknown test {test!r}")


def progress(test: FunctionalTest, start: float, end: float) -> Progress:
    """Change from the first to the last test of a programme, in the 'better' direction."""
    change = end - start if test == FunctionalTest.CHAIR_STAND_30S else start - end
    threshold = MEANINGFUL_CHANGE[FunctionalTest(test)]
    return Progress(
        test=FunctionalTest(test),
        start=start,
        end=end,
        change=change,
        improved=change >= threshold,
        worsened=change <= -threshold,
    )
