"""Who may do what with activities. Default deny.

- Sign someone up or off: the person, an active representative, or staff who serve people by
  phone (coordinator in the person's kommune, care staff following the person).
- Manage an activity (schedule, leaders, cancellations): a coordinator in the activity's
  kommune, or a representative of the organising organisation.
- Lead it (participant list, attendance, functional tests): the activity's leaders and
  instructors, and the coordinator.
"""

from __future__ import annotations

import rules

from samskap.accounts.models import Role
from samskap.accounts.selectors import user_has_role, user_role_grants
from samskap.activities.models import Activity, ActivityLeader
from samskap.people.rules import can_arrange_for


@rules.predicate
def is_coordinator_for_activity(user, activity: Activity | None) -> bool:
    return bool(activity) and user_has_role(user, Role.COORDINATOR, activity.kommune_id)


@rules.predicate
def represents_organiser(user, activity: Activity | None) -> bool:
    if not activity or not activity.organisation_id:
        return False
    return any(
        g.role == Role.ORGANISATION_REP and g.organisation_id == activity.organisation_id
        for g in user_role_grants(user)
    )


@rules.predicate
def leads_activity(user, activity: Activity | None) -> bool:
    if not activity or not getattr(user, "person_id", None):
        return False
    return ActivityLeader.objects.filter(activity=activity, person_id=user.person_id).exists()


can_manage_activity = is_coordinator_for_activity | represents_organiser
can_lead_activity = leads_activity | is_coordinator_for_activity

rules.add_perm("activities.sign_up_for", can_arrange_for)
rules.add_perm("activities.manage_activity", can_manage_activity)
rules.add_perm("activities.lead_activity", can_lead_activity)
