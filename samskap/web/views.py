from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from samskap.accounts.models import Role
from samskap.accounts.selectors import (
    user_has_role,
    user_kommune_ids_with_role,
    user_role_grants,
)
from samskap.demo.cast import demo_logins
from samskap.people.selectors import (
    people_followed_by,
    people_represented_by,
    people_shared_with,
    residents_for_coordinator,
)
from samskap.web.selectors import kommune_figures, organisations_represented_by


def start(request: HttpRequest) -> HttpResponse:
    context = {"demo_logins": demo_logins() if settings.SAMSKAP_DEMO_MODE else []}
    return render(request, "web/start.html", context)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    query = request.GET.get("q", "").strip()[:100]
    coordinator_sections = []
    for grant in user_role_grants(user):
        if grant.role == Role.COORDINATOR:
            coordinator_sections.append(
                {
                    "kommune_id": grant.kommune_id,
                    "kommune_name": grant.kommune_name,
                    "residents": list(
                        residents_for_coordinator(
                            user=user, kommune_id=grant.kommune_id, query=query
                        )
                    ),
                }
            )
    leader_kommuner = user_kommune_ids_with_role(user, Role.LEADER)
    admin_kommuner = user_kommune_ids_with_role(user, Role.ADMINISTRATOR)
    context = {
        "me": user.person,
        "represented": list(people_represented_by(user=user)),
        "shared_with_me": list(people_shared_with(user=user)),
        "followed": list(people_followed_by(user=user))
        if user_has_role(user, Role.CARE_STAFF)
        else [],
        "is_care_staff": user_has_role(user, Role.CARE_STAFF),
        "coordinator_sections": coordinator_sections,
        "query": query,
        "figures": kommune_figures(
            kommune_ids=leader_kommuner | admin_kommuner, year=timezone.localdate().year
        )
        if leader_kommuner or admin_kommuner
        else [],
        "is_admin": bool(admin_kommuner),
        "memberships": list(
            user.person.memberships.select_related("organisation", "organisation__kommune")
        )
        if user.person_id
        else [],
        "represented_organisations": organisations_represented_by(user=user),
    }
    return render(request, "web/home.html", context)


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "web/privacy.html")


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "web/accessibility.html")


def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if exception and str(exception) else ""
    return render(request, "403.html", {"message": message}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "csrf_failure.html", status=403)
