"""The count, without a database: ranking, ties, skipping, and invariants."""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import given
from hypothesis import strategies as st

from samskap.budgets.counting import (
    Candidate,
    CastBallot,
    StepOutcome,
    count_votes,
    knapsack_overflow,
)
from samskap.budgets.text import kroner

T0 = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)


def ballots(*choices):
    return [CastBallot(frozenset(c)) for c in choices]


def test_ranks_by_votes_and_skips_what_does_not_fit():
    a = Candidate(1, "Turgruppe", 300_000)
    b = Candidate(2, "Kafé", 400_000)
    c = Candidate(3, "Trim", 300_000)
    d = Candidate(4, "Bok", 100_000)
    result = count_votes(
        budget=800_000,
        candidates=[a, b, c, d],
        ballots=ballots({1, 2, 3}, {1, 2, 3, 4}, {1, 2}, {1}),
    )
    # a 4 votes, b 3, c 2, d 1
    assert [s.candidate.id for s in result.steps] == [1, 2, 3, 4]
    assert [s.outcome for s in result.steps] == [
        StepOutcome.FUNDED,
        StepOutcome.FUNDED,
        StepOutcome.SKIPPED,
        StepOutcome.FUNDED,
    ]
    assert result.total_funded == 800_000
    assert result.remaining == 0
    skipped = result.steps[2]
    assert skipped.remaining_before == 100_000
    assert skipped.explanation == (
        f"«Trim» ({kroner(300_000)}) fikk ikke plass: {kroner(100_000)} igjen. "
        "Går videre til neste."
    )


def test_ties_lower_cost_then_earlier_submission_then_id():
    late = Candidate(1, "Sen", 200_000, T0 + dt.timedelta(days=1))
    early = Candidate(2, "Tidlig", 200_000, T0)
    cheap = Candidate(3, "Billig", 100_000, T0 + dt.timedelta(days=5))
    same = Candidate(4, "Lik", 200_000, T0)
    result = count_votes(
        budget=1_000_000,
        candidates=[late, early, cheap, same],
        ballots=ballots({1, 2, 3, 4}),
    )
    assert [s.candidate.id for s in result.steps] == [3, 2, 4, 1]


def test_no_votes_no_money():
    result = count_votes(
        budget=500,
        candidates=[Candidate(1, "A", 100), Candidate(2, "B", 100)],
        ballots=ballots({1}),
    )
    assert result.funded_ids == {1}
    assert result.steps[1].outcome == StepOutcome.NO_VOTES


def test_knapsack_overflow():
    costs = {1: 300_000, 2: 400_000, 3: 200_000}
    assert knapsack_overflow(budget=800_000, costs=costs, chosen=[1, 2]) == 0
    assert knapsack_overflow(budget=800_000, costs=costs, chosen=[1, 2, 3]) == 100_000


candidates_strategy = st.lists(
    st.tuples(st.integers(1, 1_000_000), st.integers(0, 5)), min_size=1, max_size=8
)


@given(
    specs=candidates_strategy,
    budget=st.integers(0, 2_000_000),
    raw_ballots=st.lists(st.sets(st.integers(1, 8)), max_size=15),
    seed=st.integers(0, 1000),
)
def test_invariants(specs, budget, raw_ballots, seed):
    candidates = [
        Candidate(i, f"P{i}", cost, T0 + dt.timedelta(hours=h))
        for i, (cost, h) in enumerate(specs, start=1)
    ]
    cast = ballots(*raw_ballots)
    result = count_votes(budget=budget, candidates=candidates, ballots=cast)
    assert result.total_funded <= budget
    shuffled = list(cast)
    random.Random(seed).shuffle(shuffled)
    reversed_candidates = list(reversed(candidates))
    again = count_votes(budget=budget, candidates=reversed_candidates, ballots=shuffled)
    assert again.steps == result.steps
    for step in result.steps:
        if step.outcome == StepOutcome.SKIPPED:
            assert step.candidate.cost > step.remaining_before
            assert step.votes > 0
        if step.outcome == StepOutcome.FUNDED:
            assert step.remaining_after == step.remaining_before - step.candidate.cost
    votes = [s.votes for s in result.steps]
    assert votes == sorted(votes, reverse=True)
