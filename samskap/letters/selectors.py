"""Reads for the weekly letter: who gets one, and what is in it.

`kommune_letters` builds every letter of a kommune with a fixed number of queries, whatever
the number of recipients: the week's activities are loaded once and placed per person in
Python, and appointments and news are loaded for all recipients at once.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from samskap.accounts.models import Role
from samskap.accounts.selectors import user_has_role
from samskap.activities import recurrence
from samskap.activities.models import SignUp, SignUpStatus
from samskap.activities.selectors import activities_in_period
from samskap.help.models import Assignment, AssignmentStatus, NeedStatus
from samskap.help.schedule import next_occurrence
from samskap.letters.content import (
    ActivityOption,
    Appointment,
    LetterContent,
    LetterNews,
    address_lines,
    choose_activities,
    delivery_key,
    letter_language,
    parse_street_address,
    uses_wheelchair,
    week_label,
)
from samskap.letters.models import (
    LetterChoice,
    LetterDelivery,
    LetterSettings,
    NewsItem,
    NewsKind,
)
from samskap.municipalities.models import Kommune
from samskap.people.models import ContactChannel, Person
from samskap.people.selectors import viewer_role_label
from samskap.privacy.services import access_log_record
from samskap.transport.models import RideRequest, RideStatus

DEFAULT_MIN_AGE = 70
ACTIVITIES_PER_LETTER = 4
BATCH_SIZE = 500
ACTIVE_NEED_STATUSES = (NeedStatus.OPEN, NeedStatus.ASSIGNED)


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def next_week_start(today: dt.date) -> dt.date:
    return monday_of(today) + dt.timedelta(days=7)


def _settings_for(kommune: Kommune) -> LetterSettings:
    found = LetterSettings.objects.filter(kommune=kommune).first()
    return found or LetterSettings(kommune=kommune)


def _wants_paper(channels, choice: str | None) -> bool:
    """Paper for those who asked, and for the target group unless they chose otherwise."""
    if choice:
        return choice == LetterDelivery.PAPER
    return ContactChannel.LETTER in (channels or [])


def letter_recipient_ids(kommune_id: int, on: dt.date, *, min_age: int | None = None) -> list[int]:
    """Who gets the paper letter, as person ids in the postman's delivery order.

    The target group (people of `min_age` or older who prefer letters) and everyone who asked
    for the letter on paper, minus those who chose e-mail or no letter. Only the few fields
    needed for the order are read, so this stays small for a large kommune.
    """
    if min_age is None:
        found = LetterSettings.objects.filter(kommune_id=kommune_id).first()
        min_age = found.min_age if found else DEFAULT_MIN_AGE
    rows = (
        Person.objects.filter(kommune_id=kommune_id)
        .filter(
            Q(birth_year__isnull=False, birth_year__lte=on.year - min_age)
            | Q(letter_choice__delivery=LetterDelivery.PAPER)
        )
        .values_list(
            "pk", "postal_code", "street_address", "contact_channels", "letter_choice__delivery"
        )
    )
    chosen = [
        (delivery_key(code, street), pk)
        for pk, code, street, channels, choice in rows
        if _wants_paper(channels, choice)
    ]
    chosen.sort()
    return [pk for _key, pk in chosen]


def letter_recipients(kommune_id: int, on: dt.date, *, min_age: int | None = None):
    """The paper recipients as people (for small kommuner and tests; unordered)."""
    ids = letter_recipient_ids(kommune_id, on, min_age=min_age)
    return Person.objects.filter(pk__in=ids).select_related("kommune")


def week_activities(kommune_id: int, week_start: dt.date) -> list[ActivityOption]:
    """The activities held in the week, once per kommune (two queries)."""
    week_end = week_start + dt.timedelta(days=6)
    options = []
    for item in activities_in_period(kommune_ids=[kommune_id], start=week_start, end=week_end):
        a = item.activity
        options.append(
            ActivityOption(
                id=a.pk,
                title=a.title,
                place=a.place_name,
                address=", ".join(p for p in (a.street_address, a.postal_place) if p),
                starts=tuple(o.starts_at for o in item.held),
                latitude=a.latitude,
                longitude=a.longitude,
                wheelchair_access=a.wheelchair_access,
                hearing_loop=a.hearing_loop,
                ride_offered=a.ride_offered,
                ride_note=a.ride_note,
                price_nok=a.price_nok,
                contact_phone=a.contact_phone,
            )
        )
    return options


def _news(kommune_id: int, week_start: dt.date) -> tuple[list[LetterNews], list[LetterNews]]:
    week_end = week_start + dt.timedelta(days=6)
    news, calls = [], []
    items = NewsItem.objects.filter(
        kommune_id=kommune_id, valid_from__lte=week_end, valid_to__gte=week_start
    )
    for item in items:
        target = calls if item.kind == NewsKind.VOLUNTEER_CALL else news
        target.append(LetterNews(item.title, item.body))
    return news, calls


def _appointments(person_ids: list[int], week_start: dt.date) -> dict[int, list[Appointment]]:
    """Confirmed sign-ups, accepted help visits and rides in the week (three queries)."""
    week_end = week_start + dt.timedelta(days=6)
    found: dict[int, list[Appointment]] = defaultdict(list)
    signups = SignUp.objects.filter(
        person_id__in=person_ids, status=SignUpStatus.CONFIRMED
    ).select_related("activity")
    for signup in signups:
        activity = signup.activity
        try:
            dates = recurrence.occurrences(activity.rule(), week_start, week_end)
        except ValueError:
            continue
        for occurrence in dates:
            if not occurrence.skipped:
                found[signup.person_id].append(
                    Appointment(
                        occurrence.date,
                        occurrence.starts_at.time(),
                        activity.title,
                        activity.place_name,
                    )
                )
    assignments = Assignment.objects.filter(
        need__person_id__in=person_ids,
        status=AssignmentStatus.ACCEPTED,
        need__status__in=ACTIVE_NEED_STATUSES,
    ).select_related("need", "helper__person", "helper__organisation")
    for assignment in assignments:
        need = assignment.need
        day = next_occurrence(need.first_date, need.recurrence, week_start)
        if day is not None and day <= week_end:
            found[need.person_id].append(
                Appointment(day, None, assignment.helper.display_name, kind="visit")
            )
    # Rides: with the pick-up time once it has been sent to the person.
    rides = RideRequest.objects.filter(
        person_id__in=person_ids, date__range=(week_start, week_end)
    ).exclude(status=RideStatus.CANCELLED)
    for ride in rides.only("person_id", "date", "destination_name", "told_pickup_out"):
        found[ride.person_id].append(
            Appointment(ride.date, ride.told_pickup_out, ride.destination_name, kind="ride")
        )
    for appointments in found.values():
        appointments.sort(key=lambda a: (a.date, a.time or dt.time(0)))
    return found


@dataclass(frozen=True)
class LetterContext:
    """What is the same in every letter of a kommune's week: loaded once."""

    kommune: Kommune
    settings: LetterSettings
    week_start: dt.date
    options: list[ActivityOption]
    news: list[LetterNews]
    calls: list[LetterNews]

    @classmethod
    def load(cls, kommune: Kommune, week_start: dt.date) -> LetterContext:
        news, calls = _news(kommune.pk, week_start)
        return cls(
            kommune,
            _settings_for(kommune),
            week_start,
            week_activities(kommune.pk, week_start),
            news,
            calls,
        )


