"""Travel times between places: straight line with a road factor, or a road network.

The planner asks a `TravelTimeSource` for a matrix of minutes and kilometres between all the
places of a day. The default, `StraightLine`, multiplies the great-circle distance by a road
factor (roads wind: 1.3 is typical for rural Norway) and drives at an average speed. In
production a road network can be plugged in by naming another class in the setting
`SAMSKAP_TRAVEL_TIME_SOURCE` (dotted path) with the same `matrix()` method, for example one
that asks an OSRM or Valhalla server with Norwegian road data (docs/transport.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from django.conf import settings
from django.utils.module_loading import import_string

EARTH_RADIUS_KM = 6371.0088
DEFAULT_SOURCE = "samskap.transport.travel.StraightLine"


@dataclass(frozen=True)
class Matrix:
    minutes: np.ndarray  # [i, j] travel time from place i to place j
    km: np.ndarray


class TravelTimeSource(Protocol):
    def matrix(self, places: Sequence[tuple[float, float]]) -> Matrix: ...


@dataclass(frozen=True)
class StraightLine:
    """Great-circle distance × road factor, at an average speed."""

    road_factor: float = 1.3
    speed_kmh: float = 50.0

    def matrix(self, places: Sequence[tuple[float, float]]) -> Matrix:
        if not places:
            empty = np.zeros((0, 0))
            return Matrix(empty, empty)
        lat = np.radians(np.array([p[0] for p in places], dtype=float))
        lon = np.radians(np.array([p[1] for p in places], dtype=float))
        dlat = lat[:, None] - lat[None, :]
        dlon = lon[:, None] - lon[None, :]
        a = (
            np.sin(dlat / 2) ** 2
            + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dlon / 2) ** 2
        )
        km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0))) * self.road_factor
        return Matrix(km / self.speed_kmh * 60.0, km)


def travel_time_source() -> TravelTimeSource:
    """The configured source (`SAMSKAP_TRAVEL_TIME_SOURCE`), straight line by default."""
    path = getattr(settings, "SAMSKAP_TRAVEL_TIME_SOURCE", DEFAULT_SOURCE)
    return import_string(path)()
