from __future__ import annotations

import io
import json

from samskap.darp import bench
from samskap.darp.check import check_solution
from samskap.darp.instance import parse_cordeau
from samskap.darp.solve import solve

from .conftest import CORDEAU


def test_a2_16_small_budget_is_feasible_and_close(a2_16):
    solution = solve(a2_16, iterations=400, seed=1)
    report = check_solution(a2_16, solution.routes)
    assert report.feasible, report.reasons
    assert abs(report.cost - solution.cost) < 1e-6
    assert solution.cost <= 294.25 * 1.05
    assert solution.unserved == {}
    assert len(solution.routes) == 2 and all(r[0] == 0 and r[-1] == 33 for r in solution.routes)


def test_same_seed_same_routes(a2_16):
    first = solve(a2_16, iterations=60, seed=5)
    second = solve(a2_16, iterations=60, seed=5)
    assert first.routes == second.routes and first.cost == second.cost


def test_unservable_requests_are_reported_with_a_reason():
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
    solution = solve(instance, iterations=30, seed=1)
    assert "ride time" in solution.unserved[1]
    assert 0 not in solution.unserved
    assert 2 not in solution.unserved
    report = check_solution(instance, solution.routes, allow_unserved=True)
    assert report.feasible and report.unserved == [1]


def test_fleet_too_small_leaves_requests_unserved_with_reason():
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
    solution = solve(instance, iterations=20, seed=1)
    assert len(solution.unserved) == 1
    assert "no room" in next(iter(solution.unserved.values()))
    assert check_solution(instance, solution.routes, allow_unserved=True).feasible


def test_bench_prints_table_and_json():
    path = CORDEAU / "a2-16.txt"
    options = {
        "files": [path],
        "time_limit": 30.0,
        "iterations": 30,
        "seed": 1,
        "workers": 1,
        "json": False,
    }
    out = io.StringIO()
    bench.run(options, out)
    text = out.getvalue()
    assert "a2-16" in text and "294.25" in text and "feasible 1/1" in text
    out = io.StringIO()
    bench.run({**options, "json": True}, out)
    (row,) = json.loads(out.getvalue())["results"]
    assert row["feasible"] is True and row["optimum"] == 294.25
    assert len(row["routes"]) == 2
