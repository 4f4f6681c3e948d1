"""Eli looks at the activities on a map: the map is closed behind "Vis på kart" so the big
list stays first, opens without JavaScript, passes axe, fits a 375 px phone, and its
numbers are the numbers of the list.
"""

from __future__ import annotations

from playwright.sync_api import Browser, Page

from tests.e2e.conftest import (
    DESKTOP,
    PHONE,
    SCREENSHOT_DIR,
    SeededServer,
    assert_no_horizontal_scroll,
    axe_check,
    login_as,
    new_page,
    screenshot,
)

SMALL_PHONE = {"width": 320, "height": 640}


def _open_map(page: Page) -> None:
    details = page.locator("details.activity-map-details")
    assert details.get_attribute("open") is None  # closed by default
    assert not page.locator("svg.activity-map").is_visible()
    page.get_by_text("Vis på kart", exact=True).click()
    assert details.get_attribute("open") is not None
    assert page.locator("svg.activity-map").is_visible()


def _numbers_match_the_list(page: Page) -> None:
    list_numbers = page.locator(".activity-list .map-number").all_inner_texts()
    titles = page.locator(".activity-list h3 a").all_inner_texts()
    marker_titles = page.locator("svg.activity-map g.activity-map__activity > title")
    on_map = [t.split(",")[0] for t in marker_titles.all_text_contents()]
    assert list_numbers == [str(n) for n in range(1, len(titles) + 1)]
    assert on_map == [f"{n}. {title}" for n, title in zip(list_numbers, titles, strict=True)]


def _element_shot(page: Page, selector: str, name: str) -> None:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.locator(selector).screenshot(path=str(SCREENSHOT_DIR / f"{name}.png"))


def test_eli_opens_the_activity_map_on_her_phone(browser: Browser, seeded_live_server):
    server: SeededServer = seeded_live_server
    page = new_page(browser, viewport=DESKTOP)
    login_as(page, server.url, "eli")
    for query, name in (("", "own-kommune"), ("?kommune=", "all")):
        page.set_viewport_size(DESKTOP)
        page.goto(f"{server.url}/aktiviteter/{query}")
        _open_map(page)
        _numbers_match_the_list(page)
        assert page.locator("svg.activity-map .activity-map__home").count() == 1
        axe_check(page, f"activity-map-{name}-desktop")
        screenshot(page, f"activity-map-{name}-desktop")
        _element_shot(page, "figure.activity-map-figure", f"activity-map-{name}-desktop-map")
        for size in (PHONE, SMALL_PHONE):
            page.set_viewport_size(size)
            assert_no_horizontal_scroll(page, size["width"])
            box = page.locator("svg.activity-map").bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= size["width"]
            # The numbers stay big enough to read on a small phone.
            number = page.locator("svg.activity-map g.activity-map__activity text").first
            assert number.bounding_box()["height"] >= 10
        page.set_viewport_size(PHONE)
        axe_check(page, f"activity-map-{name}-375")
        screenshot(page, f"activity-map-{name}-375")
        _element_shot(page, "figure.activity-map-figure", f"activity-map-{name}-375-map")

    sterk_href = page.locator(".activity-list h3 a").first.get_attribute("href")
    page.set_viewport_size(DESKTOP)
    page.goto(f"{server.url}{sterk_href}")
    assert page.locator("svg.activity-map .activity-map__place").count() == 1
    assert page.locator("svg.activity-map .activity-map__home").count() == 1
    assert "km fra hjemmet ditt" in page.locator("figure.activity-map-figure").inner_text()
    axe_check(page, "activity-map-detail-desktop")
    _element_shot(page, "figure.activity-map-figure", "activity-map-detail-desktop-map")
    page.set_viewport_size(PHONE)
    assert_no_horizontal_scroll(page, PHONE["width"])
    axe_check(page, "activity-map-detail-375")
    screenshot(page, "activity-map-detail-375")
    page.context.close()


def test_the_map_opens_without_javascript(browser: Browser, seeded_live_server):
    server: SeededServer = seeded_live_server
    page = new_page(browser, viewport=PHONE, java_script_enabled=False)
    page.goto(f"{server.url}/aktiviteter/")
    _open_map(page)
    _numbers_match_the_list(page)
    assert page.locator("svg.activity-map .activity-map__home").count() == 0
    assert_no_horizontal_scroll(page, PHONE["width"])
    page.context.close()
