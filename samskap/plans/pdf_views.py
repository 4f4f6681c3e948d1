"""Printable plan and conversation guide (WeasyPrint)."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from samskap.plans.pdf import guide_pdf_bytes, plan_pdf_bytes
from samskap.plans.selectors import plan_load, plan_person_for_viewer


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    return response


@login_required
@require_safe
def plan_pdf(request: HttpRequest, person_id: int) -> HttpResponse:
    person = plan_person_for_viewer(
        person_id=person_id, viewer=request.user, what=_("Planen som PDF")
    )
    plan = plan_load(person=person)
    content = plan_pdf_bytes(plan=plan, today=timezone.localdate())
    name = re.sub(r"[^\w-]+", "-", person.given_name).strip("-") or "person"
    response = _pdf_response(content, f"plan-{name}.pdf")
    add_never_cache_headers(response)  # Cache-Control: no-store, private, …
    return response


@require_safe
def guide_pdf(request: HttpRequest) -> HttpResponse:
    content = guide_pdf_bytes(language=translation.get_language())
    return _pdf_response(content, "samtaleguide.pdf")
