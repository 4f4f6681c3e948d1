"""Small hand-made needs and helpers for the matching tests, and an exhaustive search."""

from __future__ import annotations

from collections.abc import Sequence

from samskap.matching.model import HelperInput, NeedInput, Weights, slot_mask
from samskap.matching.scoring import load_penalty, pair_score

LAT, LON = 63.43, 10.39  # Trondheim
KM_LAT = 1 / 111.195  # degrees of latitude per km


def need(id: int = 1, **fields) -> NeedInput:
    values = dict(
        id=id,
        lat=LAT,
        lon=LON,
        category="shopping",
        required_verifications=frozenset({"identity"}),
        windows_mask=slot_mask(["mon_am", "mon_pm"]),
        person_id=100 + id,
    )
    values.update(fields)
    return NeedInput(**values)


def helper(id: int = 1, **fields) -> HelperInput:
    values = dict(
        id=id,
        lat=LAT + 1.0 * KM_LAT,  # 1 km north
        lon=LON,
        categories=frozenset({"shopping", "garden"}),
        verifications=frozenset({"identity", "reference"}),
        max_distance_km=5.0,
        availability_mask=slot_mask(["mon_am", "tue_ev"]),
        languages=frozenset({"nb"}),
        capacity=2,
    )
    values.update(fields)
    return HelperInput(**values)


def brute_force(
    needs: Sequence[NeedInput], helpers: Sequence[HelperInput], weights: Weights
) -> int:
    """The best objective over every feasible assignment, by exhaustive search."""
    options = [
        [(j, s) for j, h in enumerate(helpers) if (s := pair_score(n, h, weights)) is not None]
        for n in needs
    ]
    used = [0] * len(helpers)
    best = 0

    def search(i: int, score: int) -> None:
        nonlocal best
        if i == len(needs):
            penalty = sum(
                load_penalty(weights, h.current_load, used[j]) for j, h in enumerate(helpers)
            )
            best = max(best, score - penalty)
            return
        search(i + 1, score)  # need i stays unassigned
        for j, s in options[i]:
            if used[j] < helpers[j].capacity:
                used[j] += 1
                search(i + 1, score + s)
                used[j] -= 1

    search(0, 0)
    return best
