"""OpenID Connect login (ID-porten compatible). The flow lives in oidc_views.py."""

from __future__ import annotations

from django.contrib.auth.backends import BaseBackend
from django.http import HttpRequest

from samskap.accounts.models import User
from samskap.people.models import Person


class OIDCBackend(BaseBackend):
    """Authenticates a verified `pid` claim by matching it to a person with a login."""

    def authenticate(  # type: ignore[override]
        self, request: HttpRequest | None, *, oidc_pid: str | None = None, **kwargs
    ) -> User | None:
        if not oidc_pid:
            return None
        from samskap.people.services import national_id_hash

        person = (
            Person.objects.filter(national_id_hash=national_id_hash(oidc_pid))
            .select_related("user")
            .first()
        )
        if person is None:
            return None
        user = getattr(person, "user", None)
        if user is None or not user.is_active:
            return None
        return user

    def get_user(self, user_id: int) -> User | None:
        return User.objects.filter(pk=user_id, is_active=True).first()
