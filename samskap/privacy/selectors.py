from __future__ import annotations

from django.db.models import QuerySet

from samskap.people.models import Person
from samskap.privacy.models import AccessLogEntry, AuditEvent, Consent


def access_log_for_person(*, person: Person, limit: int | None = None) -> QuerySet[AccessLogEntry]:
    qs = AccessLogEntry.objects.filter(subject=person).order_by("-at")
    return qs[:limit] if limit else qs


def audit_events_for_person(*, person: Person, limit: int | None = None) -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.filter(subject=person).order_by("-at")
    return qs[:limit] if limit else qs


def active_consents_for_person(*, person: Person) -> QuerySet[Consent]:
    return (
        Consent.objects.filter(person=person, revoked_at__isnull=True)
        .select_related("grantee_person", "grantee_kommune")
        .order_by("scope", "granted_at")
    )
