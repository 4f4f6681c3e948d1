"""Reads of people's data. Every read of another person's data is checked and logged."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.accounts.models import Role, User
from samskap.accounts.selectors import user_has_role, user_kommune_ids_with_role
from samskap.people.models import Person, Relation, RelationKind, Representation
from samskap.people.rules import access_reason
from samskap.privacy.services import access_log_record


@dataclass(frozen=True)
class PersonPage:
    person: Person
    relations: list[Relation]
    relations_to_others: list[Relation]
    representatives: list[Representation]
    represents: list[Representation]


def person_or_404(person_id: int) -> Person:
    try:
        return Person.objects.select_related("kommune").get(pk=person_id)
    except Person.DoesNotExist as exc:
        raise Http404(_("Fant ikke personen.")) from exc


def person_get_for_viewer(*, person_id: int, viewer: User, what: str) -> Person:
    """The person, if `viewer` may see their data; the read is logged for the person."""
    person = person_or_404(person_id)
    # access_reason evaluates the same predicates as the "people.view_person" rule, once.
    reason = access_reason(viewer, person)
    if not reason:
        raise PermissionDenied(_("Du har ikke tilgang til denne personens opplysninger."))
    access_log_record(
        subject=person,
        viewer=viewer,
        what=what,
        reason=reason,
        role_label=viewer_role_label(viewer, person),
    )
    return person


def person_page_get_for_viewer(*, person_id: int, viewer: User) -> PersonPage:
    person = person_get_for_viewer(
        person_id=person_id, viewer=viewer, what=_("Personopplysninger og nettverk")
    )
    today = timezone.localdate()
    active = Q(end_date__isnull=True) | Q(end_date__gte=today)
    return PersonPage(
        person=person,
        relations=list(
            person.relations.filter(active)
            .select_related("other")
            .order_by("kind", "other__given_name")
        ),
        relations_to_others=list(
            person.relations_to_others.filter(active).select_related("person").order_by("kind")
        ),
        representatives=list(
            person.representations.filter(active).select_related("representative")
        ),
        represents=list(person.represents.filter(active).select_related("person")),
    )


def person_get_for_change(*, person_id: int, viewer: User) -> Person:
    person = person_or_404(person_id)
    if not viewer.has_perm("people.change_person", person):
        raise PermissionDenied(_("Du kan ikke endre denne personens opplysninger."))
    return person


def person_get_for_consent(*, person_id: int, viewer: User) -> Person:
    person = person_or_404(person_id)
    if not viewer.has_perm("people.manage_consent", person):
        raise PermissionDenied(_("Bare personen selv eller en representant kan endre samtykker."))
    return person


def viewer_role_label(viewer: User, person: Person) -> str:
    """The viewer's roles in the person's kommune, as written in the person's access log."""
    from samskap.accounts.selectors import user_role_grants

    labels = [g.label for g in user_role_grants(viewer) if g.kommune_id == person.kommune_id]
    return ", ".join(labels)


def people_represented_by(*, user: User) -> QuerySet[Person]:
    if not user.person_id:
        return Person.objects.none()
    today = timezone.localdate()
    return (
        Person.objects.filter(
            representations__representative_id=user.person_id,
            representations__start_date__lte=today,
        )
        .filter(Q(representations__end_date__isnull=True) | Q(representations__end_date__gte=today))
        .select_related("kommune")
        .distinct()
    )


def people_followed_by(*, user: User) -> QuerySet[Person]:
    """People this care worker follows up (a staff relation), in kommuner where they work."""
    if not user.person_id:
        return Person.objects.none()
    kommune_ids = user_kommune_ids_with_role(user, Role.CARE_STAFF)
    today = timezone.localdate()
    return (
        Person.objects.filter(
            kommune_id__in=kommune_ids,
            relations__other_id=user.person_id,
            relations__kind=RelationKind.STAFF,
        )
        .filter(Q(relations__end_date__isnull=True) | Q(relations__end_date__gte=today))
        .select_related("kommune")
        .distinct()
        .order_by("family_name", "given_name")
    )


def people_shared_with(*, user: User) -> QuerySet[Person]:
    """People who have consented to share their profile with this user (by name)."""
    if not user.person_id:
        return Person.objects.none()
    return (
        Person.objects.filter(
            consents_given__grantee_person_id=user.person_id,
            consents_given__revoked_at__isnull=True,
        )
        .select_related("kommune")
        .distinct()
    )


def residents_for_coordinator(
    *, user: User, kommune_id: int, query: str = "", limit: int = 50
) -> QuerySet[Person]:
    """Contact-level list for coordinators: names and contact details, no sensitive data."""
    if not user_has_role(user, Role.COORDINATOR, kommune_id):
        raise PermissionDenied(_("Du er ikke koordinator i denne kommunen."))
    qs = Person.objects.filter(kommune_id=kommune_id).only(
        "id", "given_name", "family_name", "phone", "postal_place", "kommune_id"
    )
    for term in query.split()[:4]:
        qs = qs.filter(Q(given_name__icontains=term) | Q(family_name__icontains=term))
    return qs.order_by("family_name", "given_name")[:limit]
