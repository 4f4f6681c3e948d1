"""The synthetic kommune, `samskap bench matching` and the dump verifier."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest
from django.core.management import call_command

from samskap.matching.certify import LP_MAX_EDGES
from samskap.matching.model import Weights
from samskap.matching.optimise import greedy
from samskap.matching.synthetic import generate
from samskap.matching.verify import main as verify_main
from samskap.matching.verify import to_dump, verify_dump


def test_generator_is_deterministic_for_a_seed():
    a, b, c = generate(400, 100, seed=7), generate(400, 100, seed=7), generate(400, 100, seed=8)
    assert a.needs == b.needs and a.helpers == b.helpers
    assert a.needs != c.needs


def test_generator_is_realistic_enough():
    instance = generate(3000, 800, seed=1)
    helpers, needs = instance.helpers, instance.needs
    assert {h.capacity for h in helpers} <= set(range(1, 7))
    assert {h.max_distance_km for h in helpers} <= {
        round(cap * f, 1) for cap in (3.0, 8.0, 25.0) for f in (0.3, 0.5, 0.7, 1.0)
    }
    assert any(not h.verifications >= {"identity", "police_certificate"} for h in helpers)
    assert {n.language for n in needs} - {None} <= {"so", "ar", "pl", "ti", "uk"}
    assert any(n.language for n in needs)
    assert any(n.previous_helper_ids for n in needs) and any(n.blocked_helper_ids for n in needs)
    assert len({n.category for n in needs}) == 9


def _bench(*args: str) -> str:
    out = io.StringIO()
    call_command("bench", "matching", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def dump_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("bench") / "matching.json"
    figures = json.loads(
        _bench("--needs", "300", "--helpers", "80", "--seed", "2", "--json", "--dump", str(path))
    )
    return path, figures


def test_bench_json_reports_a_proven_optimum(dump_file):
    _, figures = dump_file
    assert figures["proven_optimal"] is True
    assert figures["upper_bound"] == figures["objective"]
    assert figures["needs"] == 300 and figures["helpers"] == 80
    assert figures["edges"] > 0 and 0 < figures["assigned"] <= 300
    assert figures["greedy_objective"] <= figures["objective"]
    assert figures["greedy_gap_percent"] >= 0
    assert figures["peak_memory_mb"] > 0
    assert set(figures["seconds"]) >= {"edges", "solve", "proof", "greedy"}


def test_bench_text_report():
    text = _bench("--needs", "200", "--helpers", "60", "--seed", "4", "--proof", "potentials")
    assert "proven optimal                 yes" in text
    assert "by potentials" in text


def test_dump_passes_verify(dump_file):
    path, figures = dump_file
    data = json.loads(path.read_text())
    assert data["objective"] == figures["objective"]
    assert len(data["edges"]["score"]) == figures["edges"]
    out = io.StringIO()
    assert verify_main([str(path)], stdout=out) == 0
    assert "PROVEN OPTIMAL" in out.getvalue()
    assert verify_main([str(path), "--method", "potentials"], stdout=io.StringIO()) == 0


def test_verify_runs_as_a_module_without_ortools(dump_file):
    path, _ = dump_file
    done = subprocess.run(
        [sys.executable, "-m", "samskap.matching.verify", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    code = (
        "import sys; from samskap.matching.verify import main; rc = main([sys.argv[1]]); "
        "assert 'ortools' not in sys.modules, 'verify imported OR-Tools'; sys.exit(rc)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _tampered(data, change):
    copy = json.loads(json.dumps(data))
    change(copy)
    return copy


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda d: d.update(objective=d["objective"] - 1), id="worse-objective"),
        pytest.param(lambda d: d.update(objective=d["objective"] + 1), id="better-objective"),
        pytest.param(
            lambda d: [d["assignment"][k].pop() for k in ("need_id", "helper_id")],
            id="dropped-assignment",
        ),
        pytest.param(
            lambda d: (
                d["assignment"]["need_id"].append(d["assignment"]["need_id"][0])
                or d["assignment"]["helper_id"].append(d["assignment"]["helper_id"][0])
            ),
            id="need-twice",
        ),
        pytest.param(
            lambda d: d["edges"]["score"].__setitem__(0, d["edges"]["score"][0] + 500),
            id="edge-score-changed",
        ),
        pytest.param(
            lambda d: d["helpers"]["capacity"].__setitem__(
                d["helpers"]["id"].index(d["assignment"]["helper_id"][0]), 0
            ),
            id="over-capacity",
        ),
        pytest.param(
            lambda d: d["assignment"]["helper_id"].__setitem__(0, 10**9), id="unknown-helper"
        ),
    ],
)
def test_verify_rejects_tampered_dumps(dump_file, change):
    path, _ = dump_file
    data = json.loads(path.read_text())
    assert verify_dump(data)[0]
    for method in ("lp", "potentials"):
        ok, lines = verify_dump(_tampered(data, change), method=method)
        assert not ok, lines


def test_verify_rejects_a_greedy_assignment_below_the_optimum():
    instance = generate(2000, 500, seed=1)
    base = greedy(instance.needs, instance.helpers)
    assert len(base.edges) <= LP_MAX_EDGES
    data = to_dump(instance.needs, instance.helpers, Weights(), base, None)
    assert verify_dump(data, method="potentials")[0] is False
    ok, lines = verify_dump(data, method="lp")
    assert not ok
    assert "ok   objective" in "\n".join(lines)  # feasible and as claimed, but not optimal
