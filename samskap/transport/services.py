"""Writes for rides: validated, saved and audited in one transaction."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext, override
from django.utils.translation import gettext as _

from samskap.accounts.models import Role, User
from samskap.accounts.selectors import user_has_role
from samskap.activities.models import SignUp, SignUpStatus
from samskap.letters.content import uses_wheelchair
from samskap.notifications.services import notify
from samskap.people.models import Person
from samskap.people.rules import can_arrange_for, is_representative
from samskap.privacy.services import audit_record, snapshot
from samskap.transport import planner
from samskap.transport.legs import Place, legs_for
from samskap.transport.models import (
    DestinationKind,
    Driver,
    DriverShift,
    Mobility,
    PlannedStop,
    RidePlan,
    RideRequest,
    RideStatus,
    StopKind,
    TimeAnchor,
    Vehicle,
)
from samskap.transport.selectors import ride_activities_held_on
from samskap.transport.travel import travel_time_source


def direct_minutes(origin: tuple[float, float], destination: tuple[float, float]) -> float:
    """Driving time without detours between two places, from the travel-time source."""
    return float(travel_time_source().matrix([origin, destination]).minutes[0, 1])


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
    if origin is not None and "max_ride_minutes" not in errors:
        direct = direct_minutes(origin, destination)
        if direct > max_ride_minutes:
            errors["max_ride_minutes"] = _(
                "Turen tar omtrent %(minutes)s minutter med bil uten omveier. Lengste tid i "
                "bilen må være minst så lang."
            ) % {"minutes": math.ceil(direct)}
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


# --- Coordinating a day -------------------------------------------------------------------


def require_coordinator(user: User, kommune_id: int) -> None:
    """Rides are planned by the kommune's coordinators (at the volunteer centre)."""
    if not user_has_role(user, Role.COORDINATOR, kommune_id):
        raise PermissionDenied(_("Bare koordinatorer i kommunen kan planlegge skyss."))


def _set_status(ride: RideRequest, *, by: User, action: str, **changes) -> RideRequest:
    before = snapshot(ride)
    for name, value in changes.items():
        setattr(ride, name, value)
    ride.save(update_fields=[*changes, "updated_at"])
    audit_record(
        actor=by, subject=ride.person, action=action, instance=ride, before=before,
        after=snapshot(ride),
    )  # fmt: skip
    return ride


@transaction.atomic
def ride_request_accept(*, ride: RideRequest, by: User) -> RideRequest:
    require_coordinator(by, ride.kommune_id)
    if ride.status != RideStatus.REQUESTED:
        raise ValidationError(_("Bare nye bestillinger kan godkjennes."))
    return _set_status(ride, by=by, action="ride_accepted", status=RideStatus.ACCEPTED)


@transaction.atomic
def ride_request_cancel(*, ride: RideRequest, by: User) -> RideRequest:
    """Cancelled by the passenger, a representative, staff serving them or a coordinator.

    If the driver already has it on a sent run sheet, the driver is told.
    """
    coordinator = user_has_role(by, Role.COORDINATOR, ride.kommune_id)
    if not (coordinator or can_arrange_for(by, ride.person)):
        raise PermissionDenied(_("Du kan ikke avbestille denne skyssen."))
    if ride.status == RideStatus.CANCELLED:
        return ride
    was_published = ride.status == RideStatus.PLANNED and (
        ride.told_pickup_out is not None or ride.told_pickup_back is not None
    )
    _set_status(ride, by=by, action="ride_cancelled", status=RideStatus.CANCELLED)
    if was_published:
        for shift in (
            DriverShift.objects.filter(stops__request=ride)
            .select_related("driver__person__user")
            .distinct()
        ):
            with override(shift.driver.person.written_language or "nb"):
                notify(
                    person=shift.driver.person,
                    subject=gettext("Skyss avbestilt"),
                    body=gettext("%(name)s trenger ikke skyss %(date)s likevel.")
                    % {"name": ride.person.given_name, "date": formats.date_format(ride.date)},
                    url=reverse("transport:run_sheet", args=[shift.pk]),
                )
    return ride


