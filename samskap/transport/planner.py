"""A day's rides as a dial-a-ride instance, solved and checked.

Pure: works on plain values (`ShiftInput`, `Leg`) so it is tested without a database; the
services read the models, call `plan_day` and save the result.

Layout of the instance: vehicle k (one per driver shift) starts at node 2k and ends at node
2k + 1, both with the shift's time window; after the depots come the legs, pick-up then
drop-off. Times are minutes after midnight. Travel times come from the configured
travel-time source as an explicit matrix (it need not be symmetric), and the cost is total
driving time.

Seats and wheelchair places are two capacity dimensions, so a wheelchair user is only put in
a vehicle with a wheelchair place. A ride locked to a driver is only allowed on that shift; a
passenger who needs help to the door only with drivers who can give it.

Small days are solved exactly (every feasible route enumerated, then the best combination
chosen: provably optimal); larger ones by the adaptive large neighbourhood search. Either
way the routes are verified by the independent checker, and the times given to drivers and
passengers are checked once more against every constraint before they are used.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from samskap.darp.check import check_solution
from samskap.darp.exact import solve_exact
from samskap.darp.instance import Instance, Node, Request, Vehicle
from samskap.darp.schedule import Tables, schedule_route
from samskap.darp.solve import diagnose_alone, solve
from samskap.transport.legs import Leg
from samskap.transport.travel import Matrix, TravelTimeSource

# An iteration budget, not a time limit: the same day gives the same plan.
SEARCH_ITERATIONS = 1500
EXACT_MAX_LABELS = 200_000
EXACT_SECONDS = 20.0


@dataclass(frozen=True)
class ShiftInput:
    """A driver's shift as the planner needs it."""

    shift_id: int
    start: tuple[float, float]
    end: tuple[float, float]
    starts_at: float
    ends_at: float
    max_route_minutes: float
    seats: int
    wheelchair_places: int
    can_help_to_door: bool = True


@dataclass(frozen=True)
class LegInput:
    """A leg with what only the planner cares about: a lock and help to the door."""

    leg: Leg
    locked_shift_id: int | None = None
    needs_door_help: bool = False


@dataclass(frozen=True)
class PlannedStopOut:
    request_id: int
    leg: str
    kind: str  # "pickup" or "dropoff"
    at: float  # minutes after midnight
    place: str


@dataclass(frozen=True)
class UnservedLeg:
    request_id: int
    leg: str
    kind: str  # reason code from the solver (see samskap.darp.solve)
    detail: str


@dataclass
class DayPlan:
    routes: dict[int, list[PlannedStopOut]] = field(default_factory=dict)
    route_minutes: dict[int, float] = field(default_factory=dict)
    unserved: list[UnservedLeg] = field(default_factory=list)
    total_minutes: float = 0.0
    total_km: float = 0.0
    checked: bool = False
    violations: list[str] = field(default_factory=list)
    method: str = ""
    optimal: bool = False
    seconds: float = 0.0


@dataclass(frozen=True)
class DayInstance:
    instance: Instance
    legs: tuple[LegInput, ...]
    shifts: tuple[ShiftInput, ...]
    km: np.ndarray


def build_instance(
    shifts: Sequence[ShiftInput], legs: Sequence[LegInput], source: TravelTimeSource
) -> DayInstance:
    """The DARP instance for the day: depots per shift, then pick-up/drop-off per leg."""
    places: list[tuple[float, float]] = []
    for shift in shifts:
        places += [shift.start, shift.end]
    for item in legs:
        leg = item.leg
        places += [
            (leg.pickup.latitude, leg.pickup.longitude),
            (leg.dropoff.latitude, leg.dropoff.longitude),
        ]
    matrix: Matrix = source.matrix(places)
    nodes: list[Node] = []
    vehicles: list[Vehicle] = []
    vehicle_of_shift: dict[int, int] = {}
    for k, shift in enumerate(shifts):
        for offset, (lat, lon) in enumerate((shift.start, shift.end)):
            nodes.append(Node(2 * k + offset, lon, lat, 0.0, 0, shift.starts_at, shift.ends_at))
        vehicles.append(
            Vehicle(
                index=k,
                start=2 * k,
                end=2 * k + 1,
                capacity=shift.seats,
                max_duration=min(shift.max_route_minutes, shift.ends_at - shift.starts_at),
                wheelchair_capacity=shift.wheelchair_places,
            )
        )
        vehicle_of_shift[shift.shift_id] = k
    door_helpers = frozenset(k for k, shift in enumerate(shifts) if shift.can_help_to_door)
    requests: list[Request] = []
    for i, item in enumerate(legs):
        leg = item.leg
        pickup = len(nodes)
        nodes.append(
            Node(pickup, leg.pickup.longitude, leg.pickup.latitude, leg.stop_minutes,
                 leg.seats, *leg.pickup_window)
        )  # fmt: skip
        nodes.append(
            Node(pickup + 1, leg.dropoff.longitude, leg.dropoff.latitude, leg.stop_minutes,
                 -leg.seats, *leg.dropoff_window)
        )  # fmt: skip
        allowed: frozenset[int] | None = None
        if item.locked_shift_id is not None and item.locked_shift_id in vehicle_of_shift:
            allowed = frozenset({vehicle_of_shift[item.locked_shift_id]})
        if item.needs_door_help:
            allowed = door_helpers if allowed is None else allowed & door_helpers
        requests.append(
            Request(
                index=i,
                pickup=pickup,
                delivery=pickup + 1,
                load=leg.seats,
                max_ride=leg.max_ride_minutes,
                wheelchair=leg.wheelchair_places,
                vehicles=allowed,
            )
        )
    instance = Instance(
        name="day",
        nodes=tuple(nodes),
        requests=tuple(requests),
        vehicles=tuple(vehicles),
        K=len(vehicles),
        n=len(requests),
        T=max((v.max_duration for v in vehicles), default=0.0),
        Q=max((v.capacity for v in vehicles), default=0),
        L=max((r.max_ride for r in requests), default=0.0),
        matrix=np.asarray(matrix.minutes, dtype=float),
    )
    return DayInstance(instance, tuple(legs), tuple(shifts), np.asarray(matrix.km, dtype=float))


