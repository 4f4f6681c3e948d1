"""Planning Thursday's Sterk og stødig rides in Gausdal against PostgreSQL and the demo cast."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from samskap.demo.transport_seed import next_thursday, seed_transport_demo
from samskap.notifications.models import Notification
from samskap.privacy.models import AccessLogEntry, AuditEvent
from samskap.transport import selectors, services
from samskap.transport.models import (
    DriverShift,
    PlannedStop,
    RidePlan,
    RideRequest,
    RideStatus,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def thursday(users):
    seed_transport_demo()
    return next_thursday(timezone.localdate())


def prepare(users, day):
    hanne = users["hanne"]
    made = services.rides_from_signups(kommune_id=gausdal(users), date=day, by=hanne)
    torleif = RideRequest.objects.get(person=users["torleif"].person)
    services.ride_request_accept(ride=torleif, by=hanne)
    return made


def gausdal(users) -> int:
    return users["hanne"].person.kommune_id


def shift_of(users, username, day) -> DriverShift:
    return DriverShift.objects.get(driver__person=users[username].person, date=day)


def minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def test_rides_from_signups_are_made_once_with_mobility_from_the_person(users, thursday):
    made = prepare(users, thursday)
    eli = users["eli"].person
    assert [r.person for r in made.created] == [eli]
    ride = made.created[0]
    assert ride.mobility == "wheelchair" and ride.status == RideStatus.ACCEPTED
    assert (ride.time, ride.return_pickup_at) == (dt.time(11, 0), dt.time(12, 0))
    again = services.rides_from_signups(kommune_id=gausdal(users), date=thursday,
                                        by=users["hanne"])  # fmt: skip
    assert again.created == []
    assert selectors.signups_needing_rides(kommune_id=gausdal(users), date=thursday) == 0


def test_thursday_plan_eli_in_the_minibus_torleif_within_window_and_ride_time(users, thursday):
    prepare(users, thursday)
    plan = services.plan_create(kommune_id=gausdal(users), date=thursday, by=users["hanne"])
    assert plan.checked and plan.unserved == []
    marius = shift_of(users, "marius", thursday)
    eli_stops = PlannedStop.objects.filter(plan=plan, request__person=users["eli"].person)
    assert eli_stops.count() == 4
    assert set(eli_stops.values_list("shift_id", flat=True)) == {marius.pk}
    torleif = RideRequest.objects.get(person=users["torleif"].person)
    stops = {(s.leg, s.kind): s.at for s in PlannedStop.objects.filter(plan=plan, request=torleif)}
    arrive = minutes(stops[("out", "dropoff")])
    assert 10 * 60 + 45 <= arrive <= 11 * 60
    # Ride time limit 60 min (stops are stored to the minute; allow the rounding).
    assert arrive - minutes(stops[("out", "pickup")]) <= 60 + 1
    assert minutes(stops[("back", "pickup")]) >= 12 * 60
    assert minutes(stops[("back", "dropoff")]) - minutes(stops[("back", "pickup")]) <= 60 + 1
    torleif.refresh_from_db()
    assert torleif.status == RideStatus.PLANNED


def test_lock_moves_a_ride_and_the_rest_is_replanned(users, thursday):
    prepare(users, thursday)
    hanne = users["hanne"]
    first = services.plan_create(kommune_id=gausdal(users), date=thursday, by=hanne)
    torleif = RideRequest.objects.get(person=users["torleif"].person)
    current = set(
        PlannedStop.objects.filter(plan=first, request=torleif).values_list("shift_id", flat=True)
    )
    other = DriverShift.objects.filter(date=thursday).exclude(pk__in=current).first()
    services.ride_lock(ride=torleif, shift=other, by=hanne)
    second = services.plan_create(kommune_id=gausdal(users), date=thursday, by=hanne)
    assert second.checked
    moved = PlannedStop.objects.filter(plan=second, request=torleif)
    assert set(moved.values_list("shift_id", flat=True)) == {other.pk}
    assert AuditEvent.objects.filter(action="ride_locked", subject=torleif.person).exists()
    assert selectors.latest_plan(kommune_id=gausdal(users), date=thursday) == second


def test_without_the_minibus_eli_is_unserved_with_the_reason(users, thursday):
    prepare(users, thursday)
    shift_of(users, "marius", thursday).delete()
    plan = services.plan_create(kommune_id=gausdal(users), date=thursday, by=users["hanne"])
    assert plan.checked
    eli_ride = RideRequest.objects.get(person=users["eli"].person)
    kinds = {(u["request"], u["kind"]) for u in plan.unserved}
    assert (eli_ride.pk, "wheelchair") in kinds
    eli_ride.refresh_from_db()
    assert eli_ride.status == RideStatus.ACCEPTED
    day = selectors.coordinator_day(user=users["hanne"], kommune_id=gausdal(users), date=thursday)
    assert any("rullestolplass" in u.reason for u in day.unserved)


def test_publish_tells_passengers_and_drivers_and_only_changes_next_time(users, thursday):
    prepare(users, thursday)
    hanne = users["hanne"]
    plan = services.plan_create(kommune_id=gausdal(users), date=thursday, by=hanne)
    sent = services.plan_publish(plan=plan, by=hanne)
    assert sent == 2 + 2  # Eli and Torleif, Randi and Marius
    eli_note = Notification.objects.get(recipient=users["eli"].person)
    assert "hentet ca. kl." in eli_note.body
    again = services.plan_create(kommune_id=gausdal(users), date=thursday, by=hanne)
    assert services.plan_publish(plan=again, by=hanne) == 0  # same plan: nobody told twice
    with pytest.raises(ValidationError):
        services.plan_publish(plan=plan, by=hanne)  # an older plan cannot be sent


def test_day_before_reminder_once(users, thursday):
    prepare(users, thursday)
    hanne = users["hanne"]
    services.plan_create(kommune_id=gausdal(users), date=thursday, by=hanne)
    assert services.send_ride_reminders(day=thursday) == 0  # nothing sent out yet
    services.plan_publish(
        plan=selectors.latest_plan(kommune_id=gausdal(users), date=thursday), by=hanne
    )
    assert services.send_ride_reminders(day=thursday) == 2
    assert services.send_ride_reminders(day=thursday) == 0
    reminder = Notification.objects.filter(
        recipient=users["torleif"].person, subject__startswith="Påminnelse"
    ).get()
    assert "I morgen" in reminder.body


def test_run_sheet_is_for_the_driver_after_sending_and_reads_are_logged(users, thursday):
    prepare(users, thursday)
    hanne = users["hanne"]
    plan = services.plan_create(kommune_id=gausdal(users), date=thursday, by=hanne)
    marius_shift = shift_of(users, "marius", thursday)
    draft = selectors.run_sheet(user=users["marius"], shift=marius_shift)
    assert draft.plan is None and draft.rows == []  # drivers see only what was sent
    services.plan_publish(plan=plan, by=hanne)
    sheet = selectors.run_sheet(user=users["marius"], shift=marius_shift)
    assert sheet.rows and any(r.name == users["eli"].person.full_name for r in sheet.rows)
    eli_pickup = next(r for r in sheet.rows if r.pickup and r.name.startswith("Eli"))
    assert any("rullestol" in n for n in eli_pickup.notes)
    assert AccessLogEntry.objects.filter(
        subject=users["eli"].person, viewer=users["marius"], what__startswith="Kjøreliste"
    ).exists()
    with pytest.raises(PermissionDenied):
        selectors.run_sheet(user=users["randi"], shift=marius_shift)


def test_only_coordinators_plan(users, thursday):
    with pytest.raises(PermissionDenied):
        services.plan_create(kommune_id=gausdal(users), date=thursday, by=users["randi"])
    with pytest.raises(PermissionDenied):
        selectors.coordinator_day(user=users["eli"], kommune_id=gausdal(users), date=thursday)
    assert not RidePlan.objects.exists()


def test_cancel_after_sending_tells_the_driver(users, thursday):
    prepare(users, thursday)
    hanne = users["hanne"]
    plan = services.plan_create(kommune_id=gausdal(users), date=thursday, by=hanne)
    services.plan_publish(plan=plan, by=hanne)
    eli_ride = RideRequest.objects.get(person=users["eli"].person)
    services.ride_request_cancel(ride=eli_ride, by=users["axel"])
    assert Notification.objects.filter(
        recipient=users["marius"].person, subject="Skyss avbestilt"
    ).exists()
    sheet = selectors.run_sheet(user=users["marius"], shift=shift_of(users, "marius", thursday))
    assert all(not r.name.startswith("Eli") for r in sheet.rows)


def test_coordinator_day_query_count_does_not_grow(users, thursday, django_assert_max_num_queries):
    prepare(users, thursday)
    services.plan_create(kommune_id=gausdal(users), date=thursday, by=users["hanne"])
    hanne = users["hanne"]
    with django_assert_max_num_queries(20) as small:
        selectors.coordinator_day(user=hanne, kommune_id=gausdal(users), date=thursday)
    for ride in RideRequest.objects.all():
        ride.pk = None
        ride.status = RideStatus.ACCEPTED
        ride.save()
    services.plan_create(kommune_id=gausdal(users), date=thursday, by=hanne)
    with django_assert_max_num_queries(len(small.captured_queries)):
        selectors.coordinator_day(user=hanne, kommune_id=gausdal(users), date=thursday)


def test_reminder_command_reminds_about_tomorrow(users, thursday):
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    prepare(users, thursday)
    plan = services.plan_create(kommune_id=gausdal(users), date=thursday, by=users["hanne"])
    services.plan_publish(plan=plan, by=users["hanne"])
    out = StringIO()
    call_command("send_ride_reminders", date=(thursday - dt.timedelta(days=2)).isoformat(),
                 stdout=out)  # fmt: skip
    assert out.getvalue().startswith("0 ride reminder")
    call_command("send_ride_reminders", date=(thursday - dt.timedelta(days=1)).isoformat(),
                 stdout=out)  # fmt: skip
    assert "2 ride reminder(s) sent." in out.getvalue()
    with pytest.raises(CommandError):
        call_command("send_ride_reminders", date="torsdag")


def test_a_sent_shift_is_not_withdrawn_by_the_driver_and_a_dropped_ride_is_told(users, thursday):
    prepare(users, thursday)
    hanne = users["hanne"]
    plan = services.plan_create(kommune_id=gausdal(users), date=thursday, by=hanne)
    services.plan_publish(plan=plan, by=hanne)
    randi_shift = shift_of(users, "randi", thursday)
    with pytest.raises(ValidationError):
        services.shift_delete(shift=randi_shift, by=users["randi"])
    # The coordinator can; with both drivers gone nobody has a driver, and they are told so.
    services.shift_delete(shift=randi_shift, by=hanne)
    services.shift_delete(shift=shift_of(users, "marius", thursday), by=hanne)
    again = services.plan_create(kommune_id=gausdal(users), date=thursday, by=hanne)
    services.plan_publish(plan=again, by=hanne)
    told = Notification.objects.get(
        recipient=users["torleif"].person, subject="Skyssen er ikke ordnet likevel"
    )
    assert "Frivilligsentralen tar kontakt" in told.body
    torleif = RideRequest.objects.get(person=users["torleif"].person)
    assert torleif.told_pickup_out is None and torleif.status == RideStatus.ACCEPTED


def test_a_change_while_the_solver_runs_is_not_overwritten(users, thursday, monkeypatch):
    from samskap.transport import planner

    prepare(users, thursday)
    real = planner.solve_day
    eli_ride = RideRequest.objects.get(person=users["eli"].person)

    def solve_while_axel_edits(day, **kwargs):
        result = real(day, **kwargs)
        # Meanwhile, Axel changes Eli's ride (a real write, as from another request).
        services.ride_request_cancel(ride=RideRequest.objects.get(pk=eli_ride.pk),
                                     by=users["axel"])  # fmt: skip
        return result

    monkeypatch.setattr(planner, "solve_day", solve_while_axel_edits)
    with pytest.raises(ValidationError, match="endret mens planen ble laget"):
        services.plan_create(kommune_id=gausdal(users), date=thursday, by=users["hanne"])
    assert not RidePlan.objects.exists()
