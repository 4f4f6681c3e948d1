"""Demo activities: Viggo's bridge group and *Sterk og stødig* in Gausdal. Idempotent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from samskap.activities.models import (
    Activity,
    ActivityCategory,
    ActivityLeader,
    Frequency,
    LeaderRole,
)

TUESDAY, WEDNESDAY, THURSDAY = 1, 2, 3


def seed_activities_for_cast(
    *, kommuner: Mapping[str, Any], people: Mapping[str, Any], organisations: Mapping[str, Any]
) -> None:
    if Activity.objects.filter(title="Sterk og stødig").exists():
        return
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    with transaction.atomic():
        sterk = Activity.objects.create(
            kommune=kommuner["3441"],
            organisation=organisations["aktiv-fritid"],
            title="Sterk og stødig",
            description=(
                "Styrke- og balansetrening for seniorer i små grupper, ledet av frivillige "
                "instruktører. Øvelsene kan gjøres sittende eller stående. Kaffe etterpå."
            ),
            category=ActivityCategory.STRENGTH_BALANCE,
            place_name="Follebu samfunnshus",
            street_address="Follebuvegen 20",
            postal_code="2656",
            postal_place="Follebu",
            latitude=61.2285,
            longitude=10.2800,
            frequency=Frequency.WEEKLY,
            weekdays=[THURSDAY],
            start_date=monday - dt.timedelta(weeks=4) + dt.timedelta(days=THURSDAY),
            start_time=dt.time(11, 0),
            duration_minutes=60,
            capacity=12,
            price_nok=0,
            wheelchair_access=True,
            hearing_loop=True,
            accessible_toilet=True,
            ride_offered=True,
            ride_note="Frivillige sjåfører henter deg hjemme.",
            programme_weeks=12,
            functional_tests=True,
            contact_phone="61 22 49 00",
        )
        ActivityLeader.objects.create(
            activity=sterk,
            person=people["julie"],
            role=LeaderRole.INSTRUCTOR,
            training="Instruktørkurs Sterk og stødig",
            trained_on=dt.date(2025, 9, 12),
        )
        ActivityLeader.objects.create(
            activity=sterk,
            person=people["randi"],
            role=LeaderRole.ASSISTANT,
            training="Instruktørkurs Sterk og stødig",
            trained_on=dt.date(2026, 2, 6),
        )
        bridge = Activity.objects.create(
            kommune=kommuner["3405"],
            organisation=organisations["lillehammer-rode-kors"],
            title="Bridge på helsehuset",
            description="Bridge for beboere, pårørende og alle som vil lære. Vi lærer deg reglene.",
            category=ActivityCategory.CARDS_GAMES,
            place_name="Lillehammer helsehus, kafeen",
            street_address="Anton Lundhs veg 1",
            postal_code="2609",
            postal_place="Lillehammer",
            latitude=61.1140,
            longitude=10.4560,
            frequency=Frequency.WEEKLY,
            weekdays=[TUESDAY],
            start_date=monday - dt.timedelta(weeks=8) + dt.timedelta(days=TUESDAY),
            start_time=dt.time(17, 0),
            duration_minutes=120,
            capacity=16,
            wheelchair_access=True,
            accessible_toilet=True,
        )
        # Two more in Gausdal, so Eli's letter shows the order: the walking group is the
        # nearest to her home, but she uses a wheelchair, so the accessible ones come first.
        walk = Activity.objects.create(
            kommune=kommuner["3441"],
            organisation=organisations["gausdal-frivilligsentral"],
            title="Turgruppa på Segalstad bru",
            description="Rolig tur på en times tid langs elva, med kaffe på termos.",
            category=ActivityCategory.WALKING,
            place_name="Segalstad bru, parkeringen ved butikken",
            postal_code="2651",
            postal_place="Østre Gausdal",
            latitude=61.2431,
            longitude=10.3188,
            frequency=Frequency.WEEKLY,
            weekdays=[TUESDAY],
            start_date=monday - dt.timedelta(weeks=6) + dt.timedelta(days=TUESDAY),
            start_time=dt.time(10, 0),
            duration_minutes=60,
            wheelchair_access=False,
        )
        ActivityLeader.objects.create(
            activity=walk,
            person=people["randi"],
            role=LeaderRole.LEADER,
            training="Turleder, frivilligsentralen",
        )
        Activity.objects.create(
            kommune=kommuner["3441"],
            organisation=None,
            title="Digital kafé på biblioteket",
            description="Få hjelp med nettbrett, mobil, BankID og Helsenorge. Ta med det du har.",
            category=ActivityCategory.DIGITAL_CAFE,
            place_name="Gausdal bibliotek, Forset",
            postal_code="2651",
            postal_place="Østre Gausdal",
            latitude=61.2380,
            longitude=10.3390,
            frequency=Frequency.WEEKLY,
            weekdays=[WEDNESDAY],
            start_date=monday - dt.timedelta(weeks=6) + dt.timedelta(days=WEDNESDAY),
            start_time=dt.time(12, 0),
            duration_minutes=90,
            wheelchair_access=True,
            accessible_toilet=True,
            hearing_loop=True,
        )
        ActivityLeader.objects.create(
            activity=bridge,
            person=people["viggo"],
            role=LeaderRole.LEADER,
            training="Bridgelærer, Norsk Bridgeforbund",
        )
