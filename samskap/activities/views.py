"""Pages for activities and meeting places: thin views over selectors and services.

Every page works without JavaScript: GET pages and POST forms with CSRF. PermissionDenied
becomes the 403 page, Http404 the 404 page, and a service's ValidationError a message.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samskap.accounts.models import Role
from samskap.accounts.selectors import (
    user_has_role,
    user_kommune_ids_with_role,
    user_role_grants,
)
from samskap.activities.feeds import person_feed_token
from samskap.activities.forms import (
    ActivityFilterForm,
    AttendanceForm,
    FunctionalTestForm,
    ResidentSearchForm,
    SignUpForm,
)
from samskap.activities.hsds import directory_package, kommune_id_for_number
from samskap.activities.selectors import (
    active_signups_for,
    activities_in_period,
    activity_confirmed_count,
    activity_get_published,
    activity_leaders,
    coordinator_activities,
    first_activity_people,
    kommuner_with_activities,
    latest_held_date,
    occurrences_ahead,
    progress_for_viewer,
    register_for_leader,
    signup_get_active,
    test_sheet_for_leader,
)
from samskap.activities.services import (
    attendance_record,
    functional_test_record,
    signup_cancel,
    signup_create,
)
from samskap.core.geo import distance_km
from samskap.core.maps import CIRCLE, HOUSE, NUMBERED, Marker, render_map
from samskap.people.selectors import (
    people_followed_by,
    people_represented_by,
    person_or_404,
    residents_for_coordinator,
)
from samskap.web.forms import apply_validation_error

LIST_DAYS = 14
DETAIL_DATES = 8
# Dark blue markers with white numbers (8.6:1 both ways); the home is a near-black house.
ACTIVITY_FILL = "#0b4f8a"
HOME_FILL = "#1e1e1e"
# Narrow maps, so that numbers and names are still big enough on a phone.
MAP_WIDTH = 320


def _messages_from(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _home_marker(origin: tuple[float, float]) -> Marker:
    return Marker(
        lat=origin[0],
        lon=origin[1],
        label=_("Hjemme"),
        shape=HOUSE,
        fill=HOME_FILL,
        size=11,
        css_class="activity-map__home",
        text=_("Hjemme"),
        layer=1,
    )


def _list_map(cards: list[dict], origin: tuple[float, float] | None) -> str:
    """The listed activities as numbered markers (the numbers of the list), and the home."""
    if not cards:
        return ""
    markers = [
        Marker(
            lat=card["item"].activity.latitude,
            lon=card["item"].activity.longitude,
            label=f"{card['number']}. {card['item'].activity.title}, "
            f"{card['item'].activity.place_name}",
            shape=NUMBERED,
            fill=ACTIVITY_FILL,
            size=13,
            css_class="activity-map__activity",
            number=str(card["number"]),
            place=card["item"].activity.postal_place,
            layer=2,
        )
        for card in cards
    ]
    description = ngettext(
        "%(n)s aktivitet, nummerert som i lista.",
        "%(n)s aktiviteter, nummerert som i lista.",
        len(cards),
    ) % {"n": len(cards)}
    if origin is not None:
        markers.append(_home_marker(origin))
        description += " " + _("Hjemmet ditt er merket med et hus og ordet «Hjemme».")
    return render_map(
        markers,
        title=_("Kart over aktivitetene i lista"),
        description=description,
        id_prefix="activity-map",
        css_class="activity-map",
        width=MAP_WIDTH,
        max_height=MAP_WIDTH,
        declutter=True,
    )


def _detail_map(activity, origin: tuple[float, float] | None) -> str:
    """Where the activity is (a circle with its place name), and the home when known."""
    markers = [
        Marker(
            lat=activity.latitude,
            lon=activity.longitude,
            label=activity.place_name,
            shape=CIRCLE,
            fill=ACTIVITY_FILL,
            size=11,
            css_class="activity-map__place",
            # The full address is under the map; on it, the name up to a comma.
            text=activity.place_name.split(",")[0],
            layer=2,
        )
    ]
    description = _("Kartet viser hvor %(place)s ligger, merket med en blå sirkel.") % {
        "place": activity.place_name
    }
    if origin is not None:
        markers.append(_home_marker(origin))
        description += " " + _("Hjemmet ditt er merket med et hus og ordet «Hjemme».")
    description += " " + _("Adressen står under kartet.")
    return render_map(
        markers,
        title=_("Kart: hvor %(title)s er") % {"title": activity.title},
        description=description,
        id_prefix="activity-map",
        css_class="activity-map",
        width=MAP_WIDTH,
        max_height=MAP_WIDTH * 0.8,
        declutter=True,
    )


def _origin(person) -> tuple[float, float] | None:
    if person is not None and person.latitude is not None and person.longitude is not None:
        return (person.latitude, person.longitude)
    return None


def _own_person(request: HttpRequest):
    user = request.user
    if user.is_authenticated and getattr(user, "person_id", None):
        return user.person
    return None


def activity_list(request: HttpRequest) -> HttpResponse:
    person = _own_person(request)
    kommune_choices = kommuner_with_activities()
    data = request.GET.copy()
    if "kommune" not in data and person is not None:
        data["kommune"] = str(person.kommune_id)
    form = ActivityFilterForm(data, kommune_choices=kommune_choices)
    filters = form.cleaned_data if form.is_valid() else {}
    chosen = filters.get("kommune")
    kommune_ids = [chosen] if chosen else [pk for pk, _name in kommune_choices]
    origin = _origin(person)
    today = timezone.localdate()
    items = activities_in_period(
        kommune_ids=kommune_ids,
        start=today,
        end=today + dt.timedelta(days=LIST_DAYS - 1),
        origin=origin,
        category=filters.get("category") or None,
    )
    day = filters.get("day")
    cards = []
    for item in items:
        activity = item.activity
        if filters.get("wheelchair") and not activity.wheelchair_access:
            continue
        if filters.get("hearing_loop") and not activity.hearing_loop:
            continue
        if filters.get("toilet") and not activity.accessible_toilet:
            continue
        max_km = filters.get("max_km")
        if max_km and origin and item.distance_km is not None and item.distance_km > max_km:
            continue
        held = [o for o in item.held if o.starts_at >= timezone.now()] or item.held
        if day:
            held = [o for o in held if o.date.weekday() == int(day)]
            if not held:
                continue
        cards.append({"item": item, "next": held[0]})
    if not (filters.get("near_me") and origin):
        cards.sort(key=lambda card: card["next"].starts_at)
    for number, card in enumerate(cards, start=1):
        card["number"] = number
    return render(
        request,
        "activities/list.html",
        {
            "form": form,
            "cards": cards,
            "map_svg": _list_map(cards, origin),
            "show_distance": origin is not None,
            "near_me_possible": origin is not None,
            "feed_token": person_feed_token(person.pk) if person is not None else None,
            "coordinator_in": sorted(
                {
                    (g.kommune_id, g.kommune_name)
                    for g in user_role_grants(request.user)
                    if g.role == Role.COORDINATOR
                },
                key=lambda pair: pair[1],
            ),
        },
    )


def _skip_reason(occurrence) -> str:
    if not occurrence.skipped:
        return ""
    holiday = occurrence.holiday
    if holiday is None:
        return _("avlyst")
    language = get_language() or "nb"
    if language.startswith("nn"):
        return holiday.name_nn
    if language.startswith("en"):
        return holiday.name_en
    return holiday.name_nb


def activity_detail(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = activity_get_published(activity_id=activity_id)
    today = timezone.localdate()
    user = request.user
    people = []
    own = None
    if user.is_authenticated:
        own = _own_person(request)
        candidates = ([own] if own is not None else []) + list(
            people_represented_by(user=user).order_by("given_name")
        )
        signups = active_signups_for(activity=activity, person_ids=[p.pk for p in candidates])
        people = [
            {
                "person": p,
                "is_self": own is not None and p.pk == own.pk,
                "signup": signups.get(p.pk),
                "form": SignUpForm(initial={"person": p.pk}, auto_id=f"id_p{p.pk}_%s"),
            }
            for p in candidates
        ]
    confirmed = activity_confirmed_count(activity=activity)
    origin = _origin(own)
    can_lead = user.is_authenticated and user.has_perm("activities.lead_activity", activity)
    can_staff_signup = user.is_authenticated and (
        user_has_role(user, Role.COORDINATOR, activity.kommune_id)
        or bool(user_kommune_ids_with_role(user, Role.CARE_STAFF))
    )
    return render(
        request,
        "activities/detail.html",
        {
            "activity": activity,
            "leaders": activity_leaders(activity=activity),
            "dates": [
                {"occurrence": o, "reason": _skip_reason(o)}
                for o in occurrences_ahead(activity=activity, start=today, count=DETAIL_DATES)
            ],
            "confirmed": confirmed,
            "places_left": None
            if activity.capacity is None
            else max(0, activity.capacity - confirmed),
            "people": people,
            "can_lead": can_lead,
            "can_staff_signup": can_staff_signup,
            "map_svg": _detail_map(activity, origin),
            "home_km": None
            if origin is None
            else distance_km(origin[0], origin[1], activity.latitude, activity.longitude),
        },
    )


def _signup_from_post(request: HttpRequest, activity, *, back: str) -> HttpResponse:
    form = SignUpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Noe gikk galt. Prøv igjen."))
        return redirect(back)
    person = person_or_404(form.cleaned_data["person"])
    try:
        signup = signup_create(
            activity=activity,
            person=person,
            signed_up_by=request.user,
            needs_ride=form.cleaned_data["needs_ride"],
        )
    except ValidationError as error:
        _messages_from(request, error)
        return redirect(back)
    if signup.status == "waitlisted":
        messages.info(
            request,
            _("%(name)s står på venteliste til %(title)s.")
            % {"name": person.full_name, "title": activity.title},
        )
    else:
        messages.success(
            request,
            _("%(name)s er påmeldt %(title)s.")
            % {"name": person.full_name, "title": activity.title},
        )
    return redirect(back)


@login_required
@require_POST
def signup(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = activity_get_published(activity_id=activity_id)
    return _signup_from_post(
        request, activity, back=reverse("activities:detail", args=[activity.pk])
    )


@login_required
@require_POST
def cancel(request: HttpRequest, activity_id: int, signup_id: int) -> HttpResponse:
    activity = activity_get_published(activity_id=activity_id)
    row = signup_get_active(activity=activity, signup_id=signup_id)
    try:
        signup_cancel(signup=row, cancelled_by=request.user)
    except ValidationError as error:
        _messages_from(request, error)
    else:
        messages.success(
            request,
            _("%(name)s er meldt av %(title)s.")
            % {"name": row.person.full_name, "title": activity.title},
        )
    back = request.POST.get("next", "")
    if back == "register":
        return redirect("activities:register", activity.pk)
    return redirect("activities:detail", activity.pk)


@login_required
def signup_for(request: HttpRequest, activity_id: int) -> HttpResponse:
    """Staff sign up someone who phones in: search by name, then confirm."""
    activity = activity_get_published(activity_id=activity_id)
    user = request.user
    is_coordinator = user_has_role(user, Role.COORDINATOR, activity.kommune_id)
    is_care_staff = bool(user_kommune_ids_with_role(user, Role.CARE_STAFF))
    if not (is_coordinator or is_care_staff):
        raise PermissionDenied(_("Bare ansatte kan melde på andre herfra."))
    here = reverse("activities:signup_for", args=[activity.pk])
    if request.method == "POST":
        return _signup_from_post(request, activity, back=here)
    search = ResidentSearchForm(request.GET or None)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    found: list = []
    if is_coordinator and query:
        found = list(
            residents_for_coordinator(user=user, kommune_id=activity.kommune_id, query=query)
        )
    if is_care_staff:
        followed = people_followed_by(user=user)
        for term in query.split()[:4]:
            followed = [
                p
                for p in followed
                if term.lower() in p.given_name.lower() or term.lower() in p.family_name.lower()
            ]
        known = {p.pk for p in found}
        found += [p for p in followed if p.pk not in known]
    signups = active_signups_for(activity=activity, person_ids=[p.pk for p in found])
    rows = [
        {
            "person": p,
            "signup": signups.get(p.pk),
            "form": SignUpForm(initial={"person": p.pk}, auto_id=f"id_p{p.pk}_%s"),
        }
        for p in found
    ]
    return render(
        request,
        "activities/signup_for.html",
        {
            "activity": activity,
            "search": search if search.is_bound else ResidentSearchForm(),
            "query": query,
            "rows": rows,
            "is_care_staff": is_care_staff,
        },
    )


def _date_param(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise Http404(_("Ugyldig dato.")) from exc


@login_required
def register(request: HttpRequest, activity_id: int) -> HttpResponse:
    """The leader's attendance register for one held date (phone-first)."""
    activity = activity_get_published(activity_id=activity_id)
    today = timezone.localdate()
    day = _date_param(request.GET.get("dato") or request.POST.get("dato"))
    if day is None:
        day = latest_held_date(activity=activity, today=today)
    sheet = register_for_leader(activity=activity, viewer=request.user, day=day)
    choices = [(s.person_id, s.person.full_name) for s in sheet.confirmed]
    if request.method == "POST":
        form = AttendanceForm(request.POST, people=choices)
        if day is None or not form.is_valid():
            messages.error(request, _("Noe gikk galt. Prøv igjen."))
        else:
            try:
                attendance_record(
                    activity=activity,
                    day=day,
                    present_person_ids=set(form.cleaned_data["present"]),
                    recorded_by=request.user,
                )
            except ValidationError as error:
                _messages_from(request, error)
            else:
                messages.success(
                    request,
                    _("Oppmøtet er lagret: %(count)s til stede.")
                    % {"count": len(form.cleaned_data["present"])},
                )
        url = reverse("activities:register", args=[activity.pk])
        return redirect(f"{url}?dato={day.isoformat()}" if day else url)
    return render(
        request,
        "activities/register.html",
        {
            "activity": activity,
            "day": day,
            "sheet": sheet,
            "present_count": len(sheet.present_ids),
            "recent_days": [
                o.date
                for o in reversed(
                    occurrences_ahead(
                        activity=activity, start=today - dt.timedelta(weeks=6), count=7
                    )
                )
                if not o.skipped and o.date <= today
            ],
        },
    )


