from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from samskap.privacy.models import AuditEvent, Consent, ConsentScope
from samskap.privacy.services import consent_grant, consent_revoke

pytestmark = pytest.mark.django_db


def test_consent_grant_and_revoke_are_audited(users):
    eli = users["eli"].person
    consent = consent_grant(
        person=eli, scope=ConsentScope.PROFILE, grantee_role="care_staff", recorded_by=users["eli"]
    )
    assert consent.grantee_kommune == eli.kommune
    consent_revoke(consent=consent, revoked_by=users["axel"])
    actions = list(AuditEvent.objects.filter(subject=eli).values_list("action", flat=True))
    assert "consent_granted" in actions and "consent_revoked" in actions
    revoked = AuditEvent.objects.get(subject=eli, action="consent_revoked")
    assert revoked.before["revoked_at"] is None and revoked.after["revoked_at"]


def test_consent_needs_exactly_one_grantee(users):
    eli = users["eli"].person
    with pytest.raises(ValidationError):
        consent_grant(person=eli, scope=ConsentScope.PROFILE, recorded_by=users["eli"])
    with pytest.raises(ValidationError):
        consent_grant(
            person=eli,
            scope=ConsentScope.PROFILE,
            recorded_by=users["eli"],
            grantee_person=users["lars"].person,
            grantee_role="care_staff",
        )
    assert not Consent.objects.filter(person=eli).exists()


def test_granting_the_same_consent_twice_keeps_one(users):
    eli = users["eli"].person
    first = consent_grant(
        person=eli,
        scope=ConsentScope.PROFILE,
        grantee_person=users["lars"].person,
        recorded_by=users["eli"],
    )
    second = consent_grant(
        person=eli,
        scope=ConsentScope.PROFILE,
        grantee_person=users["lars"].person,
        recorded_by=users["eli"],
    )
    assert first.pk == second.pk


def test_database_constraint_refuses_consent_without_grantee(users):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Consent.objects.create(person=users["eli"].person, scope=ConsentScope.PROFILE)
