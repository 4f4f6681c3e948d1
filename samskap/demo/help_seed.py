"""Demo data for help and contribution.

`seed_help_for_cast`: settings and requirements for every kommune, the named cast's helper
profiles and verifications (Randi is fully checked; Julie lacks a reference, so she is never
assigned a visiting-friend need), a finished snow-clearing job for Eli last winter (so the
frivilligsentral is "someone who helped Eli before"), and Torleif's iPad need registered by
Berit over the phone. Idempotent.

`seed_help_population`: helpers among the synthetic volunteers, open needs among older
residents and a year of finished tasks with hours, so the coordinator page and statistics
look like a working kommune. Deterministic for a seed. See docs/demo-data.md.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from samskap.help.models import (
    Assignment,
    AssignmentStatus,
    Category,
    CategoryRequirement,
    CreatedVia,
    HelperKind,
    HelperProfile,
    HelpSession,
    HelpSettings,
    Need,
    NeedStatus,
    Recurrence,
    Transport,
    Verification,
)
from samskap.matching.model import DAYS, SLOTS

IDENTITY, REFERENCE, TRAINING = "identity", "reference", "training"

# What Gausdal (and the other demo kommuner) require of helpers, by category. Police
# certificates are not required anywhere: the law only allows them for work with minors or
# people with intellectual disabilities (politiregisterforskriften § 34-1).
REQUIREMENTS: dict[str, tuple[list[str], list[str]]] = {
    Category.GARDEN: ([IDENTITY], []),
    Category.SNOW: ([], []),
    Category.SHOPPING: ([IDENTITY], [REFERENCE]),
    Category.ESCORT: ([IDENTITY, REFERENCE], []),
    Category.VISITING_FRIEND: ([IDENTITY, REFERENCE], [TRAINING]),
    Category.WALKING_PARTNER: ([IDENTITY], [REFERENCE]),
    Category.DIGITAL_HELP: ([IDENTITY], [REFERENCE]),
    Category.SMALL_JOBS: ([IDENTITY], []),
    Category.MEAL_COMPANY: ([IDENTITY, REFERENCE], []),
}

CONTACT_PHONES = {
    "3405": "61 05 00 00",
    "3439": "61 28 30 00",
    "3440": "61 26 60 00",
    "3441": "61 22 40 00",
}
WEEKDAY_DAYTIME = [f"{d}_{p}" for d in DAYS[:5] for p in ("am", "pm")]


def _system_user():
    from samskap.accounts.models import User

    return User.objects.get(username="hanne")


def seed_help_for_cast(
    *, kommuner: Mapping[str, Any], people: Mapping[str, Any], organisations: Mapping[str, Any]
) -> None:
    if HelpSettings.objects.filter(kommune=kommuner["3441"]).exists():
        return
    with transaction.atomic():
        _seed_help_for_cast(kommuner, people, organisations)


def _seed_help_for_cast(kommuner, people, organisations) -> None:
    from samskap.accounts.models import User
    from samskap.help.services import need_create

    today = timezone.localdate()
    hanne = _system_user()
    for number, kommune in kommuner.items():
        HelpSettings.objects.get_or_create(
            kommune=kommune,
            defaults={"hourly_value_nok": 450, "contact_phone": CONTACT_PHONES.get(number, "")},
        )
        for category, (required, when_alone) in REQUIREMENTS.items():
            CategoryRequirement.objects.get_or_create(
                kommune=kommune,
                category=category,
                defaults={"required": required, "required_when_alone": when_alone},
            )

    def profile(key: str, **fields) -> HelperProfile:
        person = people[key]
        return HelperProfile.objects.create(
            kommune=person.kommune,
            person=person,
            latitude=person.latitude,
            longitude=person.longitude,
            area_name=person.postal_place,
            **fields,
        )

    randi = profile(
        "randi",
        categories=[
            Category.VISITING_FRIEND,
            Category.WALKING_PARTNER,
            Category.MEAL_COMPANY,
            Category.SHOPPING,
        ],
        skills="Kaffeprat, turer, lese høyt",
        max_distance_km=15,
        transport=Transport.CAR,
        availability=[*WEEKDAY_DAYTIME, "sat_am"],
        languages=["nb", "en"],
        max_tasks_per_week=2,
        max_tasks_per_month=8,
    )
    julie = profile(
        "julie",
        categories=[Category.VISITING_FRIEND, Category.GARDEN, Category.WALKING_PARTNER],
        skills="Trening og turer",
        max_distance_km=10,
        transport=Transport.CAR,
        availability=[f"{d}_{p}" for d in DAYS for p in ("am", "pm", "ev")],
        max_tasks_per_week=3,
        max_tasks_per_month=10,
    )
    lars = profile(
        "lars",
        categories=[Category.ESCORT, Category.SHOPPING, Category.SMALL_JOBS],
        skills="Har bil, praktisk anlagt",
        max_distance_km=25,
        transport=Transport.CAR,
        availability=[f"{d}_{p}" for d in DAYS for p in ("am", "pm")],
        max_tasks_per_week=2,
        max_tasks_per_month=6,
    )
    centre = organisations["gausdal-frivilligsentral"]
    frivilligsentral = HelperProfile.objects.create(
        kommune=centre.kommune,
        organisation=centre,
        kind=HelperKind.ASSOCIATION,
        categories=[Category.SNOW, Category.GARDEN, Category.SMALL_JOBS, Category.DIGITAL_HELP],
        skills="Snømåking og hagearbeid med faste frivillige",
        latitude=61.2250,
        longitude=10.2600,
        area_name="Segalstad bru",
        max_distance_km=30,
        transport=Transport.CAR,
        availability=WEEKDAY_DAYTIME,
        max_tasks_per_week=10,
        max_tasks_per_month=30,
    )
    smajobb = organisations["oyer-smajobb"]
    HelperProfile.objects.create(
        kommune=smajobb.kommune,
        organisation=smajobb,
        kind=HelperKind.SMALL_JOBS_CENTRE,
        categories=[Category.SNOW, Category.GARDEN, Category.SMALL_JOBS],
        skills="Snømåking, plenklipp, maling og vinduer",
        latitude=61.2650,
        longitude=10.4130,
        area_name="Øyer",
        max_distance_km=25,
        transport=Transport.CAR,
        availability=WEEKDAY_DAYTIME,
        max_tasks_per_week=12,
        max_tasks_per_month=40,
        charges_fee=True,
        fee_description="150 kr timen for pensjonister",
    )
    checked = today - dt.timedelta(days=200)
    for helper, kinds in (
        (randi, [IDENTITY, REFERENCE, TRAINING]),
        (julie, [IDENTITY]),
        (lars, [IDENTITY, REFERENCE]),
        (frivilligsentral, [IDENTITY, REFERENCE]),
    ):
        for kind in kinds:
            Verification.objects.create(
                helper=helper,
                kind=kind,
                checked_on=checked,
                # Lars's reference runs out soon: the coordinator page warns about it.
                expires_on=today + dt.timedelta(days=20)
                if helper is lars and kind == REFERENCE
                else checked + dt.timedelta(days=3 * 365),
                checked_by=hanne,
                note="Kontrollert ved oppstartssamtale",
            )

    # Last winter the frivilligsentral cleared Eli's snow: continuity for later needs.
    eli = people["eli"]
    winter = dt.date(today.year - 1 if today.month < 12 else today.year, 1, 12)
    snow = Need.objects.create(
        kommune=eli.kommune,
        person=eli,
        category=Category.SNOW,
        description="Måke oppkjørselen og rampen til inngangsdøra.",
        first_date=winter,
        windows=[s for s in SLOTS if s.endswith("_am")],
        recurrence=Recurrence.ONCE,
        duration_minutes=60,
        status=NeedStatus.DONE,
        created_via=CreatedVia.REPRESENTATIVE,
        created_by=User.objects.get(username="axel"),
    )
    created = timezone.make_aware(dt.datetime.combine(winter - dt.timedelta(days=2), dt.time(9)))
    Need.objects.filter(pk=snow.pk).update(
        created_at=created,
        assigned_at=created + dt.timedelta(hours=5),
        closed_at=created + dt.timedelta(days=2),
    )
    done = Assignment.objects.create(
        kommune=eli.kommune,
        need=snow,
        helper=frivilligsentral,
        status=AssignmentStatus.DONE,
        score=1200,
        reasons={"distance_km": 4.0, "overlap": ["mon_am"]},
        completed_at=created + dt.timedelta(days=2),
    )
    HelpSession.objects.create(
        assignment=done,
        kommune=eli.kommune,
        category=Category.SNOW,
        date=winter,
        hours=Decimal("1.5"),
        note="Måkt og strødd",
    )

    # Torleif called the home-care office; Berit registered his iPad need for him.
    berit = User.objects.get(username="berit")
    need_create(
        person=people["torleif"],
        created_by=berit,
        category=Category.DIGITAL_HELP,
        description=(
            "Vil lære å bruke nettbrettet til å se bilder av barnebarna og ringe med video."
        ),
        first_date=today + dt.timedelta(days=7),
        windows=[f"{d}_pm" for d in DAYS[:5]],
        recurrence=Recurrence.ONCE,
        duration_minutes=90,
        alone_with_person=True,
        private_note="Hører dårlig på venstre øre. Ring på telefon først.",
    )


# --- The synthetic part ------------------------------------------------------------------------

HELPER_CATEGORIES = {
    "volunteer_centre": [
        Category.VISITING_FRIEND,
        Category.SHOPPING,
        Category.WALKING_PARTNER,
        Category.MEAL_COMPANY,
        Category.ESCORT,
    ],
    "red_cross": [Category.VISITING_FRIEND, Category.ESCORT, Category.WALKING_PARTNER],
    "sanitet": [Category.VISITING_FRIEND, Category.MEAL_COMPANY, Category.SHOPPING],
    "sports_club": [Category.WALKING_PARTNER, Category.SNOW, Category.GARDEN],
    "association": [Category.GARDEN, Category.SMALL_JOBS, Category.DIGITAL_HELP],
    "senior_centre": [Category.MEAL_COMPANY, Category.DIGITAL_HELP],
    "school": [Category.DIGITAL_HELP, Category.SNOW, Category.GARDEN],
    "small_jobs_centre": [Category.SNOW, Category.GARDEN, Category.SMALL_JOBS],
}
NEED_WEIGHTS = [
    (Category.VISITING_FRIEND, 18),
    (Category.SHOPPING, 14),
    (Category.ESCORT, 14),
    (Category.SNOW, 12),
    (Category.GARDEN, 10),
    (Category.DIGITAL_HELP, 10),
    (Category.WALKING_PARTNER, 9),
    (Category.SMALL_JOBS, 7),
    (Category.MEAL_COMPANY, 6),
]
DESCRIPTIONS = {
    Category.VISITING_FRIEND: "Noen å prate med over en kopp kaffe.",
    Category.SHOPPING: "Handle mat på butikken en gang i uka.",
    Category.ESCORT: "Følge til tannlegen og hjem igjen.",
    Category.SNOW: "Måke trappa og oppkjørselen.",
    Category.GARDEN: "Klippe plenen og luke bedene.",
    Category.DIGITAL_HELP: "Hjelp med nettbrettet og BankID.",
    Category.WALKING_PARTNER: "Gå en tur langs vegen, jeg går litt ustøtt.",
    Category.SMALL_JOBS: "Vaske vinduer og henge opp gardiner.",
    Category.MEAL_COMPANY: "Spise middag sammen av og til.",
}


def seed_help_population(*, seed: int = 1) -> dict[str, int]:
    """Helpers, open needs and a year of finished help in the demo region. Idempotent."""
    from samskap.organisations.models import Membership
    from samskap.people.models import Person

    if Need.objects.filter(
        created_via=CreatedVia.STAFF, description__in=DESCRIPTIONS.values()
    ).exists():
        return {"helpers": 0, "needs": 0, "sessions": 0}
    rng = random.Random(f"help:{seed}")
    today = timezone.localdate()
    hanne = _system_user()
    helpers: list[HelperProfile] = []
    with transaction.atomic():
        memberships = (
            Membership.objects.filter(role="volunteer", person__helper_profile__isnull=True)
            .select_related("person", "organisation")
            .order_by("person_id")
        )
        seen: set[int] = set()
        for membership in memberships:
            person = membership.person
            if person.pk in seen or person.latitude is None or rng.random() > 0.6:
                continue
            seen.add(person.pk)
            pool = HELPER_CATEGORIES.get(membership.organisation.kind, [Category.SHOPPING])
            transport = rng.choices([Transport.CAR, Transport.BIKE, Transport.WALK], [6, 2, 2])[0]
            days = rng.sample(DAYS, k=rng.randint(2, 5))
            parts = rng.sample(["am", "pm", "ev"], k=rng.randint(1, 2))
            helper = HelperProfile.objects.create(
                kommune_id=person.kommune_id,
                person=person,
                categories=rng.sample(pool, k=min(len(pool), rng.randint(1, 3))),
                latitude=person.latitude,
                longitude=person.longitude,
                area_name=person.postal_place,
                max_distance_km=rng.choice([5, 10, 15, 20]),
                transport=transport,
                availability=[s for s in SLOTS if s[:3] in days and s[4:] in parts],
                languages=[code for code in person.languages if code != "nb"],
                max_tasks_per_week=rng.randint(1, 3),
                max_tasks_per_month=rng.randint(3, 8),
            )
            helpers.append(helper)
            kinds = [IDENTITY]
            if rng.random() < 0.75:
                kinds.append(REFERENCE)
            if rng.random() < 0.4:
                kinds.append(TRAINING)
            for kind in kinds:
                checked = today - dt.timedelta(days=rng.randint(30, 1000))
                Verification.objects.create(
                    helper=helper,
                    kind=kind,
                    checked_on=checked,
                    expires_on=checked + dt.timedelta(days=3 * 365) if kind == REFERENCE else None,
                    checked_by=hanne,
                )
        elderly = list(
            Person.objects.filter(birth_year__lte=today.year - 75, latitude__isnull=False)
            .exclude(user__isnull=False)
            .order_by("pk")
        )
        categories = [c for c, _w in NEED_WEIGHTS]
        weights = [w for _c, w in NEED_WEIGHTS]
        open_needs = 0
        sessions = 0
        for person in elderly:
            if rng.random() < 0.3:
                category = rng.choices(categories, weights)[0]
                age_days = rng.randint(0, 40)
                need = _need(person, category, rng, today + dt.timedelta(days=rng.randint(2, 20)))
                _backdate(need, today - dt.timedelta(days=age_days), None, None)
                open_needs += 1
            # A year of history: finished one-off tasks with hours.
            for _ in range(rng.choice([0, 0, 1, 2])):
                candidates = [h for h in helpers if h.kommune_id == person.kommune_id]
                if not candidates:
                    break
                helper = rng.choice(candidates)
                day = today - dt.timedelta(days=rng.randint(10, 320))
                category = rng.choice(helper.categories)
                need = _need(person, category, rng, day)
                need.status = NeedStatus.DONE
                need.save(update_fields=["status"])
                requested = day - dt.timedelta(days=rng.randint(2, 12))
                assigned = timezone.make_aware(
                    dt.datetime.combine(requested, dt.time(10))
                ) + dt.timedelta(hours=rng.randint(2, 120))
                _backdate(need, requested, assigned, day)
                assignment = Assignment.objects.create(
                    kommune_id=person.kommune_id,
                    need=need,
                    helper=helper,
                    status=AssignmentStatus.DONE,
                    score=1000 + rng.randint(0, 300),
                    completed_at=timezone.make_aware(dt.datetime.combine(day, dt.time(14))),
                )
                HelpSession.objects.create(
                    assignment=assignment,
                    kommune_id=person.kommune_id,
                    category=category,
                    date=day,
                    hours=Decimal(rng.choice(["1.0", "1.5", "2.0", "2.5", "3.0"])),
                )
                sessions += 1
    return {"helpers": len(helpers), "needs": open_needs, "sessions": sessions}


def _need(person, category: str, rng: random.Random, first_date: dt.date) -> Need:
    day = DAYS[first_date.weekday()]
    parts = rng.sample(["am", "pm"], k=rng.randint(1, 2))
    return Need.objects.create(
        kommune_id=person.kommune_id,
        person=person,
        category=category,
        description=DESCRIPTIONS[category],
        first_date=first_date,
        windows=[f"{day}_{p}" for p in parts]
        if rng.random() < 0.5
        else [s for s in SLOTS if s[4:] in parts and s[:3] in DAYS[:5]],
        recurrence=rng.choices(
            [Recurrence.ONCE, Recurrence.WEEKLY, Recurrence.FORTNIGHTLY], [6, 2, 2]
        )[0],
        duration_minutes=rng.choice([60, 90, 120]),
        alone_with_person=category in (Category.VISITING_FRIEND, Category.MEAL_COMPANY),
        created_via=CreatedVia.STAFF,
    )


def _backdate(
    need: Need, requested: dt.date, assigned: dt.datetime | None, closed: dt.date | None
) -> None:
    created = timezone.make_aware(dt.datetime.combine(requested, dt.time(9, 30)))
    Need.objects.filter(pk=need.pk).update(
        created_at=created,
        assigned_at=assigned,
        closed_at=timezone.make_aware(dt.datetime.combine(closed, dt.time(15))) if closed else None,
    )
