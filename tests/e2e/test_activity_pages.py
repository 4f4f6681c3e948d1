"""The activity pages in a real browser: axe finds nothing serious or critical at desktop
width and on a 375 px phone, nothing scrolls sideways, and Randi takes attendance on her phone.
"""

from __future__ import annotations

from django.utils import timezone
from playwright.sync_api import Page

from tests.e2e.conftest import (
    PHONE,
    SeededServer,
    assert_no_horizontal_scroll,
    axe_check,
    login_as,
    new_page,
    open_and_check,
    screenshot,
)


def _check(page: Page, url: str, name: str) -> None:
    open_and_check(page, url, f"activities-{name}", screenshots=True)


def _sign_up_two(server: SeededServer):
    from samskap.accounts.models import User
    from samskap.activities.models import Activity
    from samskap.activities.services import signup_create

    sterk = Activity.objects.get(title="Sterk og stødig")
    signup_create(
        activity=sterk,
        person=server.people["eli"],
        signed_up_by=User.objects.get(username="hanne"),
        needs_ride=True,
    )
    signup_create(
        activity=sterk,
        person=server.people["torleif"],
        signed_up_by=User.objects.get(username="berit"),
    )
    return sterk


def _record_tests(sterk, server: SeededServer) -> None:
    import datetime as dt
    from decimal import Decimal

    from samskap.accounts.models import User
    from samskap.activities.services import functional_test_record

    randi = User.objects.get(username="randi")
    today = timezone.localdate()
    for phase, day, value in (("start", today - dt.timedelta(days=14), 9), ("end", today, 12)):
        functional_test_record(
            activity=sterk,
            person=server.people["eli"],
            test="chair_stand_30s",
            phase=phase,
            day=day,
            value=Decimal(value),
            recorded_by=randi,
        )


def test_activity_pages_pass_axe(page: Page, seeded_live_server):
    server = seeded_live_server
    sterk = _sign_up_two(server)
    _record_tests(sterk, server)
    _check(page, f"{server.url}/aktiviteter/", "list-anonymous")
    _check(page, f"{server.url}/aktiviteter/{sterk.pk}/", "detail-anonymous")
    login_as(page, server.url, "hanne")
    _check(page, f"{server.url}/aktiviteter/", "list-hanne")
    _check(page, f"{server.url}/aktiviteter/{sterk.pk}/", "detail-hanne")
    _check(page, f"{server.url}/aktiviteter/{sterk.pk}/meld-pa/?q=Haugen", "signup-for")
    _check(page, f"{server.url}/aktiviteter/{sterk.pk}/oppmote/", "register-hanne")
    _check(page, f"{server.url}/aktiviteter/koordinator/{sterk.kommune_id}/", "coordinator")
    _check(page, f"{server.url}/aktiviteter/{sterk.pk}/tester/", "tests")
    with page.expect_navigation():
        page.get_by_role("button", name="Lagre resultat").click()
    assert page.locator(".ds-error-summary").count() == 1
    axe_check(page, "activities-tests-errors-desktop")

    other = new_page(page.context.browser)
    login_as(other, server.url, "axel")
    _check(other, f"{server.url}/aktiviteter/{sterk.pk}/", "detail-axel")
    eli_pk = server.people["eli"].pk
    _check(other, f"{server.url}/aktiviteter/{sterk.pk}/min-fremgang/{eli_pk}/", "progress-axel")
    other.context.close()


def test_randi_takes_attendance_on_her_phone(browser, seeded_live_server):
    from samskap.activities.models import Attendance

    server = seeded_live_server
    sterk = _sign_up_two(server)
    page = new_page(browser, viewport=PHONE)
    login_as(page, server.url, "randi")
    page.goto(f"{server.url}/aktiviteter/{sterk.pk}/oppmote/")
    page.get_by_label("Eli Haugen").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Lagre oppmøte").click()
    assert page.get_by_text("1 av 2 til stede").count() == 1
    assert_no_horizontal_scroll(page, PHONE["width"])
    axe_check(page, "activities-register-randi-375")
    screenshot(page, "activities-register-randi-375")
    present = Attendance.objects.filter(activity=sterk, present=True)
    assert [a.person_id for a in present] == [server.people["eli"].pk]
    assert present[0].date <= timezone.localdate()
    page.context.close()
