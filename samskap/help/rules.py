"""Who may do what in help and contribution. Default deny.

- A person's needs: the person, an active representative, a coordinator in the person's
  kommune (to coordinate help) and care staff following the person (to register needs for
  people who only use the phone).
- A helper's tasks: the helper themself, or a representative of the helping organisation.
- Coordination (batch assignment, verifications, concerns, settings): coordinators in the
  kommune. Statistics (aggregates only): coordinators, leaders and administrators.
- Contact details between person and helper stay hidden until the helper has said yes.
- People without internet are served through staff: the coordinator or care staff register
  needs for them, and the coordinator records their feedback.
"""

from __future__ import annotations

import rules

from samskap.accounts.models import Role
from samskap.accounts.selectors import user_has_role, user_role_grants
from samskap.help.models import Assignment, HelperProfile, Need
from samskap.people.rules import can_arrange_for, is_representative, is_self

can_manage_needs_of = can_arrange_for


@rules.predicate
def is_helper_user(user, helper: HelperProfile | None) -> bool:
    if helper is None or not user.is_authenticated:
        return False
    if helper.person_id:
        return bool(user.person_id) and user.person_id == helper.person_id
    return any(
        g.role == Role.ORGANISATION_REP and g.organisation_id == helper.organisation_id
        for g in user_role_grants(user)
    )


@rules.predicate
def is_coordinator_for_kommune_id(user, kommune_id: int | None) -> bool:
    return bool(kommune_id) and user_has_role(user, Role.COORDINATOR, kommune_id)


@rules.predicate
def can_see_statistics_for(user, kommune_id: int | None) -> bool:
    if not kommune_id:
        return False
    return any(
        user_has_role(user, role, kommune_id)
        for role in (Role.COORDINATOR, Role.LEADER, Role.ADMINISTRATOR)
    )


@rules.predicate
def is_need_owner_side(user, need: Need | None) -> bool:
    return bool(need) and can_manage_needs_of(user, need.person)


@rules.predicate
def is_assignment_helper(user, assignment: Assignment | None) -> bool:
    return bool(assignment) and is_helper_user(user, assignment.helper)


@rules.predicate
def is_assignment_person_side(user, assignment: Assignment | None) -> bool:
    return bool(assignment) and (
        is_self(user, assignment.need.person) or is_representative(user, assignment.need.person)
    )


@rules.predicate
def is_assignment_coordinator(user, assignment: Assignment | None) -> bool:
    return bool(assignment) and is_coordinator_for_kommune_id(user, assignment.kommune_id)


rules.add_perm("help.add_need_for", can_manage_needs_of)
rules.add_perm("help.view_needs_of", can_manage_needs_of)
rules.add_perm("help.change_need", is_need_owner_side)
rules.add_perm("help.act_as_helper", is_helper_user)
rules.add_perm("help.coordinate", is_coordinator_for_kommune_id)
rules.add_perm("help.view_statistics", can_see_statistics_for)
rules.add_perm("help.respond_assignment", is_assignment_helper)
rules.add_perm(
    "help.view_assignment",
    is_assignment_helper | is_assignment_person_side | is_assignment_coordinator,
)
# The coordinator records the person's feedback for those who only use the phone.
rules.add_perm("help.feedback_person_side", is_assignment_person_side | is_assignment_coordinator)
rules.add_perm(
    "help.report_concern",
    is_assignment_helper | is_assignment_person_side | is_assignment_coordinator,
)
