"""Adaptive large neighbourhood search (ALNS) for the static multi-vehicle DARP.

Method (after Ropke & Pisinger 2006, as applied to the DARP by Parragh and others):

* destroy: random, worst (largest saving) and Shaw/related removal of q requests;
* repair: greedy and regret-2/-3/-m insertion, optionally with noise on the insertion
  cost; every insertion is tested exactly (`schedule.earliest_schedule`);
* acceptance: simulated annealing, temperature falling geometrically over the budget
  (time or iterations); operator weights adapt per segment of 100 iterations;
* recombination: every route built is kept in a pool; a set-partitioning model (CP-SAT,
  warm-started from the incumbent) over the pool picks the cheapest K routes covering every
  request. It runs a few times per search and once at the end over all workers' pools.

With `workers > 1` independent searches with different seeds run in separate processes
and the best is kept. Given an iteration budget (not a time limit) the result depends only
on the seed and the number of workers.

Requests no vehicle could serve even alone are left out with the reason; requests that
cannot be fitted into the K routes stay unserved with a reason too. Each reason also has a
short code (`UNSERVED_KINDS`) for the product to act on.
"""

from __future__ import annotations

import math
import random
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context

from ortools.sat.python import cp_model

from .instance import Instance, Request, Vehicle
from .schedule import RouteState, Tables, best_insertion, earliest_schedule

SEGMENT = 100
REACTION = 0.1
SCORE_BEST, SCORE_BETTER, SCORE_ACCEPTED = 33.0, 9.0, 13.0
START_WORSE, FINAL_TEMPERATURE_RATIO = 0.1, 0.002
SHAW_POWER, WORST_POWER = 6.0, 3.0
NOISE = 0.025
POOL_LIMIT = 400_000
MAX_REMOVED = 20

# Why a request is unserved, from the least to the most specific check a vehicle can fail
# when it is tried on its own (see `diagnose_alone`), then "no_room".
UNSERVED_KINDS = (
    "vehicle",  # no vehicle is allowed to serve it
    "seats",  # needs more seats than any allowed vehicle has
    "wheelchair",  # needs a wheelchair place no allowed vehicle has
    "ride_time",  # the direct trip alone is longer than its maximum ride time
    "too_late",  # no vehicle can reach the pickup before its window closes
    "schedule",  # a vehicle serving only this request still breaks a window, ride or duration
    "no_room",  # servable alone, but not together with the others in the best solution found
)

PoolKey = tuple[int, frozenset[int]]
Pool = dict[PoolKey, tuple[float, tuple[int, ...]]]


@dataclass
class Solution:
    """The result of `solve`.

    `routes[v]` is vehicle v's route as node ids with its depots (`[start, end]` when
    unused); `cost` is their total distance; `unserved` maps request index to the reason it
    is on no route (English) and `unserved_kind` to its code (one of `UNSERVED_KINDS`);
    `iterations` is summed over workers; `pool_size` counts the distinct routes offered to
    the final set-partitioning step.
    """

    instance: str
    routes: list[list[int]]
    cost: float
    unserved: dict[int, str] = field(default_factory=dict)
    iterations: int = 0
    seconds: float = 0.0
    seed: int = 0
    workers: int = 1
    pool_size: int = 0
    improved_by_set_partitioning: bool = False
    unserved_kind: dict[int, str] = field(default_factory=dict)


@dataclass
class _WorkerResult:
    routes: list[list[int]]
    cost: float
    unassigned: list[int]
    pool: Pool
    iterations: int
    set_partitioning_wins: int


