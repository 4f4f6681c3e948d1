"""Reads of the person's plan. Every read by someone other than the person is logged."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.accounts.models import Role, User
from samskap.accounts.selectors import user_kommune_ids_with_role
from samskap.people.models import Person
from samskap.people.selectors import people_followed_by, person_or_404, viewer_role_label
from samskap.plans import scoring
from samskap.plans.models import (
    Action,
    Contribution,
    Goal,
    GoalScore,
    GoalStatus,
    Measure,
    PlanEntry,
    Question,
)
from samskap.plans.rules import plan_access_reason
from samskap.privacy.services import access_log_record


@dataclass(frozen=True)
class GoalSummary:
    goal: Goal
    scores: list[GoalScore]
    actions: list[Action]
    psfs: scoring.Change | None = None
    copm: scoring.CopmResult | None = None
    latest_gas: int | None = None

    @property
    def last_scored_on(self) -> dt.date | None:
        return self.scores[-1].recorded_on if self.scores else None

    @property
    def review_due_on(self) -> dt.date | None:
        if self.goal.measure == Measure.NONE or self.goal.status != GoalStatus.ACTIVE:
            return None
        start = self.last_scored_on or timezone.localtime(self.goal.created_at).date()
        return start + dt.timedelta(days=self.goal.review_every_days)


@dataclass(frozen=True)
class Plan:
    person: Person
    entries: dict[str, list[PlanEntry]]
    goals: list[GoalSummary]
    contributions: list[Contribution]
    gas_t_score: float | None
    copm_mean_change: scoring.CopmResult | None
    questions: list[tuple[str, str]] = field(default_factory=list)

    @property
    def sections(self) -> list[tuple[str, str, list[PlanEntry]]]:
        return [(code, label, self.entries.get(code, [])) for code, label in self.questions]


def summarise_goal(goal: Goal, scores: list[GoalScore], actions: list[Action]) -> GoalSummary:
    psfs = copm = None
    latest_gas = None
    if goal.measure == Measure.PSFS and len(scores) >= 2:
        psfs = scoring.psfs_change(baseline=float(scores[0].psfs), follow_up=float(scores[-1].psfs))
    elif goal.measure == Measure.COPM and len(scores) >= 2:
        copm = scoring.copm_change(
            initial=scoring.CopmRating(
                float(scores[0].copm_performance), float(scores[0].copm_satisfaction)
            ),
            reassessment=scoring.CopmRating(
                float(scores[-1].copm_performance), float(scores[-1].copm_satisfaction)
            ),
        )
    elif goal.measure == Measure.GAS and scores:
        latest_gas = scores[-1].gas
    return GoalSummary(
        goal=goal, scores=scores, actions=actions, psfs=psfs, copm=copm, latest_gas=latest_gas
    )


def plan_person_for_viewer(*, person_id: int, viewer: User, what: str) -> Person:
    person = person_or_404(person_id)
    reason = plan_access_reason(viewer, person)
    if not reason:
        raise PermissionDenied(_("Du har ikke tilgang til denne planen."))
    access_log_record(
        subject=person,
        viewer=viewer,
        what=what,
        reason=reason,
        role_label=viewer_role_label(viewer, person),
    )
    return person


def plan_get_for_viewer(*, person_id: int, viewer: User) -> Plan:
    person = plan_person_for_viewer(person_id=person_id, viewer=viewer, what=_("Planen"))
    return plan_load(person=person)


def plan_load(*, person: Person) -> Plan:
    """The whole plan in a fixed number of queries (no N+1). No permission check."""
    entries: dict[str, list[PlanEntry]] = {q: [] for q in Question.values}
    for entry in (
        PlanEntry.objects.filter(person=person, archived_at__isnull=True)
        .select_related("conversation")
        .order_by("created_at")
    ):
        entries[entry.question].append(entry)
    goals = list(
        Goal.objects.filter(person=person)
        .prefetch_related(
            Prefetch("scores", queryset=GoalScore.objects.order_by("recorded_on", "created_at")),
            Prefetch("actions", queryset=Action.objects.select_related("assigned_to__person")),
        )
        .order_by("status", "created_at")
    )
    summaries = [summarise_goal(g, list(g.scores.all()), list(g.actions.all())) for g in goals]
    gas_goals = [
        scoring.GasGoal(s.latest_gas, s.goal.gas_weight)
        for s in summaries
        if s.goal.measure == Measure.GAS
        and s.latest_gas is not None
        and s.goal.status != GoalStatus.STOPPED
    ]
    copm = [s for s in summaries if s.goal.measure == Measure.COPM and len(s.scores) >= 2]
    copm_mean_change = None
    if copm:
        initial = scoring.copm_mean(
            [
                scoring.CopmRating(
                    float(s.scores[0].copm_performance), float(s.scores[0].copm_satisfaction)
                )
                for s in copm
            ]
        )
        latest = scoring.copm_mean(
            [
                scoring.CopmRating(
                    float(s.scores[-1].copm_performance), float(s.scores[-1].copm_satisfaction)
                )
                for s in copm
            ]
        )
        copm_mean_change = scoring.copm_change(initial=initial, reassessment=latest)
    return Plan(
        person=person,
        entries=entries,
        goals=summaries,
        contributions=list(Contribution.objects.filter(person=person).order_by("created_at")),
        gas_t_score=scoring.gas_t_score(gas_goals) if gas_goals else None,
        copm_mean_change=copm_mean_change,
        questions=list(Question.choices),
    )


def goal_get_for_viewer(*, goal_id: int, viewer: User) -> GoalSummary:
    try:
        goal = Goal.objects.select_related("person", "person__kommune").get(pk=goal_id)
    except Goal.DoesNotExist as exc:
        raise Http404(_("Fant ikke målet.")) from exc
    plan_person_for_viewer(person_id=goal.person_id, viewer=viewer, what=_("Et mål i planen"))
    scores = list(goal.scores.order_by("recorded_on", "created_at"))
    actions = list(goal.actions.select_related("assigned_to"))
    return summarise_goal(goal, scores, actions)


@dataclass(frozen=True)
class WorkItem:
    goal: Goal
    person: Person
    due_on: dt.date | None
    reason: str


def staff_work_list(*, user: User, today: dt.date | None = None) -> list[WorkItem]:
    """Goals of people this staff member follows that are due for re-scoring or lack actions."""
    today = today or timezone.localdate()
    if not user_kommune_ids_with_role(user, Role.CARE_STAFF):
        return []
    people = people_followed_by(user=user)
    goals = (
        Goal.objects.filter(person__in=people, status=GoalStatus.ACTIVE)
        .select_related("person")
        .annotate(last_scored=Max("scores__recorded_on"), action_count=Count("actions"))
        .order_by("person__family_name", "created_at")
    )
    items: list[WorkItem] = []
    for goal in goals:
        if goal.measure != Measure.NONE:
            start = goal.last_scored or timezone.localtime(goal.created_at).date()
            due = start + dt.timedelta(days=goal.review_every_days)
            if goal.last_scored is None or due <= today:
                items.append(WorkItem(goal, goal.person, due, _("Skal skåres")))
        if goal.action_count == 0:
            items.append(WorkItem(goal, goal.person, None, _("Har ingen tiltak")))
    return items


def offered_contributions(*, kommune_id: int) -> list[Contribution]:
    """Contributions people have agreed to offer: usable by help and activities."""
    return list(
        Contribution.objects.filter(kommune_id=kommune_id, may_offer=True)
        .select_related("person")
        .order_by("created_at")
    )
