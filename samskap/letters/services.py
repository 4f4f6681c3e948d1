"""Writes for the weekly letter: validated, saved and audited in one transaction."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from samskap.accounts.models import User
from samskap.letters.models import LetterSettings, NewsItem, NewsKind
from samskap.municipalities.models import Kommune
from samskap.privacy.services import audit_record, snapshot


@transaction.atomic
def news_item_create(
    *,
    kommune: Kommune,
    title: str,
    body: str,
    valid_from: dt.date,
    valid_to: dt.date,
    kind: str = NewsKind.NEWS,
    created_by: User | None,
) -> NewsItem:
    item = NewsItem(
        kommune=kommune,
        title=title.strip(),
        body=body.strip(),
        kind=kind,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    item.full_clean()
    item.save()
    audit_record(
        actor=created_by,
        subject=None,
        action="letter_news_created",
        instance=item,
        before=None,
        after=snapshot(item),
    )
    return item


@transaction.atomic
def letter_settings_update(
    *,
    kommune: Kommune,
    min_age: int,
    contact_phone: str,
    signature: str,
    updated_by: User | None,
) -> LetterSettings:
    found, _created = LetterSettings.objects.get_or_create(kommune=kommune)
    before = snapshot(found)
    found.min_age = min_age
    found.contact_phone = contact_phone.strip()
    found.signature = signature.strip()
    found.full_clean()
    found.save()
    audit_record(
        actor=updated_by,
        subject=None,
        action="letter_settings_updated",
        instance=found,
        before=before,
        after=snapshot(found),
    )
    return found
