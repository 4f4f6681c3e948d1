"""Pages for rides: one's own rides and ordering one, the coordinator's day, run sheets.

Thin: permissions and reads live in selectors, validated and audited writes in services.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samskap.activities.forms import ResidentSearchForm
from samskap.municipalities.models import Kommune
from samskap.people.models import Person
from samskap.people.rules import can_arrange_for
from samskap.people.selectors import person_or_404
from samskap.transport import selectors, services
from samskap.transport.forms import (
    DayForm,
    DriverForm,
    LockForm,
    OwnShiftForm,
    RideRequestForm,
    ShiftForm,
    VehicleForm,
)
from samskap.transport.models import DriverShift, RidePlan, RideRequest
from samskap.transport.pdf import run_sheet_pdf
from samskap.web.forms import apply_validation_error


def _day(request: HttpRequest) -> dt.date:
    form = DayForm(request.GET or request.POST)
    chosen = form.cleaned_data.get("dato") if form.is_valid() else None
    return chosen or timezone.localdate()


def _day_url(kommune_id: int, day: dt.date) -> str:
    return f"{reverse('transport:coordinator', args=[kommune_id])}?dato={day.isoformat()}"


@login_required
def mine(
    request: HttpRequest, *, own_shift_form: OwnShiftForm | None = None, status: int = 200
) -> HttpResponse:
    """My rides (and those of people I represent), my driving shifts, the coordinator's link."""
    user = request.user
    kommune_id = user.person.kommune_id if user.person_id else None
    driver = selectors.driver_for(user=user)
    return render(
        request,
        "transport/mine.html",
        {
            "rides": selectors.rides_for_user(user=user),
            "driver": driver,
            "shifts": selectors.shifts_for_driver(user=user),
            "own_shift_form": own_shift_form or OwnShiftForm(),
            "coordinator_kommune": kommune_id
            if kommune_id and selectors.can_coordinate(user, kommune_id)
            else None,
        },
        status=status,
    )


