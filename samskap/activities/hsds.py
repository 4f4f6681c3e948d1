"""The activity directory as Open Referral HSDS 3.x JSON (the "organization_package" shape).

    directory_package(kommune_ids=[gausdal.pk])  # -> [organization, ...]

Each organisation that runs a current, published activity becomes an HSDS ``organization``
with its activities as nested ``services``; activities the kommune runs itself (no
organisation) go under an organization that stands for the kommune. Every service has one
``schedules`` entry built from the recurrence fields, one ``service_at_locations`` entry with
the meeting place, and ``cost_options`` for the price.

Only public facts are exported: names, descriptions, places, times, prices, accessibility and
the organisation's or kommune's own phone number. Leaders, participants, sign-ups, attendance,
test results and the activity's ``contact_phone`` (often a volunteer's own mobile) never are.

Identifiers are UUIDs made with ``uuid.uuid5`` from a fixed namespace and the model label and
primary key, so the same row gets the same id in every export. One database query, whatever the
number of activities. See docs/hsds.md.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.activities import recurrence
from samskap.activities.models import Activity, Frequency
from samskap.municipalities.models import Kommune
from samskap.organisations.models import Organisation

NAMESPACE = uuid.UUID("4f0f1c1e-6a53-5c2b-9a57-73616d736b61")
"""Fixed namespace for Samskap's HSDS ids. Never change it: ids would change with it."""

RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

# Fylke (county) by the first two digits of the kommune number, as from 2024.
FYLKER = {
    "03": "Oslo",
    "11": "Rogaland",
    "15": "Møre og Romsdal",
    "18": "Nordland",
    "31": "Østfold",
    "32": "Akershus",
    "33": "Buskerud",
    "34": "Innlandet",
    "39": "Vestfold",
    "40": "Telemark",
    "42": "Agder",
    "46": "Vestland",
    "50": "Trøndelag",
    "55": "Troms",
    "56": "Finnmark",
}

JSON = dict[str, Any]


def hsds_id(label: str, pk: int | str, part: str = "") -> str:
    """A stable UUID for a row (and, with `part`, for a sub-object of that row)."""
    name = f"{label}:{pk}:{part}" if part else f"{label}:{pk}"
    return str(uuid.uuid5(NAMESPACE, name))


def kommune_id_for_number(number: str) -> int:
    """The primary key of the kommune with this four-digit number, or 404."""
    found = Kommune.objects.filter(number=number.strip()).values_list("pk", flat=True).first()
    if found is None:
        raise Http404(_("Fant ingen kommune med nummer %(number)s.") % {"number": number})
    return found


def directory_package(
    kommune_ids: list[int] | None = None, *, base_url: str = "", today: dt.date | None = None
) -> list[JSON]:
    """HSDS organizations with their current, published activities as services.

    `base_url` (such as ``https://samskap.no``) adds each activity's page as the service url.
    """
    today = today or timezone.localdate()
    activities = (
        Activity.objects.filter(published=True)
        .filter(Q(until__isnull=True) | Q(until__gte=today) | ~Q(extra_dates=[]))
        .select_related("organisation__kommune", "kommune")
        .order_by("kommune__name", "title", "pk")
    )
    if kommune_ids is not None:
        activities = activities.filter(kommune_id__in=kommune_ids)

    organizations: dict[str, JSON] = {}
    for activity in activities:
        if _has_ended(activity, today):
            continue
        if activity.organisation_id is not None:
            org = organizations.get(hsds_id("organisations.organisation", activity.organisation_id))
            if org is None:
                org = _organisation(activity.organisation)
        else:
            org = organizations.get(hsds_id("municipalities.kommune", activity.kommune_id))
            if org is None:
                org = _kommune_organization(activity.kommune)
        organizations[org["id"]] = org
        org["services"].append(_service(activity, org, base_url))
    return sorted(organizations.values(), key=lambda o: (o["name"], o["id"]))


def _has_ended(activity: Activity, today: dt.date) -> bool:
    """True if the activity has no date left from today on (or its schedule is inconsistent)."""
    try:
        rule = activity.rule()
    except ValueError:
        return True  # an inconsistent schedule is shown to the organiser, not exported
    extra = max(rule.extra_dates, default=None)
    if rule.frequency == recurrence.ONCE:
        last = rule.start
    elif rule.until is not None:
        last = rule.until
    else:
        return False
    return max(last, extra or last) < today


# --- Organizations --------------------------------------------------------------------------


def _phone(label: str, pk: int, number: str, **link: str) -> JSON:
    return {"id": hsds_id(label, pk, "phone"), **link, "number": number, "type": "voice"}


