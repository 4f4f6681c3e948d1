"""The portfolio against PostgreSQL: seed, adoption, import/export, permissions, pages."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from samskap.demo.innovation_seed import DATA, seed_innovation_demo
from samskap.innovation import selectors, services
from samskap.innovation.models import Adoption, Initiative
from samskap.municipalities.models import Kommune
from tests.helpers import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(users):
    seed_innovation_demo()
    return users


def test_every_example_of_the_ks_catalogue_is_seeded_on_the_four_keys(seeded):
    examples = json.loads(DATA.read_text("utf-8"))
    assert len(examples) == 25
    for entry in examples:
        initiative = Initiative.objects.get(slug=entry["slug"])
        assert initiative.municipality == entry["kommune"]
        assert max(initiative.keys.values()) >= 2
    lyngdal = Initiative.objects.get(slug="hverdagshjelpen")
    assert lyngdal.kommune is None and lyngdal.owner_name == "Lyngdal"
    assert seed_innovation_demo() == {"initiatives": 0}  # idempotent


def test_ringebu_marks_lyngdals_initiative_as_adopted_and_the_barometer_counts_it(seeded):
    before = selectors.overview().barometer
    hverdag = Initiative.objects.get(slug="hverdagshjelpen")
    ringebu = Kommune.objects.get(number="3439")
    for outsider in ("hanne", "berit"):  # Gausdal's coordinator; Ringebu's care staff
        with pytest.raises(PermissionDenied):
            services.adoption_set(initiative=hverdag, kommune=ringebu, by=seeded[outsider],
                                  status="adopted")  # fmt: skip
    sigrid = seeded["sigrid"]  # leader of health and care in Ringebu
    services.adoption_set(initiative=hverdag, kommune=ringebu, by=sigrid,
                          status="adopted", note="Med elever fra Otta vgs.")  # fmt: skip
    after = selectors.overview().barometer
    assert after.spread == before.spread + 1
    rows = {r.kommune: r for r in after.rows}
    assert rows["Ringebu"].adopted_from_others == 1
    lyngdal_before = next(r for r in before.rows if r.kommune == "Lyngdal")
    assert rows["Lyngdal"].spread == lyngdal_before.spread + 1  # Sterk og stødig was already
    # Changing the status keeps one adoption per kommune.
    services.adoption_set(initiative=hverdag, kommune=ringebu, by=sigrid,
                          status="considering")  # fmt: skip
    assert Adoption.objects.filter(initiative=hverdag).count() == 1
    assert selectors.overview().barometer.spread == before.spread


def test_a_kommune_cannot_adopt_its_own(seeded):
    own = Initiative.objects.get(slug="frivillig-skyss-gausdal")
    with pytest.raises(ValidationError):
        services.adoption_set(initiative=own, kommune=own.kommune, by=seeded["hanne"],
                              status="adopted")  # fmt: skip


def test_export_then_import_on_another_instance_round_trips(seeded):
    exported = selectors.export_data()
    assert exported["format"] == "samskap-innovation/1"
    assert len(exported["initiatives"]) == 26
    sterk = next(e for e in exported["initiatives"] if e["slug"] == "sterk-og-stodig")
    assert {"kommune": "Gausdal", "status": "adopted"}.items() <= sterk["adopted_by"][0].items()
    Adoption.objects.all().delete()
    Initiative.objects.all().delete()
    counts = services.initiatives_import(data=json.loads(json.dumps(exported)), source="test")
    assert counts == {"created": 26, "updated": 0, "adoptions": 2}
    assert selectors.export_data() == exported | {
        "initiatives": [e | {"adopted_by": e["adopted_by"]} for e in exported["initiatives"]]
    }


def test_a_bad_import_says_what_is_wrong_and_saves_nothing(seeded):
    count = Initiative.objects.count()
    good = selectors.export_data()["initiatives"][0] | {"slug": "ny-en", "title": "Ny"}
    bad = {"slug": "feil", "title": "", "kommune": "Oslo", "theme": "x", "phase": "someday",
           "status": "pilot", "summary": "x", "keys": {"power": 7}}  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        services.initiatives_import(data=[good, bad], source="test")
    text = " ".join(caught.value.messages)
    assert "Oppføring 2 mangler «title»" in text and "ukjent fase" in text and "0–3" in text
    assert Initiative.objects.count() == count


def test_pages_are_public_and_adopting_needs_a_role(seeded):
    anonymous = Client()
    for url in ("/innovasjon/", "/innovasjon/fire-nokler/", "/innovasjon/barometer/",
                "/innovasjon/hverdagshjelpen/", "/innovasjon/eksport.json"):  # fmt: skip
        assert anonymous.get(url).status_code == 200, url
    keys = anonymous.get("/innovasjon/fire-nokler/").content.decode()
    for entry in json.loads(DATA.read_text("utf-8")):
        assert entry["title"][:20] in keys  # every seeded example is in the diagram/table
    assert login(Client(), "eli").post("/innovasjon/hverdagshjelpen/ta-i-bruk/").status_code == 403
    hanne = login(Client(), "hanne")
    gausdal = Kommune.objects.get(number="3441")
    response = hanne.post("/innovasjon/hverdagshjelpen/ta-i-bruk/",
                          {"kommune": gausdal.pk, "status": "adopting", "note": ""})  # fmt: skip
    assert response.status_code == 302
    assert Adoption.objects.filter(initiative__slug="hverdagshjelpen", kommune=gausdal).exists()


def test_catalogue_filters_and_query_count(seeded, django_assert_max_num_queries):
    client = Client()
    assert "Hverdagshjelpen" in client.get("/innovasjon/?q=hverdag").content.decode()
    assert "Hverdagshjelpen" not in client.get("/innovasjon/?land=DK").content.decode()
    with django_assert_max_num_queries(8):
        client.get("/innovasjon/")
    with django_assert_max_num_queries(8):
        client.get("/innovasjon/barometer/")


def test_coordinator_adds_an_initiative_that_must_use_a_key(seeded):
    hanne = login(Client(), "hanne")
    gausdal = Kommune.objects.get(number="3441")
    data = {"kommune": gausdal.pk, "title": "Turvenner", "theme": "Fysisk aktivitet",
            "phase": "exploration", "status": "planning", "summary": "Frivillige går tur.",
            "key_purpose": "0", "key_resources": "0", "key_power": "0",
            "key_relations": "0"}  # fmt: skip
    bad = hanne.post("/innovasjon/ny/", data)
    assert bad.status_code == 400 and "minst én av de fire nøklene" in bad.content.decode()
    ok = hanne.post("/innovasjon/ny/", data | {"key_relations": "2"})
    initiative = Initiative.objects.get(title="Turvenner")
    assert ok.status_code == 302 and initiative.kommune == gausdal
    assert login(Client(), "eli").get("/innovasjon/ny/").status_code == 403


def test_commands_export_and_import(seeded, tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    out = tmp_path / "portfolio.json"
    call_command("export_initiatives", out=out, stdout=__import__("io").StringIO())
    Initiative.objects.filter(slug="hverdagshjelpen").delete()
    call_command("import_initiatives", str(out), stdout=__import__("io").StringIO())
    assert Initiative.objects.filter(slug="hverdagshjelpen").exists()
    broken = tmp_path / "broken.json"
    broken.write_text('[{"slug": "x"}]', "utf-8")
    with pytest.raises(CommandError, match="mangler"):
        call_command("import_initiatives", str(broken))
