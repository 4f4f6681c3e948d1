"""A resident logs in with ID-porten (here: the local TestID provider) in headless Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from samskap.demo.cast import seed_region_and_cast
from tests.oidc_provider import LocalOIDCProvider

pytestmark = pytest.mark.e2e


@pytest.fixture
def idporten(live_server, settings):
    with LocalOIDCProvider(redirect_uris={f"{live_server.url}/oidc/callback/"}) as provider:
        settings.OIDC_ISSUER = provider.issuer
        settings.OIDC_CLIENT_ID = provider.client_id
        settings.OIDC_CLIENT_SECRET = provider.client_secret
        settings.OIDC_ACR_VALUES = "idporten-loa-substantial"
        yield provider


def test_resident_logs_in_with_id_porten(live_server, transactional_db, idporten, page: Page):
    seed_region_and_cast()

    page.goto(f"{live_server.url}/logg-inn/")
    page.get_by_role("link", name="Logg inn med ID-porten").click()

    expect(page).to_have_title("TestID")
    assert page.url.startswith(f"{idporten.issuer}/authorize?")
    page.get_by_label("Fødselsnummer").fill("demo-eli")
    page.get_by_role("button", name="Logg inn", exact=True).click()

    expect(page).to_have_url(re.compile(re.escape(f"{live_server.url}/min-side/") + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hei, Eli")
    assert idporten.token_auth_methods == ["client_secret_basic"]
