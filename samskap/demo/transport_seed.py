"""Demo rides: Thursday's *Sterk og stødig* in Gausdal with two volunteer drivers. Idempotent.

Randi drives her own car (three passenger seats, no wheelchair place); Marius drives the
volunteer centre's minibus (eight seats, two wheelchair places). Eli (wheelchair) and four
other Gausdal residents are signed up "needs a ride"; the coordinator makes their ride
requests from the sign-ups on the coordinator page. Torleif (Fåvang, Ringebu, ~35 km away)
is signed up too, and Berit, his occupational therapist, ordered his ride by phone with a
longer time in the car than the default. Common destinations (doctor, dentist, shop,
churchyard) are there for ordering other rides.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from samskap.accounts.models import User
from samskap.activities.models import Activity, SignUp, SignUpStatus, SignUpVia
from samskap.municipalities.models import Kommune
from samskap.organisations.models import Organisation
from samskap.people.models import Person
from samskap.transport.models import (
    Destination,
    DestinationKind,
    Driver,
    DriverShift,
    Mobility,
    RideRequest,
    RideStatus,
    TimeAnchor,
    Vehicle,
    VehicleKind,
)

THURSDAY = 3
FRIVILLIGSENTRAL = (61.2251, 10.2602)  # Forset, Gausdal
DESTINATIONS = [
    ("Gausdal legekontor, Forset", DestinationKind.DOCTOR, "Vestringsvegen 2", 61.2262, 10.2588),
    ("Tannlegen på Forset", DestinationKind.DENTIST, "Vestringsvegen 5", 61.2257, 10.2571),
    ("Coop Prix Segalstad bru", DestinationKind.SHOP, "Segalstadvegen 1", 61.2429, 10.3190),
    ("Follebu kirke og kirkegård", DestinationKind.CHURCHYARD, "Follebuvegen 40", 61.2275,
     10.2785),
]  # fmt: skip
EXTRA_PASSENGERS = 4


def next_thursday(today: dt.date) -> dt.date:
    """The coming Thursday (a week ahead when today is Thursday): time to plan."""
    days = (THURSDAY - today.weekday()) % 7 or 7
    return today + dt.timedelta(days=days)


def seed_transport_demo() -> dict[str, int]:
    if Vehicle.objects.filter(name="Frivilligsentralens minibuss").exists():
        return {"shifts": 0, "signups": 0}
    gausdal = Kommune.objects.get(number="3441")
    sterk = Activity.objects.get(title="Sterk og stødig")
    hanne = User.objects.get(username="hanne")
    berit = User.objects.get(username="berit")
    cast = Person.objects.filter(user__username__in=["randi", "marius", "eli", "torleif"])
    people = {p.user.username: p for p in cast.select_related("user")}
    thursday = next_thursday(timezone.localdate())
    with transaction.atomic():
        for name, kind, street, lat, lon in DESTINATIONS:
            Destination.objects.create(
                kommune=gausdal, name=name, kind=kind, street_address=street,
                latitude=lat, longitude=lon,
            )  # fmt: skip
        car = Vehicle.objects.create(
            kommune=gausdal, name="Randis bil", kind=VehicleKind.CAR, seats=3, wheelchair_places=0
        )
        minibus = Vehicle.objects.create(
            kommune=gausdal, name="Frivilligsentralens minibuss", kind=VehicleKind.MINIBUS,
            seats=8, wheelchair_places=2,
            organisation=Organisation.objects.get(name="Gausdal frivilligsentral"),
        )  # fmt: skip
        randi = Driver.objects.create(
            kommune=gausdal, person=people["randi"], own_vehicle=car,
            licence_checked_on=thursday - dt.timedelta(days=120), licence_checked_by=hanne,
            police_certificate_on=thursday - dt.timedelta(days=400),
        )  # fmt: skip
        marius = Driver.objects.create(
            kommune=gausdal, person=people["marius"],
            licence_checked_on=thursday - dt.timedelta(days=200), licence_checked_by=hanne,
            police_certificate_on=thursday - dt.timedelta(days=300),
        )  # fmt: skip
        home = (people["randi"].latitude, people["randi"].longitude)
        DriverShift.objects.create(
            driver=randi, vehicle=car, date=thursday, starts_at=dt.time(9, 30),
            ends_at=dt.time(14, 0), start_latitude=home[0], start_longitude=home[1],
            end_latitude=home[0], end_longitude=home[1], max_route_minutes=240,
        )  # fmt: skip
        DriverShift.objects.create(
            driver=marius, vehicle=minibus, date=thursday, starts_at=dt.time(9, 30),
            ends_at=dt.time(14, 0), start_latitude=FRIVILLIGSENTRAL[0],
            start_longitude=FRIVILLIGSENTRAL[1], end_latitude=FRIVILLIGSENTRAL[0],
            end_longitude=FRIVILLIGSENTRAL[1], max_route_minutes=240,
        )  # fmt: skip
        # Passengers: Eli, Torleif and the oldest Gausdal residents who live furthest from
        # Follebu samfunnshus without a ride (deterministic: by birth year, then id).
        extra = list(
            Person.objects.filter(
                kommune=gausdal, user__isnull=True, latitude__isnull=False,
                birth_year__lte=thursday.year - 75,
            ).exclude(signups__activity=sterk).order_by("birth_year", "pk")[:EXTRA_PASSENGERS]
        )  # fmt: skip
        signups = 0
        for person in [people["eli"], *extra]:
            _, created = SignUp.objects.get_or_create(
                activity=sterk, person=person, status=SignUpStatus.CONFIRMED,
                defaults={"needs_ride": True, "created_via": SignUpVia.STAFF, "created_by": hanne},
            )  # fmt: skip
            signups += created
        torleif_signup = SignUp.objects.create(
            activity=sterk, person=people["torleif"], status=SignUpStatus.CONFIRMED,
            needs_ride=True, created_via=SignUpVia.STAFF, created_by=berit,
        )  # fmt: skip
        torleif = people["torleif"]
        RideRequest.objects.create(
            kommune=gausdal, person=torleif, created_by=berit, created_via="staff",
            date=thursday, origin_name=torleif.street_address,
            origin_latitude=torleif.latitude, origin_longitude=torleif.longitude,
            destination_kind=DestinationKind.ACTIVITY,
            destination_name=f"{sterk.title}, {sterk.place_name}",
            destination_latitude=sterk.latitude, destination_longitude=sterk.longitude,
            anchor=TimeAnchor.ARRIVE, time=sterk.start_time, window_minutes=15,
            return_pickup_at=dt.time(12, 0), mobility=Mobility.WALKER, max_ride_minutes=60,
            note_for_driver="Kjører ikke selv på glatta om vinteren. Ring når du er i tunet.",
            signup=torleif_signup, status=RideStatus.REQUESTED,
        )  # fmt: skip
    return {"shifts": 2, "signups": signups + 1}
