"""The plan as FHIR R4B: export of Eli's plan, import as a new person, and the two pages."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from samskap.people.models import Person, Relation, RelationKind
from samskap.people.services import national_id_hash
from samskap.plans.fhir import (
    EXT_SCORE,
    bundle_parse,
    bundle_to_plan,
    plan_relations,
    plan_to_bundle,
)
from samskap.plans.models import Action, ActionKind, Goal, GoalStatus, Measure, Presence
from samskap.plans.selectors import plan_load
from samskap.plans.services import (
    action_create,
    action_set_status,
    conversation_record,
    goal_create,
    goal_set_status,
    score_record,
)
from samskap.privacy.models import AccessLogEntry, AuditEvent
from tests.helpers import login

TODAY = timezone.localdate()
BASE_URL = "https://samskap.example/"
WHAT_MATTERS = "Å komme meg ut og treffe folk.\nKanskje gå på kafé igjen – «som før»."
WHAT_MATTERS_LATER = "At Axel får hvile litt  også."
PSFS_GOAL = "Komme meg ut på tur med rullestolen, minst to ganger i uka"
GAS_GOAL = "Være med på kafé på frivilligsentralen"
DONE_GOAL = "Få rampe til inngangsdøra"


@pytest.fixture
def eli_plan(users):
    """Eli's plan as Trine (care staff following Eli) records it through the services."""
    trine = users["trine"]
    eli = users["eli"].person
    assert trine.has_perm("plans.change_plan", eli)
    conversation_record(
        person=eli,
        recorded_by=trine,
        held_on=TODAY - dt.timedelta(days=42),
        setting="home_visit",
        presence=Presence.PERSON_PRESENT,
        others_present="Axel",
        answers={
            "what_matters": WHAT_MATTERS,
            "can_contribute": "Jeg kan strikke votter til basaren.",
            "do_together": "Lage kaffe til trimgruppa.",
        },
    )
    conversation_record(
        person=eli,
        recorded_by=trine,
        held_on=TODAY,
        setting="phone",
        presence=Presence.PERSON_PRESENT,
        answers={"what_matters": WHAT_MATTERS_LATER},
    )
    psfs = goal_create(person=eli, created_by=trine, text=PSFS_GOAL, measure=Measure.PSFS)
    score_record(goal=psfs, recorded_by=trine, recorded_on=TODAY - dt.timedelta(days=42), psfs=3)
    score_record(
        goal=psfs, recorded_by=trine, recorded_on=TODAY, psfs=6.5, note="Gikk til butikken"
    )
    gas = goal_create(
        person=eli,
        created_by=trine,
        text=GAS_GOAL,
        measure=Measure.GAS,
        gas_expected="Er med én gang i måneden",
        gas_weight=2,
    )
    score_record(goal=gas, recorded_by=trine, recorded_on=TODAY, gas=0)
    done = goal_create(person=eli, created_by=trine, text=DONE_GOAL)
    goal_set_status(goal=done, changed_by=trine, status=GoalStatus.ACHIEVED)
    action_create(
        goal=psfs,
        created_by=trine,
        kind=ActionKind.RIDE,
        title="Bestille TT-skyss til Follebu",
        due_on=TODAY + dt.timedelta(days=14),
    )
    follow_up = action_create(
        goal=psfs,
        created_by=trine,
        kind=ActionKind.FOLLOW_UP,
        title="Skåre igjen",
        assigned_to=trine,
    )
    action_set_status(action=follow_up, changed_by=trine, status="started")
    ramp = action_create(
        goal=done, created_by=trine, kind=ActionKind.HELP_REQUEST, title="Søke Husbanken"
    )
    action_set_status(action=ramp, changed_by=trine, status="done")
    return plan_load(person=eli)


def _export(person: Person) -> dict[str, Any]:
    return plan_to_bundle(
        plan_load(person=person), relations=plan_relations(person=person), base_url=BASE_URL
    )


def _resources(bundle: dict[str, Any], resource_type: str) -> list[dict[str, Any]]:
    return [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == resource_type
    ]


def _references(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["reference"]] if isinstance(node.get("reference"), str) else []
        return found + [r for value in node.values() for r in _references(value)]
    if isinstance(node, list):
        return [r for value in node for r in _references(value)]
    return []


