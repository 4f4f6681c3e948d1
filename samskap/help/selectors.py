"""Reads for help and contribution. Permission checks and access logging live here."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Prefetch, Q, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.accounts.models import Role, User
from samskap.accounts.selectors import user_role_grants
from samskap.help import engine
from samskap.help.models import (
    ACTIVE_ASSIGNMENT_STATUSES,
    Assignment,
    AssignmentStatus,
    Category,
    ConcernReport,
    ConcernStatus,
    HelperProfile,
    HelpSession,
    HelpSettings,
    MatchingRun,
    Need,
    NeedStatus,
    Verification,
)
from samskap.help.schedule import next_occurrence
from samskap.matching.scoring import pair_score
from samskap.notifications.models import Channel, Notification
from samskap.people.models import Person
from samskap.people.selectors import people_represented_by, viewer_role_label
from samskap.privacy.services import access_log_record

VISIBLE_TO_HELPER = (AssignmentStatus.ASKED, AssignmentStatus.ACCEPTED, AssignmentStatus.DONE)


@dataclass
class NeedView:
    need: Need
    current: Assignment | None
    next_date: dt.date | None

    @property
    def helper_visible(self) -> bool:
        return bool(self.current and self.current.contact_visible)


def _current_assignment(need: Need) -> Assignment | None:
    """The assignment that matters now: accepted/asked first, then the last completed."""
    assignments = list(need.assignments.all())
    for status in (AssignmentStatus.ACCEPTED, AssignmentStatus.ASKED, AssignmentStatus.DONE):
        for assignment in assignments:
            if assignment.status == status:
                return assignment
    return None


def _needs_with_assignments(qs):
    return qs.select_related("person", "kommune").prefetch_related(
        Prefetch(
            "assignments",
            queryset=Assignment.objects.select_related("helper__person", "helper__organisation"),
        )
    )


def need_views(needs, today: dt.date | None = None) -> list[NeedView]:
    today = today or timezone.localdate()
    return [
        NeedView(
            need=n,
            current=_current_assignment(n),
            next_date=next_occurrence(n.first_date, n.recurrence, today) if n.is_active else None,
        )
        for n in needs
    ]


@dataclass
class PersonNeeds:
    person: Person
    active: list[NeedView]
    closed: list[NeedView]
    is_self: bool


def needs_overview_for_user(*, user: User) -> list[PersonNeeds]:
    """The user's own needs and those of people they represent (logged for the person)."""
    people: list[Person] = []
    if user.person_id:
        people.append(user.person)
    people.extend(people_represented_by(user=user))
    needs = _needs_with_assignments(Need.objects.filter(person__in=people).order_by("-created_at"))
    by_person: dict[int, list[Need]] = defaultdict(list)
    for need in needs:
        by_person[need.person_id].append(need)
    result = []
    for person in people:
        views = need_views(by_person.get(person.pk, []))
        if person.pk != user.person_id and views:
            access_log_record(
                subject=person,
                viewer=user,
                what=_("Behov for hjelp"),
                reason=_("Representant for personen"),
                role_label=viewer_role_label(user, person),
            )
        result.append(
            PersonNeeds(
                person=person,
                active=[v for v in views if v.need.is_active],
                closed=[v for v in views if not v.need.is_active][:10],
                is_self=person.pk == user.person_id,
            )
        )
    return result


def person_for_need_form(*, person_id: int, viewer: User) -> Person:
    try:
        person = Person.objects.select_related("kommune").get(pk=person_id)
    except Person.DoesNotExist as exc:
        raise Http404(_("Fant ikke personen.")) from exc
    if not viewer.has_perm("help.add_need_for", person):
        raise PermissionDenied(_("Du kan ikke registrere behov for denne personen."))
    return person


@dataclass
class NeedDetail:
    need: Need
    view: NeedView
    owner_side: bool
    coordinator: bool
    helper_assignment: Assignment | None
    history: list[Assignment]


