from __future__ import annotations

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.test import Client, override_settings

from samskap.demo.cast import DEMO_PASSWORD
from tests.helpers import current_totp, login

pytestmark = pytest.mark.django_db


def test_resident_logs_in_with_password_only(users):
    client = login(Client(), "eli", with_totp=False)
    response = client.get("/min-side/")
    assert response.status_code == 200
    assert "Hei, Eli" in response.content.decode()


@pytest.mark.parametrize("username", ["hanne", "trine", "solveig", "lilly", "anders"])
def test_staff_must_pass_totp_before_seeing_anything(users, username):
    client = Client()
    client.post("/logg-inn/", {"username": username, "password": DEMO_PASSWORD})
    response = client.get("/min-side/")
    assert response.status_code == 302
    assert response["Location"].startswith("/logg-inn/totp/")
    wrong = client.post(
        "/logg-inn/totp/", {"token": "000000" if current_totp(username) != "000000" else "111111"}
    )
    assert wrong.status_code == 200
    assert "Koden stemmer ikke" in wrong.content.decode()
    assert client.get("/min-side/").status_code == 302
    throttled = client.post("/logg-inn/totp/", {"token": current_totp(username)})
    assert "Vent noen sekunder" in throttled.content.decode()
    _let_throttle_expire(username)
    ok = client.post("/logg-inn/totp/", {"token": current_totp(username), "next": "/min-side/"})
    assert ok.status_code == 302 and ok["Location"] == "/min-side/"
    assert client.get("/min-side/").status_code == 200


def _let_throttle_expire(username: str) -> None:
    """Move the device's last failure back in time instead of sleeping."""
    import datetime as dt

    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user__username=username).update(
        throttling_failure_timestamp=dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    )


def test_staff_without_device_is_sent_to_setup_and_can_enrol(users):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=users["hanne"]).delete()
    client = Client()
    client.post("/logg-inn/", {"username": "hanne", "password": DEMO_PASSWORD})
    response = client.get("/logg-inn/totp/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/logg-inn/totp/oppsett/")
    device = TOTPDevice.objects.get(user=users["hanne"], confirmed=False)
    code = f"{totp(device.bin_key):06d}"
    response = client.post("/logg-inn/totp/oppsett/", {"token": code, "next": "/min-side/"})
    assert response.status_code == 302
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get("/min-side/").status_code == 200


def test_wrong_password_shows_clear_norwegian_message(users):
    response = Client().post("/logg-inn/", {"username": "eli", "password": "feil"})
    assert response.status_code == 200
    assert "Feil brukernavn eller passord" in response.content.decode()


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_login(users):
    client = Client()
    for _ in range(3):
        client.post("/logg-inn/", {"username": "eli", "password": "feil"})
    response = client.post("/logg-inn/", {"username": "eli", "password": DEMO_PASSWORD})
    assert response.status_code == 429
    assert "For mange forsøk" in response.content.decode()


def test_passwords_are_hashed_with_argon2_in_production_settings(users):
    from django.contrib.auth.hashers import make_password

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"]):
        assert identify_hasher(make_password("et langt passord")).algorithm == "argon2"
    from samskap.config.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_logout_requires_post(users):
    client = login(Client(), "eli", with_totp=False)
    assert client.get("/logg-ut/").status_code == 405
    assert client.post("/logg-ut/").status_code == 302
    assert client.get("/min-side/").status_code == 302
