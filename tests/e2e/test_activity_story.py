"""Issue 5 as a new user would check it, in a real browser.

Torleif phones the kommune; Berit (ergoterapeut in Ringebu, who follows him up) signs him up
for Sterk og stødig with the staff form, ride included. Randi, who assists the instructor and
has a login (Julie, the instructor, has none), opens the attendance register on her phone,
finds Torleif, marks him present for a held day and sees it saved. The calendar feeds (for
the activity, the organiser and Torleif's own) parse with the `icalendar` library and hold
the Thursday 11:00 sessions in Oslo time, holidays left out. axe runs on every page, and
nothing scrolls sideways at 375 px.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import Page, expect

from samskap.activities.holidays import common_day_off_on, holiday_on
from tests.e2e.conftest import (
    DESKTOP,
    PHONE,
    login_as,
    new_page,
)
from tests.e2e.conftest import check_page as check_page_at_both_widths

OSLO = ZoneInfo("Europe/Oslo")
THURSDAY = 3


def check_page(page: Page, name: str) -> None:
    """axe at the page's own width, then axe and no sideways scroll at 375 px."""
    check_page_at_both_widths(page, f"activity-story-{name}")


def sessions_in(page: Page, url: str, *, title: str) -> list[dt.datetime]:
    """Fetch a feed, parse it with `icalendar` and return the local start of each `title`."""
    response = page.request.get(url)
    assert response.ok, f"{url}: {response.status}"
    assert response.headers["content-type"].startswith("text/calendar")
    feed = Calendar.from_ical(response.body())
    events = [e for e in feed.walk("VEVENT") if str(e.get("SUMMARY")) == title]
    assert events, f"no «{title}» in {url}"
    starts = []
    for event in events:
        start = event.decoded("DTSTART")
        end = event.decoded("DTEND")
        assert start.utcoffset() is not None, "times must be absolute (UTC or with TZID)"
        assert end - start == dt.timedelta(minutes=60)
        assert event.get("UID")
        starts.append(start.astimezone(OSLO))
    return sorted(starts)


def assert_thursday_sessions(starts: list[dt.datetime]) -> None:
    """Thursdays at 11:00 Oslo time (summer and winter), never on a holiday or julaften."""
    assert len(starts) >= 20  # about half a year ahead
    assert len({s.date() for s in starts}) == len(starts)
    for start in starts:
        assert start.weekday() == THURSDAY, start
        assert (start.hour, start.minute) == (11, 0), start
        assert holiday_on(start.date()) is None, start
        assert common_day_off_on(start.date()) is None, start
    assert starts[0].date() >= timezone.localdate()


