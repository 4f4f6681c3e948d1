from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from samskap.accounts.selectors import user_role_grants


def samskap(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "demo_mode": settings.SAMSKAP_DEMO_MODE,
        "role_grants": user_role_grants(user) if user is not None else (),
    }
