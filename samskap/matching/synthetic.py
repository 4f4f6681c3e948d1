"""A synthetic rural kommune for benchmarks and tests: deterministic for a seed.

About 60 × 60 km of inland Norway with a small town and several villages as population
clusters, plus scattered farms. Residents post needs in the nine help categories with
realistic frequencies, time windows and verification requirements; helpers are neighbours,
retirees, students, people in work and organisation volunteers with capacities 1–6, walking,
cycling or driving. A few people prefer Somali, Arabic, Polish, Tigrinya or Ukrainian, some
were helped before by a helper nearby, and a few have asked not to get a certain helper again.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from .model import CATEGORIES, DAYS, PARTS, SLOTS, HelperInput, NeedInput

CENTRE_LAT, CENTRE_LON = 62.85, 10.65
SIZE_KM = 60.0
KM_PER_DEG_LAT = 111.2

# Share of needs per category (visiting friends and shopping are the most common requests).
CATEGORY_SHARE = {
    "visiting_friend": 0.18,
    "shopping": 0.16,
    "snow": 0.13,
    "garden": 0.12,
    "escort": 0.10,
    "walking_partner": 0.09,
    "digital_help": 0.09,
    "small_jobs": 0.08,
    "meal_company": 0.05,
}
# Probability that a need of the category requires each verification.
REQUIRED = {
    "visiting_friend": {"identity": 1.0, "reference": 0.6, "police_certificate": 0.25},
    "shopping": {"identity": 0.8},
    "snow": {"identity": 0.5},
    "garden": {"identity": 0.5},
    "escort": {"identity": 1.0, "reference": 0.4, "police_certificate": 0.2, "training": 0.5},
    "walking_partner": {"identity": 1.0, "reference": 0.5},
    "digital_help": {"identity": 0.9, "training": 0.1},
    "small_jobs": {"identity": 0.7},
    "meal_company": {"identity": 1.0, "reference": 0.6, "police_certificate": 0.15},
}
# Relative weight of each part of the day (am, pm, ev) and of weekend days per category.
WINDOW_SHAPE = {
    "visiting_friend": ((0.5, 1.0, 1.0), 1.0),
    "shopping": ((1.0, 1.0, 0.4), 0.6),
    "snow": ((1.0, 0.6, 0.3), 1.0),
    "garden": ((0.4, 1.0, 1.0), 1.2),
    "escort": ((1.0, 1.0, 0.2), 0.2),
    "walking_partner": ((1.0, 1.0, 0.5), 1.0),
    "digital_help": ((0.6, 1.0, 1.0), 0.8),
    "small_jobs": ((0.5, 1.0, 1.0), 1.2),
    "meal_company": ((0.2, 1.0, 1.0), 1.0),
}
LANGUAGES = ("so", "ar", "pl", "ti", "uk")
LANGUAGE_SHARE = (0.3, 0.25, 0.2, 0.15, 0.1)
# Helpers are free in only some of the slots their kind typically has free.
AVAILABLE_SCALE = 0.5
TRANSPORT_KM = {"walk": 3.0, "bike": 8.0, "car": 25.0}


@dataclass(frozen=True)
class HelperKind:
    name: str
    share: float
    capacity: tuple[int, int]  # inclusive range
    transport: tuple[float, float, float]  # walk, bike, car
    parts: tuple[float, float, float]  # availability per part on weekdays
    weekend: float  # availability per part on weekend days
    verified: float  # factor on the verification rates


HELPER_KINDS = (
    HelperKind("neighbour", 0.34, (1, 2), (0.45, 0.25, 0.30), (0.10, 0.20, 0.60), 0.50, 0.8),
    HelperKind("retiree", 0.26, (2, 4), (0.25, 0.15, 0.60), (0.70, 0.60, 0.20), 0.30, 1.0),
    HelperKind("student", 0.14, (1, 3), (0.30, 0.55, 0.15), (0.15, 0.35, 0.60), 0.50, 0.7),
    HelperKind("employed", 0.12, (1, 2), (0.10, 0.20, 0.70), (0.02, 0.05, 0.55), 0.50, 0.9),
    HelperKind("organisation", 0.14, (3, 6), (0.05, 0.15, 0.80), (0.50, 0.50, 0.40), 0.30, 1.5),
)
VERIFICATION_RATE = {
    "identity": 0.85,
    "reference": 0.55,
    "police_certificate": 0.30,
    "training": 0.22,
}
# How likely a helper offers each category (1–3 categories each, weighted).
OFFER_WEIGHT = {
    "visiting_friend": 1.4,
    "shopping": 1.4,
    "snow": 0.9,
    "garden": 1.0,
    "escort": 0.7,
    "walking_partner": 1.1,
    "digital_help": 0.7,
    "small_jobs": 0.9,
    "meal_company": 0.6,
}


@dataclass(frozen=True)
class Instance:
    needs: list[NeedInput]
    helpers: list[HelperInput]
    seed: int


def _settlements(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Centres (km), spreads (km) and population shares of a town and its villages."""
    n_villages = 8
    centres = rng.uniform(6.0, SIZE_KM - 6.0, size=(n_villages, 2))
    centres[0] = (SIZE_KM / 2, SIZE_KM / 2) + rng.normal(0, 3.0, size=2)
    spread = np.concatenate(([2.5], rng.uniform(0.6, 1.8, n_villages - 1)))
    share = np.concatenate(([0.32], rng.dirichlet(np.full(n_villages - 1, 2.0)) * 0.68))
    return centres, spread, share