def _signatures(
    vehicles: tuple[Vehicle, ...], named: frozenset[int] = frozenset()
) -> tuple[list[int], list[int]]:
    """Group identical vehicles: signature index per vehicle, and vehicle count per signature.

    Vehicles in `named` (those some request is locked to) are never grouped with others,
    since a route built on one of them may carry a request the others cannot.
    """
    keys: dict[tuple[int, int, int, int, float, int], int] = {}
    of_vehicle = []
    counts: list[int] = []
    for v in vehicles:
        own = v.index if v.index in named else -1
        key = (v.start, v.end, v.capacity, v.wheelchair_capacity, v.max_duration, own)
        if key not in keys:
            keys[key] = len(counts)
            counts.append(0)
        of_vehicle.append(keys[key])
        counts[keys[key]] += 1
    return of_vehicle, counts


def _alone_on(tables: Tables, r: Request, vehicle: Vehicle) -> tuple[str, str] | None:
    """(code, reason) why `vehicle` cannot serve `r` on its own, or None if it can."""
    if r.vehicles is not None and vehicle.index not in r.vehicles:
        return "vehicle", f"not allowed on vehicle {vehicle.index}"
    if r.load > vehicle.capacity:
        return "seats", f"load {r.load} exceeds vehicle capacity {vehicle.capacity}"
    if r.wheelchair > vehicle.wheelchair_capacity:
        return "wheelchair", (
            f"needs {r.wheelchair} wheelchair places, the vehicle has {vehicle.wheelchair_capacity}"
        )
    dist = tables.dist
    direct = dist[r.pickup][r.delivery]
    if direct > r.max_ride + 1e-9:
        return "ride_time", (
            f"direct travel time {direct:.2f} exceeds the maximum ride time {r.max_ride:g}"
        )
    reach = (
        tables.early[vehicle.start] + tables.service[vehicle.start] + dist[vehicle.start][r.pickup]
    )
    if reach > tables.late[r.pickup] + 1e-9:
        return "too_late", (
            f"the pickup window closes at {tables.late[r.pickup]:g} before a vehicle "
            f"can arrive at {reach:.2f}"
        )
    route = [vehicle.start, r.pickup, r.delivery, vehicle.end]
    if earliest_schedule(tables, route, vehicle.max_duration) is None:
        return "schedule", (
            "no schedule for a vehicle serving only this request meets the time "
            "windows, the maximum ride time and the maximum route duration"
        )
    return None


def diagnose_alone(instance: Instance, tables: Tables, request: int) -> tuple[str, str] | None:
    """(code, reason) why no vehicle can serve `request` even on its own, or None.

    The code is that of the vehicle that got furthest through the checks, in the order of
    `UNSERVED_KINDS` (vehicle, seats, wheelchair, ride_time, too_late, schedule); the
    reason joins the distinct reasons of the allowed vehicles.
    """
    r = instance.requests[request]
    rank = {kind: k for k, kind in enumerate(UNSERVED_KINDS)}
    kind = "vehicle"
    reasons = []
    for vehicle in instance.vehicles:
        failure = _alone_on(tables, r, vehicle)
        if failure is None:
            return None
        if rank[failure[0]] > rank[kind]:
            kind = failure[0]
        if failure[0] != "vehicle":
            reasons.append(failure[1])
    if not reasons:
        reasons.append("no vehicle is allowed to serve it")
    return kind, "; ".join(dict.fromkeys(reasons))


def explain_alone(instance: Instance, tables: Tables, request: int) -> str | None:
    """Why no vehicle can serve `request` even on its own, or None if some vehicle can."""
    found = diagnose_alone(instance, tables, request)
    return None if found is None else found[1]


def _roulette(rng: random.Random, weights: list[float]) -> int:
    total = sum(weights)
    x = rng.random() * total
    for i, w in enumerate(weights):
        x -= w
        if x <= 0.0:
            return i
    return len(weights) - 1


