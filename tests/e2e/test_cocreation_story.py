"""Co-creation in a real browser: Hanne, coordinator in Gausdal, opens the process «Hvordan kan
flere eldre delta på aktiviteter?»; Eli (on her phone) and Trine (nurse) join and add ideas;
Hanne types in the post-its from a workshop with a photo of the wall, clusters and moves the
process on; they dot-vote through three rounds to the decision. The participation level is
shown all the way. axe on every new page, nothing scrolls sideways at 375 px."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import DESKTOP, PHONE, check_page, login_as, new_page, switch_language

CHALLENGE = "Hvordan kan flere eldre delta på aktiviteter?"


def _wall_png() -> bytes:
    """A small real PNG (yellow post-its on a wall) so the page shows an image."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 180), "#f4f1ea")
    draw = ImageDraw.Draw(image)
    for n in range(6):
        x, y = 20 + (n % 3) * 100, 20 + (n // 3) * 80
        draw.rectangle([x, y, x + 80, y + 60], fill="#ffe066")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _submit(page: Page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def _vote(page: Page, idea: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=f"Gi prikk til «{idea}»").click()


def _advance(page: Page, base: str, process_id: int, ideas: list[str], clusters=()) -> None:
    page.goto(f"{base}/samskaping/{process_id}/fasilitering/")
    for cluster in clusters:
        page.locator("fieldset", has_text="Grupper som tas med videre").get_by_label(
            cluster
        ).check()
    for idea in ideas:
        page.get_by_label(re.compile("^" + re.escape(idea))).check()
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("^Gå videre til")).click()


def test_coordinator_runs_three_rounds_with_residents_and_staff(
    seeded_live_server, browser, settings, tmp_path
):
    from samskap.accounts.models import User
    from samskap.cocreation import services
    from samskap.cocreation.models import Idea, Phase, Process, Sector, Vote

    settings.MEDIA_ROOT = tmp_path
    base = seeded_live_server.url

    # Hanne starts the process at her desk; a statement is explained, not accepted.
    hanne = new_page(browser, viewport=DESKTOP)
    login_as(hanne, base, "hanne")
    hanne.goto(f"{base}/samskaping/")
    expect(hanne.get_by_role("heading", level=1)).to_have_text("Samskaping")
    check_page(hanne, "cocreation-list")
    hanne.get_by_role("link", name="Start en ny prosess").click()
    check_page(hanne, "cocreation-new")
    hanne.get_by_label("Utfordringen, som et spørsmål").fill("Flere eldre på aktiviteter")
    hanne.get_by_label(re.compile("^Samarbeide")).check()
    _submit(hanne, "Start prosessen")
    expect(hanne.locator("#error-summary")).to_contain_text("som et spørsmål")
    check_page(hanne, "cocreation-new-error")
    hanne.get_by_label("Utfordringen, som et spørsmål").fill(CHALLENGE)
    hanne.get_by_label("Bakgrunn").fill("Mange savner å komme seg ut og treffe folk.")
    _submit(hanne, "Start prosessen")
    expect(hanne.get_by_role("heading", level=1)).to_have_text(CHALLENGE)
    expect(hanne.get_by_role("heading", name="Dette kan du påvirke: Samarbeide")).to_be_visible()
    expect(hanne.get_by_text("Gruppen er for lik.")).to_be_visible()
    check_page(hanne, "cocreation-process-new")
    process = Process.objects.get(challenge=CHALLENGE)
    url = f"{base}/samskaping/{process.pk}/"

    # Eli joins on her phone and adds an idea.
    eli = new_page(browser, viewport=PHONE)
    login_as(eli, base, "eli")
    eli.goto(url)
    eli.get_by_role("link", name="Bli med i prosessen").click()
    check_page(eli, "cocreation-join-375")
    eli.get_by_label("Innbygger").check()
    _submit(eli, "Bli med")
    expect(eli.get_by_role("status").filter(has_text="Velkommen")).to_be_visible()
    eli.get_by_label("Din idé").fill("Fast skyss til aktivitetene")
    _submit(eli, "Legg til ideen")
    expect(eli.get_by_text("Fast skyss til aktivitetene", exact=True)).to_be_visible()
    check_page(eli, "cocreation-process-eli-375")

    # Trine, a nurse, joins as staff; Randi as a volunteer (through the service).
    trine = new_page(browser, viewport=DESKTOP)
    login_as(trine, base, "trine")
    trine.goto(f"{base}/samskaping/{process.pk}/bli-med/")
    trine.get_by_label("Ansatt i kommunen").check()
    _submit(trine, "Bli med")
    trine.get_by_label("Din idé").fill("Hjemmesykepleien forteller om aktivitetene")
    _submit(trine, "Legg til ideen")
    services.participant_join(
        process=process, user=User.objects.get(username="randi"), sector=Sector.VOLUNTEER
    )
    trine.reload()
    expect(trine.get_by_text("Gruppen er for lik.")).to_have_count(0)
    expect(trine.locator("table", has_text="Deltakere per gruppe")).to_contain_text("Frivillig")
    check_page(trine, "cocreation-process-round1")

    # Hanne types in the workshop's post-its and a photo of the wall, then clusters.
    hanne.goto(f"{base}/samskaping/{process.pk}/fasilitering/")
    expect(hanne.get_by_role("heading", level=1)).to_contain_text("Fasilitering")
    check_page(hanne, "cocreation-facilitate")
    hanne.get_by_label("Lappene fra verkstedet").fill(
        "Kafé i grendehuset\nTurgruppe med stavganger"
    )
    _submit(hanne, "Legg inn lappene")
    expect(hanne.get_by_role("status")).to_contain_text("2 ideer fra verkstedet")
    hanne.get_by_label("Bilde av veggen med lapper").set_input_files(
        {"name": "vegg.png", "mimeType": "image/png", "buffer": _wall_png()}
    )
    hanne.get_by_label("Hva viser bildet?").fill("Lapper om skyss, kafé og turgrupper")
    _submit(hanne, "Last opp bildet")
    expect(hanne.get_by_role("status")).to_contain_text("Bildet er lagret")
    hanne.get_by_label("Navn på gruppen").fill("Skyss")
    _submit(hanne, "Lag gruppen")
    hanne.get_by_label("«Fast skyss til aktivitetene»").select_option(label="Skyss")
    _submit(hanne, "Flytt «Fast skyss til aktivitetene»")
    expect(hanne.get_by_role("status")).to_contain_text("Ideen er flyttet")
    check_page(hanne, "cocreation-facilitate-clusters")
    hanne.goto(url)
    expect(hanne.get_by_role("heading", name=re.compile("^Skyss"))).to_be_visible()
    expect(hanne.get_by_role("img", name="Lapper om skyss, kafé og turgrupper")).to_be_visible()
    check_page(hanne, "cocreation-process-clusters")

    # Round 1 → 2: the Skyss cluster and Trine's idea carry over.
    _advance(
        hanne,
        base,
        process.pk,
        ["Hjemmesykepleien forteller om aktivitetene", "Kafé i grendehuset"],
        clusters=["Skyss"],
    )
    expect(hanne.get_by_role("heading", name="Nå: Ideer")).to_be_visible()
    expect(hanne.locator("[aria-current=step]")).to_contain_text("Ideer")
    expect(hanne.get_by_role("heading", name="Resultater fra tidligere runder")).to_be_visible()
    check_page(hanne, "cocreation-process-round2")
    process.refresh_from_db()
    assert process.phase == Phase.IDEAS
    assert Idea.objects.filter(process=process, round=Phase.IDEAS).count() == 3

    # Round 2: Eli adds an idea and puts dots, Trine votes too.
    eli.goto(url)
    eli.get_by_label("Din idé").fill("Minibussen til frivilligsentralen kjører på torsdager")
    _submit(eli, "Legg til ideen")
    _vote(eli, "Minibussen til frivilligsentralen kjører på torsdager")
    _vote(eli, "Minibussen til frivilligsentralen kjører på torsdager")
    expect(eli.get_by_role("status")).to_contain_text("Du har 3 prikker igjen")
    _vote(eli, "Kafé i grendehuset")
    expect(eli.locator("#dots-left")).to_contain_text("Du har 2 prikker igjen")
    check_page(eli, "cocreation-process-voted-375")
    trine.goto(url)
    _vote(trine, "Minibussen til frivilligsentralen kjører på torsdager")
    _vote(trine, "Skyss")
    assert Vote.objects.filter(process=process, round=Phase.IDEAS).count() == 4

    # Trine comments; Eli reports the comment; Hanne hides it, and Trine still sees it, marked.
    minibus = "Minibussen til frivilligsentralen kjører på torsdager"
    trine.get_by_role("link", name=f"Kommenter «{minibus}»").click()
    check_page(trine, "cocreation-comment")
    trine.get_by_label("Din kommentar").fill("Ring Kari Hansen på 900 00 000, hun vet alt")
    _submit(trine, "Legg til kommentaren")
    eli.goto(url)
    eli.get_by_role("link", name="Meld fra om kommentaren").click()
    check_page(eli, "cocreation-report-375")
    eli.get_by_label("Hva er galt?").fill("Telefonnummeret til en annen person")
    _submit(eli, "Send meldingen")
    expect(eli.get_by_role("status")).to_contain_text("Takk.")
    hanne.goto(f"{base}/samskaping/{process.pk}/fasilitering/")
    expect(hanne.locator("#moderation-heading ~ ul")).to_contain_text("Telefonnummeret")
    check_page(hanne, "cocreation-facilitate-report")
    hanne.get_by_label("Hvorfor skjules det?").fill("Personopplysninger om en annen person")
    _submit(hanne, "Skjul innholdet")
    expect(hanne.get_by_role("status")).to_contain_text("Innholdet er skjult")
    eli.goto(url)
    expect(eli.get_by_text("Ring Kari Hansen")).to_have_count(0)
    trine.goto(url)
    expect(trine.get_by_text("Personopplysninger om en annen person")).to_be_visible()

    # A workshop with sign-up: Hanne adds it, Eli signs up on her phone.
    hanne.goto(f"{base}/samskaping/{process.pk}/fasilitering/")
    hanne.get_by_label("Tittel", exact=True).fill("Verksted på Forset")
    hanne.get_by_label("Tidspunkt", exact=True).fill("2026-12-03T18:00")
    hanne.get_by_label("Sted", exact=True).fill("Forset grendehus")
    hanne.get_by_label("Antall plasser", exact=True).fill("12")
    hanne.get_by_label(re.compile("^Program")).fill("Runde 3: vi gjør de beste ideene bedre.")
    _submit(hanne, "Legg til møtet")
    expect(hanne.get_by_role("link", name="Verksted på Forset")).to_be_visible()
    eli.goto(url)
    eli.get_by_role("link", name="Verksted på Forset").click()
    expect(eli.get_by_role("heading", level=1)).to_have_text("Verksted på Forset")
    _submit(eli, "Meld meg på")
    expect(eli.get_by_text("Du er påmeldt.")).to_be_visible()
    check_page(eli, "cocreation-meeting-375")

    # Round 2 → 3, and a refined idea in round 3 with votes.
    _advance(hanne, base, process.pk, ["Minibussen til frivilligsentralen kjører på torsdager"])
    expect(hanne.get_by_role("heading", name="Nå: Videreutviklede ideer")).to_be_visible()
    eli.goto(url)
    eli.get_by_label("Din idé").fill("Minibussen henter på torsdager kl. 10, Randi kjører")
    _submit(eli, "Legg til ideen")
    for _n in range(5):
        _vote(eli, "Minibussen henter på torsdager kl. 10, Randi kjører")
    expect(eli.locator("#dots-left")).to_contain_text("Du har 0 prikker igjen")
    _vote(eli, "Minibussen til frivilligsentralen kjører på torsdager")
    expect(eli.get_by_role("alert")).to_contain_text("brukt alle de 5 prikkene")
    check_page(eli, "cocreation-process-no-dots-375")

    # Round 3 → decision: the refined idea goes on; the level is still shown.
    _advance(hanne, base, process.pk, ["Minibussen henter på torsdager kl. 10, Randi kjører"])
    expect(hanne.get_by_role("heading", name="Nå: Beslutning")).to_be_visible()
    expect(hanne.get_by_role("heading", name="Dette kan du påvirke: Samarbeide")).to_be_visible()
    expect(hanne.locator("#previous-heading ~ h3")).to_have_count(3)
    check_page(hanne, "cocreation-process-decision")
    eli.goto(url)
    expect(eli.get_by_role("button", name=re.compile("^Gi prikk"))).to_have_count(0)

    # The same pages in nynorsk and English.
    for language in ("nn", "en"):
        switch_language(hanne, language)
        check_page(hanne, f"cocreation-process-{language}")
        hanne.goto(f"{base}/samskaping/")
        check_page(hanne, f"cocreation-list-{language}")
        hanne.goto(url)
    switch_language(hanne, "nb")
    for page in (hanne, eli, trine):
        page.context.close()
