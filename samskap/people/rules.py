"""Who may do what with a person's data. The one place these decisions are made.

Default deny. Access comes from exactly these sources:
- the person themself;
- an active representative (fullmakt, framtidsfullmakt, verge, nearest relative);
- the person's own consent, to a named person or to a role in their kommune;
- a care relationship: health/care staff in the person's kommune who are registered as
  following the person up (tjenstlig behov).
Coordinators may see contact details of residents in their kommune (to coordinate help),
and register people who have no login. Leaders and administrators get no access to
individuals' data from their role alone.
"""

from __future__ import annotations

import datetime as dt

import rules
from django.db.models import Q
from django.utils import timezone

from samskap.accounts.models import Role
from samskap.accounts.selectors import user_has_role, user_role_grants
from samskap.people.models import Person, Relation, RelationKind, Representation
from samskap.privacy.models import Consent, ConsentScope


def _today() -> dt.date:
    return timezone.localdate()


def _active_on(qs, today: dt.date):
    return qs.filter(Q(start_date__isnull=True) | Q(start_date__lte=today)).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )


@rules.predicate
def is_self(user, person: Person | None) -> bool:
    return bool(person and user.is_authenticated and user.person_id == person.pk)


@rules.predicate
def is_representative(user, person: Person | None) -> bool:
    if not (person and user.is_authenticated and user.person_id):
        return False
    return _active_on(
        Representation.objects.filter(person=person, representative_id=user.person_id), _today()
    ).exists()


def has_consent_for(scope: str):
    @rules.predicate(name=f"has_consent_{scope}")
    def predicate(user, person: Person | None) -> bool:
        if not (person and user.is_authenticated):
            return False
        roles_in_kommune = [
            g.role for g in user_role_grants(user) if g.kommune_id == person.kommune_id
        ]
        grantee = Q(grantee_role__in=roles_in_kommune, grantee_kommune_id=person.kommune_id)
        if user.person_id:
            grantee |= Q(grantee_person_id=user.person_id)
        return Consent.objects.filter(
            grantee, person=person, scope=scope, revoked_at__isnull=True
        ).exists()

    return predicate


has_profile_consent = has_consent_for(ConsentScope.PROFILE)


@rules.predicate
def is_care_staff_following(user, person: Person | None) -> bool:
    if not (person and user.is_authenticated and user.person_id):
        return False
    if not user_has_role(user, Role.CARE_STAFF, person.kommune_id):
        return False
    return _active_on(
        Relation.objects.filter(person=person, other_id=user.person_id, kind=RelationKind.STAFF),
        _today(),
    ).exists()


@rules.predicate
def is_coordinator_in_kommune(user, person: Person | None) -> bool:
    return bool(person) and user_has_role(user, Role.COORDINATOR, person.kommune_id)


@rules.predicate
def is_registrar_in_kommune(user, kommune_id: int | None) -> bool:
    if not kommune_id:
        return False
    return user_has_role(user, Role.COORDINATOR, kommune_id) or user_has_role(
        user, Role.CARE_STAFF, kommune_id
    )


can_view_person = is_self | is_representative | has_profile_consent | is_care_staff_following
# Arranging something for a person (ask for help, sign up for an activity): the person, an
# active representative, or staff who serve people by phone (coordinator, care staff following).
can_arrange_for = is_self | is_representative | is_coordinator_in_kommune | is_care_staff_following
can_change_person = is_self | is_representative | is_care_staff_following
can_manage_consent = is_self | is_representative

rules.add_perm("people.view_person", can_view_person)
rules.add_perm("people.view_person_contact", can_view_person | is_coordinator_in_kommune)
rules.add_perm("people.change_person", can_change_person)
rules.add_perm("people.manage_consent", can_manage_consent)
rules.add_perm("people.view_access_log", can_manage_consent)
rules.add_perm("people.register_person", is_registrar_in_kommune)


def access_reason(user, person: Person) -> str:
    """Why `user` may see `person`, in words shown in the person's access log."""
    from django.utils.translation import gettext as _

    if is_self(user, person):
        return _("Personen selv")
    if is_representative(user, person):
        return _("Representant for personen")
    if has_profile_consent(user, person):
        return _("Samtykke fra personen")
    if is_care_staff_following(user, person):
        return _("Følger opp personen i tjenesten")
    return ""
