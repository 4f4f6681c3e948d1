from __future__ import annotations

import pytest

from samskap.darp.check import check_solution
from samskap.darp.instance import parse_cordeau

from .conftest import tiny

GOOD = [1, 3, 2, 4]
GOOD_COST = 10 + 10 + 500**0.5 + 10 + 20


def kinds(report) -> set[str]:
    return {v.kind for v in report.violations}


def test_feasible_route_passes_with_or_without_depots():
    instance = tiny()
    for route in (GOOD, [0, *GOOD, 5]):
        report = check_solution(instance, [route])
        assert report.feasible, report.reasons
        assert report.cost == pytest.approx(GOOD_COST)
        schedule = report.schedules[0]
        assert len(schedule) == 6
        assert schedule[-1] - schedule[0] <= 200 + 1e-6


def test_unserved_request_fails_unless_allowed():
    instance = tiny()
    report = check_solution(instance, [[1, 3]])
    assert not report.feasible and kinds(report) == {"unserved"}
    allowed = check_solution(instance, [[1, 3]], allow_unserved=True)
    assert allowed.feasible and allowed.unserved == [1]


def test_precedence_violation():
    report = check_solution(tiny(), [[3, 1, 2, 4]])
    assert "precedence" in kinds(report)


def test_pickup_and_drop_off_on_different_routes():
    report = check_solution(tiny(), [[1, 2, 4], [3]])
    assert {"vehicles", "pairing"} <= kinds(report)


def test_request_served_twice():
    report = check_solution(tiny(), [[1, 3, 2, 4, 1, 3]])
    assert "duplicate" in kinds(report)


def test_capacity_violation():
    report = check_solution(tiny(Q=1), [[1, 2, 3, 4]])
    assert "capacity" in kinds(report)
    assert check_solution(tiny(Q=1), [GOOD]).feasible


def test_time_window_violation_names_the_window():
    report = check_solution(tiny(late3=5), [GOOD])
    assert kinds(report) == {"schedule"}
    assert "latest start at node 3" in report.reasons[0]


def test_ride_time_violation():
    # Request 1 rides 10 + 1 + 10 + 1 + ... far beyond L = 30 when both are picked up first.
    report = check_solution(tiny(), [[1, 2, 4, 3]])
    assert kinds(report) == {"schedule"}
    assert "max ride time 30 of request 0" in report.reasons[0]


def test_route_duration_violation():
    report = check_solution(tiny(T=60), [GOOD])
    assert kinds(report) == {"schedule"}
    assert "max route duration 60" in report.reasons[0]


def test_waiting_can_fix_ride_time():
    # The drop-off opens at 100: leaving the depot late (not waiting on board) keeps the
    # ride under L, so a schedule exists although the earliest-departure one breaks it.
    instance = parse_cordeau(
        "1 1 200 3 30\n0 0 0 0 0 0 200\n1 10 0 1 1 0 200\n2 20 0 1 -1 100 110\n3 0 0 0 0 0 200\n",
        name="wait",
    )
    report = check_solution(instance, [[1, 2]])
    assert report.feasible, report.reasons
    times = report.schedules[0]
    assert times[2] - (times[1] + 1) <= 30 + 1e-6


def test_unknown_node_and_depot_inside_route():
    report = check_solution(tiny(), [[1, 99, 3]])
    assert "node" in kinds(report)
    report = check_solution(tiny(), [[1, 0, 3]])
    assert "node" in kinds(report)
