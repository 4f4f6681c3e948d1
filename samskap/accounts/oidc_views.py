"""OpenID Connect authorization code flow with PKCE (ID-porten compatible).

Placeholder until the full flow lands: without OIDC_ISSUER configured, the login page
shows no OIDC button and these views answer 404.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse


def oidc_login(request: HttpRequest) -> HttpResponse:
    if not settings.OIDC_ISSUER:
        raise Http404
    raise Http404


def oidc_callback(request: HttpRequest) -> HttpResponse:
    raise Http404
