"""Day-before reminders for confirmed sign-ups, through each person's own channel.

    send_reminders()                       # today's run: reminds about tomorrow
    send_reminders(today=dt.date(...))     # as if it were that day

Run once a day (`samskap send_activity_reminders`, see docs/activities.md). A
reminder is recorded per sign-up and date (`ActivityReminder`), so running twice, or on two
servers at once, sends each reminder once. Dates skipped for holidays or cancelled by the
organiser get no reminder. Queries: two reads, whatever the number of activities and
sign-ups, then a fixed number of writes per reminder sent.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from samskap.activities import recurrence
from samskap.activities.models import Activity, ActivityReminder, SignUp, SignUpStatus
from samskap.notifications.services import notify

logger = logging.getLogger(__name__)


def _held_on(activity: Activity, day: dt.date) -> recurrence.Occurrence | None:
    """The activity's occurrence on `day`, or None if it does not meet or is skipped."""
    try:
        found = recurrence.occurrences(activity.rule(), day, day)
    except ValueError:
        return None  # an inconsistent schedule: the organiser sees it, residents do not
    if not found or found[0].skipped:
        return None
    return found[0]


def _cancel_phone(activity: Activity) -> str:
    """Whom to call to cancel: the activity's phone, the organiser's, else the kommune's."""
    if activity.contact_phone:
        return activity.contact_phone
    if activity.organisation_id and activity.organisation.phone:
        return activity.organisation.phone
    return activity.kommune.phone


def reminder_text(
    *, activity: Activity, occurrence: recurrence.Occurrence, needs_ride: bool
) -> tuple[str, str]:
    """Subject and body in the active language (call inside `override`)."""
    when = date_format(timezone.localtime(occurrence.starts_at), "l j. F \\k\\l. H.i")
    subject = _("Påminnelse: %(title)s i morgen") % {"title": activity.title}
    parts = [
        _("Påminnelse: %(title)s i morgen, %(when)s på %(place)s.")
        % {"title": activity.title, "when": when, "place": activity.place_name}
    ]
    if needs_ride:
        parts.append(_("Du har bedt om skyss."))
    phone = _cancel_phone(activity)
    if phone:
        parts.append(_("Kan du ikke komme? Ring %(phone)s og meld deg av.") % {"phone": phone})
    else:
        parts.append(_("Kan du ikke komme? Meld deg av på aktivitetens side."))
    return str(subject), " ".join(str(part) for part in parts)


def _activities_on(day: dt.date) -> list[tuple[Activity, recurrence.Occurrence]]:
    """Published activities held on `day` (one query), with that day's occurrence."""
    iso = day.isoformat()
    candidates = (
        Activity.objects.filter(published=True)
        .filter(
            Q(start_date__lte=day, until__isnull=True)
            | Q(start_date__lte=day, until__gte=day)
            | Q(extra_dates__contains=[iso])
        )
        .select_related("organisation", "kommune")
    )
    held = []
    for activity in candidates:
        occurrence = _held_on(activity, day)
        if occurrence is not None:
            held.append((activity, occurrence))
    return held


def send_reminders(*, today: dt.date | None = None) -> int:
    """Remind everyone confirmed for an activity held tomorrow; returns how many were sent."""
    today = today or timezone.localdate()
    tomorrow = today + dt.timedelta(days=1)
    held = {
        activity.pk: (activity, occurrence) for activity, occurrence in _activities_on(tomorrow)
    }
    if not held:
        return 0
    already = ActivityReminder.objects.filter(signup=OuterRef("pk"), date=tomorrow)
    signups = (
        SignUp.objects.filter(activity_id__in=list(held), status=SignUpStatus.CONFIRMED)
        .filter(~Exists(already))
        .select_related("person", "person__user")
        .order_by("activity_id", "created_at", "pk")
    )
    sent = 0
    for signup in signups:
        activity, occurrence = held[signup.activity_id]
        person = signup.person
        try:
            with transaction.atomic():
                ActivityReminder.objects.create(signup=signup, date=tomorrow)
                with override(person.written_language or "nb"):
                    subject, body = reminder_text(
                        activity=activity, occurrence=occurrence, needs_ride=signup.needs_ride
                    )
                    notify(
                        person=person,
                        subject=subject,
                        body=body,
                        url=reverse("activities:detail", args=[activity.pk]),
                    )
        except IntegrityError:
            # Another run reminded this sign-up about this date a moment ago.
            continue
        sent += 1
    logger.info("Sent %s activity reminders for %s", sent, tomorrow.isoformat())
    return sent