def _summary(bundle: dict[str, Any]) -> dict[str, Any]:
    """What must survive a round trip, independent of ids and order."""
    by_url = {e["fullUrl"]: e["resource"] for e in bundle["entry"]}
    care_plan = _resources(bundle, "CarePlan")[0]

    def scores(goal):
        return [
            {
                part["url"]: next(v for k, v in part.items() if k.startswith("value"))
                for part in ext["extension"]
            }
            for ext in goal.get("extension", [])
            if ext["url"] == EXT_SCORE
        ]

    return {
        "goals": sorted(
            (
                g["description"]["text"],
                g["lifecycleStatus"],
                g.get("target", [{}])[0].get("measure", {}).get("coding", [{}])[0].get("code"),
                json.dumps(scores(g), sort_keys=True),
            )
            for g in _resources(bundle, "Goal")
        ),
        "relations": sorted(
            (
                r["name"][0]["given"][0],
                r["name"][0]["family"],
                r["relationship"][0]["text"],
                json.dumps(r["relationship"][0].get("coding"), sort_keys=True),
            )
            for r in _resources(bundle, "RelatedPerson")
        ),
        "description": care_plan.get("description"),
        "notes": sorted(n["text"] for n in care_plan.get("note", [])),
        "activities": sorted(
            (
                a["detail"]["description"],
                a["detail"]["status"],
                a["detail"]["code"]["coding"][0]["code"],
                by_url[a["detail"]["goal"][0]["reference"]]["description"]["text"],
            )
            for a in care_plan.get("activity", [])
        ),
    }


# --- Export ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_export_of_elis_plan_is_a_valid_fhir_r4b_bundle(eli_plan, users):
    eli = users["eli"].person
    bundle = plan_to_bundle(eli_plan, relations=plan_relations(person=eli), base_url=BASE_URL)

    validated = Bundle.model_validate(bundle)
    assert validated.type == "collection"
    assert json.loads(json.dumps(bundle)) == bundle  # plain JSON, nothing left to encode
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds.count("Patient") == 1 and kinds.count("CarePlan") == 1
    assert kinds.count("RelatedPerson") == 2 and kinds.count("Goal") == 3
    # Stable ids: the same plan exported twice gets the same fullUrls.
    assert [e["fullUrl"] for e in _export(eli)["entry"]] == [e["fullUrl"] for e in bundle["entry"]]


@pytest.mark.django_db
def test_patient_has_contact_details_but_never_the_national_identity_number(eli_plan, users):
    eli = users["eli"].person
    bundle = plan_to_bundle(eli_plan, relations=plan_relations(person=eli), base_url=BASE_URL)
    (patient,) = _resources(bundle, "Patient")

    assert patient["identifier"] == [
        {"use": "secondary", "system": "urn:samskap:person", "value": str(eli.pk)}
    ]
    assert patient["name"][0]["given"] == ["Eli"] and patient["name"][0]["family"] == "Haugen"
    assert patient["birthDate"] == "1952"
    assert {"system": "phone", "value": "+47 913 45 120"} in patient["telecom"]
    assert patient["address"] == [
        {
            "use": "home",
            "country": "NO",
            "line": ["Vestringsvegen 12"],
            "postalCode": "2651",
            "city": "Østre Gausdal",
        }
    ]
    assert patient["communication"][0]["language"]["coding"][0]["code"] == "nb"
    text = json.dumps(bundle, ensure_ascii=False)
    assert eli.national_id_hash and eli.national_id_hash in (national_id_hash("demo-eli"),)
    assert eli.national_id_hash not in text and "demo-eli" not in text


@pytest.mark.django_db
def test_goals_keep_the_persons_words_verbatim_with_status_and_scores(eli_plan, users):
    eli = users["eli"].person
    bundle = plan_to_bundle(eli_plan, relations=plan_relations(person=eli), base_url=BASE_URL)
    goals = {g["description"]["text"]: g for g in _resources(bundle, "Goal")}

    assert set(goals) == {PSFS_GOAL, GAS_GOAL, DONE_GOAL}
    psfs = goals[PSFS_GOAL]
    assert psfs["lifecycleStatus"] == "active"
    assert psfs["achievementStatus"]["coding"][0]["code"] == "improving"
    assert psfs["target"][0]["measure"]["coding"][0]["code"] == "psfs"
    scores = [
        {part["url"]: part for part in ext["extension"]}
        for ext in psfs["extension"]
        if ext["url"] == EXT_SCORE
    ]
    assert [s["date"]["valueDate"] for s in scores] == [
        (TODAY - dt.timedelta(days=42)).isoformat(),
        TODAY.isoformat(),
    ]
    assert [s["psfs"]["valueDecimal"] for s in scores] == [3, 6.5]
    assert scores[1]["note"]["valueString"] == "Gikk til butikken"
    latest = {p["url"]: p for p in psfs["target"][0]["extension"][0]["extension"]}
    assert latest["psfs"]["valueDecimal"] == 6.5
    gas = goals[GAS_GOAL]
    assert gas["target"][0]["detailString"] == "Er med én gang i måneden"
    assert goals[DONE_GOAL]["lifecycleStatus"] == "completed"
    assert goals[DONE_GOAL]["achievementStatus"]["coding"][0]["code"] == "achieved"
    assert "target" not in goals[DONE_GOAL]


