"""Writes for rides: validated, saved and audited in one transaction."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.accounts.models import User
from samskap.people.models import Person
from samskap.people.rules import can_arrange_for, is_representative
from samskap.privacy.services import audit_record, snapshot
from samskap.transport.models import RideRequest, RideStatus, TimeAnchor


def _created_via(user: User, person: Person) -> str:
    if user.person_id == person.pk:
        return "self"
    if is_representative(user, person):
        return "representative"
    return "staff"


@transaction.atomic
def ride_request_create(
    *,
    person: Person,
    created_by: User,
    date: dt.date,
    destination_kind: str,
    destination_name: str,
    destination: tuple[float, float],
    time: dt.time,
    anchor: str = TimeAnchor.ARRIVE,
    origin_name: str = "",
    origin: tuple[float, float] | None = None,
    window_minutes: int = 15,
    return_pickup_at: dt.time | None = None,
    mobility: str = "walks",
    needs_door_help: bool = False,
    companion: bool = False,
    max_ride_minutes: int = 45,
    note_for_driver: str = "",
    signup=None,
    need=None,
) -> RideRequest:
    """A ride for `person`, by the person, a representative or staff who serve them.

    From home unless another place is given; the home must then have coordinates.
    """
    if not can_arrange_for(created_by, person):
        raise PermissionDenied(_("Du kan ikke bestille skyss for denne personen."))
    errors: dict[str, str] = {}
    if date < timezone.localdate():
        errors["date"] = _("Datoen har allerede vært.")
    if origin is None:
        if person.latitude is None or person.longitude is None:
            errors["origin_name"] = _(
                "Vi vet ikke hvor %(name)s bor. Skriv hvor skyssen skal hente."
            ) % {"name": person.full_name}
        else:
            origin = (person.latitude, person.longitude)
            origin_name = origin_name or person.street_address or _("Hjemme")
    if return_pickup_at is not None and anchor == TimeAnchor.ARRIVE and return_pickup_at <= time:
        errors["return_pickup_at"] = _("Hjemturen må være etter at du er framme.")
    if errors:
        raise ValidationError(errors)
    ride = RideRequest(
        kommune=person.kommune,
        person=person,
        created_by=created_by,
        created_via=_created_via(created_by, person),
        date=date,
        origin_name=origin_name.strip(),
        origin_latitude=origin[0],  # type: ignore[index]
        origin_longitude=origin[1],  # type: ignore[index]
        destination_kind=destination_kind,
        destination_name=destination_name.strip(),
        destination_latitude=destination[0],
        destination_longitude=destination[1],
        anchor=anchor,
        time=time,
        window_minutes=window_minutes,
        return_pickup_at=return_pickup_at,
        mobility=mobility,
        needs_door_help=needs_door_help,
        companion=companion,
        max_ride_minutes=max_ride_minutes,
        note_for_driver=note_for_driver.strip(),
        signup=signup,
        need=need,
        status=RideStatus.REQUESTED,
    )
    ride.full_clean()
    ride.save()
    audit_record(
        actor=created_by,
        subject=person,
        action="ride_requested",
        instance=ride,
        before=None,
        after=snapshot(ride),
    )
    return ride