@login_required
def coordinator(request: HttpRequest, kommune_id: int) -> HttpResponse:
    today = timezone.localdate()
    rows = coordinator_activities(user=request.user, kommune_id=kommune_id)
    firsts = first_activity_people(user=request.user, kommune_id=kommune_id, today=today)
    name = next(
        (g.kommune_name for g in user_role_grants(request.user) if g.kommune_id == kommune_id),
        "",
    )
    return render(
        request,
        "activities/coordinator.html",
        {"rows": rows, "firsts": firsts, "kommune_id": kommune_id, "kommune_name": name},
    )


@login_required
def tests(request: HttpRequest, activity_id: int) -> HttpResponse:
    """Instructors record a 30-second chair stand or Timed Up and Go result."""
    activity = activity_get_published(activity_id=activity_id)
    if not activity.functional_tests:
        raise Http404(_("Denne aktiviteten bruker ikke tester."))
    rows = test_sheet_for_leader(activity=activity, viewer=request.user)
    people = [(row.signup.person_id, row.signup.person.full_name) for row in rows]
    if request.method == "POST":
        form = FunctionalTestForm(request.POST, people=people)
        if form.is_valid():
            data = form.cleaned_data
            person = next(r.signup.person for r in rows if r.signup.person_id == data["person"])
            try:
                functional_test_record(
                    activity=activity,
                    person=person,
                    test=data["test"],
                    phase=data["phase"],
                    day=data["date"],
                    value=data["value"],
                    recorded_by=request.user,
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(
                    request, _("Resultatet for %(name)s er lagret.") % {"name": person.full_name}
                )
                return redirect("activities:tests", activity.pk)
    else:
        form = FunctionalTestForm(people=people, initial={"date": timezone.localdate()})
    return render(
        request, "activities/tests.html", {"activity": activity, "rows": rows, "form": form}
    )


def _progress_sentence(row, *, own: bool, name: str) -> str:
    change = row.progress
    start, end = floatformat(row.start.value, -1), floatformat(row.latest.value, -1)
    values = {"start": start, "end": end, "name": name}
    if row.test == "chair_stand_30s":
        if own:
            text = _("Du reiste deg %(start)s ganger ved start og %(end)s ganger nå") % values
        else:
            text = _("%(name)s reiste seg %(start)s ganger ved start og %(end)s ganger nå") % values
    elif own:
        text = _("Du brukte %(start)s sekunder ved start og %(end)s sekunder nå") % values
    else:
        text = _("%(name)s brukte %(start)s sekunder ved start og %(end)s sekunder nå") % values
    if change.improved:
        return _("%(text)s – det er fremgang.") % {"text": text}
    if change.worsened:
        return _("%(text)s – litt tilbakegang. Snakk gjerne med instruktøren.") % {"text": text}
    return _("%(text)s – omtrent som før.") % {"text": text}


@login_required
def my_progress(
    request: HttpRequest, activity_id: int, person_id: int | None = None
) -> HttpResponse:
    """The person's own first and latest results, in plain words (or for a representative)."""
    activity = activity_get_published(activity_id=activity_id)
    if person_id is None:
        person = _own_person(request)
        if person is None:
            raise Http404(_("Brukeren din er ikke knyttet til en person."))
    else:
        person = person_or_404(person_id)
    rows = progress_for_viewer(activity=activity, person=person, viewer=request.user)
    own = person.pk == request.user.person_id
    lines = [
        {
            "row": row,
            "sentence": _progress_sentence(row, own=own, name=person.given_name)
            if row.progress
            else "",
        }
        for row in rows
    ]
    return render(
        request,
        "activities/my_progress.html",
        {"activity": activity, "person": person, "own": own, "lines": lines},
    )


def hsds(request: HttpRequest) -> JsonResponse:
    """The public activity directory as Open Referral HSDS 3 JSON (see docs/hsds.md)."""
    number = request.GET.get("kommune", "").strip()
    kommune_ids = [kommune_id_for_number(number)] if number else None
    base_url = request.build_absolute_uri("/")
    package = directory_package(kommune_ids, base_url=base_url)
    return JsonResponse(package, safe=False, json_dumps_params={"ensure_ascii": False})
