"""Writes for the weekly letter: validated, saved and audited in one transaction."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from samskap.accounts.models import User
from samskap.letters.models import (
    LetterChoice,
    LetterDelivery,
    LetterEmail,
    LetterSettings,
    NewsItem,
    NewsKind,
)
from samskap.municipalities.models import Kommune
from samskap.people.models import Person
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


@transaction.atomic
def letter_choice_set(*, person: Person, delivery: str, chosen_by: User) -> LetterChoice | None:
    """The person's own choice about the weekly letter ("" = let the target group decide).

    E-mail needs an e-mail address. Audited like every change to a person's settings.
    """
    if delivery and delivery not in LetterDelivery.values:
        raise ValidationError({"delivery": _("Velg hvordan ukebrevet skal komme.")})
    if delivery == LetterDelivery.EMAIL and not person.email:
        raise ValidationError(
            {
                "delivery": _(
                    "%(name)s har ingen e-postadresse registrert. Legg inn e-post først, "
                    "eller velg papir."
                )
                % {"name": person.full_name}
            }
        )
    found = LetterChoice.objects.select_for_update().filter(person=person).first()
    before = snapshot(found) if found else None
    if not delivery:
        if found:
            found.delete()
            audit_record(
                actor=chosen_by,
                subject=person,
                action="letter_choice_changed",
                instance=found,
                before=before,
                after=None,
            )
        return None
    choice = found or LetterChoice(person=person)
    choice.delivery = delivery
    choice.recorded_by = chosen_by
    choice.full_clean()
    choice.save()
    audit_record(
        actor=chosen_by,
        subject=person,
        action="letter_choice_changed",
        instance=choice,
        before=before,
        after=snapshot(choice),
    )
    return choice


def send_letter_emails(*, kommune: Kommune, week_start: dt.date, batch_size: int = 200) -> int:
    """E-mail the week's letter to everyone who chose e-mail; once per person and week.

    Each letter is recorded and sent in its own transaction: if sending fails the record is
    rolled back and the next run tries again; if two runs overlap, the unique constraint lets
    only one of them send.
    """
    from samskap.letters.emails import letter_email
    from samskap.letters.selectors import email_recipient_ids, letters_for

    already = set(
        LetterEmail.objects.filter(person__kommune=kommune, week_start=week_start).values_list(
            "person_id", flat=True
        )
    )
    ids = [pk for pk in email_recipient_ids(kommune.pk) if pk not in already]
    addresses = dict(Person.objects.filter(pk__in=ids).values_list("pk", "email"))
    sent = 0
    for start in range(0, len(ids), batch_size):
        for letter in letters_for(ids[start : start + batch_size], kommune, week_start):
            try:
                with transaction.atomic():
                    LetterEmail.objects.create(person_id=letter.person_id, week_start=week_start)
                    letter_email(letter, addresses[letter.person_id]).send()
            except IntegrityError:
                continue
            sent += 1
    return sent
