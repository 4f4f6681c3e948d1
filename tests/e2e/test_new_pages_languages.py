"""Every page added for help and meeting places passes axe in nynorsk and English too."""

from __future__ import annotations

import pytest

from samskap.activities.models import Activity
from tests.e2e.conftest import axe_check, login_as, new_page, switch_language


@pytest.mark.parametrize("language", ["nn", "en"])
def test_help_and_activity_pages_in_nynorsk_and_english(seeded_live_server, browser, language):
    base = seeded_live_server.url
    gausdal = seeded_live_server.kommuner["3441"].pk
    eli = seeded_live_server.people["eli"].pk
    sterk = Activity.objects.get(title="Sterk og stødig").pk
    pages = {
        "hanne": [
            "/hjelp/",
            f"/hjelp/ny/{eli}/",
            f"/hjelp/koordinator/{gausdal}/",
            f"/hjelp/koordinator/{gausdal}/hjelpere/",
            f"/hjelp/koordinator/{gausdal}/innstillinger/",
            f"/hjelp/statistikk/{gausdal}/",
            f"/aktiviteter/koordinator/{gausdal}/",
        ],
        "randi": [
            "/hjelp/hjelper/",
            "/hjelp/hjelper/profil/",
            "/meldinger/",
            "/aktiviteter/",
            f"/aktiviteter/{sterk}/",
            f"/aktiviteter/{sterk}/oppmote/",
        ],
    }
    for username, paths in pages.items():
        page = new_page(browser)
        login_as(page, base, username)
        switch_language(page, language)
        for path in paths:
            page.goto(f"{base}{path}")
            assert page.locator("html").get_attribute("lang") == language
            axe_check(page, name=f"lang-{language}-{username}-{path.strip('/').replace('/', '-')}")
        page.context.close()
