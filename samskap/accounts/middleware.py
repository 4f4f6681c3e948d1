from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from samskap.accounts.selectors import user_is_staff_role
from samskap.accounts.services import user_is_second_factor_verified

ALWAYS_ALLOWED_PREFIXES = ("/static/", "/i18n/", "/logg-ut/", "/logg-inn/", "/oidc/", "/favicon")


class StaffTwoFactorMiddleware:
    """Staff roles must pass a second factor before they see anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(ALWAYS_ALLOWED_PREFIXES)
            and user_is_staff_role(user)
            and not user_is_second_factor_verified(request)
        ):
            return redirect(f"{reverse('accounts:two_factor')}?next={request.get_full_path()}")
        return self.get_response(request)
