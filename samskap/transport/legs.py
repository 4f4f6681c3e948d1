"""From a ride request to the planner's legs: where, when, how much room, how long a stop.

Pure: works on plain values so it is tested without a database. Times are minutes after
midnight on the ride's day.

- "Være framme senest 11.00" with 15 minutes' leeway: drop-off between 10.45 and 11.00, the
  pick-up any time before (the ride-time limit keeps it close).
- "Bli hentet tidligst 13.30": pick-up between 13.30 and 13.45, drop-off any time after.
- The way home is a second leg: picked up from the return time, with the same leeway.
- Room: one seat, or one wheelchair place for someone who stays in the chair; a companion
  takes a seat. Stops take longer with a walker, a wheelchair or help to the door.
"""

from __future__ import annotations

from dataclasses import dataclass

DAY_START = 6 * 60  # 06.00: no rides before
DAY_END = 22 * 60  # 22.00
BASE_STOP = 2.0
EXTRA_STOP = {"walks": 0.0, "walker": 2.0, "wheelchair": 5.0}
DOOR_HELP_STOP = 4.0


@dataclass(frozen=True)
class Place:
    name: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Leg:
    request_id: int
    leg: str  # "out" or "back"
    pickup: Place
    dropoff: Place
    pickup_window: tuple[float, float]
    dropoff_window: tuple[float, float]
    seats: int
    wheelchair_places: int
    stop_minutes: float
    max_ride_minutes: float


def minutes(hour: int, minute: int) -> float:
    return float(hour * 60 + minute)


def legs_for(
    *,
    request_id: int,
    origin: Place,
    destination: Place,
    anchor: str,
    time_minutes: float,
    window_minutes: float,
    return_pickup_minutes: float | None,
    mobility: str,
    needs_door_help: bool,
    companion: bool,
    max_ride_minutes: float,
) -> list[Leg]:
    wheelchair = mobility == "wheelchair"
    seats = (0 if wheelchair else 1) + (1 if companion else 0)
    stop = BASE_STOP + EXTRA_STOP.get(mobility, 0.0) + (DOOR_HELP_STOP if needs_door_help else 0)
    common = {
        "request_id": request_id,
        "seats": seats,
        "wheelchair_places": 1 if wheelchair else 0,
        "stop_minutes": stop,
        "max_ride_minutes": max_ride_minutes,
    }
    if anchor == "arrive":
        out = Leg(
            leg="out", pickup=origin, dropoff=destination,
            pickup_window=(DAY_START, time_minutes),
            dropoff_window=(time_minutes - window_minutes, time_minutes), **common,
        )  # fmt: skip
    else:
        out = Leg(
            leg="out", pickup=origin, dropoff=destination,
            pickup_window=(time_minutes, time_minutes + window_minutes),
            dropoff_window=(time_minutes, DAY_END), **common,
        )  # fmt: skip
    legs = [out]
    if return_pickup_minutes is not None:
        legs.append(
            Leg(
                leg="back",
                pickup=destination,
                dropoff=origin,
                pickup_window=(return_pickup_minutes, return_pickup_minutes + window_minutes),
                dropoff_window=(return_pickup_minutes, DAY_END),
                **common,
            )  # fmt: skip
        )
    return legs