@transaction.atomic
def ride_lock(*, ride: RideRequest, shift: DriverShift | None, by: User) -> RideRequest:
    """Lock the ride to a driver's shift (or move it to another), or unlock it (None)."""
    require_coordinator(by, ride.kommune_id)
    elsewhere = shift is not None and shift.driver.kommune_id != ride.kommune_id
    if shift is not None and (shift.date != ride.date or elsewhere):
        raise ValidationError(_("Sjåføren kjører ikke denne dagen i denne kommunen."))
    if ride.status == RideStatus.CANCELLED:
        raise ValidationError(_("Skyssen er avbestilt."))
    return _set_status(
        ride, by=by, action="ride_locked" if shift else "ride_unlocked", locked_shift=shift
    )


def _minutes(value: dt.time) -> float:
    return float(value.hour * 60 + value.minute)


def _as_time(minutes: float) -> dt.time:
    whole = int(round(minutes))
    return dt.time(whole // 60 % 24, whole % 60)


def ride_legs(ride: RideRequest) -> list[planner.LegInput]:
    legs = legs_for(
        request_id=ride.pk,
        origin=Place(ride.origin_name, ride.origin_latitude, ride.origin_longitude),
        destination=Place(
            ride.destination_name, ride.destination_latitude, ride.destination_longitude
        ),
        anchor=ride.anchor,
        time_minutes=_minutes(ride.time),
        window_minutes=float(ride.window_minutes),
        return_pickup_minutes=_minutes(ride.return_pickup_at) if ride.return_pickup_at else None,
        mobility=ride.mobility,
        needs_door_help=ride.needs_door_help,
        companion=ride.companion,
        max_ride_minutes=float(ride.max_ride_minutes),
    )
    return [planner.LegInput(leg, ride.locked_shift_id, ride.needs_door_help) for leg in legs]


def shift_input(shift: DriverShift) -> planner.ShiftInput:
    return planner.ShiftInput(
        shift_id=shift.pk,
        start=(shift.start_latitude, shift.start_longitude),
        end=(shift.end_latitude, shift.end_longitude),
        starts_at=_minutes(shift.starts_at),
        ends_at=_minutes(shift.ends_at),
        max_route_minutes=float(shift.max_route_minutes),
        seats=shift.vehicle.seats,
        wheelchair_places=shift.vehicle.wheelchair_places,
        can_help_to_door=shift.driver.can_help_to_door,
    )


def _day_inputs(kommune_id: int, date: dt.date, *, lock: bool = False):
    rides = RideRequest.objects.filter(
        kommune_id=kommune_id, date=date, status__in=[RideStatus.ACCEPTED, RideStatus.PLANNED]
    ).order_by("pk")
    if lock:
        rides = rides.select_for_update()
    shifts = (
        DriverShift.objects.filter(driver__kommune_id=kommune_id, date=date, driver__active=True)
        .select_related("vehicle", "driver")
        .order_by("starts_at", "pk")
    )
    return list(rides), [s for s in shifts if s.driver.approved and s.vehicle.active]


def _fingerprint(rides: list[RideRequest], shifts: list[DriverShift]) -> tuple:
    return (
        tuple((r.pk, r.updated_at) for r in rides),
        tuple((s.pk, s.updated_at) for s in shifts),
    )


def plan_create(*, kommune_id: int, date: dt.date, by: User, seed: int = 1) -> RidePlan:
    """Plan the day's accepted rides on the day's shifts; the newest plan counts.

    Locks are kept; everything else is planned afresh. Requests with every leg planned become
    "planned", the others stay accepted with the reason shown to the coordinator. The solver
    runs outside any transaction (it may take seconds); the plan is only saved if the rides
    and shifts it was made from are unchanged, checked again under row locks.
    """
    require_coordinator(by, kommune_id)
    rides, shifts = _day_inputs(kommune_id, date)
    legs = [item for ride in rides for item in ride_legs(ride)]
    day = planner.build_instance([shift_input(s) for s in shifts], legs, travel_time_source())
    result = planner.solve_day(day, seed=seed)
    with transaction.atomic():
        locked_rides, locked_shifts = _day_inputs(kommune_id, date, lock=True)
        if _fingerprint(locked_rides, locked_shifts) != _fingerprint(rides, shifts):
            raise ValidationError(
                _("Bestillingene eller vaktene ble endret mens planen ble laget. Planlegg på nytt.")
            )
        return _plan_save(kommune_id=kommune_id, date=date, by=by, rides=rides, result=result)


def _plan_save(
    *, kommune_id: int, date: dt.date, by: User, rides: list[RideRequest], result: planner.DayPlan
) -> RidePlan:
    plan = RidePlan.objects.create(
        kommune_id=kommune_id,
        date=date,
        created_by=by,
        total_km=round(result.total_km, 2),
        total_minutes=round(result.total_minutes, 2),
        seconds=round(result.seconds, 3),
        checked=result.checked,
        method=result.method,
        optimal=result.optimal,
        unserved=[
            {"request": u.request_id, "leg": u.leg, "kind": u.kind, "detail": u.detail}
            for u in result.unserved
        ],
    )
    stops = [
        PlannedStop(
            plan=plan,
            shift_id=shift_id,
            sequence=k + 1,
            request_id=stop.request_id,
            leg=stop.leg,
            kind=stop.kind,
            at=_as_time(stop.at),
        )  # fmt: skip
        for shift_id, route in result.routes.items()
        for k, stop in enumerate(route)
    ]
    PlannedStop.objects.bulk_create(stops)
    unserved_ids = {u.request_id for u in result.unserved}
    planned_ids = {s.request_id for s in stops} - unserved_ids
    RideRequest.objects.filter(pk__in=planned_ids).update(status=RideStatus.PLANNED)
    RideRequest.objects.filter(pk__in=[r.pk for r in rides if r.pk not in planned_ids]).update(
        status=RideStatus.ACCEPTED
    )
    return plan


def _pickup_text(ride: RideRequest, out: dt.time | None, back: dt.time | None) -> str:
    """The passenger's message, in the active language."""
    parts = [
        gettext("Skyss %(date)s til %(place)s.")
        % {"date": formats.date_format(ride.date, "l j. F"), "place": ride.destination_name}
    ]
    if out is not None:
        parts.append(
            gettext("Du blir hentet ca. kl. %(time)s. Vær klar litt før.")
            % {"time": out.strftime("%H.%M")}
        )
    if back is not None:
        parts.append(
            gettext("Hjem igjen: du blir hentet ca. kl. %(time)s.")
            % {"time": back.strftime("%H.%M")}
        )
    parts.append(gettext("Avbestill i Samskap eller ring frivilligsentralen."))
    return " ".join(parts)


def _routes_of(plan: RidePlan) -> dict[int, tuple]:
    """Each shift's stops (who, which way, pick-up or drop-off, when), to spot changes."""
    routes: dict[int, list] = {}
    for row in plan.stops.order_by("shift_id", "sequence").values_list(
        "shift_id", "request_id", "leg", "kind", "at"
    ):
        routes.setdefault(row[0], []).append(row[1:])
    return {shift_id: tuple(stops) for shift_id, stops in routes.items()}


@transaction.atomic
def plan_publish(*, plan: RidePlan, by: User) -> int:
    """Send each passenger their pick-up time and each driver their run sheet.

    Only passengers whose times are new or moved are told again. Returns the number of
    messages sent. A plan that failed the checker is never sent.
    """
    require_coordinator(by, plan.kommune_id)
    if not plan.checked:
        raise ValidationError(_("Planen besto ikke kontrollen og kan ikke sendes ut."))
    latest = RidePlan.objects.filter(kommune_id=plan.kommune_id, date=plan.date).first()
    if latest is None or latest.pk != plan.pk:
        raise ValidationError(_("Det finnes en nyere plan for denne dagen."))
    previous = (
        RidePlan.objects.filter(
            kommune_id=plan.kommune_id, date=plan.date, published_at__isnull=False
        )
        .exclude(pk=plan.pk)
        .order_by("-created_at", "-pk")
        .first()
    )
    before = _routes_of(previous) if previous else {}
    after = _routes_of(plan)
    stops = list(
        plan.stops.filter(kind=StopKind.PICKUP)
        .select_related("request__person__user")
        .order_by("at")
    )
    pickups: dict[int, dict[str, dt.time]] = {}
    rides: dict[int, RideRequest] = {}
    for stop in stops:
        pickups.setdefault(stop.request_id, {})[stop.leg] = stop.at
        rides[stop.request_id] = stop.request
    sent = 0
    for ride_id, times in pickups.items():
        ride = rides[ride_id]
        out, back = times.get("out"), times.get("back")
        if (out, back) == (ride.told_pickup_out, ride.told_pickup_back):
            continue
        with override(ride.person.written_language or "nb"):
            notify(
                person=ride.person,
                subject=gettext("Hentetid for skyss"),
                body=_pickup_text(ride, out, back),
                url=reverse("transport:mine"),
            )
        sent += 1
        ride.told_pickup_out, ride.told_pickup_back = out, back
        ride.save(update_fields=["told_pickup_out", "told_pickup_back", "updated_at"])
    # Told a time before, but no driver in this plan: say so, never leave them waiting.
    dropped = (
        RideRequest.objects.filter(kommune_id=plan.kommune_id, date=plan.date)
        .exclude(pk__in=pickups)
        .filter(Q(told_pickup_out__isnull=False) | Q(told_pickup_back__isnull=False))
        .exclude(status=RideStatus.CANCELLED)
        .select_related("person__user")
    )
    for ride in dropped:
        with override(ride.person.written_language or "nb"):
            notify(
                person=ride.person,
                subject=gettext("Skyssen er ikke ordnet likevel"),
                body=gettext(
                    "Vi har dessverre ikke sjåfør til turen din %(date)s til %(place)s likevel. "
                    "Frivilligsentralen tar kontakt."
                )
                % {
                    "date": formats.date_format(ride.date, "l j. F"),
                    "place": ride.destination_name,
                },
                url=reverse("transport:mine"),
            )  # fmt: skip
        sent += 1
        ride.told_pickup_out = ride.told_pickup_back = None
        ride.save(update_fields=["told_pickup_out", "told_pickup_back", "updated_at"])
    changed = [k for k in set(before) | set(after) if before.get(k) != after.get(k)]
    for shift in DriverShift.objects.filter(pk__in=changed).select_related("driver__person__user"):
        person = shift.driver.person
        with override(person.written_language or "nb"):
            notify(
                person=person,
                subject=gettext("Kjøreliste"),
                body=(
                    gettext("Kjørelisten din for %(date)s er klar.")
                    if shift.pk not in before
                    else gettext("Kjørelisten din for %(date)s er endret.")
                    if shift.pk in after
                    else gettext("Du har ingen turer %(date)s likevel. Takk!")
                )
                % {"date": formats.date_format(plan.date, "l j. F")},
                url=reverse("transport:run_sheet", args=[shift.pk]),
            )
        sent += 1
    plan.published_at = timezone.now()
    plan.save(update_fields=["published_at", "updated_at"])
    return sent


def send_ride_reminders(*, day: dt.date) -> int:
    """The day-before reminder for every planned ride on `day`, once per ride.

    Uses the newest sent plan per kommune; each reminder is its own small transaction, so
    a failure halfway does not send anyone a second reminder when the command is re-run.
    """
    latest: dict[int, RidePlan] = {}
    for plan in RidePlan.objects.filter(date=day, published_at__isnull=False).order_by(
        "-created_at"
    ):
        latest.setdefault(plan.kommune_id, plan)
    sent = 0
    for plan in latest.values():
        times: dict[int, dict[str, dt.time]] = {}
        for request_id, leg, at in plan.stops.filter(kind=StopKind.PICKUP).values_list(
            "request_id", "leg", "at"
        ):
            times.setdefault(request_id, {})[leg] = at
        rides = RideRequest.objects.filter(
            pk__in=times, status=RideStatus.PLANNED, reminded_on__isnull=True
        ).select_related("person__user")
        for ride in rides:
            with transaction.atomic():
                with override(ride.person.written_language or "nb"):
                    notify(
                        person=ride.person,
                        subject=gettext("Påminnelse: skyss i morgen"),
                        body=gettext("I morgen:") + " "
                        + _pickup_text(ride, times[ride.pk].get("out"), times[ride.pk].get("back")),
                        url=reverse("transport:mine"),
                    )  # fmt: skip
                RideRequest.objects.filter(pk=ride.pk).update(reminded_on=timezone.localdate())
            sent += 1
    return sent


@dataclass
class FromSignups:
    created: list[RideRequest]
    without_home: list[Person]


@transaction.atomic
def rides_from_signups(*, kommune_id: int, date: dt.date, by: User) -> FromSignups:
    """Ride requests for everyone signed up "needs a ride" to an activity held on `date`.

    There by the start, home from the end. Mobility, help to the door, companion and
    ride-time limit come from the person's previous ride (or "wheelchair" from their own
    "good to know" text). Already created rides are not made twice. Created as accepted:
    the coordinator makes them.
    """
    require_coordinator(by, kommune_id)
    held = ride_activities_held_on(kommune_id=kommune_id, date=date)
    signups = (
        SignUp.objects.filter(activity_id__in=held, status=SignUpStatus.CONFIRMED, needs_ride=True)
        .exclude(rides__date=date)
        .select_related("person", "activity")
        .order_by("activity_id", "person__family_name", "person__given_name")
    )
    previous: dict[int, RideRequest] = {}
    person_ids = [s.person_id for s in signups]
    for ride in RideRequest.objects.filter(person_id__in=person_ids).order_by("created_at"):
        previous[ride.person_id] = ride
    result = FromSignups([], [])
    for signup in signups:
        person, activity = signup.person, signup.activity
        if person.latitude is None or person.longitude is None:
            result.without_home.append(person)
            continue
        last = previous.get(person.pk)
        end = (
            dt.datetime.combine(date, activity.start_time)
            + dt.timedelta(minutes=activity.duration_minutes)
        ).time()
        ride = RideRequest(
            kommune_id=activity.kommune_id,  # the activity's kommune coordinates its rides
            person=person,
            created_by=by,
            created_via="signup",
            date=date,
            origin_name=person.street_address or gettext("Hjemme"),
            origin_latitude=person.latitude,
            origin_longitude=person.longitude,
            destination_kind=DestinationKind.ACTIVITY,
            destination_name=f"{activity.title}, {activity.place_name}",
            destination_latitude=activity.latitude,
            destination_longitude=activity.longitude,
            anchor=TimeAnchor.ARRIVE,
            time=activity.start_time,
            window_minutes=15,
            return_pickup_at=end,
            mobility=last.mobility if last else (
                Mobility.WHEELCHAIR if uses_wheelchair(person.about) else Mobility.WALKS
            ),
            needs_door_help=last.needs_door_help if last else False,
            companion=last.companion if last else False,
            max_ride_minutes=last.max_ride_minutes if last else 45,
            note_for_driver=last.note_for_driver if last else "",
            signup=signup,
            status=RideStatus.ACCEPTED,
        )  # fmt: skip
        ride.full_clean()
        ride.save()
        audit_record(
            actor=by, subject=person, action="ride_requested", instance=ride, before=None,
            after=snapshot(ride),
        )  # fmt: skip
        result.created.append(ride)
    return result


# --- Drivers, vehicles and shifts ---------------------------------------------------------


@transaction.atomic
def vehicle_create(
    *, kommune_id: int, by: User, name: str, kind: str, seats: int, wheelchair_places: int = 0,
    organisation=None,
) -> Vehicle:  # fmt: skip
    require_coordinator(by, kommune_id)
    vehicle = Vehicle(
        kommune_id=kommune_id, name=name.strip(), kind=kind, seats=seats,
        wheelchair_places=wheelchair_places, organisation=organisation,
    )  # fmt: skip
    vehicle.full_clean()
    vehicle.save()
    return vehicle


@transaction.atomic
def driver_create(
    *, kommune_id: int, person: Person, by: User, licence_checked_on: dt.date,
    police_certificate_on: dt.date | None = None, can_help_to_door: bool = True,
    own_vehicle: Vehicle | None = None,
) -> Driver:  # fmt: skip
    """Register a volunteer driver; only *that* the licence was checked is stored."""
    require_coordinator(by, kommune_id)
    if Driver.objects.filter(kommune_id=kommune_id, person=person).exists():
        raise ValidationError(_("%(name)s er allerede sjåfør.") % {"name": person.full_name})
    if licence_checked_on > timezone.localdate():
        raise ValidationError({"licence_checked_on": _("Datoen kan ikke være fram i tid.")})
    driver = Driver(
        kommune_id=kommune_id, person=person, licence_checked_on=licence_checked_on,
        licence_checked_by=by, police_certificate_on=police_certificate_on,
        can_help_to_door=can_help_to_door, own_vehicle=own_vehicle,
    )  # fmt: skip
    driver.full_clean()
    driver.save()
    audit_record(
        actor=by, subject=person, action="driver_registered", instance=driver, before=None,
        after=snapshot(driver),
    )  # fmt: skip
    return driver


@transaction.atomic
def shift_create(
    *, driver: Driver, by: User, date: dt.date, starts_at: dt.time, ends_at: dt.time,
    vehicle: Vehicle | None = None, max_route_minutes: int = 240,
) -> DriverShift:  # fmt: skip
    """A driver's offer for a day, from and back to home; by the driver or a coordinator."""
    if by.person_id != driver.person_id:
        require_coordinator(by, driver.kommune_id)
    vehicle = vehicle or driver.own_vehicle
    errors: dict[str, str] = {}
    if not driver.approved:
        errors["driver"] = _("Sjåføren er ikke godkjent ennå (førerkortet må være sjekket).")
    if vehicle is None:
        errors["vehicle"] = _("Velg hvilken bil sjåføren kjører.")
    if date < timezone.localdate():
        errors["date"] = _("Datoen har allerede vært.")
    if ends_at <= starts_at:
        errors["ends_at"] = _("Slutten må være etter starten.")
    home = driver.person
    if home.latitude is None or home.longitude is None:
        errors["driver"] = _("Vi vet ikke hvor sjåføren bor, så turen kan ikke starte der.")
    overlapping = DriverShift.objects.filter(
        driver=driver, date=date, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    if not errors and overlapping.exists():
        errors["starts_at"] = _("Sjåføren har allerede en vakt som overlapper.")
    if errors:
        raise ValidationError(errors)
    shift = DriverShift(
        driver=driver, vehicle=vehicle, date=date, starts_at=starts_at, ends_at=ends_at,
        start_latitude=home.latitude, start_longitude=home.longitude,
        end_latitude=home.latitude, end_longitude=home.longitude,
        max_route_minutes=max_route_minutes,
    )  # fmt: skip
    shift.full_clean()
    shift.save()
    return shift


@transaction.atomic
def shift_delete(*, shift: DriverShift, by: User) -> None:
    """Withdraw a shift. A driver cannot withdraw one with rides already sent to passengers
    (the coordinator must find someone else); a coordinator can, and plans again."""
    coordinator = user_has_role(by, Role.COORDINATOR, shift.driver.kommune_id)
    if not coordinator:
        if by.person_id != shift.driver.person_id:
            raise PermissionDenied(_("Du kan ikke fjerne denne vakten."))
        if shift.stops.filter(plan__published_at__isnull=False).exists():
            raise ValidationError(
                _("Vakten har turer som er sendt til passasjerene. Ring frivilligsentralen, "
                  "så finner de en annen sjåfør.")
            )  # fmt: skip
    shift.delete()