class _Search:
    """One ALNS run; all state is local to the process."""

    REPAIRS = (
        (1, False),
        (2, False),
        (3, False),
        (0, False),
        (1, True),
        (2, True),
    )  # (k of regret-k, 0 = all routes; noise)

    def __init__(self, instance: Instance, seed: int, set_partitioning: bool) -> None:
        self.instance = instance
        self.tables = Tables(instance)
        self.rng = random.Random(seed)
        self.vehicles = instance.vehicles
        named = frozenset(
            v for r in instance.requests if r.vehicles is not None for v in r.vehicles
        )
        self.sig_of, self.sig_counts = _signatures(instance.vehicles, named)
        self.set_partitioning = set_partitioning
        # Why each request cannot be served alone, as (code, reason). Such requests are
        # left out of the search, except that with non-metric travel times only the
        # vehicle and capacity codes are conclusive (a detour may fix a timing failure).
        self.alone: dict[int, tuple[str, str]] = {}
        for r in range(len(instance.requests)):
            found = diagnose_alone(instance, self.tables, r)
            if found is not None:
                self.alone[r] = found
        conclusive = UNSERVED_KINDS[:3] if not self.tables.metric else UNSERVED_KINDS[:6]
        self.excluded = {r: text for r, (kind, text) in self.alone.items() if kind in conclusive}
        self.candidates = [r for r in range(len(instance.requests)) if r not in self.excluded]
        dmax = float(instance.distance.max()) if len(instance.nodes) else 1.0
        self.dmax = dmax if dmax > 0 else 1.0
        self.penalty = 1000.0 + 10.0 * self.dmax * 4
        horizon = max((node.late for node in instance.nodes), default=1.0)
        self.horizon = horizon if 0 < horizon < math.inf else 1440.0
        self.routes = [RouteState(v, [v.start, v.end], self.tables) for v in self.vehicles]
        self.where = [-1] * len(instance.requests)
        self.unassigned: set[int] = set()
        self.pool: Pool = {}
        self.sp_wins = 0

    # -- bookkeeping --------------------------------------------------------------------

    def objective(self) -> float:
        return sum(s.cost for s in self.routes) + self.penalty * len(self.unassigned)

    def _set_route(self, v: int, nodes: list[int]) -> None:
        self.routes[v] = RouteState(self.vehicles[v], nodes, self.tables)

    def _record(self, states: list[RouteState]) -> None:
        pool = self.pool
        request_of = self.tables.request
        for v, state in enumerate(states):
            if state.empty:
                continue
            key = (self.sig_of[v], frozenset(request_of[x] for x in state.nodes[1:-1]))
            known = pool.get(key)
            if known is None:
                if len(pool) < POOL_LIMIT:
                    pool[key] = (state.cost, tuple(state.nodes))
            elif state.cost < known[0] - 1e-9:
                pool[key] = (state.cost, tuple(state.nodes))

    def load(self, routes: list[list[int]]) -> None:
        """Make `routes` (node lists per vehicle) the current solution."""
        request_of = self.tables.request
        self.where = [-1] * len(self.instance.requests)
        for v, nodes in enumerate(routes):
            self._set_route(v, list(nodes))
            for x in nodes[1:-1]:
                self.where[request_of[x]] = v
        self.unassigned = {r for r in self.candidates if self.where[r] < 0}

    def snapshot(self) -> list[list[int]]:
        return [list(s.nodes) for s in self.routes]

    # -- destroy ------------------------------------------------------------------------

    def _assigned(self) -> list[int]:
        return [r for r in self.candidates if self.where[r] >= 0]

    def remove(self, requests: list[int]) -> None:
        tables = self.tables
        by_route: dict[int, set[int]] = {}
        for r in requests:
            v = self.where[r]
            if v >= 0:
                by_route.setdefault(v, set()).update((tables.pickup[r], tables.delivery[r]))
                self.where[r] = -1
            self.unassigned.add(r)
        for v, gone in by_route.items():
            nodes = [x for x in self.routes[v].nodes if x not in gone]
            if not tables.metric and not self._still_feasible(v, nodes):
                # A removed stop was a shortcut: keep the route and its requests as they are.
                for x in gone:
                    r = tables.request[x]
                    self.where[r] = v
                    self.unassigned.discard(r)
                continue
            self._set_route(v, nodes)

    def _still_feasible(self, v: int, nodes: list[int]) -> bool:
        """Exact test of `nodes` on vehicle v (needed only when travel times are not metric)."""
        return earliest_schedule(self.tables, nodes, self.vehicles[v].max_duration) is not None

    def random_removal(self, q: int) -> list[int]:
        assigned = self._assigned()
        return self.rng.sample(assigned, min(q, len(assigned)))

    def worst_removal(self, q: int) -> list[int]:
        dist = self.tables.dist
        request_of = self.tables.request
        savings: list[tuple[float, int]] = []
        for state in self.routes:
            nodes = state.nodes
            where: dict[int, int] = {}
            for k in range(1, len(nodes) - 1):
                r = request_of[nodes[k]]
                if r in where:
                    a, b = where[r], k
                    if b == a + 1:
                        u, w = nodes[a - 1], nodes[b + 1]
                        gain = (
                            dist[u][nodes[a]] + dist[nodes[a]][nodes[b]] + dist[nodes[b]][w]
                        ) - dist[u][w]
                    else:
                        gain = 0.0
                        for c in (a, b):
                            u, x, w = nodes[c - 1], nodes[c], nodes[c + 1]
                            gain += dist[u][x] + dist[x][w] - dist[u][w]
                    savings.append((-gain, r))
                else:
                    where[r] = k
        savings.sort()
        chosen: list[int] = []
        rng = self.rng
        while savings and len(chosen) < q:
            k = int(len(savings) * rng.random() ** WORST_POWER)
            chosen.append(savings.pop(k)[1])
        return chosen

    def shaw_removal(self, q: int) -> list[int]:
        tables = self.tables
        dist = tables.dist
        assigned = self._assigned()
        if not assigned:
            return []
        times: dict[int, float] = {}
        for state in self.routes:
            for k, x in enumerate(state.nodes):
                times[x] = state.earliest[k]
        rng = self.rng
        seed = rng.choice(assigned)
        chosen = [seed]
        rest = [r for r in assigned if r != seed]
        pick, drop = tables.pickup, tables.delivery
        scale_d = 1.0 / self.dmax
        scale_t = 1.0 / self.horizon
        while rest and len(chosen) < q:
            ref = rng.choice(chosen)
            rp, rd = pick[ref], drop[ref]
            tp, td = times[rp], times[rd]

            def relatedness(
                r: int, rp: int = rp, rd: int = rd, tp: float = tp, td: float = td
            ) -> float:
                p, d = pick[r], drop[r]
                value = 9.0 * scale_d * (dist[rp][p] + dist[rd][d])
                value += 3.0 * scale_t * (abs(tp - times[p]) + abs(td - times[d]))
                return value

            rest.sort(key=relatedness)
            k = int(len(rest) * rng.random() ** SHAW_POWER)
            chosen.append(rest.pop(k))
        return chosen

    # -- repair -------------------------------------------------------------------------

    def _active(self) -> list[int]:
        """Non-empty routes plus the first empty route of each vehicle type."""
        seen: set[int] = set()
        active = []
        for v, state in enumerate(self.routes):
            if state.empty:
                sig = self.sig_of[v]
                if sig in seen:
                    continue
                seen.add(sig)
            active.append(v)
        return active

    def repair(self, k: int, noise: bool) -> None:
        """Insert unassigned requests by regret-k (k = 1 greedy, k = 0 all routes)."""
        tables = self.tables
        rng = self.rng
        pending = sorted(self.unassigned)
        noise_of: dict[tuple[int, int], float] = {}
        amplitude = NOISE * self.dmax
        routes = self.routes
        while pending:
            active = self._active()
            want = k if k > 0 else len(active)
            best_key: tuple[float, float, float] | None = None
            best_move: tuple[int, int, list[int]] | None = None
            for r in pending:
                options: list[tuple[float, int]] = []
                for v in active:
                    memo = routes[v].insertions
                    if r in memo:
                        found = memo[r]
                    else:
                        found = memo[r] = best_insertion(tables, routes[v], r)
                    if found is not None:
                        cost = found[0]
                        if noise:
                            shift = noise_of.get((r, v))
                            if shift is None:
                                shift = noise_of[(r, v)] = amplitude * (2.0 * rng.random() - 1.0)
                            cost = max(0.0, cost + shift)
                        options.append((cost, v))
                if not options:
                    continue
                options.sort()
                first = options[0][0]
                if want <= 1:
                    key = (0.0, 0.0, -first)
                else:
                    short = want - len(options) if len(options) < want else 0
                    regret = sum(c - first for c, _ in options[1:want])
                    key = (float(short), regret, -first)
                if best_key is None or key > best_key:
                    best_key = key
                    v = options[0][1]
                    found = routes[v].insertions[r]
                    assert found is not None
                    best_move = (r, v, found[1])
            if best_move is None:
                break
            r, v, nodes = best_move
            self._set_route(v, nodes)
            self.where[r] = v
            self.unassigned.discard(r)
            pending.remove(r)

    # -- set partitioning ---------------------------------------------------------------

    def set_partition(
        self,
        time_limit: float,
        incumbent: float,
        *,
        deterministic: bool = False,
        threads: int = 1,
    ) -> list[list[int]] | None:
        """Best combination of pooled routes, if it beats `incumbent`; node lists per vehicle."""
        request_of = self.tables.request
        hint = [
            (self.sig_of[v], frozenset(request_of[x] for x in state.nodes[1:-1]))
            for v, state in enumerate(self.routes)
            if not state.empty
        ]
        result = solve_set_partitioning(
            self.pool,
            self.candidates,
            self.sig_counts,
            self.sig_of,
            self.vehicles,
            time_limit,
            hint=hint,
            deterministic=deterministic,
            threads=threads,
        )
        if result is None:
            return None
        cost, routes = result
        if cost < incumbent - 1e-7:
            return routes
        return None

    # -- main loop ----------------------------------------------------------------------

    def run(self, deadline: float | None, iterations: int | None) -> _WorkerResult:
        rng = self.rng
        start = time.time()
        self.unassigned = set(self.candidates)
        self.repair(2, False)
        self._record(self.routes)
        current = self.objective()
        best = current
        best_routes = self.snapshot()
        n = max(1, len(self.candidates))
        q_min = min(4, n)
        q_max = max(q_min, min(MAX_REMOVED, int(0.4 * n)))
        temperature0 = START_WORSE * max(current, 1.0) / math.log(2.0)
        destroys = (self.random_removal, self.worst_removal, self.shaw_removal)
        d_weights = [1.0] * len(destroys)
        r_weights = [1.0] * len(self.REPAIRS)
        d_scores = [0.0] * len(destroys)
        r_scores = [0.0] * len(self.REPAIRS)
        d_uses = [0] * len(destroys)
        r_uses = [0] * len(self.REPAIRS)
        sp_marks = [0.3, 0.6, 0.85] if self.set_partitioning else []
        budget = (deadline - start) if deadline is not None else None
        it = 0
        while True:
            if iterations is not None:
                if it >= iterations:
                    break
                progress = it / iterations
            else:
                assert deadline is not None and budget is not None
                now = time.time()
                if now >= deadline:
                    break
                progress = (now - start) / budget if budget > 0 else 1.0
            if sp_marks and progress >= sp_marks[0]:
                sp_marks.pop(0)
                limit = 2.0 if budget is None else max(0.5, min(5.0, 0.03 * budget))
                routes = self.set_partition(limit, best, deterministic=iterations is not None)
                if routes is not None:
                    self.load(routes)
                    best = current = self.objective()
                    best_routes = self.snapshot()
                    self.sp_wins += 1
            it += 1
            temperature = temperature0 * FINAL_TEMPERATURE_RATIO**progress
            saved_routes = list(self.routes)
            saved_where = list(self.where)
            saved_unassigned = set(self.unassigned)
            di = _roulette(rng, d_weights)
            ri = _roulette(rng, r_weights)
            q = rng.randint(q_min, q_max)
            self.remove(destroys[di](q))
            k, noise = self.REPAIRS[ri]
            self.repair(k, noise)
            changed = [s for s, old in zip(self.routes, saved_routes, strict=True) if s is not old]
            self._record(changed)
            value = self.objective()
            score = 0.0
            if value < current - 1e-9:
                current = value
                if value < best - 1e-9:
                    best = value
                    best_routes = self.snapshot()
                    score = SCORE_BEST
                else:
                    score = SCORE_BETTER
            elif temperature > 0 and rng.random() < math.exp(-(value - current) / temperature):
                if value > current + 1e-9:
                    score = SCORE_ACCEPTED
                current = value
            else:
                self.routes = saved_routes
                self.where = saved_where
                self.unassigned = saved_unassigned
            d_scores[di] += score
            r_scores[ri] += score
            d_uses[di] += 1
            r_uses[ri] += 1
            if it % SEGMENT == 0:
                for weights, scores, uses in (
                    (d_weights, d_scores, d_uses),
                    (r_weights, r_scores, r_uses),
                ):
                    for i in range(len(weights)):
                        if uses[i]:
                            weights[i] = max(
                                0.05,
                                weights[i] * (1 - REACTION) + REACTION * scores[i] / uses[i],
                            )
                        scores[i] = 0.0
                        uses[i] = 0
        self.load(best_routes)
        return _WorkerResult(
            routes=best_routes,
            cost=sum(s.cost for s in self.routes),
            unassigned=sorted(self.unassigned),
            pool=self.pool,
            iterations=it,
            set_partitioning_wins=self.sp_wins,
        )


