"""Product features: wheelchair places, rides locked to a vehicle, an explicit travel-time
matrix (asymmetric, possibly non-metric) and the unserved reason codes."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pytest

from samskap.darp.check import check_solution
from samskap.darp.instance import Instance, Node, Request, Vehicle
from samskap.darp.schedule import (
    RouteState,
    Tables,
    best_insertion,
    insert_nodes,
    insertion_candidates,
    route_cost,
    schedule_route,
)
from samskap.darp.solve import UNSERVED_KINDS, _Search, _signatures, solve

CAR, MINIBUS = 0, 1
SHIFT = (0.0, 600.0)
STOP = 2.0  # minutes of service at every pickup and drop-off


@dataclass(frozen=True)
class Leg:
    """A ride from position `frm` to position `to` on a line (minutes of driving)."""

    frm: float
    to: float
    pickup: tuple[float, float] = (0.0, 1000.0)
    dropoff: tuple[float, float] = (0.0, 1000.0)
    seats: int = 1
    wheelchair: int = 0
    max_ride: float = 90.0
    vehicles: frozenset[int] | None = None


def uphill(positions: list[float]) -> np.ndarray:
    """Travel minutes: the distance on the line plus 5 when driving towards larger positions.

    Asymmetric, but it satisfies the triangle inequality.
    """
    pos = np.array(positions, dtype=float)
    diff = pos[None, :] - pos[:, None]
    return np.abs(diff) + np.where(diff > 0, 5.0, 0.0)


def day(
    *legs: Leg,
    car_shift: tuple[float, float] = SHIFT,
    bus_shift: tuple[float, float] = SHIFT,
    matrix: np.ndarray | None = None,
) -> Instance:
    """Car (3 seats, no wheelchair place, depots at 0) and minibus (6 seats, 1 wheelchair
    place, depots at 50 and 60); node 4 + 2i is leg i's pickup, 5 + 2i its drop-off."""
    positions = [0.0, 0.0, 50.0, 60.0]
    nodes = [
        Node(0, 0, 0, 0, 0, *car_shift),
        Node(1, 0, 0, 0, 0, *car_shift),
        Node(2, 50, 0, 0, 0, *bus_shift),
        Node(3, 60, 0, 0, 0, *bus_shift),
    ]
    requests = []
    for i, leg in enumerate(legs):
        p = len(nodes)
        nodes.append(Node(p, leg.frm, 0, STOP, leg.seats, *leg.pickup))
        nodes.append(Node(p + 1, leg.to, 0, STOP, -leg.seats, *leg.dropoff))
        positions += [leg.frm, leg.to]
        requests.append(Request(i, p, p + 1, leg.seats, leg.max_ride, leg.wheelchair, leg.vehicles))
    vehicles = (
        Vehicle(CAR, 0, 1, 3, car_shift[1] - car_shift[0]),
        Vehicle(MINIBUS, 2, 3, 6, bus_shift[1] - bus_shift[0], wheelchair_capacity=1),
    )
    return Instance(
        name="day",
        nodes=tuple(nodes),
        requests=tuple(requests),
        vehicles=vehicles,
        K=2,
        n=len(requests),
        T=600.0,
        Q=6,
        L=90.0,
        matrix=uphill(positions) if matrix is None else matrix,
    )


def kinds(report) -> set[str]:
    return {v.kind for v in report.violations}


def route_of(solution, request: Request) -> int:
    (found,) = [v for v, r in enumerate(solution.routes) if request.pickup in r]
    assert request.delivery in solution.routes[found]
    return found


# -- instance ----------------------------------------------------------------------------


def test_matrix_is_the_distance_and_may_be_asymmetric():
    instance = day(Leg(5, 20))
    assert instance.distance[4, 5] == 20.0 and instance.distance[5, 4] == 15.0
    assert instance.distance.dtype == float
    assert instance.metric
    assert instance == day(Leg(5, 20), matrix=uphill([0, 0, 50, 60, 5, 20]) * 2)  # compare=False


def test_defaults_keep_old_constructors_working():
    request = Request(0, 1, 2, 1, 30.0)
    vehicle = Vehicle(0, 0, 3, 3, 100.0)
    assert request.wheelchair == 0 and request.vehicles is None
    assert vehicle.wheelchair_capacity == 0


