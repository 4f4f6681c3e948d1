from __future__ import annotations

import itertools
import random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from samskap.darp.check import check_solution
from samskap.darp.schedule import (
    RouteState,
    Tables,
    best_insertion,
    earliest_schedule,
    eight_step,
    insert_nodes,
    route_cost,
    schedule_route,
)

from .conftest import CORDEAU, tiny


def random_route(instance, rng: random.Random, size: int) -> list[int]:
    """Requests close in time (so a fair share is feasible), in a random valid order."""
    by_time = sorted(
        instance.requests,
        key=lambda r: min(instance.nodes[r.pickup].late, instance.nodes[r.delivery].late),
    )
    first = rng.randrange(0, len(by_time) - size + 1)
    chosen = by_time[first : first + size]
    sequence: list[int] = []
    for r in chosen:
        i = rng.randint(0, len(sequence))
        sequence.insert(i, r.pickup)
        j = rng.randint(i + 1, len(sequence))
        sequence.insert(j, r.delivery)
    vehicle = instance.vehicles[0]
    return [vehicle.start, *sequence, vehicle.end]


def lp_feasible(instance, route: list[int]) -> bool:
    """Brute force of a different kind: the schedule's LP, solved by HiGHS."""
    m = len(route)
    dist = instance.distance
    nodes = instance.nodes
    rows, rhs = [], []
    for k in range(m - 1):
        a, b = route[k], route[k + 1]
        row = np.zeros(m)
        row[k], row[k + 1] = 1.0, -1.0
        rows.append(row)
        rhs.append(-(nodes[a].service + dist[a, b]))
    position = {v: k for k, v in enumerate(route)}
    for request in instance.requests:
        if request.pickup in position:
            row = np.zeros(m)
            row[position[request.delivery]], row[position[request.pickup]] = 1.0, -1.0
            rows.append(row)
            rhs.append(request.max_ride + nodes[request.pickup].service + 1e-7)
    row = np.zeros(m)
    row[m - 1], row[0] = 1.0, -1.0
    rows.append(row)
    rhs.append(instance.vehicles[0].max_duration + 1e-7)
    bounds = [(nodes[v].early, nodes[v].late + 1e-7) for v in route]
    result = linprog(np.zeros(m), A_ub=np.array(rows), b_ub=np.array(rhs), bounds=bounds)
    return result.status == 0


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 10**9), size=st.integers(1, 5), name=st.sampled_from(["a2-16", "a4-24"]))
def test_schedulers_agree_with_the_checker(seed, size, name):
    from samskap.darp.instance import parse_cordeau

    instance = parse_cordeau(CORDEAU / f"{name}.txt")
    tables = Tables(instance)
    route = random_route(instance, random.Random(seed), size)
    vehicle = instance.vehicles[0]
    report = check_solution(instance, [route], allow_unserved=True)
    exact = earliest_schedule(tables, route, vehicle.max_duration)
    assert (exact is not None) == report.feasible, (route, report.reasons)
    heuristic = eight_step(tables, route, vehicle.max_duration)
    if heuristic is not None:
        assert report.feasible
    result = schedule_route(tables, route, vehicle)
    assert result.feasible == report.feasible
    if result.feasible:
        assert result.times is not None
        times = result.times
        for k in range(len(route) - 1):
            a, b = route[k], route[k + 1]
            assert times[k + 1] >= times[k] + tables.service[a] + tables.dist[a][b] - 1e-6
        assert times[-1] - times[0] <= vehicle.max_duration + 1e-6


def test_exact_scheduler_matches_lp_on_every_order_of_small_request_sets(a2_16):
    tables = Tables(a2_16)
    vehicle = a2_16.vehicles[0]
    rng = random.Random(7)
    agreements = feasible = 0
    for _ in range(5):
        route = random_route(a2_16, rng, 3)
        requests = [a2_16.request_of_node[v] for v in route[1:-1] if v <= a2_16.n]
        events = [x for r in requests for x in (r.pickup, r.delivery)]
        for order in itertools.permutations(events):
            pos = {v: k for k, v in enumerate(order)}
            if any(pos[r.pickup] > pos[r.delivery] for r in requests):
                continue
            full = [vehicle.start, *order, vehicle.end]
            ours = earliest_schedule(tables, full, vehicle.max_duration) is not None
            assert ours == lp_feasible(a2_16, full), full
            agreements += 1
            feasible += ours
    assert agreements > 200 and feasible > 0


def test_eight_step_delays_departure_to_cut_waiting():
    instance = tiny()
    tables = Tables(instance)
    times = eight_step(tables, [0, 1, 3, 2, 4, 5], 200)
    assert times is not None
    assert times[-1] - times[0] == route_cost(tables, [0, 1, 3, 2, 4, 5]) + 4


def test_best_insertion_equals_exhaustive_search(a2_16):
    tables = Tables(a2_16)
    vehicle = a2_16.vehicles[0]
    rng = random.Random(3)
    compared = 0
    for _ in range(60):
        route = random_route(a2_16, rng, rng.randint(1, 3))
        if earliest_schedule(tables, route, vehicle.max_duration) is None:
            continue
        state = RouteState(vehicle, route, tables)
        for request in rng.sample(range(a2_16.n), 4):
            p, d = tables.pickup[request], tables.delivery[request]
            if p in route:
                continue
            best = None
            for i in range(len(route) - 1):
                for j in range(i, len(route) - 1):
                    new = insert_nodes(route, p, d, i, j)
                    if earliest_schedule(tables, new, vehicle.max_duration) is not None:
                        delta = route_cost(tables, new) - state.cost
                        best = delta if best is None else min(best, delta)
            found = best_insertion(tables, state, request)
            assert (found is None) == (best is None)
            if found is not None:
                assert abs(found[0] - best) < 1e-7
                assert check_solution(a2_16, [found[1]], allow_unserved=True).feasible
            compared += 1
    assert compared > 15
