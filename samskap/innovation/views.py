"""Pages for the innovation portfolio: catalogue, initiative, four keys, barometer, export."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samskap.innovation import portfolio, selectors, services
from samskap.innovation.forms import AdoptionForm, CatalogueFilterForm, ImportForm, InitiativeForm
from samskap.innovation.models import Adoption, Phase
from samskap.web.forms import apply_validation_error

MAX_IMPORT_BYTES = 5 * 1024 * 1024


def key_labels() -> dict[str, str]:
    return {
        "purpose": _("Formål"),
        "resources": _("Ressurser"),
        "power": _("Makt"),
        "relations": _("Relasjoner"),
    }


def catalogue(request: HttpRequest) -> HttpResponse:
    form = CatalogueFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    initiatives = selectors.catalogue(
        phase=data.get("fase", ""), country=data.get("land", ""), query=data.get("q", "")
    )
    return render(
        request,
        "innovation/catalogue.html",
        {
            "form": form if form.is_bound else CatalogueFilterForm(),
            "initiatives": initiatives,
            "spread": selectors.spread_slugs(initiatives),
            "can_add": bool(selectors.managed_kommuner(user=request.user)),
        },
    )


def detail(
    request: HttpRequest, slug: str, *, form: AdoptionForm | None = None, status: int = 200
) -> HttpResponse:
    initiative = selectors.initiative_get(slug=slug)
    kommuner = [
        k for k in selectors.managed_kommuner(user=request.user) if k.pk != initiative.kommune_id
    ]
    labels = key_labels()
    return render(
        request,
        "innovation/detail.html",
        {
            "initiative": initiative,
            "keys": [(labels[k], v) for k, v in initiative.keys.items()],
            "adoption_form": form or (AdoptionForm(kommuner=kommuner) if kommuner else None),
            "managed_ids": {k.pk for k in selectors.managed_kommuner(user=request.user)},
        },
        status=status,
    )


@login_required
@require_POST
def adopt(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = selectors.initiative_get(slug=slug)
    kommuner = [
        k for k in selectors.managed_kommuner(user=request.user) if k.pk != initiative.kommune_id
    ]
    if not kommuner:
        raise PermissionDenied(_("Bare koordinatorer og ledere i en kommune kan melde dette."))
    form = AdoptionForm(request.POST, kommuner=kommuner)
    if form.is_valid():
        try:
            adoption = services.adoption_set(
                initiative=initiative, kommune=form.kommuner[form.cleaned_data["kommune"]],
                by=request.user, status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )  # fmt: skip
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("%(kommune)s står nå oppført: %(status)s.")
                % {"kommune": adoption.kommune.name, "status": adoption.get_status_display()},
            )
            return redirect("innovation:detail", initiative.slug)
    return detail(request, slug, form=form, status=400)


@login_required
@require_POST
def adoption_remove(request: HttpRequest, adoption_id: int) -> HttpResponse:
    adoption = Adoption.objects.select_related("initiative").filter(pk=adoption_id).first()
    if adoption is None:
        return redirect("innovation:catalogue")
    services.adoption_remove(adoption=adoption, by=request.user)
    messages.success(request, _("Fjernet."))
    return redirect("innovation:detail", adoption.initiative.slug)


@login_required
def initiative_new(request: HttpRequest) -> HttpResponse:
    kommuner = selectors.managed_kommuner(user=request.user)
    if not kommuner:
        raise PermissionDenied(_("Bare koordinatorer og ledere i en kommune kan legge til."))
    form = InitiativeForm(request.POST or None, kommuner=kommuner)
    if request.method == "POST" and form.is_valid():
        try:
            initiative = services.initiative_create(by=request.user, **form.values())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Initiativet er lagt til i porteføljen."))
            return redirect("innovation:detail", initiative.slug)
    return render(
        request,
        "innovation/initiative_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def keys_diagram(request: HttpRequest) -> HttpResponse:
    data = selectors.overview()
    labels = key_labels()
    svg = portfolio.keys_diagram_svg(
        data.facts,
        key_labels=labels,
        title=_("De fire nøklene: alle initiativene"),
        description=_(
            "Én rad per initiativ og én kolonne per nøkkel. Jo større prikk, jo sterkere "
            "virker initiativet på nøkkelen (0–3). De samme tallene står i tabellen under."
        ),
    )
    return render(
        request,
        "innovation/keys.html",
        {"svg": svg, "rows": data.initiatives, "labels": labels},
    )


def barometer(request: HttpRequest) -> HttpResponse:
    data = selectors.overview()
    phases = [(label, data.barometer.phases[value]) for value, label in Phase.choices]
    top = max((n for _label, n in phases), default=0) or 1
    return render(
        request,
        "innovation/barometer.html",
        {
            "barometer": data.barometer,
            "share_pct": None
            if data.barometer.share_spread is None
            else round(100 * data.barometer.share_spread),
            "phases": [(label, n, round(100 * n / top)) for label, n in phases],
        },
    )


def export(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(selectors.export_data(), json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = 'attachment; filename="samskap-innovasjon.json"'
    return response


@login_required
def import_file(request: HttpRequest) -> HttpResponse:
    if not selectors.managed_kommuner(user=request.user):
        raise PermissionDenied(_("Bare koordinatorer og ledere i en kommune kan importere."))
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_IMPORT_BYTES:
                raise ValidationError(_("Fila er større enn 5 MB."))
            try:
                data = json.loads(upload.read().decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise ValidationError(_("Fila er ikke gyldig JSON.")) from exc
            counts = services.initiatives_import(
                data=data, source=_("Importert fra fil: %(name)s") % {"name": upload.name},
                by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("%(created)s nye og %(updated)s oppdaterte initiativer.") % counts,
            )
            return redirect("innovation:catalogue")
    return render(
        request,
        "innovation/import.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )
