"""Independent feasibility checker for DARP solutions.

Deliberately shares no code with the solver's scheduling (schedule.py): the timing part of
each route is written as a simple temporal network (difference constraints
`B_v - B_u <= w`) and tested exactly with Bellman-Ford; a negative cycle means no schedule
exists, and the constraints on that cycle are reported as the reason.

Routes are given per vehicle (position = `Vehicle.index`) as lists of node ids. The
vehicle's start and end depot may be included or left out: a leading start depot and a
trailing end depot are stripped, anywhere else a depot is an error. An empty route (or
`[start, end]`) means the vehicle is not used and costs nothing.

Capacity has two dimensions, seats (`Request.load` against `Vehicle.capacity`) and
wheelchair places (`Request.wheelchair` against `Vehicle.wheelchair_capacity`); a request
with a `vehicles` set may only be on one of those vehicles. Travel times and the cost come
from `Instance.distance` (the explicit matrix when the instance has one).

Every bound is relaxed by `tolerance` (default 1e-6) to absorb floating-point rounding.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from .instance import Instance


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken constraint. `route` is the vehicle index, or None for global ones."""

    kind: str
    route: int | None
    detail: str

    def __str__(self) -> str:
        where = "" if self.route is None else f"route {self.route}: "
        return f"{where}{self.kind}: {self.detail}"


@dataclass
class CheckReport:
    """The verdict: feasible, recomputed cost, violations and one feasible schedule per route."""

    feasible: bool
    cost: float
    violations: list[Violation] = field(default_factory=list)
    unserved: list[int] = field(default_factory=list)
    schedules: dict[int, list[float]] = field(default_factory=dict)

    @property
    def reasons(self) -> list[str]:
        return [str(v) for v in self.violations]


def _strip_depots(route: Sequence[int], start: int, end: int) -> list[int]:
    inner = [int(v) for v in route]
    if inner and inner[0] == start:
        inner = inner[1:]
    if inner and inner[-1] == end:
        inner = inner[:-1]
    return inner


def _stn_check(
    times: list[tuple[float, float]],
    edges: list[tuple[int, int, float, str]],
) -> tuple[list[float] | None, list[str]]:
    """Bellman-Ford on the distance graph of an STN.

    `times[k]` = (earliest, latest) for event k; `edges` hold `(u, v, w, label)` meaning
    `B_v - B_u <= w`. Returns (schedule, []) when consistent, or (None, labels of the
    constraints on a negative cycle) when not.
    """
    size = len(times) + 1
    origin = size - 1
    graph: list[tuple[int, int, float, str]] = list(edges)
    for k, (early, late) in enumerate(times):
        graph.append((origin, k, late, f"latest start at event {k} ({late:g})"))
        graph.append((k, origin, -early, f"earliest start at event {k} ({early:g})"))
    dist = [math.inf] * size
    dist[origin] = 0.0
    pred: list[tuple[int, str] | None] = [None] * size
    updated = -1
    for _ in range(size):
        updated = -1
        for u, v, w, label in graph:
            du = dist[u]
            if du != math.inf and du + w < dist[v] - 1e-12:
                dist[v] = du + w
                pred[v] = (u, label)
                updated = v
        if updated < 0:
            break
    if updated < 0:
        return [dist[k] - dist[origin] for k in range(size - 1)], []
    # A relaxation in round `size` means a negative cycle; walk back into it.
    v = updated
    for _ in range(size):
        step = pred[v]
        assert step is not None
        v = step[0]
    labels: list[str] = []
    u = v
    while True:
        step = pred[u]
        assert step is not None
        labels.append(step[1])
        u = step[0]
        if u == v:
            break
    labels.reverse()
    return None, labels


