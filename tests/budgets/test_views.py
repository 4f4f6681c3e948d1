"""Pages: who sees what, the proposal form keeps what was typed, voting and the result."""

from __future__ import annotations

import pytest

from samskap.budgets import services
from samskap.budgets.models import Ballot, PoolStatus, Proposal, ProposalStatus
from samskap.demo.budgets_seed import seed_budgets_demo
from tests.helpers import login


@pytest.fixture
def pool(demo, users):
    return seed_budgets_demo()["pool"]


def proposal_post(**extra):
    data = {
        "title": "Handlehjelp med bil",
        "description": "Frivillige kjører eldre til butikken.",
        "cost": "250000",
        "responsible_unit": "Hjemmetjenesten i Gausdal",
        "actor_0_name": "Gausdal frivilligsentral",
        "actor_0_kind": "association",
        "actor_1_name": "Handlegruppa",
        "actor_1_kind": "resident_group",
        "action": "submit",
    }
    data.update(extra)
    return data


def test_public_pages_and_drafts(client, pool):
    response = client.get("/budsjett/")
    assert response.status_code == 200
    assert "Innbyggernes modell for eldre 2027" in response.text
    response = client.get(f"/budsjett/{pool.pk}/")
    assert response.status_code == 200
    assert "Minst 3 aktører må stå bak forslaget." in response.text
    assert "Turvenner med rullestol" in response.text
    assert "Trim i bygdene" not in response.text  # a draft: only its author and managers
    assert client.get(f"/budsjett/{pool.pk}/resultat/").status_code == 404
    assert client.get(f"/budsjett/{pool.pk}/styr/").status_code == 302


def test_author_and_coordinator_see_the_draft_with_its_reason(client, pool):
    login(client, "eli")
    response = client.get(f"/budsjett/{pool.pk}/")
    assert "Trim i bygdene" in response.text
    assert "Forslaget har 2 aktører bak seg" in response.text
    client.logout()
    login(client, "hanne")
    assert "Trim i bygdene" in client.get(f"/budsjett/{pool.pk}/").text
    assert client.get(f"/budsjett/{pool.pk}/styr/").status_code == 200


