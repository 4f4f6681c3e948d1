"""Writes for the privacy app: the access log, the audit trail and consents."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.accounts.models import User
from samskap.people.models import Person
from samskap.privacy.models import AccessLogEntry, AuditEvent, Consent, ConsentScope


def snapshot(instance: models.Model, *, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """A JSON-safe dict of a model instance's concrete fields, for before/after in the audit."""
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in exclude or field.name in {"created_at", "updated_at"}:
            continue
        data[field.attname] = field.value_from_object(instance)
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def audit_record(
    *,
    actor: User | None,
    subject: Person | None,
    action: str,
    instance: models.Model,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> AuditEvent:
    if before is not None and after is not None:
        changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
        before = {k: before.get(k) for k in sorted(changed)}
        after = {k: after.get(k) for k in sorted(changed)}
    return AuditEvent.objects.create(
        actor=actor,
        actor_name=str(actor) if actor else "",
        subject=subject,
        action=action,
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk),
        before=before,
        after=after,
    )


def access_log_record(
    *, subject: Person, viewer: User, what: str, reason: str = "", role_label: str = ""
) -> AccessLogEntry | None:
    """Log a read of `subject`'s data. The person's own reads are not logged."""
    if viewer.person_id == subject.pk:
        return None
    return AccessLogEntry.objects.create(
        subject=subject,
        viewer=viewer,
        viewer_name=str(viewer),
        viewer_role=role_label,
        what=what,
        reason=reason,
    )


@transaction.atomic
def consent_grant(
    *,
    person: Person,
    scope: str,
    recorded_by: User,
    grantee_person: Person | None = None,
    grantee_role: str = "",
    note: str = "",
) -> Consent:
    if scope not in ConsentScope.values:
        raise ValidationError(_("Ukjent type samtykke."))
    if (grantee_person is None) == (not grantee_role):
        raise ValidationError(_("Velg enten en person eller en rolle som skal få tilgang."))
    if grantee_person is not None and grantee_person.pk == person.pk:
        raise ValidationError(_("Du har alltid tilgang til dine egne opplysninger."))
    existing = Consent.objects.filter(
        person=person,
        scope=scope,
        revoked_at__isnull=True,
        grantee_person=grantee_person,
        grantee_role=grantee_role,
    ).first()
    if existing:
        return existing
    consent = Consent(
        person=person,
        scope=scope,
        grantee_person=grantee_person,
        grantee_role=grantee_role,
        grantee_kommune=person.kommune if grantee_role else None,
        recorded_by=recorded_by,
        note=note,
    )
    consent.full_clean()
    consent.save()
    audit_record(
        actor=recorded_by,
        subject=person,
        action="consent_granted",
        instance=consent,
        before=None,
        after=snapshot(consent),
    )
    return consent


@transaction.atomic
def consent_revoke(*, consent: Consent, revoked_by: User, at: dt.datetime | None = None) -> Consent:
    if consent.revoked_at is not None:
        return consent
    before = snapshot(consent)
    consent.revoked_at = at or timezone.now()
    consent.save(update_fields=["revoked_at"])
    audit_record(
        actor=revoked_by,
        subject=consent.person,
        action="consent_revoked",
        instance=consent,
        before=before,
        after=snapshot(consent),
    )
    return consent