def _letter(
    person: Person,
    context: LetterContext,
    appointments: list[Appointment],
    *,
    wheelchair_signal: str,
    limit: int,
) -> LetterContent:
    kommune, settings = context.kommune, context.settings
    language = letter_language(person.written_language)
    origin = (
        (person.latitude, person.longitude)
        if person.latitude is not None and person.longitude is not None
        else None
    )
    parsed = parse_street_address(person.street_address)
    return LetterContent(
        person_id=person.pk,
        recipient_name=person.full_name,
        address_lines=address_lines(
            person.full_name, person.street_address, person.postal_code, person.postal_place
        ),
        postal_code=person.postal_code,
        street=parsed.street,
        house_number=parsed.number,
        house_letter=parsed.letter,
        language=language,
        kommune_name=kommune.name,
        phone=(settings.contact_phone or kommune.phone).strip(),
        signature=settings.signature or f"{kommune.name} kommune",
        week_start=context.week_start,
        week_label=week_label(context.week_start, language),
        activities=choose_activities(
            context.options,
            origin=origin,
            wheelchair_first=uses_wheelchair(person.about, wheelchair_signal),
            limit=limit,
        ),
        news=context.news,
        volunteer_calls=context.calls,
        appointments=appointments,
        given_name=person.given_name,
    )


def build_letters(
    people: Iterable[Person],
    *,
    kommune: Kommune,
    week_start: dt.date,
    wheelchair_signal: str = "rullestol",
    limit: int = ACTIVITIES_PER_LETTER,
    context: LetterContext | None = None,
) -> list[LetterContent]:
    """The letters for these people (all in `kommune`), in delivery order."""
    people = list(people)
    context = context or LetterContext.load(kommune, week_start)
    appointments = _appointments([p.pk for p in people], week_start)
    letters = [
        _letter(
            person,
            context,
            appointments.get(person.pk, []),
            wheelchair_signal=wheelchair_signal,
            limit=limit,
        )
        for person in people
    ]
    letters.sort(key=lambda letter: (letter.sort_key, letter.person_id))
    return letters