def test_proposal_with_two_actors_is_saved_explained_and_nothing_lost(client, pool):
    login(client, "marius")
    response = client.post(f"/budsjett/{pool.pk}/forslag/nytt/", proposal_post())
    assert response.status_code == 400
    text = response.text
    assert "Forslaget er lagret som utkast, men kan ikke sendes inn ennå" in text
    assert "Det mangler 1 aktør." in text
    assert 'value="Handlegruppa"' in text
    assert "Frivillige kjører eldre til butikken." in text
    proposal = Proposal.objects.get(title="Handlehjelp med bil")
    assert proposal.status == ProposalStatus.DRAFT
    # The form now saves the same draft, never a second one.
    assert f'action="/budsjett/forslag/{proposal.pk}/endre/"' in text
    response = client.post(
        f"/budsjett/forslag/{proposal.pk}/endre/",
        proposal_post(actor_2_name="Hjemmetjenesten i Gausdal", actor_2_kind="municipal_unit"),
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert proposal.actors.count() == 3


def test_actor_without_kind_is_a_form_error(client, pool):
    login(client, "marius")
    response = client.post(f"/budsjett/{pool.pk}/forslag/nytt/", proposal_post(actor_1_kind=""))
    assert response.status_code == 400
    assert "Velg hva slags aktør «Handlegruppa» er." in response.text
    assert not Proposal.objects.filter(title="Handlehjelp med bil").exists()


def test_outsiders_cannot_propose_or_manage(client, pool):
    login(client, "torleif")
    assert client.get(f"/budsjett/{pool.pk}/forslag/nytt/").status_code == 403
    assert client.get(f"/budsjett/{pool.pk}/styr/").status_code == 403
    client.logout()
    login(client, "marius")
    assert client.post(f"/budsjett/{pool.pk}/neste-fase/").status_code == 403


def test_vote_knapsack_total_and_secret(client, pool, users):
    pool.voting_method = "knapsack"
    pool.save()
    pool = services.pool_advance(pool=pool, changed_by=users["hanne"])
    ids = list(pool.proposals.filter(status="submitted").values_list("pk", flat=True))
    login(client, "eli")
    response = client.post(f"/budsjett/{pool.pk}/stem/", {"proposals": ids})
    assert response.status_code == 302
    page = client.get(f"/budsjett/{pool.pk}/").text
    assert "Du har stemt." in page
    assert "Valgt så langt: kr\u00a0700\u00a0000 av kr\u00a0800\u00a0000." in page
    assert Ballot.objects.count() == 1
    client.logout()
    login(client, "axel")
    page = client.get(f"/budsjett/{pool.pk}/").text
    assert "Du har stemt." not in page
    assert "checked" not in page


def test_paper_ballot_and_result_pages(client, pool, users, demo):
    pool = services.pool_advance(pool=pool, changed_by=users["hanne"])
    cafe = Proposal.objects.get(title="Kafé på Forset for eldre")
    login(client, "hanne")
    page = client.get(f"/budsjett/{pool.pk}/styr/?q=Julie").text
    julie = demo["people"]["julie"]
    assert f"/budsjett/{pool.pk}/papir/{julie.pk}/" in page
    response = client.post(f"/budsjett/{pool.pk}/papir/{julie.pk}/", {"proposals": [cafe.pk]})
    assert response.status_code == 302
    assert Ballot.objects.get(voter=julie).on_paper
    response = client.post(f"/budsjett/{pool.pk}/neste-fase/")
    assert response["Location"] == f"/budsjett/{pool.pk}/resultat/"
    client.logout()
    pool.refresh_from_db()
    assert pool.status == PoolStatus.RESULT
    page = client.get(f"/budsjett/{pool.pk}/resultat/").text
    assert "Kafé på Forset for eldre" in page and "får penger" in page
    assert "Julie" not in page
    page = client.get(f"/budsjett/{pool.pk}/hva-skjedde/").text
    assert "Kafé på Forset for eldre" in page and "Julie" not in page
    login(client, "lilly")  # the head of health and care; TOTP codes are single use
    response = client.post(
        f"/budsjett/forslag/{cafe.pk}/oppfolging/",
        {"status": "done", "spent": "390000", "outcome": "Kafeen er fast hver onsdag."},
    )
    assert response.status_code == 302
    assert "Kafeen er fast hver onsdag." in client.get(f"/budsjett/{pool.pk}/hva-skjedde/").text


def test_leader_creates_a_pool_with_rules(client, demo):
    gausdal = demo["kommuner"]["3441"]
    login(client, "lilly")
    data = {
        "title": "Ungdommens pott",
        "amount": "200000",
        "period_start": "2027-01-01",
        "period_end": "2026-12-31",
        "voting_method": "knapsack",
        "min_actors": "2",
        "min_actor_kinds": "2",
        "max_cost_per_proposal": "",
        "requires_municipal_unit": "on",
    }
    response = client.post(f"/budsjett/ny/{gausdal.pk}/", data)
    assert response.status_code == 400
    assert "Perioden kan ikke slutte før den begynner." in response.text
    assert 'value="Ungdommens pott"' in response.text
    response = client.post(f"/budsjett/ny/{gausdal.pk}/", {**data, "period_end": "2027-06-30"})
    assert response.status_code == 302
    from samskap.budgets.models import BudgetPool

    pool = BudgetPool.objects.get(title="Ungdommens pott")
    assert pool.status == PoolStatus.DRAFT
    assert pool.pool_rules.min_actors == 2
    assert pool.pool_rules.max_cost_per_proposal is None
    assert pool.pool_rules.no_permanent_positions is False
    client.logout()
    assert client.get(f"/budsjett/{pool.pk}/").status_code == 404
    login(client, "marius")
    assert client.get(f"/budsjett/ny/{gausdal.pk}/").status_code == 403
