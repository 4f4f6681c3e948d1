"""Who may do what with a budget pool. The one place these decisions are made.

- Coordinators and leaders in the pool's kommune manage it: create it, move it through its
  phases, mark proposals ineligible, register paper ballots and update the follow-up.
- Residents of the kommune (a login linked to a person registered there) propose while the
  pool is open for proposals, and vote while voting is open, if old enough when the pool
  has an age limit.
- Pools are public once they leave the draft stage; the result and accountability pages need
  no login. Ballots are secret: only the voter sees their own.
"""

from __future__ import annotations

import rules

from samskap.accounts.models import Role
from samskap.accounts.selectors import user_has_role
from samskap.budgets.models import BudgetPool, PoolStatus, Proposal, ProposalStatus
from samskap.people.models import Person

MANAGER_ROLES = (Role.COORDINATOR, Role.LEADER)


def manages_kommune(user, kommune_id: int) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return any(user_has_role(user, role, kommune_id) for role in MANAGER_ROLES)


@rules.predicate
def can_manage_pool(user, pool: BudgetPool) -> bool:
    return manages_kommune(user, pool.kommune_id)


@rules.predicate
def can_see_pool(user, pool: BudgetPool) -> bool:
    return pool.status != PoolStatus.DRAFT or manages_kommune(user, pool.kommune_id)


def person_is_eligible(person: Person | None, pool: BudgetPool) -> bool:
    """A resident of the pool's kommune, old enough in the pool's first year."""
    if person is None or person.kommune_id != pool.kommune_id:
        return False
    if pool.min_voter_age:
        age = person.age_in(pool.period_start.year)
        return age is not None and age >= pool.min_voter_age
    return True


def _person(user) -> Person | None:
    if not getattr(user, "is_authenticated", False) or not user.person_id:
        return None
    return user.person


@rules.predicate
def is_resident_of(user, pool: BudgetPool) -> bool:
    person = _person(user)
    return person is not None and person.kommune_id == pool.kommune_id


@rules.predicate
def can_propose(user, pool: BudgetPool) -> bool:
    return pool.status == PoolStatus.PROPOSALS_OPEN and (
        is_resident_of(user, pool) or manages_kommune(user, pool.kommune_id)
    )


@rules.predicate
def can_vote(user, pool: BudgetPool) -> bool:
    return pool.status == PoolStatus.VOTING and person_is_eligible(_person(user), pool)


@rules.predicate
def can_edit_proposal(user, proposal: Proposal) -> bool:
    if proposal.status != ProposalStatus.DRAFT:
        return False
    if proposal.pool.status != PoolStatus.PROPOSALS_OPEN:
        return False
    return manages_kommune(user, proposal.pool.kommune_id) or (
        getattr(user, "is_authenticated", False) and proposal.created_by_id == user.pk
    )


@rules.predicate
def can_see_proposal(user, proposal: Proposal) -> bool:
    if not can_see_pool(user, proposal.pool):
        return False
    if proposal.status != ProposalStatus.DRAFT:
        return True
    return manages_kommune(user, proposal.pool.kommune_id) or (
        getattr(user, "is_authenticated", False) and proposal.created_by_id == user.pk
    )
