"""iCalendar feeds for activities: one VEVENT per held date for the next 26 weeks.

Skipped dates (holidays, cancellations) are left out. The personal feed is addressed by a
signed token (django.core.signing) holding the person's id and the version of their link
(`CalendarFeedKey`), never by the id alone: making a new link stops the old one.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samskap.activities.ical import Event, calendar
from samskap.activities.models import Activity, CalendarFeedKey
from samskap.activities.selectors import (
    activities_for_organisation,
    activity_get_published,
    confirmed_activities_for_person,
    held_occurrences,
)
from samskap.organisations.models import Organisation

SALT = "activities.ical"
WEEKS_AHEAD = 26


def _version(person_id: int) -> int:
    found = CalendarFeedKey.objects.filter(person_id=person_id).values_list("version", flat=True)
    return next(iter(found), 0)


def person_feed_token(person_id: int) -> str:
    return signing.dumps({"p": person_id, "v": _version(person_id)}, salt=SALT)


def person_id_from_token(token: str) -> int:
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature as exc:
        raise Http404(_("Ugyldig kalenderlenke.")) from exc
    if not isinstance(data, dict) or not isinstance(data.get("p"), int):
        raise Http404(_("Ugyldig kalenderlenke."))
    if data.get("v", 0) != _version(data["p"]):
        raise Http404(_("Denne kalenderlenken er erstattet av en ny."))
    return data["p"]


@transaction.atomic
def person_feed_renew(person_id: int) -> str:
    """A new private link for the person; the old one stops working at once."""
    key, _created = CalendarFeedKey.objects.select_for_update().get_or_create(person_id=person_id)
    key.version += 1
    key.save(update_fields=["version", "changed_at"])
    return person_feed_token(person_id)


@login_required
@require_POST
def person_feed_reset(request: HttpRequest) -> HttpResponse:
    """The logged-in person makes a new calendar link (the old one may have been shared)."""
    person_id = request.user.person_id
    if not person_id:
        raise Http404(_("Du har ingen personlig kalender."))
    person_feed_renew(person_id)
    messages.success(
        request,
        _(
            "Du har fått en ny kalenderlenke. Den gamle virker ikke lenger: legg inn den nye i "
            "kalenderen din."
        ),  # fmt: skip
    )
    return redirect("activities:list")


def _events(request: HttpRequest, activities: list[Activity]) -> list[Event]:
    today = timezone.localdate()
    end = today + dt.timedelta(weeks=WEEKS_AHEAD)
    events = []
    for activity in activities:
        url = request.build_absolute_uri(reverse("activities:detail", args=[activity.pk]))
        address = ", ".join(
            part
            for part in (
                activity.place_name,
                activity.street_address,
                f"{activity.postal_code} {activity.postal_place}".strip(),
            )
            if part
        )
        for occurrence in held_occurrences(activity=activity, start=today, end=end):
            events.append(
                Event(
                    uid=f"activity-{activity.pk}-{occurrence.date.isoformat()}@samskap",
                    summary=activity.title,
                    starts_at=occurrence.starts_at,
                    ends_at=occurrence.ends_at,
                    description=activity.description,
                    location=address,
                    url=url,
                    geo=(activity.latitude, activity.longitude),
                    last_modified=activity.updated_at,
                )
            )
    return events


def _response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def activity_feed(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = activity_get_published(activity_id=activity_id)
    text = calendar(_events(request, [activity]), name=activity.title)
    return _response(text, f"aktivitet-{activity.pk}.ics")


def organisation_feed(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    activities = activities_for_organisation(organisation_id=organisation.pk)
    text = calendar(_events(request, activities), name=organisation.name)
    return _response(text, f"organisasjon-{organisation.pk}.ics")


def person_feed(request: HttpRequest, token: str) -> HttpResponse:
    person_id = person_id_from_token(token)
    activities = confirmed_activities_for_person(person_id=person_id)
    text = calendar(_events(request, activities), name=_("Mine aktiviteter"))
    return _response(text, "mine-aktiviteter.ics")