@pytest.mark.django_db
def test_care_plan_references_resolve_inside_the_bundle(eli_plan, users):
    eli = users["eli"].person
    bundle = plan_to_bundle(eli_plan, relations=plan_relations(person=eli), base_url=BASE_URL)
    by_url = {e["fullUrl"]: e["resource"] for e in bundle["entry"]}
    (patient_url,) = [u for u, r in by_url.items() if r["resourceType"] == "Patient"]
    (care_plan,) = _resources(bundle, "CarePlan")

    assert all(url.startswith("urn:uuid:") for url in by_url)
    assert set(_references(bundle)) <= set(by_url)
    assert care_plan["subject"]["reference"] == patient_url
    assert (care_plan["status"], care_plan["intent"]) == ("active", "plan")
    assert care_plan["description"] == f"{WHAT_MATTERS}\n\n{WHAT_MATTERS_LATER}"
    assert {by_url[g["reference"]]["resourceType"] for g in care_plan["goal"]} == {"Goal"}
    activities = {a["detail"]["description"]: a["detail"] for a in care_plan["activity"]}
    assert activities["Bestille TT-skyss til Follebu"]["status"] == "not-started"
    assert activities["Bestille TT-skyss til Follebu"]["kind"] == "ServiceRequest"
    assert activities["Skåre igjen"]["status"] == "in-progress"
    assert activities["Søke Husbanken"]["status"] == "completed"
    ramp_goal = by_url[activities["Søke Husbanken"]["goal"][0]["reference"]]
    assert ramp_goal["description"]["text"] == DONE_GOAL
    assert sorted(n["text"] for n in care_plan["note"]) == [
        "Jeg kan strikke votter til basaren.",
        "Lage kaffe til trimgruppa.",
    ]


@pytest.mark.django_db
def test_relations_are_related_persons_coded_where_hl7_has_a_code(eli_plan, users):
    eli = users["eli"].person
    bundle = plan_to_bundle(eli_plan, relations=plan_relations(person=eli), base_url=BASE_URL)
    related = {r["name"][0]["given"][0]: r for r in _resources(bundle, "RelatedPerson")}

    axel = related["Axel"]["relationship"][0]
    assert axel["coding"] == [
        {
            "system": "http://terminology.hl7.org/CodeSystem/v3-RoleCode",
            "code": "SPS",
            "display": "spouse",
        }
    ]
    assert related["Axel"]["telecom"] == [{"system": "phone", "value": "+47 913 45 121"}]
    trine = related["Trine"]
    assert trine["relationship"][0] == {"text": "Ansatt som følger opp"}
    assert "telecom" not in trine  # staff's own phone stays out of other people's files


# --- Import ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_round_trip_export_import_export_keeps_goals_statuses_and_relations(eli_plan, users, demo):
    eli = users["eli"].person
    first = _export(eli)

    imported = bundle_to_plan(first, kommune=demo["kommuner"]["3441"], imported_by=users["hanne"])

    assert imported.pk != eli.pk and imported.kommune == eli.kommune
    assert imported.national_id_hash is None
    assert (imported.given_name, imported.family_name, imported.birth_year) == (
        "Eli",
        "Haugen",
        1952,
    )
    assert imported.languages == ["nb"] and imported.postal_place == "Østre Gausdal"
    second = _export(imported)
    assert _summary(second) == _summary(first)
    goals = {g.text: g for g in Goal.objects.filter(person=imported)}
    assert goals[PSFS_GOAL].scores.count() == 2
    assert goals[GAS_GOAL].gas_weight == 2
    assert goals[DONE_GOAL].status == GoalStatus.ACHIEVED
    assert Relation.objects.get(person=imported, kind=RelationKind.SPOUSE).description == (
        "Ordner det meste i hverdagen"
    )
    actions = {
        event.action for event in AuditEvent.objects.filter(subject=imported, actor=users["hanne"])
    }
    assert {
        "person_created",
        "relation_added",
        "plan_entry_added",
        "goal_created",
        "goal_scored",
        "action_created",
        "plan_imported_fhir",
    } <= actions
    # A coordinator gets no access to the plan from importing it.
    assert not users["hanne"].has_perm("plans.view_plan", imported)


