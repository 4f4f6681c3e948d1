"""Issue 4 as a new user would check it, in a real browser.

Axel (Eli's husband, with her written authorisation) posts a recurring visiting-friend need
for Eli; Hanne runs the batch assignment and sends it; Randi — never Julie, who lives closer
but lacks the reference Gausdal requires — gets the message, accepts, logs her hours; the
hours appear in Gausdal's statistics; Axel sees who is coming and her phone number. axe runs
on every page on the way, at desktop and phone width.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_horizontal_scroll, axe_check, login_as, new_page


def next_tuesday() -> dt.date:
    today = timezone.localdate()
    return today + dt.timedelta(days=(1 - today.weekday()) % 7 or 7)


def test_relative_posts_visiting_friend_need_and_volunteer_helps(seeded_live_server, browser):
    base = seeded_live_server.url
    gausdal = seeded_live_server.kommuner["3441"].pk

    # --- Axel asks for a visiting friend for Eli ---------------------------------------------
    axel = new_page(browser)
    login_as(axel, base, "axel")
    axel.goto(f"{base}/hjelp/")
    axe_check(axel, name="help-overview-axel")
    axel.get_by_role("link", name="Be om hjelp for Eli").click()
    axe_check(axel, name="help-need-form")
    axel.get_by_label("Besøksvenn", exact=True).check()
    axel.get_by_label("Beskriv med egne ord").fill(
        "Eli savner å prate med noen. Kaffe og en tur ut i rullestolen hvis været er fint."
    )
    axel.get_by_label("Fra hvilken dato?").fill(next_tuesday().isoformat())
    axel.get_by_label("Annenhver uke").check()
    axel.get_by_label("Formiddag (kl. 8–12)").check()
    axel.get_by_label("Ettermiddag (kl. 12–16)").check()
    axel.get_by_label("Hjelperen blir alene med Eli").check()
    axel.get_by_role("button", name=re.compile("Send|Lagre|Be om hjelp")).click()
    expect(axel.get_by_role("heading", level=1)).to_contain_text("Besøksvenn")
    expect(axel.locator("main")).to_contain_text("Venter på hjelper")
    need_url = axel.url
    axe_check(axel, name="help-need-detail-axel")
    axel.get_by_role("link", name="Endre").click()
    expect(axel.get_by_label("Beskriv med egne ord")).to_have_value(re.compile("Eli savner"))
    axe_check(axel, name="help-need-edit-axel")
    axel.goto(need_url)

    # --- Hanne runs the batch assignment and sends it -----------------------------------------
    hanne = new_page(browser)
    login_as(hanne, base, "hanne")
    hanne.goto(f"{base}/hjelp/koordinator/{gausdal}/")
    axe_check(hanne, name="help-coordinator")
    hanne.get_by_role("button", name="Fordel oppdrag").click()
    expect(hanne.get_by_role("heading", level=1)).to_be_visible()
    main = hanne.locator("main")
    expect(main).to_contain_text("Randi")
    expect(main).not_to_contain_text("Julie")
    expect(main).to_contain_text(re.compile("[Bb]evist optimal"))
    axe_check(hanne, name="help-run-review")
    hanne.get_by_role("button", name="Send forespørsler").click()
    expect(hanne.locator("main")).to_contain_text(re.compile("[Ss]endt|spurt"))

    # --- Randi gets the message, answers yes, logs her hours -----------------------------------
    randi = new_page(browser, viewport={"width": 375, "height": 800})
    login_as(randi, base, "randi")
    randi.goto(f"{base}/meldinger/")
    axe_check(randi, name="notifications-inbox-randi")
    randi.get_by_role("link", name=re.compile("Kan du hjelpe")).first.click()
    content = randi.locator("main")
    expect(content).to_contain_text(re.compile("besøksvenn", re.IGNORECASE))
    # Before she says yes: no name, address or phone of Eli.
    expect(content).not_to_contain_text("Vestringsvegen")
    expect(content).not_to_contain_text("913 45 120")
    axe_check(randi, name="help-assignment-asked-phone")
    assert_no_horizontal_scroll(randi, 375)
    randi.get_by_role("button", name="Ja, jeg tar det").click()
    expect(randi.locator("main")).to_contain_text("Vestringsvegen 12")
    expect(randi.locator("a[href^='tel:']").first).to_be_visible()
    randi.get_by_label("Hvor mange timer?").fill("1.5")
    randi.get_by_role("button", name="Registrer").click()
    expect(randi.locator("main")).to_contain_text(re.compile("[Rr]egistrert|lagret"))
    axe_check(randi, name="help-assignment-accepted-phone")
    assert_no_horizontal_scroll(randi, 375)
    randi.goto(f"{base}/hjelp/hjelper/")
    expect(randi.locator("main")).to_contain_text("1,5 timer")
    axe_check(randi, name="help-helper-page-phone")
    assert_no_horizontal_scroll(randi, 375)

    # --- The hours appear in Gausdal's statistics ----------------------------------------------
    hanne.goto(f"{base}/hjelp/statistikk/{gausdal}/")
    category_table = hanne.get_by_role("table").filter(has_text="Besøksvenn").last
    expect(category_table).to_contain_text("1,5")
    axe_check(hanne, name="help-statistics")

    # --- Axel sees who is coming, with a phone number to call ----------------------------------
    axel.goto(need_url)
    expect(axel.locator("main")).to_contain_text("Randi")
    expect(axel.locator("a[href='tel:+4795714220']")).to_be_visible()
    for page in (axel, hanne, randi):
        page.context.close()
