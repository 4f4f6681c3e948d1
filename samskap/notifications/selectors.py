"""Reads of messages: a person's own inbox, and the coordinator's call list entries."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from samskap.accounts.models import User
from samskap.notifications.models import Channel, Notification


def notifications_for_user(*, user: User, limit: int = 100) -> list[Notification]:
    if not user.person_id:
        return []
    return list(
        Notification.objects.filter(recipient_id=user.person_id).order_by("-created_at", "-pk")[
            :limit
        ]
    )


def call_list_entry_get(*, notification_id: int, user: User) -> Notification:
    """A message staff must phone through; only coordinators in its kommune."""
    try:
        notification = Notification.objects.select_related("recipient").get(
            pk=notification_id, channel=Channel.STAFF
        )
    except Notification.DoesNotExist as exc:
        raise Http404(_("Fant ikke meldingen.")) from exc
    if not user.has_perm("help.coordinate", notification.kommune_id):
        raise PermissionDenied(_("Bare koordinator kan krysse av på ringelista."))
    return notification
