"""Smoke test of every help page in a real browser: axe finds nothing serious or critical,
at desktop width and on a 375 px phone, and nothing scrolls sideways on the phone.

The data is made with the services against the live server's database. The full user
stories (Axel asks for a visiting friend for Eli, Randi says yes …) are in other tests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from playwright.sync_api import Page

from tests.e2e.conftest import (
    SeededServer,
    check_page,
    login_as,
    new_page,
    open_and_check,
)


def _check(page: Page, url: str, name: str) -> None:
    """Open the page and check it at desktop width and on a phone."""
    open_and_check(page, url, f"help-{name}")


@dataclass
class HelpData:
    open_need: object
    asked: object
    accepted: object
    done: object
    concern: object
    kommune: object


def _help_data(server: SeededServer) -> HelpData:
    from samskap.accounts.models import User
    from samskap.help import services
    from samskap.help.models import Category, HelperProfile, Recurrence
    from samskap.notifications.models import Channel, Notification

    axel, hanne = User.objects.get(username="axel"), User.objects.get(username="hanne")
    randi_user = User.objects.get(username="randi")
    randi = HelperProfile.objects.get(person=randi_user.person)
    eli = server.people["eli"]
    today = timezone.localdate()
    tuesday = today + dt.timedelta(days=(1 - today.weekday()) % 7 or 7)

    def need(category: str, description: str, recurrence: str = Recurrence.ONCE):
        return services.need_create(
            person=eli,
            created_by=axel,
            category=category,
            description=description,
            first_date=tuesday,
            windows=["tue_am", "tue_pm"],
            recurrence=recurrence,
            private_note="Ring Axel først, Eli hører dårlig.",
        )

    open_need = need(Category.GARDEN, "Klippe plenen og luke bedene foran huset.")
    # Randi takes at most two tasks a week: finish one before asking for two more.
    done = services.assignment_accept(
        assignment=services.assignment_ask(
            need=need(Category.MEAL_COMPANY, "Spise middag sammen."),
            helper=randi,
            asked_by=hanne,
        ),
        accepted_by=randi_user,
    )
    services.session_log(assignment=done, logged_by=randi_user, date=today, hours=Decimal(2))
    accepted = services.assignment_accept(
        assignment=services.assignment_ask(
            need=need(Category.WALKING_PARTNER, "Gå en tur langs elva.", Recurrence.WEEKLY),
            helper=randi,
            asked_by=hanne,
        ),
        accepted_by=randi_user,
    )
    services.session_log(
        assignment=accepted, logged_by=randi_user, date=today, hours=Decimal("1.5"), note="Fin tur"
    )
    asked = services.assignment_ask(
        need=need(Category.SHOPPING, "Handle mat på Coop i Follebu."),
        helper=randi,
        asked_by=hanne,
    )
    concern = services.concern_report(
        reported_by=axel, what_happened="Hjelperen kom ikke som avtalt.", assignment=accepted
    )
    Notification.objects.create(
        recipient=server.people["torleif"],
        kommune=eli.kommune,
        channel=Channel.STAFF,
        subject="Du har fått hjelp",
        body="Randi kommer tirsdag formiddag.",
    )
    return HelpData(open_need, asked, accepted, done, concern, eli.kommune)


def test_help_pages_for_axel_and_eli_pass_axe(page: Page, seeded_live_server):
    server = seeded_live_server
    data = _help_data(server)
    eli = server.people["eli"]
    login_as(page, server.url, "axel")
    _check(page, f"{server.url}/hjelp/", "overview")
    _check(page, f"{server.url}/hjelp/ny/{eli.pk}/", "need-form")
    with page.expect_navigation():
        page.get_by_role("button", name="Send").click()
    assert page.locator(".ds-error-summary").count() == 1
    check_page(page, "help-need-form-errors")
    _check(page, f"{server.url}/hjelp/behov/{data.open_need.pk}/", "need-person-side")
    _check(page, f"{server.url}/hjelp/behov/{data.open_need.pk}/avlys/", "need-cancel")
    _check(page, f"{server.url}/hjelp/oppdrag/{data.done.pk}/", "assignment-person-feedback")
    _check(page, f"{server.url}/hjelp/bekymring/ny/?oppdrag={data.accepted.pk}", "concern-form")

    other = new_page(page.context.browser)
    login_as(other, server.url, "eli")
    _check(other, f"{server.url}/meldinger/", "inbox")
    other.context.close()


def test_help_pages_for_randi_pass_axe(page: Page, seeded_live_server):
    server = seeded_live_server
    data = _help_data(server)
    login_as(page, server.url, "randi")
    _check(page, f"{server.url}/hjelp/hjelper/", "helper-page")
    _check(page, f"{server.url}/hjelp/hjelper/profil/", "helper-profile")
    _check(page, f"{server.url}/hjelp/oppdrag/{data.asked.pk}/", "assignment-asked")
    _check(page, f"{server.url}/hjelp/oppdrag/{data.accepted.pk}/", "assignment-accepted")
    _check(page, f"{server.url}/hjelp/behov/{data.accepted.need_id}/", "need-helper-side")


def test_help_pages_for_hanne_pass_axe(page: Page, seeded_live_server):
    from samskap.help.models import HelperProfile

    server = seeded_live_server
    data = _help_data(server)
    kommune = data.kommune
    randi = HelperProfile.objects.get(person__given_name="Randi")
    login_as(page, server.url, "hanne")
    base = f"{server.url}/hjelp"
    _check(page, f"{base}/koordinator/{kommune.pk}/", "coordinator")
    _check(page, f"{base}/koordinator/{kommune.pk}/?sort=area&q=Haugen", "coordinator-search")
    _check(page, f"{base}/behov/{data.open_need.pk}/", "need-coordinator")
    _check(page, f"{base}/oppdrag/{data.accepted.pk}/", "assignment-coordinator")
    _check(page, f"{base}/bekymring/{data.concern.pk}/", "concern")
    _check(page, f"{base}/koordinator/{kommune.pk}/hjelpere/", "helpers")
    _check(page, f"{base}/hjelper/{randi.pk}/kontroll/", "helper-admin")
    _check(page, f"{base}/hjelper/{randi.pk}/", "helper-page-coordinator")
    _check(page, f"{base}/koordinator/{kommune.pk}/innstillinger/", "settings")
    _check(page, f"{base}/statistikk/{kommune.pk}/", "statistics")

    # The one button: compute a batch, then review it.
    page.goto(f"{base}/koordinator/{kommune.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name="Fordel oppdrag").click()
    assert "/hjelp/fordeling/" in page.url
    _check(page, page.url, "run")
