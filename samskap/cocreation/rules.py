"""Who may do what in a co-creation process. Default deny.

- See an open process and join it: anyone logged in who lives or works in its kommune.
- Contribute (ideas, comments, dots, reports): the process's participants.
- Facilitate (phases, clusters, moderation, typing in workshop ideas): the owner and the
  kommune's coordinators.
- Start a process: staff in the kommune (coordinator, care staff, leader, administrator).
"""

from __future__ import annotations

import rules

from samskap.accounts.models import STAFF_ROLES, Role
from samskap.accounts.selectors import user_has_role, user_role_grants
from samskap.cocreation.models import Participant, Process


def _kommune_id(obj) -> int | None:
    if obj is None:
        return None
    return obj.kommune_id if isinstance(obj, Process) else obj.pk


@rules.predicate
def in_kommune(user, process: Process | None) -> bool:
    """Lives in the process's kommune (as a person) or holds a role there."""
    if not (process and user.is_authenticated):
        return False
    person = getattr(user, "person", None)
    if person is not None and person.kommune_id == process.kommune_id:
        return True
    return any(g.kommune_id == process.kommune_id for g in user_role_grants(user))


@rules.predicate
def is_owner(user, process: Process | None) -> bool:
    return bool(process and user.is_authenticated and process.owner_id == user.pk)


@rules.predicate
def is_kommune_coordinator(user, process: Process | None) -> bool:
    return bool(process) and user_has_role(user, Role.COORDINATOR, process.kommune_id)


@rules.predicate
def is_participant(user, process: Process | None) -> bool:
    if not (process and user.is_authenticated):
        return False
    return Participant.objects.filter(process=process, user=user).exists()


@rules.predicate
def is_open(user, process: Process | None) -> bool:
    return bool(process and process.is_open)


@rules.predicate
def is_staff_in_kommune(user, kommune) -> bool:
    """`kommune` is a Kommune (or a Process, meaning its kommune)."""
    kommune_id = _kommune_id(kommune)
    return bool(kommune_id) and any(
        g.role in STAFF_ROLES and g.kommune_id == kommune_id for g in user_role_grants(user)
    )


can_facilitate = is_owner | is_kommune_coordinator
can_view = in_kommune | is_participant | can_facilitate
can_join = in_kommune & is_open & ~is_participant
can_contribute = is_participant

rules.add_perm("cocreation.view_process", can_view)
rules.add_perm("cocreation.join_process", can_join)
rules.add_perm("cocreation.contribute", can_contribute)
rules.add_perm("cocreation.facilitate", can_facilitate)
rules.add_perm("cocreation.create_process", is_staff_in_kommune)