@pytest.mark.django_db
def test_care_staff_who_import_a_plan_follow_the_person_up(eli_plan, users, demo):
    imported = bundle_to_plan(
        _export(users["eli"].person), kommune=demo["kommuner"]["3441"], imported_by=users["trine"]
    )
    assert Relation.objects.filter(
        person=imported, other=users["trine"].person, kind=RelationKind.STAFF
    ).exists()
    assert users["trine"].has_perm("plans.change_plan", imported)


@pytest.mark.django_db
def test_invalid_bundle_is_refused_and_no_person_is_created(eli_plan, users, demo):
    bundle = _export(users["eli"].person)
    broken = copy.deepcopy(bundle)
    del _resources(broken, "Goal")[0]["subject"]
    people = Person.objects.count()

    with pytest.raises(ValidationError) as info:
        bundle_to_plan(broken, kommune=demo["kommuner"]["3441"], imported_by=users["hanne"])

    assert "ikke en gyldig FHIR R4B-bundle" in info.value.messages[0]
    assert "entry.3.resource.subject: mangler" in info.value.messages[0]
    assert Person.objects.count() == people


@pytest.mark.django_db
def test_data_samskap_cannot_store_rolls_back_everything_already_written(eli_plan, users, demo):
    bundle = _export(users["eli"].person)
    _resources(bundle, "Goal")[-1]["description"]["text"] = "x" * 301  # longer than a goal
    people, audit = Person.objects.count(), AuditEvent.objects.count()

    with pytest.raises(ValidationError) as info:
        bundle_to_plan(bundle, kommune=demo["kommuner"]["3441"], imported_by=users["hanne"])

    assert info.value.messages[0].startswith("Planen kunne ikke importeres")
    assert Person.objects.count() == people
    assert AuditEvent.objects.count() == audit
    assert (
        not Action.objects.filter(goal__person__kommune=demo["kommuner"]["3441"])
        .exclude(goal__person=users["eli"].person)
        .exists()
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "resourceType"),
        ({"resourceType": "Patient"}, "resourceType"),
        ({"resourceType": "Bundle", "type": "collection"}, "nøyaktig én pasient"),
    ],
)
def test_files_that_are_not_one_persons_bundle_are_refused(users, demo, data, message):
    with pytest.raises(ValidationError) as info:
        bundle_to_plan(data, kommune=demo["kommuner"]["3441"], imported_by=users["hanne"])
    assert message in info.value.messages[0]


@pytest.mark.django_db
def test_only_coordinators_and_care_staff_in_the_kommune_may_import(eli_plan, users, demo):
    bundle = _export(users["eli"].person)
    with pytest.raises(PermissionDenied):
        bundle_to_plan(bundle, kommune=demo["kommuner"]["3441"], imported_by=users["lars"])
    with pytest.raises(PermissionDenied):  # Solveig is care staff in Øyer, not Gausdal
        bundle_to_plan(bundle, kommune=demo["kommuner"]["3441"], imported_by=users["solveig"])


