"""A small local OpenID Connect provider for tests, shaped like ID-porten with TestID.

It runs a threaded `http.server` on 127.0.0.1 at a free port, with an RSA key generated at
start. Endpoints:

- `/.well-known/openid-configuration` — discovery
- `/authorize` — GET shows a "TestID" form where the tester types a pid (fødselsnummer) and
  presses "Logg inn" (or "Avbryt"); POST redirects back with `code` and `state`
- `/token` — checks client authentication (client_secret_basic or client_secret_post), the
  code, the redirect_uri and the PKCE code_verifier against the stored S256 challenge; issues an
  RS256 id_token with iss, aud, sub, pid, acr, amr, nonce, iat, exp
- `/jwks` — the public key

Only for tests: there is no consent, no session and no real person behind any pid.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import json
import re
import secrets
import threading
import time
from collections import Counter
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote_plus, urlencode, urljoin, urlsplit

import requests
from joserfc import jwt
from joserfc.jwk import RSAKey

DEFAULT_ACR = "idporten-loa-substantial"
CODE_LIFETIME_SECONDS = 60
ID_TOKEN_LIFETIME_SECONDS = 120
_VERIFIER_RE = re.compile(r"^[A-Za-z0-9\-._~]{43,128}$")


def s256(verifier: str) -> str:
    """RFC 7636 §4.2, written out here independently of the code under test."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


@dataclass(frozen=True)
class _AuthorizationRequest:
    client_id: str
    redirect_uri: str
    state: str
    nonce: str
    code_challenge: str
    acr: str
    scope: str
    ui_locales: str


@dataclass(frozen=True)
class _IssuedCode:
    request: _AuthorizationRequest
    pid: str
    expires_at: float


