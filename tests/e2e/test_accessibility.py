"""axe-core on every page each demo role can reach, in bokmål, nynorsk and English.

One test per role. The user logs in once through the real forms; the language is switched
with the header form (a POST to /i18n/setlang/) on the start page, on the two-factor page
and after login, so every page is checked in all three languages. Serious and critical
violations fail the test, all failing pages listed together so one run shows everything to
fix; moderate and minor findings are written to test-artifacts/axe/<user>.txt.
Screenshots: test-artifacts/screenshots/<language>-<user>-<page>.png.

Pages whose markup is identical for several roles (the privacy page, the 404 page, ...) are
analysed once per language and viewport; see ``run_axe`` in conftest.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page

from tests.e2e.conftest import (
    FAILING_IMPACTS,
    SCREENSHOT_DIR,
    STAFF_USERNAMES,
    SeededServer,
    axe_check,
    format_violations,
    submit_password,
    submit_totp,
    switch_language,
)

LANGUAGES = ("nb", "nn", "en")


@dataclass(frozen=True)
class RolePlan:
    """What a demo user may open besides the pages everyone has."""

    person_pages: tuple[tuple[str, str], ...] = ()  # (cast key, url suffix)
    edits_eli: bool = False
    registers_people: bool = False
    administers_roles: bool = False
    forbidden: tuple[str, str] = ("eli", "")
    home_query: str = ""


ELI_NETWORK = (("eli", "nettverk/ny/"), ("eli", "representant/ny/"))
ELI_AS_OWNER = (("eli", ""), ("eli", "samtykke/"), ("eli", "innsyn/"), *ELI_NETWORK)
PLANS: dict[str, RolePlan] = {
    "eli": RolePlan(person_pages=ELI_AS_OWNER, edits_eli=True, forbidden=("torleif", "")),
    "axel": RolePlan(person_pages=ELI_AS_OWNER, edits_eli=True, forbidden=("torleif", "")),
    "torleif": RolePlan(person_pages=(("torleif", ""),)),
    "lars": RolePlan(),
    "marius": RolePlan(),
    "hanne": RolePlan(registers_people=True, home_query="Haugen"),
    "trine": RolePlan(
        person_pages=(("eli", ""), *ELI_NETWORK),
        edits_eli=True,
        registers_people=True,
        forbidden=("eli", "samtykke/"),
    ),
    "solveig": RolePlan(registers_people=True),
    "lilly": RolePlan(),
    "anders": RolePlan(administers_roles=True),
}


class PageAudit:
    """Runs axe on each visited page and remembers what it found."""

    def __init__(self, page: Page, username: str) -> None:
        self.page = page
        self.username = username
        self.language = "nb"
        self.failures: list[str] = []
        self.minor: list[str] = []

    def languages(self) -> Iterator[str]:
        """Switch to each language in turn with the header form on the current page."""
        for language in LANGUAGES:
            switch_language(self.page, language)
            self.language = language
            yield language

    def check(self, name: str) -> None:
        violations = axe_check(self.page, f"{self.language}-{self.username}-{name}", fail=False)
        where = f"{self.language} {name}: {self.page.url}"
        serious = [v for v in violations if v["impact"] in FAILING_IMPACTS]
        other = [v for v in violations if v["impact"] not in FAILING_IMPACTS]
        if serious:
            self.failures.append(format_violations(serious, where=where))
        if other:
            self.minor.append(format_violations(other, where=where))

    def visit(self, url: str, name: str, *, status: int = 200) -> None:
        response = self.page.goto(url)
        assert response is not None
        assert response.status == status, f"{url}: expected {status}, got {response.status}"
        assert self.page.locator("html").get_attribute("lang") == self.language
        self.check(name)

    def write_minor_report(self) -> None:
        """Moderate and minor findings do not fail the run but are kept for a human."""
        report = SCREENSHOT_DIR.parent / "axe" / f"{self.username}.txt"
        if self.minor:
            report.parent.mkdir(parents=True, exist_ok=True)
            report.write_text("".join(self.minor), encoding="utf-8")
        else:
            report.unlink(missing_ok=True)


def _submit_invalid_login(page: Page, username: str, *, expect_summary: bool = True) -> None:
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("feil-passord")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    if expect_summary:
        assert page.locator("#error-summary").is_visible()


def _submit_empty_role_form(page: Page) -> None:
    with page.expect_navigation():
        page.locator("main form:has(#id_username) button[type=submit]").click()
    assert page.locator("#error-summary").is_visible()


def _submit_invalid_person_edit(page: Page) -> None:
    """Submit Eli's edit form with a phone number and postcode that cannot be right."""
    page.locator("#id_phone").fill("abc")
    page.locator("#id_postal_code").fill("12")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    assert page.locator("#error-summary").is_visible()


