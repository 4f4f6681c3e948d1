"""Writes for participatory budgets: validated, saved and audited in one transaction.

Audit actions: `budget_pool_created`, `budget_pool_status_changed`,
`budget_proposal_marked_ineligible`, `budget_ballot_registered_on_paper` (never with the
ballot's contents) and `budget_follow_up_updated`. A resident's own ballot is not audited:
the ballot is secret, and the voter can always see and change it while voting is open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.accounts.models import User
from samskap.budgets import rules
from samskap.budgets.counting import CountResult, knapsack_ballot_total, knapsack_overflow
from samskap.budgets.models import (
    Ballot,
    BudgetPool,
    FollowUpStatus,
    PoolStatus,
    Proposal,
    ProposalActor,
    ProposalStatus,
    VotingMethod,
)
from samskap.budgets.proposal_rules import ActorKind, PoolRules, RuleCheck, check_proposal
from samskap.budgets.text import kroner
from samskap.municipalities.models import Kommune
from samskap.people.models import Person
from samskap.privacy.services import audit_record, snapshot

NEXT_STATUS = {
    PoolStatus.DRAFT: PoolStatus.PROPOSALS_OPEN,
    PoolStatus.PROPOSALS_OPEN: PoolStatus.VOTING,
    PoolStatus.VOTING: PoolStatus.RESULT,
    PoolStatus.RESULT: PoolStatus.FOLLOW_UP,
}


@dataclass(frozen=True)
class ActorInput:
    name: str
    kind: str
    organisation_id: int | None = None


def _require_manager(user: User | None, pool: BudgetPool) -> None:
    if not rules.can_manage_pool(user, pool):
        raise PermissionDenied(_("Bare koordinatorer og ledere i kommunen kan gjøre dette."))


@transaction.atomic
def pool_create(
    *,
    kommune: Kommune,
    title: str,
    description: str,
    target_group: str,
    period_start: dt.date,
    period_end: dt.date,
    amount: int,
    voting_method: str = VotingMethod.APPROVAL,
    min_voter_age: int | None = None,
    pool_rules: PoolRules | None = None,
    created_by: User,
) -> BudgetPool:
    if not rules.manages_kommune(created_by, kommune.pk):
        raise PermissionDenied(_("Bare koordinatorer og ledere i kommunen kan lage en pott."))
    pool = BudgetPool(
        kommune=kommune,
        title=title.strip(),
        description=description.strip(),
        target_group=target_group.strip(),
        period_start=period_start,
        period_end=period_end,
        amount=amount,
        voting_method=voting_method,
        min_voter_age=min_voter_age,
        rules=(pool_rules or PoolRules()).to_data(),
        created_by=created_by,
    )
    if period_start and period_end and period_end < period_start:
        raise ValidationError({"period_end": _("Perioden kan ikke slutte før den begynner.")})
    pool.full_clean()
    pool.save()
    audit_record(
        actor=created_by,
        subject=None,
        action="budget_pool_created",
        instance=pool,
        before=None,
        after=snapshot(pool),
    )
    return pool


@transaction.atomic
def pool_advance(*, pool: BudgetPool, changed_by: User) -> BudgetPool:
    """Move the pool to its next phase. Closing the voting computes and stores the result."""
    from samskap.budgets.selectors import pool_count

    _require_manager(changed_by, pool)
    pool = BudgetPool.objects.select_for_update().get(pk=pool.pk)
    following = NEXT_STATUS.get(PoolStatus(pool.status))
    if following is None:
        raise ValidationError(_("Potten er allerede i siste fase."))
    if (
        following == PoolStatus.VOTING
        and not pool.proposals.filter(status=ProposalStatus.SUBMITTED).exists()
    ):
        raise ValidationError(
            _("Ingen forslag er sendt inn til avstemning ennå, så avstemningen kan ikke åpne.")
        )
    before = snapshot(pool)
    pool.status = following
    if following == PoolStatus.RESULT:
        result = pool_count(pool)
        _store_result(pool, result)
        pool.result_computed_at = timezone.now()
    pool.save()
    audit_record(
        actor=changed_by,
        subject=None,
        action="budget_pool_status_changed",
        instance=pool,
        before=before,
        after=snapshot(pool),
    )
    return pool


def _store_result(pool: BudgetPool, result: CountResult) -> None:
    funded = result.funded_ids
    pool.proposals.filter(pk__in=funded).update(
        funded=True, follow_up_status=FollowUpStatus.PLANNED
    )
    pool.proposals.exclude(pk__in=funded).update(funded=False)


def proposal_check(proposal: Proposal, actors: Iterable[ActorInput | ProposalActor]) -> RuleCheck:
    from samskap.budgets.proposal_rules import ActorData, ProposalData

    return check_proposal(
        proposal.pool.pool_rules,
        ProposalData(
            cost=proposal.cost or 0,
            actors=tuple(ActorData(name=a.name, kind=a.kind) for a in actors),
            responsible_unit=proposal.responsible_unit,
            creates_permanent_position=proposal.creates_permanent_position,
            pool_amount=proposal.pool.amount,
        ),
    )


@transaction.atomic
def proposal_save(
    *,
    pool: BudgetPool,
    proposal: Proposal | None = None,
    title: str,
    description: str,
    cost: int,
    responsible_unit: str,
    creates_permanent_position: bool,
    actors: Sequence[ActorInput],
    saved_by: User,
) -> tuple[Proposal, RuleCheck]:
    """Save a draft, whatever the rules say; the check tells what is still missing."""
    if proposal is None:
        if not rules.can_propose(saved_by, pool):
            raise PermissionDenied(_("Du kan ikke sende inn forslag til denne potten nå."))
        proposal = Proposal(pool=pool, created_by=saved_by, proposer=saved_by.person)
    elif not rules.can_edit_proposal(saved_by, proposal):
        raise PermissionDenied(_("Du kan ikke endre dette forslaget nå."))
    proposal.title = title.strip()
    proposal.description = description.strip()
    proposal.cost = cost
    proposal.responsible_unit = responsible_unit.strip()
    proposal.creates_permanent_position = creates_permanent_position
    proposal.full_clean()
    proposal.save()
    cleaned = [a for a in actors if a.name.strip()]
    for actor in cleaned:
        if actor.kind not in ActorKind.values:
            raise ValidationError(_("Velg hva slags aktør «%(name)s» er.") % {"name": actor.name})
    proposal.actors.all().delete()
    ProposalActor.objects.bulk_create(
        ProposalActor(
            proposal=proposal,
            name=a.name.strip(),
            kind=a.kind,
            organisation_id=a.organisation_id,
            position=position,
        )
        for position, a in enumerate(cleaned)
    )
    return proposal, proposal_check(proposal, cleaned)


@transaction.atomic
def proposal_submit(*, proposal: Proposal, submitted_by: User) -> Proposal:
    """Send a draft to the vote. Refused, with every failed rule explained, until it passes."""
    if not rules.can_edit_proposal(submitted_by, proposal):
        raise PermissionDenied(_("Du kan ikke sende inn dette forslaget nå."))
    check = proposal_check(proposal, list(proposal.actors.all()))
    if not check.passed:
        raise ValidationError([r.explanation for r in check.failed])
    proposal.status = ProposalStatus.SUBMITTED
    proposal.submitted_at = timezone.now()
    proposal.save(update_fields=["status", "submitted_at", "updated_at"])
    return proposal


@transaction.atomic
def proposal_mark_ineligible(*, proposal: Proposal, reason: str, marked_by: User) -> Proposal:
    """Keep a proposal out of the vote, with the coordinator's reason and the failed rules."""
    _require_manager(marked_by, proposal.pool)
    if proposal.pool.status not in (PoolStatus.PROPOSALS_OPEN, PoolStatus.DRAFT):
        raise ValidationError(_("Avstemningen har startet, så forslagene kan ikke endres."))
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv hvorfor forslaget ikke kan være med.")})
    before = snapshot(proposal)
    failed = proposal_check(proposal, list(proposal.actors.all())).failed
    proposal.status = ProposalStatus.INELIGIBLE
    proposal.ineligible_reason = "\n".join([reason.strip(), *[r.explanation for r in failed]])
    proposal.save(update_fields=["status", "ineligible_reason", "updated_at"])
    audit_record(
        actor=marked_by,
        subject=None,
        action="budget_proposal_marked_ineligible",
        instance=proposal,
        before=before,
        after=snapshot(proposal),
    )
    return proposal


