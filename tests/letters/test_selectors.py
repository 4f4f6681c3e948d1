"""Who gets the weekly letter and what is in it, against the demo cast in PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samskap.activities.models import Activity, SignUp, SignUpStatus
from samskap.help.models import Assignment, AssignmentStatus, HelperProfile, Need, NeedStatus
from samskap.letters.models import NewsKind
from samskap.letters.selectors import (
    build_letters,
    kommune_letters,
    letter_content_for,
    letter_recipients,
    next_week_start,
)
from samskap.letters.services import letter_settings_update, news_item_create
from samskap.municipalities.models import Kommune
from samskap.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def eli(demo) -> Person:
    return Person.objects.select_related("kommune").get(given_name="Eli", family_name="Haugen")


@pytest.fixture
def week() -> dt.date:
    return next_week_start(timezone.localdate())


def test_eli_gets_a_letter_and_people_without_paper_do_not(eli, week):
    recipients = list(letter_recipients(eli.kommune_id, week))
    assert eli in recipients
    assert all("letter" in p.contact_channels for p in recipients)
    assert all(week.year - p.birth_year >= 70 for p in recipients)


def test_min_age_comes_from_the_settings(eli, week):
    letter_settings_update(
        kommune=eli.kommune, min_age=80, contact_phone="", signature="", updated_by=None
    )
    assert eli not in letter_recipients(eli.kommune_id, week)


def test_elis_letter_puts_wheelchair_accessible_activities_first_then_nearest(eli, week):
    letter = letter_content_for(eli, week)
    assert letter.kommune_name == "Gausdal"
    assert letter.phone == "61 22 40 00"
    titles = [a.option.title for a in letter.activities]
    # The walking group is nearest (0.4 km) but has no wheelchair access: Eli uses one.
    assert titles == [
        "Digital kafé på biblioteket",
        "Sterk og stødig",
        "Turgruppa på Segalstad bru",
    ]
    distances = [a.distance_km for a in letter.activities]
    assert distances[0] < distances[1] and distances[2] < distances[0]
    assert [a.option.wheelchair_access for a in letter.activities] == [True, True, False]
    assert letter.activities[1].option.ride_offered
    # A neighbour who walks gets the same activities nearest first.
    eli.about = ""
    assert [a.option.title for a in letter_content_for(eli, week).activities][0] == (
        "Turgruppa på Segalstad bru"
    )
    assert letter.week_label == f"Uke {week.isocalendar().week}"


def test_nynorsk_letter(eli, week):
    eli.written_language = "nn"
    assert letter_content_for(eli, week).week_label.startswith("Veke ")


def test_own_appointments_and_news(eli, week):
    sterk = Activity.objects.get(title="Sterk og stødig")
    SignUp.objects.create(activity=sterk, person=eli, status=SignUpStatus.CONFIRMED)
    news_item_create(
        kommune=eli.kommune,
        title="Julekonsert",
        body="I kirka søndag.",
        valid_from=week,
        valid_to=week + dt.timedelta(days=6),
        created_by=None,
    )
    news_item_create(
        kommune=eli.kommune,
        title="Besøksvenner søkes",
        body="Ring frivilligsentralen.",
        kind=NewsKind.VOLUNTEER_CALL,
        valid_from=week - dt.timedelta(days=30),
        valid_to=week,
        created_by=None,
    )
    news_item_create(
        kommune=eli.kommune,
        title="Gammel nyhet",
        body="Utløpt.",
        valid_from=week - dt.timedelta(days=30),
        valid_to=week - dt.timedelta(days=1),
        created_by=None,
    )
    letter = letter_content_for(eli, week)
    assert [a.title for a in letter.appointments] == ["Sterk og stødig"]
    assert [n.title for n in letter.news] == ["Julekonsert"]
    assert [n.title for n in letter.volunteer_calls] == ["Besøksvenner søkes"]


def _residents(kommune: Kommune, count: int) -> list[Person]:
    return Person.objects.bulk_create(
        Person(
            kommune=kommune,
            given_name=f"Test{i}",
            family_name="Testesen",
            birth_year=1940,
            street_address=f"Storgata {count - i}",
            postal_code="2651",
            postal_place="Østre Gausdal",
            latitude=61.24,
            longitude=10.32,
            contact_channels=["letter"],
        )
        for i in range(count)
    )


def test_query_count_does_not_grow_with_recipients(eli, week):
    def queries_for(people) -> int:
        with CaptureQueriesContext(connection) as captured:
            build_letters(people, kommune=eli.kommune, week_start=week)
        return len(captured)

    few = queries_for(_residents(eli.kommune, 2))
    many = queries_for(_residents(eli.kommune, 40))
    assert few == many <= 8


def test_kommune_letters_are_in_delivery_order(eli, week):
    _residents(eli.kommune, 12)
    letters = kommune_letters(eli.kommune_id, week)
    numbers = [x.house_number for x in letters if x.street == "storgata"]
    assert numbers == sorted(numbers) == list(range(1, 13))
    assert [x.sort_key for x in letters] == sorted(x.sort_key for x in letters)


def test_accepted_help_visit_is_an_appointment(eli, week):
    helper = HelperProfile.objects.filter(person__isnull=False).first()
    need = Need.objects.create(
        kommune=eli.kommune,
        person=eli,
        category=helper.categories[0],
        recurrence="weekly",
        first_date=week - dt.timedelta(days=12),
        status=NeedStatus.ASSIGNED,
    )
    Assignment.objects.create(
        kommune=eli.kommune, need=need, helper=helper, status=AssignmentStatus.ACCEPTED
    )
    visits = [a for a in letter_content_for(eli, week).appointments if a.kind == "visit"]
    assert [(v.date, v.title) for v in visits] == [
        (week + dt.timedelta(days=2), helper.person.full_name)
    ]


def test_own_choice_overrides_the_target_group(eli, week):
    from samskap.letters.models import LetterChoice, LetterDelivery

    young = Person.objects.create(
        kommune=eli.kommune,
        given_name="Unni",
        family_name="Ung",
        birth_year=week.year - 40,
        street_address="Storgata 1",
        postal_code="2651",
        contact_channels=["app"],
    )
    assert young not in letter_recipients(eli.kommune_id, week)
    LetterChoice.objects.create(person=young, delivery=LetterDelivery.PAPER)
    assert young in letter_recipients(eli.kommune_id, week)
    LetterChoice.objects.create(person=eli, delivery=LetterDelivery.EMAIL)
    assert eli not in letter_recipients(eli.kommune_id, week)  # e-mail instead of paper
    LetterChoice.objects.filter(person=eli).update(delivery=LetterDelivery.NONE)
    assert eli not in letter_recipients(eli.kommune_id, week)


def test_letters_are_read_in_batches_with_a_fixed_number_of_queries(eli, week):
    from samskap.letters.selectors import iter_kommune_letters

    _residents(eli.kommune, 30)

    def queries(batch_size: int) -> tuple[int, list[int]]:
        with CaptureQueriesContext(connection) as captured:
            ids = [
                x.person_id
                for x in iter_kommune_letters(eli.kommune_id, week, batch_size=batch_size)
            ]
        return len(captured), ids

    one_batch, ids = queries(1000)
    batches_of_ten, same_ids = queries(10)
    assert ids == same_ids == [x.person_id for x in kommune_letters(eli.kommune_id, week)]
    batches = -(-len(ids) // 10)
    # people, sign-ups, help visits and rides per batch
    assert batches_of_ten - one_batch == 4 * (batches - 1)


def test_a_ride_is_an_appointment_with_the_pickup_time_once_sent(eli, week):
    from samskap.accounts.models import User
    from samskap.transport.models import RideStatus
    from samskap.transport.services import ride_request_create

    axel = User.objects.get(username="axel")
    day = week + dt.timedelta(days=3)
    ride = ride_request_create(
        person=eli, created_by=axel, date=day, destination_kind="doctor",
        destination_name="Gausdal legekontor", destination=(61.2262, 10.2588),
        time=dt.time(9, 30), mobility="wheelchair",
    )  # fmt: skip
    rides = [a for a in letter_content_for(eli, week).appointments if a.kind == "ride"]
    assert [(a.date, a.time, a.title) for a in rides] == [(day, None, "Gausdal legekontor")]
    ride.told_pickup_out = dt.time(9, 5)
    ride.save()
    rides = [a for a in letter_content_for(eli, week).appointments if a.kind == "ride"]
    assert [a.time for a in rides] == [dt.time(9, 5)]
    ride.status = RideStatus.CANCELLED
    ride.save()
    assert not [a for a in letter_content_for(eli, week).appointments if a.kind == "ride"]
