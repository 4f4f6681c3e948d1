"""What people do in Samskap, in a real browser: privacy, two-factor, keyboard, small screens."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import (
    SeededServer,
    assert_no_horizontal_scroll,
    axe_check,
    login_as,
    new_page,
    screenshot,
    submit_password,
    submit_totp,
    switch_language,
)

FOCUS_STYLE = """() => {
    const el = document.activeElement;
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return {
        tag: el.tagName.toLowerCase(), id: el.id, cls: el.className, text: el.textContent.trim(),
        outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth) || 0,
        boxShadow: s.boxShadow,
        left: r.left, top: r.top, right: r.right, bottom: r.bottom,
        width: r.width, height: r.height,
    };
}"""


def _focused(page: Page) -> dict:
    return page.evaluate(FOCUS_STYLE)


def _assert_focus_visible(page: Page) -> dict:
    """The focused element is on screen and has a visible outline or focus ring."""
    el = _focused(page)
    has_outline = el["outlineStyle"] != "none" and el["outlineWidth"] >= 1
    has_ring = el["boxShadow"] not in ("", "none")
    assert has_outline or has_ring, f"no visible focus indicator on {el}"
    viewport = page.viewport_size or {"width": 0, "height": 0}
    assert el["width"] > 0 and el["height"] > 0, f"focused element has no size: {el}"
    assert el["right"] > 0 and el["left"] < viewport["width"], f"focus off screen: {el}"
    assert el["bottom"] > 0 and el["top"] < viewport["height"], f"focus off screen: {el}"
    return el


def test_resident_sees_who_looked_at_her_data_after_nurse_opened_it(
    page: Page, browser: Browser, seeded_live_server: SeededServer
) -> None:
    server = seeded_live_server
    login_as(page, server.url, "trine")
    page.goto(server.person_url("eli"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Eli Haugen")

    eli = new_page(browser)
    try:
        login_as(eli, server.url, "eli")
        eli.get_by_role("link", name="Åpne mine opplysninger").click()
        log = eli.get_by_role("region", name="Hvem har sett på opplysningene mine")
        expect(log).to_be_visible()
        row = log.get_by_role("row").filter(has_text="Trine Nordby")
        expect(row).to_have_count(1)
        expect(row).to_contain_text("Følger opp personen i tjenesten")
        axe_check(eli, "story-eli-sees-access-log")
    finally:
        eli.context.close()


def test_volunteer_gets_403_on_someone_elses_page(
    page: Page, seeded_live_server: SeededServer
) -> None:
    server = seeded_live_server
    login_as(page, server.url, "lars")
    response = page.goto(server.person_url("eli"))
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Du har ikke tilgang til denne siden")
    expect(page.locator("main")).not_to_contain_text("Vestringsvegen")
    page.get_by_role("link", name="Tilbake til min side").click()
    expect(page).to_have_url(f"{server.url}/min-side/")
    response = page.goto(server.person_url("eli", "innsyn/"))
    assert response is not None and response.status == 403


def test_relative_gives_consent_to_coordinators_and_coordinator_can_then_open_the_page(
    page: Page, browser: Browser, seeded_live_server: SeededServer
) -> None:
    server = seeded_live_server
    login_as(page, server.url, "hanne")
    response = page.goto(server.person_url("eli"))
    assert response is not None and response.status == 403

    axel = new_page(browser)
    try:
        login_as(axel, server.url, "axel")
        axel.get_by_role("link", name="Eli Haugen").click()
        axel.get_by_role("link", name="Endre hvem som kan se opplysningene").click()
        axel.get_by_label("Hvem skal få se det?").select_option(label="Koordinatorene i kommunen")
        axel.get_by_label("Hva skal de få se?").select_option(
            label="Personopplysninger og nettverk"
        )
        axel.get_by_role("button", name="Gi samtykke").click()
        expect(axel.get_by_role("status")).to_contain_text("Samtykket er lagret")
        current = axel.get_by_role("region", name="Gjeldende samtykker")
        expect(current).to_contain_text("Koordinator")
        axe_check(axel, "story-axel-gave-consent")
    finally:
        axel.context.close()

    response = page.goto(server.person_url("eli"))
    assert response is not None and response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Eli Haugen")


def test_staff_cannot_skip_two_factor(page: Page, seeded_live_server: SeededServer) -> None:
    server = seeded_live_server
    submit_password(page, server.url, "trine")
    expect(page).to_have_url(re.compile(r"/logg-inn/totp/"))

    page.goto(f"{server.url}/min-side/")
    expect(page).to_have_url(re.compile(r"/logg-inn/totp/\?next=/min-side/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekreft at det er deg")
    page.goto(server.person_url("eli"))
    expect(page).to_have_url(re.compile(r"/logg-inn/totp/"))
    expect(page.locator("main")).not_to_contain_text("Vestringsvegen")

    page.get_by_label("Engangskode").fill("000000")
    page.get_by_role("button", name="Bekreft").click()
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/logg-inn/totp/"))

    # The wrong code above throttles the device briefly; wait until a code is accepted.
    for _attempt in range(8):
        page.wait_for_timeout(1000)
        submit_totp(page, "trine")
        if "/logg-inn/totp/" not in page.url:
            break
    expect(page).to_have_url(f"{server.url}/personer/{server.people['eli'].pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Eli Haugen")


def test_keyboard_only_login(page: Page, seeded_live_server: SeededServer) -> None:
    server = seeded_live_server
    page.goto(f"{server.url}/logg-inn/")

    page.keyboard.press("Tab")
    skip = _assert_focus_visible(page)
    assert skip["cls"] == "ds-skip-link", f"first Tab stop is not the skip link: {skip}"
    assert skip["text"] == "Hopp til hovedinnholdet"
    screenshot(page, "story-keyboard-skip-link")

    # The skip link jumps past the header: the next Tab stop is the first field.
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    page.keyboard.press("Tab")
    assert _assert_focus_visible(page)["id"] == "id_username"

    # Without the skip link, Tab walks through the header; every stop shows its focus.
    page.goto(f"{server.url}/logg-inn/")
    seen = []
    for _ in range(15):
        page.keyboard.press("Tab")
        el = _assert_focus_visible(page)
        seen.append(el["id"] or el["text"])
        if el["id"] == "id_username":
            break
    assert seen[0] == "Hopp til hovedinnholdet", seen
    assert "language-select" in seen, seen
    assert seen[-1] == "id_username", f"Tab never reached the username field: {seen}"

    page.keyboard.type("eli")
    page.keyboard.press("Tab")
    assert _assert_focus_visible(page)["id"] == "id_password"
    page.keyboard.type("feil-passord")
    page.keyboard.press("Tab")
    button = _assert_focus_visible(page)
    assert button["tag"] == "button" and button["text"] == "Logg inn"
    screenshot(page, "story-keyboard-focus-on-button")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # Wrong password: the error summary takes focus (it is read out first), the title says
    # there is an error, and the next Tab stops are the fields again, username kept.
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Feil brukernavn eller passord")
    expect(page).to_have_title(re.compile(r"^Feil: "))
    page.keyboard.press("Tab")
    assert _assert_focus_visible(page)["id"] == "id_username"
    expect(page.locator("#id_username")).to_have_value("eli")
    page.keyboard.press("Tab")
    page.keyboard.type("samskap-demo")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(f"{server.url}/min-side/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hei, Eli")


def test_works_at_320px_width(browser: Browser, seeded_live_server: SeededServer) -> None:
    server = seeded_live_server
    page = new_page(browser, viewport={"width": 320, "height": 640})
    try:
        for url, name in [(f"{server.url}/", "start"), (f"{server.url}/logg-inn/", "login")]:
            page.goto(url)
            assert_no_horizontal_scroll(page, 320)
            axe_check(page, f"320px-{name}")
        login_as(page, server.url, "eli")
        pages = [
            ("/min-side/", "home"),
            (f"/personer/{server.people['eli'].pk}/", "person-eli"),
            (f"/personer/{server.people['eli'].pk}/endre/", "person-eli-edit"),
            (f"/personer/{server.people['eli'].pk}/samtykke/", "person-eli-consents"),
            (f"/personer/{server.people['eli'].pk}/innsyn/", "person-eli-access-log"),
            ("/organisasjoner/", "organisations"),
        ]
        for path, name in pages:
            page.goto(f"{server.url}{path}")
            assert_no_horizontal_scroll(page, 320)
            axe_check(page, f"320px-{name}")
    finally:
        page.context.close()


def test_works_at_200_percent_zoom(browser: Browser, seeded_live_server: SeededServer) -> None:
    """200 % zoom of a 1280x900 window, emulated as a 640x450 CSS-pixel viewport at 2x.

    Browser zoom changes exactly these two things: the layout viewport shrinks to half the
    CSS pixels and each CSS pixel gets two device pixels. (CSS ``zoom`` on <html> would
    leave media queries at desktop width, which is not what users get.)
    """
    server = seeded_live_server
    page = new_page(browser, viewport={"width": 640, "height": 450}, device_scale_factor=2)
    try:
        login_as(page, server.url, "hanne")
        for path, name in [
            ("/", "start"),
            ("/min-side/", "home-hanne"),
            ("/organisasjoner/", "organisations"),
            ("/personer/ny/", "person-create"),
        ]:
            page.goto(f"{server.url}{path}")
            assert_no_horizontal_scroll(page, 640)
            axe_check(page, f"zoom200-{name}")
            for control in (
                page.locator("#language-select"),
                page.get_by_role("button", name="Bytt språk"),
                page.get_by_role("button", name="Logg ut"),
                page.get_by_role("navigation", name="Hovedmeny").get_by_role("link").first,
            ):
                expect(control).to_be_visible()
                control.scroll_into_view_if_needed()
                box = control.bounding_box()
                assert box is not None
                assert box["x"] >= 0 and box["x"] + box["width"] <= 640, (name, box)
        switch_language(page, "nn")
        switch_language(page, "nb")
        page.get_by_role("button", name="Logg ut").click()
        expect(page.get_by_role("status")).to_contain_text("Du er logget ut")
    finally:
        page.context.close()


def test_core_flows_work_without_javascript(
    browser: Browser, seeded_live_server: SeededServer
) -> None:
    server = seeded_live_server
    page = new_page(browser, java_script_enabled=False)
    try:
        login_as(page, server.url, "eli")
        expect(page.get_by_role("heading", level=1)).to_have_text("Hei, Eli")

        switch_language(page, "nn")
        assert page.url == f"{server.url}/min-side/"
        switch_language(page, "nb")

        page.goto(server.person_url("eli", "endre/"))
        page.locator("#id_postal_code").fill("12")
        page.get_by_role("button", name="Lagre").click()
        summary = page.locator("#error-summary")
        expect(summary).to_contain_text("Postnummeret har fire siffer.")
        summary.get_by_role("link", name=re.compile("Postnummer")).click()
        expect(page.locator("#id_postal_code")).to_be_focused()
        page.locator("#id_postal_code").fill("2651")
        page.locator("#id_about").fill("Liker å bake med andre. Går gjerne på kafé.")
        page.get_by_role("button", name="Lagre").click()
        # (The fragment from the error link survives the post and the redirect; harmless.)
        expect(page).to_have_url(re.compile(re.escape(server.person_url("eli")) + "(#.*)?$"))
        expect(page.get_by_role("status")).to_contain_text("Endringene er lagret")
        expect(page.locator("main")).to_contain_text("Går gjerne på kafé.")
        screenshot(page, "story-no-js-saved")
    finally:
        page.context.close()