@pytest.mark.parametrize("username", list(PLANS))
def test_every_page_passes_axe_in_every_language(
    page: Page, seeded_live_server: SeededServer, username: str
) -> None:
    server = seeded_live_server
    base = server.url
    plan = PLANS[username]
    audit = PageAudit(page, username)
    gausdal = server.kommuner["3441"].pk

    # Before logging in. Roles without an edit form see the login form with errors instead.
    page.goto(f"{base}/")
    for _language in audit.languages():
        audit.visit(f"{base}/", "start-anonymous")
        audit.visit(f"{base}/logg-inn/", "login")
        if not plan.edits_eli:
            _submit_invalid_login(page, "ukjent-bruker")
            audit.check("login-errors")

    submit_password(page, base, username)
    if username in STAFF_USERNAMES:
        for _language in audit.languages():
            audit.check("two-factor")
        submit_totp(page, username)
    assert page.url.endswith("/min-side/"), page.url

    for _language in audit.languages():
        audit.check("home")
        if plan.home_query:
            audit.visit(f"{base}/min-side/?q={plan.home_query}", "home-search")
        audit.visit(f"{base}/", "start")
        audit.visit(f"{base}/organisasjoner/?kommune={gausdal}&type=", "organisations")
        audit.visit(f"{base}/personvern/", "privacy")
        audit.visit(f"{base}/tilgjengelighet/", "accessibility")
        for key, suffix in plan.person_pages:
            name = f"person-{key}-{suffix.strip('/').replace('/', '-') or 'detail'}"
            audit.visit(server.person_url(key, suffix), name)
        if plan.edits_eli:
            audit.visit(server.person_url("eli", "endre/"), "person-eli-edit")
            _submit_invalid_person_edit(page)
            audit.check("person-eli-edit-errors")
        if plan.registers_people:
            audit.visit(f"{base}/personer/ny/", "person-create")
        if plan.administers_roles:
            audit.visit(f"{base}/administrasjon/roller/", "role-admin")
            _submit_empty_role_form(page)
            audit.check("role-admin-errors")
        audit.visit(server.person_url(*plan.forbidden), "forbidden", status=403)
        audit.visit(f"{base}/finnes-ikke/", "not-found", status=404)
        page.goto(f"{base}/min-side/")  # the next language is chosen from here

    audit.write_minor_report()
    assert not audit.failures, (
        f"axe found serious or critical WCAG violations for {username}:\n" + "".join(audit.failures)
    )


def test_pages_people_run_into_along_the_way_pass_axe(
    page: Page, seeded_live_server: SeededServer
) -> None:
    """Too many wrong passwords, an expired form, and first-time two-factor setup."""
    from samskap.accounts.models import Role
    from samskap.accounts.services import role_assign, user_create
    from samskap.demo.cast import DEMO_PASSWORD

    server = seeded_live_server
    base = server.url
    failures: list[str] = []

    def check(name: str) -> None:
        violations = axe_check(page, f"nb-along-the-way-{name}", fail=False)
        serious = [v for v in violations if v["impact"] in FAILING_IMPACTS]
        if serious:
            failures.append(format_violations(serious, where=f"{name}: {page.url}"))

    # A form that has expired: its CSRF token no longer matches when it is sent.
    page.goto(f"{base}/logg-inn/")
    page.locator("main form input[name=csrfmiddlewaretoken]").evaluate(
        "input => { input.value = 'x'.repeat(64); }"
    )
    page.locator("#id_username").fill("torleif")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator("h1").inner_text() == "Siden var utløpt"
    check("csrf-failure")

    # Too many wrong passwords.
    for _attempt in range(8):
        _submit_invalid_login_from_start(page, base, "torleif")
        if page.locator("h1").inner_text() == "For mange forsøk":
            break
    assert page.locator("h1").inner_text() == "For mange forsøk"
    check("locked-out")

    # New staff without an authenticator app yet.
    user = user_create(username="nyansatt", password=DEMO_PASSWORD, validate=False)
    role_assign(user=user, kommune=server.kommuner["3441"], role=Role.CARE_STAFF)
    submit_password(page, base, "nyansatt")
    assert "/logg-inn/totp/oppsett/" in page.url, page.url
    check("two-factor-setup")

    assert not failures, "axe found serious or critical WCAG violations:\n" + "".join(failures)


def _submit_invalid_login_from_start(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/logg-inn/")
    _submit_invalid_login(page, username, expect_summary=False)