@transaction.atomic
def ballot_cast(
    *,
    pool: BudgetPool,
    voter: Person,
    proposal_ids: Iterable[int],
    cast_by: User,
    on_paper: bool = False,
) -> Ballot:
    """Save the voter's ballot, replacing an earlier one: the last ballot counts.

    A voter casts their own ballot; coordinators and leaders register a paper ballot on
    someone's behalf (`on_paper=True`), which is audited without its contents.
    """
    if pool.status != PoolStatus.VOTING:
        raise ValidationError(_("Avstemningen er ikke åpen."))
    if on_paper:
        _require_manager(cast_by, pool)
    elif cast_by.person_id != voter.pk:
        raise PermissionDenied(_("Du kan bare stemme for deg selv."))
    if not rules.person_is_eligible(voter, pool):
        raise PermissionDenied(
            _("%(name)s har ikke stemmerett i denne avstemningen.") % {"name": voter.full_name}
        )
    chosen = set(proposal_ids)
    costs = dict(pool.proposals.filter(status=ProposalStatus.SUBMITTED).values_list("pk", "cost"))
    if not chosen:
        raise ValidationError({"proposals": _("Velg minst ett forslag.")})
    if chosen - set(costs):
        raise ValidationError({"proposals": _("Et av forslagene er ikke med i avstemningen.")})
    if pool.voting_method == VotingMethod.KNAPSACK:
        over = knapsack_overflow(budget=pool.amount, costs=costs, chosen=chosen)
        if over:
            raise ValidationError(
                {
                    "proposals": _(
                        "Forslagene du valgte koster til sammen %(total)s, men potten er på "
                        "%(pool)s. Det er %(over)s for mye. Ta bort ett eller flere forslag."
                    )
                    % {
                        "total": kroner(knapsack_ballot_total(costs, chosen)),
                        "pool": kroner(pool.amount),
                        "over": kroner(over),
                    }
                }
            )
    ballot = Ballot.objects.select_for_update().filter(pool=pool, voter=voter).first()
    before = snapshot(ballot) if ballot else None
    if ballot is None:
        ballot = Ballot(pool=pool, voter=voter)
    ballot.on_paper = on_paper
    ballot.recorded_by = cast_by
    ballot.save()
    ballot.proposals.set(chosen)
    if on_paper:
        audit_record(
            actor=cast_by,
            subject=voter,
            action="budget_ballot_registered_on_paper",
            instance=ballot,
            before=before,
            after=snapshot(ballot),
        )
    return ballot


@transaction.atomic
def follow_up_update(
    *, proposal: Proposal, status: str, spent: int | None, outcome: str, updated_by: User
) -> Proposal:
    """Tell residents what happened with a funded proposal: status, money spent, outcome."""
    _require_manager(updated_by, proposal.pool)
    if not proposal.funded:
        raise ValidationError(_("Bare forslag som fikk penger, følges opp her."))
    if status not in FollowUpStatus.values:
        raise ValidationError({"status": _("Velg en status.")})
    before = snapshot(proposal)
    proposal.follow_up_status = status
    proposal.spent = spent
    proposal.outcome = outcome.strip()
    proposal.follow_up_updated_at = timezone.now()
    proposal.full_clean()
    proposal.save()
    audit_record(
        actor=updated_by,
        subject=None,
        action="budget_follow_up_updated",
        instance=proposal,
        before=before,
        after=snapshot(proposal),
    )
    return proposal