def need_get_for_viewer(*, need_id: int, viewer: User) -> NeedDetail:
    """A need with what the viewer may see. Reads by anyone but the person are logged."""
    try:
        need = _needs_with_assignments(Need.objects.filter(pk=need_id)).get()
    except Need.DoesNotExist as exc:
        raise Http404(_("Fant ikke behovet.")) from exc
    owner_side = viewer.has_perm("help.change_need", need)
    coordinator = viewer.has_perm("help.coordinate", need.kommune_id)
    helper_assignment = None
    for assignment in need.assignments.all():
        if assignment.status in VISIBLE_TO_HELPER and viewer.has_perm(
            "help.act_as_helper", assignment.helper
        ):
            helper_assignment = assignment
    if not (owner_side or coordinator or helper_assignment):
        raise PermissionDenied(_("Du har ikke tilgang til dette behovet."))
    if viewer.person_id != need.person_id:
        reason = (
            _("Koordinerer hjelp")
            if coordinator
            else _("Hjelper på oppdraget")
            if helper_assignment and not owner_side
            else _("Representant eller følger opp personen")
        )
        access_log_record(
            subject=need.person,
            viewer=viewer,
            what=_("Behov for hjelp"),
            reason=reason,
            role_label=viewer_role_label(viewer, need.person),
        )
    view = need_views([need])[0]
    return NeedDetail(
        need=need,
        view=view,
        owner_side=owner_side,
        coordinator=coordinator,
        helper_assignment=helper_assignment,
        history=sorted(need.assignments.all(), key=lambda a: a.created_at, reverse=True),
    )


def assignment_get_for_viewer(*, assignment_id: int, viewer: User) -> Assignment:
    try:
        assignment = Assignment.objects.select_related(
            "need__person", "need__kommune", "helper__person", "helper__organisation", "kommune"
        ).get(pk=assignment_id)
    except Assignment.DoesNotExist as exc:
        raise Http404(_("Fant ikke oppdraget.")) from exc
    if not viewer.has_perm("help.view_assignment", assignment):
        raise PermissionDenied(_("Du har ikke tilgang til dette oppdraget."))
    if viewer.person_id != assignment.need.person_id:
        access_log_record(
            subject=assignment.need.person,
            viewer=viewer,
            what=_("Oppdrag"),
            reason=_("Hjelper eller koordinator på oppdraget"),
            role_label=viewer_role_label(viewer, assignment.need.person),
        )
    return assignment


def help_contact_phones(*, kommune_ids) -> list[HelpSettings]:
    """The coordinators' phone numbers, for those who would rather call (not personal data)."""
    return list(
        HelpSettings.objects.filter(kommune_id__in=list(kommune_ids))
        .exclude(contact_phone="")
        .select_related("kommune")
        .order_by("kommune__name")
    )


def goals_for_need_form(*, person: Person, user: User):
    """The person's active goals a new need may serve; only for those who may change the plan."""
    if not user.has_perm("plans.change_plan", person):
        return None
    from samskap.plans.models import Goal, GoalStatus

    return Goal.objects.filter(person=person, status=GoalStatus.ACTIVE).order_by("created_at")


@dataclass
class SuggestedHelper:
    helper: HelperProfile
    score: int
    reasons: list[str]


def need_suggestions(*, detail: NeedDetail, limit: int = 5) -> list[SuggestedHelper]:
    """The best helpers for one open need, with the reasons in words (coordinator only)."""
    from samskap.help.reasons import reasons_json, reasons_text
    from samskap.matching.scoring import rank_helpers

    need = detail.need
    if not detail.coordinator or need.status != NeedStatus.OPEN:
        return []
    if any(a.status in ACTIVE_ASSIGNMENT_STATUSES for a in detail.history):
        return []
    need_inputs = engine.build_need_inputs([need], engine.declined_by_need([need.pk]))
    if not need_inputs:
        return []
    helpers = list(engine.helpers_queryset([need.kommune_id]))
    helper_inputs, _capacity = engine.build_helper_inputs(helpers, timezone.localdate())
    by_id = {h.pk: h for h in helpers}
    return [
        SuggestedHelper(
            helper=by_id[s.helper_id],
            score=s.net_score,
            reasons=reasons_text(reasons_json(s.components), need.person.given_name),
        )
        for s in rank_helpers(need_inputs[0], helper_inputs, limit=limit)
    ]