def check_solution(
    instance: Instance,
    routes: Sequence[Sequence[int]],
    *,
    allow_unserved: bool = False,
    tolerance: float = 1e-6,
) -> CheckReport:
    """Check routes against every DARP constraint and recompute their total distance.

    With `allow_unserved`, requests on no route are listed in `unserved` but are not a
    violation (the solver reports them with its own reasons).
    """
    violations: list[Violation] = []
    schedules: dict[int, list[float]] = {}
    dist = instance.distance
    nodes = instance.nodes
    depots = instance.depots
    owner = instance.request_of_node
    cost = 0.0
    if len(routes) > len(instance.vehicles):
        violations.append(
            Violation(
                "vehicles",
                None,
                f"{len(routes)} routes but only {len(instance.vehicles)} vehicles",
            )
        )
    visits: dict[int, list[int]] = {}
    for r, route in enumerate(routes[: len(instance.vehicles)]):
        vehicle = instance.vehicles[r]
        inner = _strip_depots(route, vehicle.start, vehicle.end)
        bad = [v for v in inner if not 0 <= v < len(nodes) or v in depots]
        if bad:
            violations.append(Violation("node", r, f"unknown or depot node ids {bad}"))
            continue
        for v in inner:
            visits.setdefault(v, []).append(r)
        if not inner:
            continue
        full = [vehicle.start, *inner, vehicle.end]
        cost += float(sum(dist[a, b] for a, b in zip(full, full[1:], strict=False)))

        position: dict[int, int] = {}
        for k, v in enumerate(full):
            position.setdefault(v, k)
        structural_ok = True
        for v in inner:
            request = owner[v]
            if v == request.pickup:
                if request.delivery not in position:
                    violations.append(
                        Violation(
                            "pairing",
                            r,
                            f"request {request.index}: pickup {v} on this route but "
                            f"drop-off {request.delivery} is not",
                        )
                    )
                    structural_ok = False
                elif position[request.delivery] < position[v]:
                    violations.append(
                        Violation(
                            "precedence",
                            r,
                            f"request {request.index}: drop-off {request.delivery} "
                            f"before pickup {v}",
                        )
                    )
                    structural_ok = False
            elif request.pickup not in position:
                violations.append(
                    Violation(
                        "pairing",
                        r,
                        f"request {request.index}: drop-off {v} on this route but "
                        f"pickup {request.pickup} is not",
                    )
                )
                structural_ok = False

        for request in dict.fromkeys(owner[v] for v in inner):
            if request.vehicles is not None and r not in request.vehicles:
                violations.append(
                    Violation(
                        "vehicle", r, f"request {request.index} is not allowed on vehicle {r}"
                    )
                )

        load = 0
        for v in inner:
            request = owner[v]
            load += request.load if v == request.pickup else -request.load
            if load > vehicle.capacity:
                violations.append(
                    Violation(
                        "capacity",
                        r,
                        f"load {load} after node {v} exceeds capacity {vehicle.capacity}",
                    )
                )
                break
        places = 0
        for v in inner:
            request = owner[v]
            places += request.wheelchair if v == request.pickup else -request.wheelchair
            if places > vehicle.wheelchair_capacity:
                violations.append(
                    Violation(
                        "capacity",
                        r,
                        f"{places} wheelchair places in use after node {v} exceed the "
                        f"vehicle's {vehicle.wheelchair_capacity} wheelchair places",
                    )
                )
                break

        if not structural_ok or len(set(full)) != len(full):
            continue  # the temporal network needs one event per node
        times = [(nodes[v].early, nodes[v].late + tolerance) for v in full]
        edges: list[tuple[int, int, float, str]] = []
        for k in range(len(full) - 1):
            a, b = full[k], full[k + 1]
            gap = nodes[a].service + float(dist[a, b])
            edges.append((k + 1, k, -gap, f"travel {a}->{b} ({gap:g} incl. service)"))
        for v in inner:
            request = owner[v]
            if v == request.pickup:
                p, d = position[v], position[request.delivery]
                limit = request.max_ride + nodes[v].service + tolerance
                edges.append(
                    (p, d, limit, f"max ride time {request.max_ride:g} of request {request.index}")
                )
        edges.append(
            (
                0,
                len(full) - 1,
                vehicle.max_duration + tolerance,
                f"max route duration {vehicle.max_duration:g}",
            )
        )
        schedule, cycle = _stn_check(times, edges)
        if schedule is None:
            named = "; ".join(
                _rename_events(label, full) for label in cycle if not label.startswith("travel")
            )
            violations.append(Violation("schedule", r, f"no schedule satisfies together: {named}"))
        else:
            schedules[r] = schedule

    unserved: list[int] = []
    for request in instance.requests:
        p_visits = visits.get(request.pickup, [])
        d_visits = visits.get(request.delivery, [])
        if not p_visits and not d_visits:
            unserved.append(request.index)
            if not allow_unserved:
                violations.append(
                    Violation("unserved", None, f"request {request.index} is on no route")
                )
        elif len(p_visits) > 1 or len(d_visits) > 1:
            violations.append(
                Violation("duplicate", None, f"request {request.index} is served more than once")
            )
    return CheckReport(
        feasible=not violations,
        cost=cost,
        violations=violations,
        unserved=unserved,
        schedules=schedules,
    )


def _rename_events(label: str, full: list[int]) -> str:
    """Turn 'event k' into 'node v' in a constraint label for the report."""
    marker = "at event "
    if marker in label:
        head, tail = label.split(marker, 1)
        k_text, rest = tail.split(" ", 1)
        return f"{head}at node {full[int(k_text)]} {rest}"
    return label
