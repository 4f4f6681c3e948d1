"""Ride requests become planner legs; straight-line travel times. Pure, no database."""

from __future__ import annotations

import numpy as np
import pytest

from samskap.transport.legs import DAY_END, DAY_START, Place, legs_for, minutes
from samskap.transport.travel import StraightLine

HOME = Place("Vestringsvegen 12", 61.2402, 10.3221)
FOLLEBU = Place("Follebu samfunnshus", 61.2285, 10.2800)


def legs(**overrides):
    values = dict(
        request_id=7, origin=HOME, destination=FOLLEBU, anchor="arrive",
        time_minutes=minutes(11, 0), window_minutes=15, return_pickup_minutes=None,
        mobility="walks", needs_door_help=False, companion=False, max_ride_minutes=45,
    )  # fmt: skip
    values.update(overrides)
    return legs_for(**values)


def test_arrive_by_puts_the_window_on_the_drop_off():
    [out] = legs()
    assert out.dropoff_window == (minutes(10, 45), minutes(11, 0))
    assert out.pickup_window == (DAY_START, minutes(11, 0))
    assert (out.pickup, out.dropoff) == (HOME, FOLLEBU)


def test_pick_up_from_puts_the_window_on_the_pick_up_and_return_is_a_second_leg():
    out, back = legs(anchor="pickup", time_minutes=minutes(9, 30), return_pickup_minutes=780)
    assert out.pickup_window == (minutes(9, 30), minutes(9, 45))
    assert out.dropoff_window == (minutes(9, 30), DAY_END)
    assert (back.leg, back.pickup, back.dropoff) == ("back", FOLLEBU, HOME)
    assert back.pickup_window == (780, 795)


def test_wheelchair_takes_a_wheelchair_place_and_a_companion_a_seat():
    [walker] = legs(mobility="walker")
    [chair] = legs(mobility="wheelchair", companion=True, needs_door_help=True)
    assert (walker.seats, walker.wheelchair_places) == (1, 0)
    assert (chair.seats, chair.wheelchair_places) == (1, 1)
    assert chair.stop_minutes > walker.stop_minutes > legs()[0].stop_minutes


def test_straight_line_is_symmetric_with_road_factor_and_speed():
    source = StraightLine(road_factor=1.3, speed_kmh=60)
    m = source.matrix([(HOME.latitude, HOME.longitude), (FOLLEBU.latitude, FOLLEBU.longitude)])
    assert np.allclose(m.km, m.km.T) and m.km[0, 0] == 0
    # About 2.6 km as the crow flies, 1.3 × that by road, at 60 km/h one minute per km.
    assert m.km[0, 1] == pytest.approx(2.6 * 1.3, rel=0.05)
    assert m.minutes[0, 1] == pytest.approx(m.km[0, 1])
    assert StraightLine().matrix([]).km.shape == (0, 0)
