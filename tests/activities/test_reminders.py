"""Day-before reminders: who gets one, through which channel, in which language, and once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import get_language

from samskap.activities import reminders, services
from samskap.activities.holidays import common_day_off_on, holiday_on
from samskap.activities.models import Activity, ActivityReminder, SignUpStatus
from samskap.notifications.models import Channel, Notification
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

THURSDAY = 3


@pytest.fixture
def sterk(demo) -> Activity:
    return Activity.objects.get(title="Sterk og stødig")


def _thursdays() -> list[dt.date]:
    today = timezone.localdate()
    first = today + dt.timedelta(days=(THURSDAY - today.weekday()) % 7 or 7)
    return [first + dt.timedelta(weeks=n) for n in range(60)]


def ordinary_thursday() -> dt.date:
    """A coming Thursday that is neither a public holiday nor julaften/nyttårsaften."""
    return next(d for d in _thursdays() if not holiday_on(d) and not common_day_off_on(d))


def holiday_thursday() -> dt.date:
    """A coming Thursday that is a public holiday (Kristi himmelfartsdag always is one)."""
    return next(d for d in _thursdays() if holiday_on(d))


def eve(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=1)


def reminders_for(person) -> list[Notification]:
    return list(Notification.objects.filter(recipient=person, subject__startswith="Påminnelse"))


def test_confirmed_participant_is_reminded_the_day_before(users, sterk):
    torleif = users["torleif"].person
    services.signup_create(
        activity=sterk, person=torleif, signed_up_by=users["berit"], needs_ride=True
    )
    thursday = ordinary_thursday()

    assert reminders.send_reminders(today=thursday - dt.timedelta(days=2)) == 0
    assert reminders.send_reminders(today=eve(thursday)) == 1

    [note] = reminders_for(torleif)
    assert note.channel == Channel.SMS  # Torleif prefers SMS and has a phone
    assert note.subject == "Påminnelse: Sterk og stødig i morgen"
    assert note.body.startswith("Påminnelse: Sterk og stødig i morgen, torsdag ")
    assert "kl. 11.00 på Follebu samfunnshus." in note.body
    assert "Du har bedt om skyss." in note.body
    assert "Ring 61 22 49 00" in note.body  # how to cancel
    assert note.url == f"/aktiviteter/{sterk.pk}/"
    assert ActivityReminder.objects.get().date == thursday


def test_ride_is_mentioned_only_when_needed(users, sterk):
    eli = users["eli"].person
    services.signup_create(activity=sterk, person=eli, signed_up_by=users["hanne"])
    reminders.send_reminders(today=eve(ordinary_thursday()))
    [note] = reminders_for(eli)
    assert note.channel == Channel.APP
    assert "Skyss" not in note.body


def test_no_reminder_for_waitlisted_or_cancelled(users, sterk):
    hanne = users["hanne"]
    confirmed, waiting, cancelled = (PersonFactory(kommune=sterk.kommune) for _ in range(3))
    gone = services.signup_create(activity=sterk, person=cancelled, signed_up_by=hanne)
    services.signup_cancel(signup=gone, cancelled_by=hanne)
    sterk.capacity = 1
    sterk.save()
    services.signup_create(activity=sterk, person=confirmed, signed_up_by=hanne)
    assert (
        services.signup_create(activity=sterk, person=waiting, signed_up_by=hanne).status
        == SignUpStatus.WAITLISTED
    )

    assert reminders.send_reminders(today=eve(ordinary_thursday())) == 1
    assert len(reminders_for(confirmed)) == 1
    assert reminders_for(waiting) == []
    assert reminders_for(cancelled) == []


def test_no_reminder_on_a_holiday_or_a_cancelled_date(users, sterk):
    torleif = users["torleif"].person
    services.signup_create(activity=sterk, person=torleif, signed_up_by=users["berit"])
    assert reminders.send_reminders(today=eve(holiday_thursday())) == 0

    cancelled = ordinary_thursday()
    sterk.exceptions = [cancelled.isoformat()]
    sterk.save()
    assert reminders.send_reminders(today=eve(cancelled)) == 0
    assert reminders_for(torleif) == []
    assert not ActivityReminder.objects.exists()


def test_extra_date_after_the_end_is_reminded(users, sterk):
    torleif = users["torleif"].person
    services.signup_create(activity=sterk, person=torleif, signed_up_by=users["berit"])
    extra = ordinary_thursday() + dt.timedelta(days=1)  # a Friday after the course ended
    sterk.until = eve(extra) - dt.timedelta(days=7)
    sterk.extra_dates = [extra.isoformat()]
    sterk.save()
    assert reminders.send_reminders(today=eve(eve(extra))) == 0  # no Thursday any more
    assert reminders.send_reminders(today=eve(extra)) == 1
    [note] = reminders_for(torleif)
    assert "i morgen, fredag " in note.body


def test_second_run_sends_nothing(users, sterk):
    torleif = users["torleif"].person
    services.signup_create(activity=sterk, person=torleif, signed_up_by=users["berit"])
    today = eve(ordinary_thursday())
    assert reminders.send_reminders(today=today) == 1
    assert reminders.send_reminders(today=today) == 0
    assert len(reminders_for(torleif)) == 1
    # The next week is a new date: a new reminder.
    next_week = today + dt.timedelta(weeks=1)
    if not holiday_on(next_week + dt.timedelta(days=1)):
        assert reminders.send_reminders(today=next_week) == 1


def test_the_reminder_is_written_in_the_persons_language(users, sterk, monkeypatch):
    nynorsk = PersonFactory(kommune=sterk.kommune, written_language="nn")
    bokmal = PersonFactory(kommune=sterk.kommune, written_language="nb")
    for person in (nynorsk, bokmal):
        services.signup_create(activity=sterk, person=person, signed_up_by=users["hanne"])
    languages: dict[int, str | None] = {}
    real_notify = reminders.notify

    def recording_notify(*, person, **kwargs):
        languages[person.pk] = get_language()
        return real_notify(person=person, **kwargs)

    monkeypatch.setattr(reminders, "notify", recording_notify)
    assert reminders.send_reminders(today=eve(ordinary_thursday())) == 2
    assert languages == {nynorsk.pk: "nn", bokmal.pk: "nb"}
    assert get_language() == "nb"  # the override ends with the message
    [note] = Notification.objects.filter(recipient=nynorsk, subject__startswith="Påminning")
    assert note.subject.startswith("Påminning: Sterk og stødig i morgon")  # nynorsk
    assert note.channel == Channel.STAFF  # no login and no phone: staff pass it on
    assert reminders_for(bokmal)[0].subject.startswith("Påminnelse:")


def test_person_without_internet_ends_on_the_staff_call_list(users, sterk):
    offline = PersonFactory(kommune=sterk.kommune, contact_channels=["via_staff"], phone="")
    services.signup_create(activity=sterk, person=offline, signed_up_by=users["hanne"])
    reminders.send_reminders(today=eve(ordinary_thursday()))
    [note] = reminders_for(offline)
    assert note.channel == Channel.STAFF
    assert note.handled_at is None  # waiting on "ring disse"
    assert note.kommune_id == sterk.kommune_id


def test_query_count_does_not_grow_with_sign_ups(users, sterk):
    hanne = users["hanne"]
    other = Activity.objects.get(pk=sterk.pk)
    other.pk = None
    other.title = "Sterk og stødig, gruppe 2"
    other.save()
    people = [PersonFactory(kommune=sterk.kommune) for _ in range(6)]
    for i, person in enumerate(people):
        services.signup_create(
            activity=sterk if i % 2 else other, person=person, signed_up_by=hanne
        )
    people[0].contact_channels = ["sms"]
    people[0].phone = "+47 900 00 000"
    people[0].save()
    with CaptureQueriesContext(connection) as queries:
        assert reminders.send_reminders(today=eve(ordinary_thursday())) == 6
    selects = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    assert len(selects) == 2, selects  # activities held tomorrow; their sign-ups
    inserts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 2 * 6  # a reminder row and a notification per sign-up
    assert len(queries) <= 2 + 6 * 4  # plus a savepoint and its release per sign-up


def test_management_command_runs_the_service(users, sterk, capsys):
    torleif = users["torleif"].person
    services.signup_create(activity=sterk, person=torleif, signed_up_by=users["berit"])
    today = eve(ordinary_thursday()).isoformat()
    call_command("send_activity_reminders", "--date", today)
    call_command("send_activity_reminders", "--date", today)
    out = capsys.readouterr().out
    assert "1 reminder(s) sent." in out
    assert "0 reminder(s) sent." in out
    assert len(reminders_for(torleif)) == 1
