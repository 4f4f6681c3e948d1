"""The person's plan in a real browser: Torleif's story, the network map, and axe on every
plan page in bokmål, nynorsk and English."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from tests.e2e.conftest import (
    SeededServer,
    assert_no_horizontal_scroll,
    axe_check,
    login_as,
    new_page,
    switch_language,
)


def _plan_data(server: SeededServer):
    from samskap.accounts.models import User
    from samskap.plans.models import Measure, Presence
    from samskap.plans.services import (
        action_create,
        contribution_add,
        conversation_record,
        goal_create,
        score_record,
    )

    berit = User.objects.get(username="berit")
    torleif = server.people["torleif"]
    today = timezone.localdate()
    conversation_record(
        person=torleif,
        recorded_by=berit,
        held_on=today - dt.timedelta(days=42),
        setting="home_visit",
        presence=Presence.PERSON_PRESENT,
        answers={
            "what_matters": "Å klare meg selv hjemme – «det er frihet».",
            "can_contribute": "Jeg kan kjøre andre til butikken på tirsdager.",
            "do_together": "Gå tur med noen på min alder.",
        },
    )
    goal = goal_create(
        person=torleif, created_by=berit, text="Gå til butikken selv", measure=Measure.PSFS
    )
    score_record(goal=goal, recorded_by=berit, recorded_on=today - dt.timedelta(days=42), psfs=3)
    score_record(goal=goal, recorded_by=berit, recorded_on=today, psfs=7)
    action_create(goal=goal, created_by=berit, kind="follow_up", title="Gåtrening")
    gas = goal_create(
        person=torleif,
        created_by=berit,
        text="Bake med noen",
        measure=Measure.GAS,
        gas_expected="Baker sammen med noen to ganger i måneden",
    )
    score_record(goal=gas, recorded_by=berit, recorded_on=today, gas=1)
    contribution_add(person=torleif, created_by=berit, kind="skill", text="Kan kjøre på tirsdager")
    return goal


def test_torleif_reads_his_plan_and_sees_that_the_therapist_read_it(page: Page, seeded_live_server):
    server = seeded_live_server
    goal = _plan_data(server)
    torleif = server.people["torleif"]
    login_as(page, server.url, "berit")
    page.goto(f"{server.url}/planer/mal/{goal.pk}/")
    assert page.locator("figure.chart svg[role=img]").count() == 1
    assert "Tydelig bedring" in page.locator("main").inner_text()

    other = new_page(page.context.browser)
    login_as(other, server.url, "torleif")
    other.goto(f"{server.url}/planer/{torleif.pk}/")
    text = other.locator("main").inner_text()
    assert "«det er frihet»" in text
    assert "Fra 3 til 7 av 10" in text
    other.goto(f"{server.url}/personer/{torleif.pk}/innsyn/")
    assert "Berit Sletten" in other.locator("#access-log").inner_text()
    other.context.close()


def test_torleif_withdraws_karis_access_and_she_is_refused_at_once(page: Page, seeded_live_server):
    server = seeded_live_server
    torleif = server.people["torleif"]
    kari = new_page(page.context.browser)
    login_as(kari, server.url, "kari")
    assert kari.goto(f"{server.url}/planer/{torleif.pk}/").status == 200

    login_as(page, server.url, "torleif")
    page.goto(f"{server.url}/personer/{torleif.pk}/samtykke/")
    page.locator("button[name=revoke]").filter(has_text="Kari").first.click()
    page.wait_for_load_state()
    page.locator("button[name=revoke]").filter(has_text="Kari").first.click()
    page.wait_for_load_state()
    assert kari.goto(f"{server.url}/planer/{torleif.pk}/").status == 403
    kari.context.close()


def test_network_map_for_eli_shows_no_social_contact_outside_family(page: Page, seeded_live_server):
    server = seeded_live_server
    login_as(page, server.url, "eli")
    page.goto(f"{server.url}/planer/{server.people['eli'].pk}/nettverk/")
    assert page.locator("#gap-no_social_outside_family").is_visible()
    assert page.locator(".network-map svg[role=img] title").count() >= 1
    axe_check(page, "plan-network-eli")
    page.set_viewport_size({"width": 320, "height": 640})
    assert_no_horizontal_scroll(page, 320)


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_every_plan_page_passes_axe(page: Page, seeded_live_server, language):
    server = seeded_live_server
    goal = _plan_data(server)
    torleif = server.people["torleif"]
    login_as(page, server.url, "berit")
    switch_language(page, language)
    paths = [
        f"/planer/{torleif.pk}/",
        f"/planer/{torleif.pk}/samtale/",
        f"/planer/{torleif.pk}/mal/nytt/",
        f"/planer/{torleif.pk}/bidrag/",
        f"/planer/{torleif.pk}/nettverk/",
        f"/planer/mal/{goal.pk}/",
        f"/planer/mal/{goal.pk}/skar/",
        "/planer/arbeidsliste/",
        "/planer/fhir/import/",
    ]
    for path in paths:
        response = page.goto(server.url + path)
        assert response.status == 200, path
        axe_check(page, f"plan-{language}-{path.strip('/').replace('/', '-')}")
    # A form shown again with errors
    page.goto(f"{server.url}/planer/mal/{goal.pk}/skar/")
    page.locator("#id_psfs").fill("12")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert page.locator(".ds-error-summary").is_visible()
    axe_check(page, f"plan-{language}-score-errors")
    page.set_viewport_size({"width": 320, "height": 640})
    for path in paths[:1] + paths[5:6]:
        page.goto(server.url + path)
        assert_no_horizontal_scroll(page, 320)
