"""DARP instances: nodes, requests and vehicles, plus a parser for the Cordeau (2006) format.

The model is general (per-vehicle capacity, depots and maximum duration; per-request load
and maximum ride time; service times and time windows on every node) so the transport
feature can build instances directly. The Cordeau benchmark is the special case with one
depot pair shared by K identical vehicles, nodes 1..n pickups and n+i the drop-off of i.

Times and distances are in the same unit. Travel time equals Euclidean distance unless the
instance carries an explicit travel-time matrix (`Instance.matrix`), which need be neither
symmetric nor satisfy the triangle inequality.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np


class InstanceFormatError(ValueError):
    """The instance text is malformed; the message names the line and the problem."""


@dataclass(frozen=True, slots=True)
class Node:
    """A place where service starts within [early, late] and lasts `service`."""

    id: int
    x: float
    y: float
    service: float
    load: int
    early: float
    late: float


@dataclass(frozen=True, slots=True)
class Request:
    """One user: picked up at node `pickup`, dropped off at node `delivery`.

    `load` seats and `wheelchair` wheelchair places are used while on board (two
    independent capacity dimensions). `vehicles` holds the indices of the vehicles allowed
    to serve the request (a ride locked to a driver); None means any vehicle.
    """

    index: int
    pickup: int
    delivery: int
    load: int
    max_ride: float
    wheelchair: int = 0
    vehicles: frozenset[int] | None = None


@dataclass(frozen=True, slots=True)
class Vehicle:
    """A vehicle leaving node `start` and returning to node `end` within `max_duration`.

    `capacity` counts seats, `wheelchair_capacity` wheelchair places.
    """

    index: int
    start: int
    end: int
    capacity: int
    max_duration: float
    wheelchair_capacity: int = 0


@dataclass(frozen=True)
class Instance:
    """A static DARP instance. Node ids equal their position in `nodes`.

    `K`, `n`, `T`, `Q` and `L` are the Cordeau header values (vehicles, requests, maximum
    route duration, capacity, maximum ride time); the per-vehicle and per-request values in
    `vehicles` and `requests` are the ones the checker and solver use.

    `matrix`, if given, is the travel time from node to node (shape (len(nodes),
    len(nodes)), finite, non-negative, not necessarily symmetric nor metric); without it
    travel time is the Euclidean distance between the node coordinates.
    """

    name: str
    nodes: tuple[Node, ...]
    requests: tuple[Request, ...]
    vehicles: tuple[Vehicle, ...]
    K: int
    n: int
    T: float
    Q: int
    L: float
    matrix: np.ndarray | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        for position, node in enumerate(self.nodes):
            if node.id != position:
                raise ValueError(f"node at position {position} has id {node.id}")
        size = len(self.nodes)
        seen: set[int] = set()
        for request in self.requests:
            for node_id in (request.pickup, request.delivery):
                if not 0 <= node_id < size:
                    raise ValueError(f"request {request.index} refers to unknown node {node_id}")
                if node_id in seen:
                    raise ValueError(f"node {node_id} belongs to two requests")
                seen.add(node_id)
        for vehicle in self.vehicles:
            for node_id in (vehicle.start, vehicle.end):
                if not 0 <= node_id < size:
                    raise ValueError(f"vehicle {vehicle.index} refers to unknown node {node_id}")
                if node_id in seen:
                    raise ValueError(f"depot node {node_id} is also a request node")
            if vehicle.wheelchair_capacity < 0:
                raise ValueError(f"vehicle {vehicle.index} has negative wheelchair capacity")
        for position, vehicle in enumerate(self.vehicles):
            if vehicle.index != position:
                raise ValueError(f"vehicle at position {position} has index {vehicle.index}")
        for request in self.requests:
            if request.wheelchair < 0:
                raise ValueError(f"request {request.index} needs negative wheelchair places")
            if request.vehicles is not None:
                unknown = sorted(v for v in request.vehicles if not 0 <= v < len(self.vehicles))
                if unknown:
                    raise ValueError(
                        f"request {request.index} is allowed on unknown vehicles {unknown}"
                    )
        if self.matrix is not None:
            _check_matrix(self.matrix, size)

    @cached_property
    def distance(self) -> np.ndarray:
        """Travel time between every pair of nodes: `matrix` as floats when given, else the
        Euclidean distance, no rounding."""
        if self.matrix is not None:
            return np.array(self.matrix, dtype=float)
        xy = np.array([(node.x, node.y) for node in self.nodes], dtype=float).reshape(-1, 2)
        diff = xy[:, None, :] - xy[None, :, :]
        return np.sqrt((diff * diff).sum(axis=2))

    @cached_property
    def metric(self) -> bool:
        """Whether travel times satisfy the triangle inequality with service times,
        `t(a, c) <= t(a, b) + service(b) + t(b, c)` (up to 1e-9), for all nodes a, b, c.

        Always true for Euclidean distances. When false, visiting a node can be a shortcut,
        so removing a stop can make a route infeasible and a request that no vehicle can
        serve alone might still fit into a longer route; the solver then skips the pruning
        rules that rely on it.
        """
        if self.matrix is None:
            return True
        dist = self.distance
        for b, node in enumerate(self.nodes):
            via = dist[:, b, None] + node.service + dist[None, b, :]
            if np.any(via < dist - 1e-9):
                return False
        return True

    @cached_property
    def request_of_node(self) -> dict[int, Request]:
        """The request each pickup or drop-off node belongs to."""
        out: dict[int, Request] = {}
        for request in self.requests:
            out[request.pickup] = request
            out[request.delivery] = request
        return out

    @property
    def depots(self) -> frozenset[int]:
        """Node ids used as a start or end depot by some vehicle."""
        return frozenset(v.start for v in self.vehicles) | frozenset(v.end for v in self.vehicles)


def _check_matrix(matrix: np.ndarray, size: int) -> None:
    """Raise ValueError unless `matrix` is a finite, non-negative size × size array."""
    values = np.asarray(matrix, dtype=float)
    if values.shape != (size, size):
        raise ValueError(f"travel-time matrix has shape {values.shape}, expected {(size, size)}")
    if not np.all(np.isfinite(values)):
        raise ValueError("travel-time matrix has non-finite entries")
    if np.any(values < 0):
        raise ValueError("travel-time matrix has negative entries")


def _numbers(line: str, lineno: int, count: int, what: str) -> list[float]:
    parts = line.split()
    if len(parts) != count:
        raise InstanceFormatError(
            f"line {lineno}: expected {count} fields ({what}), found {len(parts)}: {line.strip()!r}"
        )
    try:
        values = [float(p) for p in parts]
    except ValueError as exc:
        raise InstanceFormatError(f"line {lineno}: not a number in {line.strip()!r}") from exc
    if not all(np.isfinite(values)):
        raise InstanceFormatError(f"line {lineno}: non-finite number in {line.strip()!r}")
    return values


def _integer(value: float, lineno: int, what: str) -> int:
    if value != int(value):
        raise InstanceFormatError(f"line {lineno}: {what} must be an integer, found {value}")
    return int(value)


def parse_cordeau(source: str | Path, name: str | None = None) -> Instance:
    """Parse a Cordeau (2006) DARP instance from a path or from the file's text.

    A `str` containing a newline is taken as the text itself, any other `str` or a `Path`
    as a file name. Format (see /work/shared/benchmarks/darp/README.md): header `K n T Q L`,
    then 2n+2 lines `id x y d q e l` for the start depot 0, pickups 1..n, drop-offs n+1..2n
    and the end depot 2n+1. Raises `InstanceFormatError` (a `ValueError`) on malformed input.
    """
    if isinstance(source, Path) or "\n" not in source:
        path = Path(source)
        text = path.read_text(encoding="utf-8")
        name = name or path.stem
    else:
        text = source
        name = name or "instance"
    lines = [(i + 1, raw) for i, raw in enumerate(text.splitlines()) if raw.strip()]
    if not lines:
        raise InstanceFormatError("empty instance")
    lineno, header = lines[0]
    k_raw, n_raw, t_max, q_raw, l_max = _numbers(header, lineno, 5, "K n T Q L")
    k = _integer(k_raw, lineno, "K (vehicles)")
    n = _integer(n_raw, lineno, "n (requests)")
    q = _integer(q_raw, lineno, "Q (capacity)")
    if k < 1 or n < 0 or q < 0 or t_max < 0 or l_max < 0:
        raise InstanceFormatError(f"line {lineno}: K must be ≥ 1 and n, T, Q, L ≥ 0")
    body = lines[1:]
    if len(body) != 2 * n + 2:
        raise InstanceFormatError(f"expected {2 * n + 2} node lines for n = {n}, found {len(body)}")
    nodes: list[Node] = []
    for expected_id, (lineno, raw) in enumerate(body):
        node_id, x, y, service, load, early, late = _numbers(raw, lineno, 7, "id x y d q e l")
        if _integer(node_id, lineno, "node id") != expected_id:
            raise InstanceFormatError(f"line {lineno}: expected node id {expected_id}")
        if service < 0:
            raise InstanceFormatError(f"line {lineno}: negative service time {service}")
        if early > late:
            raise InstanceFormatError(f"line {lineno}: time window [{early}, {late}] is empty")
        nodes.append(Node(expected_id, x, y, service, _integer(load, lineno, "load"), early, late))
    requests: list[Request] = []
    for i in range(1, n + 1):
        pickup, delivery = nodes[i], nodes[n + i]
        if pickup.load < 0 or delivery.load != -pickup.load:
            raise InstanceFormatError(
                f"request {i}: pickup load {pickup.load} and drop-off load {delivery.load} "
                "must be +q and -q with q ≥ 0"
            )
        requests.append(Request(i - 1, i, n + i, pickup.load, l_max))
    for depot in (nodes[0], nodes[2 * n + 1]):
        if depot.load != 0:
            raise InstanceFormatError(f"depot node {depot.id} has load {depot.load}")
    vehicles = tuple(Vehicle(v, 0, 2 * n + 1, q, t_max) for v in range(k))
    return Instance(
        name=name,
        nodes=tuple(nodes),
        requests=tuple(requests),
        vehicles=vehicles,
        K=k,
        n=n,
        T=t_max,
        Q=q,
        L=l_max,
    )