# --- Helpers ----------------------------------------------------------------------------------


def organisations_represented(*, user: User):
    from samskap.organisations.models import Organisation

    ids = [
        g.organisation_id
        for g in user_role_grants(user)
        if g.role == Role.ORGANISATION_REP and g.organisation_id
    ]
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


def helper_profiles_for_user(*, user: User) -> list[HelperProfile]:
    if not user.is_authenticated:
        return []
    organisation_ids = [
        g.organisation_id for g in user_role_grants(user) if g.role == Role.ORGANISATION_REP
    ]
    condition = Q(organisation_id__in=organisation_ids)
    if user.person_id:
        condition |= Q(person_id=user.person_id)
    return list(
        HelperProfile.objects.filter(condition).select_related("person", "organisation", "kommune")
    )


def helper_get_for_user(*, helper_id: int, user: User) -> HelperProfile:
    try:
        helper = HelperProfile.objects.select_related("person", "organisation", "kommune").get(
            pk=helper_id
        )
    except HelperProfile.DoesNotExist as exc:
        raise Http404(_("Fant ikke hjelperen.")) from exc
    if not (
        user.has_perm("help.act_as_helper", helper)
        or user.has_perm("help.coordinate", helper.kommune_id)
    ):
        raise PermissionDenied(_("Du har ikke tilgang til denne hjelperen."))
    return helper


@dataclass
class NearbyNeed:
    need: Need
    distance_km: float
    next_date: dt.date | None


@dataclass
class HelperPage:
    helper: HelperProfile
    asked: list[Assignment]
    upcoming: list[tuple[Assignment, dt.date | None]]
    nearby: list[NearbyNeed]
    hours_this_year: Decimal
    sessions_this_year: int
    capacity: engine.Capacity
    verifications: list[Verification]


def helper_page(*, helper: HelperProfile, today: dt.date | None = None) -> HelperPage:
    today = today or timezone.localdate()
    assignments = list(
        Assignment.objects.filter(
            helper=helper, status__in=[AssignmentStatus.ASKED, AssignmentStatus.ACCEPTED]
        ).select_related("need__person", "need__kommune")
    )
    upcoming = sorted(
        (
            (a, next_occurrence(a.need.first_date, a.need.recurrence, today))
            for a in assignments
            if a.status == AssignmentStatus.ACCEPTED
        ),
        key=lambda pair: pair[1] or dt.date.max,
    )
    year_start = today.replace(month=1, day=1)
    totals = HelpSession.objects.filter(assignment__helper=helper, date__gte=year_start).aggregate(
        hours=Sum("hours"), n=Count("id")
    )
    return HelperPage(
        helper=helper,
        asked=[a for a in assignments if a.status == AssignmentStatus.ASKED],
        upcoming=upcoming,
        nearby=needs_near_helper(helper=helper, today=today),
        hours_this_year=totals["hours"] or Decimal(0),
        sessions_this_year=totals["n"] or 0,
        capacity=engine.capacities([helper], today)[helper.pk],
        verifications=list(helper.verifications.filter(revoked_at__isnull=True)),
    )


