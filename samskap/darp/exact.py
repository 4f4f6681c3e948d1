"""Exact solver for small DARP days: complete route enumeration + CP-SAT set packing.

Method:

* Vehicles are grouped when they share start and end depot, seat and wheelchair capacity,
  maximum duration and the set of requests allowed on them; each group is enumerated once.
* For each group, a depth-first label extension from the start depot enumerates every
  feasible route. A label is a partial route (node sequence, served and on-board requests,
  seat and wheelchair load) with the EXACT earliest service start of every node of the
  prefix under time windows and the ride times of the requests already dropped off (the
  least fixpoint of the prefix's difference constraints). It is extended by a pickup
  (allowed vehicle, capacity, time window) or by the drop-off of an on-board request.
  Pruning uses only necessary conditions: time windows, and lower bounds on pending ride
  times, on reaching the end depot and on the route duration from shortest-path travel
  times (`instance.distance` is neither assumed symmetric nor metric).
* A route is a column when it returns to the end depot with nobody on board and
  `schedule.earliest_schedule` (exact: time windows, ride times, route duration) accepts
  it. Per (group, set of served requests) only the cheapest such route is kept.
* Dominance is applied only where it is provably safe: between labels at the same node,
  with the same served requests and nobody on board. The future of such a label depends on
  the past only through B_v (the start at the last node; smaller is better) and B_0 (the
  start at the depot, for the route duration; larger is better). Label 1 dominates label 2
  when cost1 <= cost2, a1 <= a2 (exact earliest B_v) and label 1 has a schedule with
  B_v = a1 whose B_0 is at least the latest B_0 any schedule of label 2 can have (the
  B_0 test is skipped when the route duration can never bind).
* CP-SAT then picks at most one column per request and at most the group's vehicle count
  per group, maximising the number of served requests first and minimising the total
  distance second (one big-M objective over costs scaled by 10,000).

The enumeration is exponential: past `max_labels` labels (or the time limit) it gives up
and `solve_exact` returns None, so callers fall back to the heuristic `solve.solve`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
from ortools.sat.python import cp_model

from .instance import Instance, Vehicle
from .schedule import Tables, earliest_schedule

EPS = 1e-9
SCALE = 10_000


@dataclass
class ExactResult:
    """The result of `solve_exact`.

    `routes[v]` is vehicle v's route as node ids with its depots (`[start, end]` when
    unused); `cost` is their total distance (recomputed in floating point); `unserved` are
    the request indices on no route. `optimal` is True only when the enumeration was
    complete and CP-SAT proved optimality (most requests served, then least distance, up
    to the 1e-4 cost scaling). `columns` counts the distinct feasible routes offered to
    CP-SAT, `labels` the partial routes built by the enumeration.
    """

    routes: list[list[int]]
    cost: float
    unserved: list[int] = field(default_factory=list)
    optimal: bool = False
    columns: int = 0
    labels: int = 0
    seconds: float = 0.0


class _GiveUp(Exception):
    """The label or time budget is exhausted."""


@dataclass(frozen=True, slots=True)
class _Group:
    """Vehicles sharing one enumeration."""

    vehicles: tuple[int, ...]
    start: int
    end: int
    capacity: int
    wheelchair_capacity: int
    max_duration: float
    allowed: tuple[int, ...]  # request indices this group may serve


def _groups(instance: Instance) -> list[_Group]:
    """Group vehicles whose feasible routes are the same."""
    keyed: dict[tuple, list[Vehicle]] = {}
    for vehicle in instance.vehicles:
        allowed = tuple(
            r.index
            for r in instance.requests
            if (getattr(r, "vehicles", None) is None or vehicle.index in r.vehicles)
        )
        key = (
            vehicle.start,
            vehicle.end,
            vehicle.capacity,
            getattr(vehicle, "wheelchair_capacity", 0),
            vehicle.max_duration,
            allowed,
        )
        keyed.setdefault(key, []).append(vehicle)
    out = []
    for (start, end, capacity, wheelchair, duration, allowed), members in keyed.items():
        out.append(
            _Group(
                tuple(v.index for v in members),
                start,
                end,
                capacity,
                wheelchair,
                duration,
                allowed,
            )
        )
    return out


def _shortest_paths(dist: np.ndarray, service: np.ndarray) -> list[list[float]]:
    """Least travel time between nodes through any intermediate nodes (with their service).

    A lower bound on the time from the end of service at u to the start at w in any route,
    valid without symmetry or the triangle inequality.
    """
    sp = np.array(dist, dtype=float, copy=True)
    for k in range(sp.shape[0]):
        sp = np.minimum(sp, sp[:, k, None] + service[k] + sp[None, k, :])
    return sp.tolist()


class _Enumerator:
    """Depth-first enumeration of every feasible route of one vehicle group."""

    def __init__(
        self,
        instance: Instance,
        tables: Tables,
        sp: list[list[float]],
        group: _Group,
        budget: list[int],
        deadline: float,
    ) -> None:
        self.instance = instance
        self.tables = tables
        self.dist: list[list[float]] = tables.dist
        self.sp = sp
        self.group = group
        self.service = tables.service
        self.early = tables.early
        self.late = tables.late
        self.budget = budget  # [labels used, max labels], shared across groups
        self.deadline = deadline
        self.columns: dict[int, tuple[float, tuple[int, ...]]] = {}
        requests = instance.requests
        self.requests = [
            r
            for r in (requests[i] for i in group.allowed)
            if r.load <= group.capacity and getattr(r, "wheelchair", 0) <= group.wheelchair_capacity
        ]
        start, end = group.start, group.end
        self.duration_binds = group.max_duration < self.late[end] - self.early[start] - EPS
        # dominance store: (node, served mask) -> [(a, b0_at_a, b0_max, cost)]
        self.seen: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}

    # -- exact prefix schedules -------------------------------------------------------
    def _raise_rides(self, path: list[int], times: list[float], pick_pos: dict[int, int]) -> bool:
        """Least fixpoint of the prefix constraints, starting from lower bounds `times`.

        Constraints: travel (B_{k+1} >= B_k + s_k + t_{k,k+1}), time windows, and the ride
        time of every request dropped off in `path`. No route-duration constraint. Updates
        `times` in place; False if the prefix has no schedule.
        """
        tables = self.tables
        service, late, dist = self.service, self.late, self.dist
        m = len(path)
        for _ in range(m + 1):
            first = m
            for k in range(1, m):
                v = path[k]
                if tables.is_delivery[v]:
                    u = tables.partner[v]
                    p = pick_pos[u]
                    need = times[k] - tables.max_ride[v] - service[u]
                    if need > times[p] + EPS:
                        if need > late[u] + EPS:
                            return False
                        times[p] = need
                        if p < first:
                            first = p
            if first == m:
                return True
            prev = path[first]
            for k in range(first + 1, m):
                v = path[k]
                a = times[k - 1] + service[prev] + dist[prev][v]
                if a > times[k]:
                    if a > late[v] + EPS:
                        return False
                    times[k] = a
                prev = v
        return False

    def _latest_start(
        self, path: list[int], times: list[float], pick_pos: dict[int, int], cap: float
    ) -> float:
        """Latest B_0 of a schedule of the prefix with B_last <= cap (greatest fixpoint).

        The prefix must be feasible with B_last = `cap` >= its earliest value, so the
        fixpoint exists and stays above `times`.
        """
        tables = self.tables
        service, late, dist = self.service, self.late, self.dist
        m = len(path)
        upper = [late[v] for v in path]
        upper[-1] = min(upper[-1], cap)
        for _ in range(m + 2):
            changed = False
            for k in range(m - 2, -1, -1):
                v = path[k]
                bound = upper[k + 1] - service[v] - dist[v][path[k + 1]]
                if bound < upper[k] - EPS:
                    upper[k] = bound
                    changed = True
            for k in range(1, m):
                v = path[k]
                if tables.is_delivery[v]:
                    u = tables.partner[v]
                    p = pick_pos[u]
                    bound = upper[p] + service[u] + tables.max_ride[v]
                    if bound < upper[k] - EPS:
                        upper[k] = bound
                        changed = True
            if not changed:
                break
        return upper[0]

    # -- search -----------------------------------------------------------------------
    def _count(self) -> None:
        budget = self.budget
        budget[0] += 1
        if budget[0] > budget[1]:
            raise _GiveUp
        if budget[0] % 4096 == 0 and time.monotonic() > self.deadline:
            raise _GiveUp

    def run(self) -> dict[int, tuple[float, tuple[int, ...]]]:
        """Map served-request bitmask -> (cost, route with depots) of the cheapest route."""
        start = self.group.start
        t0 = self.early[start]
        self._extend([start], [t0], [0.0], {}, 0, 0, 0, 0, 0.0, self.late[start])
        return self.columns

    def _close(self, path: list[int], served: int, cost: float) -> None:
        """Return to the end depot; keep the route if exactly feasible and cheapest."""
        end = self.group.end
        route = [*path, end]
        total = cost + self.dist[path[-1]][end]
        known = self.columns.get(served)
        if known is not None and known[0] <= total:
            return
        if earliest_schedule(self.tables, route, self.group.max_duration) is None:
            return
        self.columns[served] = (total, tuple(route))

    def _dominated(
        self,
        path: list[int],
        times: list[float],
        pick_pos: dict[int, int],
        served: int,
        cost: float,
    ) -> bool:
        """Safe dominance for an empty vehicle; records the label when not dominated."""
        v = path[-1]
        a = times[-1]
        if self.duration_binds:
            b0_at_a = self._latest_start(path, times, pick_pos, a)
            b0_max = self._latest_start(path, times, pick_pos, self.late[v])
        else:
            b0_at_a = b0_max = 0.0
        key = (v, served)
        bucket = self.seen.setdefault(key, [])
        for a1, y1, _y1max, c1 in bucket:
            if c1 <= cost + EPS and a1 <= a + EPS and y1 >= b0_max - EPS:
                return True
        bucket.append((a, b0_at_a, b0_max, cost))
        return False

    def _extend(
        self,
        path: list[int],
        times: list[float],
        offset: list[float],
        pick_pos: dict[int, int],
        served: int,
        onboard: int,
        seats: int,
        chairs: int,
        cost: float,
        latest0: float,
    ) -> None:
        """Extend the label (path, exact earliest `times`, zero-wait `offset` from B_0)."""
        group = self.group
        dist, sp = self.dist, self.sp
        service, early, late = self.service, self.early, self.late
        v = path[-1]
        t = times[-1]
        s_v = service[v]
        end = group.end
        # Necessary: reach the end depot in time and within the route duration.
        to_end = s_v + sp[v][end]
        if t + to_end > late[end] + EPS:
            return
        if offset[-1] + to_end > group.max_duration + EPS:
            return
        if t + to_end - latest0 > group.max_duration + EPS:
            return
        # Necessary: every passenger on board can still be dropped off in time.
        for r in self.requests:
            if onboard >> r.index & 1:
                reach = s_v + sp[v][r.delivery]
                if t + reach > late[r.delivery] + EPS:
                    return
                p = pick_pos[r.pickup]
                ride = offset[-1] - offset[p] - service[r.pickup] + reach
                if ride > r.max_ride + EPS:
                    return
                if t + reach - late[r.pickup] - service[r.pickup] > r.max_ride + EPS:
                    return
        if onboard == 0:
            if served:
                if self._dominated(path, times, pick_pos, served, cost):
                    return
                self._close(path, served, cost)
        dist_v = dist[v]
        m = len(path)
        for r in self.requests:
            bit = 1 << r.index
            if onboard & bit:
                d = r.delivery
                arrival = t + s_v + dist_v[d]
                b = early[d] if early[d] > arrival else arrival
                if b > late[d] + EPS:
                    continue
                self._count()
                new_path = [*path, d]
                new_times = [*times, b]
                if not self._raise_rides(new_path, new_times, pick_pos):
                    continue
                new_offset = offset[-1] + s_v + dist_v[d]
                self._extend(
                    new_path,
                    new_times,
                    [*offset, new_offset],
                    pick_pos,
                    served,
                    onboard & ~bit,
                    seats - r.load,
                    chairs - getattr(r, "wheelchair", 0),
                    cost + dist_v[d],
                    min(latest0, late[d] - new_offset),
                )
            elif not served & bit:
                if seats + r.load > group.capacity:
                    continue
                wheelchair = getattr(r, "wheelchair", 0)
                if chairs + wheelchair > group.wheelchair_capacity:
                    continue
                p = r.pickup
                arrival = t + s_v + dist_v[p]
                b = early[p] if early[p] > arrival else arrival
                if b > late[p] + EPS:
                    continue
                self._count()
                new_offset = offset[-1] + s_v + dist_v[p]
                positions = dict(pick_pos)
                positions[p] = m
                self._extend(
                    [*path, p],
                    [*times, b],
                    [*offset, new_offset],
                    positions,
                    served | bit,
                    onboard | bit,
                    seats + r.load,
                    chairs + wheelchair,
                    cost + dist_v[p],
                    min(latest0, late[p] - new_offset),
                )


def _route_cost(dist: list[list[float]], route: list[int]) -> float:
    return float(sum(dist[a][b] for a, b in zip(route, route[1:], strict=False)))


def solve_exact(
    instance: Instance, *, max_labels: int = 200_000, time_limit: float = 20.0
) -> ExactResult | None:
    """Serve as many requests as possible at the least distance, exactly, on a small day.

    Returns None when the enumeration needs more than `max_labels` labels or more than
    `time_limit` seconds (the caller should then use `solve.solve`). CP-SAT gets the time
    left; if it stops before proving optimality the best selection found is returned with
    `optimal=False`.
    """
    started = time.monotonic()
    deadline = started + time_limit
    tables = Tables(instance)
    dist = np.asarray(instance.distance, dtype=float)
    service = np.array([node.service for node in instance.nodes], dtype=float)
    sp = _shortest_paths(dist, service)
    groups = _groups(instance)
    budget = [0, max_labels]
    pools: list[dict[int, tuple[float, tuple[int, ...]]]] = []
    try:
        for group in groups:
            enumerator = _Enumerator(instance, tables, sp, group, budget, deadline)
            pools.append(enumerator.run())
    except _GiveUp:
        return None
    labels = budget[0]
    dist_list: list[list[float]] = tables.dist
    keys = [(g, mask) for g, pool in enumerate(pools) for mask in pool]
    routes = [[v.start, v.end] for v in instance.vehicles]
    all_requests = [r.index for r in instance.requests]
    if not keys:
        return ExactResult(
            routes=routes,
            cost=0.0,
            unserved=all_requests,
            optimal=True,
            columns=0,
            labels=labels,
            seconds=time.monotonic() - started,
        )
    model = cp_model.CpModel()
    chosen = [model.new_bool_var(f"x{j}") for j in range(len(keys))]
    covering: dict[int, list[cp_model.IntVar]] = {}
    by_group: dict[int, list[cp_model.IntVar]] = {}
    scaled = []
    for var, (g, mask) in zip(chosen, keys, strict=True):
        for r in all_requests:
            if mask >> r & 1:
                covering.setdefault(r, []).append(var)
        by_group.setdefault(g, []).append(var)
        scaled.append(round(pools[g][mask][0] * SCALE))
    for variables in covering.values():
        if len(variables) > 1:
            model.add_at_most_one(variables)
    for g, variables in by_group.items():
        if len(variables) > len(groups[g].vehicles):
            model.add(cp_model.LinearExpr.sum(variables) <= len(groups[g].vehicles))
    # Big M above any total cost: the most expensive column of each group times its size.
    big = 1 + sum(
        len(groups[g].vehicles) * max(round(c * SCALE) for c, _ in pools[g].values())
        for g in range(len(groups))
        if pools[g]
    )
    weights = [c - big * mask.bit_count() for c, (_, mask) in zip(scaled, keys, strict=True)]
    model.minimize(cp_model.LinearExpr.weighted_sum(chosen, weights))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = max(0.1, deadline - time.monotonic())
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    free = {g: list(group.vehicles) for g, group in enumerate(groups)}
    served: set[int] = set()
    for var, (g, mask) in zip(chosen, keys, strict=True):
        if solver.value(var):
            v = free[g].pop(0)
            routes[v] = list(pools[g][mask][1])
            served.update(r for r in all_requests if mask >> r & 1)
    cost = sum(_route_cost(dist_list, route) for route in routes if len(route) > 2)
    return ExactResult(
        routes=routes,
        cost=cost,
        unserved=[r for r in all_requests if r not in served],
        optimal=status == cp_model.OPTIMAL,
        columns=len(keys),
        labels=labels,
        seconds=time.monotonic() - started,
    )