class LocalOIDCProvider:
    """Start with `with LocalOIDCProvider(redirect_uris={...}) as provider:`."""

    def __init__(
        self,
        *,
        client_id: str = "samskap-test-client",
        client_secret: str = "test-secret-æøå:/+ =",  # noqa: S107 - test-only client secret
        redirect_uris: set[str] | None = None,
    ) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.redirect_uris: set[str] = set(redirect_uris or ())
        self.key = self._new_key()
        # Claims a test wants in the next id_tokens (e.g. {"acr": ...}), applied last.
        self.id_token_overrides: dict[str, Any] = {}
        # What happened, for assertions: request counts per path, client auth methods used,
        # and the OAuth error codes the token endpoint answered with.
        self.hits: Counter[str] = Counter()
        self.token_auth_methods: list[str] = []
        self.token_errors: list[str] = []
        self._pending: dict[str, _AuthorizationRequest] = {}
        self._codes: dict[str, _IssuedCode] = {}
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- life cycle ----------------------------------------------------------------------------

    def start(self) -> LocalOIDCProvider:
        provider = self

        class Handler(_Handler):
            pass

        Handler.provider = provider
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="local-oidc-provider", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> LocalOIDCProvider:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def issuer(self) -> str:
        assert self._server is not None, "the provider is not running"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    # -- keys and tokens -----------------------------------------------------------------------

    @staticmethod
    def _new_key() -> RSAKey:
        key = RSAKey.generate_key(2048, parameters={"use": "sig", "alg": "RS256"})
        key.ensure_kid()
        return key

    def rotate_key(self) -> None:
        """Replace the signing key (new kid), as a provider does from time to time."""
        self.key = self._new_key()

    def jwks(self) -> dict[str, Any]:
        return {"keys": [self.key.as_dict(private=False)]}

    def sign(self, claims: dict[str, Any], *, key: RSAKey | None = None) -> str:
        key = key or self.key
        return jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)

    def id_token_claims(self, issued: _IssuedCode) -> dict[str, Any]:
        now = int(time.time())
        pairwise = hashlib.sha256(f"{self.client_id}:{issued.pid}".encode()).digest()
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": self.client_id,
            "sub": base64.urlsafe_b64encode(pairwise).decode().rstrip("="),
            "pid": issued.pid,
            "acr": issued.request.acr,
            "amr": ["TestID"],
            "nonce": issued.request.nonce,
            "iat": now,
            "auth_time": now,
            "exp": now + ID_TOKEN_LIFETIME_SECONDS,
            "locale": issued.request.ui_locales.split()[0] if issued.request.ui_locales else "nb",
        }
        claims.update(self.id_token_overrides)
        return claims

    def discovery(self) -> dict[str, Any]:
        issuer = self.issuer
        return {
            "issuer": issuer,
            "authorization_endpoint": f"{issuer}/authorize",
            "token_endpoint": f"{issuer}/token",
            "jwks_uri": f"{issuer}/jwks",
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "scopes_supported": ["openid", "profile"],
            "claims_supported": ["iss", "aud", "sub", "pid", "acr", "amr", "nonce", "locale"],
            "acr_values_supported": ["idporten-loa-substantial", "idporten-loa-high"],
            "ui_locales_supported": ["nb", "nn", "en", "se"],
        }

    # -- what the browser does, for tests without a browser -----------------------------------

    def complete_authorization(self, authorize_url: str, pid: str, *, cancel: bool = False) -> str:
        """Open the TestID form at `authorize_url`, submit `pid`; return the redirect back."""
        form = requests.get(authorize_url, timeout=10)
        assert form.status_code == 200, form.text
        match = re.search(r'name="request_id" value="([^"]+)"', form.text)
        assert match, form.text
        data = {"request_id": match.group(1), "pid": pid}
        data["action"] = "cancel" if cancel else "login"
        response = requests.post(
            urljoin(authorize_url, "/authorize"), data=data, allow_redirects=False, timeout=10
        )
        assert response.status_code == 302, response.text
        return response.headers["Location"]

    # -- request handling (called from the server threads) ------------------------------------

    def begin_authorization(self, params: dict[str, str]) -> tuple[int, dict[str, str], str]:
        """Validate an authorization request; answer with the TestID form or a redirect."""
        client_id = params.get("client_id", "")
        redirect_uri = params.get("redirect_uri", "")
        if client_id != self.client_id or redirect_uri not in self.redirect_uris:
            # Never redirect to an unregistered address (RFC 6749 §4.1.2.1).
            return 400, {}, _page("Ugyldig forespørsel", "<p>Ukjent klient eller adresse.</p>")
        state = params.get("state", "")

        def error(code: str) -> tuple[int, dict[str, str], str]:
            return 302, {"Location": _with_query(redirect_uri, error=code, state=state)}, ""

        if params.get("response_type") != "code":
            return error("unsupported_response_type")
        if "openid" not in params.get("scope", "").split():
            return error("invalid_scope")
        if (
            not state
            or not params.get("nonce")
            or params.get("code_challenge_method") != "S256"
            or not params.get("code_challenge")
        ):
            return error("invalid_request")
        acr_values = params.get("acr_values", "").split()
        request = _AuthorizationRequest(
            client_id=client_id,
            redirect_uri=redirect_uri,
            state=state,
            nonce=params["nonce"],
            code_challenge=params["code_challenge"],
            acr=acr_values[0] if acr_values else DEFAULT_ACR,
            scope=params.get("scope", ""),
            ui_locales=params.get("ui_locales", ""),
        )
        request_id = secrets.token_urlsafe(16)
        with self._lock:
            self._pending[request_id] = request
        return 200, {}, _testid_form(request_id)

    def finish_authorization(self, form: dict[str, str]) -> tuple[int, dict[str, str], str]:
        with self._lock:
            request = self._pending.pop(form.get("request_id", ""), None)
        if request is None:
            return 400, {}, _page("Ugyldig forespørsel", "<p>Innloggingen er utløpt.</p>")
        if form.get("action") == "cancel":
            location = _with_query(request.redirect_uri, error="access_denied", state=request.state)
            return 302, {"Location": location}, ""
        pid = form.get("pid", "").strip()
        if not pid:
            return 400, {}, _page("Ugyldig forespørsel", "<p>Skriv inn et fødselsnummer.</p>")
        code = secrets.token_urlsafe(32)
        with self._lock:
            self._codes[code] = _IssuedCode(
                request=request, pid=pid, expires_at=time.monotonic() + CODE_LIFETIME_SECONDS
            )
        location = _with_query(request.redirect_uri, code=code, state=request.state)
        return 302, {"Location": location}, ""

    def token(self, form: dict[str, str], authorization: str) -> tuple[int, dict[str, Any]]:
        client_id, client_secret, method = _client_credentials(form, authorization)
        if method == "ambiguous":
            return self._token_error(400, "invalid_request")
        self.token_auth_methods.append(method)
        if not (
            hmac.compare_digest(client_id.encode(), self.client_id.encode())
            and hmac.compare_digest(client_secret.encode(), self.client_secret.encode())
        ):
            return self._token_error(401, "invalid_client")
        if form.get("grant_type") != "authorization_code":
            return self._token_error(400, "unsupported_grant_type")
        with self._lock:
            issued = self._codes.pop(form.get("code", ""), None)  # a code works once
        if issued is None or issued.expires_at < time.monotonic():
            return self._token_error(400, "invalid_grant")
        if issued.request.client_id != client_id:
            return self._token_error(400, "invalid_grant")
        if form.get("redirect_uri") != issued.request.redirect_uri:
            return self._token_error(400, "invalid_grant")
        verifier = form.get("code_verifier", "")
        if not _VERIFIER_RE.match(verifier) or not hmac.compare_digest(
            s256(verifier), issued.request.code_challenge
        ):
            return self._token_error(400, "invalid_grant")
        body = {
            "access_token": secrets.token_urlsafe(32),
            "token_type": "Bearer",
            "expires_in": ID_TOKEN_LIFETIME_SECONDS,
            "scope": issued.request.scope,
            "id_token": self.sign(self.id_token_claims(issued)),
        }
        return 200, body

    def _token_error(self, status: int, code: str) -> tuple[int, dict[str, Any]]:
        self.token_errors.append(code)
        return status, {"error": code}