def _organisation(organisation: Organisation) -> JSON:
    org_id = hsds_id("organisations.organisation", organisation.pk)
    description = organisation.description or _("%(kind)s i %(kommune)s.") % {
        "kind": organisation.get_kind_display(),
        "kommune": organisation.kommune.name if organisation.kommune_id else "",
    }
    org: JSON = {"id": org_id, "name": organisation.name, "description": description}
    if organisation.email:
        org["email"] = organisation.email
    org["phones"] = (
        [
            _phone(
                "organisations.organisation",
                organisation.pk,
                organisation.phone,
                organization_id=org_id,
            )
        ]
        if organisation.phone
        else []
    )
    if organisation.org_number:
        org["organization_identifiers"] = [
            {
                "id": hsds_id("organisations.organisation", organisation.pk, "org_number"),
                "organization_id": org_id,
                "identifier_scheme": "NO-BRC",
                "identifier_type": _("Organisasjonsnummer"),
                "identifier": organisation.org_number,
            }
        ]
    org["services"] = []
    return org


def _kommune_organization(kommune: Kommune) -> JSON:
    org_id = hsds_id("municipalities.kommune", kommune.pk)
    org: JSON = {
        "id": org_id,
        "name": _("%(name)s kommune") % {"name": kommune.name},
        "description": _("Aktiviteter som %(name)s kommune arrangerer selv.")
        % {"name": kommune.name},
        "phones": [
            _phone("municipalities.kommune", kommune.pk, kommune.phone, organization_id=org_id)
        ]
        if kommune.phone
        else [],
        "services": [],
    }
    return org


# --- Services -------------------------------------------------------------------------------


def _service(activity: Activity, org: JSON, base_url: str) -> JSON:
    service_id = hsds_id("activities.activity", activity.pk)
    service: JSON = {
        "id": service_id,
        "organization_id": org["id"],
        "name": activity.title,
        "description": activity.description or activity.get_category_display(),
        "status": "active",
    }
    if base_url:
        service["url"] = base_url.rstrip("/") + reverse("activities:detail", args=[activity.pk])
    service["fees_description"] = _fees_description(activity)
    service["last_modified"] = activity.updated_at.isoformat()
    # The organiser's public number only, never the activity's contact phone (see above).
    service["phones"] = [
        {
            "id": hsds_id("activities.activity", activity.pk, "phone"),
            "service_id": service_id,
            "number": phone["number"],
            "type": "voice",
        }
        for phone in org["phones"][:1]
    ]
    service["schedules"] = [schedule(activity)]
    service["service_at_locations"] = [_service_at_location(activity)]
    service["cost_options"] = [
        {
            "id": hsds_id("activities.activity", activity.pk, "cost_option"),
            "service_id": service_id,
            "option": _("Deltakelse"),
            "currency": "NOK",
            "amount": activity.price_nok,
            "amount_description": activity.price_note or service["fees_description"],
        }
    ]
    return service


def _fees_description(activity: Activity) -> str:
    text = _("%(price)s kr") % {"price": activity.price_nok} if activity.price_nok else _("Gratis")
    if activity.price_note:
        text = _("%(price)s. %(note)s") % {"price": text, "note": activity.price_note}
    return text


def _service_at_location(activity: Activity) -> JSON:
    location_id = hsds_id("activities.activity", activity.pk, "location")
    kommune = activity.kommune
    address = {
        "id": hsds_id("activities.activity", activity.pk, "address"),
        "location_id": location_id,
        "address_1": activity.street_address or activity.place_name,
        "city": activity.postal_place or kommune.name,
        "state_province": FYLKER.get(kommune.number[:2], kommune.name),
        "postal_code": activity.postal_code,
        "country": "NO",
        "address_type": "physical",
    }
    features = [
        ("wheelchair", activity.wheelchair_access, _("Tilgjengelig med rullestol")),
        ("hearing_loop", activity.hearing_loop, _("Teleslynge")),
        ("toilet", activity.accessible_toilet, _("Tilrettelagt toalett")),
    ]
    location = {
        "id": location_id,
        "location_type": "physical",
        "name": activity.place_name,
        "latitude": activity.latitude,
        "longitude": activity.longitude,
        "addresses": [address],
        "accessibility": [
            {
                "id": hsds_id("activities.activity", activity.pk, f"accessibility:{key}"),
                "location_id": location_id,
                "description": text,
            }
            for key, present, text in features
            if present
        ],
    }
    return {
        "id": hsds_id("activities.activity", activity.pk, "service_at_location"),
        "service_id": hsds_id("activities.activity", activity.pk),
        "location_id": location_id,
        "location": location,
    }


# --- Schedules ------------------------------------------------------------------------------


