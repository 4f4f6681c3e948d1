"""Pure rules of a co-creation process: no database, tested on their own.

- `is_question`: a challenge must be phrased as a question.
- `assess_mix`: is the group of participants too homogeneous?
- `spend_dots`: the dot-voting budget per person and round.
- `next_phase`: the order of the phases.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

# The phases in order; the first three are the rounds of the open/close idea method.
PHASES: tuple[str, ...] = ("directions", "ideas", "refined", "decision", "implementation")
ROUNDS: tuple[str, ...] = ("directions", "ideas", "refined")

QUESTION_WORDS: tuple[str, ...] = (
    "hva",
    "hvem",
    "hvordan",
    "hvilke",
    "hvilken",
    "hvilket",
    "hvorfor",
    "hvor",
    "når",
    "kan",
    "skal",
    "bør",
    "korleis",
    "kva",
    "kven",
    "kvifor",
    "kvar",
    "how",
    "what",
    "who",
    "which",
    "why",
)


def is_question(text: str) -> bool:
    """True if `text` starts with a question word (Hva, Hvem, Hvordan, Hvilke …) or ends
    with a question mark."""
    cleaned = text.strip()
    if not cleaned:
        return False
    if cleaned.endswith("?"):
        return True
    first = re.split(r"[\s,.:;!]+", cleaned.lower(), maxsplit=1)[0]
    return first in QUESTION_WORDS


# --- Participant mix ----------------------------------------------------------------------

MIN_SECTORS = 3
MAX_SHARE = 0.6


@dataclass(frozen=True)
class MixAssessment:
    total: int
    sectors: int
    largest_sector: str | None
    largest_share: float
    too_few_sectors: bool
    one_sector_dominates: bool

    @property
    def homogeneous(self) -> bool:
        return self.too_few_sectors or self.one_sector_dominates


def assess_mix(
    counts: Mapping[str, int], *, min_sectors: int = MIN_SECTORS, max_share: float = MAX_SHARE
) -> MixAssessment:
    """Whether a group is too homogeneous to co-create.

    The group is homogeneous when fewer than `min_sectors` (3) sectors are represented, or one
    sector has more than `max_share` (60 %) of the participants. An empty group is homogeneous.
    """
    present = {sector: n for sector, n in counts.items() if n > 0}
    total = sum(present.values())
    if not total:
        return MixAssessment(0, 0, None, 0.0, True, False)
    largest = max(sorted(present), key=lambda s: present[s])
    share = present[largest] / total
    return MixAssessment(
        total=total,
        sectors=len(present),
        largest_sector=largest,
        largest_share=share,
        too_few_sectors=len(present) < min_sectors,
        one_sector_dominates=share > max_share,
    )


# --- Dot voting ---------------------------------------------------------------------------


class BudgetExceeded(ValueError):
    """More dots than the person has left in this round."""


def dots_left(budget: int, used: int) -> int:
    return max(budget - used, 0)


def spend_dots(*, budget: int, used: int, dots: int = 1) -> int:
    """Spend `dots` of a round's `budget` when `used` are already spent; returns what is left.

    Raises `BudgetExceeded` (and spends nothing) when the budget would be exceeded.
    """
    if dots < 1:
        raise ValueError("dots must be positive")
    if used + dots > budget:
        raise BudgetExceeded(dots_left(budget, used))
    return budget - used - dots


# --- Phases -------------------------------------------------------------------------------


def is_round(phase: str) -> bool:
    """Rounds are where participants add ideas and vote."""
    return phase in ROUNDS


def next_phase(phase: str) -> str | None:
    index = PHASES.index(phase)
    return PHASES[index + 1] if index + 1 < len(PHASES) else None
