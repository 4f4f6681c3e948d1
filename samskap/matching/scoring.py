"""Eligibility and scores of (need, helper) pairs: vectorised for a batch, scalar to explain.

`candidate_edges` finds every eligible pair of a batch with numpy and a k-d tree; `pair_score`
and `components` score one pair with the same array code, so both always agree. The score
formula and the reasons for each weight are in docs/matching.md.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from .model import DEFAULT_WEIGHTS, Components, HelperInput, NeedInput, Weights

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)
# The k-d tree searches with straight chords through the Earth; a chord is never longer than
# the great-circle distance, so a search radius of max_distance_km (plus this slack against
# rounding) finds every eligible pair. The exact great-circle distance is then checked.
_CHORD_SLACK_KM = 1e-6

_I64 = np.int64


@dataclass(frozen=True)
class Edges:
    """Eligible (need, helper) pairs of a batch as parallel arrays, sorted by need then helper.

    `need_idx` and `helper_idx` index the sequences given to `candidate_edges`.
    """

    need_idx: np.ndarray  # int64
    helper_idx: np.ndarray  # int64
    score: np.ndarray  # int64
    distance_km: np.ndarray  # float64

    def __len__(self) -> int:
        return int(self.need_idx.shape[0])

    @classmethod
    def empty(cls) -> Edges:
        return cls(
            need_idx=np.zeros(0, dtype=_I64),
            helper_idx=np.zeros(0, dtype=_I64),
            score=np.zeros(0, dtype=_I64),
            distance_km=np.zeros(0, dtype=np.float64),
        )


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A ranked helper for one need: `score - marginal_load_penalty` decides the order."""

    helper_id: int
    score: int
    marginal_load_penalty: int
    components: Components

    @property
    def net_score(self) -> int:
        return self.score - self.marginal_load_penalty


def haversine_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle distance in km between points given in degrees (numpy arrays)."""
    p1 = np.radians(np.asarray(lat1, dtype=np.float64))
    p2 = np.radians(np.asarray(lat2, dtype=np.float64))
    dp = p2 - p1
    dl = np.radians(np.asarray(lon2, dtype=np.float64) - np.asarray(lon1, dtype=np.float64))
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def _xyz_km(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Points on the sphere in Cartesian km, for the k-d tree."""
    p, lam = np.radians(lat), np.radians(lon)
    cos_p = np.cos(p)
    return EARTH_RADIUS_KM * np.column_stack((cos_p * np.cos(lam), cos_p * np.sin(lam), np.sin(p)))


