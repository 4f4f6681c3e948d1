"""OpenID Connect login (ID-porten compatible): the Django side of the flow.

The protocol itself (PKCE, authorize URL, token request, id_token validation) is in
`oidc_client.py`; this module adds settings, caching, the session and Django's login. The views
in `oidc_views.py` only call `oidc_login_start`, `oidc_callback_verify` and `oidc_login_complete`.

Never log or store the pid: it is matched through `national_id_hash` only.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, login
from django.contrib.auth.backends import BaseBackend
from django.core.cache import cache
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language

from samskap.accounts import oidc_client
from samskap.accounts.models import User
from samskap.accounts.oidc_client import OIDCError
from samskap.accounts.services import SESSION_MFA_BY_IDP
from samskap.people.models import Person

logger = logging.getLogger(__name__)

SESSION_PENDING_LOGIN = "samskap_oidc_pending"
CACHE_SECONDS = 60 * 60
# Languages ID-porten's login pages offer (nb, nn, en and Northern Sami).
IDPORTEN_UI_LOCALES = frozenset({"nb", "nn", "en", "se"})


def user_for_pid(pid: str) -> User | None:
    """The active login of the person whose stored HMAC matches this pid, if any."""
    from samskap.people.services import national_id_hash

    person = (
        Person.objects.filter(national_id_hash=national_id_hash(pid)).select_related("user").first()
    )
    if person is None:
        return None
    user = getattr(person, "user", None)
    if user is None or not user.is_active:
        return None
    return user


class OIDCBackend(BaseBackend):
    """Authenticates a verified `pid` claim by matching it to a person with a login."""

    def authenticate(  # type: ignore[override]
        self, request: HttpRequest | None, *, oidc_pid: str | None = None, **kwargs
    ) -> User | None:
        if not oidc_pid:
            return None
        return user_for_pid(oidc_pid)

    def get_user(self, user_id: int) -> User | None:
        return User.objects.filter(pk=user_id, is_active=True).first()


@dataclass(frozen=True)
class OIDCIdentity:
    """What a successful callback established. Keep it out of logs: it holds the pid."""

    pid: str
    acr: str
    next_url: str

    def __repr__(self) -> str:
        return f"OIDCIdentity(acr={self.acr!r}, next_url={self.next_url!r})"


# -- Provider metadata and keys, cached -------------------------------------------------------


def _cache_key(kind: str, issuer: str) -> str:
    return f"samskap:oidc:{kind}:{hashlib.sha256(issuer.encode()).hexdigest()[:32]}"


def provider_metadata(*, refresh: bool = False) -> oidc_client.ProviderMetadata:
    issuer = settings.OIDC_ISSUER
    key = _cache_key("discovery", issuer)
    document = None if refresh else cache.get(key)
    if document is None:
        document = oidc_client.fetch_json(oidc_client.discovery_url(issuer))
        metadata = oidc_client.parse_provider_metadata(document, issuer=issuer)
        cache.set(key, document, CACHE_SECONDS)
        return metadata
    return oidc_client.parse_provider_metadata(document, issuer=issuer)


def provider_jwks(metadata: oidc_client.ProviderMetadata, *, refresh: bool = False) -> dict:
    key = _cache_key("jwks", metadata.jwks_uri)
    jwks = None if refresh else cache.get(key)
    if jwks is None:
        jwks = oidc_client.fetch_json(metadata.jwks_uri)
        cache.set(key, jwks, CACHE_SECONDS)
    return jwks


# -- The flow ---------------------------------------------------------------------------------


def safe_next_url(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def ui_locale() -> str:
    language = (get_language() or "nb").split("-")[0].lower()
    return language if language in IDPORTEN_UI_LOCALES else "nb"


def redirect_uri_for(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("accounts:oidc_callback"))


def oidc_login_start(request: HttpRequest, *, next_url: str | None) -> str:
    """Remember state, nonce and PKCE verifier in the session; return the authorize URL."""
    metadata = provider_metadata()
    pkce = oidc_client.pkce_pair()
    pending = {
        "state": oidc_client.random_token(),
        "nonce": oidc_client.random_token(),
        "code_verifier": pkce.verifier,
        "redirect_uri": redirect_uri_for(request),
        "next": safe_next_url(request, next_url),
    }
    request.session[SESSION_PENDING_LOGIN] = pending
    return oidc_client.build_authorize_url(
        authorization_endpoint=metadata.authorization_endpoint,
        client_id=settings.OIDC_CLIENT_ID,
        redirect_uri=pending["redirect_uri"],
        scope=settings.OIDC_SCOPES,
        state=pending["state"],
        nonce=pending["nonce"],
        code_challenge=pkce.challenge,
        acr_values=settings.OIDC_ACR_VALUES,
        ui_locales=ui_locale(),
    )


def oidc_callback_verify(request: HttpRequest) -> OIDCIdentity:
    """Check the callback, exchange the code and validate the id_token.

    The pending login is removed from the session first, so a callback is used at most once.
    Raises `OIDCError` with a reason the view turns into a message.
    """
    pending: dict[str, Any] | None = request.session.pop(SESSION_PENDING_LOGIN, None)
    params = request.GET
    if "error" in params:
        # Only ever a short code (RFC 6749 §4.1.2.1): access_denied when the user cancels.
        error = oidc_client.safe_code(params.get("error", ""))
        raise OIDCError("cancelled" if error == "access_denied" else "provider_error", error)
    if not isinstance(pending, dict):
        raise OIDCError("no_pending_login")
    if not constant_time_compare(params.get("state", ""), pending.get("state", "")):
        raise OIDCError("state", "state does not match the session")
    code = params.get("code", "")
    if not code:
        raise OIDCError("provider_error", "no code in the callback")

    metadata = provider_metadata()
    tokens = oidc_client.exchange_code(
        token_endpoint=metadata.token_endpoint,
        code=code,
        redirect_uri=pending["redirect_uri"],
        code_verifier=pending["code_verifier"],
        client_id=settings.OIDC_CLIENT_ID,
        client_secret=settings.OIDC_CLIENT_SECRET,
        auth_method=settings.OIDC_TOKEN_AUTH_METHOD,
    )
    claims = _validate_with_key_rotation(tokens["id_token"], metadata, nonce=pending["nonce"])
    requested_acr = settings.OIDC_ACR_VALUES.split()
    if not oidc_client.acr_is_sufficient(claims.acr, requested_acr):
        raise OIDCError("acr", "security level lower than requested")
    return OIDCIdentity(
        pid=claims.pid, acr=claims.acr, next_url=safe_next_url(request, pending.get("next"))
    )


def _validate_with_key_rotation(
    id_token: str, metadata: oidc_client.ProviderMetadata, *, nonce: str
) -> oidc_client.IdTokenClaims:
    def validate(jwks: dict) -> oidc_client.IdTokenClaims:
        return oidc_client.validate_id_token(
            id_token,
            jwks=jwks,
            issuer=metadata.issuer,
            client_id=settings.OIDC_CLIENT_ID,
            nonce=nonce,
        )

    try:
        return validate(provider_jwks(metadata))
    except OIDCError as error:
        if error.reason != "unknown_key":
            raise
    # The provider may have rotated its keys since we cached them: fetch once more.
    try:
        return validate(provider_jwks(metadata, refresh=True))
    except OIDCError as error:
        raise OIDCError("id_token", error.detail) from error


def oidc_login_complete(request: HttpRequest, *, identity: OIDCIdentity) -> User | None:
    """Log in the user whose person matches the pid; None when nobody matches.

    At ID-porten's substantial or high level the person has already used two factors, so staff
    are not asked for a TOTP code as well.
    """
    if user_for_pid(identity.pid) is None:
        # Not a failed login attempt: ID-porten has verified who this is, we just do not know
        # them. Returning before `authenticate` keeps django-axes from counting it, which would
        # otherwise lock every ID-porten login from the same IP address (username is None).
        logger.info("OIDC login: no active user matches the identity")
        return None
    user = authenticate(request, oidc_pid=identity.pid)
    if user is None:  # locked out by django-axes, or deactivated a moment ago
        return None
    login(request, user)
    if oidc_client.acr_is_multi_factor(identity.acr):
        request.session[SESSION_MFA_BY_IDP] = True
    else:
        request.session.pop(SESSION_MFA_BY_IDP, None)
    acr = oidc_client.safe_code(identity.acr)
    logger.info("OIDC login: user %s logged in at acr %s", user.pk, acr)
    return user


def log_failure(error: OIDCError) -> None:
    """Log why a login failed: the reason and a short technical detail, never a claim value."""
    logger.warning("OIDC login failed: %s (%s)", error.reason, error.detail[:120])
