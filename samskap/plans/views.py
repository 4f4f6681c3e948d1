from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samskap.people.models import Frequency, SupportKind
from samskap.plans.forms import (
    ActionForm,
    ActionStatusForm,
    ContributionForm,
    ConversationForm,
    GoalForm,
    ScoreForm,
)
from samskap.plans.models import Action, Goal, Measure, OrganisationTie
from samskap.plans.selectors import (
    goal_get_for_viewer,
    plan_get_for_viewer,
    plan_person_for_viewer,
    staff_work_list,
)
from samskap.plans.services import (
    action_create,
    action_set_status,
    contribution_add,
    conversation_record,
    goal_create,
    score_record,
)
from samskap.web.forms import apply_validation_error


@login_required
def plan_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    plan = plan_get_for_viewer(person_id=person_id, viewer=request.user)
    person = plan.person
    context = {
        "plan": plan,
        "person": person,
        "can_change": request.user.has_perm("plans.change_plan", person),
        "can_add": request.user.has_perm("plans.add_entry", person),
        "can_share": request.user.has_perm("people.manage_consent", person),
        "is_self": request.user.person_id == person.pk,
    }
    return render(request, "plans/plan_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def conversation_new(request: HttpRequest, person_id: int) -> HttpResponse:
    person = plan_person_for_viewer(person_id=person_id, viewer=request.user, what=_("Planen"))
    if not request.user.has_perm("plans.add_entry", person):
        raise PermissionDenied(_("Du kan ikke skrive i denne planen."))
    form = ConversationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            conversation_record(
                person=person,
                recorded_by=request.user,
                held_on=data["held_on"],
                setting=data["setting"],
                presence=data["presence"],
                others_present=data["others_present"],
                answers={q: data[q] for q in ("what_matters", "can_contribute", "do_together")},
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Samtalen er lagret."))
            return redirect("plans:detail", person_id=person.pk)
    return render(request, "plans/conversation_form.html", {"form": form, "person": person})


@login_required
@require_http_methods(["GET", "POST"])
def goal_new(request: HttpRequest, person_id: int) -> HttpResponse:
    person = plan_person_for_viewer(person_id=person_id, viewer=request.user, what=_("Planen"))
    if not request.user.has_perm("plans.change_plan", person):
        raise PermissionDenied(_("Du kan ikke legge til mål her."))
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                goal = goal_create(
                    person=person,
                    created_by=request.user,
                    text=data["text"],
                    measure=data["measure"],
                    gas_expected=data["gas_expected"],
                )
                if data["baseline"] is not None and goal.measure == Measure.PSFS:
                    from django.utils import timezone

                    score_record(
                        goal=goal,
                        recorded_by=request.user,
                        recorded_on=timezone.localdate(),
                        psfs=data["baseline"],
                        note=_("Startverdi"),
                    )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Målet er lagt til."))
            return redirect("plans:goal_detail", goal_id=goal.pk)
    return render(request, "plans/goal_form.html", {"form": form, "person": person})


@login_required
def goal_detail(request: HttpRequest, goal_id: int) -> HttpResponse:
    summary = goal_get_for_viewer(goal_id=goal_id, viewer=request.user)
    goal = summary.goal
    chart = ""
    if summary.scores and goal.measure != Measure.NONE:
        chart = _goal_chart(summary)
    context = {
        "summary": summary,
        "goal": goal,
        "person": goal.person,
        "chart": chart,
        "can_change": request.user.has_perm("plans.change_plan", goal.person),
        "can_add": request.user.has_perm("plans.add_entry", goal.person),
        "action_form": ActionForm(),
        "status_choices": ActionStatusForm.base_fields["status"].choices,
    }
    return render(request, "plans/goal_detail.html", context)


def _goal_chart(summary) -> str:
    from samskap.plans import charts

    goal = summary.goal
    if goal.measure == Measure.PSFS:
        points = [(s.recorded_on, float(s.psfs)) for s in summary.scores]
        threshold = None
        if summary.scores:
            from samskap.plans.scoring import PSFS_MCID_SINGLE

            threshold = min(10.0, float(summary.scores[0].psfs) + PSFS_MCID_SINGLE)
        return charts.render_trend_svg(
            points,
            y_min=0,
            y_max=10,
            y_label=_("Hvor godt (0–10)"),
            title=_("Utvikling for målet: %(goal)s") % {"goal": goal.text},
            threshold=threshold,
        )
    if goal.measure == Measure.COPM:
        points = [(s.recorded_on, float(s.copm_performance)) for s in summary.scores]
        return charts.render_trend_svg(
            points,
            y_min=1,
            y_max=10,
            y_label=_("Utførelse (1–10)"),
            title=_("Utvikling for målet: %(goal)s") % {"goal": goal.text},
        )
    points = [(s.recorded_on, float(s.gas)) for s in summary.scores]
    return charts.render_trend_svg(
        points,
        y_min=-2,
        y_max=2,
        y_label=_("Måloppnåelse (−2 til +2)"),
        title=_("Utvikling for målet: %(goal)s") % {"goal": goal.text},
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_score_new(request: HttpRequest, goal_id: int) -> HttpResponse:
    goal = get_object_or_404(Goal.objects.select_related("person"), pk=goal_id)
    if not request.user.has_perm("plans.change_plan", goal.person):
        raise PermissionDenied(_("Du kan ikke skåre dette målet."))
    form = ScoreForm(request.POST or None, measure=goal.measure)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            score_record(
                goal=goal,
                recorded_by=request.user,
                recorded_on=data["recorded_on"],
                psfs=data.get("psfs"),
                copm_performance=data.get("copm_performance"),
                copm_satisfaction=data.get("copm_satisfaction"),
                gas=data.get("gas"),
                note=data["note"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Skåringen er lagret."))
            return redirect("plans:goal_detail", goal_id=goal.pk)
    return render(
        request, "plans/score_form.html", {"form": form, "goal": goal, "person": goal.person}
    )


@login_required
@require_POST
def action_new(request: HttpRequest, goal_id: int) -> HttpResponse:
    goal = get_object_or_404(Goal.objects.select_related("person"), pk=goal_id)
    form = ActionForm(request.POST)
    if form.is_valid():
        try:
            action_create(goal=goal, created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Tiltaket er lagt til."))
    else:
        messages.error(request, _("Skriv hva som skal gjøres."))
    return redirect("plans:goal_detail", goal_id=goal.pk)


@login_required
@require_POST
def action_status(request: HttpRequest, action_id: int) -> HttpResponse:
    action = get_object_or_404(Action.objects.select_related("goal__person"), pk=action_id)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        action_set_status(
            action=action, changed_by=request.user, status=form.cleaned_data["status"]
        )
        messages.success(request, _("Status er oppdatert."))
    return redirect("plans:goal_detail", goal_id=action.goal_id)


@login_required
@require_http_methods(["GET", "POST"])
def contribution_new(request: HttpRequest, person_id: int) -> HttpResponse:
    person = plan_person_for_viewer(person_id=person_id, viewer=request.user, what=_("Planen"))
    form = ContributionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        may_offer = data["may_offer"] and (
            request.user.person_id == person.pk
            or request.user.has_perm("people.manage_consent", person)
        )
        try:
            contribution_add(
                person=person,
                created_by=request.user,
                kind=data["kind"],
                text=data["text"],
                may_offer=may_offer,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Bidraget er lagret."))
            return redirect("plans:detail", person_id=person.pk)
    return render(request, "plans/contribution_form.html", {"form": form, "person": person})


@login_required
def network_map(request: HttpRequest, person_id: int) -> HttpResponse:
    from samskap.plans import network

    person = plan_person_for_viewer(
        person_id=person_id, viewer=request.user, what=_("Nettverkskartet")
    )
    from django.db.models import Q
    from django.utils import timezone

    today = timezone.localdate()
    relations = list(
        person.relations.filter(Q(end_date__isnull=True) | Q(end_date__gte=today)).select_related(
            "other"
        )
    )
    organisation_ties = list(OrganisationTie.objects.filter(person=person))
    ties = network.ties_from(person, relations, organisation_ties)
    gaps = network.find_gaps(ties)
    support_labels = dict(SupportKind.choices)
    frequency_labels = dict(Frequency.choices)
    rows = [
        {
            "tie": tie,
            "support": ", ".join(str(support_labels.get(k, k)) for k in tie.support),
            "frequency": str(frequency_labels.get(tie.frequency, tie.frequency or "")),
        }
        for tie in ties
    ]
    context = {
        "person": person,
        "ties": rows,
        "gaps": [(gap, network.gap_suggestion(gap.code)) for gap in gaps],
        "svg": network.render_network_svg(person.full_name, ties, gaps),
        "can_change": request.user.has_perm("people.change_person", person),
    }
    return render(request, "plans/network.html", context)


@login_required
def work_list(request: HttpRequest) -> HttpResponse:
    items = staff_work_list(user=request.user)
    return render(request, "plans/work_list.html", {"items": items})