def test_import_understands_other_systems_codes_without_a_database():
    patient = "urn:uuid:0b7c8f0e-6a43-4b8e-9d39-000000000001"
    goal = "urn:uuid:0b7c8f0e-6a43-4b8e-9d39-000000000002"
    data = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {
                "fullUrl": patient,
                "resource": {
                    "resourceType": "Patient",
                    "name": [{"given": ["Áile", "Máret"], "family": "Ŋuolja"}],
                    "birthDate": "1948-05-17",
                },
            },
            {
                "fullUrl": "urn:uuid:0b7c8f0e-6a43-4b8e-9d39-000000000003",
                "resource": {
                    "resourceType": "RelatedPerson",
                    "patient": {"reference": patient},
                    "relationship": [
                        {
                            "coding": [
                                {
                                    "system": "http://terminology.hl7.org/CodeSystem/v3-RoleCode",
                                    "code": "DAU",
                                }
                            ]
                        }
                    ],
                    "name": [{"given": ["Sara"], "family": "Ŋuolja"}],
                },
            },
            {
                "fullUrl": goal,
                "resource": {
                    "resourceType": "Goal",
                    "lifecycleStatus": "on-hold",
                    "description": {"text": "Joike i koret igjen"},
                    "subject": {"reference": patient},
                },
            },
            {
                "fullUrl": "urn:uuid:0b7c8f0e-6a43-4b8e-9d39-000000000004",
                "resource": {
                    "resourceType": "CarePlan",
                    "status": "active",
                    "intent": "plan",
                    "subject": {"reference": patient},
                    "activity": [
                        {
                            "detail": {
                                "kind": "Appointment",
                                "status": "scheduled",
                                "description": "Korøving",
                            }
                        }
                    ],
                },
            },
        ],
    }
    plan = bundle_parse(data)
    assert plan.person["given_name"] == "Áile Máret" and plan.person["birth_year"] == 1948
    assert [(r.given_name, r.kind) for r in plan.relations] == [("Sara", RelationKind.CHILD)]
    assert [(g.text, g.status) for g in plan.goals] == [("Joike i koret igjen", "active")]
    assert [(a.title, a.kind, a.status, a.goal_key) for a in plan.actions] == [
        ("Korøving", ActionKind.ACTIVITY, "planned", goal)
    ]
    data["entry"][2]["resource"]["lifecycleStatus"] = "bogus"
    with pytest.raises(ValidationError, match="ukjent status"):
        bundle_parse(data)


# --- Pages -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_nurse_downloads_elis_plan_as_fhir_and_eli_sees_it_in_her_access_log(eli_plan, users):
    eli = users["eli"].person
    client = login(Client(), "trine")

    response = client.get(reverse("plans:fhir_export", args=[eli.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    bundle = Bundle.model_validate_json(response.content)
    assert len([e for e in bundle.entry if e.resource.get_resource_type() == "Goal"]) == 3
    assert AccessLogEntry.objects.filter(
        subject=eli, viewer=users["trine"], what="Planen som FHIR"
    ).exists()


@pytest.mark.django_db
def test_volunteer_cannot_download_elis_plan(eli_plan, users):
    client = login(Client(), "lars")
    response = client.get(reverse("plans:fhir_export", args=[users["eli"].person.pk]))
    assert response.status_code == 403
    assert not AccessLogEntry.objects.filter(viewer=users["lars"]).exists()


@pytest.mark.django_db
def test_volunteer_cannot_open_the_import_page(users):
    client = login(Client(), "lars")
    assert client.get(reverse("plans:fhir_import")).status_code == 403


@pytest.mark.django_db
def test_coordinator_imports_a_plan_with_the_form(eli_plan, users):
    data = json.dumps(_export(users["eli"].person), ensure_ascii=False).encode()
    client = login(Client(), "hanne")
    page = client.get(reverse("plans:fhir_import"))
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.content.decode()
    before = Person.objects.filter(given_name="Eli", family_name="Haugen").count()

    response = client.post(
        reverse("plans:fhir_import"),
        {"file": SimpleUploadedFile("eli.json", data, content_type="application/fhir+json")},
    )

    assert response.status_code == 302
    assert Person.objects.filter(given_name="Eli", family_name="Haugen").count() == before + 1
    # Hanne may not see plans, so she is sent home with a message instead of to a 403.
    assert response["Location"] == reverse("web:home")


@pytest.mark.django_db
def test_nurse_imports_a_plan_and_lands_on_it(eli_plan, users):
    data = json.dumps(_export(users["eli"].person)).encode()
    client = login(Client(), "trine")

    response = client.post(
        reverse("plans:fhir_import"), {"file": SimpleUploadedFile("eli.json", data)}
    )

    assert response.status_code == 302
    imported = Person.objects.filter(given_name="Eli", family_name="Haugen").latest("pk")
    assert response["Location"] == reverse("plans:detail", args=[imported.pk])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{ dette er ikke json", "Filen kunne ikke leses"),
        (
            b'{"resourceType": "Bundle", "type": "collection", "entry": [{"resource": '
            b'{"resourceType": "Goal", "lifecycleStatus": "active"}}]}',
            "ikke en gyldig FHIR R4B-bundle",
        ),
    ],
)
def test_broken_file_shows_a_norwegian_error_and_saves_nothing(users, content, message):
    client = login(Client(), "hanne")
    people = Person.objects.count()

    response = client.post(
        reverse("plans:fhir_import"), {"file": SimpleUploadedFile("plan.json", content)}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Noe må rettes" in page
    assert 'aria-describedby="id_file-help id_file-error"' in page
    assert Person.objects.count() == people