def solve_set_partitioning(
    pool: Pool,
    requests: list[int],
    sig_counts: list[int],
    sig_of: list[int],
    vehicles: tuple[Vehicle, ...],
    time_limit: float,
    *,
    hint: list[PoolKey] | None = None,
    deterministic: bool = False,
    threads: int = 1,
) -> tuple[float, list[list[int]]] | None:
    """Cover every request in `requests` exactly once with at most the available routes.

    CP-SAT over the pooled routes, warm-started from `hint` (the incumbent's routes), so it
    always has a solution to improve and stops on time. With `deterministic` the limit is
    CP-SAT's deterministic time instead of wall-clock time (reproducible runs). Returns
    (cost, node lists per vehicle) of the best combination found, or None.
    """
    if not pool or not requests:
        return None
    allowed = frozenset(requests)
    keys = [key for key in pool if key[1] <= allowed]
    if not keys:
        return None
    model = cp_model.CpModel()
    chosen_var = [model.new_bool_var(f"x{j}") for j in range(len(keys))]
    covering: dict[int, list[cp_model.IntVar]] = {r: [] for r in requests}
    by_sig: dict[int, list[cp_model.IntVar]] = {}
    for var, (sig, members) in zip(chosen_var, keys, strict=True):
        for r in members:
            covering[r].append(var)
        by_sig.setdefault(sig, []).append(var)
    for variables in covering.values():
        if not variables:
            return None
        model.add_exactly_one(variables)
    for sig, variables in by_sig.items():
        model.add(cp_model.LinearExpr.sum(variables) <= sig_counts[sig])
    weights = [round(pool[key][0] * 10_000) for key in keys]
    model.minimize(cp_model.LinearExpr.weighted_sum(chosen_var, weights))
    if hint:
        index = {key: j for j, key in enumerate(keys)}
        hinted = {index[key] for key in hint if key in index}
        for j, var in enumerate(chosen_var):
            model.add_hint(var, j in hinted)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = max(1, threads)
    # Presolve of large covering models can eat the whole limit before the hinted
    # solution is even loaded; the model is already tight, so skip it.
    solver.parameters.cp_model_presolve = False
    if deterministic:
        solver.parameters.max_deterministic_time = max(0.1, time_limit)
    else:
        solver.parameters.max_time_in_seconds = max(0.1, time_limit)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    chosen = [key for key, var in zip(keys, chosen_var, strict=True) if solver.value(var)]
    routes = [[v.start, v.end] for v in vehicles]
    free: dict[int, list[int]] = {}
    for v, sig in enumerate(sig_of):
        free.setdefault(sig, []).append(v)
    for key in chosen:
        v = free[key[0]].pop(0)
        routes[v] = list(pool[key][1])
    return float(sum(pool[key][0] for key in chosen)), routes