def _client_credentials(form: dict[str, str], authorization: str) -> tuple[str, str, str]:
    """(client_id, client_secret, method) from Basic auth (RFC 6749 §2.3.1) or the form."""
    has_basic = authorization.lower().startswith("basic ")
    has_post = "client_secret" in form
    if has_basic and has_post:
        return "", "", "ambiguous"
    if has_basic:
        try:
            raw = base64.b64decode(authorization[6:].strip(), validate=True).decode()
            client_id, _, client_secret = raw.partition(":")
        except ValueError:
            return "", "", "client_secret_basic"
        return unquote_plus(client_id), unquote_plus(client_secret), "client_secret_basic"
    if has_post:
        return form.get("client_id", ""), form.get("client_secret", ""), "client_secret_post"
    return "", "", "none"


def _with_query(url: str, **params: str) -> str:
    separator = "&" if urlsplit(url).query else "?"
    return f"{url}{separator}{urlencode(params)}"


def _page(title: str, body: str) -> str:
    return (
        '<!doctype html><html lang="nb"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head><body><h1>{html.escape(title)}</h1>"
        f"{body}</body></html>"
    )


def _testid_form(request_id: str) -> str:
    return _page(
        "TestID",
        "<p>Lokal testinnlogging. Ingen ekte personer.</p>"
        '<form method="post" action="/authorize">'
        f'<input type="hidden" name="request_id" value="{html.escape(request_id)}">'
        '<p><label for="pid">Fødselsnummer</label> '
        '<input id="pid" name="pid" autocomplete="off" required></p>'
        '<p><button type="submit" name="action" value="login">Logg inn</button> '
        '<button type="submit" name="action" value="cancel" formnovalidate>Avbryt</button></p>'
        "</form>",
    )


class _Handler(BaseHTTPRequestHandler):
    provider: LocalOIDCProvider
    server_version = "LocalOIDCProvider/1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Quiet: the request line of /authorize would show state and nonce in test output."""

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        self.provider.hits[url.path] += 1
        if url.path == "/.well-known/openid-configuration":
            self._json(200, self.provider.discovery())
        elif url.path == "/jwks":
            self._json(200, self.provider.jwks())
        elif url.path == "/authorize":
            self._answer(*self.provider.begin_authorization(_single(parse_qs(url.query))))
        else:
            self._json(404, {"error": "not_found"})

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        self.provider.hits[url.path] += 1
        length = int(self.headers.get("Content-Length") or 0)
        form = _single(parse_qs(self.rfile.read(length).decode("utf-8")))
        if url.path == "/authorize":
            self._answer(*self.provider.finish_authorization(form))
        elif url.path == "/token":
            status, body = self.provider.token(form, self.headers.get("Authorization", ""))
            headers = {"WWW-Authenticate": "Basic"} if status == 401 else {}
            self._json(status, body, headers)
        else:
            self._json(404, {"error": "not_found"})

    def _answer(self, status: int, headers: dict[str, str], body: str) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def _json(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None):
        data = json.dumps(body).encode("utf-8")
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)


def _single(values: dict[str, list[str]]) -> dict[str, str]:
    """First value of each parameter (OAuth forbids repeating one, RFC 6749 §3.1)."""
    return {name: items[0] for name, items in values.items() if items}
