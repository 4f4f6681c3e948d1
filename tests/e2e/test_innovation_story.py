"""The innovation portfolio in a real browser: Sigrid (leader in Ringebu) marks Lyngdal's
Hverdagshjelpen as taken into use and the barometer counts it; the four keys diagram shows
every seeded example; Hanne adds Gausdal's own initiative. axe on every page in bokmål,
nynorsk and English; nothing scrolls sideways at 375 px."""

from __future__ import annotations

import json

from playwright.sync_api import expect

from tests.e2e.conftest import (
    DESKTOP,
    PHONE,
    check_page,
    login_as,
    new_page,
    screenshot,
    switch_language,
)


def test_ringebu_adopts_an_initiative_from_lyngdal_and_it_is_counted(seeded_live_server, browser):
    from samskap.demo.innovation_seed import DATA, seed_innovation_demo
    from samskap.innovation.models import Adoption

    seed_innovation_demo()
    base = seeded_live_server.url
    examples = json.loads(DATA.read_text("utf-8"))

    page = new_page(browser, viewport=DESKTOP)
    page.goto(f"{base}/innovasjon/barometer/")
    before = page.locator("#kommune-table").inner_text()
    assert "Ringebu" not in before
    login_as(page, base, "sigrid")
    page.goto(f"{base}/innovasjon/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nye måter å skape velferd på")
    check_page(page, "innovation-catalogue", screenshots=True)
    page.locator("#id_q").fill("hverdagshjelpen")
    with page.expect_navigation():
        page.get_by_role("button", name="Vis", exact=True).click()
    page.get_by_role("link", name="Hverdagshjelpen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hverdagshjelpen")
    expect(page.locator("main")).to_contain_text("Lyngdal")
    check_page(page, "innovation-detail")
    page.get_by_label("Tatt i bruk").check()
    page.get_by_label("Hvordan dere gjør det").fill("Med helsefagelever fra Otta vgs.")
    with page.expect_navigation():
        page.get_by_role("button", name="Meld fra").click()
    expect(page.get_by_role("status").filter(has_text="Ringebu")).to_be_visible()
    expect(page.locator("#spread-heading + ul")).to_contain_text("Ringebu")
    check_page(page, "innovation-detail-adopted", screenshots=True)
    assert Adoption.objects.filter(
        initiative__slug="hverdagshjelpen", kommune__name="Ringebu", status="adopted"
    ).exists()

    page.goto(f"{base}/innovasjon/barometer/")
    row = page.locator("#kommune-table tr", has_text="Ringebu")
    expect(row).to_contain_text("1")
    check_page(page, "innovation-barometer", screenshots=True)

    page.goto(f"{base}/innovasjon/fire-nokler/")
    figure = page.locator("figure.keys-figure svg")
    expect(figure).to_have_attribute("role", "img")
    assert figure.locator("text.keys-label").count() == len(examples) + 1
    table = page.locator("#keys-table")
    for entry in examples:
        expect(table).to_contain_text(entry["title"])
    check_page(page, "innovation-keys", screenshots=True)
    for language in ("nn", "en"):
        switch_language(page, language)
        check_page(page, f"innovation-keys-{language}")
        page.goto(f"{base}/innovasjon/hverdagshjelpen/")
        check_page(page, f"innovation-detail-{language}")
        page.goto(f"{base}/innovasjon/barometer/")
        check_page(page, f"innovation-barometer-{language}")
        page.goto(f"{base}/innovasjon/fire-nokler/")
    switch_language(page, "nb")
    page.context.close()

    # Hanne adds Gausdal's own initiative; forgetting the keys is explained.
    hanne = new_page(browser, viewport=PHONE)
    login_as(hanne, base, "hanne")
    hanne.goto(f"{base}/innovasjon/ny/")
    hanne.get_by_label("Navn", exact=True).fill("Turvenner på Forset")
    hanne.get_by_label("Tema").fill("Fysisk aktivitet og fellesskap")
    hanne.get_by_label("Utforsking og ideer").check()
    hanne.get_by_label("Planlegging").check()
    hanne.get_by_label("Kort om initiativet").fill("Frivillige går tur med eldre som bor alene.")
    with hanne.expect_navigation():
        hanne.get_by_role("button", name="Legg til", exact=True).click()
    expect(hanne.locator("#error-summary")).to_contain_text("fire nøklene")
    expect(hanne.get_by_label("Kort om initiativet")).to_have_value(
        "Frivillige går tur med eldre som bor alene."
    )
    check_page(hanne, "innovation-new-error", screenshots=True)
    hanne.locator("input[name=key_relations][value='3']").check()
    with hanne.expect_navigation():
        hanne.get_by_role("button", name="Legg til", exact=True).click()
    expect(hanne.get_by_role("heading", level=1)).to_have_text("Turvenner på Forset")
    hanne.goto(f"{base}/innovasjon/import/")
    check_page(hanne, "innovation-import")
    screenshot(hanne, "innovation-import-375")
    hanne.context.close()
