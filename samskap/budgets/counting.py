"""Counting a budget vote: pure, deterministic and explained step by step. No ORM.

Both voting methods count the same way; they differ only in what a ballot may hold:

- approval voting: a voter approves any number of proposals;
- knapsack voting: a voter picks proposals whose total cost fits within the pool
  (`knapsack_ballot_total` / `knapsack_overflow` check that before the ballot is saved).

The count:

1. Each proposal gets one vote per ballot that includes it.
2. Proposals are ranked by votes, most first. Ties are broken by lower cost first (more
   money left for others), then earlier submission, then lower id. The order is therefore
   the same whatever order the ballots arrive in.
3. Going down the ranking, a proposal is funded if its cost fits in what is left of the
   pool. If it does not fit, it is skipped and the count goes on to the next proposal, so a
   cheaper proposal further down may still be funded. Proposals without any votes are not
   funded.

`count_votes` returns the ranking and every step, so the result page can show exactly how
the money was shared out.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from samskap.budgets.text import kroner

LATEST = dt.datetime.max.replace(tzinfo=dt.UTC)


class StepOutcome(models.TextChoices):
    FUNDED = "funded", gettext_lazy("Får penger")
    SKIPPED = "skipped", gettext_lazy("Fikk ikke plass")
    NO_VOTES = "no_votes", gettext_lazy("Ingen stemmer")


@dataclass(frozen=True)
class Candidate:
    id: int
    title: str
    cost: int
    submitted_at: dt.datetime | None = None


@dataclass(frozen=True)
class CastBallot:
    """What one voter chose: only proposal ids, never who the voter is."""

    proposal_ids: frozenset[int]


@dataclass(frozen=True)
class Step:
    number: int
    candidate: Candidate
    votes: int
    outcome: str
    remaining_before: int
    remaining_after: int

    @property
    def funded(self) -> bool:
        return self.outcome == StepOutcome.FUNDED

    @property
    def outcome_label(self) -> str:
        return str(StepOutcome(self.outcome).label)

    @property
    def explanation(self) -> str:
        values = {
            "title": self.candidate.title,
            "cost": kroner(self.candidate.cost),
            "before": kroner(self.remaining_before),
            "after": kroner(self.remaining_after),
            "votes": self.votes,
        }
        if self.outcome == StepOutcome.FUNDED:
            return (
                ngettext(
                    "«%(title)s» (%(cost)s, %(votes)s stemme) får penger. "
                    "Igjen i potten: %(after)s.",
                    "«%(title)s» (%(cost)s, %(votes)s stemmer) får penger. "
                    "Igjen i potten: %(after)s.",
                    self.votes,
                )
                % values
            )
        if self.outcome == StepOutcome.SKIPPED:
            return (
                _("«%(title)s» (%(cost)s) fikk ikke plass: %(before)s igjen. Går videre til neste.")
                % values
            )
        return _("«%(title)s» fikk ingen stemmer og får ikke penger.") % values


@dataclass(frozen=True)
class CountResult:
    budget: int
    ballots: int
    steps: tuple[Step, ...]

    @property
    def funded(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if s.funded)

    @property
    def funded_ids(self) -> frozenset[int]:
        return frozenset(s.candidate.id for s in self.funded)

    @property
    def total_funded(self) -> int:
        return sum(s.candidate.cost for s in self.funded)

    @property
    def remaining(self) -> int:
        return self.budget - self.total_funded


def tally(candidates: Iterable[Candidate], ballots: Iterable[CastBallot]) -> dict[int, int]:
    """Votes per candidate id; choices of proposals not in the running are ignored."""
    ids = {c.id for c in candidates}
    counter: Counter[int] = Counter()
    for ballot in ballots:
        counter.update(pid for pid in ballot.proposal_ids if pid in ids)
    return {pid: counter[pid] for pid in ids}


def rank_key(candidate: Candidate, votes: int) -> tuple:
    """Most votes first; then lower cost, earlier submission, lower id."""
    return (-votes, candidate.cost, candidate.submitted_at or LATEST, candidate.id)


def count_votes(
    *, budget: int, candidates: Iterable[Candidate], ballots: Iterable[CastBallot]
) -> CountResult:
    candidates = list(candidates)
    ballots = list(ballots)
    votes = tally(candidates, ballots)
    ranked = sorted(candidates, key=lambda c: rank_key(c, votes[c.id]))
    remaining = budget
    steps = []
    for number, candidate in enumerate(ranked, start=1):
        before = remaining
        if votes[candidate.id] == 0:
            outcome = StepOutcome.NO_VOTES
        elif candidate.cost <= remaining:
            outcome = StepOutcome.FUNDED
            remaining -= candidate.cost
        else:
            outcome = StepOutcome.SKIPPED
        steps.append(
            Step(
                number=number,
                candidate=candidate,
                votes=votes[candidate.id],
                outcome=outcome,
                remaining_before=before,
                remaining_after=remaining,
            )
        )
    return CountResult(budget=budget, ballots=len(ballots), steps=tuple(steps))


def knapsack_ballot_total(costs: dict[int, int], chosen: Iterable[int]) -> int:
    return sum(costs[pid] for pid in set(chosen))


def knapsack_overflow(*, budget: int, costs: dict[int, int], chosen: Iterable[int]) -> int:
    """How many kroner a knapsack ballot is over the pool (0 when it fits)."""
    return max(0, knapsack_ballot_total(costs, chosen) - budget)