@pytest.mark.parametrize(
    ("leg", "matrix", "message"),
    [
        (Leg(5, 20, vehicles=frozenset({2})), None, re.escape("unknown vehicles [2]")),
        (Leg(5, 20, wheelchair=-1), None, "negative wheelchair"),
        (Leg(5, 20), np.zeros((5, 5)), "shape"),
        (Leg(5, 20), -np.ones((6, 6)), "negative"),
        (Leg(5, 20), np.full((6, 6), np.nan), "non-finite"),
    ],
)
def test_invalid_instances_are_rejected(leg, matrix, message):
    with pytest.raises(ValueError, match=message):
        day(leg, matrix=matrix)


def test_metric_detects_a_shortcut_through_another_node():
    matrix = uphill([0, 0, 50, 60, 5, 20])
    assert day(Leg(5, 20), matrix=matrix).metric
    matrix[0, 5] = 100.0  # 0 -> 4 -> 5 takes 10 + 2 + 20 = 32
    assert not day(Leg(5, 20), matrix=matrix).metric


# -- checker -----------------------------------------------------------------------------


def test_checker_cost_uses_the_asymmetric_matrix():
    instance = day(Leg(5, 20), Leg(30, 10))
    route = [4, 5, 6, 7]  # 0 -> 5 -> 20 -> 30 -> 10 -> 0
    report = check_solution(instance, [route, []])
    assert report.feasible, report.reasons
    assert report.cost == pytest.approx(10 + 20 + 15 + 20 + 10)
    # The same stops driven backwards (the transposed matrix) cost less: the uphill legs
    # become downhill ones.
    reverse = day(Leg(5, 20), Leg(30, 10), matrix=instance.distance.T.copy())
    backwards = check_solution(reverse, [route, []])
    assert backwards.cost == pytest.approx(5 + 15 + 10 + 25 + 15)
    assert backwards.cost != pytest.approx(report.cost)


def test_checker_flags_a_wheelchair_on_the_car():
    instance = day(Leg(5, 20, wheelchair=1))
    report = check_solution(instance, [[4, 5], []])
    assert kinds(report) == {"capacity"}
    assert "wheelchair places" in report.reasons[0]
    assert check_solution(instance, [[], [4, 5]]).feasible


def test_checker_counts_wheelchair_places_on_board_together():
    instance = day(Leg(5, 20, wheelchair=1), Leg(10, 30, wheelchair=1))
    overlapping = check_solution(instance, [[], [4, 6, 5, 7]])
    assert kinds(overlapping) == {"capacity"}
    assert check_solution(instance, [[], [4, 5, 6, 7]]).feasible


def test_checker_flags_a_locked_ride_on_another_vehicle():
    instance = day(Leg(45, 55, vehicles=frozenset({CAR})))
    report = check_solution(instance, [[], [4, 5]])
    assert kinds(report) == {"vehicle"}
    assert report.reasons == ["route 1: vehicle: request 0 is not allowed on vehicle 1"]
    assert check_solution(instance, [[4, 5], []]).feasible


# -- route scheduling and insertion ------------------------------------------------------


def test_schedule_route_respects_wheelchair_and_lock():
    instance = day(Leg(5, 20, wheelchair=1), Leg(45, 55, vehicles=frozenset({CAR})))
    tables = Tables(instance)
    car, bus = instance.vehicles
    assert schedule_route(tables, [0, 4, 5, 1], car).method == "capacity"
    assert schedule_route(tables, [2, 4, 5, 3], bus).feasible
    barred = schedule_route(tables, [2, 6, 7, 3], bus)
    assert barred.method == "vehicle" and "request 1" in barred.reason
    assert schedule_route(tables, [0, 6, 7, 1], car).feasible


def test_locked_request_has_no_candidates_on_other_vehicles():
    instance = day(Leg(45, 55, vehicles=frozenset({CAR})))
    tables = Tables(instance)
    bus = RouteState(instance.vehicles[MINIBUS], [2, 3], tables)
    car = RouteState(instance.vehicles[CAR], [0, 1], tables)
    assert insertion_candidates(tables, bus, 0) == []
    assert best_insertion(tables, car, 0) is not None