def _homes(
    rng: np.random.Generator, count: int, settlements: tuple, scattered: float
) -> np.ndarray:
    """Home positions in km: mostly in the town and villages, some on scattered farms."""
    centres, spread, share = settlements
    farm = rng.random(count) < scattered
    which = rng.choice(len(share), size=count, p=share)
    xy = centres[which] + rng.normal(size=(count, 2)) * spread[which, None]
    xy[farm] = rng.uniform(0.0, SIZE_KM, size=(int(farm.sum()), 2))
    return np.clip(xy, 0.0, SIZE_KM)


def _to_lat_lon(xy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    lat = CENTRE_LAT + (xy[:, 1] - SIZE_KM / 2) / KM_PER_DEG_LAT
    lon = CENTRE_LON + (xy[:, 0] - SIZE_KM / 2) / (KM_PER_DEG_LAT * np.cos(np.radians(CENTRE_LAT)))
    return np.round(lat, 6), np.round(lon, 6)


def _masks(bits: np.ndarray) -> np.ndarray:
    """Rows of 21 booleans (slot order of SLOTS) to int masks."""
    weights = np.left_shift(np.int64(1), np.arange(len(SLOTS), dtype=np.int64))
    return bits.astype(np.int64) @ weights


def _slot_weights(parts: tuple[float, float, float], weekend: float) -> np.ndarray:
    day_factor = np.array([1.0] * 5 + [weekend] * 2)
    return (day_factor[:, None] * np.array(parts)[None, :]).reshape(len(DAYS) * len(PARTS))


def _need_windows(rng: np.random.Generator, category_idx: np.ndarray) -> np.ndarray:
    """Each need offers 2–6 slots, drawn without replacement from the category's shape."""
    count = category_idx.size
    shapes = np.stack([_slot_weights(*WINDOW_SHAPE[c]) for c in CATEGORIES])
    p = shapes[category_idx]
    # Weighted sampling without replacement (Efraimidis–Spirakis): largest u^(1/w) win.
    keys = rng.random((count, len(SLOTS))) ** (1.0 / p)
    k = rng.integers(2, 7, size=count)
    rank = np.argsort(np.argsort(-keys, axis=1), axis=1)
    return _masks(rank < k[:, None])


def generate(needs: int, helpers: int, seed: int) -> Instance:
    """A synthetic instance with `needs` open needs and `helpers` helpers."""
    rng = np.random.default_rng(seed)
    settlements = _settlements(rng)

    # People in need: one to three needs each.
    n_persons = max(1, int(round(needs / 1.3)))
    person_xy = _homes(rng, n_persons, settlements, scattered=0.22)
    person_lat, person_lon = _to_lat_lon(person_xy)
    person_lang = np.where(
        rng.random(n_persons) < 0.07,
        rng.choice(len(LANGUAGES), size=n_persons, p=LANGUAGE_SHARE),
        -1,
    )
    need_person = np.sort(rng.integers(0, n_persons, size=needs))
    need_cat = rng.choice(len(CATEGORIES), size=needs, p=[CATEGORY_SHARE[c] for c in CATEGORIES])
    need_windows = _need_windows(rng, need_cat)
    required = {
        code: rng.random(needs)
        < np.array([REQUIRED[c].get(code, 0.0) for c in CATEGORIES])[need_cat]
        for code in VERIFICATION_RATE
    }

    # Helpers.
    kind_idx = rng.choice(len(HELPER_KINDS), size=helpers, p=[k.share for k in HELPER_KINDS])
    helper_xy = _homes(rng, helpers, settlements, scattered=0.15)
    helper_lat, helper_lon = _to_lat_lon(helper_xy)
    low = np.array([k.capacity[0] for k in HELPER_KINDS])[kind_idx]
    high = np.array([k.capacity[1] for k in HELPER_KINDS])[kind_idx]
    capacity = rng.integers(low, high + 1)
    current_load = np.minimum(rng.poisson(0.8, size=helpers), 5)
    transport = np.array([k.transport for k in HELPER_KINDS])[kind_idx]
    mode = (rng.random(helpers)[:, None] > np.cumsum(transport, axis=1)).sum(axis=1)
    mode = np.minimum(mode, 2)
    cap_km = np.array(list(TRANSPORT_KM.values()))[mode]
    willing = rng.choice([0.3, 0.5, 0.7, 1.0], size=helpers, p=[0.35, 0.3, 0.2, 0.15])
    max_km = np.round(cap_km * willing, 1)
    slot_p = np.stack([_slot_weights(k.parts, k.weekend) for k in HELPER_KINDS])[kind_idx]
    availability = _masks(rng.random((helpers, len(SLOTS))) < AVAILABLE_SCALE * slot_p)
    verified_factor = np.array([k.verified for k in HELPER_KINDS])[kind_idx]
    holds = {
        code: rng.random(helpers) < np.minimum(rate * verified_factor, 0.95)
        for code, rate in VERIFICATION_RATE.items()
    }
    offer_p = np.array([OFFER_WEIGHT[c] for c in CATEGORIES])
    offer_p /= offer_p.sum()
    n_offers = rng.integers(1, 4, size=helpers)
    offer_keys = rng.random((helpers, len(CATEGORIES))) ** (1.0 / offer_p)
    offer_rank = np.argsort(np.argsort(-offer_keys, axis=1), axis=1)
    offers = offer_rank < n_offers[:, None]
    helper_lang = np.where(
        rng.random(helpers) < 0.06, rng.choice(len(LANGUAGES), size=helpers, p=LANGUAGE_SHARE), -1
    )
    speaks_english = rng.random(helpers) < 0.6

    # Continuity, blocks and preferences between people who live near each other.
    helper_tree = cKDTree(helper_xy)
    k_near = min(15, helpers)
    _, near_helpers = helper_tree.query(person_xy, k=k_near)
    near_helpers = near_helpers.reshape(n_persons, k_near)
    pick = rng.integers(0, k_near, size=(n_persons, 3))
    picked = np.take_along_axis(near_helpers, pick, axis=1)
    has_previous = rng.random(n_persons) < 0.14
    two_previous = rng.random(n_persons) < 0.3
    has_block = rng.random(n_persons) < 0.03
    person_tree = cKDTree(person_xy)
    k_persons = min(10, n_persons)
    _, near_persons = person_tree.query(helper_xy, k=k_persons)
    near_persons = near_persons.reshape(helpers, k_persons)
    has_preferred = rng.random(helpers) < 0.08
    n_preferred = rng.integers(1, 4, size=helpers)

    helper_ids = 1 + np.arange(helpers)
    person_ids = 100_001 + np.arange(n_persons)
    previous: list[frozenset[int]] = []
    blocked: list[frozenset[int]] = []
    for p in range(n_persons):
        prev: set[int] = set()
        if has_previous[p]:
            prev.add(int(helper_ids[picked[p, 0]]))
            if two_previous[p]:
                prev.add(int(helper_ids[picked[p, 1]]))
        previous.append(frozenset(prev))
        block = int(helper_ids[picked[p, 2]])
        blocked.append(frozenset({block}) if has_block[p] and block not in prev else frozenset())

    need_list = []
    for i in range(needs):
        p = int(need_person[i])
        lang = int(person_lang[p])
        need_list.append(
            NeedInput(
                id=1 + i,
                lat=float(person_lat[p]),
                lon=float(person_lon[p]),
                category=CATEGORIES[need_cat[i]],
                required_verifications=frozenset(c for c, r in required.items() if r[i]),
                windows_mask=int(need_windows[i]),
                person_id=int(person_ids[p]),
                language=LANGUAGES[lang] if lang >= 0 else None,
                blocked_helper_ids=blocked[p],
                previous_helper_ids=previous[p],
            )
        )
    helper_list = []
    for j in range(helpers):
        langs = {"nb"}
        if speaks_english[j]:
            langs.add("en")
        if helper_lang[j] >= 0:
            langs.add(LANGUAGES[helper_lang[j]])
        preferred = (
            frozenset(int(person_ids[q]) for q in near_persons[j, : n_preferred[j]])
            if has_preferred[j]
            else frozenset()
        )
        helper_list.append(
            HelperInput(
                id=int(helper_ids[j]),
                lat=float(helper_lat[j]),
                lon=float(helper_lon[j]),
                categories=frozenset(c for c, on in zip(CATEGORIES, offers[j], strict=True) if on),
                verifications=frozenset(c for c, h in holds.items() if h[j]),
                max_distance_km=float(max_km[j]),
                availability_mask=int(availability[j]),
                languages=frozenset(langs),
                capacity=int(capacity[j]),
                current_load=int(current_load[j]),
                preferred_person_ids=preferred,
            )
        )
    return Instance(needs=need_list, helpers=helper_list, seed=seed)
