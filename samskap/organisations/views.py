from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from samskap.municipalities.models import Kommune
from samskap.organisations.models import OrganisationKind
from samskap.organisations.selectors import organisation_list


def organisation_list_view(request: HttpRequest) -> HttpResponse:
    kommune_id = request.GET.get("kommune", "")
    kind = request.GET.get("type", "")
    kommune_id_int = int(kommune_id) if kommune_id.isdigit() else None
    kind = kind if kind in OrganisationKind.values else ""
    context = {
        "organisations": list(organisation_list(kommune_id=kommune_id_int, kind=kind)),
        "kommuner": list(Kommune.objects.order_by("name")),
        "kinds": OrganisationKind.choices,
        "selected_kommune": kommune_id_int,
        "selected_kind": kind,
    }
    return render(request, "organisations/organisation_list.html", context)