def exhaustive(tables: Tables, state: RouteState, request: int) -> float | None:
    """Cheapest feasible insertion by trying every position pair with schedule_route."""
    best = None
    p, d = tables.pickup[request], tables.delivery[request]
    m = len(state.nodes)
    for i in range(m - 1):
        for j in range(i, m - 1):
            nodes = insert_nodes(state.nodes, p, d, i, j)
            if schedule_route(tables, nodes, state.vehicle).feasible:
                cost = route_cost(tables, nodes) - state.cost
                best = cost if best is None else min(best, cost)
    return best


def test_wheelchair_insertion_avoids_overlap_and_equals_exhaustive_search():
    instance = day(
        Leg(5, 40, wheelchair=1),
        Leg(10, 20, wheelchair=1),
        Leg(12, 30),
        Leg(15, 35, seats=5),
    )
    tables = Tables(instance)
    bus = instance.vehicles[MINIBUS]
    state = RouteState(bus, [2, 4, 8, 9, 5, 3], tables)  # W0 on board 5 -> 40
    for request in (1, 3):
        found = best_insertion(tables, state, request)
        expected = exhaustive(tables, state, request)
        assert expected is not None and found is not None
        assert found[0] == pytest.approx(expected)
        assert schedule_route(tables, found[1], bus).feasible
    # The two wheelchairs are never on board together.
    found = best_insertion(tables, state, 1)
    assert found is not None
    at = {v: k for k, v in enumerate(found[1])}
    assert at[6] > at[5] or at[7] < at[4]


# -- solver ------------------------------------------------------------------------------


def test_wheelchair_rider_ends_up_on_the_minibus():
    # The car's depot is much closer; only the wheelchair place sends it to the minibus.
    instance = day(Leg(5, 20, wheelchair=1), Leg(3, 10))
    solution = solve(instance, time_limit=None, iterations=60, seed=1)
    assert solution.unserved == {} and solution.unserved_kind == {}
    assert route_of(solution, instance.requests[0]) == MINIBUS
    report = check_solution(instance, solution.routes)
    assert report.feasible, report.reasons
    assert report.cost == pytest.approx(solution.cost)


def test_locked_request_stays_on_its_vehicle():
    # Next to the minibus depot, but locked to the car.
    instance = day(Leg(45, 55, vehicles=frozenset({CAR})), Leg(48, 58))
    solution = solve(instance, time_limit=None, iterations=60, seed=1)
    assert solution.unserved == {}
    assert route_of(solution, instance.requests[0]) == CAR
    assert check_solution(instance, solution.routes).feasible


def test_locked_vehicles_get_their_own_signature():
    twin = Vehicle(2, 0, 1, 3, 600.0)
    car = Vehicle(0, 0, 1, 3, 600.0)
    other = Vehicle(1, 0, 1, 3, 600.0)
    assert _signatures((car, other, twin)) == ([0, 0, 0], [3])
    assert _signatures((car, other, twin), frozenset({1})) == ([0, 1, 0], [2, 1])
    wheel = Vehicle(1, 0, 1, 3, 600.0, wheelchair_capacity=1)
    assert _signatures((car, wheel)) == ([0, 1], [1, 1])


def twins(*legs: Leg) -> Instance:
    """`day(*legs)` with two identical cars (indices 0 and 1) sharing the car depots."""
    base = day(*legs)
    cars = (Vehicle(0, 0, 1, 3, 600.0), Vehicle(1, 0, 1, 3, 600.0))
    return Instance(
        "twins", base.nodes, base.requests, cars, 2, len(legs), 600.0, 3, 90.0, matrix=base.matrix
    )


def test_ride_locked_to_the_second_of_two_identical_cars_is_served():
    # With both cars one vehicle type, only the first empty car would be tried.
    instance = twins(Leg(5, 20, vehicles=frozenset({1})))
    solution = solve(instance, time_limit=None, iterations=20, seed=1)
    assert solution.unserved == {}
    assert route_of(solution, instance.requests[0]) == 1
    assert check_solution(instance, solution.routes).feasible


def test_set_partitioning_keeps_locks_with_identical_vehicles():
    # The requests are locked to different identical cars; recombining pooled routes (the
    # final set partitioning runs here) must not swap the routes between the cars.
    instance = twins(Leg(5, 20, vehicles=frozenset({1})), Leg(45, 55, vehicles=frozenset({0})))
    solution = solve(instance, time_limit=None, iterations=80, seed=3, workers=1)
    assert solution.unserved == {}
    assert route_of(solution, instance.requests[0]) == 1
    assert route_of(solution, instance.requests[1]) == 0
    assert check_solution(instance, solution.routes).feasible


