"""Reads for participatory budgets, with permission checks and fixed query counts.

Ballots are secret: nothing here returns who voted for what, except `own_ballot_ids`, which
only ever answers for the voter themself.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from samskap.accounts.models import User
from samskap.budgets import rules
from samskap.budgets.counting import Candidate, CastBallot, CountResult, count_votes
from samskap.budgets.models import (
    Ballot,
    BudgetPool,
    PoolStatus,
    Proposal,
    ProposalActor,
    ProposalStatus,
)
from samskap.budgets.proposal_rules import RuleCheck
from samskap.people.models import Person

PUBLIC_RESULT_STATUSES = (PoolStatus.RESULT, PoolStatus.FOLLOW_UP)


@dataclass(frozen=True)
class ProposalView:
    proposal: Proposal
    actors: tuple[ProposalActor, ...]
    check: RuleCheck


def pools_visible_to(user: User) -> QuerySet[BudgetPool]:
    from samskap.accounts.selectors import user_kommune_ids_with_role

    managed = user_kommune_ids_with_role(user, *rules.MANAGER_ROLES)
    return (
        BudgetPool.objects.filter(~Q(status=PoolStatus.DRAFT) | Q(kommune_id__in=managed))
        .select_related("kommune")
        .order_by("kommune__name", "-period_start", "pk")
    )


def pool_get(*, pool_id: int, viewer: User) -> BudgetPool:
    pool = BudgetPool.objects.select_related("kommune").filter(pk=pool_id).first()
    if pool is None or not rules.can_see_pool(viewer, pool):
        raise Http404(_("Fant ikke potten."))
    return pool


def pool_get_for_manager(*, pool_id: int, manager: User) -> BudgetPool:
    pool = pool_get(pool_id=pool_id, viewer=manager)
    if not rules.can_manage_pool(manager, pool):
        raise PermissionDenied(_("Bare koordinatorer og ledere i kommunen kan styre potten."))
    return pool


def proposal_get(*, proposal_id: int, viewer: User) -> Proposal:
    proposal = (
        Proposal.objects.select_related("pool__kommune", "proposer")
        .prefetch_related("actors")
        .filter(pk=proposal_id)
        .first()
    )
    if proposal is None or not rules.can_see_proposal(viewer, proposal):
        raise Http404(_("Fant ikke forslaget."))
    return proposal


def proposal_view(proposal: Proposal) -> ProposalView:
    from samskap.budgets.services import proposal_check

    actors = tuple(proposal.actors.all())
    return ProposalView(proposal=proposal, actors=actors, check=proposal_check(proposal, actors))


def pool_proposals(*, pool: BudgetPool, viewer: User) -> list[ProposalView]:
    """Proposals in the vote (and kept out of it) for everyone; drafts for their authors
    and the pool's managers. Two queries."""
    visible = Q(status__in=[ProposalStatus.SUBMITTED, ProposalStatus.INELIGIBLE])
    if rules.can_manage_pool(viewer, pool):
        visible = Q()
    elif getattr(viewer, "is_authenticated", False):
        visible |= Q(created_by=viewer)
    proposals = (
        pool.proposals.filter(visible)
        .prefetch_related(Prefetch("actors", queryset=ProposalActor.objects.order_by("position")))
        .order_by("submitted_at", "pk")
    )
    views = []
    for proposal in proposals:
        proposal.pool = pool
        views.append(proposal_view(proposal))
    order = {ProposalStatus.SUBMITTED: 0, ProposalStatus.DRAFT: 1, ProposalStatus.INELIGIBLE: 2}
    return sorted(views, key=lambda v: order.get(v.proposal.status, 3))


def own_ballot_ids(*, pool: BudgetPool, person: Person | None) -> set[int]:
    """The proposals in the person's own ballot; only ever call it for the viewer themself."""
    if person is None:
        return set()
    return set(
        Ballot.proposals.through.objects.filter(
            ballot__pool=pool, ballot__voter=person
        ).values_list("proposal_id", flat=True)
    )


def has_voted(*, pool: BudgetPool, person: Person | None) -> bool:
    return bool(person) and Ballot.objects.filter(pool=pool, voter=person).exists()


def ballot_count(pool: BudgetPool) -> int:
    return Ballot.objects.filter(pool=pool).count()


def pool_count(pool: BudgetPool) -> CountResult:
    """Count the pool's ballots (two queries). Only proposals in the vote take part."""
    candidates = [
        Candidate(id=p.pk, title=p.title, cost=p.cost, submitted_at=p.submitted_at)
        for p in pool.proposals.filter(status=ProposalStatus.SUBMITTED)
    ]
    chosen: dict[int, set[int]] = defaultdict(set)
    for ballot_id, proposal_id in Ballot.proposals.through.objects.filter(
        ballot__pool=pool
    ).values_list("ballot_id", "proposal_id"):
        chosen[ballot_id].add(proposal_id)
    ballots = [CastBallot(frozenset(ids)) for ids in chosen.values()]
    return count_votes(budget=pool.amount, candidates=candidates, ballots=ballots)


def pool_result(*, pool: BudgetPool) -> CountResult:
    if pool.status not in PUBLIC_RESULT_STATUSES:
        raise Http404(_("Resultatet er ikke klart ennå."))
    return pool_count(pool)


@dataclass(frozen=True)
class Accountability:
    funded: list[Proposal]
    total_granted: int
    total_spent: int


def pool_accountability(*, pool: BudgetPool) -> Accountability:
    """The funded proposals and how they went. Public: shows no voters."""
    if pool.status not in PUBLIC_RESULT_STATUSES:
        raise Http404(_("Resultatet er ikke klart ennå."))
    funded = list(
        pool.proposals.filter(funded=True)
        .prefetch_related(Prefetch("actors", queryset=ProposalActor.objects.order_by("position")))
        .order_by("submitted_at", "pk")
    )
    sums = pool.proposals.filter(funded=True).aggregate(granted=Sum("cost"), spent=Sum("spent"))
    return Accountability(
        funded=funded, total_granted=sums["granted"] or 0, total_spent=sums["spent"] or 0
    )


def voters_search(*, pool: BudgetPool, manager: User, query: str) -> list[Person]:
    """Residents with the right to vote, by name, for registering a paper ballot."""
    if not rules.can_manage_pool(manager, pool):
        raise PermissionDenied(_("Bare koordinatorer og ledere i kommunen kan gjøre dette."))
    terms = query.split()[:4]
    if not terms:
        return []
    qs = Person.objects.filter(kommune_id=pool.kommune_id).only(
        "id", "given_name", "family_name", "postal_place", "birth_year", "kommune_id"
    )
    for term in terms:
        qs = qs.filter(Q(given_name__icontains=term) | Q(family_name__icontains=term))
    return [p for p in qs.order_by("family_name", "given_name")[:20]]


def voter_for_paper_ballot(*, pool: BudgetPool, manager: User, person_id: int) -> Person:
    if not rules.can_manage_pool(manager, pool):
        raise PermissionDenied(_("Bare koordinatorer og ledere i kommunen kan gjøre dette."))
    person = Person.objects.filter(pk=person_id, kommune_id=pool.kommune_id).first()
    if person is None:
        raise Http404(_("Fant ikke personen i denne kommunen."))
    return person
