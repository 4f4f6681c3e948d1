"""Route scheduling for a fixed node sequence, and the insertion tests used by the solver.

Two schedulers, both for a route given with its depots:

* `eight_step` — the forward-time-slack procedure of Cordeau & Laporte (2003): start as
  late as the slack allows (minimising route duration), then delay each pickup as far as
  its forward slack and the downstream waiting allow (reducing ride times). It yields a
  good, passenger-friendly schedule, but it is not relied on to be exact for ride times.
* `earliest_schedule` — exact: least fixpoint of the lower-bound propagation of the
  difference constraints (travel, ride time, route duration), i.e. Bellman-Ford on the
  route's simple temporal network specialised to its shape. It returns the earliest
  feasible start times or None, and is the feasibility test on the solver's hot path.

`schedule_route` tries the eight-step procedure and falls back to the exact one.

`Tables` holds plain Python lists (faster than numpy for scalar access in loops), and
`RouteState`/`best_insertion` implement the O(m^2) insertion scan with cheap necessary
tests (capacity, forward time windows against backward latest times, ride-time lower
bounds) before the exact test. The scan also honours the second capacity dimension
(wheelchair places) and the vehicles a request is allowed on. None of the exact tests
assume symmetric or metric travel times; the one pruning rule that does (stop scanning
pickup positions once the pickup window is missed) is used only when `Tables.metric`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .instance import Instance, Vehicle

EPS = 1e-9


class Tables:
    """Per-node data as Python lists, indexed by node id."""

    __slots__ = (
        "dist",
        "service",
        "early",
        "late",
        "load",
        "partner",
        "is_pickup",
        "is_delivery",
        "max_ride",
        "request",
        "position",
        "pickup",
        "delivery",
        "request_load",
        "wheel",
        "request_wheel",
        "allowed",
        "metric",
    )

    def __init__(self, instance: Instance) -> None:
        size = len(instance.nodes)
        self.dist: list[list[float]] = instance.distance.tolist()
        self.service = [node.service for node in instance.nodes]
        self.early = [node.early for node in instance.nodes]
        self.late = [node.late for node in instance.nodes]
        self.load = [0] * size
        self.partner = [-1] * size
        self.is_pickup = [False] * size
        self.is_delivery = [False] * size
        self.max_ride = [math.inf] * size  # on both nodes of a request
        self.request = [-1] * size
        self.position = [0] * size  # scratch space: node -> position in the current route
        self.pickup = [r.pickup for r in instance.requests]
        self.delivery = [r.delivery for r in instance.requests]
        self.request_load = [r.load for r in instance.requests]
        self.wheel = [0] * size  # wheelchair places: +w at the pickup, -w at the drop-off
        self.request_wheel = [r.wheelchair for r in instance.requests]
        self.allowed: list[frozenset[int] | None] = [r.vehicles for r in instance.requests]
        # Travel times obey the triangle inequality with service times (see Instance.metric).
        self.metric = instance.metric
        for r in instance.requests:
            self.load[r.pickup] = r.load
            self.load[r.delivery] = -r.load
            self.partner[r.pickup] = r.delivery
            self.partner[r.delivery] = r.pickup
            self.is_pickup[r.pickup] = True
            self.is_delivery[r.delivery] = True
            self.max_ride[r.pickup] = r.max_ride
            self.max_ride[r.delivery] = r.max_ride
            self.request[r.pickup] = r.index
            self.request[r.delivery] = r.index
            self.wheel[r.pickup] = r.wheelchair
            self.wheel[r.delivery] = -r.wheelchair


def route_cost(tables: Tables, route: list[int]) -> float:
    """Total distance along `route` (depots included)."""
    dist = tables.dist
    return sum(dist[a][b] for a, b in zip(route, route[1:], strict=False))


def capacity_ok(tables: Tables, route: list[int], capacity: int) -> bool:
    """Running load never exceeds `capacity` (pairing and order are the caller's business)."""
    load_of = tables.load
    load = 0
    for v in route:
        load += load_of[v]
        if load > capacity:
            return False
    return True


def wheelchair_ok(tables: Tables, route: list[int], places: int) -> bool:
    """Wheelchair places in use never exceed `places`."""
    wheel = tables.wheel
    used = 0
    for v in route:
        used += wheel[v]
        if used > places:
            return False
    return True


def allowed_on(tables: Tables, route: list[int], vehicle: int) -> int | None:
    """The first request on `route` that may not ride on `vehicle`, or None."""
    allowed = tables.allowed
    request_of = tables.request
    for v in route:
        r = request_of[v]
        if r >= 0 and allowed[r] is not None and vehicle not in allowed[r]:
            return r
    return None


def earliest_schedule(tables: Tables, route: list[int], max_duration: float) -> list[float] | None:
    """Exact: the earliest feasible service start times for `route`, or None if none exist.

    Every pickup must precede its drop-off in `route`. Lower bounds start at the earliest
    times of the forward pass and are raised by ride-time (`B_p >= B_d - L - s_p`) and
    duration (`B_0 >= B_end - T`) constraints, then re-propagated forward. The bounds only
    ever rise and are implied by the constraints, so exceeding a latest time proves
    infeasibility; a fixpoint satisfies everything. Without a fixpoint after m + 1 rounds
    there is a positive cycle (Bellman-Ford argument), which is infeasible too.
    """
    dist = tables.dist
    service = tables.service
    early = tables.early
    late = tables.late
    is_delivery = tables.is_delivery
    partner = tables.partner
    max_ride = tables.max_ride
    position = tables.position
    m = len(route)
    first_node = route[0]
    t = early[first_node]
    times = [t] * m
    position[first_node] = 0
    prev = first_node
    for k in range(1, m):
        v = route[k]
        t += service[prev] + dist[prev][v]
        if t < early[v]:
            t = early[v]
        elif t > late[v] + EPS:
            return None
        times[k] = t
        position[v] = k
        prev = v
    last = m - 1
    for _ in range(m + 1):
        first = m
        for k in range(1, last):
            v = route[k]
            if is_delivery[v]:
                u = partner[v]
                p = position[u]
                need = times[k] - max_ride[v] - service[u]
                if need > times[p] + EPS:
                    if need > late[u] + EPS:
                        return None
                    times[p] = need
                    if p < first:
                        first = p
        need = times[last] - max_duration
        if need > times[0] + EPS:
            if need > late[first_node] + EPS:
                return None
            times[0] = need
            first = 0
        if first == m:
            return times
        prev = route[first]
        for k in range(first + 1, m):
            v = route[k]
            a = times[k - 1] + service[prev] + dist[prev][v]
            if a > times[k]:
                if a > late[v] + EPS:
                    return None
                times[k] = a
            prev = v
    return None


def _forward(
    tables: Tables, route: list[int], times: list[float], waits: list[float], start: int
) -> None:
    """Recompute arrival-based start times and waiting from position `start` + 1 on."""
    dist = tables.dist
    service = tables.service
    early = tables.early
    prev = route[start]
    for k in range(start + 1, len(route)):
        v = route[k]
        arrival = times[k - 1] + service[prev] + dist[prev][v]
        begin = early[v] if early[v] > arrival else arrival
        times[k] = begin
        waits[k] = begin - arrival
        prev = v


def eight_step(tables: Tables, route: list[int], max_duration: float) -> list[float] | None:
    """Cordeau & Laporte (2003) eight-step scheduling; start times if feasible, else None.

    A None is conclusive only for time windows of the earliest schedule; for ride times it
    may be a false negative, which is why `schedule_route` falls back to the exact method.
    """
    late = tables.late
    is_pickup = tables.is_pickup
    is_delivery = tables.is_delivery
    partner = tables.partner
    max_ride = tables.max_ride
    service = tables.service
    m = len(route)
    last = m - 1
    position = {v: k for k, v in enumerate(route)}
    # Steps 1-2: leave at the earliest time, compute arrival, waiting, service start.
    times = [0.0] * m
    waits = [0.0] * m
    times[0] = tables.early[route[0]]
    _forward(tables, route, times, waits, 0)
    for k in range(m):
        if times[k] > late[route[k]] + EPS:
            return None

    def slack(i: int) -> float:
        """Forward time slack F_i, with ride-time terms for users picked up before i."""
        best = math.inf
        waited = 0.0
        for j in range(i, m):
            if j > i:
                waited += waits[j]
            room = late[route[j]] - times[j]
            v = route[j]
            if is_delivery[v]:
                p = position[partner[v]]
                if p < i:
                    ride = times[j] - times[p] - service[route[p]]
                    room = min(room, max_ride[v] - ride)
            value = waited + (room if room > 0.0 else 0.0)
            if value < best:
                best = value
        return best

    # Steps 3-5: delay the departure by min(F_0, total waiting) and update.
    total_wait = sum(waits[1:last])
    times[0] += min(slack(0), total_wait)
    _forward(tables, route, times, waits, 0)
    # Steps 6-7: for each pickup, delay its service by its slack and the waiting after it.
    for j in range(1, last):
        if not is_pickup[route[j]]:
            continue
        later_wait = sum(waits[j + 1 : last])
        delay = min(slack(j), later_wait)
        if delay > 0.0:
            waits[j] += delay
            times[j] += delay
            _forward(tables, route, times, waits, j)
    # Step 8: verify every constraint on the resulting schedule.
    if times[last] - times[0] > max_duration + EPS:
        return None
    for k in range(m):
        v = route[k]
        if times[k] > late[v] + EPS:
            return None
        if is_delivery[v]:
            p = position[partner[v]]
            if times[k] - times[p] - service[route[p]] > max_ride[v] + EPS:
                return None
    return times


@dataclass(frozen=True, slots=True)
class RouteSchedule:
    """Outcome of scheduling one route: start times per position, or the reason it fails."""

    feasible: bool
    times: list[float] | None
    method: str
    reason: str = ""


def schedule_route(tables: Tables, route: list[int], vehicle: Vehicle) -> RouteSchedule:
    """Feasibility and a schedule for `route` (depots included) on `vehicle`."""
    position: dict[int, int] = {}
    for k, v in enumerate(route):
        if v in position:
            return RouteSchedule(False, None, "structure", f"node {v} visited twice")
        position[v] = k
    for k, v in enumerate(route[1:-1], start=1):
        u = tables.partner[v]
        if u < 0:
            return RouteSchedule(False, None, "structure", f"node {v} is not a request node")
        if u not in position:
            return RouteSchedule(False, None, "structure", f"partner of node {v} missing")
        if tables.is_pickup[v] and position[u] < k:
            return RouteSchedule(False, None, "structure", f"drop-off {u} before pickup {v}")
    barred = allowed_on(tables, route, vehicle.index)
    if barred is not None:
        return RouteSchedule(
            False, None, "vehicle", f"request {barred} is not allowed on vehicle {vehicle.index}"
        )
    if not capacity_ok(tables, route, vehicle.capacity):
        return RouteSchedule(False, None, "capacity", "capacity exceeded")
    if not wheelchair_ok(tables, route, vehicle.wheelchair_capacity):
        return RouteSchedule(False, None, "capacity", "wheelchair places exceeded")
    times = eight_step(tables, route, vehicle.max_duration)
    if times is not None:
        return RouteSchedule(True, times, "eight-step")
    times = earliest_schedule(tables, route, vehicle.max_duration)
    if times is not None:
        return RouteSchedule(True, times, "exact")
    return RouteSchedule(
        False, None, "exact", "no schedule meets time windows, ride times and duration"
    )


class RouteState:
    """A route with the arrays the insertion scan needs. Treat as immutable."""

    __slots__ = (
        "vehicle",
        "nodes",
        "earliest",
        "latest",
        "load_after",
        "wheel_after",
        "cost",
        "insertions",
    )

    def __init__(self, vehicle: Vehicle, nodes: list[int], tables: Tables) -> None:
        self.vehicle = vehicle
        self.nodes = nodes
        # Memo of best_insertion per request: valid for the object's lifetime, because a
        # changed route is always a new RouteState.
        self.insertions: dict[int, tuple[float, list[int]] | None] = {}
        self.refresh(tables)

    def refresh(self, tables: Tables) -> None:
        """Recompute earliest/latest start times (time windows only), loads and cost."""
        dist = tables.dist
        service = tables.service
        early = tables.early
        late = tables.late
        load_of = tables.load
        nodes = self.nodes
        m = len(nodes)
        earliest = [0.0] * m
        latest = [0.0] * m
        load_after = [0] * m
        t = early[nodes[0]]
        earliest[0] = t
        load = load_of[nodes[0]]
        load_after[0] = load
        cost = 0.0
        prev = nodes[0]
        for k in range(1, m):
            v = nodes[k]
            d = dist[prev][v]
            cost += d
            t += service[prev] + d
            if t < early[v]:
                t = early[v]
            earliest[k] = t
            load += load_of[v]
            load_after[k] = load
            prev = v
        nxt = nodes[-1]
        t = late[nxt]
        latest[-1] = t
        for k in range(m - 2, -1, -1):
            v = nodes[k]
            t = t - service[v] - dist[v][nxt]
            if t > late[v]:
                t = late[v]
            latest[k] = t
            nxt = v
        self.earliest = earliest
        self.latest = latest
        self.load_after = load_after
        self.wheel_after: list[int] | None = None  # computed on demand, see wheel_loads
        self.cost = cost

    def wheel_loads(self, tables: Tables) -> list[int]:
        """Wheelchair places in use after each position (computed once, on first use)."""
        if self.wheel_after is None:
            wheel = tables.wheel
            used = 0
            after = []
            for v in self.nodes:
                used += wheel[v]
                after.append(used)
            self.wheel_after = after
        return self.wheel_after

    @property
    def empty(self) -> bool:
        return len(self.nodes) <= 2


def _blocked(tables: Tables, state: RouteState, room: int, wheelchair: int) -> list[int]:
    """1 after each position where the request's seats or wheelchair places do not fit.

    Used as `load_after` with room 0 by the insertion scan, so the wheelchair dimension
    costs nothing for the (common) requests without a wheelchair.
    """
    wheel_room = state.vehicle.wheelchair_capacity - wheelchair
    return [
        1 if seats > room or places > wheel_room else 0
        for seats, places in zip(state.load_after, state.wheel_loads(tables), strict=True)
    ]


def insertion_candidates(
    tables: Tables, state: RouteState, request: int
) -> list[tuple[float, int, int]]:
    """All (cost increase, i, j) passing the cheap necessary tests, unsorted.

    The pickup goes after position i and the drop-off after position j (j >= i; j == i
    means directly after the pickup) of the current route. Empty when the request is not
    allowed on the route's vehicle.
    """
    allowed = tables.allowed[request]
    if allowed is not None and state.vehicle.index not in allowed:
        return []
    dist = tables.dist
    service = tables.service
    early = tables.early
    late = tables.late
    p = tables.pickup[request]
    d = tables.delivery[request]
    q = tables.request_load[request]
    ride_limit = tables.max_ride[p]
    nodes = state.nodes
    earliest = state.earliest
    latest = state.latest
    load_after = state.load_after
    room = state.vehicle.capacity - q
    wheelchair = tables.request_wheel[request]
    if wheelchair:
        load_after = _blocked(tables, state, room, wheelchair)
        room = 0
    metric = tables.metric
    m = len(nodes)
    s_p = service[p]
    s_d = service[d]
    e_p = early[p]
    l_p = late[p]
    e_d = early[d]
    l_d = late[d]
    dist_p = dist[p]
    dist_d = dist[d]
    d_pd = dist_p[d]
    out: list[tuple[float, int, int]] = []
    append = out.append
    for i in range(m - 1):
        if load_after[i] > room:
            continue
        a = nodes[i]
        b = nodes[i + 1]
        dist_a = dist[a]
        t_p = earliest[i] + service[a] + dist_a[p]
        if t_p < e_p:
            t_p = e_p
        elif t_p > l_p + EPS:
            if metric:
                break  # earliest times only grow along the route (triangle inequality)
            continue
        # Drop-off directly after the pickup.
        t_d = t_p + s_p + d_pd
        if t_d < e_d:
            t_d = e_d
        if t_d <= l_d + EPS and t_d + s_d + dist_d[b] <= latest[i + 1] + EPS:
            append((dist_a[p] + d_pd + dist_d[b] - dist_a[b], i, i))
        # Drop-off further on: walk the pushed-forward earliest times.
        t = t_p + s_p + dist_p[b]
        if t > latest[i + 1] + EPS:
            continue
        if t < earliest[i + 1]:
            t = earliest[i + 1]
        ride = dist_p[b]
        pick_cost = dist_a[p] + dist_p[b] - dist_a[b]
        for j in range(i + 1, m - 1):
            if load_after[j] > room:
                break
            c = nodes[j]
            nb = nodes[j + 1]
            s_c = service[c]
            dist_c = dist[c]
            t_d = t + s_c + dist_c[d]
            if t_d < e_d:
                t_d = e_d
            if (
                t_d <= l_d + EPS
                and ride + s_c + dist_c[d] <= ride_limit + EPS
                and t_d + s_d + dist_d[nb] <= latest[j + 1] + EPS
            ):
                append((pick_cost + dist_c[d] + dist_d[nb] - dist_c[nb], i, j))
            step = s_c + dist_c[nb]
            t += step
            ride += step
            if t > latest[j + 1] + EPS or ride > ride_limit + EPS:
                break
            if t < earliest[j + 1]:
                t = earliest[j + 1]
    return out


def insert_nodes(nodes: list[int], p: int, d: int, i: int, j: int) -> list[int]:
    """A new list: pickup p after position i and drop-off d after position j (j >= i)."""
    if i == j:
        return [*nodes[: i + 1], p, d, *nodes[i + 1 :]]
    return [*nodes[: i + 1], p, *nodes[i + 1 : j + 1], d, *nodes[j + 1 :]]


def best_insertion(
    tables: Tables, state: RouteState, request: int
) -> tuple[float, list[int]] | None:
    """Cheapest feasible insertion of `request` into `state`: (cost increase, new nodes)."""
    candidates = insertion_candidates(tables, state, request)
    if not candidates:
        return None
    candidates.sort()
    p = tables.pickup[request]
    d = tables.delivery[request]
    nodes = state.nodes
    max_duration = state.vehicle.max_duration
    for delta, i, j in candidates:
        new_nodes = insert_nodes(nodes, p, d, i, j)
        if earliest_schedule(tables, new_nodes, max_duration) is not None:
            return delta, new_nodes
    return None
