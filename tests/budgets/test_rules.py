"""Permissions: role × pool state."""

from __future__ import annotations

import pytest

from samskap.budgets import rules
from samskap.budgets.models import PoolStatus, ProposalStatus
from samskap.demo.budgets_seed import seed_budgets_demo


@pytest.fixture
def pool(demo, users):
    return seed_budgets_demo()["pool"]


@pytest.mark.parametrize(
    ("username", "manage", "propose"),
    [
        ("hanne", True, True),
        ("lilly", True, True),
        ("marius", False, True),
        ("eli", False, True),
        ("axel", False, True),
        ("trine", False, True),
        ("torleif", False, False),
        ("berit", False, False),
    ],
)
def test_roles_while_proposals_open(pool, users, username, manage, propose):
    user = users[username]
    assert rules.can_manage_pool(user, pool) is manage
    assert rules.can_propose(user, pool) is propose
    assert rules.can_vote(user, pool) is False


@pytest.mark.parametrize("status", list(PoolStatus.values))
def test_states(pool, users, status):
    from django.contrib.auth.models import AnonymousUser

    pool.status = status
    assert rules.can_vote(users["eli"], pool) is (status == PoolStatus.VOTING)
    assert rules.can_vote(users["torleif"], pool) is False
    assert rules.can_propose(users["eli"], pool) is (status == PoolStatus.PROPOSALS_OPEN)
    assert rules.can_see_pool(AnonymousUser(), pool) is (status != PoolStatus.DRAFT)
    assert rules.can_see_pool(users["hanne"], pool) is True


def test_drafts_seen_by_author_and_managers_only(pool, users):
    from django.contrib.auth.models import AnonymousUser

    gym = pool.proposals.get(title="Trim i bygdene")
    assert gym.status == ProposalStatus.DRAFT
    assert rules.can_see_proposal(users["eli"], gym)
    assert rules.can_edit_proposal(users["eli"], gym)
    assert rules.can_see_proposal(users["hanne"], gym)
    assert not rules.can_see_proposal(users["axel"], gym)
    assert not rules.can_edit_proposal(users["axel"], gym)
    assert not rules.can_see_proposal(AnonymousUser(), gym)
