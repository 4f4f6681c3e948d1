"""Writes of people's data. Each write is validated, saved and audited in one transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samskap.accounts.models import User
from samskap.municipalities.models import Kommune
from samskap.people.models import (
    ContactChannel,
    Person,
    Relation,
    Representation,
    SupportKind,
)
from samskap.privacy.services import audit_record, snapshot

EDITABLE_PERSON_FIELDS = (
    "given_name",
    "family_name",
    "birth_year",
    "phone",
    "email",
    "street_address",
    "postal_code",
    "postal_place",
    "latitude",
    "longitude",
    "languages",
    "contact_channels",
    "written_language",
    "about",
)


def national_id_hash(national_id: str) -> str:
    """Keyed hash of a fødselsnummer/pid, so we can match logins without storing the number."""
    key = (settings.SECRET_KEY + ":pid").encode()
    return hmac.new(key, national_id.strip().encode(), hashlib.sha256).hexdigest()


def _clean_channels(channels: list[str]) -> list[str]:
    unknown = [c for c in channels if c not in ContactChannel.values]
    if unknown:
        raise ValidationError({"contact_channels": _("Ukjent kontaktmåte.")})
    return list(dict.fromkeys(channels))


@transaction.atomic
def person_create(
    *,
    kommune: Kommune,
    created_by: User | None,
    given_name: str,
    family_name: str,
    national_id: str | None = None,
    **fields: Any,
) -> Person:
    if created_by is not None and not (
        created_by.has_perm("people.register_person", kommune.pk) or created_by.is_superuser
    ):
        raise PermissionDenied(_("Du kan ikke registrere personer i denne kommunen."))
    unknown = set(fields) - set(EDITABLE_PERSON_FIELDS)
    if unknown:
        raise TypeError(f"Unknown person fields: {sorted(unknown)}")
    if "contact_channels" in fields:
        fields["contact_channels"] = _clean_channels(fields["contact_channels"])
    person = Person(
        kommune=kommune,
        created_by=created_by,
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        **fields,
    )
    if national_id:
        person.national_id_hash = national_id_hash(national_id)
    person.full_clean()
    person.save()
    audit_record(
        actor=created_by,
        subject=person,
        action="person_created",
        instance=person,
        before=None,
        after=snapshot(person, exclude=("national_id_hash",)),
    )
    return person


@transaction.atomic
def person_update(*, person: Person, changed_by: User, **fields: Any) -> Person:
    if not changed_by.has_perm("people.change_person", person):
        raise PermissionDenied(_("Du kan ikke endre denne personens opplysninger."))
    unknown = set(fields) - set(EDITABLE_PERSON_FIELDS)
    if unknown:
        raise TypeError(f"Unknown person fields: {sorted(unknown)}")
    if "contact_channels" in fields:
        fields["contact_channels"] = _clean_channels(fields["contact_channels"])
    locked = Person.objects.select_for_update().get(pk=person.pk)
    before = snapshot(locked, exclude=("national_id_hash",))
    for name, value in fields.items():
        setattr(locked, name, value.strip() if isinstance(value, str) else value)
    locked.full_clean()
    locked.save()
    after = snapshot(locked, exclude=("national_id_hash",))
    if before != after:
        audit_record(
            actor=changed_by,
            subject=locked,
            action="person_updated",
            instance=locked,
            before=before,
            after=after,
        )
    return locked


@transaction.atomic
def relation_add(
    *,
    person: Person,
    other: Person,
    kind: str,
    recorded_by: User | None,
    description: str = "",
    start_date: dt.date | None = None,
    support: list[str] | None = None,
    frequency: str = "",
) -> Relation:
    unknown = set(support or []) - set(SupportKind.values)
    if unknown:
        raise ValidationError({"support": _("Ukjent type støtte.")})
    relation = Relation(
        kommune=person.kommune,
        person=person,
        other=other,
        kind=kind,
        description=description,
        start_date=start_date,
        recorded_by=recorded_by,
        support=list(support or []),
        frequency=frequency,
    )
    relation.full_clean()
    relation.save()
    audit_record(
        actor=recorded_by,
        subject=person,
        action="relation_added",
        instance=relation,
        before=None,
        after=snapshot(relation),
    )
    return relation


@transaction.atomic
def representation_add(
    *,
    person: Person,
    representative: Person,
    basis: str,
    start_date: dt.date,
    recorded_by: User | None,
    basis_reference: str = "",
    end_date: dt.date | None = None,
) -> Representation:
    if representative.pk == person.pk:
        raise ValidationError(_("En person kan ikke være sin egen representant."))
    representation = Representation(
        kommune=person.kommune,
        person=person,
        representative=representative,
        basis=basis,
        basis_reference=basis_reference,
        start_date=start_date,
        end_date=end_date,
        recorded_by=recorded_by,
    )
    representation.full_clean()
    representation.save()
    audit_record(
        actor=recorded_by,
        subject=person,
        action="representation_added",
        instance=representation,
        before=None,
        after=snapshot(representation),
    )
    return representation


@transaction.atomic
def representation_end(
    *, representation: Representation, ended_by: User, end_date: dt.date
) -> Representation:
    before = snapshot(representation)
    representation.end_date = end_date
    representation.full_clean()
    representation.save(update_fields=["end_date", "updated_at"])
    audit_record(
        actor=ended_by,
        subject=representation.person,
        action="representation_ended",
        instance=representation,
        before=before,
        after=snapshot(representation),
    )
    return representation


@transaction.atomic
def network_member_add(
    *,
    person: Person,
    added_by: User,
    given_name: str,
    family_name: str,
    kind: str,
    phone: str = "",
    description: str = "",
    support: list[str] | None = None,
    frequency: str = "",
) -> Relation:
    """Register someone in the person's network (often without a login) and relate them."""
    if not added_by.has_perm("people.change_person", person):
        raise PermissionDenied(_("Du kan ikke endre denne personens nettverk."))
    other = Person(
        kommune=person.kommune,
        created_by=added_by,
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        phone=phone.strip(),
    )
    other.full_clean()
    other.save()
    audit_record(
        actor=added_by,
        subject=other,
        action="person_created",
        instance=other,
        before=None,
        after=snapshot(other, exclude=("national_id_hash",)),
    )
    return relation_add(
        person=person,
        other=other,
        kind=kind,
        recorded_by=added_by,
        description=description,
        support=support,
        frequency=frequency,
    )


@transaction.atomic
def representation_record(
    *,
    person: Person,
    recorded_by: User,
    representative: Person,
    basis: str,
    start_date: dt.date,
    basis_reference: str = "",
    end_date: dt.date | None = None,
) -> Representation:
    if not recorded_by.has_perm("people.change_person", person):
        raise PermissionDenied(_("Du kan ikke registrere representanter for denne personen."))
    if not basis_reference.strip():
        raise ValidationError({"basis_reference": _("Skriv hvor grunnlaget er dokumentert.")})
    return representation_add(
        person=person,
        representative=representative,
        basis=basis,
        start_date=start_date,
        end_date=end_date,
        recorded_by=recorded_by,
        basis_reference=basis_reference.strip(),
    )
