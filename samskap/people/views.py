from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samskap.accounts.models import Role
from samskap.accounts.selectors import user_kommune_ids_with_role
from samskap.municipalities.models import Kommune
from samskap.people.forms import (
    ConsentGrantForm,
    NetworkMemberForm,
    PersonForm,
    RepresentationForm,
)
from samskap.people.selectors import (
    person_get_for_change,
    person_get_for_consent,
    person_page_get_for_viewer,
)
from samskap.people.services import (
    network_member_add,
    person_create,
    person_update,
    representation_record,
)
from samskap.privacy.models import Consent
from samskap.privacy.selectors import (
    access_log_for_person,
    active_consents_for_person,
    audit_events_for_person,
)
from samskap.privacy.services import consent_grant, consent_revoke
from samskap.web.forms import apply_validation_error


@login_required
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    page = person_page_get_for_viewer(person_id=person_id, viewer=request.user)
    can_manage = request.user.has_perm("people.manage_consent", page.person)
    context = {
        "page": page,
        "person": page.person,
        "can_change": request.user.has_perm("people.change_person", page.person),
        "can_view_plan": request.user.has_perm("plans.view_plan", page.person),
        "can_manage_consent": can_manage,
        "access_log": list(access_log_for_person(person=page.person, limit=10))
        if can_manage
        else [],
        "consents": list(active_consents_for_person(person=page.person)) if can_manage else [],
    }
    return render(request, "people/person_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_get_for_change(person_id=person_id, viewer=request.user)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            person_update(person=person, changed_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Endringene er lagret."))
            return redirect("people:detail", person_id=person.pk)
    return render(request, "people/person_form.html", {"form": form, "person": person})


@login_required
@require_http_methods(["GET", "POST"])
def person_create_view(request: HttpRequest) -> HttpResponse:
    kommune_ids = user_kommune_ids_with_role(request.user, Role.COORDINATOR, Role.CARE_STAFF)
    if not kommune_ids:
        raise PermissionDenied(_("Bare koordinatorer og ansatte kan registrere personer."))
    kommune = get_object_or_404(Kommune, pk=sorted(kommune_ids)[0])
    form = PersonForm(request.POST or None, initial={"written_language": "nb"})
    if request.method == "POST" and form.is_valid():
        try:
            person = person_create(kommune=kommune, created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Personen er registrert."))
            if request.user.has_perm("people.view_person", person):
                return redirect("people:detail", person_id=person.pk)
            return redirect("web:home")
    return render(request, "people/person_form.html", {"form": form, "kommune": kommune})


@login_required
@require_http_methods(["GET", "POST"])
def person_consents(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_get_for_consent(person_id=person_id, viewer=request.user)
    page = person_page_get_for_viewer(person_id=person_id, viewer=request.user)
    grantee_choices = _grantee_choices(page)
    form = ConsentGrantForm(request.POST or None, grantee_choices=grantee_choices)
    if request.method == "POST" and "revoke" in request.POST:
        consent = get_object_or_404(Consent, pk=request.POST.get("revoke"), person=person)
        consent_revoke(consent=consent, revoked_by=request.user)
        messages.success(request, _("Samtykket er trukket tilbake."))
        return redirect("people:consents", person_id=person.pk)
    if request.method == "POST" and form.is_valid():
        kind, _sep, value = form.cleaned_data["grantee"].partition(":")
        grantee_person = None
        grantee_role = ""
        if kind == "person":
            grantee_person = next((p for p in _network_people(page) if str(p.pk) == value), None)
        elif kind == "role" and value in Role.values:
            grantee_role = value
        try:
            consent_grant(
                person=person,
                scope=form.cleaned_data["scope"],
                recorded_by=request.user,
                grantee_person=grantee_person,
                grantee_role=grantee_role,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Samtykket er lagret."))
            return redirect("people:consents", person_id=person.pk)
    context = {
        "person": person,
        "form": form,
        "consents": list(active_consents_for_person(person=person)),
    }
    return render(request, "people/person_consents.html", context)


def _network_people(page):
    seen = {}
    for relation in page.relations:
        seen[relation.other.pk] = relation.other
    for representation in page.representatives:
        seen[representation.representative.pk] = representation.representative
    return list(seen.values())


def _grantee_choices(page) -> list[tuple[str, str]]:
    people = [(f"person:{p.pk}", p.full_name) for p in _network_people(page)]
    roles = [
        (f"role:{Role.CARE_STAFF.value}", _("Alle helse- og omsorgsansatte i kommunen")),
        (f"role:{Role.COORDINATOR.value}", _("Koordinatorene i kommunen")),
    ]
    return people + roles


@login_required
def person_access_log(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_get_for_consent(person_id=person_id, viewer=request.user)
    paginator = Paginator(access_log_for_person(person=person), 50)
    page_obj = paginator.get_page(request.GET.get("side"))
    context = {
        "person": person,
        "page_obj": page_obj,
        "audit_events": list(audit_events_for_person(person=person, limit=50)),
    }
    return render(request, "people/person_access_log.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def network_member_add_view(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_get_for_change(person_id=person_id, viewer=request.user)
    form = NetworkMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            network_member_add(person=person, added_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Personen er lagt til i nettverket."))
            return redirect("people:detail", person_id=person.pk)
    return render(request, "people/network_form.html", {"form": form, "person": person})


@login_required
@require_http_methods(["GET", "POST"])
def representation_add_view(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_get_for_change(person_id=person_id, viewer=request.user)
    page = person_page_get_for_viewer(person_id=person_id, viewer=request.user)
    candidates = {str(r.other.pk): r.other for r in page.relations}
    form = RepresentationForm(
        request.POST or None,
        representative_choices=[(pk, p.full_name) for pk, p in candidates.items()],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            representation_record(
                person=person,
                recorded_by=request.user,
                representative=candidates[data["representative"]],
                basis=data["basis"],
                basis_reference=data["basis_reference"],
                start_date=data["start_date"],
                end_date=data["end_date"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Representanten er registrert."))
            return redirect("people:detail", person_id=person.pk)
    return render(request, "people/representation_form.html", {"form": form, "person": person})
