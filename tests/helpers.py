from __future__ import annotations

from django.test import Client
from django_otp.oath import totp

from samskap.demo.cast import DEMO_PASSWORD, totp_key_for


def current_totp(username: str) -> str:
    """Compute the current TOTP code from the demo key, independently of the app."""
    return f"{totp(bytes.fromhex(totp_key_for(username))):06d}"


def login(client: Client, username: str, *, with_totp: bool = True) -> Client:
    response = client.post("/logg-inn/", {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, response.content[:2000]
    if with_totp and response["Location"].startswith("/logg-inn/totp/") is False:
        probe = client.get("/min-side/")
        if probe.status_code == 302 and probe["Location"].startswith("/logg-inn/totp/"):
            response = client.post("/logg-inn/totp/", {"token": current_totp(username)})
            assert response.status_code == 302
    return client
