from __future__ import annotations

import dataclasses
import itertools
import random
from pathlib import Path

import numpy as np
import pytest

from samskap.darp import exact
from samskap.darp.check import check_solution
from samskap.darp.exact import ExactResult, solve_exact
from samskap.darp.instance import Instance, Request, Vehicle, parse_cordeau
from samskap.darp.solve import solve

from .conftest import CORDEAU, tiny


def truncated(
    path: Path, k: int, *, vehicles: int | None = None, T: float | None = None
) -> Instance:
    """The first `k` requests of a Cordeau instance (optionally fewer vehicles, shorter T)."""
    lines = [line.split() for line in path.read_text(encoding="utf-8").splitlines() if line]
    K, n, T_file, Q, L = lines[0]
    n = int(n)
    body = lines[1:]
    kept = [body[0], *body[1 : k + 1], *body[n + 1 : n + 1 + k], body[2 * n + 1]]
    header = f"{vehicles or K} {k} {T if T is not None else T_file} {Q} {L}"
    rows = [" ".join([str(i), *fields[1:]]) for i, fields in enumerate(kept)]
    return parse_cordeau("\n".join([header, *rows]) + "\n", name=f"{path.stem}-{k}")


def random_instance(seed: int, n: int = 3, vehicles: int = 2) -> Instance:
    """A small random instance with tight ride times, windows and route duration."""
    rng = random.Random(seed)
    T = rng.choice([60, 80, 200])
    L = rng.choice([15, 20, 30])
    header = f"{vehicles} {n} {T} 2 {L}"
    rows = ["0 0 0 0 0 0 200"]
    points = [(rng.uniform(-10, 10), rng.uniform(-10, 10)) for _ in range(2 * n)]
    for i in range(2 * n):
        x, y = points[i]
        load = 1 if i < n else -1
        if rng.random() < 0.5:
            early = rng.uniform(0, 120)
            late = early + rng.choice([5, 10, 20])
        else:
            early, late = 0, 200
        rows.append(
            f"{i + 1} {x:.3f} {y:.3f} {rng.choice([0, 1, 3])} {load} {early:.2f} {late:.2f}"
        )
    rows.append(f"{2 * n + 1} 0 0 0 0 0 200")
    return parse_cordeau("\n".join([header, *rows]) + "\n", name=f"random-{seed}")


def assert_feasible(instance: Instance, result: ExactResult) -> None:
    report = check_solution(instance, result.routes, allow_unserved=True)
    assert report.feasible, report.reasons
    assert report.unserved == result.unserved
    assert abs(report.cost - result.cost) < 1e-6
    assert len(result.routes) == len(instance.vehicles)
    for vehicle, route in zip(instance.vehicles, result.routes, strict=True):
        assert route[0] == vehicle.start and route[-1] == vehicle.end


def brute_force(instance: Instance) -> tuple[int, float]:
    """(most requests served, least cost) by trying every sequence; identical vehicles only.

    Feasibility of every sequence is decided by the independent checker.
    """
    vehicle = instance.vehicles[0]
    assert all(
        (v.start, v.end, v.capacity, v.max_duration)
        == (vehicle.start, vehicle.end, vehicle.capacity, vehicle.max_duration)
        for v in instance.vehicles
    )
    requests = instance.requests
    best_route: dict[frozenset[int], float] = {frozenset(): 0.0}
    for size in range(1, len(requests) + 1):
        for subset in itertools.combinations(requests, size):
            nodes = [r.pickup for r in subset] + [r.delivery for r in subset]
            for order in itertools.permutations(nodes):
                position = {v: k for k, v in enumerate(order)}
                if any(position[r.pickup] > position[r.delivery] for r in subset):
                    continue
                route = [vehicle.start, *order, vehicle.end]
                report = check_solution(instance, [route], allow_unserved=True)
                if report.feasible:
                    key = frozenset(r.index for r in subset)
                    best_route[key] = min(best_route.get(key, report.cost), report.cost)
    best = (0, 0.0)
    sets = list(best_route)
    for combo in itertools.combinations_with_replacement(sets, len(instance.vehicles)):
        union: set[int] = set()
        if sum(len(s) for s in combo) != len(set().union(*combo)):
            continue
        union = set().union(*combo)
        cost = sum(best_route[s] for s in combo)
        if (len(union), -cost) > (best[0], -best[1]):
            best = (len(union), cost)
    return best


@pytest.mark.parametrize("name", ["a2-16", "a3-18", "a4-16"])
@pytest.mark.parametrize("k", [4, 6])
def test_truncated_cordeau_exact_is_at_most_heuristic(name, k):
    instance = truncated(CORDEAU / f"{name}.txt", k)
    result = solve_exact(instance)
    assert result is not None and result.optimal
    assert_feasible(instance, result)
    assert result.unserved == []
    heuristic = solve(instance, time_limit=None, iterations=300, seed=1)
    assert check_solution(instance, heuristic.routes).feasible
    assert heuristic.unserved == {}
    assert result.cost <= heuristic.cost + 1e-6


@pytest.mark.parametrize("seed", range(12))
def test_random_three_requests_match_brute_force(seed):
    instance = random_instance(seed)
    result = solve_exact(instance)
    assert result is not None and result.optimal
    assert_feasible(instance, result)
    served, cost = brute_force(instance)
    assert len(instance.requests) - len(result.unserved) == served
    assert result.cost == pytest.approx(cost, abs=1e-3)


def test_cordeau_three_requests_match_brute_force():
    instance = truncated(CORDEAU / "a2-16.txt", 3, vehicles=1)
    result = solve_exact(instance)
    assert result is not None and result.optimal
    assert_feasible(instance, result)
    assert brute_force(instance) == (3, pytest.approx(result.cost, abs=1e-3))


