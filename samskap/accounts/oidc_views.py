"""OpenID Connect authorization code flow with PKCE (ID-porten compatible).

Without OIDC_ISSUER configured, the login page shows no ID-porten button and these views
answer 404. The work is done in `samskap.accounts.oidc`; see docs/decisions/0002-oidc-login.md.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from samskap.accounts.oidc import (
    log_failure,
    oidc_callback_verify,
    oidc_login_complete,
    oidc_login_start,
)
from samskap.accounts.oidc_client import OIDCError


@never_cache
@require_GET
def oidc_login(request: HttpRequest) -> HttpResponse:
    if not settings.OIDC_ISSUER:
        raise Http404
    try:
        authorize_url = oidc_login_start(request, next_url=request.GET.get("next"))
    except OIDCError as error:
        return _error_page(request, error)
    return redirect(authorize_url)


@never_cache
@require_GET
def oidc_callback(request: HttpRequest) -> HttpResponse:
    if not settings.OIDC_ISSUER:
        raise Http404
    try:
        identity = oidc_callback_verify(request)
    except OIDCError as error:
        return _error_page(request, error)
    if oidc_login_complete(request, identity=identity) is None:
        return render(request, "accounts/oidc_no_match.html", status=403)
    return redirect(identity.next_url)


def _error_page(request: HttpRequest, error: OIDCError) -> HttpResponse:
    log_failure(error)
    messages = {
        "cancelled": _("Du avbrøt innloggingen i ID-porten. Du er ikke logget inn."),
        "no_pending_login": _(
            "Innloggingen tok for lang tid, eller den ble startet i en annen nettleser eller "
            "fane. Prøv å logge inn på nytt."
        ),
        "state": _(
            "Vi kunne ikke bekrefte at svaret fra ID-porten hørte til denne innloggingen. "
            "Prøv å logge inn på nytt."
        ),
        "unavailable": _(
            "Vi får ikke kontakt med ID-porten akkurat nå. Vent litt og prøv igjen, eller logg "
            "inn med brukernavn og passord."
        ),
        "acr": _(
            "Du logget inn på et lavere sikkerhetsnivå enn tjenesten krever. Velg en annen "
            "innloggingsmåte i ID-porten, for eksempel BankID, og prøv igjen."
        ),
    }
    message = messages.get(
        error.reason,
        _("Innloggingen med ID-porten kunne ikke fullføres. Prøv å logge inn på nytt."),
    )
    return render(request, "accounts/oidc_error.html", {"message": message}, status=400)
