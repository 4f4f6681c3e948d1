"""Browser tests: headless Chromium (Debian's /usr/bin/chromium) driven by Playwright.

Fixtures
- ``browser``: one Chromium for the whole session.
- ``page``: a fresh context per test (nb-NO, 1280x900, CSP bypassed so axe can be injected).
- ``seeded_live_server``: Django's live server with the demo region and named cast.

Helpers (import them from this module)
- ``login_as(page, base_url, username)``: logs in through the real forms, TOTP for staff.
- ``axe_check(page, name=...)``: runs axe-core (WCAG 2.0/2.1 A and AA), saves a screenshot
  and fails on serious or critical violations.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from samskap.demo.cast import DEMO_PASSWORD, demo_logins
from tests.helpers import current_totp

E2E_DIR = Path(__file__).resolve().parent
REPO_DIR = E2E_DIR.parent.parent
AXE_JS = REPO_DIR / "samskap" / "static" / "vendor" / "axe" / "axe.min.js"
SCREENSHOT_DIR = REPO_DIR / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = ("serious", "critical")
STAFF_USERNAMES = frozenset(login.username for login in demo_logins() if login.needs_two_factor)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark everything under tests/e2e as ``e2e`` so ``-m "not e2e"`` skips the browser."""
    for item in items:
        if E2E_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _AXE_STATS["checked"]:
        terminalreporter.write_line(
            f"axe: {_AXE_STATS['checked']} page checks, {_AXE_STATS['analysed']} distinct pages "
            f"analysed; screenshots in {SCREENSHOT_DIR.relative_to(REPO_DIR)}/"
        )


# --- Browser ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    # Playwright's sync API runs an asyncio loop in this thread; Django's ORM then refuses
    # to run here unless told that this (test-only) mix is intended.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


def new_page(browser: Browser, **context_options: Any) -> Page:
    """A page in a new context with Samskap's test defaults; override any option."""
    options: dict[str, Any] = {
        "locale": "nb-NO",
        "viewport": {"width": 1280, "height": 900},
        "bypass_csp": True,
    }
    options.update(context_options)
    context = browser.new_context(**options)
    context.set_default_timeout(10_000)
    return context.new_page()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    page = new_page(browser)
    yield page
    page.context.close()


# --- Server ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SeededServer:
    url: str
    people: dict[str, Any]
    kommuner: dict[str, Any]
    organisations: dict[str, Any]

    def person_url(self, key: str, suffix: str = "") -> str:
        return f"{self.url}/personer/{self.people[key].pk}/{suffix}"


@pytest.fixture
def seeded_live_server(live_server, django_db_reset_sequences, playwright_instance) -> SeededServer:
    """The live server (transactional database) with the demo region and named cast.

    Sequences are reset, so every test sees the same primary keys (and the same pages).
    """
    from samskap.demo.cast import seed_region_and_cast

    seeded = seed_region_and_cast()
    return SeededServer(
        url=live_server.url,
        people=seeded["people"],
        kommuner=seeded["kommuner"],
        organisations=seeded["organisations"],
    )


# --- Helpers ---------------------------------------------------------------------------