def load_penalty(weights: Weights, current_load: int, tasks: int) -> int:
    """Penalty of `tasks` new tasks: Σ load_step·k for k = current_load … current_load+tasks−1."""
    if tasks <= 0:
        return 0
    return weights.load_step * (tasks * current_load + tasks * (tasks - 1) // 2)


def _score_arrays(
    weights: Weights,
    distance_km: np.ndarray,
    max_distance_km: np.ndarray,
    helped_before: np.ndarray,
    preferred: np.ndarray,
    overlap: np.ndarray,
    windows: np.ndarray,
    shared_language: np.ndarray,
) -> np.ndarray:
    """The integer edge score; the one formula used by both the batch and the scalar path."""
    safe_max = np.where(max_distance_km > 0, max_distance_km, 1.0)
    closeness = np.where(max_distance_km > 0, 1.0 - distance_km / safe_max, 1.0)
    proximity = np.rint(weights.distance * np.clip(closeness, 0.0, 1.0)).astype(_I64)
    windows_count = np.maximum(np.bitwise_count(windows), 1).astype(np.float64)
    share = np.bitwise_count(overlap).astype(np.float64) / windows_count
    availability = np.rint(weights.availability * share).astype(_I64)
    return (
        weights.coverage
        + proximity
        + weights.continuity * helped_before.astype(_I64)
        + weights.preferred * preferred.astype(_I64)
        + availability
        + weights.language * shared_language.astype(_I64)
    )


def _codes(values: Sequence[frozenset[str]]) -> dict[str, int]:
    codes: dict[str, int] = {}
    for value in values:
        for code in value:
            codes.setdefault(code, len(codes))
    return codes


def _bits(sets: Sequence[frozenset[str]], codes: dict[str, int]) -> np.ndarray:
    out = np.zeros(len(sets), dtype=_I64)
    for i, value in enumerate(sets):
        bits = 0
        for code in value:
            bit = codes.get(code)
            if bit is not None:
                bits |= 1 << bit
        out[i] = bits
    return out


def _pair_keys(pairs: list[tuple[int, int]], width: int) -> np.ndarray:
    if not pairs:
        return np.zeros(0, dtype=_I64)
    arr = np.asarray(pairs, dtype=_I64)
    return np.unique(arr[:, 0] * width + arr[:, 1])


def _member(values: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """values ∈ keys, for a small sorted unique `keys` array."""
    if keys.size == 0:
        return np.zeros(values.shape, dtype=bool)
    pos = np.minimum(np.searchsorted(keys, values), keys.size - 1)
    return keys[pos] == values


def _member_sorted(keys: np.ndarray, values: np.ndarray) -> np.ndarray:
    """values ∈ keys for a large sorted `values` array and a small `keys` array."""
    out = np.zeros(values.shape, dtype=bool)
    if keys.size == 0 or values.size == 0:
        return out
    pos = np.searchsorted(values, keys)
    hit = pos < values.size
    pos, found = pos[hit], keys[hit]
    out[pos[values[pos] == found]] = True
    return out


def candidate_edges(
    needs: Sequence[NeedInput], helpers: Sequence[HelperInput], weights: Weights = DEFAULT_WEIGHTS
) -> Edges:
    """Every eligible (need, helper) pair with its integer score, vectorised.

    A pair is eligible when the helper offers the category, holds every required
    verification, lives within its max distance, shares a time slot, is not blocked by the
    person and still has capacity. Pairs are searched per category and radius band with a
    k-d tree on 3-D coordinates; all other checks are numpy operations on the found pairs.
    """
    n_needs, n_helpers = len(needs), len(helpers)
    if n_needs == 0 or n_helpers == 0:
        return Edges.empty()

    need_lat = np.fromiter((n.lat for n in needs), np.float64, n_needs)
    need_lon = np.fromiter((n.lon for n in needs), np.float64, n_needs)
    windows = np.fromiter((n.windows_mask for n in needs), _I64, n_needs)
    help_lat = np.fromiter((h.lat for h in helpers), np.float64, n_helpers)
    help_lon = np.fromiter((h.lon for h in helpers), np.float64, n_helpers)
    max_km = np.fromiter((h.max_distance_km for h in helpers), np.float64, n_helpers)
    availability = np.fromiter((h.availability_mask for h in helpers), _I64, n_helpers)
    capacity = np.fromiter((h.capacity for h in helpers), _I64, n_helpers)

    ver_codes = _codes([n.required_verifications for n in needs])
    if len(ver_codes) > 62:
        raise ValueError("more than 62 distinct verification codes")
    required = _bits([n.required_verifications for n in needs], ver_codes)
    held = _bits([h.verifications for h in helpers], ver_codes)

    helper_index = {h.id: i for i, h in enumerate(helpers)}
    if len(helper_index) != n_helpers:
        raise ValueError("helper ids must be unique")
    blocked_keys = _pair_keys(
        [
            (i, helper_index[b])
            for i, n in enumerate(needs)
            for b in n.blocked_helper_ids
            if b in helper_index
        ],
        n_helpers,
    )
    previous_keys = _pair_keys(
        [
            (i, helper_index[p])
            for i, n in enumerate(needs)
            for p in n.previous_helper_ids
            if p in helper_index
        ],
        n_helpers,
    )
    person_index: dict[int, int] = {}
    need_person = np.fromiter(
        (person_index.setdefault(n.person_id, len(person_index)) for n in needs), _I64, n_needs
    )
    n_persons = len(person_index)
    preferred_keys = _pair_keys(
        [
            (j, person_index[p])
            for j, h in enumerate(helpers)
            for p in h.preferred_person_ids
            if p in person_index
        ],
        n_persons,
    )
    lang_index: dict[str, int] = {}
    need_lang = np.fromiter(
        (
            -1 if n.language is None else lang_index.setdefault(n.language, len(lang_index))
            for n in needs
        ),
        _I64,
        n_needs,
    )
    n_langs = max(len(lang_index), 1)
    language_keys = _pair_keys(
        [
            (j, lang_index[code])
            for j, h in enumerate(helpers)
            for code in h.languages
            if code in lang_index
        ],
        n_langs,
    )

    need_xyz = _xyz_km(need_lat, need_lon)
    help_xyz = _xyz_km(help_lat, help_lon)
    # Radius bands (2^(b-1), 2^b] km: each band is searched with its own largest radius.
    band = np.ceil(np.log2(np.maximum(max_km, 2.0**-10))).astype(_I64)

    categories: dict[str, list[int]] = {}
    for i, n in enumerate(needs):
        categories.setdefault(n.category, []).append(i)

    found_need: list[np.ndarray] = []
    found_helper: list[np.ndarray] = []
    found_km: list[np.ndarray] = []
    for category, need_list in categories.items():
        cat_needs = np.asarray(need_list, dtype=_I64)
        offers = np.fromiter((category in h.categories for h in helpers), bool, n_helpers)
        cat_helpers = np.flatnonzero(offers & (capacity > 0) & (max_km >= 0))
        if cat_helpers.size == 0:
            continue
        need_tree = cKDTree(need_xyz[cat_needs])
        for b in np.unique(band[cat_helpers]):
            group = cat_helpers[band[cat_helpers] == b]
            radius = float(max_km[group].max()) + _CHORD_SLACK_KM
            helper_tree = cKDTree(help_xyz[group])
            pairs = helper_tree.sparse_distance_matrix(
                need_tree, max_distance=radius, output_type="ndarray"
            )
            if pairs.size == 0:
                continue
            h_idx = group[pairs["i"].astype(_I64)]
            n_idx = cat_needs[pairs["j"].astype(_I64)]
            keep = ((windows[n_idx] & availability[h_idx]) != 0) & (
                (required[n_idx] & ~held[h_idx]) == 0
            )
            h_idx, n_idx = h_idx[keep], n_idx[keep]
            km = haversine_km(need_lat[n_idx], need_lon[n_idx], help_lat[h_idx], help_lon[h_idx])
            keep = km <= max_km[h_idx]
            found_need.append(n_idx[keep])
            found_helper.append(h_idx[keep])
            found_km.append(km[keep])

    if not found_need:
        return Edges.empty()
    need_idx = np.concatenate(found_need)
    helper_idx = np.concatenate(found_helper)
    distance_km = np.concatenate(found_km)
    # One sort by (need, helper): deterministic order, and sorted keys for the lookups below.
    pair_key = need_idx * n_helpers + helper_idx
    order = np.argsort(pair_key)
    pair_key = pair_key[order]
    need_idx, helper_idx, distance_km = need_idx[order], helper_idx[order], distance_km[order]
    if blocked_keys.size:
        keep = ~_member_sorted(blocked_keys, pair_key)
        pair_key = pair_key[keep]
        need_idx, helper_idx, distance_km = need_idx[keep], helper_idx[keep], distance_km[keep]

    helped_before = _member_sorted(previous_keys, pair_key)
    preferred = _member(helper_idx * n_persons + need_person[need_idx], preferred_keys)
    lang = need_lang[need_idx]
    shared_language = (lang >= 0) & _member(helper_idx * n_langs + lang, language_keys)
    score = _score_arrays(
        weights,
        distance_km,
        max_km[helper_idx],
        helped_before,
        preferred,
        windows[need_idx] & availability[helper_idx],
        windows[need_idx],
        shared_language,
    )
    return Edges(need_idx=need_idx, helper_idx=helper_idx, score=score, distance_km=distance_km)


def pair_distance_km(need: NeedInput, helper: HelperInput) -> float:
    return float(
        haversine_km(
            np.array([need.lat]),
            np.array([need.lon]),
            np.array([helper.lat]),
            np.array([helper.lon]),
        )[0]
    )


def _components(need: NeedInput, helper: HelperInput, distance_km: float) -> Components:
    shared = (
        need.language if need.language is not None and need.language in helper.languages else None
    )
    return Components(
        distance_km=distance_km,
        helped_before=helper.id in need.previous_helper_ids,
        preferred=need.person_id in helper.preferred_person_ids,
        overlap_mask=need.windows_mask & helper.availability_mask,
        shared_language=shared,
    )


def components(need: NeedInput, helper: HelperInput) -> Components:
    """The parts of the score of one pair, eligible or not (to explain a match)."""
    return _components(need, helper, pair_distance_km(need, helper))


def is_eligible(need: NeedInput, helper: HelperInput, distance_km: float | None = None) -> bool:
    if distance_km is None:
        distance_km = pair_distance_km(need, helper)
    return (
        need.category in helper.categories
        and need.required_verifications <= helper.verifications
        and helper.capacity > 0
        and helper.id not in need.blocked_helper_ids
        and need.windows_mask & helper.availability_mask != 0
        and not math.isnan(distance_km)
        and distance_km <= helper.max_distance_km
    )


def pair_score(
    need: NeedInput, helper: HelperInput, weights: Weights = DEFAULT_WEIGHTS
) -> int | None:
    """The integer score of one pair, or None when the helper is not eligible for the need."""
    distance_km = pair_distance_km(need, helper)
    if not is_eligible(need, helper, distance_km):
        return None
    return _score_from_components(need, helper, _components(need, helper, distance_km), weights)


def _score_from_components(
    need: NeedInput, helper: HelperInput, parts: Components, weights: Weights
) -> int:
    score = _score_arrays(
        weights,
        np.array([parts.distance_km]),
        np.array([helper.max_distance_km], dtype=np.float64),
        np.array([parts.helped_before]),
        np.array([parts.preferred]),
        np.array([parts.overlap_mask], dtype=_I64),
        np.array([need.windows_mask], dtype=_I64),
        np.array([parts.shared_language is not None]),
    )
    return int(score[0])


def rank_helpers(
    need: NeedInput,
    helpers: Sequence[HelperInput],
    weights: Weights = DEFAULT_WEIGHTS,
    limit: int | None = 10,
) -> list[Suggestion]:
    """Eligible helpers for one need, best first.

    Ordered by score minus the load penalty of the helper's next task, then by distance,
    then by helper id.
    """
    edges = candidate_edges([need], helpers, weights)
    if len(edges) == 0:
        return []
    load = np.fromiter((helpers[j].current_load for j in edges.helper_idx), _I64, len(edges))
    ids = np.fromiter((helpers[j].id for j in edges.helper_idx), _I64, len(edges))
    penalty = weights.load_step * load
    order = np.lexsort((ids, edges.distance_km, -(edges.score - penalty)))
    if limit is not None:
        order = order[:limit]
    out = []
    for k in order:
        helper = helpers[int(edges.helper_idx[k])]
        out.append(
            Suggestion(
                helper_id=helper.id,
                score=int(edges.score[k]),
                marginal_load_penalty=int(penalty[k]),
                components=_components(need, helper, float(edges.distance_km[k])),
            )
        )
    return out
