"""Reads for meeting places."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Min, Q
from django.http import Http404
from django.utils.translation import gettext as _

from samskap.accounts.models import Role
from samskap.accounts.selectors import user_has_role
from samskap.activities import functional_tests, recurrence
from samskap.activities.models import (
    Activity,
    ActivityLeader,
    Attendance,
    FunctionalTestResult,
    SignUp,
    SignUpStatus,
)
from samskap.core.geo import distance_km
from samskap.people.rules import is_representative
from samskap.privacy.services import access_log_record


@dataclass
class NearbyActivity:
    activity: Activity
    distance_km: float | None
    occurrences: list[recurrence.Occurrence]  # held and skipped ones in the period
    confirmed: int

    @property
    def held(self) -> list[recurrence.Occurrence]:
        return [o for o in self.occurrences if not o.skipped]

    @property
    def places_left(self) -> int | None:
        if self.activity.capacity is None:
            return None
        return max(0, self.activity.capacity - self.confirmed)


def activities_in_period(
    *,
    kommune_ids: list[int],
    start: dt.date,
    end: dt.date,
    origin: tuple[float, float] | None = None,
    wheelchair_first: bool = False,
    category: str | None = None,
    limit: int | None = None,
) -> list[NearbyActivity]:
    """Published activities held between start and end (inclusive), nearest first.

    `wheelchair_first` puts wheelchair-accessible activities before the others (each group
    nearest first) — for people who use a wheelchair. Activities without a held date in the
    period are left out. Two queries, whatever the number of activities.
    """
    qs = (
        Activity.objects.filter(kommune_id__in=kommune_ids, published=True)
        .filter(Q(until__isnull=True) | Q(until__gte=start), start_date__lte=end)
        .select_related("organisation", "kommune")
        .annotate(confirmed=Count("signups", filter=Q(signups__status=SignUpStatus.CONFIRMED)))
    )
    if category:
        qs = qs.filter(category=category)
    result = []
    for activity in qs:
        try:
            found = recurrence.occurrences(activity.rule(), start, end)
        except ValueError:
            continue  # an inconsistent schedule is shown to the organiser, not to residents
        if not any(not o.skipped for o in found):
            continue
        km = (
            distance_km(origin[0], origin[1], activity.latitude, activity.longitude)
            if origin
            else None
        )
        result.append(NearbyActivity(activity, km, found, activity.confirmed))

    def key(item: NearbyActivity):
        first = min(o.starts_at for o in item.held)
        accessible_rank = 0 if (not wheelchair_first or item.activity.wheelchair_access) else 1
        return (accessible_rank, item.distance_km if item.distance_km is not None else 0, first)

    result.sort(key=key)
    return result[:limit] if limit else result


# --- Reads for the activity pages ----------------------------------------------------------


def activity_get_published(*, activity_id: int) -> Activity:
    """A published activity with its organiser, or 404."""
    try:
        return Activity.objects.select_related("organisation", "kommune").get(
            pk=activity_id, published=True
        )
    except Activity.DoesNotExist as exc:
        raise Http404(_("Fant ikke aktiviteten.")) from exc


ROLE_ORDER = {"leader": 0, "instructor": 1, "assistant": 2}


def activity_leaders(*, activity: Activity) -> list[ActivityLeader]:
    """Leaders first, then instructors, then helpers; by name within each role."""
    leaders = activity.leaders.select_related("person")
    return sorted(leaders, key=lambda x: (ROLE_ORDER.get(x.role, 9), x.person.given_name))


def activity_confirmed_count(*, activity: Activity) -> int:
    return SignUp.objects.filter(activity=activity, status=SignUpStatus.CONFIRMED).count()


def active_signups_for(*, activity: Activity, person_ids: list[int]) -> dict[int, SignUp]:
    """The active (confirmed or waiting) sign-up of each of these people, by person id."""
    rows = SignUp.objects.filter(
        activity=activity,
        person_id__in=person_ids,
        status__in=[SignUpStatus.CONFIRMED, SignUpStatus.WAITLISTED],
    )
    return {row.person_id: row for row in rows}


def signup_get_active(*, activity: Activity, signup_id: int) -> SignUp:
    try:
        return SignUp.objects.select_related("person", "activity").get(
            pk=signup_id,
            activity=activity,
            status__in=[SignUpStatus.CONFIRMED, SignUpStatus.WAITLISTED],
        )
    except SignUp.DoesNotExist as exc:
        raise Http404(_("Fant ikke påmeldingen.")) from exc


def occurrences_ahead(
    *, activity: Activity, start: dt.date, count: int
) -> list[recurrence.Occurrence]:
    """The next `count` dates from `start`, skipped ones included (they carry the reason)."""
    try:
        rule = activity.rule()
    except ValueError:
        return []
    found: list[recurrence.Occurrence] = []
    window_start = start
    for _step in range(8):  # at most about four years ahead
        window_end = window_start + dt.timedelta(days=183)
        found.extend(recurrence.occurrences(rule, window_start, window_end))
        if len(found) >= count:
            break
        window_start = window_end + dt.timedelta(days=1)
    return found[:count]


def held_occurrences(
    *, activity: Activity, start: dt.date, end: dt.date
) -> list[recurrence.Occurrence]:
    try:
        rule = activity.rule()
    except ValueError:
        return []
    return [o for o in recurrence.occurrences(rule, start, end) if not o.skipped]


def latest_held_date(*, activity: Activity, today: dt.date) -> dt.date | None:
    """The latest date the activity was held, up to and including today."""
    held = held_occurrences(activity=activity, start=today - dt.timedelta(days=400), end=today)
    return held[-1].date if held else None


@dataclass
class Register:
    confirmed: list[SignUp]
    waiting: list[SignUp]
    present_ids: set[int]
    recorded: bool


def register_for_leader(*, activity: Activity, viewer, day: dt.date | None) -> Register:
    """Participants, waiting list and the day's attendance (leaders and coordinators only)."""
    if not viewer.has_perm("activities.lead_activity", activity):
        raise PermissionDenied(_("Bare ledere for aktiviteten kan se deltakerlisten."))
    rows = list(
        SignUp.objects.filter(
            activity=activity, status__in=[SignUpStatus.CONFIRMED, SignUpStatus.WAITLISTED]
        )
        .select_related("person")
        .order_by("created_at", "pk")
    )
    confirmed = sorted(
        (r for r in rows if r.status == SignUpStatus.CONFIRMED),
        key=lambda r: (r.person.given_name, r.person.family_name),
    )
    waiting = [r for r in rows if r.status == SignUpStatus.WAITLISTED]
    present_ids: set[int] = set()
    recorded = False
    if day is not None:
        marks = Attendance.objects.filter(activity=activity, date=day).values_list(
            "person_id", "present"
        )
        for person_id, present in marks:
            recorded = True
            if present:
                present_ids.add(person_id)
    return Register(confirmed, waiting, present_ids, recorded)