def schedule(activity: Activity) -> JSON:
    """The activity's schedule as an HSDS schedule (RFC 5545 RRULE-style fields)."""
    start = dt.datetime.combine(activity.start_date, activity.start_time)
    end = start + dt.timedelta(minutes=activity.duration_minutes)
    entry: JSON = {
        "id": hsds_id("activities.activity", activity.pk, "schedule"),
        "service_id": hsds_id("activities.activity", activity.pk),
        "valid_from": activity.start_date.isoformat(),
    }
    if activity.frequency == Frequency.ONCE:
        entry["valid_to"] = activity.start_date.isoformat()
        entry["dtstart"] = activity.start_date.isoformat()
        entry["count"] = 1
    else:
        if activity.until:
            entry["valid_to"] = activity.until.isoformat()
        entry["dtstart"] = activity.start_date.isoformat()
        if activity.until:
            entry["until"] = activity.until.isoformat()
        entry["wkst"] = "MO"
        entry["freq"] = "WEEKLY" if activity.frequency == Frequency.WEEKLY else "MONTHLY"
        entry["interval"] = activity.interval
        if activity.frequency == Frequency.WEEKLY:
            days = activity.weekdays or [activity.start_date.weekday()]
            entry["byday"] = ",".join(RRULE_DAYS[d] for d in sorted(days))
        elif activity.nth is not None and activity.nth_weekday is not None:
            entry["byday"] = f"{activity.nth}{RRULE_DAYS[activity.nth_weekday]}"
        elif activity.month_day is not None:
            entry["bymonthday"] = str(activity.month_day)
    entry["opens_at"] = activity.start_time.strftime("%H:%M:%S")
    entry["closes_at"] = end.time().strftime("%H:%M:%S")
    entry["description"] = schedule_description(activity)
    notes = _schedule_notes(activity)
    if notes:
        entry["notes"] = notes
    return entry


def _weekday_plural(day: int) -> str:
    return (
        _("mandager"),
        _("tirsdager"),
        _("onsdager"),
        _("torsdager"),
        _("fredager"),
        _("lørdager"),
        _("søndager"),
    )[day]


def _weekday(day: int) -> str:
    return (
        _("mandag"),
        _("tirsdag"),
        _("onsdag"),
        _("torsdag"),
        _("fredag"),
        _("lørdag"),
        _("søndag"),
    )[day]


def _month(month: int) -> str:
    return (
        _("januar"),
        _("februar"),
        _("mars"),
        _("april"),
        _("mai"),
        _("juni"),
        _("juli"),
        _("august"),
        _("september"),
        _("oktober"),
        _("november"),
        _("desember"),
    )[month - 1]


def _date_text(day: dt.date) -> str:
    return _("%(day)s. %(month)s %(year)s") % {
        "day": day.day,
        "month": _month(day.month),
        "year": day.year,
    }


def _join(words: list[str]) -> str:
    if len(words) < 2:
        return "".join(words)
    return _("%(first)s og %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


def _pattern_text(activity: Activity) -> str:
    if activity.frequency == Frequency.ONCE:
        return _("%(weekday)s %(date)s") % {
            "weekday": _weekday(activity.start_date.weekday()),
            "date": _date_text(activity.start_date),
        }
    if activity.frequency == Frequency.WEEKLY:
        days = sorted(activity.weekdays or [activity.start_date.weekday()])
        if activity.interval == 1:
            return _join([_weekday_plural(d) for d in days])
        if activity.interval == 2:
            return _("annenhver %(days)s") % {"days": _join([_weekday(d) for d in days])}
        return _("hver %(n)s. uke på %(days)s") % {
            "n": activity.interval,
            "days": _join([_weekday_plural(d) for d in days]),
        }
    if activity.nth is not None and activity.nth_weekday is not None:
        ordinal = {
            1: _("første"),
            2: _("andre"),
            3: _("tredje"),
            4: _("fjerde"),
            -1: _("siste"),
        }[activity.nth]
        day = _("%(ordinal)s %(weekday)s") % {
            "ordinal": ordinal,
            "weekday": _weekday(activity.nth_weekday),
        }
    else:
        day = _("den %(day)s.") % {"day": activity.month_day}
    if activity.interval == 1:
        return _("%(day)s i måneden") % {"day": day}
    return _("%(day)s hver %(n)s. måned") % {"day": day, "n": activity.interval}


def schedule_description(activity: Activity) -> str:
    """Plain bokmål, e.g. "Torsdager kl. 11.00–12.00, ikke på helligdager"."""
    start = dt.datetime.combine(activity.start_date, activity.start_time)
    end = start + dt.timedelta(minutes=activity.duration_minutes)
    text = _("%(pattern)s kl. %(start)s–%(end)s") % {
        "pattern": _pattern_text(activity),
        "start": start.strftime("%H.%M"),
        "end": end.strftime("%H.%M"),
    }
    text = text[:1].upper() + text[1:]
    if activity.frequency != Frequency.ONCE:
        if activity.skip_holidays and activity.skip_common_days_off:
            text = _("%(text)s, ikke på helligdager, julaften eller nyttårsaften") % {"text": text}
        elif activity.skip_holidays:
            text = _("%(text)s, ikke på helligdager") % {"text": text}
        elif activity.skip_common_days_off:
            text = _("%(text)s, ikke julaften eller nyttårsaften") % {"text": text}
    return text


def _schedule_notes(activity: Activity) -> str:
    parts = []
    if activity.exceptions:
        dates = [_date_text(dt.date.fromisoformat(d)) for d in sorted(activity.exceptions)]
        parts.append(_("Avlyst: %(dates)s.") % {"dates": ", ".join(dates)})
    if activity.extra_dates:
        dates = [_date_text(dt.date.fromisoformat(d)) for d in sorted(activity.extra_dates)]
        parts.append(_("Ekstra datoer: %(dates)s.") % {"dates": ", ".join(dates)})
    return " ".join(parts)
