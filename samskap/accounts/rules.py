"""Who may manage logins and roles."""

from __future__ import annotations

import rules

from samskap.accounts.models import Role
from samskap.accounts.selectors import user_has_role


@rules.predicate
def is_administrator_in_kommune(user, kommune_id: int | None) -> bool:
    return bool(kommune_id) and user_has_role(user, Role.ADMINISTRATOR, kommune_id)


rules.add_perm("accounts.manage_roles", is_administrator_in_kommune)
