"""`samskap bench darp`: the DARP solver on Cordeau (2006) instances, checked and timed.

    samskap bench darp /work/shared/benchmarks/darp/cordeau2006/a2-16.txt --time-limit 30
    samskap bench darp /work/shared/benchmarks/darp/cordeau2006/a*.txt --time-limit 60 --json

Per instance: cost, the proven optimum, the gap, feasibility according to the independent
checker (check.py) and the runtime. No database and no Django imports.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path
from typing import Any, TextIO

from .check import check_solution
from .instance import parse_cordeau
from .solve import solve

SUMMARY = "Dial-a-ride ALNS on Cordeau (2006) instances: cost, gap to optimum, checked."

# Proven optimal total routing costs of the "a" instances, from the table in
# /work/shared/benchmarks/darp/README.md (Cordeau 2006; Ropke, Cordeau & Laporte 2007;
# re-solved by Rist & Forbes 2021 and re-checked against these files there).
OPTIMAL: dict[str, float] = {
    "a2-16": 294.25,
    "a2-20": 344.83,
    "a2-24": 431.12,
    "a3-18": 300.48,
    "a3-24": 344.83,
    "a3-30": 494.85,
    "a3-36": 583.19,
    "a4-16": 282.68,
    "a4-24": 375.02,
    "a4-32": 485.50,
    "a4-40": 557.69,
    "a4-48": 668.82,
    "a5-40": 498.41,
    "a5-50": 686.62,
    "a5-60": 808.42,
    "a6-48": 604.12,
    "a6-60": 819.25,
    "a6-72": 916.05,
    "a7-56": 724.04,
    "a7-70": 889.12,
    "a7-84": 1033.37,
    "a8-64": 747.46,
    "a8-80": 945.73,
    "a8-96": 1229.66,
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="Cordeau instances")
    parser.add_argument(
        "--time-limit", type=float, default=30.0, help="seconds per instance (default 30)"
    )
    parser.add_argument(
        "--iterations",
        type=int,
        default=None,
        help="iterations per worker instead of a time limit (deterministic)",
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--workers",
        type=int,
        default=min(2, os.cpu_count() or 1),
        help="independent searches in parallel (default: 2, or 1 on one core)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def benchmark_file(
    path: Path, *, time_limit: float, iterations: int | None, seed: int, workers: int
) -> dict[str, Any]:
    """Solve one instance and return the figures, including the routes."""
    instance = parse_cordeau(path)
    t0 = time.perf_counter()
    solution = solve(
        instance,
        time_limit=None if iterations else time_limit,
        iterations=iterations,
        seed=seed,
        workers=workers,
    )
    seconds = time.perf_counter() - t0
    report = check_solution(instance, solution.routes)
    optimum = OPTIMAL.get(instance.name)
    gap = 100.0 * (report.cost - optimum) / optimum if optimum else None
    return {
        "instance": instance.name,
        "requests": instance.n,
        "vehicles": instance.K,
        "cost": round(report.cost, 4),
        "optimum": optimum,
        "gap_percent": None if gap is None else round(gap, 3),
        "feasible": report.feasible,
        "violations": report.reasons,
        "unserved": {str(k): v for k, v in solution.unserved.items()},
        "unserved_kind": {str(k): v for k, v in solution.unserved_kind.items()},
        "seconds": round(seconds, 2),
        "iterations": solution.iterations,
        "workers": solution.workers,
        "seed": seed,
        "routes": solution.routes,
    }


HEADER = (
    f"{'instance':<10}{'cost':>10}{'optimum':>10}{'gap %':>8}{'feasible':>10}"
    f"{'seconds':>9}{'iters':>8}"
)


def format_row(r: dict[str, Any]) -> str:
    opt = "-" if r["optimum"] is None else f"{r['optimum']:.2f}"
    gap = "-" if r["gap_percent"] is None else f"{r['gap_percent']:.2f}"
    lines = [
        f"{r['instance']:<10}{r['cost']:>10.2f}{opt:>10}{gap:>8}"
        f"{'yes' if r['feasible'] else 'NO':>10}{r['seconds']:>9.1f}{r['iterations']:>8}"
    ]
    lines.extend(f"    {reason}" for reason in r["violations"])
    lines.extend(f"    unserved request {k}: {v}" for k, v in r["unserved"].items())
    return "\n".join(lines)


def format_summary(rows: list[dict[str, Any]]) -> str:
    gaps = [r["gap_percent"] for r in rows if r["gap_percent"] is not None]
    mean = f"mean gap {sum(gaps) / len(gaps):.2f} % over {len(gaps)} instances, " if gaps else ""
    return f"{mean}feasible {sum(r['feasible'] for r in rows)}/{len(rows)}"


def run(options: dict[str, Any], stdout: TextIO) -> None:
    """Run the benchmark on every file; print rows as they finish (or one JSON object)."""
    if options["time_limit"] <= 0:
        raise ValueError("--time-limit must be > 0")
    for path in options["files"]:
        if not Path(path).is_file():
            raise ValueError(f"no such instance file: {path}")
    as_json = options.get("json")
    if not as_json:
        stdout.write(HEADER + "\n")
    rows = []
    for path in options["files"]:
        row = benchmark_file(
            Path(path),
            time_limit=options["time_limit"],
            iterations=options.get("iterations"),
            seed=options["seed"],
            workers=max(1, options["workers"]),
        )
        rows.append(row)
        if not as_json:
            stdout.write(format_row(row) + "\n")
            stdout.flush()
    if as_json:
        stdout.write(json.dumps({"results": rows}) + "\n")
    else:
        stdout.write(format_summary(rows) + "\n")
