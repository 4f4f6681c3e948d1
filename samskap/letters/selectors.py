"""Reads for the weekly letter: who gets one, and what is in it.

`kommune_letters` builds every letter of a kommune with a fixed number of queries, whatever
the number of recipients: the week's activities are loaded once and placed per person in
Python, and appointments and news are loaded for all recipients at once.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

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
    letter_language,
    parse_street_address,
    uses_wheelchair,
    week_label,
)
from samskap.letters.models import LetterSettings, NewsItem, NewsKind
from samskap.municipalities.models import Kommune
from samskap.people.models import ContactChannel, Person

DEFAULT_MIN_AGE = 70
ACTIVITIES_PER_LETTER = 4
ACTIVE_NEED_STATUSES = (NeedStatus.OPEN, NeedStatus.ASSIGNED)


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def next_week_start(today: dt.date) -> dt.date:
    return monday_of(today) + dt.timedelta(days=7)


def _settings_for(kommune: Kommune) -> LetterSettings:
    found = LetterSettings.objects.filter(kommune=kommune).first()
    return found or LetterSettings(kommune=kommune)


def letter_recipients(kommune_id: int, on: dt.date, *, min_age: int | None = None):
    """Residents of the target age who want letters on paper (`build_letters` sorts them)."""
    if min_age is None:
        found = LetterSettings.objects.filter(kommune_id=kommune_id).first()
        min_age = found.min_age if found else DEFAULT_MIN_AGE
    return (
        Person.objects.filter(
            kommune_id=kommune_id,
            birth_year__isnull=False,
            birth_year__lte=on.year - min_age,
            contact_channels__contains=[ContactChannel.LETTER],
        )
        .select_related("kommune")
        .order_by("postal_code", "street_address", "pk")
    )


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
    """Confirmed sign-ups and accepted help visits in the week, for all people (two queries)."""
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
    for appointments in found.values():
        appointments.sort(key=lambda a: (a.date, a.time or dt.time(0)))
    return found


def build_letters(
    people: Iterable[Person],
    *,
    kommune: Kommune,
    week_start: dt.date,
    wheelchair_signal: str = "rullestol",
    limit: int = ACTIVITIES_PER_LETTER,
) -> list[LetterContent]:
    """The letters for these people (all in `kommune`), in delivery order."""
    people = list(people)
    settings = _settings_for(kommune)
    options = week_activities(kommune.pk, week_start)
    news, calls = _news(kommune.pk, week_start)
    appointments = _appointments([p.pk for p in people], week_start)
    letters = []
    for person in people:
        language = letter_language(person.written_language)
        origin = (
            (person.latitude, person.longitude)
            if person.latitude is not None and person.longitude is not None
            else None
        )
        parsed = parse_street_address(person.street_address)
        letters.append(
            LetterContent(
                person_id=person.pk,
                recipient_name=person.full_name,
                address_lines=address_lines(
                    person.full_name,
                    person.street_address,
                    person.postal_code,
                    person.postal_place,
                ),
                postal_code=person.postal_code,
                street=parsed.street,
                house_number=parsed.number,
                house_letter=parsed.letter,
                language=language,
                kommune_name=kommune.name,
                phone=(settings.contact_phone or kommune.phone).strip(),
                signature=settings.signature or f"{kommune.name} kommune",
                week_start=week_start,
                week_label=week_label(week_start, language),
                activities=choose_activities(
                    options,
                    origin=origin,
                    wheelchair_first=uses_wheelchair(person.about, wheelchair_signal),
                    limit=limit,
                ),
                news=news,
                volunteer_calls=calls,
                appointments=appointments.get(person.pk, []),
                given_name=person.given_name,
            )
        )
    letters.sort(key=lambda letter: (letter.sort_key, letter.person_id))
    return letters


def kommune_letters(kommune_id: int, week_start: dt.date) -> list[LetterContent]:
    """Every letter of the kommune for the week starting `week_start`, in delivery order."""
    kommune = Kommune.objects.get(pk=kommune_id)
    people = letter_recipients(kommune_id, week_start)
    return build_letters(people, kommune=kommune, week_start=week_start)


def letter_content_for(person: Person, week_start: dt.date) -> LetterContent:
    """One person's letter (also for people outside the target group who asked for one)."""
    return build_letters([person], kommune=person.kommune, week_start=week_start)[0]