def needs_near_helper(
    *, helper: HelperProfile, today: dt.date, limit: int = 20
) -> list[NearbyNeed]:
    """Open needs this helper may take, nearest first. Shows no names or addresses."""
    if not helper.active:
        return []
    needs = list(engine.open_needs_queryset([helper.kommune_id])[:500])
    if not needs:
        return []
    helper_input = engine.build_helper_inputs([helper], today)[0][0]
    # The list shows what they could take; the capacity check happens when they take it.
    helper_input = replace(helper_input, capacity=max(helper_input.capacity, 1))
    need_by_id = {n.pk: n for n in needs}
    result = []
    for need_input in engine.build_need_inputs(needs, engine.declined_by_need(need_by_id)):
        if pair_score(need_input, helper_input) is None:
            continue
        from samskap.matching.scoring import components

        need = need_by_id[need_input.id]
        result.append(
            NearbyNeed(
                need=need,
                distance_km=components(need_input, helper_input).distance_km,
                next_date=next_occurrence(need.first_date, need.recurrence, today),
            )
        )
    result.sort(key=lambda n: n.distance_km)
    return result[:limit]


# --- Coordinator --------------------------------------------------------------------------


@dataclass
class HelperLoad:
    helper: HelperProfile
    capacity: engine.Capacity
    last_session: dt.date | None

    @property
    def overloaded(self) -> bool:
        return self.capacity.remaining == 0 and self.capacity.active > 0

    @property
    def idle(self) -> bool:
        return self.capacity.active == 0


@dataclass
class CoordinatorPage:
    kommune_id: int
    open_needs: list[Need]
    ages: dict[int, int]
    by_category: list[tuple[str, int]]
    by_area: list[tuple[str, int]]
    overloaded: list[HelperLoad]
    idle: list[HelperLoad]
    expiring: list[Verification]
    concerns: list[ConcernReport]
    draft_run: MatchingRun | None
    call_list: list[Notification]
    helpers_total: int
    settings: HelpSettings
    active_assignments: list[Assignment] = field(default_factory=list)


def coordinator_page(
    *, kommune_id: int, user: User, today: dt.date | None = None
) -> CoordinatorPage:
    if not user.has_perm("help.coordinate", kommune_id):
        raise PermissionDenied(_("Bare koordinator har tilgang til denne siden."))
    today = today or timezone.localdate()
    settings_row, _created = HelpSettings.objects.get_or_create(kommune_id=kommune_id)
    open_needs = list(
        Need.objects.filter(kommune_id=kommune_id, status=NeedStatus.OPEN)
        .select_related("person")
        .annotate(
            active_assignments=Count(
                "assignments", filter=Q(assignments__status__in=ACTIVE_ASSIGNMENT_STATUSES)
            )
        )
        .order_by("created_at")
    )
    now = timezone.now()
    ages = {n.pk: (now - n.created_at).days for n in open_needs}
    labels = dict(Category.choices)
    by_category = Counter(str(labels[n.category]) for n in open_needs).most_common()
    by_area = Counter(n.person.postal_place or "–" for n in open_needs).most_common()
    helpers = list(engine.helpers_queryset([kommune_id]))
    capacity = engine.capacities(helpers, today)
    last_sessions = dict(
        HelpSession.objects.filter(assignment__helper__in=helpers)
        .values_list("assignment__helper_id")
        .annotate(last=Max("date"))
        .values_list("assignment__helper_id", "last")
    )
    loads = [HelperLoad(h, capacity[h.pk], last_sessions.get(h.pk)) for h in helpers]
    horizon = today + dt.timedelta(days=settings_row.expiry_warning_days)
    expiring = list(
        Verification.objects.filter(
            helper__kommune_id=kommune_id,
            revoked_at__isnull=True,
            expires_on__isnull=False,
            expires_on__lte=horizon,
            expires_on__gte=today - dt.timedelta(days=90),
        )
        .select_related("helper__person", "helper__organisation")
        .order_by("expires_on")
    )
    return CoordinatorPage(
        kommune_id=kommune_id,
        open_needs=open_needs,
        ages=ages,
        by_category=by_category,
        by_area=by_area,
        overloaded=[load for load in loads if load.overloaded],
        idle=[load for load in loads if load.idle],
        expiring=expiring,
        concerns=list(
            ConcernReport.objects.filter(kommune_id=kommune_id)
            .exclude(status=ConcernStatus.CLOSED)
            .select_related("need__person")
        ),
        draft_run=MatchingRun.objects.filter(
            kommune_id=kommune_id, status=MatchingRun.Status.DRAFT
        ).first(),
        call_list=list(
            Notification.objects.filter(
                kommune_id=kommune_id, channel=Channel.STAFF, handled_at__isnull=True
            )
            .select_related("recipient")
            .order_by("created_at")[:50]
        ),
        helpers_total=len(helpers),
        settings=settings_row,
    )