@pytest.mark.parametrize("seed", range(6))
def test_dominance_does_not_change_the_optimum(seed, monkeypatch):
    # Tight route duration so the B_0 part of the dominance test matters.
    instance = truncated(CORDEAU / "a2-16.txt", 7, vehicles=1 + seed % 2, T=90 + 15 * seed)
    with_dominance = solve_exact(instance)
    monkeypatch.setattr(exact._Enumerator, "_dominated", lambda *args: False)
    without = solve_exact(instance)
    assert with_dominance is not None and without is not None
    assert with_dominance.optimal and without.optimal
    assert_feasible(instance, with_dominance)
    assert with_dominance.unserved == without.unserved
    assert with_dominance.cost == pytest.approx(without.cost, abs=1e-3)
    assert with_dominance.labels <= without.labels


def test_tiny_instance_serves_both():
    instance = tiny()
    result = solve_exact(instance)
    assert result is not None and result.optimal
    assert_feasible(instance, result)
    assert result.unserved == []
    assert brute_force(instance) == (2, pytest.approx(result.cost, abs=1e-3))


def test_unservable_request_is_left_out_and_others_served():
    # Request 1's drop-off is 50 away from its pickup (L = 30): nobody can take it.
    instance = parse_cordeau(
        "1 3 200 3 30\n"
        "0 0 0 0 0 0 200\n"
        "1 5 0 0 1 0 200\n"
        "2 0 5 0 1 0 200\n"
        "3 -40 0 0 1 60 62\n"
        "4 10 0 0 -1 0 200\n"
        "5 0 55 0 -1 0 200\n"
        "6 -45 0 0 -1 0 200\n"
        "7 0 0 0 0 0 200\n",
        name="unservable",
    )
    result = solve_exact(instance)
    assert result is not None and result.optimal
    assert_feasible(instance, result)
    assert result.unserved == [1]


def test_fleet_too_small_serves_as_many_as_possible():
    # Two pickups at the same time 60 apart, one vehicle: only one can be served.
    instance = parse_cordeau(
        "1 2 100 3 30\n"
        "0 0 0 0 0 0 100\n"
        "1 30 0 0 1 40 41\n"
        "2 -30 0 0 1 40 41\n"
        "3 35 0 0 -1 0 100\n"
        "4 -35 0 0 -1 0 100\n"
        "5 0 0 0 0 0 100\n",
        name="small-fleet",
    )
    result = solve_exact(instance)
    assert result is not None and result.optimal
    assert_feasible(instance, result)
    assert len(result.unserved) == 1


def test_too_few_labels_gives_up():
    instance = truncated(CORDEAU / "a2-16.txt", 6)
    assert solve_exact(instance, max_labels=50) is None


def test_heterogeneous_fleet_uses_the_right_vehicle():
    # Vehicle 0 has no seats; vehicle 1 must do all the work.
    base = truncated(CORDEAU / "a2-16.txt", 4)
    vehicles = (
        Vehicle(0, base.vehicles[0].start, base.vehicles[0].end, 0, base.T),
        Vehicle(1, base.vehicles[1].start, base.vehicles[1].end, 3, base.T),
    )
    instance = dataclasses.replace(base, vehicles=vehicles)
    result = solve_exact(instance)
    assert result is not None and result.optimal
    assert_feasible(instance, result)
    assert len(result.routes[0]) == 2
    alone = (dataclasses.replace(vehicles[1], index=0),)
    single = solve_exact(dataclasses.replace(base, vehicles=alone))
    assert single is not None and single.cost == pytest.approx(result.cost)


@pytest.mark.skipif(
    "wheelchair" not in getattr(Request, "__dataclass_fields__", {})
    or "vehicles" not in getattr(Request, "__dataclass_fields__", {}),
    reason="Request.wheelchair / Request.vehicles not available yet",
)
def test_wheelchair_and_allowed_vehicles():
    base = truncated(CORDEAU / "a2-16.txt", 4)
    requests = list(base.requests)
    requests[0] = dataclasses.replace(requests[0], wheelchair=1)  # needs a wheelchair place
    requests[1] = dataclasses.replace(requests[1], vehicles=frozenset({0}))
    vehicles = (
        dataclasses.replace(base.vehicles[0], wheelchair_capacity=0),
        dataclasses.replace(base.vehicles[1], wheelchair_capacity=1),
    )
    instance = dataclasses.replace(base, requests=tuple(requests), vehicles=vehicles)
    result = solve_exact(instance)
    assert result is not None and result.optimal
    assert_feasible(instance, result)
    assert result.unserved == []
    assert requests[0].pickup in result.routes[1]
    assert requests[1].pickup in result.routes[0]


@pytest.mark.skipif(
    "matrix" not in getattr(Instance, "__dataclass_fields__", {}),
    reason="Instance.matrix not available yet",
)
@pytest.mark.parametrize("seed", range(6))
def test_asymmetric_non_metric_matrix_matches_brute_force(seed):
    base = random_instance(100 + seed)
    rng = random.Random(seed)
    size = len(base.nodes)
    matrix = [[0.0 if a == b else rng.uniform(1, 25) for b in range(size)] for a in range(size)]
    for _ in range(size):  # a few shortcuts break the triangle inequality
        a, b = rng.sample(range(size), 2)
        matrix[a][b] = rng.uniform(0, 1)
    instance = dataclasses.replace(base, matrix=np.array(matrix))
    result = solve_exact(instance)
    assert result is not None and result.optimal
    assert_feasible(instance, result)
    served, cost = brute_force(instance)
    assert len(instance.requests) - len(result.unserved) == served
    assert result.cost == pytest.approx(cost, abs=1e-3)
