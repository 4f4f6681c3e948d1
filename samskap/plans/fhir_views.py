"""FHIR R4B export and import of the plan (see docs/fhir.md)."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from samskap.accounts.models import Role
from samskap.accounts.selectors import user_kommune_ids_with_role
from samskap.municipalities.models import Kommune
from samskap.plans.fhir import bundle_to_plan, plan_relations, plan_to_bundle
from samskap.plans.selectors import plan_load, plan_person_for_viewer
from samskap.web.forms import DesignsystemetFormMixin

MAX_IMPORT_BYTES = 5 * 1024 * 1024
FHIR_JSON = "application/fhir+json; charset=utf-8"


class FhirImportForm(DesignsystemetFormMixin, forms.Form):
    kommune = forms.ModelChoiceField(
        label=gettext_lazy("Kommune"), queryset=Kommune.objects.none(), empty_label=None
    )
    file = forms.FileField(
        label=gettext_lazy("Fil med planen (FHIR R4B, JSON)"),
        help_text=gettext_lazy(
            "En FHIR-bundle med én pasient, for eksempel lastet ned fra en annen Samskap-kommune."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/fhir+json"}),
    )

    def __init__(self, *args, kommune_ids: set[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kommuner = Kommune.objects.filter(pk__in=kommune_ids).order_by("name")
        self.fields["kommune"].queryset = self.kommuner
        if len(kommune_ids) == 1:
            del self.fields["kommune"]  # only one kommune to import into: nothing to choose

    def chosen_kommune(self) -> Kommune:
        return self.cleaned_data.get("kommune") or self.kommuner.get()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(_("Filen er for stor. Den kan være på høyst 5 MB."))
        try:
            return json.loads(upload.read().decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ValidationError(
                _("Filen kunne ikke leses. Den må være en JSON-fil (FHIR) i UTF-8.")
            ) from error


def _describe_error(form: forms.Form, name: str) -> None:
    """Point the field at its error message, as the form mixin does for errors from clean()."""
    attrs = form.fields[name].widget.attrs
    described = attrs.get("aria-describedby", "").split()
    error_id = f"{form[name].auto_id}-error"
    if error_id not in described:
        attrs["aria-describedby"] = " ".join([*described, error_id])
    attrs["aria-invalid"] = "true"


@login_required
@require_GET
def plan_fhir_export(request: HttpRequest, person_id: int) -> HttpResponse:
    person = plan_person_for_viewer(
        person_id=person_id, viewer=request.user, what=_("Planen som FHIR")
    )
    data = plan_to_bundle(
        plan_load(person=person),
        relations=plan_relations(person=person),
        base_url=request.build_absolute_uri("/"),
    )
    response = JsonResponse(
        data, content_type=FHIR_JSON, json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = f'attachment; filename="samskap-plan-{person.pk}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def plan_fhir_import(request: HttpRequest) -> HttpResponse:
    kommune_ids = user_kommune_ids_with_role(request.user, Role.COORDINATOR, Role.CARE_STAFF)
    if not kommune_ids:
        raise PermissionDenied(_("Bare koordinatorer og ansatte kan importere planer."))
    form = FhirImportForm(request.POST or None, request.FILES or None, kommune_ids=kommune_ids)
    if request.method == "POST" and form.is_valid():
        try:
            person = bundle_to_plan(
                form.cleaned_data["file"],
                kommune=form.chosen_kommune(),
                imported_by=request.user,
            )
        except ValidationError as error:
            form.add_error("file", error.messages)
            _describe_error(form, "file")
        else:
            messages.success(
                request, _("Planen til %(name)s er importert.") % {"name": person.full_name}
            )
            if request.user.has_perm("plans.view_plan", person):
                return redirect("plans:detail", person_id=person.pk)
            # A coordinator gets no access to the plan by importing it (see docs/fhir.md).
            messages.info(
                request,
                _(
                    "Du har ikke tilgang til å se planen selv. Den blir synlig for ansatte "
                    "som registreres som de som følger opp personen."
                ),
            )
            return redirect("web:home")
    return render(request, "plans/fhir_import.html", {"form": form})