def iter_kommune_letters(
    kommune_id: int, week_start: dt.date, *, batch_size: int = BATCH_SIZE
) -> Iterator[LetterContent]:
    """Every paper letter of the kommune for the week, in delivery order, a batch at a time.

    Three queries per batch (people, sign-ups, help visits) plus four once: memory depends on
    the batch size, not on the number of residents.
    """
    kommune = Kommune.objects.get(pk=kommune_id)
    context = LetterContext.load(kommune, week_start)
    ids = letter_recipient_ids(kommune_id, week_start)
    for start in range(0, len(ids), batch_size):
        batch = ids[start : start + batch_size]
        people = Person.objects.filter(pk__in=batch).select_related("kommune")
        position = {pk: index for index, pk in enumerate(batch)}
        letters = build_letters(people, kommune=kommune, week_start=week_start, context=context)
        letters.sort(key=lambda letter: position[letter.person_id])
        yield from letters


def kommune_letters(kommune_id: int, week_start: dt.date) -> list[LetterContent]:
    """Every paper letter of the kommune for the week starting `week_start`, in delivery order."""
    return list(iter_kommune_letters(kommune_id, week_start))


def letter_content_for(person: Person, week_start: dt.date) -> LetterContent:
    """One person's letter (also for people outside the target group who asked for one)."""
    return build_letters([person], kommune=person.kommune, week_start=week_start)[0]


def email_recipient_ids(kommune_id: int) -> list[int]:
    """People who chose the letter by e-mail and have an e-mail address."""
    return list(
        Person.objects.filter(kommune_id=kommune_id, letter_choice__delivery=LetterDelivery.EMAIL)
        .exclude(email="")
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def letters_for(
    person_ids: list[int], kommune: Kommune, week_start: dt.date
) -> list[LetterContent]:
    """The letters of these people (for e-mail), in the order of `person_ids`."""
    people = Person.objects.filter(pk__in=person_ids, kommune=kommune).select_related("kommune")
    letters = build_letters(people, kommune=kommune, week_start=week_start)
    position = {pk: index for index, pk in enumerate(person_ids)}
    return sorted(letters, key=lambda letter: position[letter.person_id])


@dataclass(frozen=True)
class EditorOverview:
    week_start: dt.date
    week_end: dt.date
    paper: int
    email: int
    declined: int
    news: list[NewsItem]
    settings: LetterSettings


def editor_overview(*, user, kommune: Kommune, week_start: dt.date) -> EditorOverview:
    """What the letter's editor sees: how many get it, and the week's news (coordinators)."""
    require_editor(user, kommune.pk)
    week_end = week_start + dt.timedelta(days=6)
    return EditorOverview(
        week_start=week_start,
        week_end=week_end,
        paper=len(letter_recipient_ids(kommune.pk, week_start)),
        email=len(email_recipient_ids(kommune.pk)),
        declined=LetterChoice.objects.filter(
            person__kommune=kommune, delivery=LetterDelivery.NONE
        ).count(),
        news=list(
            NewsItem.objects.filter(
                kommune=kommune, valid_from__lte=week_end, valid_to__gte=week_start
            )
        ),
        settings=_settings_for(kommune),
    )


def require_editor(user, kommune_id: int) -> None:
    """The weekly letter is edited by the kommune's coordinators."""
    if not user_has_role(user, Role.COORDINATOR, kommune_id):
        raise PermissionDenied(_("Bare koordinatorer i kommunen kan redigere ukebrevet."))


def letter_preview_for(*, user, kommune: Kommune, person_id: int, week_start: dt.date):
    """One resident's letter for the editor; the read is logged for the person to see."""
    require_editor(user, kommune.pk)
    person = get_object_or_404(
        Person.objects.select_related("kommune"), pk=person_id, kommune=kommune
    )
    access_log_record(
        subject=person,
        viewer=user,
        what=str(_("Ukebrevet (forhåndsvisning)")),
        reason=str(_("Koordinator i kommunen")),
        role_label=viewer_role_label(user, person),
    )
    return person, letter_content_for(person, week_start)


def letter_choice_of(person: Person) -> str:
    """The person's own choice, or "" when the kommune's target group decides."""
    found = LetterChoice.objects.filter(person=person).first()
    return found.delivery if found else ""
