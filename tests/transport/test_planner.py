"""The day planner on plain values: instance layout, two capacity dimensions, locks, checks."""

from __future__ import annotations

import numpy as np
import pytest

from samskap.darp.check import check_solution
from samskap.transport import planner
from samskap.transport.legs import Place, legs_for
from samskap.transport.travel import StraightLine

FOLLEBU = Place("Follebu samfunnshus", 61.2285, 10.2800)
CENTRE = (61.2251, 10.2602)
RANDI_HOME = (61.26, 10.25)


def shift(shift_id, home, seats, wheelchair, *, door=True):
    return planner.ShiftInput(
        shift_id=shift_id, start=home, end=home, starts_at=9 * 60, ends_at=14 * 60,
        max_route_minutes=240, seats=seats, wheelchair_places=wheelchair, can_help_to_door=door,
    )  # fmt: skip


def ride(request_id, lat, lon, *, mobility="walks", max_ride=45, door=False, locked=None):
    legs = legs_for(
        request_id=request_id, origin=Place(f"Hjem {request_id}", lat, lon),
        destination=FOLLEBU, anchor="arrive", time_minutes=11 * 60, window_minutes=15,
        return_pickup_minutes=12 * 60, mobility=mobility, needs_door_help=door, companion=False,
        max_ride_minutes=max_ride,
    )  # fmt: skip
    return [planner.LegInput(leg, locked, door) for leg in legs]


CAR = shift(1, RANDI_HOME, 3, 0)
BUS = shift(2, CENTRE, 8, 2)


def stops_by_request(plan):
    out = {}
    for shift_id, stops in plan.routes.items():
        for stop in stops:
            out.setdefault(stop.request_id, set()).add(shift_id)
    return out


def test_instance_layout_depots_first_then_legs_with_two_capacities():
    legs = ride(7, 61.2402, 10.3221, mobility="wheelchair") + ride(8, 61.25, 10.30)
    day = planner.build_instance([CAR, BUS], legs, StraightLine())
    inst = day.instance
    assert [(v.start, v.end, v.capacity, v.wheelchair_capacity) for v in inst.vehicles] == [
        (0, 1, 3, 0), (2, 3, 8, 2),
    ]  # fmt: skip
    assert len(inst.requests) == 4 and inst.requests[0].pickup == 4
    wheelchair = inst.requests[0]
    assert (wheelchair.load, wheelchair.wheelchair) == (0, 1)
    assert inst.nodes[0].early == 9 * 60 and inst.nodes[1].late == 14 * 60
    assert inst.distance.shape == (len(inst.nodes), len(inst.nodes))
    # Travel times come from the source, not from the coordinates stored on the nodes.
    assert inst.distance[4, 5] == pytest.approx(
        StraightLine().matrix([(61.2402, 10.3221), (61.2285, 10.28)]).minutes[0, 1]
    )


def test_wheelchair_user_only_in_the_minibus_and_every_constraint_holds():
    legs = ride(7, 61.2402, 10.3221, mobility="wheelchair")
    for k, (lat, lon) in enumerate([(61.25, 10.29), (61.27, 10.26), (61.24, 10.31)]):
        legs += ride(10 + k, lat, lon)
    plan = planner.solve_day(planner.build_instance([CAR, BUS], legs, StraightLine()))
    assert plan.checked, plan.violations
    assert not plan.unserved
    assert stops_by_request(plan)[7] == {BUS.shift_id}
    for stops in plan.routes.values():
        for stop in stops:
            if stop.request_id == 7 and stop.leg == "out" and stop.kind == "dropoff":
                assert 10 * 60 + 45 - 1e-6 <= stop.at <= 11 * 60 + 1e-6


def test_without_a_wheelchair_place_the_reason_is_given():
    legs = ride(7, 61.2402, 10.3221, mobility="wheelchair") + ride(8, 61.25, 10.30)
    plan = planner.solve_day(planner.build_instance([CAR], legs, StraightLine()))
    assert plan.checked
    assert {(u.request_id, u.kind) for u in plan.unserved} == {(7, "wheelchair")}
    assert stops_by_request(plan) == {8: {CAR.shift_id}}


def test_a_locked_ride_stays_with_its_driver():
    # Nearest the minibus's base, so unlocked it would not need the car.
    legs = ride(8, 61.2260, 10.2620, locked=CAR.shift_id)
    plan = planner.solve_day(planner.build_instance([CAR, BUS], legs, StraightLine()))
    assert plan.checked
    assert stops_by_request(plan) == {8: {CAR.shift_id}}
    free = planner.solve_day(planner.build_instance([CAR, BUS], ride(8, 61.2260, 10.2620),
                                                    StraightLine()))  # fmt: skip
    assert stops_by_request(free) == {8: {BUS.shift_id}}


def test_help_to_the_door_only_with_drivers_who_give_it():
    no_door = shift(2, CENTRE, 8, 2, door=False)
    plan = planner.solve_day(
        planner.build_instance([CAR, no_door], ride(8, 61.2260, 10.2620, door=True),
                               StraightLine())
    )  # fmt: skip
    assert stops_by_request(plan) == {8: {CAR.shift_id}}


def test_ride_time_limit_shorter_than_the_direct_trip_is_explained():
    fåvang = ride(9, 61.4580, 10.1880, max_ride=20)
    plan = planner.solve_day(planner.build_instance([CAR, BUS], fåvang, StraightLine()))
    assert {u.kind for u in plan.unserved} == {"ride_time"}
    assert not plan.routes


def test_published_times_are_checked_once_more():
    legs = ride(8, 61.25, 10.30)
    day = planner.build_instance([CAR], legs, StraightLine())
    plan = planner.solve_day(day)
    assert plan.checked
    inst = day.instance
    route = [0, 2, 3, 4, 5, 1]
    report = check_solution(inst, [route], allow_unserved=True)
    assert report.feasible
    times = report.schedules[0]
    assert planner._times_violations(inst, inst.vehicles[0], route, times) == []
    late = list(times)
    late[2] = inst.nodes[3].late + 5  # drop-off after the activity has started
    assert planner._times_violations(inst, inst.vehicles[0], route, late)


def test_empty_day_is_a_checked_empty_plan():
    plan = planner.solve_day(planner.build_instance([CAR], [], StraightLine()))
    assert plan.checked and not plan.routes and plan.total_km == 0


def test_km_follow_the_routes():
    legs = ride(8, 61.25, 10.30)
    day = planner.build_instance([CAR], legs, StraightLine())
    plan = planner.solve_day(day)
    assert plan.total_km > 0
    assert plan.total_km == pytest.approx(plan.total_minutes * StraightLine().speed_kmh / 60.0)
    assert np.all(day.km >= 0)
