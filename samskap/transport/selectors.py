"""Reads for the ride pages: the coordinator's day, a driver's run sheet, one's own rides.

Query counts do not grow with the number of rides or stops (tested). Reading a run sheet
shows passengers' addresses, phones and mobility, so each read by someone other than the
passenger is logged in the passenger's access log.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.accounts.models import Role
from samskap.accounts.selectors import user_has_role
from samskap.activities import recurrence
from samskap.activities.models import Activity, SignUp, SignUpStatus
from samskap.help.models import Category, Need
from samskap.people.models import Person
from samskap.people.selectors import people_represented_by, residents_for_coordinator
from samskap.privacy.models import AccessLogEntry
from samskap.transport.models import (
    Destination,
    Driver,
    DriverShift,
    Mobility,
    PlannedStop,
    RidePlan,
    RideRequest,
    RideStatus,
    StopKind,
    Vehicle,
)


def unserved_reason(kind: str) -> str:
    """Why a leg could not be planned, in plain words for the coordinator."""
    reasons = {
        "vehicle": _(
            "Ingen av dagens sjåfører kan ta turen: den er låst til en annen sjåfør, eller "
            "passasjeren trenger følge til døra."
        ),
        "seats": _("Ingen bil denne dagen har nok ledige seter."),
        "wheelchair": _("Ingen bil med rullestolplass kjører denne dagen."),
        "ride_time": _("Selv uten omveier tar turen lenger enn lengste tid i bilen."),
        "too_late": _("Ingen sjåfør rekker fram innen hentetiden."),
        "schedule": _("Turen passer ikke inn i noen sjåførs vakt (tidspunkt eller lengste tur)."),
    }
    return reasons.get(
        kind,
        _("Sjåførene har ikke plass til flere denne dagen. Legg til en sjåfør eller flytt en tur."),
    )


def _log_reads(user, people, what: str, reason: str) -> None:
    """One access-log entry per person whose ride details were shown (one query)."""
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            subject=person,
            viewer=user,
            viewer_name=str(user),
            viewer_role=reason,
            what=what,
            reason=reason,
        )  # fmt: skip
        for person in people
        if person.pk != user.person_id
    )


def can_coordinate(user, kommune_id: int) -> bool:
    return user.is_authenticated and user_has_role(user, Role.COORDINATOR, kommune_id)


def latest_plan(*, kommune_id: int, date: dt.date, published: bool = False) -> RidePlan | None:
    plans = RidePlan.objects.filter(kommune_id=kommune_id, date=date)
    if published:
        plans = plans.filter(published_at__isnull=False)
    return plans.order_by("-created_at", "-pk").first()


@dataclass
class RouteView:
    shift: DriverShift
    stops: list[PlannedStop]

    @property
    def passengers(self) -> int:
        return len({s.request_id for s in self.stops})


@dataclass
class UnservedView:
    ride: RideRequest
    leg: str
    reason: str


@dataclass
class CoordinatorDay:
    date: dt.date
    rides: list[RideRequest]
    shifts: list[DriverShift]
    plan: RidePlan | None
    routes: list[RouteView] = field(default_factory=list)
    unserved: list[UnservedView] = field(default_factory=list)
    waiting_signups: int = 0
    planned_at: dict[int, dict[str, dt.time]] = field(default_factory=dict)
    stale: bool = False  # rides changed after the plan was made

    @property
    def new_rides(self) -> list[RideRequest]:
        return [r for r in self.rides if r.status == RideStatus.REQUESTED]

    @property
    def to_plan(self) -> int:
        return sum(r.status in (RideStatus.ACCEPTED, RideStatus.PLANNED) for r in self.rides)


def ride_activities_held_on(*, kommune_id: int, date: dt.date) -> list[int]:
    """Ids of published activities offering rides that are held on `date` (one query).

    An activity whose schedule is inconsistent is left out (its organiser sees why).
    """
    activities = Activity.objects.filter(
        kommune_id=kommune_id, ride_offered=True, published=True, start_date__lte=date
    ).filter(Q(until__isnull=True) | Q(until__gte=date))
    held = []
    for activity in activities:
        try:
            found = recurrence.occurrences(activity.rule(), date, date)
        except ValueError:
            continue
        if any(not o.skipped for o in found):
            held.append(activity.pk)
    return held


def signups_needing_rides(*, kommune_id: int, date: dt.date) -> int:
    """Sign-ups "needs a ride" to activities held on `date` that have no ride yet."""
    held = ride_activities_held_on(kommune_id=kommune_id, date=date)
    if not held:
        return 0
    return (
        SignUp.objects.filter(activity_id__in=held, status=SignUpStatus.CONFIRMED, needs_ride=True)
        .exclude(rides__date=date)
        .count()
    )


def coordinator_day(*, user, kommune_id: int, date: dt.date) -> CoordinatorDay:
    if not can_coordinate(user, kommune_id):
        raise PermissionDenied(_("Bare koordinatorer i kommunen kan planlegge skyss."))
    rides = list(
        RideRequest.objects.filter(kommune_id=kommune_id, date=date)
        .exclude(status=RideStatus.CANCELLED)
        .select_related("person", "locked_shift__driver__person")
        .order_by("time", "person__family_name")
    )
    shifts = list(
        DriverShift.objects.filter(driver__kommune_id=kommune_id, date=date)
        .select_related("driver__person", "vehicle")
        .order_by("starts_at", "pk")
    )
    _log_reads(
        user,
        {r.person for r in rides},
        _("Skyssbestilling %(date)s (adresse, bevegelse)") % {"date": date.strftime("%d.%m.%Y")},
        _("Koordinator for skyss"),
    )
    plan = latest_plan(kommune_id=kommune_id, date=date)
    day = CoordinatorDay(date=date, rides=rides, shifts=shifts, plan=plan)
    day.waiting_signups = signups_needing_rides(kommune_id=kommune_id, date=date)
    if plan is None:
        return day
    by_id = {r.pk: r for r in rides}
    stops = list(plan.stops.order_by("shift_id", "sequence"))
    by_shift: dict[int, list[PlannedStop]] = {}
    for stop in stops:
        stop.ride = by_id.get(stop.request_id)  # type: ignore[attr-defined]
        by_shift.setdefault(stop.shift_id, []).append(stop)
        if stop.kind == StopKind.PICKUP:
            day.planned_at.setdefault(stop.request_id, {})[stop.leg] = stop.at
    day.routes = [RouteView(s, by_shift[s.pk]) for s in shifts if s.pk in by_shift]
    for item in plan.unserved:
        ride = by_id.get(item["request"])
        if ride is not None:
            day.unserved.append(UnservedView(ride, item["leg"], unserved_reason(item["kind"])))
    in_plan = {s.request_id for s in stops} | {u["request"] for u in plan.unserved}
    day.stale = any(
        r.status in (RideStatus.ACCEPTED, RideStatus.PLANNED)
        and (r.pk not in in_plan or r.updated_at > plan.created_at)
        for r in rides
    ) or any(s.updated_at > plan.created_at for s in shifts)
    return day


# --- The driver's run sheet ---------------------------------------------------------------


def ride_notes(ride: RideRequest) -> list[str]:
    """What the driver needs to know about the passenger, in short phrases."""
    notes = []
    if ride.mobility == Mobility.WHEELCHAIR:
        notes.append(_("Sitter i rullestol: bruk rullestolplassen"))
    elif ride.mobility == Mobility.WALKER:
        notes.append(_("Har rullator: trenger plass til den"))
    if ride.needs_door_help:
        notes.append(_("Følg til og fra døra"))
    if ride.companion:
        notes.append(_("Har med ledsager"))
    if ride.note_for_driver:
        notes.append(ride.note_for_driver)
    return notes


@dataclass(frozen=True)
class RunStop:
    at: dt.time
    pickup: bool
    name: str
    place: str
    phone: str
    notes: list[str]
    leg: str
    latitude: float
    longitude: float

    @property
    def map_url(self) -> str:
        """The place on OpenStreetMap (opens in the phone's browser or map app)."""
        lat, lon = f"{self.latitude:.5f}", f"{self.longitude:.5f}"
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=16/{lat}/{lon}"


@dataclass
class RunSheet:
    shift: DriverShift
    plan: RidePlan | None
    stops: list[PlannedStop]
    coordinator_phone: str = ""

    @property
    def rows(self) -> list[RunStop]:
        rows = []
        for stop in self.stops:
            ride = stop.request
            pickup = stop.kind == StopKind.PICKUP
            from_origin = (stop.leg == "out") == pickup
            rows.append(
                RunStop(
                    at=stop.at,
                    pickup=pickup,
                    name=ride.person.full_name,
                    place=ride.origin_name if from_origin else ride.destination_name,
                    phone=ride.person.phone,
                    notes=ride_notes(ride) if pickup else [],
                    leg=stop.leg,
                    latitude=ride.origin_latitude if from_origin else ride.destination_latitude,
                    longitude=ride.origin_longitude if from_origin else ride.destination_longitude,
                )
            )
        return rows


def may_see_run_sheet(user, shift: DriverShift) -> bool:
    is_driver = user.is_authenticated and user.person_id == shift.driver.person_id
    return is_driver or can_coordinate(user, shift.driver.kommune_id)


def run_sheet(*, user, shift: DriverShift) -> RunSheet:
    """The stops of the newest sent plan for this shift (coordinators also see a draft).

    Every passenger's address, phone and mobility shown is logged in their access log.
    """
    if not may_see_run_sheet(user, shift):
        raise PermissionDenied(_("Kjørelisten er bare for sjåføren og koordinatorene."))
    coordinator = can_coordinate(user, shift.driver.kommune_id)
    plan = latest_plan(
        kommune_id=shift.driver.kommune_id, date=shift.date, published=not coordinator
    )
    stops: list[PlannedStop] = []
    if plan is not None:
        stops = list(
            plan.stops.filter(shift=shift)
            .exclude(request__status=RideStatus.CANCELLED)
            .select_related("request__person")
            .order_by("sequence")
        )
    _log_reads(
        user,
        {stop.request.person for stop in stops},
        _("Kjøreliste for skyss %(date)s (adresse, telefon, bevegelse)")
        % {"date": shift.date.strftime("%d.%m.%Y")},
        _("Sjåfør for skyssen") if user.person_id == shift.driver.person_id
        else _("Koordinator for skyss"),
    )  # fmt: skip
    organisation = shift.vehicle.organisation
    return RunSheet(
        shift=shift, plan=plan, stops=stops,
        coordinator_phone=organisation.phone if organisation else "",
    )  # fmt: skip


# --- One's own rides ----------------------------------------------------------------------


@dataclass
class RideView:
    ride: RideRequest
    pickup_out: dt.time | None = None
    pickup_back: dt.time | None = None


def rides_for_user(*, user, today: dt.date | None = None) -> list[RideView]:
    """Upcoming rides of the user and of people they represent, with sent pick-up times."""
    today = today or timezone.localdate()
    if not user.person_id:
        return []
    person_ids = [user.person_id, *people_represented_by(user=user).values_list("pk", flat=True)]
    rides = (
        RideRequest.objects.filter(person_id__in=person_ids, date__gte=today)
        .exclude(status=RideStatus.CANCELLED)
        .select_related("person")
        .order_by("date", "time")
    )
    return [RideView(ride, ride.told_pickup_out, ride.told_pickup_back) for ride in rides]


def shifts_for_driver(*, user, today: dt.date | None = None) -> list[DriverShift]:
    today = today or timezone.localdate()
    if not user.person_id:
        return []
    return list(
        DriverShift.objects.filter(driver__person_id=user.person_id, date__gte=today)
        .select_related("vehicle")
        .annotate(stop_count=Count("stops"))
        .order_by("date", "starts_at")
    )


def driver_for(*, user) -> Driver | None:
    if not user.person_id:
        return None
    return Driver.objects.filter(person_id=user.person_id, active=True).first()


def destinations_for(*, kommune_id: int) -> tuple[list[Activity], list[Destination]]:
    """Places to choose in the ride form: the kommune's activities and common destinations."""
    activities = list(
        Activity.objects.filter(kommune_id=kommune_id, published=True).order_by("title")
    )
    places = list(Destination.objects.filter(kommune_id=kommune_id).order_by("kind", "name"))
    return activities, places


def need_for_ride(*, person, need_id: str | None) -> Need | None:
    """The person's open escort need a ride is ordered for (`?behov=`), if any."""
    if not need_id or not need_id.isdigit():
        return None
    return Need.objects.filter(pk=int(need_id), person=person, category=Category.ESCORT).first()


def ride_initial_from_need(need: Need, places: list[Destination]) -> dict:
    """Start the ride form from the need: its date, and the destination if it is known."""
    initial: dict = {"date": max(need.first_date, timezone.localdate())}
    wanted = need.destination.casefold()
    for place in places:
        if wanted and (wanted in place.name.casefold() or place.name.casefold() in wanted):
            initial["destination"] = f"d{place.pk}"
            break
    return initial


# --- Drivers and vehicles -----------------------------------------------------------------


def require_coordinator(user, kommune_id: int) -> None:
    if not can_coordinate(user, kommune_id):
        raise PermissionDenied(_("Bare koordinatorer i kommunen kan planlegge skyss."))


def drivers_for(*, kommune_id: int) -> list[Driver]:
    return list(
        Driver.objects.filter(kommune_id=kommune_id)
        .select_related("person", "own_vehicle", "licence_checked_by")
        .order_by("person__given_name", "person__family_name")
    )


def vehicles_for(*, kommune_id: int) -> list[Vehicle]:
    return list(
        Vehicle.objects.filter(kommune_id=kommune_id, active=True)
        .select_related("organisation")
        .order_by("name")
    )


def driver_candidates(*, user, kommune_id: int, query: str = "") -> list:
    """People who could become drivers: the kommune's volunteers, or anyone by name."""
    require_coordinator(user, kommune_id)
    existing = set(Driver.objects.filter(kommune_id=kommune_id).values_list("person_id", flat=True))
    if query:
        found = residents_for_coordinator(user=user, kommune_id=kommune_id, query=query)
        return [p for p in found if p.pk not in existing]
    return list(
        Person.objects.filter(kommune_id=kommune_id, helper_profile__isnull=False)
        .exclude(pk__in=existing)
        .order_by("given_name", "family_name")[:50]
    )
