"""Pages for participatory budgets: pools, proposals, voting, the result and the follow-up.

Thin: permissions live in `rules.py`, reads in `selectors.py`, writes in `services.py`.
The pool page, the result and the accountability page are public once the pool is open.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from samskap.accounts.selectors import user_kommune_ids_with_role
from samskap.budgets import rules, selectors, services
from samskap.budgets.counting import knapsack_ballot_total
from samskap.budgets.forms import (
    BallotForm,
    FollowUpForm,
    IneligibleForm,
    PoolForm,
    ProposalForm,
    VoterSearchForm,
)
from samskap.budgets.models import BudgetPool, PoolStatus, ProposalStatus, VotingMethod
from samskap.budgets.proposal_rules import PoolRules
from samskap.budgets.text import kroner
from samskap.municipalities.models import Kommune
from samskap.web.forms import apply_validation_error


def pool_list(request: HttpRequest) -> HttpResponse:
    managed = sorted(user_kommune_ids_with_role(request.user, *rules.MANAGER_ROLES))
    return render(
        request,
        "budgets/pool_list.html",
        {
            "pools": list(selectors.pools_visible_to(request.user)),
            "managed_kommuner": list(Kommune.objects.filter(pk__in=managed).order_by("name")),
        },
    )


@login_required
def pool_create(request: HttpRequest, kommune_id: int) -> HttpResponse:
    kommune = get_object_or_404(Kommune, pk=kommune_id)
    if not rules.manages_kommune(request.user, kommune.pk):
        raise PermissionDenied(_("Bare koordinatorer og ledere i kommunen kan lage en pott."))
    defaults = PoolRules()
    form = PoolForm(
        request.POST or None,
        initial={"voting_method": VotingMethod.APPROVAL, **defaults.to_data()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pool = services.pool_create(
                kommune=kommune,
                title=data["title"],
                description=data["description"],
                target_group=data["target_group"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                amount=data["amount"],
                voting_method=data["voting_method"],
                min_voter_age=data["min_voter_age"],
                pool_rules=PoolRules(
                    min_actors=data["min_actors"],
                    min_actor_kinds=data["min_actor_kinds"],
                    requires_municipal_unit=data["requires_municipal_unit"],
                    max_cost_per_proposal=data["max_cost_per_proposal"],
                    no_permanent_positions=data["no_permanent_positions"],
                ),
                created_by=request.user,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Potten er laget. Åpne den for forslag når du er klar."))
            return redirect("budgets:manage", pool.pk)
    return render(
        request,
        "budgets/pool_form.html",
        {"kommune": kommune, "form": form},
        status=400 if form.errors else 200,
    )


def _ballot_form(pool: BudgetPool, proposals, data=None, initial=None) -> BallotForm:
    choices = [
        (v.proposal.pk, f"{v.proposal.title} ({kroner(v.proposal.cost)})")
        for v in proposals
        if v.proposal.status == ProposalStatus.SUBMITTED
    ]
    return BallotForm(data, choices=choices, initial={"proposals": sorted(initial or [])})


def _chosen(form: BallotForm) -> set[int]:
    return {int(v) for v in form.data.getlist("proposals") if v.isdigit()}


def _ballot_total(pool: BudgetPool, proposals, chosen) -> int:
    costs = {v.proposal.pk: v.proposal.cost for v in proposals}
    return knapsack_ballot_total(costs, [pid for pid in chosen if pid in costs])


def pool_detail(
    request: HttpRequest,
    pool_id: int,
    *,
    ballot_form: BallotForm | None = None,
    status: int = 200,
) -> HttpResponse:
    pool = selectors.pool_get(pool_id=pool_id, viewer=request.user)
    proposals = selectors.pool_proposals(pool=pool, viewer=request.user)
    person = request.user.person if request.user.is_authenticated else None
    own = selectors.own_ballot_ids(pool=pool, person=person)
    may_vote = rules.can_vote(request.user, pool)
    form = ballot_form or (_ballot_form(pool, proposals, initial=own) if may_vote else None)
    chosen = _chosen(ballot_form) if ballot_form is not None and ballot_form.is_bound else own
    return render(
        request,
        "budgets/pool_detail.html",
        {
            "pool": pool,
            "rules_text": pool.pool_rules.describe(),
            "proposals": proposals,
            "may_vote": may_vote,
            "may_propose": rules.can_propose(request.user, pool),
            "may_manage": rules.can_manage_pool(request.user, pool),
            "ballot_form": form,
            "has_voted": bool(own),
            "chosen_total": _ballot_total(pool, proposals, chosen),
            "knapsack": pool.voting_method == VotingMethod.KNAPSACK,
            "ballots": selectors.ballot_count(pool) if pool.status != PoolStatus.DRAFT else 0,
        },
        status=status,
    )


@login_required
@require_POST
def vote(request: HttpRequest, pool_id: int) -> HttpResponse:
    pool = selectors.pool_get(pool_id=pool_id, viewer=request.user)
    if not rules.can_vote(request.user, pool):
        raise PermissionDenied(_("Du har ikke stemmerett i denne avstemningen nå."))
    proposals = selectors.pool_proposals(pool=pool, viewer=request.user)
    form = _ballot_form(pool, proposals, data=request.POST)
    if form.is_valid():
        chosen = form.cleaned_data["proposals"]
        try:
            services.ballot_cast(
                pool=pool, voter=request.user.person, proposal_ids=chosen, cast_by=request.user
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "Stemmen din er lagret: %(count)s forslag for til sammen %(total)s. "
                    "Du kan endre den til avstemningen stenger.",
                    "Stemmen din er lagret: %(count)s forslag for til sammen %(total)s. "
                    "Du kan endre den til avstemningen stenger.",
                    len(chosen),
                )
                % {"count": len(chosen), "total": kroner(_ballot_total(pool, proposals, chosen))},
            )
            return redirect("budgets:pool", pool.pk)
    return pool_detail(request, pool_id, ballot_form=form, status=400)


def _proposal_form_page(request, pool, form, proposal=None, check=None, status=200):
    return render(
        request,
        "budgets/proposal_form.html",
        {
            "pool": pool,
            "form": form,
            "proposal": proposal,
            "check": check,
            "rules_text": pool.pool_rules.describe(),
        },
        status=status,
    )


def _save_proposal(request, pool, form, proposal=None) -> HttpResponse:
    """Save the draft whatever the rules say; submit it only if asked and the rules pass."""
    try:
        proposal, check = services.proposal_save(
            pool=pool, proposal=proposal, saved_by=request.user, **form.service_fields()
        )
    except ValidationError as error:
        apply_validation_error(form, error)
        return _proposal_form_page(request, pool, form, proposal, status=400)
    if request.POST.get("action") == "submit":
        try:
            services.proposal_submit(proposal=proposal, submitted_by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
            return _proposal_form_page(request, pool, form, proposal, check=check, status=400)
        messages.success(
            request, _("Forslaget er sendt inn og er med i avstemningen når den åpner.")
        )
    else:
        messages.success(request, _("Utkastet er lagret."))
    return redirect("budgets:proposal", proposal.pk)


@login_required
def proposal_create(request: HttpRequest, pool_id: int) -> HttpResponse:
    pool = selectors.pool_get(pool_id=pool_id, viewer=request.user)
    if not rules.can_propose(request.user, pool):
        raise PermissionDenied(_("Du kan ikke sende inn forslag til denne potten nå."))
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _save_proposal(request, pool, form)
    return _proposal_form_page(request, pool, form, status=400 if form.errors else 200)


@login_required
def proposal_edit(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = selectors.proposal_get(proposal_id=proposal_id, viewer=request.user)
    if not rules.can_edit_proposal(request.user, proposal):
        raise PermissionDenied(_("Du kan ikke endre dette forslaget nå."))
    pool = proposal.pool
    form = ProposalForm(request.POST or None, initial=ProposalForm.initial_for(proposal))
    if request.method == "POST" and form.is_valid():
        return _save_proposal(request, pool, form, proposal)
    check = selectors.proposal_view(proposal).check
    return _proposal_form_page(
        request, pool, form, proposal, check=check, status=400 if form.errors else 200
    )


def proposal_detail(
    request: HttpRequest, proposal_id: int, *, ineligible_form=None, status=200
) -> HttpResponse:
    proposal = selectors.proposal_get(proposal_id=proposal_id, viewer=request.user)
    view = selectors.proposal_view(proposal)
    may_manage = rules.can_manage_pool(request.user, proposal.pool)
    return render(
        request,
        "budgets/proposal_detail.html",
        {
            "pool": proposal.pool,
            "view": view,
            "proposal": proposal,
            "may_edit": rules.can_edit_proposal(request.user, proposal),
            "may_mark_ineligible": may_manage
            and proposal.status != ProposalStatus.INELIGIBLE
            and proposal.pool.status in (PoolStatus.DRAFT, PoolStatus.PROPOSALS_OPEN),
            "ineligible_form": ineligible_form or IneligibleForm(),
        },
        status=status,
    )


@login_required
@require_POST
def proposal_submit(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = selectors.proposal_get(proposal_id=proposal_id, viewer=request.user)
    try:
        services.proposal_submit(proposal=proposal, submitted_by=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(
            request, _("Forslaget er sendt inn og er med i avstemningen når den åpner.")
        )
    return redirect("budgets:proposal", proposal.pk)


@login_required
@require_POST
def proposal_ineligible(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = selectors.proposal_get(proposal_id=proposal_id, viewer=request.user)
    form = IneligibleForm(request.POST)
    if form.is_valid():
        try:
            services.proposal_mark_ineligible(
                proposal=proposal, reason=form.cleaned_data["reason"], marked_by=request.user
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Forslaget er holdt utenfor avstemningen."))
            return redirect("budgets:proposal", proposal.pk)
    return proposal_detail(request, proposal_id, ineligible_form=form, status=400)


@login_required
def manage(request: HttpRequest, pool_id: int) -> HttpResponse:
    pool = selectors.pool_get_for_manager(pool_id=pool_id, manager=request.user)
    search = VoterSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    found = selectors.voters_search(pool=pool, manager=request.user, query=query) if query else []
    return render(
        request,
        "budgets/manage.html",
        {
            "pool": pool,
            "next_status": services.NEXT_STATUS.get(PoolStatus(pool.status)),
            "next_label": PoolStatus(services.NEXT_STATUS[pool.status]).label
            if pool.status in services.NEXT_STATUS
            else "",
            "proposals": selectors.pool_proposals(pool=pool, viewer=request.user),
            "ballots": selectors.ballot_count(pool),
            "search": search if search.is_bound else VoterSearchForm(),
            "query": query,
            "found": found,
        },
    )


@login_required
@require_POST
def advance(request: HttpRequest, pool_id: int) -> HttpResponse:
    pool = selectors.pool_get_for_manager(pool_id=pool_id, manager=request.user)
    try:
        pool = services.pool_advance(pool=pool, changed_by=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect("budgets:manage", pool.pk)
    messages.success(
        request, _("Potten har nå status «%(status)s».") % {"status": pool.get_status_display()}
    )
    if pool.status == PoolStatus.RESULT:
        return redirect("budgets:result", pool.pk)
    return redirect("budgets:manage", pool.pk)


@login_required
def paper_ballot(request: HttpRequest, pool_id: int, person_id: int) -> HttpResponse:
    pool = selectors.pool_get_for_manager(pool_id=pool_id, manager=request.user)
    voter = selectors.voter_for_paper_ballot(pool=pool, manager=request.user, person_id=person_id)
    proposals = selectors.pool_proposals(pool=pool, viewer=request.user)
    form = _ballot_form(pool, proposals, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.ballot_cast(
                pool=pool,
                voter=voter,
                proposal_ids=form.cleaned_data["proposals"],
                cast_by=request.user,
                on_paper=True,
            )
        except (ValidationError, PermissionDenied) as error:
            if isinstance(error, PermissionDenied):
                form.add_error(None, str(error))
            else:
                apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("Stemmeseddelen på papir fra %(name)s er registrert.")
                % {"name": voter.full_name},
            )
            return redirect("budgets:manage", pool.pk)
    chosen = (
        {int(v) for v in form.data.getlist("proposals") if v.isdigit()} if form.is_bound else ()
    )
    return render(
        request,
        "budgets/paper_ballot.html",
        {
            "pool": pool,
            "voter": voter,
            "ballot_form": form,
            "knapsack": pool.voting_method == VotingMethod.KNAPSACK,
            "chosen_total": _ballot_total(pool, proposals, chosen),
        },
        status=400 if form.errors else 200,
    )


def result(request: HttpRequest, pool_id: int) -> HttpResponse:
    pool = selectors.pool_get(pool_id=pool_id, viewer=request.user)
    counted = selectors.pool_result(pool=pool)
    return render(request, "budgets/result.html", {"pool": pool, "result": counted})


def accountability(request: HttpRequest, pool_id: int) -> HttpResponse:
    pool = selectors.pool_get(pool_id=pool_id, viewer=request.user)
    report = selectors.pool_accountability(pool=pool)
    return render(
        request,
        "budgets/accountability.html",
        {
            "pool": pool,
            "report": report,
            "may_manage": rules.can_manage_pool(request.user, pool),
        },
    )


@login_required
def follow_up(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = selectors.proposal_get(proposal_id=proposal_id, viewer=request.user)
    if not rules.can_manage_pool(request.user, proposal.pool):
        raise PermissionDenied(_("Bare koordinatorer og ledere i kommunen kan gjøre dette."))
    form = FollowUpForm(
        request.POST or None,
        initial={
            "status": proposal.follow_up_status or "planned",
            "spent": proposal.spent,
            "outcome": proposal.outcome,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_update(
                proposal=proposal, updated_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Oppfølgingen er lagret og vises for alle."))
            return redirect("budgets:accountability", proposal.pool_id)
    return render(
        request,
        "budgets/follow_up.html",
        {"pool": proposal.pool, "proposal": proposal, "form": form},
        status=400 if form.errors else 200,
    )
