"""Eligibility and scores: the batch path (candidate_edges) and the explaining path agree."""

from __future__ import annotations

import numpy as np
import pytest

from samskap.matching.model import Weights, slot_mask
from samskap.matching.optimise import solve
from samskap.matching.scoring import (
    candidate_edges,
    components,
    haversine_km,
    pair_score,
    rank_helpers,
)
from samskap.matching.synthetic import generate

from .builders import KM_LAT, LAT, LON, helper, need


def test_one_degree_of_latitude_is_about_111_km():
    assert haversine_km(60.0, 10.0, 61.0, 10.0) == pytest.approx(111.195, abs=0.01)


def test_worked_example_score():
    # 1 km of 5 km → 200·0.8 = 160; one of two windows shared → 60·½ = 30.
    assert pair_score(need(), helper()) == 1000 + 160 + 30


def test_continuity_preference_and_language_add_their_weights():
    n = need(language="so", previous_helper_ids=frozenset({1}))
    h = helper(preferred_person_ids=frozenset({n.person_id}), languages=frozenset({"nb", "so"}))
    assert pair_score(n, h) == 1190 + 150 + 100 + 80
    parts = components(n, h)
    assert parts.helped_before and parts.preferred and parts.shared_language == "so"
    assert parts.overlap_mask == slot_mask(["mon_am"])
    assert parts.distance_km == pytest.approx(1.0, abs=1e-3)


@pytest.mark.parametrize(
    ("case", "n", "h"),
    [
        (
            "missing verification",
            need(required_verifications=frozenset({"police_certificate"})),
            helper(),
        ),
        ("out of range", need(), helper(lat=LAT + 5.1 * KM_LAT)),
        ("blocked", need(blocked_helper_ids=frozenset({1})), helper()),
        ("no shared slot", need(windows_mask=slot_mask(["sat_am"])), helper()),
        ("other category", need(category="snow"), helper()),
        ("no capacity", need(), helper(capacity=0)),
    ],
)
def test_ineligible_pair_gets_no_edge_and_no_assignment(case, n, h):
    other = helper(id=2, lon=LON + 0.5)  # too far away for anyone: keeps the batch non-trivial
    assert pair_score(n, h) is None, case
    assert len(candidate_edges([n], [h, other])) == 0
    result = solve([n], [h, other])
    assert result.assignments == [] and result.unassigned_need_ids == [n.id]
    assert rank_helpers(n, [h, other]) == []


def test_eligible_at_exactly_the_max_distance():
    h = helper()
    d = components(need(), h).distance_km
    assert pair_score(need(), helper(max_distance_km=d)) == 1000 + 0 + 30
    assert pair_score(need(), helper(max_distance_km=d - 1e-9)) is None


def test_pair_score_and_components_agree_with_candidate_edges():
    instance = generate(600, 150, seed=5)
    needs, helpers = instance.needs, instance.helpers
    weights = Weights()
    edges = candidate_edges(needs, helpers, weights)
    assert len(edges) > 200
    for i, j, score, km in zip(
        edges.need_idx, edges.helper_idx, edges.score, edges.distance_km, strict=True
    ):
        assert pair_score(needs[i], helpers[j], weights) == score
        assert components(needs[i], helpers[j]).distance_km == km
    # Every other pair is ineligible: check a random sample against the scalar rules.
    is_edge = set(zip(edges.need_idx.tolist(), edges.helper_idx.tolist(), strict=True))
    rng = np.random.default_rng(0)
    for i, j in zip(
        rng.integers(0, len(needs), 3000), rng.integers(0, len(helpers), 3000), strict=True
    ):
        if (int(i), int(j)) not in is_edge:
            assert pair_score(needs[i], helpers[j], weights) is None


def test_edges_are_found_in_all_radius_bands_and_no_further():
    # Helpers with very different radii around one need: the k-d tree bands must not miss any.
    n = need()
    radii = [0.3, 0.9, 1.9, 3.0, 7.5, 8.0, 24.9, 25.0, 60.0]
    helpers = []
    for k, r in enumerate(radii):
        helpers.append(helper(id=10 + k, lat=LAT + r * 0.999 * KM_LAT, max_distance_km=r))
        helpers.append(helper(id=50 + k, lat=LAT - r * 1.001 * KM_LAT, max_distance_km=r))
    edges = candidate_edges([n], helpers)
    assert sorted(helpers[j].id for j in edges.helper_idx) == [10 + k for k in range(len(radii))]


def test_rank_helpers_orders_by_net_score_then_distance_then_id():
    n = need(previous_helper_ids=frozenset({3}))
    busy = helper(id=1, current_load=4)  # next task costs 4·25 = 100
    near = helper(id=2, lat=LAT + 0.5 * KM_LAT)
    before = helper(id=3)
    twin = helper(id=4, lat=LAT + 0.5 * KM_LAT)
    ranked = rank_helpers(n, [busy, near, before, twin])
    assert [s.helper_id for s in ranked] == [3, 2, 4, 1]
    assert ranked[-1].marginal_load_penalty == 100
    assert ranked[0].components.helped_before
    assert rank_helpers(n, [busy, near, before, twin], limit=2)[1].helper_id == 2
