"""Services: proposals and their rules, ballots, counting, paper ballots and follow-up."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samskap.budgets import selectors, services
from samskap.budgets.models import (
    Ballot,
    BudgetPool,
    PoolStatus,
    Proposal,
    ProposalStatus,
    VotingMethod,
)
from samskap.budgets.proposal_rules import ActorKind
from samskap.budgets.services import ActorInput
from samskap.demo.budgets_seed import POOL_TITLE, seed_budgets_demo
from samskap.privacy.models import AuditEvent

THIRD = ActorInput("Hjemmetjenesten i Gausdal", ActorKind.MUNICIPAL_UNIT)
TWO = [
    ActorInput("Gausdal frivilligsentral", ActorKind.ASSOCIATION),
    ActorInput("Handlegruppa", ActorKind.RESIDENT_GROUP),
]


@pytest.fixture
def seeded(demo, users):
    return seed_budgets_demo()


def new_proposal(pool, user, *, actors, cost=250_000, title="Handlehjelp med bil"):
    return services.proposal_save(
        pool=pool,
        title=title,
        description="Frivillige kjører eldre til butikken.",
        cost=cost,
        responsible_unit="Hjemmetjenesten i Gausdal",
        creates_permanent_position=False,
        actors=actors,
        saved_by=user,
    )


def open_voting(pool, users):
    return services.pool_advance(pool=pool, changed_by=users["hanne"])


def test_seed_is_idempotent_and_explains_the_two_actor_proposal(seeded):
    assert seed_budgets_demo()["created"] is False
    assert BudgetPool.objects.filter(title=POOL_TITLE).count() == 1
    gym = Proposal.objects.get(title="Trim i bygdene")
    assert gym.status == ProposalStatus.DRAFT
    check = selectors.proposal_view(gym).check
    assert not check.passed
    assert "Forslaget har 2 aktører bak seg" in check.failed[0].explanation


def test_draft_saved_despite_rules_and_submit_refused_until_they_pass(seeded, users):
    pool = seeded["pool"]
    proposal, check = new_proposal(pool, users["marius"], actors=TWO)
    assert proposal.pk and not check.passed
    with pytest.raises(ValidationError) as error:
        services.proposal_submit(proposal=proposal, submitted_by=users["marius"])
    assert any("Det mangler 1 aktør" in m for m in error.value.messages)
    proposal, check = services.proposal_save(
        pool=pool,
        proposal=proposal,
        title=proposal.title,
        description=proposal.description,
        cost=proposal.cost,
        responsible_unit=proposal.responsible_unit,
        creates_permanent_position=False,
        actors=[*TWO, THIRD],
        saved_by=users["marius"],
    )
    assert check.passed
    services.proposal_submit(proposal=proposal, submitted_by=users["marius"])
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED and proposal.submitted_at


def test_only_residents_propose_and_only_authors_edit(seeded, users):
    pool = seeded["pool"]
    with pytest.raises(PermissionDenied):
        new_proposal(pool, users["torleif"], actors=TWO)  # Ringebu
    proposal, _check = new_proposal(pool, users["eli"], actors=TWO)
    with pytest.raises(PermissionDenied):
        services.proposal_submit(proposal=proposal, submitted_by=users["axel"])


def test_coordinator_marks_ineligible_with_reasons_kept(seeded, users):
    gym = Proposal.objects.get(title="Trim i bygdene")
    with pytest.raises(PermissionDenied):
        services.proposal_mark_ineligible(proposal=gym, reason="Nei", marked_by=users["marius"])
    services.proposal_mark_ineligible(
        proposal=gym, reason="Bare to aktører da fristen gikk ut.", marked_by=users["hanne"]
    )
    gym.refresh_from_db()
    assert gym.status == ProposalStatus.INELIGIBLE
    assert "Bare to aktører" in gym.ineligible_reason
    assert "Det mangler 1 aktør" in gym.ineligible_reason
    assert AuditEvent.objects.filter(action="budget_proposal_marked_ineligible").count() == 1


def test_one_ballot_per_person_last_counts(seeded, users, demo):
    pool = open_voting(seeded["pool"], users)
    walks, cafe = (
        Proposal.objects.get(title="Turvenner med rullestol"),
        Proposal.objects.get(title="Kafé på Forset for eldre"),
    )
    eli = demo["people"]["eli"]
    services.ballot_cast(pool=pool, voter=eli, proposal_ids=[walks.pk], cast_by=users["eli"])
    services.ballot_cast(
        pool=pool, voter=eli, proposal_ids=[cafe.pk, walks.pk], cast_by=users["eli"]
    )
    assert Ballot.objects.filter(pool=pool).count() == 1
    assert selectors.own_ballot_ids(pool=pool, person=eli) == {walks.pk, cafe.pk}
    gym = Proposal.objects.get(title="Trim i bygdene")
    with pytest.raises(ValidationError):
        services.ballot_cast(pool=pool, voter=eli, proposal_ids=[gym.pk], cast_by=users["eli"])
    with pytest.raises(ValidationError):
        services.ballot_cast(pool=pool, voter=eli, proposal_ids=[], cast_by=users["eli"])
    with pytest.raises(PermissionDenied):
        services.ballot_cast(
            pool=pool, voter=demo["people"]["axel"], proposal_ids=[cafe.pk], cast_by=users["eli"]
        )
    with pytest.raises(PermissionDenied):
        services.ballot_cast(
            pool=pool,
            voter=demo["people"]["torleif"],
            proposal_ids=[cafe.pk],
            cast_by=users["torleif"],
        )
    assert not AuditEvent.objects.filter(action__startswith="budget_ballot").exists()


def test_knapsack_ballot_refused_when_over_the_pool(seeded, users, demo):
    pool = seeded["pool"]
    pool.voting_method = VotingMethod.KNAPSACK
    pool.amount = 600_000
    pool.save()
    pool = open_voting(pool, users)
    ids = list(pool.proposals.filter(status=ProposalStatus.SUBMITTED).values_list("pk", flat=True))
    with pytest.raises(ValidationError) as error:
        services.ballot_cast(
            pool=pool, voter=demo["people"]["eli"], proposal_ids=ids, cast_by=users["eli"]
        )
    assert "kr\u00a0700\u00a0000" in error.value.messages[0]
    assert "kr\u00a0100\u00a0000 for mye" in error.value.messages[0]
    assert not Ballot.objects.exists()


def test_age_limit(seeded, users, demo):
    pool = seeded["pool"]
    pool.min_voter_age = 67
    pool.save()
    pool = open_voting(pool, users)
    cafe = Proposal.objects.get(title="Kafé på Forset for eldre")
    with pytest.raises(PermissionDenied):  # Marius is 43 in 2027
        services.ballot_cast(
            pool=pool, voter=demo["people"]["marius"], proposal_ids=[cafe.pk],
            cast_by=users["marius"],
        )  # fmt: skip
    services.ballot_cast(
        pool=pool, voter=demo["people"]["eli"], proposal_ids=[cafe.pk], cast_by=users["eli"]
    )


def test_paper_ballot_is_audited_without_contents(seeded, users, demo):
    pool = open_voting(seeded["pool"], users)
    cafe = Proposal.objects.get(title="Kafé på Forset for eldre")
    julie = demo["people"]["julie"]
    with pytest.raises(PermissionDenied):
        services.ballot_cast(
            pool=pool, voter=julie, proposal_ids=[cafe.pk], cast_by=users["marius"], on_paper=True
        )
    ballot = services.ballot_cast(
        pool=pool, voter=julie, proposal_ids=[cafe.pk], cast_by=users["hanne"], on_paper=True
    )
    assert ballot.on_paper
    event = AuditEvent.objects.get(action="budget_ballot_registered_on_paper")
    assert event.subject_id == julie.pk
    assert str(cafe.pk) not in str(event.after.get("proposals", ""))
    assert "proposals" not in event.after


def test_closing_the_vote_counts_and_follow_up(seeded, users, demo):
    pool = seeded["pool"]
    marius_proposal, _check = new_proposal(pool, users["marius"], actors=[*TWO, THIRD])
    services.proposal_submit(proposal=marius_proposal, submitted_by=users["marius"])
    pool = open_voting(pool, users)
    walks = Proposal.objects.get(title="Turvenner med rullestol")
    cafe = Proposal.objects.get(title="Kafé på Forset for eldre")
    votes = {
        "eli": [walks.pk, cafe.pk],
        "axel": [cafe.pk, marius_proposal.pk],
        "randi": [cafe.pk, walks.pk],
    }
    for name, ids in votes.items():
        services.ballot_cast(
            pool=pool, voter=demo["people"][name], proposal_ids=ids, cast_by=users[name]
        )
    with pytest.raises(PermissionDenied):
        services.pool_advance(pool=pool, changed_by=users["eli"])
    pool = services.pool_advance(pool=pool, changed_by=users["hanne"])
    assert pool.status == PoolStatus.RESULT and pool.result_computed_at
    result = selectors.pool_result(pool=pool)
    assert [s.candidate.id for s in result.steps] == [cafe.pk, walks.pk, marius_proposal.pk]
    assert [s.outcome for s in result.steps] == ["funded", "funded", "skipped"]
    assert "fikk ikke plass: kr\u00a0100\u00a0000 igjen" in result.steps[2].explanation
    assert set(Proposal.objects.filter(funded=True)) == {walks, cafe}
    with pytest.raises(ValidationError):
        services.ballot_cast(
            pool=pool, voter=demo["people"]["eli"], proposal_ids=[cafe.pk], cast_by=users["eli"]
        )
    cafe.refresh_from_db()
    services.follow_up_update(
        proposal=cafe, status="started", spent=120_000, outcome="Første kafé var fullsatt.",
        updated_by=users["hanne"],
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.follow_up_update(
            proposal=cafe, status="done", spent=1, outcome="", updated_by=users["marius"]
        )
    marius_proposal.refresh_from_db()
    with pytest.raises(ValidationError):
        services.follow_up_update(
            proposal=marius_proposal, status="done", spent=1, outcome="",
            updated_by=users["hanne"],
        )  # fmt: skip
    report = selectors.pool_accountability(pool=pool)
    assert report.total_granted == 700_000 and report.total_spent == 120_000
    assert AuditEvent.objects.filter(action="budget_follow_up_updated").count() == 1


def test_voting_needs_a_submitted_proposal(demo, users):
    pool = services.pool_create(
        kommune=demo["kommuner"]["3441"],
        title="Tom pott",
        description="",
        target_group="",
        period_start=dt.date(2027, 1, 1),
        period_end=dt.date(2027, 12, 31),
        amount=100_000,
        created_by=users["lilly"],
    )
    pool = services.pool_advance(pool=pool, changed_by=users["lilly"])
    with pytest.raises(ValidationError):
        services.pool_advance(pool=pool, changed_by=users["lilly"])
    with pytest.raises(PermissionDenied):
        services.pool_create(
            kommune=demo["kommuner"]["3441"], title="X", description="", target_group="",
            period_start=dt.date(2027, 1, 1), period_end=dt.date(2027, 2, 1), amount=1,
            created_by=users["eli"],
        )  # fmt: skip