def run_kommune_ids(*, kommune, user: User, region_wide: bool) -> list[int]:
    """The kommune, or every kommune in its region that the user coordinates."""
    from samskap.municipalities.models import Kommune

    if not region_wide or kommune.region_id is None:
        return [kommune.pk]
    ids = Kommune.objects.filter(region_id=kommune.region_id).values_list("pk", flat=True)
    return sorted(pk for pk in ids if user.has_perm("help.coordinate", pk))


def matching_run_get(*, run_id: int, user: User) -> tuple[MatchingRun, list[Assignment]]:
    try:
        run = MatchingRun.objects.select_related("kommune", "started_by").get(pk=run_id)
    except MatchingRun.DoesNotExist as exc:
        raise Http404(_("Fant ikke fordelingen.")) from exc
    if not user.has_perm("help.coordinate", run.kommune_id):
        raise PermissionDenied(_("Bare koordinator har tilgang til denne siden."))
    assignments = list(
        run.assignments.select_related(
            "need__person", "helper__person", "helper__organisation"
        ).order_by("need__created_at")
    )
    return run, assignments


def open_needs_without_helper(*, run: MatchingRun) -> list[Need]:
    return list(
        engine.open_needs_queryset([run.kommune_id])
        if run.status == MatchingRun.Status.DRAFT
        else []
    )


def helpers_for_coordinator(*, kommune_id: int, user: User) -> list[HelperLoad]:
    if not user.has_perm("help.coordinate", kommune_id):
        raise PermissionDenied(_("Bare koordinator har tilgang til denne siden."))
    today = timezone.localdate()
    helpers = list(
        HelperProfile.objects.filter(kommune_id=kommune_id)
        .select_related("person", "organisation")
        .prefetch_related(
            Prefetch("verifications", queryset=Verification.objects.filter(revoked_at__isnull=True))
        )
        .order_by("person__given_name", "organisation__name")
    )
    capacity = engine.capacities(helpers, today)
    return [HelperLoad(h, capacity[h.pk], None) for h in helpers]


def concern_get(*, report_id: int, user: User) -> ConcernReport:
    try:
        report = ConcernReport.objects.select_related(
            "need__person", "assignment__helper__person", "assignment__helper__organisation"
        ).get(pk=report_id)
    except ConcernReport.DoesNotExist as exc:
        raise Http404(_("Fant ikke meldingen.")) from exc
    if not user.has_perm("help.coordinate", report.kommune_id):
        raise PermissionDenied(_("Bare koordinator kan lese bekymringsmeldinger."))
    if report.need_id:
        access_log_record(
            subject=report.need.person,
            viewer=user,
            what=_("Bekymringsmelding"),
            reason=_("Koordinerer hjelp"),
            role_label=viewer_role_label(user, report.need.person),
        )
    return report


def concern_trail(*, report: ConcernReport) -> list[tuple]:
    """The report's own trail: who reported, who changed the status and when."""
    from samskap.privacy.models import AuditEvent

    labels = dict(ConcernStatus.choices)
    return [
        (event, labels.get((event.after or {}).get("status"), ""))
        for event in AuditEvent.objects.filter(
            object_type=report._meta.label_lower, object_id=str(report.pk)
        ).order_by("at")
    ]


