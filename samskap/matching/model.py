"""Inputs and weights of the helper matching: plain frozen dataclasses, no database.

The `help` app loads needs and helpers from the database into these dataclasses, calls
`samskap.matching.optimise.solve` and saves the result. See docs/matching.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Parts of the day: am 08–12, pm 12–16, ev 16–20.
PARTS = ("am", "pm", "ev")
SLOTS = tuple(f"{d}_{p}" for d in DAYS for p in PARTS)
ALL_SLOTS_MASK = (1 << len(SLOTS)) - 1
_SLOT_BIT = {code: i for i, code in enumerate(SLOTS)}

CATEGORIES = (
    "garden",
    "snow",
    "shopping",
    "escort",
    "visiting_friend",
    "walking_partner",
    "digital_help",
    "small_jobs",
    "meal_company",
)
VERIFICATIONS = ("identity", "reference", "police_certificate", "training")


def slot_mask(codes: Iterable[str]) -> int:
    """Bit mask of weekly time slots: bit i is `SLOTS[i]`. Unknown codes raise ValueError."""
    mask = 0
    for code in codes:
        try:
            mask |= 1 << _SLOT_BIT[code]
        except KeyError:
            raise ValueError(f"unknown time slot {code!r}") from None
    return mask


def mask_slots(mask: int) -> list[str]:
    """The slot codes of a mask, in week order."""
    if mask < 0 or mask > ALL_SLOTS_MASK:
        raise ValueError(f"slot mask out of range: {mask}")
    return [code for i, code in enumerate(SLOTS) if mask >> i & 1]


@dataclass(frozen=True, slots=True)
class NeedInput:
    """An open help need of a resident."""

    id: int
    lat: float
    lon: float
    category: str
    required_verifications: frozenset[str]
    windows_mask: int
    person_id: int
    # The person's preferred language when it is not Norwegian, e.g. "so".
    language: str | None = None
    # "Not this helper again": these helpers are silently ineligible.
    blocked_helper_ids: frozenset[int] = frozenset()
    # Helpers who helped this person before (continuity bonus).
    previous_helper_ids: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class HelperInput:
    """A volunteer or helper who can take tasks in this batch."""

    id: int
    lat: float
    lon: float
    categories: frozenset[str]
    # Verifications valid on the day of the batch.
    verifications: frozenset[str]
    # Already capped by the helper's means of transport.
    max_distance_km: float
    availability_mask: int
    languages: frozenset[str]
    # How many more tasks the helper may take in this batch (≥ 0).
    capacity: int
    # Tasks already held in the period, for the even-load penalty.
    current_load: int = 0
    preferred_person_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Weights:
    """Integer weights of the edge score and the load penalty (docs/matching.md)."""

    coverage: int = 1000
    distance: int = 200
    continuity: int = 150
    preferred: int = 100
    availability: int = 60
    language: int = 80
    load_step: int = 25

    def __post_init__(self) -> None:
        for name in (
            "coverage",
            "distance",
            "continuity",
            "preferred",
            "availability",
            "language",
            "load_step",
        ):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"weight {name} must be a non-negative int, got {value!r}")

    def as_dict(self) -> dict[str, int]:
        return {
            "coverage": self.coverage,
            "distance": self.distance,
            "continuity": self.continuity,
            "preferred": self.preferred,
            "availability": self.availability,
            "language": self.language,
            "load_step": self.load_step,
        }


DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True, slots=True)
class Components:
    """Why a helper fits a need: the parts of the edge score."""

    distance_km: float
    helped_before: bool
    preferred: bool
    overlap_mask: int
    shared_language: str | None