@login_required
def request_new(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_or_404(person_id)
    if not can_arrange_for(request.user, person):
        raise PermissionDenied(_("Du kan ikke bestille skyss for denne personen."))
    activities, places = selectors.destinations_for(kommune_id=person.kommune_id)
    need = selectors.need_for_ride(person=person, need_id=request.GET.get("behov"))
    initial = {"date": timezone.localdate() + dt.timedelta(days=1)}
    if need is not None:
        initial |= selectors.ride_initial_from_need(need, places)
    form = RideRequestForm(
        request.POST or None, activities=activities, places=places, initial=initial
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("destination")
            try:
                ride = services.ride_request_create(
                    person=person, created_by=request.user, need=need,
                    **form.destination_values(), **data,
                )  # fmt: skip
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(
                    request,
                    _("Skyssen er bestilt. Du får beskjed om hentetiden når turen er planlagt."),
                )
                return redirect("transport:ride", ride.pk)
        status = 400
    return render(
        request,
        "transport/request_form.html",
        {"form": form, "person": person, "need": need},
        status=status,
    )


def _ride_for(request: HttpRequest, ride_id: int) -> RideRequest:
    ride = get_object_or_404(RideRequest.objects.select_related("person"), pk=ride_id)
    coordinator = selectors.can_coordinate(request.user, ride.kommune_id)
    if not (coordinator or can_arrange_for(request.user, ride.person)):
        raise PermissionDenied(_("Du kan ikke se denne skyssen."))
    return ride


@login_required
def ride_detail(request: HttpRequest, ride_id: int) -> HttpResponse:
    ride = _ride_for(request, ride_id)
    return render(request, "transport/ride_detail.html", {"ride": ride})


@login_required
@require_POST
def ride_cancel(request: HttpRequest, ride_id: int) -> HttpResponse:
    ride = _ride_for(request, ride_id)
    services.ride_request_cancel(ride=ride, by=request.user)
    messages.success(request, _("Skyssen er avbestilt."))
    if selectors.can_coordinate(request.user, ride.kommune_id) and "dag" in request.POST:
        return redirect(_day_url(ride.kommune_id, ride.date))
    return redirect("transport:mine")


# --- The coordinator's day ----------------------------------------------------------------


@login_required
def coordinator(request: HttpRequest, kommune_id: int) -> HttpResponse:
    kommune = get_object_or_404(Kommune, pk=kommune_id)
    day = _day(request)
    overview = selectors.coordinator_day(user=request.user, kommune_id=kommune.pk, date=day)
    return render(
        request,
        "transport/coordinator.html",
        {
            "kommune": kommune,
            "day": overview,
            "previous_day": (day - dt.timedelta(days=1)).isoformat(),
            "next_day": (day + dt.timedelta(days=1)).isoformat(),
            "lock_form": LockForm(shifts=overview.shifts),
            "shift_form": ShiftForm(
                drivers=[d for d in selectors.drivers_for(kommune_id=kommune.pk) if d.active],
                vehicles=selectors.vehicles_for(kommune_id=kommune.pk),
                initial={"date": day, "starts_at": "09:00", "ends_at": "15:00"},
            ),
        },
    )


@login_required
@require_POST
def from_signups(request: HttpRequest, kommune_id: int) -> HttpResponse:
    day = _day(request)
    result = services.rides_from_signups(kommune_id=kommune_id, date=day, by=request.user)
    messages.success(
        request, _("%(count)s skyssbestillinger laget fra påmeldinger.") % {
            "count": len(result.created)
        },
    )  # fmt: skip
    for person in result.without_home:
        messages.warning(
            request,
            _("%(name)s har ingen adresse med kart-posisjon. Bestill skyssen for hånd.")
            % {"name": person.full_name},
        )
    return redirect(_day_url(kommune_id, day))


@login_required
@require_POST
def accept(request: HttpRequest, ride_id: int) -> HttpResponse:
    ride = get_object_or_404(RideRequest, pk=ride_id)
    try:
        services.ride_request_accept(ride=ride, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_day_url(ride.kommune_id, ride.date))


@login_required
@require_POST
def plan(request: HttpRequest, kommune_id: int) -> HttpResponse:
    day = _day(request)
    try:
        new_plan = services.plan_create(kommune_id=kommune_id, date=day, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_day_url(kommune_id, day))
    if not new_plan.checked:
        messages.error(request, _("Planen besto ikke kontrollen. Den kan ikke sendes ut."))
    elif new_plan.unserved:
        messages.warning(
            request, _("Planen er klar, men noen turer fikk ikke plass. Se hvorfor under.")
        )
    else:
        messages.success(request, _("Alle turene har fått sjåfør. Se over og send beskjed."))
    return redirect(_day_url(kommune_id, day))


@login_required
@require_POST
def publish(request: HttpRequest, plan_id: int) -> HttpResponse:
    ride_plan = get_object_or_404(RidePlan, pk=plan_id)
    try:
        sent = services.plan_publish(plan=ride_plan, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(count)s meldinger sendt til passasjerer og sjåfører.") % {"count": sent}
        )
    return redirect(_day_url(ride_plan.kommune_id, ride_plan.date))


@login_required
@require_POST
def lock(request: HttpRequest, ride_id: int) -> HttpResponse:
    ride = get_object_or_404(RideRequest, pk=ride_id)
    shifts = list(
        DriverShift.objects.filter(driver__kommune_id=ride.kommune_id, date=ride.date)
        .select_related("driver__person", "vehicle")
    )  # fmt: skip
    form = LockForm(request.POST, shifts=shifts)
    if form.is_valid():
        try:
            services.ride_lock(ride=ride, shift=form.chosen_shift(), by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Låst. Planlegg på nytt for å flytte turen; resten planlegges rundt den.")
                if form.chosen_shift()
                else _("Låsen er fjernet."),
            )
    else:
        messages.error(request, _("Velg en sjåfør fra lista."))
    return redirect(_day_url(ride.kommune_id, ride.date))


# --- Run sheets ---------------------------------------------------------------------------


def _shift(shift_id: int) -> DriverShift:
    return get_object_or_404(
        DriverShift.objects.select_related("driver__person", "vehicle__organisation"),
        pk=shift_id,
    )


@login_required
def run_sheet(request: HttpRequest, shift_id: int) -> HttpResponse:
    sheet = selectors.run_sheet(user=request.user, shift=_shift(shift_id))
    return render(request, "transport/run_sheet.html", {"sheet": sheet})


@login_required
def run_sheet_print(request: HttpRequest, shift_id: int) -> HttpResponse:
    sheet = selectors.run_sheet(user=request.user, shift=_shift(shift_id))
    name = f"kjoreliste-{sheet.shift.date.isoformat()}.pdf"
    response = HttpResponse(run_sheet_pdf(sheet), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


# --- Drivers, vehicles and shifts ---------------------------------------------------------


@login_required
def drivers(
    request: HttpRequest,
    kommune_id: int,
    *,
    driver_form: DriverForm | None = None,
    vehicle_form: VehicleForm | None = None,
    status: int = 200,
) -> HttpResponse:
    kommune = get_object_or_404(Kommune, pk=kommune_id)
    search = ResidentSearchForm(request.GET or None)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    candidates = selectors.driver_candidates(user=request.user, kommune_id=kommune.pk, query=query)
    vehicles = selectors.vehicles_for(kommune_id=kommune.pk)
    return render(
        request,
        "transport/drivers.html",
        {
            "kommune": kommune,
            "drivers": selectors.drivers_for(kommune_id=kommune.pk),
            "vehicles": vehicles,
            "search": search if search.is_bound else ResidentSearchForm(),
            "query": query,
            "driver_form": driver_form
            or DriverForm(people=candidates, vehicles=vehicles, initial={"can_help_to_door": True}),
            "vehicle_form": vehicle_form or VehicleForm(initial={"kind": "car"}),
        },
        status=status,
    )


@login_required
@require_POST
def driver_new(request: HttpRequest, kommune_id: int) -> HttpResponse:
    selectors.require_coordinator(request.user, kommune_id)
    posted = request.POST.get("person", "")
    person_id = int(posted) if posted.isdigit() else 0
    people = Person.objects.filter(kommune_id=kommune_id, pk=person_id)
    form = DriverForm(
        request.POST, people=list(people), vehicles=selectors.vehicles_for(kommune_id=kommune_id)
    )
    if form.is_valid():
        try:
            driver = services.driver_create(kommune_id=kommune_id, by=request.user, **form.values())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, _("%(name)s er registrert som sjåfør.") % {"name": driver.person.full_name}
            )
            return redirect("transport:drivers", kommune_id)
    return drivers(request, kommune_id, driver_form=form, status=400)


@login_required
@require_POST
def vehicle_new(request: HttpRequest, kommune_id: int) -> HttpResponse:
    form = VehicleForm(request.POST)
    if form.is_valid():
        try:
            vehicle = services.vehicle_create(
                kommune_id=kommune_id, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("%(name)s er lagt til.") % {"name": vehicle.name})
            return redirect("transport:drivers", kommune_id)
    selectors.require_coordinator(request.user, kommune_id)
    return drivers(request, kommune_id, vehicle_form=form, status=400)


@login_required
@require_POST
def shift_new(request: HttpRequest, kommune_id: int) -> HttpResponse:
    selectors.require_coordinator(request.user, kommune_id)
    form = ShiftForm(
        request.POST,
        drivers=[d for d in selectors.drivers_for(kommune_id=kommune_id) if d.active],
        vehicles=selectors.vehicles_for(kommune_id=kommune_id),
    )
    if form.is_valid():
        try:
            shift = services.shift_create(by=request.user, **form.values())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s kjører denne dagen. Planlegg på nytt for å bruke vakten.")
                % {"name": shift.driver.person.full_name},
            )
            return redirect(_day_url(kommune_id, shift.date))
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
    return redirect(_day_url(kommune_id, _day(request)))


@login_required
@require_POST
def own_shift_new(request: HttpRequest) -> HttpResponse:
    """A driver offers a day in their own car."""
    driver = selectors.driver_for(user=request.user)
    if driver is None:
        raise PermissionDenied(_("Du er ikke registrert som sjåfør."))
    form = OwnShiftForm(request.POST)
    if form.is_valid():
        try:
            services.shift_create(driver=driver, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Takk! Koordinatoren ser at du kan kjøre."))
            return redirect("transport:mine")
    return mine(request, own_shift_form=form, status=400)


@login_required
@require_POST
def shift_delete(request: HttpRequest, shift_id: int) -> HttpResponse:
    shift = _shift(shift_id)
    try:
        services.shift_delete(shift=shift, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Vakten er fjernet."))
    if selectors.can_coordinate(request.user, shift.driver.kommune_id) and "dag" in request.POST:
        return redirect(_day_url(shift.driver.kommune_id, shift.date))
    return redirect("transport:mine")