def submit_password(page: Page, base_url: str, username: str) -> None:
    """Fill in the real login form and submit it; stops on the next page (2FA for staff)."""
    page.goto(f"{base_url}/logg-inn/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def submit_totp(page: Page, username: str) -> None:
    """Type the current one-time code into the 2FA form (the page must be showing it)."""
    assert "/logg-inn/totp/" in page.url, f"expected the TOTP page, got {page.url}"
    page.locator("#id_token").fill(current_totp(username))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def login_as(page: Page, base_url: str, username: str) -> None:
    """Log in through the login form (and the TOTP form for staff); ends on Min side."""
    submit_password(page, base_url, username)
    if username in STAFF_USERNAMES:
        submit_totp(page, username)
    assert "/logg-inn/" not in page.url, f"{username} is still on {page.url}"


def switch_language(page: Page, code: str) -> None:
    """Choose a language in the header form, which posts to /i18n/setlang/."""
    page.locator("#language-select").select_option(code)
    with page.expect_navigation():
        page.locator(".language-form button[type=submit]").click()
    expected = {"nb": "nb", "nn": "nn"}.get(code, "en")
    assert page.locator("html").get_attribute("lang") == expected


def _screenshot_path(name: str) -> Path:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOT_DIR / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot to test-artifacts/screenshots/<name>.png.

    Uses Chromium's own capture with ``optimizeForSpeed`` (about twice as fast as
    ``page.screenshot`` for long pages, which matters with hundreds of pages per run).
    """
    path = _screenshot_path(name)
    try:
        cdp = page.context.new_cdp_session(page)
    except PlaywrightError:
        page.screenshot(path=str(path), full_page=True)
        return path
    try:
        width, height = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
        )
        shot = cdp.send(
            "Page.captureScreenshot",
            {
                "format": "png",
                "captureBeyondViewport": True,
                "optimizeForSpeed": True,
                "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
            },
        )
    finally:
        cdp.detach()
    path.write_bytes(base64.b64decode(shot["data"]))
    return path


def format_violations(violations: list[dict[str, Any]], *, where: str = "") -> str:
    lines = []
    for v in violations:
        targets = [", ".join(str(t) for t in node["target"]) for node in v["nodes"]]
        lines.append(
            f"- [{v['impact']}] {v['id']}: {v['help']}{f' ({where})' if where else ''}\n"
            f"    {v['helpUrl']}\n"
            + "".join(f"    target: {target}\n" for target in targets[:8])
            + (f"    … and {len(targets) - 8} more\n" if len(targets) > 8 else "")
        )
    return "".join(lines)


AXE_RUN = """(tags) => {
    window.__samskapAxe = axe.run(document, {
        runOnly: {type: 'tag', values: tags},
        resultTypes: ['violations'],
    }).then(r => r.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
        nodes: v.nodes.map(n => ({target: n.target, html: n.html})),
    })));
}"""

# Results of pages already checked in this session, keyed by the page's markup and viewport.
# The same markup with the same styles in the same viewport gives the same axe result, so
# pages that every role sees identically (privacy, 404, ...) are analysed once per language.
_AXE_RESULTS: dict[str, tuple[list[dict[str, Any]], Path | None]] = {}
_AXE_STATS = {"checked": 0, "analysed": 0}
# Values that change on every request without changing the page: CSRF tokens and the demo
# one-time code.
_VOLATILE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*"|(id="demo-code">)\d+')


def _fingerprint(page: Page) -> str:
    html = _VOLATILE.sub(r"\1\2", page.content())
    viewport = page.viewport_size or {}
    scale = page.evaluate("window.devicePixelRatio")
    key = f"{viewport.get('width')}x{viewport.get('height')}@{scale}\n{html}"
    return hashlib.sha256(key.encode()).hexdigest()


def _inject_axe(page: Page) -> None:
    if page.evaluate("typeof window.axe !== 'undefined'"):
        return
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(page.url))
    try:
        # Served by the live server, so Chromium caches the compiled script between pages.
        page.add_script_tag(url=f"{origin}/static/vendor/axe/axe.min.js")
    except PlaywrightError:
        page.add_script_tag(path=str(AXE_JS))


def run_axe(page: Page, screenshot_name: str | None = None) -> list[dict[str, Any]]:
    """All axe-core violations for WCAG 2.0/2.1 A and AA on the current page.

    With ``screenshot_name`` a full-page screenshot is taken while axe runs.
    """
    key = _fingerprint(page)
    _AXE_STATS["checked"] += 1
    if key in _AXE_RESULTS:
        violations, earlier = _AXE_RESULTS[key]
        if screenshot_name:
            if earlier is not None and earlier.exists():
                target = _screenshot_path(screenshot_name)
                if target != earlier:
                    shutil.copyfile(earlier, target)
            else:
                screenshot(page, screenshot_name)
        return violations
    _AXE_STATS["analysed"] += 1
    _inject_axe(page)
    page.evaluate(AXE_RUN, AXE_TAGS)
    shot = screenshot(page, screenshot_name) if screenshot_name else None
    violations = page.evaluate("window.__samskapAxe")
    _AXE_RESULTS[key] = (violations, shot)
    return violations


def axe_check(page: Page, name: str | None = None, *, fail: bool = True) -> list[dict[str, Any]]:
    """Run axe on the page, save a screenshot as <name>.png, fail on serious or critical.

    Returns all violations (including moderate and minor ones) for the caller to report.
    """
    violations = run_axe(page, name)
    serious = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    if fail and serious:
        pytest.fail(
            f"axe found serious or critical WCAG violations on {page.url}:\n"
            + format_violations(serious),
            pytrace=False,
        )
    return violations


def assert_no_horizontal_scroll(page: Page, width: int) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, (
        f"{page.url} scrolls sideways: scrollWidth {scroll_width} > {width}. Widest elements:\n"
        + "\n".join(
            page.evaluate(
                """(w) => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > w + 0.5)
                    .slice(0, 8)
                    .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} `
                              + `right=${Math.round(e.getBoundingClientRect().right)}`)""",
                width,
            )
        )
    )


# --- Checking a page at desktop width and on a phone ---------------------------------------

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def check_page(page: Page, name: str, *, screenshots: bool = False) -> None:
    """axe at the page's own width, then axe and no sideways scroll at 375 px; restores width."""
    own = page.viewport_size
    axe_check(page, name)
    if screenshots:
        screenshot(page, name)
    if own != PHONE:
        page.set_viewport_size(PHONE)
        axe_check(page, f"{name}-375")
        if screenshots:
            screenshot(page, f"{name}-375")
    assert_no_horizontal_scroll(page, PHONE["width"])
    if own is not None and own != PHONE:
        page.set_viewport_size(own)


def open_and_check(page: Page, url: str, name: str, *, screenshots: bool = False) -> None:
    """Open `url` at desktop width (it must answer 200 with one h1) and `check_page` it."""
    page.set_viewport_size(DESKTOP)
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"
    assert page.locator("h1").count() == 1, f"{url} must have exactly one h1"
    check_page(page, name, screenshots=screenshots)