def _times_violations(
    instance: Instance, vehicle: Vehicle, route: list[int], times: list[float]
) -> list[str]:
    """Every constraint checked once more on the exact times that will be published."""
    eps = 1e-6
    dist = instance.distance
    nodes = instance.nodes
    owner = instance.request_of_node
    out: list[str] = []
    at = dict(zip(route, times, strict=True))
    for a, b, ta, tb in zip(route, route[1:], times, times[1:], strict=False):
        if tb + eps < ta + nodes[a].service + dist[a, b]:
            out.append(f"node {b} starts before the vehicle can arrive from {a}")
    for v, t in at.items():
        if not nodes[v].early - eps <= t <= nodes[v].late + eps:
            out.append(f"node {v} at {t:.1f} outside [{nodes[v].early}, {nodes[v].late}]")
    for v in route[1:-1]:
        request = owner[v]
        if v == request.pickup:
            ride = at[request.delivery] - at[v] - nodes[v].service
            if ride > request.max_ride + eps:
                out.append(f"request {request.index} rides {ride:.1f} > {request.max_ride}")
    if times[-1] - times[0] > vehicle.max_duration + eps:
        out.append(f"route takes {times[-1] - times[0]:.1f} > {vehicle.max_duration}")
    return out


def solve_day(day: DayInstance, *, seed: int = 1) -> DayPlan:
    """Solve, check and turn the routes into timed stops per shift."""
    started = time.time()
    instance = day.instance
    plan = DayPlan()
    if not instance.requests:
        plan.checked = True
        plan.method = "empty"
        return plan
    exact = solve_exact(instance, max_labels=EXACT_MAX_LABELS, time_limit=EXACT_SECONDS)
    if exact is not None:
        routes = [list(r) for r in exact.routes]
        plan.method = "exact"
        plan.optimal = exact.optimal
    else:
        found = solve(instance, time_limit=None, iterations=SEARCH_ITERATIONS, seed=seed)
        routes = [list(r) for r in found.routes]
        plan.method = "search"
    report = check_solution(instance, routes, allow_unserved=True)
    plan.violations = report.reasons
    tables = Tables(instance)
    reasons = {
        r: diagnose_alone(instance, tables, r)
        or ("no_room", "no room next to the other rides in the plan")
        for r in report.unserved
    }
    total = 0.0
    km = 0.0
    for k, route in enumerate(routes):
        vehicle = instance.vehicles[k]
        if len(route) <= 2:
            continue
        scheduled = schedule_route(tables, route, vehicle)
        if not scheduled.feasible or scheduled.times is None:
            plan.violations.append(f"route {k}: {scheduled.reason}")
            continue
        times = scheduled.times
        plan.violations += [f"route {k}: {text}" for text in
                            _times_violations(instance, vehicle, route, times)]  # fmt: skip
        shift = day.shifts[k]
        stops: list[PlannedStopOut] = []
        for v, t in zip(route[1:-1], times[1:-1], strict=True):
            request = instance.request_of_node[v]
            leg = day.legs[request.index].leg
            is_pickup = v == request.pickup
            stops.append(
                PlannedStopOut(
                    request_id=leg.request_id,
                    leg=leg.leg,
                    kind="pickup" if is_pickup else "dropoff",
                    at=t,
                    place=leg.pickup.name if is_pickup else leg.dropoff.name,
                )
            )
        plan.routes[shift.shift_id] = stops
        plan.route_minutes[shift.shift_id] = times[-1] - times[0]
        for a, b in zip(route, route[1:], strict=False):
            total += float(instance.distance[a, b])
            km += float(day.km[a, b])
    for r in report.unserved:
        leg = day.legs[r].leg
        plan.unserved.append(UnservedLeg(leg.request_id, leg.leg, reasons[r][0], reasons[r][1]))
    plan.total_minutes = total
    plan.total_km = km
    plan.checked = report.feasible and not plan.violations
    plan.seconds = time.time() - started
    return plan
