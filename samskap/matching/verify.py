"""Re-check a matching dump with numpy and scipy only: `python -m samskap.matching.verify DUMP`.

Checks that every assigned pair is an eligible edge, that no need is assigned twice and no
helper beyond its capacity, recomputes the objective from the edge scores and load penalties,
finds the best possible objective independently (LP relaxation with HiGHS, or potentials from
the residual network for large dumps) and checks the dual certificate exactly. Exit code 0
when the assignment is feasible, its objective is as claimed and it is proven optimal.
The dump format is documented in docs/matching.md.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import numpy as np

from .certify import (
    LP_MAX_EDGES,
    Certificate,
    FlowProblem,
    InfeasibleAssignment,
    certify_problem,
    edge_indices,
)

if TYPE_CHECKING:
    from .model import HelperInput, NeedInput, Weights
    from .optimise import MatchResult

FORMAT = "samskap.matching.dump/1"


class DumpError(ValueError):
    """The dump is malformed."""


@dataclass(frozen=True)
class Dump:
    problem: FlowProblem
    need_ids: np.ndarray
    helper_ids: np.ndarray
    assigned_need_idx: np.ndarray
    assigned_helper_idx: np.ndarray
    objective: int
    bound: float | None


def to_dump(
    needs: list[NeedInput] | tuple[NeedInput, ...],
    helpers: list[HelperInput] | tuple[HelperInput, ...],
    weights: Weights,
    result: MatchResult,
    bound: float | None,
) -> dict[str, Any]:
    """The JSON-ready dump of a solved batch (ids and numbers only, no personal data)."""
    edges = result.edges
    need_ids = np.fromiter((n.id for n in needs), np.int64, len(needs))
    helper_ids = np.fromiter((h.id for h in helpers), np.int64, len(helpers))
    chosen = result.chosen_edges
    return {
        "format": FORMAT,
        "weights": weights.as_dict(),
        "needs": {"id": need_ids.tolist()},
        "helpers": {
            "id": helper_ids.tolist(),
            "capacity": [h.capacity for h in helpers],
            "current_load": [h.current_load for h in helpers],
            "load_step": weights.load_step,
        },
        "edges": {
            "need_id": need_ids[edges.need_idx].tolist(),
            "helper_id": helper_ids[edges.helper_idx].tolist(),
            "score": edges.score.tolist(),
        },
        "assignment": {
            "need_id": need_ids[edges.need_idx[chosen]].tolist(),
            "helper_id": helper_ids[edges.helper_idx[chosen]].tolist(),
        },
        "objective": int(result.objective),
        "bound": None if bound is None or not math.isfinite(bound) else float(bound),
        "solver": result.solver,
    }


def _ints(data: dict[str, Any], *keys: str) -> np.ndarray:
    value: Any = data
    for key in keys:
        if not isinstance(value, dict) or key not in value:
            raise DumpError(f"missing {'.'.join(keys)}")
        value = value[key]
    if not isinstance(value, list) or not all(
        isinstance(x, int) and not isinstance(x, bool) for x in value
    ):
        raise DumpError(f"{'.'.join(keys)} must be a list of integers")
    return np.asarray(value, dtype=np.int64).reshape(-1)


def _index(ids: np.ndarray, wanted: np.ndarray, what: str) -> np.ndarray:
    order = np.argsort(ids, kind="stable")
    pos = np.searchsorted(ids[order], wanted)
    ok = pos < ids.size
    ok[ok] = ids[order][pos[ok]] == wanted[ok]
    if not ok.all():
        raise DumpError(f"unknown {what} id {int(wanted[~ok][0])}")
    return order[pos]


def parse_dump(data: dict[str, Any]) -> Dump:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DumpError(f"not a {FORMAT} dump")
    need_ids = _ints(data, "needs", "id")
    helper_ids = _ints(data, "helpers", "id")
    for ids, what in ((need_ids, "need"), (helper_ids, "helper")):
        if np.unique(ids).size != ids.size:
            raise DumpError(f"duplicate {what} ids")
    capacity = _ints(data, "helpers", "capacity")
    current_load = _ints(data, "helpers", "current_load")
    load_step = data["helpers"].get("load_step")
    if not isinstance(load_step, int) or load_step < 0:
        raise DumpError("helpers.load_step must be a non-negative integer")
    weights = data.get("weights") or {}
    if weights.get("load_step", load_step) != load_step:
        raise DumpError("helpers.load_step differs from weights.load_step")
    edge_need, edge_helper = _ints(data, "edges", "need_id"), _ints(data, "edges", "helper_id")
    score = _ints(data, "edges", "score")
    if not (edge_need.size == edge_helper.size == score.size):
        raise DumpError("edges: need_id, helper_id and score must have the same length")
    if capacity.size != helper_ids.size or current_load.size != helper_ids.size:
        raise DumpError("helpers: id, capacity and current_load must have the same length")
    a_need, a_helper = _ints(data, "assignment", "need_id"), _ints(data, "assignment", "helper_id")
    if a_need.size != a_helper.size:
        raise DumpError("assignment: need_id and helper_id must have the same length")
    objective = data.get("objective")
    if not isinstance(objective, int):
        raise DumpError("objective must be an integer")
    bound = data.get("bound")
    problem = FlowProblem(
        n_needs=int(need_ids.size),
        n_helpers=int(helper_ids.size),
        need_idx=_index(need_ids, edge_need, "need"),
        helper_idx=_index(helper_ids, edge_helper, "helper"),
        score=score,
        capacity=capacity,
        current_load=current_load,
        load_step=load_step,
    )
    keys = problem.need_idx * problem.n_helpers + problem.helper_idx
    if np.unique(keys).size != keys.size:
        raise DumpError("an edge (need, helper) is listed twice")
    return Dump(
        problem=problem,
        need_ids=need_ids,
        helper_ids=helper_ids,
        assigned_need_idx=_index(need_ids, a_need, "need"),
        assigned_helper_idx=_index(helper_ids, a_helper, "helper"),
        objective=objective,
        bound=None if bound is None else float(bound),
    )


def verify_dump(data: dict[str, Any], *, method: str = "auto") -> tuple[bool, list[str]]:
    """(ok, report lines) for a parsed JSON dump."""
    lines: list[str] = []
    try:
        dump = parse_dump(data)
    except DumpError as exc:
        return False, [f"FAIL malformed dump: {exc}"]
    problem = dump.problem
    lines.append(
        f"needs {problem.n_needs}, helpers {problem.n_helpers}, edges {problem.n_edges}, "
        f"assigned {dump.assigned_need_idx.size}"
    )
    try:
        chosen = edge_indices(problem, dump.assigned_need_idx, dump.assigned_helper_idx)
    except InfeasibleAssignment as exc:
        return False, [*lines, f"FAIL assignment: {exc}"]
    if method == "auto":
        method = "lp" if problem.n_edges <= LP_MAX_EDGES else "potentials"
    started = time.perf_counter()
    cert: Certificate = certify_problem(problem, chosen, dump.objective, method=method)
    seconds = time.perf_counter() - started
    if cert.objective is None:
        return False, [*lines, f"FAIL assignment: {cert.reason}"]
    lines.append("ok   every assigned pair is an eligible edge, needs ≤ 1, helpers ≤ capacity")
    if cert.objective != dump.objective:
        lines.append(f"FAIL objective: claimed {dump.objective}, recomputed {cert.objective}")
        return False, lines
    lines.append(f"ok   objective {cert.objective} recomputed from edge scores and load penalties")
    how = "LP optimum (HiGHS)" if method == "lp" else "potentials (residual network)"
    lines.append(
        f"{'ok  ' if cert.proven_optimal else 'FAIL'} upper bound {cert.upper_bound:.0f} by "
        f"{how}, dual certificate checked exactly in {seconds:.2f} s"
        + ("" if cert.proven_optimal else f": {cert.reason}")
    )
    if dump.bound is not None and cert.proven_optimal and dump.bound != cert.upper_bound:
        lines.append(f"note the dump's own bound {dump.bound:g} differs")
    lines.append("PROVEN OPTIMAL" if cert.proven_optimal else "NOT PROVEN OPTIMAL")
    return cert.proven_optimal, lines


def main(argv: list[str] | None = None, stdout: TextIO | None = None) -> int:
    out = stdout or sys.stdout
    parser = argparse.ArgumentParser(
        prog="python -m samskap.matching.verify",
        description="Re-check a helper matching dump: feasibility, objective, optimality.",
    )
    parser.add_argument("dump", type=Path, help="JSON file written by `samskap bench matching`")
    parser.add_argument(
        "--method",
        choices=["auto", "lp", "potentials"],
        default="auto",
        help=f"how to find the bound (auto: LP up to {LP_MAX_EDGES:,} edges, else potentials)",
    )
    args = parser.parse_args(argv)
    try:
        data = json.loads(args.dump.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"FAIL cannot read {args.dump}: {exc}", file=out)
        return 1
    ok, lines = verify_dump(data, method=args.method)
    for line in lines:
        print(line, file=out)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
