"""Innbyggerbudsjett in a real browser: a budget round with three proposals rejects one that
has only two actors with a clear reason, and computes the result transparently.

Lilly (head of health and care in Gausdal) opens «Innbyggernes modell for eldre 2027».
Marius sends in a proposal with two actors, is told exactly what is missing, adds the
municipal unit and it passes. Hanne keeps Eli's two-actor draft out of the vote with a reason,
opens the vote, and registers Julie's paper ballot. Eli, Axel and Randi vote. Hanne closes
the vote; the result page explains every step, and the public accountability page shows the
funded proposals. axe on every page, at 375 px too.
"""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import (
    DESKTOP,
    check_page,
    login_as,
    new_page,
    open_and_check,
    switch_language,
)


def test_budget_round_rejects_two_actor_proposal_and_counts_transparently(
    seeded_live_server, browser
):
    from samskap.budgets.models import Ballot, BudgetPool, Proposal, ProposalStatus
    from samskap.demo.budgets_seed import seed_budgets_demo

    seed_budgets_demo()
    base = seeded_live_server.url
    pool = BudgetPool.objects.get(title="Innbyggernes modell for eldre 2027")
    pool_url = f"{base}/budsjett/{pool.pk}/"

    # Lilly, the leader, opens the pool from the list.
    lilly = new_page(browser, viewport=DESKTOP)
    login_as(lilly, base, "lilly")
    lilly.goto(f"{base}/budsjett/")
    expect(lilly.get_by_role("heading", level=1)).to_have_text("Innbyggerbudsjett")
    check_page(lilly, "budgets-list")
    gausdal = seeded_live_server.kommuner["3441"]
    open_and_check(lilly, f"{base}/budsjett/ny/{gausdal.pk}/", "budgets-pool-new")
    lilly.goto(f"{base}/budsjett/")
    lilly.get_by_role("link", name="Innbyggernes modell for eldre 2027").click()
    expect(lilly.get_by_role("heading", level=1)).to_have_text("Innbyggernes modell for eldre 2027")
    expect(lilly.locator("#rules-heading + ul")).to_contain_text("Minst 3 aktører")
    expect(lilly.get_by_text("Forslaget har 2 aktører bak seg")).to_be_visible()
    check_page(lilly, "budgets-pool-leader")

    # Marius sends in a proposal with two actors and is told what is missing.
    marius = new_page(browser, viewport=DESKTOP)
    login_as(marius, base, "marius")
    marius.goto(pool_url)
    marius.get_by_role("link", name="Kom med et forslag").click()
    check_page(marius, "budgets-proposal-new")
    marius.get_by_label("Hva heter forslaget?").fill("Handlehjelp med bil")
    marius.get_by_label("Beskriv forslaget").fill("Frivillige kjører eldre til butikken.")
    marius.get_by_label("Hva koster det, i kroner?").fill("250000")
    marius.locator("#id_actor_0_name").fill("Gausdal frivilligsentral")
    marius.locator("#id_actor_0_kind").select_option("association")
    marius.locator("#id_actor_1_name").fill("Handlegruppa på Segalstad bru")
    marius.locator("#id_actor_1_kind").select_option("resident_group")
    marius.get_by_label("Ansvarlig kommunal enhet").fill("Hjemmetjenesten i Gausdal")
    with marius.expect_navigation():
        marius.get_by_role("button", name="Send inn til avstemningen").click()
    summary = marius.locator("#error-summary")
    expect(summary).to_contain_text("lagret som utkast")
    expect(summary).to_contain_text("Forslaget har 2 aktører bak seg: Gausdal frivilligsentral")
    expect(summary).to_contain_text("Reglene krever minst 3. Det mangler 1 aktør.")
    expect(marius.locator("#id_actor_1_name")).to_have_value("Handlegruppa på Segalstad bru")
    check_page(marius, "budgets-proposal-two-actors")
    marius.locator("#id_actor_2_name").fill("Hjemmetjenesten i Gausdal")
    marius.locator("#id_actor_2_kind").select_option("municipal_unit")
    with marius.expect_navigation():
        marius.get_by_role("button", name="Send inn til avstemningen").click()
    expect(marius.get_by_role("status")).to_contain_text("Forslaget er sendt inn")
    expect(marius.locator(".facts")).to_contain_text("Med i avstemningen")
    check_page(marius, "budgets-proposal-detail")
    assert Proposal.objects.get(title="Handlehjelp med bil").status == ProposalStatus.SUBMITTED

    # Hanne keeps Eli's two-actor draft out, with a reason, and opens the vote.
    hanne = new_page(browser, viewport=DESKTOP)
    login_as(hanne, base, "hanne")
    hanne.goto(pool_url)
    hanne.get_by_role("link", name="Styr potten").click()
    check_page(hanne, "budgets-manage")
    hanne.get_by_role("link", name="Trim i bygdene").click()
    hanne.get_by_label("Hvorfor kan forslaget ikke være med?").fill(
        "Fristen gikk ut før den tredje aktøren var med."
    )
    with hanne.expect_navigation():
        hanne.get_by_role("button", name="Hold utenfor, med begrunnelse").click()
    expect(hanne.locator("#ineligible-reason")).to_contain_text("Det mangler 1 aktør")
    check_page(hanne, "budgets-proposal-ineligible")
    hanne.goto(f"{pool_url}styr/")
    with hanne.expect_navigation():
        hanne.get_by_role("button", name="Gå videre til «Avstemning pågår»").click()
    expect(hanne.locator(".facts")).to_contain_text("Avstemning pågår")

    # Eli, Axel and Randi vote; a ballot is secret and can be changed.
    votes = {
        "eli": ["Turvenner med rullestol", "Kafé på Forset for eldre"],
        "axel": ["Kafé på Forset for eldre", "Handlehjelp med bil"],
        "randi": ["Kafé på Forset for eldre", "Turvenner med rullestol"],
    }
    for username, titles in votes.items():
        voter = new_page(browser, viewport=DESKTOP)
        login_as(voter, base, username)
        voter.goto(pool_url)
        ballot = voter.get_by_role("group", name="Forslagene du stemmer på")
        expect(ballot.get_by_label("Trim i bygdene")).to_have_count(0)
        for title in titles:
            ballot.get_by_label(title).check()
        with voter.expect_navigation():
            voter.get_by_role("button", name="Avgi stemme").click()
        expect(voter.get_by_role("status")).to_contain_text("Stemmen din er lagret")
        expect(voter.get_by_text("Du har stemt.")).to_be_visible()
        if username == "eli":
            check_page(voter, "budgets-pool-voted")
        voter.context.close()
    assert Ballot.objects.filter(pool=pool).count() == 3

    # Julie voted on paper; Hanne registers it.
    hanne.goto(f"{pool_url}styr/")
    hanne.get_by_label("Navn på den som har stemt på papir").fill("Julie")
    with hanne.expect_navigation():
        hanne.get_by_role("button", name="Søk").click()
    hanne.get_by_role("link", name="Julie Sveen").click()
    check_page(hanne, "budgets-paper-ballot")
    hanne.get_by_label("Handlehjelp med bil").check()
    with hanne.expect_navigation():
        hanne.get_by_role("button", name="Registrer stemmen").click()
    expect(hanne.get_by_role("status")).to_contain_text("Julie Sveen")

    # Hanne closes the vote: the result page explains each step.
    with hanne.expect_navigation():
        hanne.get_by_role("button", name="Steng avstemningen og tell stemmene").click()
    expect(hanne.get_by_role("heading", level=1)).to_contain_text("Resultatet av")
    steps = hanne.locator("#steps li")
    expect(steps).to_have_count(3)
    expect(steps.nth(0)).to_contain_text("«Kafé på Forset for eldre» (kr 400 000, 3 stemmer)")
    # Handlehjelp and Turvenner both have 2 votes: the cheaper one comes first.
    expect(steps.nth(1)).to_contain_text("«Handlehjelp med bil» (kr 250 000, 2 stemmer)")
    expect(steps.nth(1)).to_contain_text("Igjen i potten: kr 150 000")
    expect(steps.nth(2)).to_contain_text(
        "«Turvenner med rullestol» (kr 300 000) fikk ikke plass: kr 150 000 igjen. "
        "Går videre til neste."
    )
    expect(hanne.locator("#result-table tbody tr")).to_have_count(3)
    check_page(hanne, "budgets-result", screenshots=True)

    # Anyone can see what happened with the money, without logging in.
    public = new_page(browser, viewport=DESKTOP)
    public.goto(f"{pool_url}hva-skjedde/")
    funded = public.locator("article")
    expect(funded).to_have_count(2)
    expect(public.locator("main")).not_to_contain_text("Julie")
    expect(public.locator("main")).not_to_contain_text("Eli Haugen")
    check_page(public, "budgets-accountability")
    for language in ("nn", "en"):
        switch_language(public, language)
        check_page(public, f"budgets-accountability-{language}")

    # Hanne reports on the café.
    hanne.goto(f"{pool_url}hva-skjedde/")
    hanne.get_by_role("link", name="Oppdater oppfølgingen av «Kafé på Forset for eldre»").click()
    check_page(hanne, "budgets-follow-up")
    hanne.get_by_label("Startet").check()
    hanne.get_by_label("Brukt så langt, i kroner").fill("120000")
    hanne.get_by_label("Hva ble resultatet?").fill("Første kafé var fullsatt.")
    with hanne.expect_navigation():
        hanne.get_by_role("button", name="Lagre oppfølgingen").click()
    expect(hanne.locator("main")).to_contain_text("Første kafé var fullsatt.")
    expect(hanne.locator("main")).to_contain_text("kr 120 000")
    for page in (lilly, marius, hanne, public):
        page.context.close()
