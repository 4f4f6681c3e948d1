from __future__ import annotations

from dataclasses import dataclass

from samskap.accounts.models import STAFF_ROLES, Role, RoleAssignment, User


@dataclass(frozen=True)
class RoleGrant:
    kommune_id: int
    kommune_name: str
    role: str
    organisation_id: int | None

    @property
    def label(self) -> str:
        return str(Role(self.role).label)


def user_role_grants(user: User) -> tuple[RoleGrant, ...]:
    """The user's roles, loaded once per user object (one query)."""
    if not getattr(user, "is_authenticated", False):
        return ()
    cached = getattr(user, "_samskap_role_grants", None)
    if cached is None:
        cached = tuple(
            RoleGrant(
                kommune_id=r.kommune_id,
                kommune_name=r.kommune.name,
                role=r.role,
                organisation_id=r.organisation_id,
            )
            for r in RoleAssignment.objects.filter(user=user)
            .select_related("kommune")
            .order_by("kommune__name", "role")
        )
        user._samskap_role_grants = cached
    return cached


def user_has_role(user: User, role: str, kommune_id: int | None = None) -> bool:
    return any(
        g.role == role and (kommune_id is None or g.kommune_id == kommune_id)
        for g in user_role_grants(user)
    )


def user_is_staff_role(user: User) -> bool:
    """True if the user holds any role that must use two-factor authentication."""
    return any(g.role in STAFF_ROLES for g in user_role_grants(user)) or user.is_superuser


def user_kommune_ids_with_role(user: User, *roles: str) -> set[int]:
    return {g.kommune_id for g in user_role_grants(user) if g.role in roles}
