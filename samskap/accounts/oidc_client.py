"""A minimal OpenID Connect relying party for the authorization code flow with PKCE.

Plain typed functions with no Django and no database: PKCE, the authorize URL, the token
request and id_token validation, written against OpenID Connect Core 1.0, RFC 7636 (PKCE) and
ID-porten's profile of them. The Django side (settings, cache, session, login) lives in
`samskap.accounts.oidc`. See docs/decisions/0002-oidc-login.md.

Errors are raised as `OIDCError` with a short machine-readable `reason`; never put claim values
(the pid above all) into an error, since errors end up in logs.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote_plus, urlencode, urlsplit

import requests
from joserfc import jwt
from joserfc.errors import ExpiredTokenError, JoseError
from joserfc.jwk import KeySet

HTTP_TIMEOUT_SECONDS = (5, 10)  # (connect, read)
ID_TOKEN_ALGORITHMS = ("RS256",)
CLOCK_SKEW_SECONDS = 60

# ID-porten's levels of assurance, weakest first. `acr` in the id_token must reach the lowest
# level we asked for (ID-porten's integration guide: the client MUST check the level).
IDPORTEN_ACR_LEVELS = ("idporten-loa-low", "idporten-loa-substantial", "idporten-loa-high")
# Levels at which the identity provider has already done multi-factor authentication.
MULTI_FACTOR_ACR_VALUES = frozenset({"idporten-loa-substantial", "idporten-loa-high"})

TOKEN_AUTH_METHODS = ("client_secret_basic", "client_secret_post")


def safe_code(value: object) -> str:
    """A short code from the other side (an OAuth error, an acr value), safe to log."""
    return re.sub(r"[^A-Za-z0-9_.-]", "", str(value))[:40]


class OIDCError(Exception):
    """The login could not be completed. `reason` is safe to log; it never holds claim values."""

    def __init__(self, reason: str, detail: str = "") -> None:
        self.reason = reason
        self.detail = detail
        super().__init__(f"{reason}: {detail}" if detail else reason)


@dataclass(frozen=True)
class ProviderMetadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str


@dataclass(frozen=True)
class PKCEPair:
    verifier: str
    challenge: str


@dataclass(frozen=True)
class IdTokenClaims:
    subject: str
    pid: str
    acr: str
    claims: Mapping[str, Any]


# -- PKCE and random values -------------------------------------------------------------------


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def pkce_challenge(verifier: str) -> str:
    """The S256 code_challenge of a verifier: BASE64URL(SHA256(ASCII(verifier))), unpadded."""
    return _b64url(hashlib.sha256(verifier.encode("ascii")).digest())


def pkce_pair() -> PKCEPair:
    """A fresh verifier (64 characters from the unreserved set, 384 bits) and its challenge."""
    verifier = secrets.token_urlsafe(48)
    return PKCEPair(verifier=verifier, challenge=pkce_challenge(verifier))


def random_token() -> str:
    """An unguessable value for `state` and `nonce`."""
    return secrets.token_urlsafe(32)


# -- Discovery --------------------------------------------------------------------------------


def discovery_url(issuer: str) -> str:
    return issuer.rstrip("/") + "/.well-known/openid-configuration"


def parse_provider_metadata(document: Mapping[str, Any], *, issuer: str) -> ProviderMetadata:
    """Check a discovery document (OIDC Discovery 1.0 §4.3: its issuer must be ours)."""
    if document.get("issuer") != issuer:
        raise OIDCError("discovery", "issuer in the discovery document does not match")
    values = {}
    for name in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        value = document.get(name)
        if not isinstance(value, str) or urlsplit(value).scheme not in {"https", "http"}:
            raise OIDCError("discovery", f"missing or invalid {name}")
        values[name] = value
    return ProviderMetadata(issuer=issuer, **values)


def fetch_json(url: str, *, session: requests.Session | None = None) -> dict[str, Any]:
    http = session or requests
    try:
        response = http.get(
            url, timeout=HTTP_TIMEOUT_SECONDS, headers={"Accept": "application/json"}
        )
        response.raise_for_status()
        data = response.json()
    except (requests.RequestException, ValueError) as error:
        raise OIDCError("unavailable", type(error).__name__) from error
    if not isinstance(data, dict):
        raise OIDCError("unavailable", "expected a JSON object")
    return data


# -- Authorization request --------------------------------------------------------------------


def build_authorize_url(
    *,
    authorization_endpoint: str,
    client_id: str,
    redirect_uri: str,
    scope: str,
    state: str,
    nonce: str,
    code_challenge: str,
    acr_values: str = "",
    ui_locales: str = "",
) -> str:
    params = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "scope": scope,
        "state": state,
        "nonce": nonce,
        "code_challenge": code_challenge,
        "code_challenge_method": "S256",
    }
    if acr_values:
        params["acr_values"] = acr_values
    if ui_locales:
        params["ui_locales"] = ui_locales
    separator = "&" if urlsplit(authorization_endpoint).query else "?"
    return f"{authorization_endpoint}{separator}{urlencode(params)}"


# -- Token request ----------------------------------------------------------------------------


def client_secret_basic_header(client_id: str, client_secret: str) -> str:
    """RFC 6749 §2.3.1: both parts form-urlencoded before they are joined and base64-encoded."""
    raw = f"{quote_plus(client_id)}:{quote_plus(client_secret)}".encode()
    return "Basic " + base64.b64encode(raw).decode("ascii")


def exchange_code(
    *,
    token_endpoint: str,
    code: str,
    redirect_uri: str,
    code_verifier: str,
    client_id: str,
    client_secret: str,
    auth_method: str = "client_secret_basic",
    session: requests.Session | None = None,
) -> dict[str, Any]:
    """Exchange the authorization code at the token endpoint; return the token response."""
    if auth_method not in TOKEN_AUTH_METHODS:
        raise OIDCError("configuration", "unsupported token endpoint auth method")
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "code_verifier": code_verifier,
    }
    headers = {"Accept": "application/json"}
    if auth_method == "client_secret_basic":
        headers["Authorization"] = client_secret_basic_header(client_id, client_secret)
    else:
        data["client_id"] = client_id
        data["client_secret"] = client_secret
    http = session or requests
    try:
        response = http.post(
            token_endpoint, data=data, headers=headers, timeout=HTTP_TIMEOUT_SECONDS
        )
    except requests.RequestException as error:
        raise OIDCError("unavailable", type(error).__name__) from error
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise OIDCError("token", f"HTTP {response.status_code}, no JSON object")
    if response.status_code != 200 or "error" in body:
        error_code = safe_code(body.get("error", ""))
        raise OIDCError("token", f"HTTP {response.status_code} {error_code}".strip())
    if not isinstance(body.get("id_token"), str):
        raise OIDCError("token", "no id_token in the token response")
    return body


# -- id_token validation ----------------------------------------------------------------------


def validate_id_token(
    id_token: str,
    *,
    jwks: Mapping[str, Any] | KeySet,
    issuer: str,
    client_id: str,
    nonce: str,
    now: int | None = None,
    leeway: int = CLOCK_SKEW_SECONDS,
) -> IdTokenClaims:
    """Validate an id_token as OpenID Connect Core §3.1.3.7 requires, and read `pid` and `acr`.

    Checks the RS256 signature against the provider's key set, then iss, aud (and azp when
    there are several audiences), exp, iat and nonce. Raises `OIDCError("id_token", …)`, or
    `OIDCError("unknown_key", …)` when no key in the set has the token's `kid` (the caller may
    refresh the key set once and retry).
    """
    try:
        keys = jwks if isinstance(jwks, KeySet) else KeySet.import_key_set(dict(jwks))  # type: ignore[arg-type]
    except (JoseError, ValueError, KeyError, TypeError) as error:
        raise OIDCError("id_token", "unusable key set") from error
    try:
        token = jwt.decode(id_token, keys, algorithms=list(ID_TOKEN_ALGORITHMS))
    except JoseError as error:
        reason = "unknown_key" if error.error == "invalid_key_id" else "id_token"
        raise OIDCError(reason, error.error or type(error).__name__) from error
    except (ValueError, TypeError) as error:
        raise OIDCError("id_token", "malformed token") from error

    registry = jwt.JWTClaimsRegistry(
        now=int(time.time()) if now is None else now,
        leeway=leeway,
        iss={"essential": True, "value": issuer},
        sub={"essential": True},
        aud={"essential": True, "value": client_id},
        exp={"essential": True},
        iat={"essential": True},
        nonce={"essential": True, "value": nonce},
    )
    claims = token.claims
    try:
        registry.validate(claims)
    except ExpiredTokenError as error:
        raise OIDCError("id_token", "expired") from error
    except JoseError as error:
        # Name the claim that failed, never its value.
        claim = getattr(error, "claim", "")
        raise OIDCError("id_token", f"{error.error} {claim}".strip()) from error
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != client_id:
        raise OIDCError("id_token", "azp does not match the client id")
    pid = claims.get("pid")
    if not isinstance(pid, str) or not pid.strip():
        raise OIDCError("id_token", "no pid claim")
    acr = claims.get("acr")
    return IdTokenClaims(
        subject=claims["sub"],
        pid=pid,
        acr=acr if isinstance(acr, str) else "",
        claims=claims,
    )


def acr_is_sufficient(acr: str, requested: Iterable[str]) -> bool:
    """Does the acr we got reach the weakest ID-porten level we asked for?

    Values outside ID-porten's list are compared for equality only.
    """
    requested = [value for value in requested if value]
    if not requested:
        return True
    if acr in requested:
        return True
    known = [
        IDPORTEN_ACR_LEVELS.index(value) for value in requested if value in IDPORTEN_ACR_LEVELS
    ]
    if not known or acr not in IDPORTEN_ACR_LEVELS:
        return False
    return IDPORTEN_ACR_LEVELS.index(acr) >= min(known)


def acr_is_multi_factor(acr: str) -> bool:
    return acr in MULTI_FACTOR_ACR_VALUES
