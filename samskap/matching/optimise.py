"""Batch assignment of helpers to needs: exact min-cost flow (OR-Tools) and a greedy baseline.

Network (docs/matching.md): source → need (capacity 1), need → helper (capacity 1, cost
−score), helper → sink through one unit arc per possible task with cost load_step·k for
k = current_load, current_load+1, …, and a source → sink bypass so needs may stay unassigned.
The minimum cost is −(Σ chosen scores − Σ load penalties); the network matrix is totally
unimodular, so the integral flow OR-Tools returns is optimal among all assignments.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python.min_cost_flow import SimpleMinCostFlow

from .model import DEFAULT_WEIGHTS, Components, HelperInput, NeedInput, Weights
from .scoring import Edges, _components, candidate_edges

SOLVER_FLOW = "ortools.SimpleMinCostFlow"
SOLVER_GREEDY = "greedy"


@dataclass(frozen=True, slots=True)
class Assigned:
    need_id: int
    helper_id: int
    score: int
    components: Components


@dataclass
class MatchResult:
    assignments: list[Assigned]
    objective: int  # Σ scores of the assignments − load_penalty
    load_penalty: int
    unassigned_need_ids: list[int]
    edges: Edges
    solve_seconds: float
    solver: str
    # Indices into `edges` of the chosen pairs (for certificates and dumps).
    chosen_edges: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    @property
    def total_score(self) -> int:
        return self.objective + self.load_penalty


def _check_inputs(needs: Sequence[NeedInput], helpers: Sequence[HelperInput]) -> None:
    if len({n.id for n in needs}) != len(needs):
        raise ValueError("need ids must be unique")
    if len({h.id for h in helpers}) != len(helpers):
        raise ValueError("helper ids must be unique")
    for h in helpers:
        if h.capacity < 0 or h.current_load < 0:
            raise ValueError(f"helper {h.id}: capacity and current_load must be ≥ 0")


def helper_units(
    edges: Edges, capacity: np.ndarray, current_load: np.ndarray, load_step: int
) -> tuple[np.ndarray, np.ndarray]:
    """The unit arcs helper → sink: (helper index, penalty) per possible task, in order.

    A helper can take at most min(capacity, number of its edges) tasks; its k-th task
    (k = current_load, current_load + 1, …) costs load_step · k.
    """
    degree = np.bincount(edges.helper_idx, minlength=capacity.size)
    units = np.minimum(capacity, degree).astype(np.int64)
    unit_helper = np.repeat(np.arange(capacity.size, dtype=np.int64), units)
    starts = np.cumsum(units) - units
    k = np.arange(unit_helper.size, dtype=np.int64) - np.repeat(starts, units)
    return unit_helper, load_step * (current_load[unit_helper] + k)


def _penalty(chosen_helpers: np.ndarray, current_load: np.ndarray, load_step: int) -> int:
    tasks = np.bincount(chosen_helpers, minlength=current_load.size).astype(np.int64)
    return int(load_step * np.sum(tasks * current_load + tasks * (tasks - 1) // 2))


def _result(
    needs: Sequence[NeedInput],
    helpers: Sequence[HelperInput],
    edges: Edges,
    chosen: np.ndarray,
    current_load: np.ndarray,
    weights: Weights,
    seconds: float,
    solver: str,
) -> MatchResult:
    chosen = np.sort(chosen.astype(np.int64))
    penalty = _penalty(edges.helper_idx[chosen], current_load, weights.load_step)
    total = int(edges.score[chosen].sum())
    assignments = []
    for e in chosen:
        need, helper = needs[int(edges.need_idx[e])], helpers[int(edges.helper_idx[e])]
        assignments.append(
            Assigned(
                need_id=need.id,
                helper_id=helper.id,
                score=int(edges.score[e]),
                components=_components(need, helper, float(edges.distance_km[e])),
            )
        )
    helped = np.zeros(len(needs), dtype=bool)
    helped[edges.need_idx[chosen]] = True
    return MatchResult(
        assignments=assignments,
        objective=total - penalty,
        load_penalty=penalty,
        unassigned_need_ids=[n.id for n, h in zip(needs, helped, strict=True) if not h],
        edges=edges,
        solve_seconds=seconds,
        solver=solver,
        chosen_edges=chosen,
    )


def solve(
    needs: Sequence[NeedInput],
    helpers: Sequence[HelperInput],
    weights: Weights = DEFAULT_WEIGHTS,
    *,
    edges: Edges | None = None,
) -> MatchResult:
    """The assignment with the largest Σ score − Σ load penalty, by min-cost flow."""
    _check_inputs(needs, helpers)
    if edges is None:
        edges = candidate_edges(needs, helpers, weights)
    started = time.perf_counter()
    n_needs, n_helpers, n_edges = len(needs), len(helpers), len(edges)
    capacity = np.fromiter((h.capacity for h in helpers), np.int64, n_helpers)
    current_load = np.fromiter((h.current_load for h in helpers), np.int64, n_helpers)
    if n_edges == 0:
        chosen = np.zeros(0, dtype=np.int64)
        return _result(needs, helpers, edges, chosen, current_load, weights, 0.0, SOLVER_FLOW)
    unit_helper, unit_penalty = helper_units(edges, capacity, current_load, weights.load_step)

    # Nodes: 0 source, 1 sink, 2 … 2+N−1 needs, 2+N … helpers.
    source, sink, need0, helper0 = 0, 1, 2, 2 + n_needs
    tails = np.concatenate(
        (
            np.full(n_needs, source),
            need0 + edges.need_idx,
            helper0 + unit_helper,
            [source],
        )
    ).astype(np.int32)
    heads = np.concatenate(
        (
            need0 + np.arange(n_needs),
            helper0 + edges.helper_idx,
            np.full(unit_helper.size, sink),
            [sink],
        )
    ).astype(np.int32)
    capacities = np.concatenate(
        (np.ones(n_needs + n_edges + unit_helper.size, dtype=np.int64), [n_needs])
    ).astype(np.int64)
    costs = np.concatenate(
        (np.zeros(n_needs, dtype=np.int64), -edges.score, unit_penalty, [0])
    ).astype(np.int64)

    flow = SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    flow.set_node_supply(source, n_needs)
    flow.set_node_supply(sink, -n_needs)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    edge_arcs = np.arange(n_needs, n_needs + n_edges, dtype=np.int32)
    chosen = np.flatnonzero(np.asarray(flow.flows(edge_arcs)) > 0)
    seconds = time.perf_counter() - started
    result = _result(needs, helpers, edges, chosen, current_load, weights, seconds, SOLVER_FLOW)
    if -flow.optimal_cost() != result.objective:
        raise RuntimeError("min-cost flow cost does not match the assignment's objective")
    return result


def greedy(
    needs: Sequence[NeedInput],
    helpers: Sequence[HelperInput],
    weights: Weights = DEFAULT_WEIGHTS,
    *,
    edges: Edges | None = None,
) -> MatchResult:
    """Baseline: best-scoring pairs first (ties by need, then helper index).

    A pair is taken when the need is still open, the helper has capacity left and the score
    exceeds the load penalty of the helper's next task.
    """
    _check_inputs(needs, helpers)
    if edges is None:
        edges = candidate_edges(needs, helpers, weights)
    started = time.perf_counter()
    n_helpers = len(helpers)
    current_load = np.fromiter((h.current_load for h in helpers), np.int64, n_helpers)
    left = [h.capacity for h in helpers]
    next_penalty = [weights.load_step * h.current_load for h in helpers]
    open_needs = [True] * len(needs)
    remaining_needs = len(needs)
    remaining_capacity = sum(left)
    order = np.lexsort((edges.helper_idx, edges.need_idx, -edges.score))
    need_of = edges.need_idx[order].tolist()
    helper_of = edges.helper_idx[order].tolist()
    score_of = edges.score[order].tolist()
    taken = []
    for pos, (n, h, s) in enumerate(zip(need_of, helper_of, score_of, strict=True)):
        if open_needs[n] and left[h] > 0 and s - next_penalty[h] > 0:
            open_needs[n] = False
            left[h] -= 1
            next_penalty[h] += weights.load_step
            taken.append(int(order[pos]))
            remaining_needs -= 1
            remaining_capacity -= 1
            if remaining_needs == 0 or remaining_capacity == 0:
                break
    seconds = time.perf_counter() - started
    return _result(
        needs,
        helpers,
        edges,
        np.asarray(taken, dtype=np.int64),
        current_load,
        weights,
        seconds,
        SOLVER_GREEDY,
    )