UNSERVED_CASES = [
    ("vehicle", Leg(5, 20, vehicles=frozenset())),
    ("seats", Leg(5, 20, seats=7)),
    ("wheelchair", Leg(5, 20, wheelchair=2)),
    # The car would be allowed but has no wheelchair place; the minibus is not allowed.
    ("wheelchair", Leg(5, 20, wheelchair=1, vehicles=frozenset({CAR}))),
    ("ride_time", Leg(5, 40, max_ride=30)),
    # Too many seats for the car, and the minibus (at 50) cannot reach 5 by minute 20.
    ("too_late", Leg(5, 20, seats=4, pickup=(0, 20))),
    ("too_late", Leg(100, 120, pickup=(0, 20))),
    # Reachable, but the drop-off is after the end of both drivers' shifts.
    ("schedule", Leg(5, 40, pickup=(590, 595))),
]


@pytest.mark.parametrize(("kind", "leg"), UNSERVED_CASES)
def test_each_unserved_kind(kind, leg):
    served = Leg(3, 10)
    instance = day(leg, served)
    solution = solve(instance, time_limit=None, iterations=20, seed=1)
    assert solution.unserved_kind == {0: kind}
    assert set(solution.unserved) == {0} and solution.unserved[0]
    report = check_solution(instance, solution.routes, allow_unserved=True)
    assert report.feasible and report.unserved == [0]


def test_unserved_kind_no_room():
    # Both locked to the car, both picked up between minutes 100 and 102, 20 minutes apart.
    car = frozenset({CAR})
    instance = day(
        Leg(10, 20, pickup=(100, 102), vehicles=car),
        Leg(-10, -20, pickup=(100, 102), vehicles=car),
    )
    solution = solve(instance, time_limit=None, iterations=30, seed=1)
    assert list(solution.unserved_kind.values()) == ["no_room"]
    assert "no room" in next(iter(solution.unserved.values()))
    assert check_solution(instance, solution.routes, allow_unserved=True).feasible


def test_kind_codes_are_listed_in_order():
    assert UNSERVED_KINDS == (
        "vehicle",
        "seats",
        "wheelchair",
        "ride_time",
        "too_late",
        "schedule",
        "no_room",
    )


def test_non_metric_matrix_shortcut_is_used_not_pruned():
    # Driving straight from the car depot to the pickup at 20 takes 100 minutes, but via
    # the other pickup (node 4, at 5) it takes 5 + 5 + 2 + 15 + 5 = 32. Leg 1 must be picked
    # up by minute 40, so it can only be served together with leg 0: on its own it is
    # "too_late", which must not exclude it from the search.
    legs = (Leg(5, 30), Leg(20, 25, pickup=(0, 40)))
    matrix = uphill([0, 0, 50, 60, 5, 30, 20, 25])
    matrix[0, 6] = 100.0
    matrix[2:4, :] = 1000.0  # the minibus is far away from everything
    matrix[:, 2:4] = 1000.0
    np.fill_diagonal(matrix, 0.0)
    instance = day(*legs, matrix=matrix)
    assert not instance.metric
    solution = solve(instance, time_limit=None, iterations=40, seed=1)
    assert solution.unserved == {}, solution.unserved
    assert route_of(solution, instance.requests[1]) == CAR
    assert check_solution(instance, solution.routes).feasible


def test_non_metric_removal_never_leaves_an_infeasible_route():
    # Same shortcut as above: without leg 0 the car cannot reach leg 1's pickup in time,
    # so the destroy step must not take leg 0 out of that route.
    legs = (Leg(5, 30), Leg(20, 25, pickup=(0, 40)))
    matrix = uphill([0, 0, 50, 60, 5, 30, 20, 25])
    matrix[0, 6] = 100.0
    instance = day(*legs, matrix=matrix)
    search = _Search(instance, seed=1, set_partitioning=False)
    search.load([[0, 4, 6, 7, 5, 1], [2, 3]])
    search.remove([0])
    assert check_solution(instance, search.snapshot(), allow_unserved=True).feasible
    assert search.unassigned == set()
    search.remove([1])  # taking out leg 1 is fine
    assert search.snapshot()[CAR] == [0, 4, 5, 1] and search.unassigned == {1}
