"""`samskap bench matching`: batch assignment on a synthetic kommune, proven and timed.

    samskap bench matching --needs 20000 --helpers 5000 --seed 1
    samskap bench matching --needs 300 --helpers 80 --json --dump /tmp/matching.json

Generates the instance from the seed (samskap/matching/synthetic.py), finds the eligible
edges, solves the min-cost flow, proves optimality without OR-Tools (certify.py), runs the
greedy baseline for comparison and reports sizes, objectives, runtimes and peak memory.
No database and no Django imports: the management command only wraps `add_arguments`/`run`.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from .certify import certify
from .model import Weights
from .optimise import greedy, solve
from .scoring import candidate_edges
from .synthetic import generate
from .verify import to_dump

SUMMARY = "Optimal batch assignment of helpers to needs in a synthetic kommune, with proof."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--needs", type=int, default=20_000, help="open needs (default 20000)")
    parser.add_argument("--helpers", type=int, default=5_000, help="helpers (default 5000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--proof",
        choices=["auto", "lp", "potentials"],
        default="auto",
        help="how to find the dual certificate (auto: HiGHS LP for small instances)",
    )
    parser.add_argument("--dump", type=Path, default=None, help="write the batch as JSON")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _peak_memory_mb() -> float:
    # ru_maxrss is in KiB on Linux (bytes on macOS); it includes memory OR-Tools allocates.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _finite(value: float) -> float | None:
    """JSON has no infinity or NaN: a bound that could not be found is null."""
    return value if math.isfinite(value) else None


def benchmark(
    needs: int, helpers: int, seed: int, *, proof: str = "auto", dump: Path | None = None
) -> dict[str, Any]:
    """Run one benchmark and return the figures (see `run` for the printed form)."""
    if needs < 0 or helpers < 0:
        raise ValueError("--needs and --helpers must be ≥ 0")
    weights = Weights()
    t0 = time.perf_counter()
    instance = generate(needs, helpers, seed)
    t1 = time.perf_counter()
    edges = candidate_edges(instance.needs, instance.helpers, weights)
    t2 = time.perf_counter()
    result = solve(instance.needs, instance.helpers, weights, edges=edges)
    t3 = time.perf_counter()
    cert = certify(instance.needs, instance.helpers, result, weights, method=proof)
    t4 = time.perf_counter()
    base = greedy(instance.needs, instance.helpers, weights, edges=edges)
    t5 = time.perf_counter()
    if dump is not None:
        data = to_dump(instance.needs, instance.helpers, weights, result, _finite(cert.upper_bound))
        dump.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    optimum = result.objective
    gap = 100.0 * (optimum - base.objective) / optimum if optimum else 0.0
    return {
        "seed": seed,
        "needs": needs,
        "helpers": helpers,
        "edges": len(edges),
        "capacity": sum(h.capacity for h in instance.helpers),
        "assigned": len(result.assignments),
        "objective": optimum,
        "load_penalty": result.load_penalty,
        "upper_bound": _finite(cert.upper_bound),
        "proven_optimal": cert.proven_optimal,
        "proof_method": cert.method,
        "max_dual_violation": _finite(cert.max_dual_violation),
        "greedy_objective": base.objective,
        "greedy_gap_percent": round(gap, 3),
        "greedy_assigned": len(base.assignments),
        "seconds": {
            "generate": round(t1 - t0, 3),
            "edges": round(t2 - t1, 3),
            "solve": round(t3 - t2, 3),
            "proof": round(t4 - t3, 3),
            "edges_solve_proof": round(t4 - t1, 3),
            "greedy": round(t5 - t4, 3),
        },
        "peak_memory_mb": round(_peak_memory_mb(), 1),
        "dump": str(dump) if dump is not None else None,
    }


def format_report(r: dict[str, Any]) -> str:
    s = r["seconds"]
    proven = "yes" if r["proven_optimal"] else "NO"
    bound = "none" if r["upper_bound"] is None else f"{r['upper_bound']:,.0f}"
    return "\n".join(
        [
            f"Matching benchmark, seed {r['seed']}",
            f"  needs                 {r['needs']:>12,}",
            f"  helpers               {r['helpers']:>12,}   (capacity {r['capacity']:,})",
            f"  eligible edges        {r['edges']:>12,}",
            f"  assigned (optimal)    {r['assigned']:>12,}",
            f"  assigned (greedy)     {r['greedy_assigned']:>12,}",
            f"  objective (optimal)   {r['objective']:>12,}   (load penalty {r['load_penalty']:,})",
            f"  proven bound          {bound:>12}   by {r['proof_method']}",
            f"  proven optimal        {proven:>12}",
            f"  objective (greedy)    {r['greedy_objective']:>12,}   "
            f"gap {r['greedy_gap_percent']:.2f} % below optimal",
            f"  time edges            {s['edges']:>11.2f} s",
            f"  time solve            {s['solve']:>11.2f} s",
            f"  time proof            {s['proof']:>11.2f} s",
            f"  edges+solve+proof     {s['edges_solve_proof']:>11.2f} s",
            f"  time greedy           {s['greedy']:>11.2f} s   (generate {s['generate']:.2f} s)",
            f"  peak memory           {r['peak_memory_mb']:>10,.0f} MB",
        ]
        + ([f"  dump                  {r['dump']}"] if r["dump"] else [])
    )


def run(options: dict[str, Any], stdout: TextIO) -> None:
    """Run the benchmark with parsed options and write the report (or JSON) to stdout."""
    figures = benchmark(
        options["needs"],
        options["helpers"],
        options["seed"],
        proof=options.get("proof", "auto"),
        dump=options.get("dump"),
    )
    if options.get("json"):
        stdout.write(json.dumps(figures) + "\n")
    else:
        stdout.write(format_report(figures) + "\n")
