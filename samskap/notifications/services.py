"""Sending a message to a person through the channel they prefer.

Every message is stored (so the person sees it under "Meldinger" and staff can see what was
sent). It is also delivered by SMS or e-mail when that is the person's first usable channel.
People who only use the phone or paper get the message through staff, who see it on their
"ring disse" list. Delivery happens after the surrounding transaction commits.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from samskap.core.sms import send_sms
from samskap.notifications.models import Channel, Notification
from samskap.people.models import ContactChannel, Person


def channel_for(person: Person) -> str:
    for preferred in person.contact_channels or []:
        if preferred == ContactChannel.SMS and person.phone:
            return Channel.SMS
        if preferred == ContactChannel.EMAIL and person.email:
            return Channel.EMAIL
        if preferred == ContactChannel.APP and hasattr(person, "user"):
            return Channel.APP
        if preferred in (ContactChannel.VIA_STAFF, ContactChannel.LETTER):
            return Channel.STAFF
    if person.phone:
        return Channel.SMS
    return Channel.STAFF


def notify(*, person: Person, subject: str, body: str, url: str = "") -> Notification:
    channel = channel_for(person)
    notification = Notification.objects.create(
        recipient=person,
        kommune_id=person.kommune_id,
        channel=channel,
        subject=subject[:200],
        body=body,
        url=url,
    )
    link = f"{settings.SAMSKAP_BASE_URL.rstrip('/')}{url}" if url else ""
    if channel == Channel.SMS:
        text = f"{body} {link}".strip()
        transaction.on_commit(lambda: send_sms(to=person.phone, body=text))
    elif channel == Channel.EMAIL:
        text = f"{body}\n\n{link}".strip()
        transaction.on_commit(
            lambda: send_mail(subject, text, None, [person.email], fail_silently=False)
        )
    return notification


def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at", "updated_at"])


def notification_mark_handled(*, notification: Notification) -> None:
    if notification.handled_at is None:
        notification.handled_at = timezone.now()
        notification.save(update_fields=["handled_at", "updated_at"])


def notifications_mark_read(*, notifications: list[Notification]) -> None:
    """Mark shown messages as read, in one query."""
    unread = [n.pk for n in notifications if n.read_at is None]
    if unread:
        Notification.objects.filter(pk__in=unread).update(
            read_at=timezone.now(), updated_at=timezone.now()
        )
