"""Rides in a real browser: Hanne plans Thursday's Sterk og stødig rides in Gausdal for two
volunteer drivers, Marius reads his run sheet on a phone and prints it, Eli sees her pick-up
time, Axel orders a ride to the doctor for Eli. axe on every page in bokmål, nynorsk and
English; nothing scrolls sideways at 375 px."""

from __future__ import annotations

import io
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.conftest import (
    DESKTOP,
    PHONE,
    SCREENSHOT_DIR,
    assert_no_horizontal_scroll,
    axe_check,
    login_as,
    new_page,
    screenshot,
    switch_language,
)


def test_thursday_rides_planned_sent_and_driven(seeded_live_server, browser):
    from samskap.demo.transport_seed import next_thursday, seed_transport_demo
    from samskap.transport.models import DriverShift, PlannedStop, RideRequest

    seed_transport_demo()
    server = seeded_live_server
    base = server.url
    thursday = next_thursday(timezone.localdate())
    gausdal = server.kommuner["3441"]

    # Hanne, coordinator at the volunteer centre, plans Thursday.
    page = new_page(browser, viewport=DESKTOP)
    login_as(page, base, "hanne")
    page.get_by_role("link", name="Skyss", exact=True).last.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Skyss i Gausdal")
    page.get_by_label("Dag", exact=True).fill(thursday.isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Vis dag").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Lag skyssbestillinger fra påmeldingene").click()
    rides = page.locator("#rides")
    expect(rides).to_contain_text("Eli Haugen")
    expect(rides).to_contain_text("Torleif Bakken")
    with page.expect_navigation():
        page.get_by_role("button", name="Godkjenn – Torleif Bakken").click()
    axe_check(page, "transport-day")
    with page.expect_navigation():
        page.get_by_role("button", name="Planlegg kjøringen").click()
    expect(page.get_by_text("Kontrollert: alle tider")).to_be_visible()
    marius_route = page.locator("article", has_text="Frivilligsentralens minibuss")
    expect(marius_route).to_contain_text("Eli Haugen")
    expect(page.locator("article", has_text="Randis bil")).not_to_contain_text("Eli Haugen")
    axe_check(page, "transport-plan")
    screenshot(page, "transport-plan")
    marius_shift = DriverShift.objects.get(driver__person__given_name="Marius", date=thursday)
    eli_ride = RideRequest.objects.get(person=server.people["eli"])
    assert set(PlannedStop.objects.filter(request=eli_ride).values_list("shift_id", flat=True)) == {
        marius_shift.pk
    }
    with page.expect_navigation():
        page.get_by_role("button", name="Send beskjed til passasjerer og sjåfører").click()
    expect(page.get_by_role("status").filter(has_text="meldinger sendt")).to_be_visible()
    page.set_viewport_size(PHONE)
    axe_check(page, "transport-plan-375")
    assert_no_horizontal_scroll(page, PHONE["width"])
    for language in ("nn", "en"):
        switch_language(page, language)
        axe_check(page, f"transport-plan-{language}")
    switch_language(page, "nb")
    # Drivers and vehicles: a bad date is explained and nothing is saved.
    page.set_viewport_size(DESKTOP)
    page.goto(f"{base}/skyss/koordinator/{gausdal.pk}/sjaforer/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sjåfører og biler")
    expect(page.get_by_role("table")).to_contain_text("Randi Holm")
    axe_check(page, "transport-drivers")
    page.get_by_label("Navn på bilen").fill("")
    page.get_by_label("Seter til passasjerer").fill("4")
    with page.expect_navigation():
        page.get_by_role("button", name="Legg til bilen").click()
    expect(page.locator("#error-summary")).to_contain_text("Navn på bilen")
    expect(page.get_by_label("Seter til passasjerer")).to_have_value("4")
    axe_check(page, "transport-drivers-error")
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/skyss/koordinator/{gausdal.pk}/sjaforer/")
    axe_check(page, "transport-drivers-375")
    assert_no_horizontal_scroll(page, PHONE["width"])
    screenshot(page, "transport-drivers-375")
    for language in ("nn", "en"):
        switch_language(page, language)
        axe_check(page, f"transport-drivers-{language}")
    switch_language(page, "nb")
    page.context.close()

    # Marius reads his run sheet on his phone and prints it.
    phone = new_page(browser, viewport=PHONE)
    login_as(phone, base, "marius")
    phone.goto(f"{base}/skyss/")
    phone.get_by_role("link", name="Kjøreliste").first.click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Kjøreliste")
    sheet = phone.locator(".run-sheet")
    expect(sheet).to_contain_text("Eli Haugen")
    expect(sheet).to_contain_text("Sitter i rullestol")
    expect(sheet.get_by_role("link", name="Ring").first).to_be_visible()
    axe_check(phone, "transport-run-sheet-375")
    assert_no_horizontal_scroll(phone, PHONE["width"])
    screenshot(phone, "transport-run-sheet-375")
    href = phone.get_by_role("link", name="Skriv ut kjørelisten (PDF)").get_attribute("href")
    pdf = phone.request.get(f"{base}{href}")
    assert pdf.headers["content-type"] == "application/pdf"
    (SCREENSHOT_DIR.parent / "transport-run-sheet.pdf").write_bytes(pdf.body())
    text = PdfReader(io.BytesIO(pdf.body())).pages[0].extract_text()
    assert "Eli Haugen" in text and "Kjøreliste" in text
    for language in ("nn", "en"):
        switch_language(phone, language)
        axe_check(phone, f"transport-run-sheet-{language}")
    phone.context.close()

    # Randi offers another day in her own car.
    randi = new_page(browser, viewport=PHONE)
    login_as(randi, base, "randi")
    randi.goto(f"{base}/skyss/")
    randi.get_by_label("Dag", exact=True).fill((thursday + timedelta(days=7)).isoformat())
    randi.get_by_label("Ledig fra").fill("09:00")
    randi.get_by_label("Ledig til").fill("13:00")
    with randi.expect_navigation():
        randi.get_by_role("button", name="Meld at jeg kan kjøre (Randis bil)").click()
    expect(randi.get_by_role("status").filter(has_text="Takk!")).to_be_visible()
    axe_check(randi, "transport-mine-driver-375")
    assert_no_horizontal_scroll(randi, PHONE["width"])
    screenshot(randi, "transport-mine-driver-375")
    randi.context.close()

    # Eli sees when she is picked up.
    eli = new_page(browser, viewport=PHONE)
    login_as(eli, base, "eli")
    eli.goto(f"{base}/skyss/")
    expect(eli.get_by_text("Du blir hentet ca. kl.")).to_be_visible()
    axe_check(eli, "transport-mine-375")
    assert_no_horizontal_scroll(eli, PHONE["width"])
    eli.context.close()

    # Axel orders a ride to the doctor for Eli; a mistake first, kept and explained.
    axel = new_page(browser, viewport=DESKTOP)
    login_as(axel, base, "axel")
    axel.goto(f"{base}/skyss/bestill/{server.people['eli'].pk}/")
    expect(axel.get_by_role("heading", level=1)).to_have_text("Bestill skyss for Eli Haugen")
    axel.get_by_label("Hvor skal du?").select_option(label="Gausdal legekontor, Forset")
    axel.get_by_label("Sitter i rullestol under turen").check()
    axel.get_by_label("Til sjåføren").fill("Ring på, Eli hører dårlig.")
    with axel.expect_navigation():
        axel.get_by_role("button", name="Bestill", exact=True).click()
    expect(axel.locator("#error-summary")).to_contain_text("Klokkeslett")
    expect(axel.get_by_label("Til sjåføren")).to_have_value("Ring på, Eli hører dårlig.")
    axe_check(axel, "transport-request-error")
    axel.get_by_label("Klokkeslett").fill("09:30")
    with axel.expect_navigation():
        axel.get_by_role("button", name="Bestill", exact=True).click()
    expect(axel.get_by_role("heading", level=1)).to_contain_text("Gausdal legekontor")
    axe_check(axel, "transport-ride")
    screenshot(axel, "transport-ride")
    assert RideRequest.objects.filter(
        person=server.people["eli"], destination_name="Gausdal legekontor, Forset",
        created_via="representative", kommune=gausdal,
    ).exists()  # fmt: skip
    axel.set_viewport_size(PHONE)
    axel.goto(f"{base}/skyss/bestill/{server.people['eli'].pk}/")
    axe_check(axel, "transport-request-375")
    assert_no_horizontal_scroll(axel, PHONE["width"])
    screenshot(axel, "transport-request-375")
    for language in ("nn", "en"):
        switch_language(axel, language)
        axe_check(axel, f"transport-request-{language}")
    axel.context.close()
