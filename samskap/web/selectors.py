from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from samskap.accounts.models import Role, RoleAssignment
from samskap.municipalities.models import Kommune
from samskap.organisations.models import Membership, Organisation
from samskap.people.models import Person


@dataclass(frozen=True)
class KommuneFigures:
    kommune: Kommune
    people: int
    volunteers: int
    organisations: int
    people_75_plus: int


def kommune_figures(*, kommune_ids: set[int], year: int) -> list[KommuneFigures]:
    """Aggregated counts for leaders: no individual is identifiable."""
    kommuner = list(Kommune.objects.filter(pk__in=kommune_ids).order_by("name"))
    people = dict(
        Person.objects.filter(kommune_id__in=kommune_ids)
        .values_list("kommune_id")
        .annotate(n=Count("id"))
        .values_list("kommune_id", "n")
    )
    seniors = dict(
        Person.objects.filter(kommune_id__in=kommune_ids, birth_year__lte=year - 75)
        .values_list("kommune_id")
        .annotate(n=Count("id"))
        .values_list("kommune_id", "n")
    )
    volunteers = dict(
        RoleAssignment.objects.filter(kommune_id__in=kommune_ids, role=Role.VOLUNTEER)
        .values_list("kommune_id")
        .annotate(n=Count("id"))
        .values_list("kommune_id", "n")
    )
    organisations = dict(
        Organisation.objects.filter(kommune_id__in=kommune_ids)
        .values_list("kommune_id")
        .annotate(n=Count("id"))
        .values_list("kommune_id", "n")
    )
    return [
        KommuneFigures(
            kommune=k,
            people=people.get(k.pk, 0),
            volunteers=volunteers.get(k.pk, 0),
            organisations=organisations.get(k.pk, 0),
            people_75_plus=seniors.get(k.pk, 0),
        )
        for k in kommuner
    ]


@dataclass(frozen=True)
class OrganisationOverview:
    organisation: Organisation
    members: list[Membership]


def organisations_represented_by(*, user) -> list[OrganisationOverview]:
    """Organisations the user represents, with their members (names and roles only)."""
    org_ids = {
        r.organisation_id
        for r in RoleAssignment.objects.filter(
            user=user, role=Role.ORGANISATION_REP, organisation__isnull=False
        )
    }
    if not org_ids:
        return []
    organisations = Organisation.objects.filter(pk__in=org_ids).select_related("kommune")
    members = (
        Membership.objects.filter(organisation_id__in=org_ids)
        .select_related("person")
        .order_by("person__given_name", "person__family_name")
    )
    by_org: dict[int, list[Membership]] = {}
    for membership in members:
        by_org.setdefault(membership.organisation_id, []).append(membership)
    return [
        OrganisationOverview(organisation=o, members=by_org.get(o.pk, []))
        for o in organisations.order_by("name")
    ]
