"""Pages for help and contribution: thin views over help.selectors and help.services.

Every page works without JavaScript: plain GET pages and POST forms with CSRF.
PermissionDenied becomes the 403 page (handled globally), Http404 the 404 page, and a
service's ValidationError is shown on the form or as a message.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samskap.accounts.models import Role
from samskap.accounts.selectors import user_role_grants
from samskap.help import engine
from samskap.help.forms import (
    AskForm,
    ConcernForm,
    ConcernUpdateForm,
    DeclineForm,
    FeedbackForm,
    HelperProfileForm,
    HelpSettingsForm,
    NeedForm,
    SessionForm,
    StatisticsYearForm,
    VerificationForm,
)
from samskap.help.maps import HELPER, HELPER_FILL, NEED, NEED_FILL, MapPoint, render_help_map
from samskap.help.models import (
    Assignment,
    AssignmentStatus,
    Category,
    FeedbackSide,
    HelperKind,
    HelperProfile,
    MatchingRun,
    Need,
    Recurrence,
    Transport,
    VerificationKind,
)
from samskap.help.schedule import next_occurrence
from samskap.help.selectors import (
    assignment_get_for_viewer,
    category_requirements,
    concern_get,
    concern_trail,
    coordinator_page,
    goals_for_need_form,
    help_contact_phones,
    help_statistics,
    helper_get_for_user,
    helper_page,
    helper_profiles_for_user,
    helpers_for_coordinator,
    matching_run_get,
    need_get_for_viewer,
    need_suggestions,
    needs_near_helper,
    needs_overview_for_user,
    open_needs_without_helper,
    organisations_represented,
    person_for_need_form,
    run_kommune_ids,
)
from samskap.help.services import (
    assignment_accept,
    assignment_ask,
    assignment_decline,
    concern_report,
    concern_update,
    feedback_give,
    help_settings_for,
    help_settings_update,
    helper_profile_save,
    helper_take_need,
    matching_run_create,
    matching_run_discard,
    matching_run_send,
    need_cancel,
    need_create,
    need_update,
    requirement_set,
    session_log,
    verification_record,
    verification_revoke,
)
from samskap.municipalities.models import Kommune
from samskap.people.rules import is_representative, is_self
from samskap.web.forms import apply_validation_error

# A service's field name → the form field that shows its error.
NEED_FIELD_FOR = {"windows": "time_of_day", "at_home": "where"}
HELPER_FIELD_FOR = {"latitude": None, "longitude": None}


def _show_error(form, error: ValidationError, rename: dict[str, str | None] | None = None):
    """apply_validation_error, with the service's field names mapped to the form's."""
    if rename and hasattr(error, "error_dict"):
        error = ValidationError(
            {
                (rename.get(name, name) or "__all__"): errors
                for name, errors in error.error_dict.items()
            }
        )
        if "__all__" in error.error_dict:
            for message in error.error_dict.pop("__all__"):
                form.add_error(None, message)
    apply_validation_error(form, error)


def _int_param(value: str | None) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError as exc:
        raise Http404(_("Ugyldig lenke.")) from exc


def _kommune_name(user, kommune_id: int) -> str:
    for grant in user_role_grants(user):
        if grant.kommune_id == kommune_id:
            return grant.kommune_name
    return get_object_or_404(Kommune, pk=kommune_id).name


# --- The resident's and relative's overview ------------------------------------------------


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    user = request.user
    people = needs_overview_for_user(user=user)
    grants = user_role_grants(user)
    coordinator_in = {g.kommune_id: g.kommune_name for g in grants if g.role == Role.COORDINATOR}
    statistics_in = {
        g.kommune_id: g.kommune_name
        for g in grants
        if g.role in (Role.COORDINATOR, Role.LEADER, Role.ADMINISTRATOR)
    }
    kommune_ids = {p.person.kommune_id for p in people}
    phones = help_contact_phones(kommune_ids=kommune_ids)
    context = {
        "people": people,
        "helper_profiles": helper_profiles_for_user(user=user),
        "coordinator_in": sorted(coordinator_in.items(), key=lambda kv: kv[1]),
        "statistics_in": sorted(statistics_in.items(), key=lambda kv: kv[1]),
        "phones": phones,
        "today": timezone.localdate(),
    }
    return render(request, "help/overview.html", context)


# --- Needs ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def need_new(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_for_need_form(person_id=person_id, viewer=request.user)
    is_self = request.user.person_id == person.pk
    goals = goals_for_need_form(person=person, user=request.user)
    form = NeedForm(request.POST or None, person=person, is_self=is_self, goals=goals)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            need = need_create(
                person=person,
                created_by=request.user,
                category=data["category"],
                description=data["description"],
                first_date=data["first_date"],
                windows=form.windows(),
                recurrence=data["recurrence"],
                duration_minutes=data["duration_minutes"],
                alone_with_person=data["alone_with_person"],
                at_home=data["where"] == "home",
                place=data["place"],
                destination=data["destination"],
                private_note=data["private_note"],
                goal=data.get("goal"),
            )
        except ValidationError as error:
            _show_error(form, error, NEED_FIELD_FOR)
        else:
            messages.success(
                request,
                _("Takk! Vi har registrert behovet og leter etter en hjelper. Du får beskjed."),
            )
            return redirect("help:need", need_id=need.pk)
    return render(
        request, "help/need_form.html", {"form": form, "person": person, "is_self": is_self}
    )


@login_required
def need_detail(request: HttpRequest, need_id: int) -> HttpResponse:
    detail = need_get_for_viewer(need_id=need_id, viewer=request.user)
    need = detail.need
    helper_only = bool(detail.helper_assignment) and not (detail.owner_side or detail.coordinator)
    context = {
        "detail": detail,
        "need": need,
        "person": need.person,
        "view": detail.view,
        "current": detail.view.current,
        "is_self": request.user.person_id == need.person_id,
        "helper_only": helper_only,
        "person_side": is_self(request.user, need.person)
        or is_representative(request.user, need.person),
        "suggestions": need_suggestions(detail=detail) if detail.coordinator else [],
    }
    return render(request, "help/need_detail.html", context)


def _need_initial(need: Need) -> dict:
    days = {code.split("_")[0] for code in need.windows}
    return {
        "description": need.description,
        "destination": need.destination,
        "where": "home" if need.at_home else "elsewhere",
        "place": need.place,
        "first_date": need.first_date,
        "recurrence": need.recurrence,
        "time_of_day": sorted({code.split("_")[1] for code in need.windows}),
        "other_days": len(days) > 1,
        "duration_minutes": need.duration_minutes,
        "alone_with_person": need.alone_with_person,
        "private_note": need.private_note,
    }


@login_required
@require_http_methods(["GET", "POST"])
def need_edit(request: HttpRequest, need_id: int) -> HttpResponse:
    detail = need_get_for_viewer(need_id=need_id, viewer=request.user)
    need = detail.need
    if not request.user.has_perm("help.change_need", need):
        raise PermissionDenied(_("Du kan ikke endre dette behovet."))
    is_self = request.user.person_id == need.person_id
    form = NeedForm(
        request.POST or None, initial=_need_initial(need), person=need.person, is_self=is_self
    )
    del form.fields["category"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            need_update(
                need=need,
                updated_by=request.user,
                description=data["description"],
                destination=data["destination"],
                at_home=data["where"] == "home",
                place=data["place"],
                first_date=data["first_date"],
                recurrence=data["recurrence"],
                windows=form.windows(),
                duration_minutes=data["duration_minutes"],
                alone_with_person=data["alone_with_person"],
                private_note=data["private_note"],
            )
        except ValidationError as error:
            _show_error(form, error, NEED_FIELD_FOR)
        else:
            messages.success(request, _("Endringene er lagret."))
            return redirect("help:need", need_id=need.pk)
    context = {"form": form, "person": need.person, "is_self": is_self, "need": need}
    return render(request, "help/need_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def need_cancel_view(request: HttpRequest, need_id: int) -> HttpResponse:
    detail = need_get_for_viewer(need_id=need_id, viewer=request.user)
    if not detail.owner_side:
        raise PermissionDenied(_("Du kan ikke endre dette behovet."))
    if request.method == "POST":
        try:
            need_cancel(need=detail.need, cancelled_by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("help:need", need_id=need_id)
        messages.success(request, _("Behovet er avlyst. Hjelperen har fått beskjed."))
        return redirect("help:overview")
    return render(request, "help/need_cancel.html", {"need": detail.need, "detail": detail})


@login_required
@require_POST
def need_ask(request: HttpRequest, need_id: int) -> HttpResponse:
    detail = need_get_for_viewer(need_id=need_id, viewer=request.user)
    form = AskForm(request.POST)
    if not form.is_valid():
        raise Http404(_("Fant ikke hjelperen."))
    helper = helper_get_for_user(helper_id=form.cleaned_data["helper"], user=request.user)
    try:
        assignment_ask(need=detail.need, helper=helper, asked_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Vi har spurt %(helper)s. Du ser svaret her.") % {"helper": helper.display_name},
        )
    return redirect("help:need", need_id=need_id)


# --- Assignments ---------------------------------------------------------------------------


def _assignment_page(
    request: HttpRequest,
    assignment: Assignment,
    *,
    decline_form: DeclineForm | None = None,
    session_form: SessionForm | None = None,
    feedback_form: FeedbackForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    need = assignment.need
    is_helper = user.has_perm("help.respond_assignment", assignment)
    is_person_side = user.has_perm("help.feedback_person_side", assignment)
    is_coordinator = user.has_perm("help.coordinate", assignment.kommune_id)
    recurring = need.recurrence != Recurrence.ONCE
    given = set(assignment.feedback.values_list("side", flat=True))
    side = FeedbackSide.HELPER if is_helper else FeedbackSide.PERSON if is_person_side else None
    feedback_open = assignment.status == AssignmentStatus.DONE or (
        assignment.status == AssignmentStatus.ACCEPTED and recurring
    )
    can_feedback = bool(side) and side not in given and feedback_open
    can_log = assignment.status == AssignmentStatus.ACCEPTED and (is_helper or is_coordinator)
    today = timezone.localdate()
    context = {
        "assignment": assignment,
        "need": need,
        "person": need.person,
        "helper": assignment.helper,
        "is_helper": is_helper,
        "is_person_side": is_person_side,
        "is_coordinator": is_coordinator,
        "recurring": recurring,
        "next_date": next_occurrence(need.first_date, need.recurrence, today)
        if need.is_active
        else None,
        "distance_km": (assignment.reasons or {}).get("distance_km"),
        "decline_form": decline_form or DeclineForm(),
        "session_form": (session_form or SessionForm(recurring=recurring)) if can_log else None,
        "feedback_form": (feedback_form or FeedbackForm(person_side=side == FeedbackSide.PERSON))
        if can_feedback
        else None,
        "feedback_given": side in given if side else False,
        "sessions": list(assignment.sessions.all()) if assignment.contact_visible else [],
        "can_report": assignment.status
        in (AssignmentStatus.ASKED, AssignmentStatus.ACCEPTED, AssignmentStatus.DONE),
        # The bound form with errors, so the page title starts with "Feil:".
        "form": decline_form or session_form or feedback_form,
    }
    return render(request, "help/assignment_detail.html", context, status=status)


@login_required
def assignment_detail(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = assignment_get_for_viewer(assignment_id=assignment_id, viewer=request.user)
    return _assignment_page(request, assignment)


@login_required
@require_POST
def assignment_accept_view(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = assignment_get_for_viewer(assignment_id=assignment_id, viewer=request.user)
    try:
        assignment_accept(assignment=assignment, accepted_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Takk! Oppdraget er ditt. Her er navn, adresse og telefonnummer."),
        )
    return redirect("help:assignment", assignment_id=assignment_id)


@login_required
@require_POST
def assignment_decline_view(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = assignment_get_for_viewer(assignment_id=assignment_id, viewer=request.user)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return _assignment_page(request, assignment, decline_form=form, status=400)
    try:
        assignment_decline(
            assignment=assignment, declined_by=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("help:assignment", assignment_id=assignment_id)
    messages.success(request, _("Takk for at du svarte. Vi spør noen andre."))
    return redirect("help:helper_detail", helper_id=assignment.helper_id)


@login_required
@require_POST
def session_new(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = assignment_get_for_viewer(assignment_id=assignment_id, viewer=request.user)
    recurring = assignment.need.recurrence != Recurrence.ONCE
    form = SessionForm(request.POST, recurring=recurring)
    if form.is_valid():
        data = form.cleaned_data
        try:
            session_log(
                assignment=assignment,
                logged_by=request.user,
                date=data["date"],
                hours=data["hours"],
                note=data["note"],
                finish=data.get("finish", False),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Takk! Det er registrert."))
            return redirect("help:assignment", assignment_id=assignment_id)
    return _assignment_page(request, assignment, session_form=form)


@login_required
@require_POST
def feedback_new(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = assignment_get_for_viewer(assignment_id=assignment_id, viewer=request.user)
    person_side = request.user.has_perm("help.feedback_person_side", assignment) and not (
        request.user.has_perm("help.respond_assignment", assignment)
    )
    form = FeedbackForm(request.POST, person_side=person_side)
    if form.is_valid():
        data = form.cleaned_data
        try:
            feedback_give(
                assignment=assignment,
                given_by=request.user,
                rating=data["rating"],
                comment=data["comment"],
                not_again=data.get("not_again", False),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Takk for tilbakemeldingen!"))
            return redirect("help:assignment", assignment_id=assignment_id)
    return _assignment_page(request, assignment, feedback_form=form)


# --- Safeguarding ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def concern_new(request: HttpRequest) -> HttpResponse:
    assignment_id = _int_param(request.GET.get("oppdrag"))
    need_id = _int_param(request.GET.get("behov"))
    assignment = need = None
    if assignment_id:
        assignment = assignment_get_for_viewer(assignment_id=assignment_id, viewer=request.user)
        need = assignment.need
    elif need_id:
        need = need_get_for_viewer(need_id=need_id, viewer=request.user).need
    else:
        raise Http404(_("Velg hvilket oppdrag bekymringen gjelder."))
    form = ConcernForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            concern_report(
                reported_by=request.user,
                what_happened=form.cleaned_data["what_happened"],
                urgent=form.cleaned_data["urgent"],
                assignment=assignment,
                need=None if assignment else need,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("Takk for at du sa fra. Koordinatoren har fått meldingen og tar kontakt."),
            )
            if assignment:
                return redirect("help:assignment", assignment_id=assignment.pk)
            return redirect("help:need", need_id=need.pk)
    back = (
        reverse("help:assignment", args=[assignment.pk])
        if assignment
        else reverse("help:need", args=[need.pk])
    )
    return render(
        request,
        "help/concern_form.html",
        {"form": form, "need": need, "assignment": assignment, "back_url": back},
    )


@login_required
@require_http_methods(["GET", "POST"])
def concern_detail(request: HttpRequest, report_id: int) -> HttpResponse:

    report = concern_get(report_id=report_id, user=request.user)
    form = ConcernUpdateForm(
        request.POST or None,
        initial={"status": report.status, "handling_notes": report.handling_notes},
    )
    if request.method == "POST" and form.is_valid():
        try:
            concern_update(
                report=report,
                updated_by=request.user,
                status=form.cleaned_data["status"],
                handling_notes=form.cleaned_data["handling_notes"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Oppfølgingen er lagret."))
            return redirect("help:concern", report_id=report.pk)
    trail = concern_trail(report=report)
    context = {"report": report, "form": form, "trail": trail}
    return render(request, "help/concern_detail.html", context)


# --- Helpers --------------------------------------------------------------------------------


def _helper_page_response(
    request: HttpRequest, helper: HelperProfile, profiles: list[HelperProfile]
) -> HttpResponse:
    page = helper_page(helper=helper)
    context = {
        "page": page,
        "helper": helper,
        "is_helper_user": request.user.has_perm("help.act_as_helper", helper),
        "is_coordinator": request.user.has_perm("help.coordinate", helper.kommune_id),
        "other_profiles": [p for p in profiles if p.pk != helper.pk],
    }
    return render(request, "help/helper_page.html", context)


@login_required
def helper_home(request: HttpRequest) -> HttpResponse:
    profiles = helper_profiles_for_user(user=request.user)
    if not profiles:
        organisations = organisations_represented(user=request.user)
        return render(request, "help/helper_none.html", {"organisations": organisations})
    own = next((p for p in profiles if p.person_id == request.user.person_id), profiles[0])
    return _helper_page_response(request, own, profiles)


@login_required
def helper_detail(request: HttpRequest, helper_id: int) -> HttpResponse:
    helper = helper_get_for_user(helper_id=helper_id, user=request.user)
    profiles = helper_profiles_for_user(user=request.user)
    return _helper_page_response(request, helper, profiles)


@login_required
@require_POST
def helper_take(request: HttpRequest, helper_id: int, need_id: int) -> HttpResponse:
    helper = helper_get_for_user(helper_id=helper_id, user=request.user)
    if not request.user.has_perm("help.act_as_helper", helper):
        raise PermissionDenied(_("Du kan ikke ta oppdrag for denne hjelperen."))
    # Only a need the helper is shown under "needs near you" can be taken from here.
    nearby = needs_near_helper(helper=helper, today=timezone.localdate(), limit=500)
    need = next((n.need for n in nearby if n.need.pk == need_id), None)
    if need is None:
        messages.error(request, _("Noen andre har allerede tatt dette oppdraget."))
        return redirect("help:helper_detail", helper_id=helper.pk)
    try:
        assignment = helper_take_need(need=need, helper=helper, taken_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("help:helper_detail", helper_id=helper.pk)
    messages.success(request, _("Takk! Oppdraget er ditt. Her er navn, adresse og telefonnummer."))
    return redirect("help:assignment", assignment_id=assignment.pk)


def _profile_initial(profile: HelperProfile | None, area: str) -> dict:
    from samskap.help.reasons import LANGUAGE_LABELS

    if profile is None:
        return {
            "kind": HelperKind.ASSOCIATION,
            "area_name": area,
            "transport": Transport.CAR,
            "max_distance_km": 10,
            "max_tasks_per_week": 2,
            "max_tasks_per_month": 6,
            "active": True,
        }
    return {
        "kind": profile.kind,
        "categories": profile.categories,
        "skills": profile.skills,
        "area_name": profile.area_name,
        "transport": profile.transport,
        "max_distance_km": int(profile.max_distance_km)
        if profile.max_distance_km == int(profile.max_distance_km)
        else profile.max_distance_km,
        "availability": profile.availability,
        "languages": [c for c in profile.languages if c in LANGUAGE_LABELS],
        "other_languages": ", ".join(
            c for c in profile.languages if c not in LANGUAGE_LABELS and c not in engine.NORWEGIAN
        ),
        "max_tasks_per_week": profile.max_tasks_per_week,
        "max_tasks_per_month": profile.max_tasks_per_month,
        "charges_fee": profile.charges_fee,
        "fee_description": profile.fee_description,
        "active": profile.active,
    }


def _profile_form_response(
    request: HttpRequest,
    *,
    profile: HelperProfile | None,
    person=None,
    organisation=None,
) -> HttpResponse:
    owner = person if person is not None else organisation
    kommune = owner.kommune
    area = getattr(person, "postal_place", "") if person is not None else ""
    form = HelperProfileForm(
        request.POST or None,
        initial=_profile_initial(profile, area),
        organisation=organisation is not None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if profile is not None:
            latitude, longitude = profile.latitude, profile.longitude
        else:
            latitude = owner.latitude if owner.latitude is not None else kommune.latitude
            longitude = owner.longitude if owner.longitude is not None else kommune.longitude
        if latitude is None or longitude is None:
            form.add_error(None, _("Vi mangler adressen. Ring koordinatoren, så ordner vi det."))
        else:
            try:
                saved = helper_profile_save(
                    saved_by=request.user,
                    kommune=kommune,
                    person=person,
                    organisation=organisation,
                    kind=data.get("kind") or HelperKind.INDIVIDUAL,
                    categories=data["categories"],
                    availability=data["availability"],
                    latitude=latitude,
                    longitude=longitude,
                    skills=data["skills"],
                    area_name=data["area_name"],
                    max_distance_km=data["max_distance_km"],
                    transport=data["transport"],
                    languages=form.language_codes(),
                    max_tasks_per_week=data["max_tasks_per_week"],
                    max_tasks_per_month=data["max_tasks_per_month"],
                    charges_fee=data.get("charges_fee", False),
                    fee_description=data.get("fee_description", ""),
                    active=data["active"],
                )
            except ValidationError as error:
                _show_error(form, error, HELPER_FIELD_FOR)
            else:
                messages.success(
                    request, _("Hjelperprofilen er lagret. Takk for at du vil hjelpe!")
                )
                return redirect("help:helper_detail", helper_id=saved.pk)
    context = {
        "form": form,
        "profile": profile,
        "owner_name": person.full_name if person is not None else organisation.name,
        "is_self": person is not None and person.pk == request.user.person_id,
        "availability_rows": form.availability_rows(),
    }
    return render(request, "help/helper_profile_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def helper_profile(request: HttpRequest) -> HttpResponse:
    """The user's own helper profile, or (?organisasjon=<id>) their organisation's."""
    organisation_id = _int_param(request.GET.get("organisasjon"))
    if organisation_id:
        from samskap.organisations.models import Organisation

        if not any(
            g.role == Role.ORGANISATION_REP and g.organisation_id == organisation_id
            for g in user_role_grants(request.user)
        ):
            raise PermissionDenied(_("Du representerer ikke denne organisasjonen."))
        organisation = get_object_or_404(
            Organisation.objects.select_related("kommune"), pk=organisation_id
        )
        profile = next(
            (
                p
                for p in helper_profiles_for_user(user=request.user)
                if p.organisation_id == organisation_id
            ),
            None,
        )
        return _profile_form_response(request, profile=profile, organisation=organisation)
    if not request.user.person_id:
        raise PermissionDenied(_("Brukeren din er ikke knyttet til en person."))
    profile = next(
        (
            p
            for p in helper_profiles_for_user(user=request.user)
            if p.person_id == request.user.person_id
        ),
        None,
    )
    return _profile_form_response(request, profile=profile, person=request.user.person)


@login_required
@require_http_methods(["GET", "POST"])
def helper_profile_edit(request: HttpRequest, helper_id: int) -> HttpResponse:
    helper = helper_get_for_user(helper_id=helper_id, user=request.user)
    return _profile_form_response(
        request, profile=helper, person=helper.person, organisation=helper.organisation
    )


# --- Coordinator ------------------------------------------------------------------------------

SORTS = {
    "age": lambda need, ages: (-ages[need.pk], need.pk),
    "category": lambda need, ages: (str(need.get_category_display()), -ages[need.pk]),
    "area": lambda need, ages: ((need.person.postal_place or "").lower(), -ages[need.pk]),
}


@login_required
def coordinator(request: HttpRequest, kommune_id: int) -> HttpResponse:
    from samskap.people.selectors import residents_for_coordinator

    page = coordinator_page(kommune_id=kommune_id, user=request.user)
    sort = request.GET.get("sort", "age")
    if sort not in SORTS:
        sort = "age"
    category = request.GET.get("kategori", "")
    if category not in Category.values:
        category = ""
    needs = [n for n in page.open_needs if not category or n.category == category]
    needs.sort(key=lambda n: SORTS[sort](n, page.ages))
    helpers = list(engine.helpers_queryset([kommune_id]))
    points = [
        MapPoint(
            kind=NEED,
            lat=lat,
            lon=lon,
            label=_("%(category)s, %(area)s, venter %(days)s dager")
            % {
                "category": need.get_category_display(),
                "area": need.person.postal_place or "–",
                "days": page.ages[need.pk],
            },
            place=need.person.postal_place,
        )
        for need in page.open_needs
        for lat, lon in [engine.need_location(need)]
        if lat is not None and lon is not None
    ] + [
        MapPoint(
            kind=HELPER,
            lat=h.latitude,
            lon=h.longitude,
            label=h.display_name,
            place=h.area_name,
        )
        for h in helpers
    ]
    kommune_name = _kommune_name(request.user, kommune_id)
    query = request.GET.get("q", "").strip()[:100]
    kommune = get_object_or_404(Kommune, pk=kommune_id)
    region_ids = run_kommune_ids(kommune=kommune, user=request.user, region_wide=True)
    context = {
        "page": page,
        "kommune_id": kommune_id,
        "kommune_name": kommune_name,
        "rows": [(need, page.ages[need.pk]) for need in needs],
        "sort": sort,
        "need_fill": NEED_FILL,
        "helper_fill": HELPER_FILL,
        "today": timezone.localdate(),
        "category": category,
        "categories": Category.choices,
        "map_svg": render_help_map(
            points, title=_("Kart over åpne behov og hjelpere i %(k)s") % {"k": kommune_name}
        ),
        "query": query,
        "region_kommuner": len(region_ids) if len(region_ids) > 1 else 0,
        "residents": list(
            residents_for_coordinator(user=request.user, kommune_id=kommune_id, query=query)
        )
        if query
        else None,
    }
    return render(request, "help/coordinator.html", context)


@login_required
@require_POST
def run_create(request: HttpRequest, kommune_id: int) -> HttpResponse:
    if not request.user.has_perm("help.coordinate", kommune_id):
        raise PermissionDenied(_("Bare koordinator kan fordele oppdrag."))
    kommune = get_object_or_404(Kommune, pk=kommune_id)
    try:
        run = matching_run_create(
            kommune=kommune,
            started_by=request.user,
            region_wide=request.POST.get("region") == "1",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("help:coordinator", kommune_id=kommune_id)
    return redirect("help:run", run_id=run.pk)


@dataclass
class Unmatched:
    need: object
    age_days: int
    why: str


@login_required
@require_http_methods(["GET", "POST"])
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run, assignments = matching_run_get(run_id=run_id, user=request.user)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "discard":
                matching_run_discard(run=run, discarded_by=request.user)
                messages.success(request, _("Forslaget er forkastet. Ingen er spurt."))
            elif action == "send":
                exclude = {int(v) for v in request.POST.getlist("exclude") if v.isdigit()}
                asked, problems = matching_run_send(
                    run=run, sent_by=request.user, exclude_ids=exclude
                )
                messages.success(
                    request,
                    _("%(n)s forespørsler er sendt. Hjelperne svarer ja eller nei i Samskap.")
                    % {"n": asked},
                )
                for problem in problems:
                    messages.warning(request, _("Ikke sendt: %(problem)s") % {"problem": problem})
            else:
                raise Http404(_("Ukjent handling."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("help:run", run_id=run.pk)
        return redirect("help:coordinator", kommune_id=run.kommune_id)
    now = timezone.now()
    offered = set()
    for categories in engine.helpers_queryset([run.kommune_id]).values_list(
        "categories", flat=True
    ):
        offered.update(categories)
    unmatched = [
        Unmatched(
            need=need,
            age_days=(now - need.created_at).days,
            why=_("Ingen aktive hjelpere tar denne typen oppgaver.")
            if need.category not in offered
            else _("Ingen ledig hjelper i nærheten med riktig kontroll og tid som passer."),
        )
        for need in open_needs_without_helper(run=run)
    ]
    context = {
        "run": run,
        "rows": [(a, (now - a.need.created_at).days) for a in assignments],
        "unmatched": unmatched,
        "is_draft": run.status == MatchingRun.Status.DRAFT,
        "kommune_name": run.kommune.name,
        "extra_vs_greedy": len(assignments) - run.greedy_assigned,
    }
    return render(request, "help/run_detail.html", context)


@login_required
def helpers_list(request: HttpRequest, kommune_id: int) -> HttpResponse:
    loads = helpers_for_coordinator(kommune_id=kommune_id, user=request.user)
    context = {
        "loads": loads,
        "kommune_id": kommune_id,
        "kommune_name": _kommune_name(request.user, kommune_id),
        "today": timezone.localdate(),
    }
    return render(request, "help/helpers.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def helper_admin(request: HttpRequest, helper_id: int) -> HttpResponse:
    helper = helper_get_for_user(helper_id=helper_id, user=request.user)
    if not request.user.has_perm("help.coordinate", helper.kommune_id):
        raise PermissionDenied(_("Bare koordinator kan registrere kontroller."))
    form = VerificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            verification_record(
                helper=helper,
                kind=data["kind"],
                checked_on=data["checked_on"],
                checked_by=request.user,
                expires_on=data["expires_on"],
                legal_basis=data["legal_basis"],
                note=data["note"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Kontrollen er registrert."))
            return redirect("help:helper_admin", helper_id=helper.pk)
    verifications = list(helper.verifications.select_related("checked_by"))
    context = {
        "helper": helper,
        "form": form,
        "active": [v for v in verifications if v.revoked_at is None],
        "revoked": [v for v in verifications if v.revoked_at is not None],
        "today": timezone.localdate(),
    }
    return render(request, "help/helper_admin.html", context)


@login_required
@require_POST
def verification_revoke_view(
    request: HttpRequest, helper_id: int, verification_id: int
) -> HttpResponse:
    helper = helper_get_for_user(helper_id=helper_id, user=request.user)
    verification = get_object_or_404(
        helper.verifications.filter(revoked_at__isnull=True), pk=verification_id
    )
    verification.helper = helper
    verification_revoke(verification=verification, revoked_by=request.user)
    messages.success(request, _("Kontrollen er trukket tilbake."))
    return redirect("help:helper_admin", helper_id=helper.pk)


@login_required
@require_http_methods(["GET", "POST"])
def settings_view(request: HttpRequest, kommune_id: int) -> HttpResponse:
    if not request.user.has_perm("help.coordinate", kommune_id):
        raise PermissionDenied(_("Bare koordinator kan endre innstillingene."))
    kommune = get_object_or_404(Kommune, pk=kommune_id)
    row = help_settings_for(kommune)
    form = HelpSettingsForm(
        request.POST if request.POST.get("action") == "settings" else None,
        initial={
            "hourly_value_nok": row.hourly_value_nok,
            "contact_phone": row.contact_phone,
            "expiry_warning_days": row.expiry_warning_days,
        },
    )
    if request.method == "POST" and request.POST.get("action") == "settings":
        if form.is_valid():
            try:
                help_settings_update(kommune=kommune, updated_by=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("Innstillingene er lagret."))
                return redirect("help:settings", kommune_id=kommune_id)
    elif request.method == "POST" and request.POST.get("action") == "requirements":
        valid = set(VerificationKind.values)
        try:
            with transaction.atomic():
                for code in Category.values:
                    requirement_set(
                        kommune=kommune,
                        category=code,
                        required=[
                            v for v in request.POST.getlist(f"required-{code}") if v in valid
                        ],
                        required_when_alone=[
                            v for v in request.POST.getlist(f"alone-{code}") if v in valid
                        ],
                        set_by=request.user,
                    )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Kravene er lagret."))
            return redirect("help:settings", kommune_id=kommune_id)
    requirements = category_requirements(kommune_id=kommune.pk)
    rows = [
        {
            "code": code,
            "label": label,
            "required": set(requirements[code].required) if code in requirements else set(),
            "alone": set(requirements[code].required_when_alone) if code in requirements else set(),
        }
        for code, label in Category.choices
    ]
    context = {
        "form": form,
        "kommune": kommune,
        "rows": rows,
        "kinds": VerificationKind.choices,
    }
    return render(request, "help/settings.html", context)


@login_required
def statistics(request: HttpRequest, kommune_id: int) -> HttpResponse:
    this_year = timezone.localdate().year
    form = StatisticsYearForm(request.GET)
    year = (form.cleaned_data.get("year") if form.is_valid() else None) or this_year
    stats = help_statistics(kommune_id=kommune_id, year=year, user=request.user)
    context = {
        "stats": stats,
        "kommune_id": kommune_id,
        "kommune_name": _kommune_name(request.user, kommune_id),
        "previous_year": year - 1,
        "next_year": year + 1 if year < this_year else None,
        "is_coordinator": request.user.has_perm("help.coordinate", kommune_id),
    }
    return render(request, "help/statistics.html", context)