def _worker(
    instance: Instance,
    seed: int,
    deadline: float | None,
    iterations: int | None,
    set_partitioning: bool,
) -> _WorkerResult:
    return _Search(instance, seed, set_partitioning).run(deadline, iterations)


def solve(
    instance: Instance,
    *,
    time_limit: float | None = 30.0,
    iterations: int | None = None,
    seed: int = 0,
    workers: int = 1,
    set_partitioning: bool = True,
) -> Solution:
    """Solve `instance`; stop after `iterations` per worker if given, else at `time_limit`.

    With an iteration budget the result is deterministic for a given seed and number of
    workers. `workers > 1` runs independent searches (seeds seed, seed + 1, ...) in
    separate processes and keeps the best, then recombines all their routes.
    """
    if iterations is None and time_limit is None:
        raise ValueError("give a time limit or an iteration budget")
    started = time.time()
    final_sp = 0.0
    deadline = None
    if iterations is None:
        assert time_limit is not None
        final_sp = min(10.0, 0.1 * time_limit) if set_partitioning else 0.0
        deadline = started + time_limit - final_sp
    seeds = [seed + w for w in range(max(1, workers))]
    if len(seeds) == 1:
        results = [_worker(instance, seeds[0], deadline, iterations, set_partitioning)]
    else:
        with ProcessPoolExecutor(len(seeds), mp_context=get_context("spawn")) as executor:
            futures = [
                executor.submit(_worker, instance, s, deadline, iterations, set_partitioning)
                for s in seeds
            ]
            results = [f.result() for f in futures]
    search = _Search(instance, seed, set_partitioning)
    best = min(results, key=lambda res: (len(res.unassigned), res.cost))
    search.load(best.routes)
    improved = False
    pool: Pool = {}
    for res in results:
        for key, value in res.pool.items():
            known = pool.get(key)
            if known is None or value[0] < known[0]:
                pool[key] = value
    search.pool = pool
    if set_partitioning:
        if iterations is None:
            assert time_limit is not None
            limit = max(0.5, started + time_limit - time.time())
        else:
            limit = 10.0
        routes = search.set_partition(
            limit,
            search.objective(),
            deterministic=iterations is not None,
            threads=min(2, len(seeds)),
        )
        if routes is not None:
            search.load(routes)
            improved = True
    unserved = dict(search.excluded)
    unserved_kind = {r: search.alone[r][0] for r in search.excluded}
    for r in sorted(search.unassigned):
        if r in search.alone:  # non-metric travel times: failed alone, searched anyway
            unserved_kind[r], unserved[r] = search.alone[r]
            continue
        unserved_kind[r] = "no_room"
        unserved[r] = (
            "no room: inserting it into any route breaks a time window, ride time, capacity "
            "or route duration limit (best solution found within the limit)"
        )
    return Solution(
        instance=instance.name,
        routes=search.snapshot(),
        cost=sum(s.cost for s in search.routes),
        unserved=dict(sorted(unserved.items())),
        iterations=sum(res.iterations for res in results),
        seconds=time.time() - started,
        seed=seed,
        workers=len(seeds),
        pool_size=len(pool),
        improved_by_set_partitioning=improved or any(res.set_partitioning_wins for res in results),
        unserved_kind=dict(sorted(unserved_kind.items())),
    )
