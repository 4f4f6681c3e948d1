"""Ride requests against the demo cast in PostgreSQL: who may order, what is checked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from samskap.privacy.models import AuditEvent
from samskap.transport.models import RideRequest
from samskap.transport.services import ride_request_create

pytestmark = pytest.mark.django_db
FOLLEBU = (61.2285, 10.2800)


def order(user, person, **overrides):
    values = dict(
        person=person, created_by=user, date=timezone.localdate() + dt.timedelta(days=3),
        destination_kind="activity", destination_name="Follebu samfunnshus",
        destination=FOLLEBU, time=dt.time(11, 0), return_pickup_at=dt.time(12, 15),
        mobility="wheelchair",
    )  # fmt: skip
    values.update(overrides)
    return ride_request_create(**values)


def test_representative_orders_from_home_and_it_is_audited(users):
    eli = users["eli"].person
    ride = order(users["axel"], eli)
    assert ride.created_via == "representative"
    assert (ride.origin_latitude, ride.origin_longitude) == (eli.latitude, eli.longitude)
    assert ride.origin_name == eli.street_address
    assert AuditEvent.objects.filter(action="ride_requested", subject=eli).count() == 1


def test_staff_following_can_order_and_strangers_cannot(users):
    torleif = users["torleif"].person
    assert order(users["berit"], torleif).created_via == "staff"
    with pytest.raises(PermissionDenied):
        order(users["randi"], torleif)


def test_bad_input_is_explained_and_nothing_is_saved(users):
    eli = users["eli"].person
    with pytest.raises(ValidationError) as caught:
        order(
            users["eli"], eli, date=timezone.localdate() - dt.timedelta(days=1),
            return_pickup_at=dt.time(10, 0),
        )  # fmt: skip
    assert set(caught.value.message_dict) == {"date", "return_pickup_at"}
    assert not RideRequest.objects.exists()
