"""Login through OpenID Connect (ID-porten compatible) against a local test provider.

The first half tests the pure protocol helpers without a database; the second half runs the
whole flow with Django's test client and `tests.oidc_provider.LocalOIDCProvider`.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.test import Client
from joserfc.jwk import RSAKey

from samskap.accounts import oidc_client
from samskap.accounts.oidc import SESSION_PENDING_LOGIN
from samskap.accounts.oidc_client import OIDCError, pkce_challenge, pkce_pair, validate_id_token
from samskap.accounts.services import SESSION_MFA_BY_IDP
from tests.oidc_provider import LocalOIDCProvider

# -- PKCE (RFC 7636) ------------------------------------------------------------------------------


def test_pkce_challenge_matches_rfc7636_appendix_b():
    # RFC 7636 appendix B: the verifier is the base64url form of these 32 octets.
    octets = bytes(
        [116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186]
        + [22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121]
    )
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    assert base64.urlsafe_b64encode(octets).decode().rstrip("=") == verifier
    assert pkce_challenge(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


def test_pkce_pair_challenge_is_s256_of_the_verifier():
    pair = pkce_pair()
    digest = hashlib.sha256(pair.verifier.encode("ascii")).digest()
    assert pair.challenge == base64.urlsafe_b64encode(digest).decode().rstrip("=")
    assert 43 <= len(pair.verifier) <= 128
    assert set(pair.verifier) <= set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
    )
    assert "=" not in pair.challenge


def test_pkce_pairs_and_random_tokens_are_never_reused():
    assert len({pkce_pair().verifier for _ in range(50)}) == 50
    assert len({oidc_client.random_token() for _ in range(50)}) == 50


# -- Authorize URL, discovery, client authentication ---------------------------------------------


def test_authorize_url_carries_every_parameter_id_porten_needs():
    url = oidc_client.build_authorize_url(
        authorization_endpoint="https://idporten.example/authorize",
        client_id="klient",
        redirect_uri="https://samskap.example/oidc/callback/",
        scope="openid profile",
        state="s",
        nonce="n",
        code_challenge="c",
        acr_values="idporten-loa-substantial",
        ui_locales="nn",
    )
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "idporten.example", "/authorize")
    assert {k: v[0] for k, v in parse_qs(parts.query).items()} == {
        "response_type": "code",
        "client_id": "klient",
        "redirect_uri": "https://samskap.example/oidc/callback/",
        "scope": "openid profile",
        "state": "s",
        "nonce": "n",
        "code_challenge": "c",
        "code_challenge_method": "S256",
        "acr_values": "idporten-loa-substantial",
        "ui_locales": "nn",
    }


def test_discovery_document_must_name_our_issuer():
    document = {
        "issuer": "https://evil.example",
        "authorization_endpoint": "https://evil.example/authorize",
        "token_endpoint": "https://evil.example/token",
        "jwks_uri": "https://evil.example/jwks",
    }
    with pytest.raises(OIDCError) as info:
        oidc_client.parse_provider_metadata(document, issuer="https://idporten.no")
    assert info.value.reason == "discovery"
    metadata = oidc_client.parse_provider_metadata(
        {**document, "issuer": "https://idporten.no"}, issuer="https://idporten.no"
    )
    assert metadata.token_endpoint == "https://evil.example/token"


def test_client_secret_basic_form_encodes_both_parts():
    header = oidc_client.client_secret_basic_header("klient:1", "hemmelig æ/+ =")
    raw = base64.b64decode(header.removeprefix("Basic ")).decode()
    assert raw == "klient%3A1:hemmelig+%C3%A6%2F%2B+%3D"


@pytest.mark.parametrize(
    ("acr", "requested", "ok"),
    [
        ("idporten-loa-substantial", ["idporten-loa-substantial"], True),
        ("idporten-loa-high", ["idporten-loa-substantial"], True),
        ("idporten-loa-substantial", ["idporten-loa-high"], False),
        ("idporten-loa-low", ["idporten-loa-substantial"], False),
        ("", ["idporten-loa-substantial"], False),
        ("anything", [], True),
        ("Level4", ["Level4"], True),
    ],
)
def test_acr_must_reach_the_requested_level(acr, requested, ok):
    assert oidc_client.acr_is_sufficient(acr, requested) is ok


# -- id_token validation (OIDC Core §3.1.3.7) ----------------------------------------------------

ISSUER = "https://idporten.example"
CLIENT_ID = "samskap"
NONCE = "nonce-123"


@pytest.fixture(scope="module")
def signing_key() -> RSAKey:
    key = RSAKey.generate_key(2048, parameters={"use": "sig", "alg": "RS256"})
    key.ensure_kid()
    return key


@pytest.fixture(scope="module")
def other_key() -> RSAKey:
    key = RSAKey.generate_key(2048, parameters={"use": "sig", "alg": "RS256"})
    key.ensure_kid()
    return key


def _claims(**overrides):
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": CLIENT_ID,
        "sub": "pairwise-sub",
        "pid": "01017012345",
        "acr": "idporten-loa-substantial",
        "nonce": NONCE,
        "iat": now,
        "exp": now + 120,
    }
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


def _sign(key: RSAKey, claims, *, kid: str | None = None, alg: str = "RS256") -> str:
    from joserfc import jwt

    return jwt.encode({"alg": alg, "kid": kid or key.kid}, claims, key)


def _validate(token: str, key: RSAKey):
    return validate_id_token(
        token,
        jwks={"keys": [key.as_dict(private=False)]},
        issuer=ISSUER,
        client_id=CLIENT_ID,
        nonce=NONCE,
    )


def test_valid_id_token_gives_pid_and_acr(signing_key):
    claims = _validate(_sign(signing_key, _claims()), signing_key)
    assert claims.pid == "01017012345"
    assert claims.acr == "idporten-loa-substantial"
    assert claims.subject == "pairwise-sub"


@pytest.mark.parametrize(
    ("overrides", "detail"),
    [
        ({"nonce": "someone-elses-nonce"}, "nonce"),
        ({"aud": "another-client"}, "aud"),
        ({"iss": "https://evil.example"}, "iss"),
        ({"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200}, "expired"),
        ({"iat": int(time.time()) + 3600}, "iat"),
        ({"nonce": None}, "nonce"),
        ({"exp": None}, "exp"),
        ({"pid": None}, "pid"),
        ({"aud": [CLIENT_ID, "another-client"]}, "azp"),
    ],
)
def test_id_token_is_rejected(signing_key, overrides, detail):
    with pytest.raises(OIDCError) as info:
        _validate(_sign(signing_key, _claims(**overrides)), signing_key)
    assert info.value.reason == "id_token"
    assert detail in info.value.detail
    assert "01017012345" not in str(info.value)


def test_several_audiences_are_accepted_when_azp_is_us(signing_key):
    token = _sign(signing_key, _claims(aud=[CLIENT_ID, "api"], azp=CLIENT_ID))
    assert _validate(token, signing_key).pid == "01017012345"


def test_id_token_signed_with_another_key_is_rejected(signing_key, other_key):
    # Signed by a stranger who claims the provider's key id: the signature does not verify.
    forged = _sign(other_key, _claims(), kid=signing_key.kid)
    with pytest.raises(OIDCError) as info:
        _validate(forged, signing_key)
    assert info.value.reason == "id_token"
    # Signed with a key id the provider does not publish: the caller may refresh its key set.
    with pytest.raises(OIDCError) as info:
        _validate(_sign(other_key, _claims()), signing_key)
    assert info.value.reason == "unknown_key"


def test_id_token_with_a_symmetric_or_no_algorithm_is_rejected(signing_key):
    header = base64.urlsafe_b64encode(b'{"alg":"none"}').decode().rstrip("=")
    body = _sign(signing_key, _claims()).split(".")[1]
    with pytest.raises(OIDCError):
        _validate(f"{header}.{body}.", signing_key)
    with pytest.raises(OIDCError):
        _validate("not-a-token", signing_key)


# -- The whole flow against the local provider ---------------------------------------------------

CALLBACK = "http://testserver/oidc/callback/"


@pytest.fixture(scope="module")
def provider():
    with LocalOIDCProvider(redirect_uris={CALLBACK}) as running:
        yield running


@pytest.fixture
def idporten(settings, provider) -> LocalOIDCProvider:
    """Point Samskap at the local provider, with a clean cache and clean provider records."""
    settings.OIDC_ISSUER = provider.issuer
    settings.OIDC_CLIENT_ID = provider.client_id
    settings.OIDC_CLIENT_SECRET = provider.client_secret
    settings.OIDC_ACR_VALUES = "idporten-loa-substantial"
    settings.OIDC_TOKEN_AUTH_METHOD = "client_secret_basic"
    cache.clear()
    provider.hits.clear()
    provider.token_auth_methods.clear()
    provider.token_errors.clear()
    provider.id_token_overrides.clear()
    return provider


def _start(client: Client, next_url: str | None = None) -> str:
    response = client.get("/oidc/logg-inn/", {"next": next_url} if next_url else {})
    assert response.status_code == 302, response.content[:500]
    return response["Location"]


def _follow_back(client: Client, location: str):
    parts = urlsplit(location)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == CALLBACK
    return client.get(f"{parts.path}?{parts.query}")


def _log_in(client: Client, provider: LocalOIDCProvider, pid: str, next_url: str | None = None):
    location = provider.complete_authorization(_start(client, next_url), pid)
    return _follow_back(client, location)


def _is_logged_in(client: Client) -> bool:
    response = client.get("/min-side/")
    return response.status_code == 200


@pytest.mark.django_db
def test_login_page_offers_id_porten_only_when_configured(settings, idporten):
    assert "Logg inn med ID-porten" in Client().get("/logg-inn/").content.decode()
    settings.OIDC_ISSUER = ""
    assert "Logg inn med ID-porten" not in Client().get("/logg-inn/").content.decode()
    assert Client().get("/oidc/logg-inn/").status_code == 404
    assert Client().get("/oidc/callback/?code=x&state=y").status_code == 404


def test_authorize_redirect_follows_the_id_porten_profile(db, idporten):
    client = Client()
    location = _start(client)
    parts = urlsplit(location)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{idporten.issuer}/authorize"
    params = {k: v[0] for k, v in parse_qs(parts.query).items()}
    pending = client.session[SESSION_PENDING_LOGIN]
    assert params["response_type"] == "code"
    assert params["client_id"] == idporten.client_id
    assert params["redirect_uri"] == CALLBACK
    assert params["scope"] == "openid profile"
    assert params["acr_values"] == "idporten-loa-substantial"
    assert params["ui_locales"] == "nb"
    assert params["state"] == pending["state"] and len(pending["state"]) >= 32
    assert params["nonce"] == pending["nonce"] and pending["nonce"] != pending["state"]
    assert params["code_challenge_method"] == "S256"
    assert params["code_challenge"] == pkce_challenge(pending["code_verifier"])
    assert pending["code_verifier"] not in location


def test_resident_logs_in_with_id_porten(users, idporten, caplog):
    caplog.set_level(logging.DEBUG)
    client = Client()
    response = _log_in(client, idporten, "demo-eli")
    assert response.status_code == 302
    assert response["Location"] == "/min-side/"
    page = client.get("/min-side/")
    assert page.status_code == 200
    assert "Hei, Eli" in page.content.decode()
    assert int(client.session["_auth_user_id"]) == users["eli"].pk
    assert client.session[SESSION_MFA_BY_IDP] is True
    assert SESSION_PENDING_LOGIN not in client.session
    assert idporten.token_auth_methods == ["client_secret_basic"]
    assert "demo-eli" not in caplog.text


def test_staff_logging_in_at_substantial_level_skip_totp(users, idporten):
    client = Client()
    _log_in(client, idporten, "demo-hanne")
    response = client.get("/min-side/")
    assert response.status_code == 200
    assert "Hei, Hanne" in response.content.decode()


def test_staff_logging_in_below_substantial_must_still_use_totp(users, settings, idporten):
    settings.OIDC_ACR_VALUES = "idporten-loa-low"
    client = Client()
    _log_in(client, idporten, "demo-hanne")
    response = client.get("/min-side/")
    assert response.status_code == 302
    assert response["Location"].startswith("/logg-inn/totp/")
    assert SESSION_MFA_BY_IDP not in client.session


def test_lower_level_than_requested_is_refused(users, idporten):
    idporten.id_token_overrides["acr"] = "idporten-loa-low"
    client = Client()
    response = _log_in(client, idporten, "demo-eli")
    assert response.status_code == 400
    assert "lavere sikkerhetsnivå" in response.content.decode()
    assert not _is_logged_in(client)


def test_next_is_kept_through_the_flow_when_it_is_local(users, idporten):
    client = Client()
    response = _log_in(client, idporten, "demo-eli", next_url="/organisasjoner/")
    assert response["Location"] == "/organisasjoner/"
    other = Client()
    response = _log_in(other, idporten, "demo-eli", next_url="https://evil.example/")
    assert response["Location"] == "/min-side/"


def test_tampered_state_is_refused(users, idporten):
    client = Client()
    location = idporten.complete_authorization(_start(client), "demo-eli")
    tampered = location.replace("state=", "state=x")
    response = _follow_back(client, tampered)
    assert response.status_code == 400
    assert "Vi kunne ikke bekrefte" in response.content.decode()
    assert idporten.hits["/token"] == 0, "the code must not be exchanged"
    assert not _is_logged_in(client)
    # The pending login is used up: the untampered answer does not work afterwards either.
    assert _follow_back(client, location).status_code == 400
    assert not _is_logged_in(client)


def test_pkce_verifier_mismatch_is_refused_by_the_provider(users, idporten):
    client = Client()
    authorize_url = _start(client)
    session = client.session
    pending = session[SESSION_PENDING_LOGIN]
    pending["code_verifier"] = pkce_pair().verifier  # not the one the challenge was made from
    session[SESSION_PENDING_LOGIN] = pending
    session.save()
    response = _follow_back(client, idporten.complete_authorization(authorize_url, "demo-eli"))
    assert idporten.token_errors == ["invalid_grant"]
    assert response.status_code == 400
    assert "kunne ikke fullføres" in response.content.decode()
    assert not _is_logged_in(client)


def test_unknown_pid_shows_the_no_match_page(users, idporten, caplog):
    caplog.set_level(logging.DEBUG)
    client = Client()
    response = _log_in(client, idporten, "01017012345")
    assert response.status_code == 403
    text = response.content.decode()
    assert "Vi fant ingen bruker" in text
    assert "servicetorg" in text
    assert not _is_logged_in(client)
    assert "01017012345" not in caplog.text


def test_cancelling_in_id_porten_shows_a_clear_message(users, idporten):
    client = Client()
    location = idporten.complete_authorization(_start(client), "", cancel=True)
    assert "error=access_denied" in location
    response = _follow_back(client, location)
    assert response.status_code == 400
    assert "Du avbrøt innloggingen" in response.content.decode()


def test_callback_without_a_started_login_is_refused(db, idporten):
    response = Client().get("/oidc/callback/?code=abc&state=def")
    assert response.status_code == 400
    assert "Prøv å logge inn på nytt" in response.content.decode()


def test_wrong_client_secret_is_refused_by_the_provider(users, settings, idporten):
    settings.OIDC_CLIENT_SECRET = "feil"
    client = Client()
    response = _log_in(client, idporten, "demo-eli")
    assert idporten.token_errors == ["invalid_client"]
    assert response.status_code == 400
    assert not _is_logged_in(client)


def test_client_secret_post_works_too(users, settings, idporten):
    settings.OIDC_TOKEN_AUTH_METHOD = "client_secret_post"
    client = Client()
    assert _log_in(client, idporten, "demo-eli").status_code == 302
    assert idporten.token_auth_methods == ["client_secret_post"]
    assert _is_logged_in(client)


def test_discovery_and_keys_are_cached_and_refreshed_when_keys_rotate(users, idporten):
    _log_in(Client(), idporten, "demo-eli")
    _log_in(Client(), idporten, "demo-eli")
    assert idporten.hits["/.well-known/openid-configuration"] == 1
    assert idporten.hits["/jwks"] == 1
    idporten.rotate_key()
    client = Client()
    assert _log_in(client, idporten, "demo-eli").status_code == 302
    assert idporten.hits["/jwks"] == 2
    assert _is_logged_in(client)


def test_unreachable_provider_gives_a_clear_message(db, settings):
    settings.OIDC_ISSUER = "http://127.0.0.1:9"  # discard port: nothing listens there
    cache.clear()
    response = Client().get("/oidc/logg-inn/")
    assert response.status_code == 400
    assert "får ikke kontakt med ID-porten" in response.content.decode()


def test_unknown_pids_do_not_lock_out_id_porten_logins_from_the_same_address(
    users, settings, idporten
):
    # ID-porten has already verified these people, so an unknown pid is not a guessed
    # password; counting it in django-axes would lock everyone behind the same address out.
    settings.AXES_FAILURE_LIMIT = 2
    for pid in ("01017012345", "02017012345", "03017012345"):
        assert _log_in(Client(), idporten, pid).status_code == 403
    client = Client()
    assert _log_in(client, idporten, "demo-eli").status_code == 302
    assert _is_logged_in(client)