def category_requirements(*, kommune_id: int) -> dict[str, object]:
    from samskap.help.models import CategoryRequirement

    return {r.category: r for r in CategoryRequirement.objects.filter(kommune_id=kommune_id)}


# --- Statistics ---------------------------------------------------------------------------


@dataclass
class _Counts:
    requested: int
    fulfilled: int
    hours: Decimal
    value_nok: int

    @property
    def fulfilled_percent(self) -> int | None:
        return round(100 * self.fulfilled / self.requested) if self.requested else None


@dataclass
class MonthRow(_Counts):
    month: dt.date = dt.date.min
    median_days: float | None = None


@dataclass
class CategoryRow(_Counts):
    category: str = ""
    label: str = ""


@dataclass
class Statistics:
    year: int
    months: list[MonthRow]
    categories: list[CategoryRow]
    total: MonthRow
    hourly_value_nok: int


def help_statistics(*, kommune_id: int, year: int, user: User) -> Statistics:
    """Aggregates only: no person can be identified from these figures."""
    if not user.has_perm("help.view_statistics", kommune_id):
        raise PermissionDenied(_("Du har ikke tilgang til statistikken."))
    settings_row, _created = HelpSettings.objects.get_or_create(kommune_id=kommune_id)
    hourly = settings_row.hourly_value_nok
    needs = list(
        Need.objects.filter(kommune_id=kommune_id, created_at__year=year)
        .exclude(status=NeedStatus.CANCELLED, assigned_at__isnull=True)
        .values("category", "created_at", "assigned_at")
    )
    sessions = list(
        HelpSession.objects.filter(kommune_id=kommune_id, date__year=year).values(
            "category", "date", "hours"
        )
    )
    local = timezone.get_current_timezone()
    req_month: dict[int, int] = Counter()
    ful_month: dict[int, int] = Counter()
    delays: dict[int, list[float]] = defaultdict(list)
    req_cat: dict[str, int] = Counter()
    ful_cat: dict[str, int] = Counter()
    for row in needs:
        month = row["created_at"].astimezone(local).month
        req_month[month] += 1
        req_cat[row["category"]] += 1
        if row["assigned_at"]:
            ful_month[month] += 1
            ful_cat[row["category"]] += 1
            delays[month].append((row["assigned_at"] - row["created_at"]).total_seconds() / 86400)
    hours_month: dict[int, Decimal] = defaultdict(Decimal)
    hours_cat: dict[str, Decimal] = defaultdict(Decimal)
    for row in sessions:
        hours_month[row["date"].month] += row["hours"]
        hours_cat[row["category"]] += row["hours"]
    months = []
    for month in range(1, 13):
        hours = hours_month.get(month, Decimal(0))
        months.append(
            MonthRow(
                month=dt.date(year, month, 1),
                requested=req_month.get(month, 0),
                fulfilled=ful_month.get(month, 0),
                median_days=round(statistics.median(delays[month]), 1) if delays[month] else None,
                hours=hours,
                value_nok=int(hours * hourly),
            )
        )
    all_delays = [d for values in delays.values() for d in values]
    total_hours = sum((m.hours for m in months), Decimal(0))
    total = MonthRow(
        month=dt.date(year, 1, 1),
        requested=sum(req_month.values()),
        fulfilled=sum(ful_month.values()),
        median_days=round(statistics.median(all_delays), 1) if all_delays else None,
        hours=total_hours,
        value_nok=int(total_hours * hourly),
    )
    categories = [
        CategoryRow(
            category=code,
            label=str(label),
            requested=req_cat.get(code, 0),
            fulfilled=ful_cat.get(code, 0),
            hours=hours_cat.get(code, Decimal(0)),
            value_nok=int(hours_cat.get(code, Decimal(0)) * hourly),
        )
        for code, label in Category.choices
        if req_cat.get(code) or hours_cat.get(code)
    ]
    return Statistics(
        year=year, months=months, categories=categories, total=total, hourly_value_nok=hourly
    )