def activities_for_organisation(*, organisation_id: int) -> list[Activity]:
    return list(
        Activity.objects.filter(organisation_id=organisation_id, published=True).select_related(
            "organisation", "kommune"
        )
    )


def confirmed_activities_for_person(*, person_id: int) -> list[Activity]:
    return list(
        Activity.objects.filter(
            published=True, signups__person_id=person_id, signups__status=SignUpStatus.CONFIRMED
        )
        .select_related("organisation", "kommune")
        .distinct()
    )


@dataclass
class CoordinatorRow:
    activity: Activity
    confirmed: int
    waiting: int


@dataclass
class FirstActivity:
    person_name: str
    activity_title: str
    signed_up_on: dt.date


def coordinator_activities(*, user, kommune_id: int) -> list[CoordinatorRow]:
    if not user_has_role(user, Role.COORDINATOR, kommune_id):
        raise PermissionDenied(_("Du er ikke koordinator i denne kommunen."))
    qs = (
        Activity.objects.filter(kommune_id=kommune_id)
        .select_related("organisation", "kommune")
        .annotate(
            n_confirmed=Count("signups", filter=Q(signups__status=SignUpStatus.CONFIRMED)),
            n_waiting=Count("signups", filter=Q(signups__status=SignUpStatus.WAITLISTED)),
        )
    )
    return [CoordinatorRow(a, a.n_confirmed, a.n_waiting) for a in qs]


