"""The user's messages, and the coordinator's "called" button on the call list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samskap.notifications.selectors import call_list_entry_get, notifications_for_user
from samskap.notifications.services import notification_mark_handled, notifications_mark_read

INBOX_LIMIT = 100


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The user's own messages, newest first. Showing them marks them as read."""
    notifications = notifications_for_user(user=request.user, limit=INBOX_LIMIT)
    rows = [(n, n.read_at is None) for n in notifications]
    notifications_mark_read(notifications=notifications)
    return render(request, "notifications/inbox.html", {"rows": rows})


@login_required
@require_POST
def handled(request: HttpRequest, notification_id: int) -> HttpResponse:
    """A coordinator has phoned the person: take the message off the call list."""
    notification = call_list_entry_get(notification_id=notification_id, user=request.user)
    notification_mark_handled(notification=notification)
    messages.success(
        request,
        _("Krysset av: %(name)s er ringt.") % {"name": notification.recipient.full_name},
    )
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("help:coordinator", kommune_id=notification.kommune_id)
