"""Independent proof that an assignment is optimal: an LP dual certificate (numpy/scipy only).

The batch assignment is the integer program

    max  Σ_e score_e·x_e − Σ_hk penalty_hk·y_hk
    s.t. Σ_{e at need n} x_e ≤ 1                      (dual u_n ≥ 0)
         Σ_{e at helper h} x_e − Σ_k y_hk = 0          (dual v_h, free)
         0 ≤ y_hk ≤ 1,  x_e ≥ 0                       (dual z_hk ≥ 0 for y_hk ≤ 1)

where y_hk is the helper's k-th possible task in the batch (penalty load_step·(current_load+k)).
Its dual is  min Σu + Σz  s.t.  u_n + v_h ≥ score_e for every edge,  z_hk ≥ v_h − penalty_hk.
By weak duality Σu + Σz bounds the objective of every assignment from above, so an
assignment whose objective equals the bound of some feasible duals is optimal. The checker
`check_certificate` needs nothing but numpy; it does not trust whoever produced the duals.

Two ways to find the duals, neither using OR-Tools:

- "lp": solve the LP relaxation with HiGHS (`scipy.optimize.linprog`). It never looks at the
  assignment; the LP optimum equals the integer optimum because the constraint matrix is a
  network matrix (totally unimodular). HiGHS needs about 2 s for 200,000 edges and grows
  faster than linearly, so "auto" uses it up to `LP_MAX_EDGES`.
- "potentials": node potentials by longest paths in the residual network of the given
  assignment (a vectorised label-correcting Bellman–Ford on the helpers). If the assignment
  were not optimal there would be a positive cycle or a violated bound, and the check fails.

Either way the helper potentials v are rounded to integers (an LP with integer data and a
totally unimodular matrix has integral optimal duals), u and z are recomputed from v as the
smallest feasible values, and the certificate is checked exactly.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linprog

from .model import DEFAULT_WEIGHTS, HelperInput, NeedInput, Weights
from .scoring import Edges

if TYPE_CHECKING:  # optimise imports OR-Tools, which the proof must not need
    from .optimise import MatchResult

TOLERANCE = 1e-6
LP_MAX_EDGES = 200_000
_I64 = np.int64


class InfeasibleAssignment(ValueError):
    """The assignment uses a pair that is no edge, a need twice or a helper beyond capacity."""


@dataclass(frozen=True)
class FlowProblem:
    """A batch as plain arrays: edges (need index, helper index, score) and helper capacity.

    Helper h may take up to capacity[h] tasks; its task number k (k = current_load[h],
    current_load[h] + 1, …) costs load_step·k.
    """

    n_needs: int
    n_helpers: int
    need_idx: np.ndarray
    helper_idx: np.ndarray
    score: np.ndarray
    capacity: np.ndarray
    current_load: np.ndarray
    load_step: int

    def __post_init__(self) -> None:
        for name in ("need_idx", "helper_idx", "score", "capacity", "current_load"):
            object.__setattr__(self, name, np.asarray(getattr(self, name), dtype=_I64))
        if not (self.need_idx.shape == self.helper_idx.shape == self.score.shape):
            raise ValueError("edge arrays must have the same length")
        if self.capacity.shape != (self.n_helpers,) or self.current_load.shape != (self.n_helpers,):
            raise ValueError("capacity and current_load need one value per helper")
        if self.need_idx.size and (
            self.need_idx.min() < 0
            or self.need_idx.max() >= self.n_needs
            or self.helper_idx.min() < 0
            or self.helper_idx.max() >= self.n_helpers
        ):
            raise ValueError("edge index out of range")
        if (self.capacity < 0).any() or (self.current_load < 0).any() or self.load_step < 0:
            raise ValueError("capacity, current_load and load_step must be ≥ 0")

    @property
    def n_edges(self) -> int:
        return int(self.need_idx.size)

    def units(self) -> tuple[np.ndarray, np.ndarray]:
        """(helper, penalty) of every task a helper could take: min(capacity, degree) each."""
        degree = np.bincount(self.helper_idx, minlength=self.n_helpers)
        count = np.minimum(self.capacity, degree)
        helper = np.repeat(np.arange(self.n_helpers, dtype=_I64), count)
        first = np.repeat(np.cumsum(count) - count, count)
        k = self.current_load[helper] + np.arange(helper.size, dtype=_I64) - first
        return helper, self.load_step * k


@dataclass(frozen=True)
class Duals:
    need: np.ndarray  # u, one per need, ≥ 0
    helper: np.ndarray  # v, one per helper
    unit: np.ndarray  # z, one per unit of FlowProblem.units(), ≥ 0

    @property
    def bound(self) -> float:
        return float(self.need.sum() + self.unit.sum())


@dataclass(frozen=True)
class Certificate:
    upper_bound: float  # Σu + Σz: no assignment can score more
    proven_optimal: bool  # feasible assignment, feasible duals, objective == bound
    lp_seconds: float  # time to find and check the duals
    max_dual_violation: float  # of the duals as found, before rounding
    objective: int | None = None  # recomputed from the edges; None if infeasible
    method: str = ""  # "lp" or "potentials"
    duals: Duals | None = None
    reason: str = ""  # why it is not proven, if it is not


def assignment_objective(problem: FlowProblem, chosen: np.ndarray) -> int:
    """Objective of the assignment given as edge indices; raises InfeasibleAssignment."""
    chosen = np.asarray(chosen, dtype=_I64)
    if chosen.size and (chosen.min() < 0 or chosen.max() >= problem.n_edges):
        raise InfeasibleAssignment("the assignment uses a pair that is not an eligible edge")
    if np.unique(chosen).size != chosen.size:
        raise InfeasibleAssignment("the assignment uses an edge twice")
    per_need = np.bincount(problem.need_idx[chosen], minlength=problem.n_needs)
    if (per_need > 1).any():
        raise InfeasibleAssignment(f"need index {int(np.argmax(per_need))} is assigned twice")
    tasks = np.bincount(problem.helper_idx[chosen], minlength=problem.n_helpers)
    if (tasks > problem.capacity).any():
        raise InfeasibleAssignment(
            f"helper index {int(np.argmax(tasks - problem.capacity))} is over capacity"
        )
    load = problem.current_load
    penalty = problem.load_step * np.sum(tasks * load + tasks * (tasks - 1) // 2)
    return int(problem.score[chosen].sum() - penalty)


def edge_indices(problem: FlowProblem, need_idx: np.ndarray, helper_idx: np.ndarray) -> np.ndarray:
    """Edge index of each (need, helper) pair; InfeasibleAssignment if a pair is no edge."""
    keys = problem.need_idx * problem.n_helpers + problem.helper_idx
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    wanted = np.asarray(need_idx, dtype=_I64) * problem.n_helpers + np.asarray(
        helper_idx, dtype=_I64
    )
    pos = np.searchsorted(sorted_keys, wanted)
    ok = pos < sorted_keys.size
    ok[ok] = sorted_keys[pos[ok]] == wanted[ok]
    if not ok.all():
        raise InfeasibleAssignment("the assignment uses a pair that is not an eligible edge")
    return order[pos]


def dual_violation(problem: FlowProblem, duals: Duals) -> float:
    """Largest violation of dual feasibility (0 for feasible duals)."""
    unit_helper, unit_penalty = problem.units()
    parts = [0.0]
    if problem.n_edges:
        slack = duals.need[problem.need_idx] + duals.helper[problem.helper_idx] - problem.score
        parts.append(float(-slack.min()))
    if unit_helper.size:
        parts.append(float(-(duals.unit - duals.helper[unit_helper] + unit_penalty).min()))
        parts.append(float(-duals.unit.min()))
    if duals.need.size:
        parts.append(float(-duals.need.min()))
    return max(parts)


def check_certificate(
    problem: FlowProblem, duals: Duals, objective: float, tol: float = TOLERANCE
) -> bool:
    """True when the duals are feasible and their bound Σu + Σz equals `objective`.

    Weak duality then proves that no assignment has a larger objective; together with a
    feasible assignment of that objective (see `assignment_objective`) it proves optimality.
    """
    unit_helper, _ = problem.units()
    if duals.need.shape != (problem.n_needs,) or duals.helper.shape != (problem.n_helpers,):
        return False
    if duals.unit.shape != unit_helper.shape:
        return False
    if not all(np.isfinite(a).all() for a in (duals.need, duals.helper, duals.unit)):
        return False
    if dual_violation(problem, duals) > tol:
        return False
    return abs(duals.bound - float(objective)) <= tol


def duals_from_helper_potentials(problem: FlowProblem, helper: np.ndarray) -> Duals:
    """Round v to integers and take the smallest feasible u ≥ 0 and z ≥ 0 for it."""
    v = np.rint(np.asarray(helper, dtype=np.float64)).astype(_I64)
    u = np.zeros(problem.n_needs, dtype=_I64)
    if problem.n_edges:
        np.maximum.at(u, problem.need_idx, problem.score - v[problem.helper_idx])
    unit_helper, unit_penalty = problem.units()
    z = np.maximum(v[unit_helper] - unit_penalty, 0)
    return Duals(need=u, helper=v, unit=z)


def lp_duals(problem: FlowProblem) -> tuple[float, Duals]:
    """Optimum and duals of the LP relaxation, by HiGHS. Never looks at any assignment."""
    unit_helper, unit_penalty = problem.units()
    n_x, n_y = problem.n_edges, unit_helper.size
    if n_x == 0:
        return 0.0, Duals(
            need=np.zeros(problem.n_needs), helper=np.zeros(problem.n_helpers), unit=np.zeros(0)
        )
    columns = np.arange(n_x + n_y)
    cost = np.concatenate((-problem.score, unit_penalty)).astype(np.float64)
    a_ub = sp.csr_matrix(
        (np.ones(n_x), (problem.need_idx, columns[:n_x])), shape=(problem.n_needs, n_x + n_y)
    )
    a_eq = sp.csr_matrix(
        (
            np.concatenate((np.ones(n_x), -np.ones(n_y))),
            (np.concatenate((problem.helper_idx, unit_helper)), columns),
        ),
        shape=(problem.n_helpers, n_x + n_y),
    )
    bounds = np.column_stack(
        (np.zeros(n_x + n_y), np.concatenate((np.full(n_x, np.inf), np.ones(n_y))))
    )
    res = linprog(
        cost,
        A_ub=a_ub,
        b_ub=np.ones(problem.n_needs),
        A_eq=a_eq,
        b_eq=np.zeros(problem.n_helpers),
        bounds=bounds,
        method="highs",
    )
    if res.status != 0:
        raise RuntimeError(f"HiGHS did not solve the LP: {res.message}")
    # linprog minimises −objective; marginals are ∂(min)/∂(rhs), so the duals are −marginals.
    duals = Duals(
        need=-res.ineqlin.marginals,
        helper=-res.eqlin.marginals,
        unit=-res.upper.marginals[n_x:],
    )
    return float(-res.fun), duals


def potential_duals(problem: FlowProblem, chosen: np.ndarray) -> np.ndarray | None:
    """Helper potentials v from the residual network of an assignment, or None.

    Complementary slackness asks u_n = score(n, a(n)) − v_{a(n)} for an assigned need and
    u_n = 0 for an open one, so dual feasibility becomes difference constraints on v:

        v_h ≥ score(n, h)                          for every edge of an open need n,
        v_h ≥ penalty of h's last task taken,
        v_h ≥ v_g + score(n, h) − score(n, g)      for every other edge of a need n at g.

    The least solution is a longest-path problem, solved by label correcting (Bellman–Ford
    with a frontier of changed helpers). A positive cycle means the assignment can be
    improved, and so does a potential above its ceiling (see below): then None. Whether the
    result proves anything is left to `check_certificate`.
    """
    chosen = np.asarray(chosen, dtype=_I64)
    n_helpers = problem.n_helpers
    assigned_to = np.full(problem.n_needs, -1, dtype=_I64)
    assigned_score = np.zeros(problem.n_needs, dtype=_I64)
    assigned_to[problem.need_idx[chosen]] = problem.helper_idx[chosen]
    assigned_score[problem.need_idx[chosen]] = problem.score[chosen]

    v = np.zeros(n_helpers, dtype=_I64)
    tasks = np.bincount(problem.helper_idx[chosen], minlength=n_helpers)
    busy = tasks > 0
    v[busy] = problem.load_step * (problem.current_load[busy] + tasks[busy] - 1)
    g = assigned_to[problem.need_idx]
    open_edge = g < 0
    np.maximum.at(v, problem.helper_idx[open_edge], problem.score[open_edge])

    # Upper bounds any proving v must meet: u_n = score − v ≥ 0 at an assigned need, and
    # z = 0 (v ≤ penalty) at the first task a helper with room left did not take.
    ceiling = np.full(n_helpers, np.iinfo(_I64).max, dtype=_I64)
    np.minimum.at(ceiling, problem.helper_idx[chosen], problem.score[chosen])
    unit_helper, _ = problem.units()
    room = tasks < np.bincount(unit_helper, minlength=n_helpers)
    ceiling[room] = np.minimum(
        ceiling[room], problem.load_step * (problem.current_load[room] + tasks[room])
    )
    if (v > ceiling).any():
        return None

    arc = (g >= 0) & (g != problem.helper_idx)
    tail = g[arc]
    head = problem.helper_idx[arc]
    weight = problem.score[arc] - assigned_score[problem.need_idx[arc]]
    order = np.argsort(tail, kind="stable")
    tail, head, weight = tail[order], head[order], weight[order]
    start = np.searchsorted(tail, np.arange(n_helpers + 1))

    frontier = np.flatnonzero(start[1:] > start[:-1])
    for _ in range(n_helpers + 1):
        if frontier.size == 0:
            return v
        count = start[frontier + 1] - start[frontier]
        first = np.repeat(start[frontier], count)
        offset = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
        arcs = first + offset
        candidate = v[tail[arcs]] + weight[arcs]
        better = candidate > v[head[arcs]]
        if not better.any():
            return v
        new_v = v.copy()
        np.maximum.at(new_v, head[arcs][better], candidate[better])
        frontier = np.flatnonzero(new_v > v)
        if (new_v[frontier] > ceiling[frontier]).any():
            return None  # no proving potentials exist: the assignment can be improved
        frontier = frontier[start[frontier + 1] > start[frontier]]
        v = new_v
    return None  # still changing after n_helpers rounds: a positive cycle


def certify_problem(
    problem: FlowProblem,
    chosen: np.ndarray,
    objective: int | None = None,
    *,
    method: str = "auto",
) -> Certificate:
    """Check the assignment (edge indices) and prove or refute that it is optimal.

    `objective` is the claimed objective; it must equal the one recomputed from the edges.
    """
    if method not in ("auto", "lp", "potentials"):
        raise ValueError(f"unknown method {method!r}")
    if method == "auto":
        method = "lp" if problem.n_edges <= LP_MAX_EDGES else "potentials"
    started = time.perf_counter()
    try:
        recomputed: int | None = assignment_objective(problem, chosen)
    except InfeasibleAssignment as exc:
        recomputed, reason = None, str(exc)
    else:
        reason = ""
        if objective is not None and objective != recomputed:
            reason = f"claimed objective {objective} but the assignment gives {recomputed}"

    if method == "lp":
        _, raw = lp_duals(problem)
        violation = dual_violation(problem, raw)
        potentials = raw.helper
    else:
        found = None if recomputed is None else potential_duals(problem, chosen)
        violation = 0.0
        if found is None:
            elapsed = time.perf_counter() - started
            return Certificate(
                upper_bound=float("inf"),
                proven_optimal=False,
                lp_seconds=elapsed,
                max_dual_violation=float("nan"),
                objective=recomputed,
                method=method,
                reason=reason or "no proving potentials: the assignment can be improved",
            )
        potentials = found
    duals = duals_from_helper_potentials(problem, potentials)
    bound = duals.bound
    proven = recomputed is not None and not reason and check_certificate(problem, duals, recomputed)
    if not proven and not reason:
        reason = f"objective {recomputed} is below the bound {bound:g}"
    return Certificate(
        upper_bound=bound,
        proven_optimal=proven,
        lp_seconds=time.perf_counter() - started,
        max_dual_violation=violation,
        objective=recomputed,
        method=method,
        duals=duals,
        reason="" if proven else reason,
    )


def problem_from_inputs(
    edges: Edges, helpers: Sequence[HelperInput], n_needs: int, load_step: int
) -> FlowProblem:
    """A FlowProblem from the edges and helpers of a batch."""
    return FlowProblem(
        n_needs=n_needs,
        n_helpers=len(helpers),
        need_idx=edges.need_idx,
        helper_idx=edges.helper_idx,
        score=edges.score,
        capacity=np.fromiter((h.capacity for h in helpers), _I64, len(helpers)),
        current_load=np.fromiter((h.current_load for h in helpers), _I64, len(helpers)),
        load_step=load_step,
    )


def certify(
    needs: Sequence[NeedInput],
    helpers: Sequence[HelperInput],
    result: MatchResult,
    weights: Weights = DEFAULT_WEIGHTS,
    *,
    method: str = "auto",
) -> Certificate:
    """Certificate for a `MatchResult` of `optimise.solve` (or `greedy`) on these inputs.

    Only the result's edges, chosen edge indices and claimed objective are used; the
    objective is recomputed from the edges and the bound found without OR-Tools.
    """
    problem = problem_from_inputs(result.edges, helpers, len(needs), weights.load_step)
    return certify_problem(problem, result.chosen_edges, result.objective, method=method)
