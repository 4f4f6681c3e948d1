from __future__ import annotations

from django.db.models import Count, QuerySet

from samskap.organisations.models import Organisation


def organisation_list(*, kommune_id: int | None = None, kind: str = "") -> QuerySet[Organisation]:
    qs = Organisation.objects.select_related("kommune").annotate(member_count=Count("memberships"))
    if kommune_id:
        qs = qs.filter(kommune_id=kommune_id)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("kommune__name", "name")
