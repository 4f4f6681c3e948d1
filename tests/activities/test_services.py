"""Meeting places through the services, with the demo cast."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from samskap.activities import recurrence, services
from samskap.activities.models import Activity, Attendance, SignUp, SignUpStatus, SignUpVia
from samskap.notifications.models import Notification
from samskap.privacy.models import AuditEvent
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sterk(demo) -> Activity:
    return Activity.objects.get(title="Sterk og stødig")


def last_held(activity: Activity) -> dt.date:
    today = timezone.localdate()
    held = [
        o
        for o in recurrence.occurrences(activity.rule(), today - dt.timedelta(days=21), today)
        if not o.skipped
    ]
    return held[-1].date


def test_demo_has_bridge_and_sterk_og_stodig_with_volunteer_leaders(sterk):
    bridge = Activity.objects.get(title="Bridge på helsehuset")
    assert {leader.person.given_name for leader in bridge.leaders.all()} == {"Viggo"}
    assert {(x.person.given_name, x.role) for x in sterk.leaders.all()} == {
        ("Julie", "instructor"),
        ("Randi", "assistant"),
    }
    assert all(x.training for x in sterk.leaders.all())


def test_torleif_is_signed_up_by_staff_on_the_phone(users, sterk):
    torleif = users["torleif"].person
    signup = services.signup_create(activity=sterk, person=torleif, signed_up_by=users["berit"])
    assert signup.status == SignUpStatus.CONFIRMED
    assert signup.created_via == SignUpVia.STAFF
    assert Notification.objects.filter(recipient=torleif, subject__contains="påmeldt").exists()
    with pytest.raises(ValidationError):
        services.signup_create(activity=sterk, person=torleif, signed_up_by=users["torleif"])
    with pytest.raises(PermissionDenied):
        services.signup_create(
            activity=sterk, person=users["eli"].person, signed_up_by=users["lars"]
        )


def test_full_activity_uses_a_waiting_list_in_order(users, sterk):
    sterk.capacity = 2
    sterk.save()
    hanne = users["hanne"]
    people = [PersonFactory(kommune=sterk.kommune) for _ in range(4)]
    signups = [services.signup_create(activity=sterk, person=p, signed_up_by=hanne) for p in people]
    assert [s.status for s in signups] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    services.signup_cancel(signup=signups[0], cancelled_by=hanne)
    statuses = {s.person_id: s.status for s in SignUp.objects.filter(activity=sterk)}
    assert statuses[people[2].pk] == SignUpStatus.CONFIRMED  # first in the queue
    assert statuses[people[3].pk] == SignUpStatus.WAITLISTED
    assert Notification.objects.filter(recipient=people[2], subject__contains="plass").exists()


def test_leader_takes_attendance_only_for_held_days(users, sterk):
    julie_cannot_log_in = users["randi"]  # Randi assists and has a login
    people = [PersonFactory(kommune=sterk.kommune) for _ in range(3)]
    for p in people:
        services.signup_create(activity=sterk, person=p, signed_up_by=users["hanne"])
    day = last_held(sterk)
    rows = services.attendance_record(
        activity=sterk,
        day=day,
        present_person_ids={people[0].pk, people[1].pk},
        recorded_by=julie_cannot_log_in,
    )
    assert sorted(r.present for r in rows) == [False, True, True]
    # Taking the register again corrects it rather than duplicating it.
    services.attendance_record(
        activity=sterk,
        day=day,
        present_person_ids={people[0].pk},
        recorded_by=julie_cannot_log_in,
    )
    assert Attendance.objects.filter(activity=sterk, date=day, present=True).count() == 1
    with pytest.raises(ValidationError):
        services.attendance_record(
            activity=sterk,
            day=day + dt.timedelta(days=1),
            present_person_ids=set(),
            recorded_by=julie_cannot_log_in,
        )
    with pytest.raises(ValidationError):
        services.attendance_record(
            activity=sterk,
            day=day + dt.timedelta(days=7 * 52),
            present_person_ids=set(),
            recorded_by=julie_cannot_log_in,
        )
    with pytest.raises(PermissionDenied):
        services.attendance_record(
            activity=sterk, day=day, present_person_ids=set(), recorded_by=users["lars"]
        )


def test_sterk_og_stodig_skips_ascension_day(sterk):
    ascension = dt.date(2027, 5, 6)  # Easter 2027 is 28 March; Ascension is a Thursday
    assert ascension.weekday() == 3
    (on_the_day,) = recurrence.occurrences(sterk.rule(), ascension, ascension)
    assert on_the_day.skipped and "himmelfart" in on_the_day.skipped_reason.lower()
    (week_after,) = recurrence.occurrences(
        sterk.rule(), ascension + dt.timedelta(days=7), ascension + dt.timedelta(days=7)
    )
    assert not week_after.skipped


def test_functional_test_results_are_recorded_by_instructors_only(users, sterk):
    person = PersonFactory(kommune=sterk.kommune)
    services.signup_create(activity=sterk, person=person, signed_up_by=users["hanne"])
    result = services.functional_test_record(
        activity=sterk,
        person=person,
        test="chair_stand_30s",
        phase="start",
        day=timezone.localdate(),
        value=Decimal("9"),
        recorded_by=users["randi"],
    )
    assert AuditEvent.objects.filter(
        action="functional_test_recorded", object_id=str(result.pk)
    ).exists()
    with pytest.raises(PermissionDenied):
        services.functional_test_record(
            activity=sterk,
            person=person,
            test="chair_stand_30s",
            phase="end",
            day=timezone.localdate(),
            value=Decimal("11"),
            recorded_by=users["lars"],
        )
    with pytest.raises(ValidationError):
        services.functional_test_record(
            activity=sterk,
            person=person,
            test="chair_stand_30s",
            phase="end",
            day=timezone.localdate(),
            value=Decimal("-3"),
            recorded_by=users["randi"],
        )


def test_activities_near_eli_next_week_wheelchair_access_first(users, sterk):
    from samskap.activities.selectors import activities_in_period

    eli = users["eli"].person
    other = Activity.objects.get(title="Bridge på helsehuset")
    other.kommune = sterk.kommune
    other.wheelchair_access = False
    other.latitude, other.longitude = eli.latitude + 0.001, eli.longitude  # next door
    other.save()
    today = timezone.localdate()
    found = activities_in_period(
        kommune_ids=[eli.kommune_id],
        start=today,
        end=today + dt.timedelta(days=13),
        origin=(eli.latitude, eli.longitude),
        wheelchair_first=True,
    )
    titles = [f.activity.title for f in found]
    # Accessible ones first, nearest first among them; the one next door comes after.
    assert titles == [
        "Digital kafé på biblioteket",
        "Sterk og stødig",
        "Bridge på helsehuset",
        "Turgruppa på Segalstad bru",
    ]
    nearest = activities_in_period(
        kommune_ids=[eli.kommune_id],
        start=today,
        end=today + dt.timedelta(days=13),
        origin=(eli.latitude, eli.longitude),
    )
    assert nearest[0].activity.title == "Bridge på helsehuset"
    assert nearest[0].distance_km < nearest[1].distance_km