def first_activity_people(
    *, user, kommune_id: int, today: dt.date, days: int = 60
) -> list[FirstActivity]:
    """People in the kommune whose first-ever sign-up (to any activity) was in the last days."""
    if not user_has_role(user, Role.COORDINATOR, kommune_id):
        raise PermissionDenied(_("Du er ikke koordinator i denne kommunen."))
    since = today - dt.timedelta(days=days)
    firsts = (
        SignUp.objects.filter(person__kommune_id=kommune_id)
        .values("person_id")
        .annotate(first=Min("created_at"))
        .filter(first__date__gte=since)
    )
    first_by_person = {row["person_id"]: row["first"] for row in firsts}
    rows = (
        SignUp.objects.filter(person_id__in=list(first_by_person))
        .select_related("person", "activity")
        .order_by("created_at", "pk")
    )
    result: dict[int, FirstActivity] = {}
    for row in rows:
        if row.person_id not in result:
            result[row.person_id] = FirstActivity(
                row.person.full_name, row.activity.title, row.created_at.date()
            )
    return sorted(result.values(), key=lambda f: f.signed_up_on, reverse=True)


def kommuner_with_activities() -> list[tuple[int, str]]:
    from samskap.municipalities.models import Kommune

    return list(
        Kommune.objects.filter(pk__in=Activity.objects.filter(published=True).values("kommune_id"))
        .order_by("name")
        .values_list("pk", "name")
    )


# --- Functional tests (health data: the person sees their own; others' reads are logged) ---


@dataclass
class TestRow:
    signup: SignUp
    results: list[FunctionalTestResult]


def test_sheet_for_leader(*, activity: Activity, viewer) -> list[TestRow]:
    """Confirmed participants with their results, for the activity's instructors."""
    if not viewer.has_perm("activities.lead_activity", activity):
        raise PermissionDenied(_("Bare instruktører for aktiviteten kan se testene."))
    signups = list(
        SignUp.objects.filter(activity=activity, status=SignUpStatus.CONFIRMED).select_related(
            "person"
        )
    )
    results: dict[int, list[FunctionalTestResult]] = {}
    for result in FunctionalTestResult.objects.filter(activity=activity).order_by("date", "pk"):
        results.setdefault(result.person_id, []).append(result)
    for signup in signups:
        if results.get(signup.person_id):
            access_log_record(
                subject=signup.person,
                viewer=viewer,
                what=str(_("Testresultater i %(title)s") % {"title": activity.title}),
            )
    signups.sort(key=lambda s: (s.person.given_name, s.person.family_name))
    return [TestRow(s, results.get(s.person_id, [])) for s in signups]


@dataclass
class TestProgress:
    test: str
    label: str
    start: FunctionalTestResult
    latest: FunctionalTestResult
    progress: functional_tests.Progress | None


def progress_for_viewer(*, activity: Activity, person, viewer) -> list[TestProgress]:
    """A person's first and latest result per test: for the person and their representatives."""
    if not (viewer.person_id == person.pk or is_representative(viewer, person)):
        raise PermissionDenied(_("Du kan bare se dine egne resultater."))
    results = list(
        FunctionalTestResult.objects.filter(activity=activity, person=person).order_by("date", "pk")
    )
    if results:
        access_log_record(
            subject=person,
            viewer=viewer,
            what=str(_("Testresultater i %(title)s") % {"title": activity.title}),
        )
    labels = dict(FunctionalTestResult._meta.get_field("test").choices)
    by_test: dict[str, list[FunctionalTestResult]] = {}
    for result in results:
        by_test.setdefault(result.test, []).append(result)
    rows = []
    for test, found in by_test.items():
        start, latest = found[0], found[-1]
        change = (
            functional_tests.progress(
                functional_tests.FunctionalTest(test), float(start.value), float(latest.value)
            )
            if latest.pk != start.pk
            else None
        )
        rows.append(TestProgress(test, str(labels.get(test, test)), start, latest, change))
    return rows
