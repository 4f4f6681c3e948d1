"""A coordinator finds a resident by typing: the list updates without reloading (htmx),
and the count is announced in a status region."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.conftest import axe_check, login_as


def test_coordinator_search_updates_the_list_as_she_types(page: Page, seeded_live_server):
    server = seeded_live_server
    gausdal = server.kommuner["3441"].pk
    login_as(page, server.url, "hanne")
    page.goto(f"{server.url}/min-side/")
    page.evaluate("window.__marker = 'same page'")
    page.locator(f"#q-{gausdal}").fill("Haugen")
    rows = page.locator(f"#residents-{gausdal} tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator(f"#count-{gausdal}")).to_have_text("2 treff")
    assert page.evaluate("window.__marker") == "same page"  # no full reload
    assert "Eli Haugen" in page.locator(f"#residents-{gausdal}").inner_text()
    axe_check(page, "coordinator-search")