def test_staff_sign_torleif_up_by_phone_and_leader_takes_attendance(seeded_live_server, browser):
    from samskap.activities.models import Activity, Attendance, SignUp
    from samskap.notifications.models import Notification

    server = seeded_live_server
    base = server.url
    sterk = Activity.objects.get(title="Sterk og stødig")
    torleif = server.people["torleif"]

    # --- Berit signs Torleif up while he is on the phone ---------------------------------------
    berit = new_page(browser, viewport=DESKTOP)
    login_as(berit, base, "berit")
    berit.goto(f"{base}/aktiviteter/{sterk.pk}/")
    expect(berit.get_by_role("heading", level=1)).to_have_text("Sterk og stødig")
    check_page(berit, "detail-berit")
    berit.get_by_role("link", name="Meld på noen som ringer").click()
    expect(berit.get_by_role("heading", level=1)).to_contain_text("Meld på noen til")
    check_page(berit, "signup-for-berit")
    berit.get_by_label("Søk etter navn").fill("Torleif")
    with berit.expect_navigation():
        berit.get_by_role("button", name="Søk", exact=True).click()
    expect(berit.get_by_role("heading", name="Torleif Bakken")).to_be_visible()
    check_page(berit, "signup-for-berit-search")
    berit.get_by_label("Torleif trenger skyss").check()
    with berit.expect_navigation():
        berit.get_by_role("button", name="Meld på Torleif Bakken").click()
    expect(berit.get_by_role("status").filter(has_text="påmeldt")).to_contain_text(
        "Torleif Bakken er påmeldt Sterk og stødig."
    )
    card = berit.locator("li.ds-card").filter(has=berit.get_by_role("heading", name="Torleif"))
    expect(card).to_contain_text("Påmeldt")
    expect(card.get_by_role("button")).to_have_count(0)  # no second sign-up
    check_page(berit, "signup-for-berit-done")
    signup = SignUp.objects.get(activity=sterk, person=torleif)
    assert (signup.status, signup.created_via, signup.needs_ride) == ("confirmed", "staff", True)
    told = Notification.objects.get(recipient=torleif, subject__startswith="Du er påmeldt")
    assert told.channel == "sms"  # Torleif's own channel
    berit.context.close()

    # --- Randi, on her phone, takes attendance -------------------------------------------------
    randi = new_page(browser, viewport=PHONE)
    login_as(randi, base, "randi")
    randi.goto(f"{base}/aktiviteter/{sterk.pk}/")
    check_page(randi, "detail-randi")
    randi.get_by_role("link", name="Deltakere og oppmøte").click()
    expect(randi.get_by_role("heading", level=1)).to_have_text("Oppmøte: Sterk og stødig")
    participants = randi.locator(".participant-list").first
    expect(participants).to_contain_text("Torleif Bakken")
    expect(participants).to_contain_text("Trenger skyss")
    expect(randi.get_by_role("status")).to_contain_text("ikke registrert")
    check_page(randi, "register-randi")

    # Choose an earlier held Thursday if the register offers one, else the latest.
    days = randi.locator("#id_dato option")
    if days.count() > 1:
        day = dt.date.fromisoformat(days.nth(1).get_attribute("value") or "")
        randi.locator("#id_dato").select_option(day.isoformat())
        with randi.expect_navigation():
            randi.get_by_role("button", name="Vis dag").click()
    else:
        day = max(
            d
            for d in (timezone.localdate() - dt.timedelta(days=n) for n in range(7))
            if d.weekday() == THURSDAY
        )
    assert day.weekday() == THURSDAY and day <= timezone.localdate()
    randi.get_by_label("Torleif Bakken").check()
    with randi.expect_navigation():
        randi.get_by_role("button", name="Lagre oppmøte").click()
    expect(randi.locator(".ds-alert")).to_contain_text("Oppmøtet er lagret: 1 til stede.")
    assert f"dato={day.isoformat()}" in randi.url
    expect(randi.locator(".register-day")).to_contain_text(str(day.day))
    expect(randi.get_by_label("Torleif Bakken")).to_be_checked()
    expect(randi.locator(".register-count")).to_have_text("1 av 1 til stede.")
    check_page(randi, "register-randi-saved")
    randi.reload()  # the saved state comes from the database, not the form
    expect(randi.get_by_label("Torleif Bakken")).to_be_checked()
    row = Attendance.objects.get(activity=sterk, person=torleif)
    assert (row.date, row.present) == (day, True)
    randi.context.close()


def test_activity_calendar_feeds_parse(seeded_live_server, browser):
    from samskap.accounts.models import User
    from samskap.activities.models import Activity
    from samskap.activities.services import signup_create

    server = seeded_live_server
    base = server.url
    sterk = Activity.objects.get(title="Sterk og stødig")
    signup_create(
        activity=sterk,
        person=server.people["torleif"],
        signed_up_by=User.objects.get(username="berit"),
    )

    page = new_page(browser, viewport=DESKTOP)
    page.goto(f"{base}/aktiviteter/{sterk.pk}/")
    activity_href = page.get_by_role("link", name="Legg datoene i kalenderen din").get_attribute(
        "href"
    )
    organiser_href = page.get_by_role(
        "link", name="Alle aktiviteter fra Aktiv fritid Gausdal"
    ).get_attribute("href")
    assert activity_href and organiser_href
    from_activity = sessions_in(page, f"{base}{activity_href}", title="Sterk og stødig")
    assert_thursday_sessions(from_activity)
    from_organiser = sessions_in(page, f"{base}{organiser_href}", title="Sterk og stødig")
    assert from_organiser == from_activity
    page.context.close()

    # Torleif finds his own calendar link on the activity list when logged in.
    torleif = new_page(browser, viewport=PHONE)
    login_as(torleif, base, "torleif")
    torleif.goto(f"{base}/aktiviteter/")
    link = torleif.get_by_role("link", name="Min aktivitetskalender (iCalendar)")
    expect(link).to_be_visible()
    check_page(torleif, "list-torleif")
    href = link.get_attribute("href") or ""
    assert re.fullmatch(r"/aktiviteter/kalender/[^/]+\.ics", href), href
    forged = torleif.request.get(f"{base}{href[: -len('.ics')]}x.ics")
    assert forged.status == 404  # the link is signed: it cannot be guessed or altered
    personal = sessions_in(torleif, f"{base}{href}", title="Sterk og stødig")
    assert personal == from_activity
    torleif.context.close()
