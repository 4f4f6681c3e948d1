"""The HSDS 3 export of the activity directory, validated against the Open Referral schema."""

from __future__ import annotations

import copy
import datetime as dt
import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker, ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from samskap.activities.hsds import NAMESPACE, directory_package
from samskap.activities.models import (
    Activity,
    ActivityCategory,
    ActivityLeader,
    Frequency,
    SignUp,
    SignUpStatus,
)
from samskap.organisations.models import Organisation, OrganisationKind
from tests.factories import KommuneFactory, PersonFactory

pytestmark = pytest.mark.django_db

SCHEMA_DIR = Path(__file__).parent.parent / "data" / "hsds" / "schema"
THURSDAY = 3


class HsdsValidator:
    """Validates an export (a list of organizations) against the upstream HSDS schema files.

    The modular `organization.json` has no `services` property (in HSDS a service points to its
    organization, not the other way round), so each organization is validated against
    `organization.json` and each of its nested `services` against `service.json`, as the
    compiled `organization_package` schema does. Every "$ref" among the stored files resolves
    through a `referencing.Registry`; nothing is fetched over the network.
    """

    def __init__(self) -> None:
        resources = []
        for path in sorted(SCHEMA_DIR.glob("*.json")):
            contents = json.loads(path.read_text(encoding="utf-8"))
            Draft202012Validator.check_schema(contents)
            resource = Resource.from_contents(contents, default_specification=DRAFT202012)
            resources.append((path.name, resource))  # the relative form used in the "$ref"s
            if "$id" in contents:
                resources.append((contents["$id"], resource))
        self.registry = Registry().with_resources(resources).crawl()
        self.organization = self._validator("organization.json")
        self.service = self._validator("service.json")

    def _validator(self, name: str) -> Draft202012Validator:
        schema = self.registry[name].contents
        return Draft202012Validator(schema, registry=self.registry, format_checker=FormatChecker())

    def iter_errors(self, package: Any):
        """(path, error) for every error, the path from the root of the export."""
        if not isinstance(package, list):
            yield [], ValidationError(f"{package!r} is not an array of organizations")
            return
        for i, org in enumerate(package):
            for error in self.organization.iter_errors(org):
                yield [i, *error.absolute_path], error
            services = org.get("services", []) if isinstance(org, dict) else []
            if not isinstance(services, list):
                yield [i, "services"], ValidationError(f"{services!r} is not of type 'array'")
                continue
            for j, service in enumerate(services):
                for error in self.service.iter_errors(service):
                    yield [i, "services", j, *error.absolute_path], error


@pytest.fixture(scope="module")
def validator() -> HsdsValidator:
    return HsdsValidator()


def schema_errors(validator: HsdsValidator, package: Any) -> list[str]:
    """Every schema error, as "path: message" lines (round-tripped through JSON first)."""
    document = json.loads(json.dumps(package))
    return sorted(
        f"{'/'.join(str(p) for p in path)}: {error.message}"
        for path, error in validator.iter_errors(document)
    )


def assert_valid(validator: HsdsValidator, package: Any) -> None:
    errors = schema_errors(validator, package)
    if errors:
        print("\n".join(errors))
    assert errors == []


def all_services(package: list[dict]) -> list[dict]:
    return [service for org in package for service in org["services"]]


def make_activity(kommune, organisation=None, **fields) -> Activity:
    today = timezone.localdate()
    values: dict[str, Any] = {
        "kommune": kommune,
        "organisation": organisation,
        "title": "Trim",
        "category": ActivityCategory.EXERCISE,
        "place_name": "Grendehuset",
        "street_address": "Storgata 1",
        "postal_code": "2651",
        "postal_place": "Østre Gausdal",
        "latitude": 61.2,
        "longitude": 10.2,
        "frequency": Frequency.WEEKLY,
        "weekdays": [THURSDAY],
        "start_date": today - dt.timedelta(days=today.weekday()) + dt.timedelta(days=THURSDAY),
        "start_time": dt.time(11, 0),
        "duration_minutes": 60,
    }
    values.update(fields)
    return Activity.objects.create(**values)


@pytest.fixture
def directory():
    """Two kommuner, one organisation, and activities of every schedule kind."""
    gausdal = KommuneFactory(number="3441", name="Gausdal", phone="61 22 45 00")
    other = KommuneFactory(number="3405", name="Lillehammer", phone="61 05 00 00")
    lag = Organisation.objects.create(
        kommune=gausdal,
        name="Gausdal pensjonistlag",
        kind=OrganisationKind.ASSOCIATION,
        phone="61 22 00 11",
        email="post@pensjonistlag.example",
        org_number="912345678",
    )
    today = timezone.localdate()
    weekly = make_activity(
        gausdal,
        lag,
        title="Sterk og stødig",
        wheelchair_access=True,
        hearing_loop=True,
        accessible_toilet=True,
        price_nok=50,
        price_note="Kaffe inkludert",
        contact_phone="900 11 222",
        exceptions=[(today + dt.timedelta(days=30)).isoformat()],
    )
    monthly = make_activity(
        gausdal,
        None,
        title="Seniorkafé",
        frequency=Frequency.MONTHLY,
        weekdays=[],
        nth=1,
        nth_weekday=1,
        start_date=today - dt.timedelta(days=60),
        until=today + dt.timedelta(days=300),
    )
    month_day = make_activity(
        other,
        None,
        title="Digital kafé",
        frequency=Frequency.MONTHLY,
        weekdays=[],
        month_day=15,
        start_date=today - dt.timedelta(days=10),
    )
    once = make_activity(
        other,
        None,
        title="Sommerfest",
        frequency=Frequency.ONCE,
        weekdays=[],
        start_date=today + dt.timedelta(days=5),
        start_time=dt.time(18, 30),
        duration_minutes=150,
    )
    make_activity(
        gausdal,
        lag,
        title="Avsluttet kurs",
        start_date=today - dt.timedelta(days=90),
        until=today - dt.timedelta(days=1),
    )
    make_activity(gausdal, lag, title="Upublisert", published=False)
    make_activity(
        other,
        None,
        title="Gammel fest",
        frequency=Frequency.ONCE,
        weekdays=[],
        start_date=today - dt.timedelta(days=3),
    )
    return {
        "gausdal": gausdal,
        "other": other,
        "lag": lag,
        "weekly": weekly,
        "monthly": monthly,
        "month_day": month_day,
        "once": once,
    }


def test_export_of_every_schedule_kind_is_valid_hsds(directory, validator):
    package = directory_package()
    assert_valid(validator, package)
    names = sorted(s["name"] for s in all_services(package))
    assert names == ["Digital kafé", "Seniorkafé", "Sommerfest", "Sterk og stødig"]


def test_kommune_run_activities_go_under_an_organization_for_the_kommune(directory):
    package = directory_package()
    by_name = {org["name"]: org for org in package}
    assert set(by_name) == {"Gausdal kommune", "Gausdal pensjonistlag", "Lillehammer kommune"}
    assert [s["name"] for s in by_name["Gausdal kommune"]["services"]] == ["Seniorkafé"]
    assert by_name["Gausdal kommune"]["phones"][0]["number"] == "61 22 45 00"
    lag = by_name["Gausdal pensjonistlag"]
    assert lag["organization_identifiers"][0]["identifier"] == "912345678"
    assert lag["services"][0]["organization_id"] == lag["id"]


def test_demo_seed_export_is_valid_hsds(demo, validator):
    package = directory_package()
    assert all_services(package), "the demo seed has current activities"
    assert_valid(validator, package)


def test_validator_rejects_a_broken_export(directory, validator):
    package = directory_package()
    assert schema_errors(validator, package) == []
    broken = copy.deepcopy(package)
    service = broken[0]["services"][0]
    service["status"] = "open"
    service["id"] = "42"
    del broken[0]["description"]
    service["schedules"][0]["wkst"] = "MON"
    service["service_at_locations"][0]["location"]["addresses"][0]["country"] = 47
    errors = schema_errors(validator, broken)
    assert any("'open' is not one of" in e for e in errors), errors
    assert any("'42' is not a 'uuid'" in e for e in errors), errors
    assert any("'description' is a required property" in e for e in errors), errors
    # Nested objects are checked through the "$ref"s to schedule.json, location.json and
    # address.json. (HSDS 3.2 gives opens_at/closes_at no "format", so a malformed time such as
    # "kl. 11" is not a schema error; test_thursday_group_has_a_weekly_rrule_schedule checks ours.)
    assert any("services/0/schedules/0/wkst: 'MON' is not one of" in e for e in errors), errors
    assert any("addresses/0/country: 47 is not of type 'string'" in e for e in errors), errors


def test_refs_resolve_for_a_service_nested_in_an_organization(directory, validator):
    org = copy.deepcopy(directory_package()[0])
    org["services"][0]["status"] = "bogus"
    errors = schema_errors(validator, [org])
    assert any("'bogus'" in e for e in errors), errors
    # organization.json itself reaches the other files through "$ref" too.
    org["phones"] = [{"id": "not-a-uuid"}]
    errors = schema_errors(validator, [org])
    assert any("phones/0: 'number' is a required property" in e for e in errors), errors
    assert any("phones/0/id: 'not-a-uuid' is not a 'uuid'" in e for e in errors), errors


def test_thursday_group_has_a_weekly_rrule_schedule(directory):
    weekly = directory["weekly"]
    service = next(s for s in all_services(directory_package()) if s["name"] == "Sterk og stødig")
    [schedule] = service["schedules"]
    assert schedule["freq"] == "WEEKLY"
    assert schedule["interval"] == 1
    assert schedule["byday"] == "TH"
    assert schedule["opens_at"] == "11:00:00"
    assert schedule["closes_at"] == "12:00:00"
    assert schedule["dtstart"] == weekly.start_date.isoformat()
    assert "until" not in schedule
    assert schedule["description"].startswith("Torsdager kl. 11.00–12.00, ikke på helligdager")
    assert schedule["notes"].startswith("Avlyst: ")


def test_monthly_and_one_off_schedules(directory):
    services = {s["name"]: s for s in all_services(directory_package())}
    first_tuesday = services["Seniorkafé"]["schedules"][0]
    assert (first_tuesday["freq"], first_tuesday["byday"]) == ("MONTHLY", "1TU")
    assert first_tuesday["until"] == directory["monthly"].until.isoformat()
    assert first_tuesday["description"].startswith("Første tirsdag i måneden kl. 11.00–12.00")
    assert services["Digital kafé"]["schedules"][0]["bymonthday"] == "15"
    once = services["Sommerfest"]["schedules"][0]
    assert "freq" not in once
    assert once["valid_from"] == once["valid_to"] == directory["once"].start_date.isoformat()
    assert (once["opens_at"], once["closes_at"]) == ("18:30:00", "21:00:00")


def test_location_accessibility_and_price(directory):
    service = next(s for s in all_services(directory_package()) if s["name"] == "Sterk og stødig")
    [at_location] = service["service_at_locations"]
    location = at_location["location"]
    assert (location["latitude"], location["longitude"]) == (61.2, 10.2)
    assert location["addresses"][0]["state_province"] == "Innlandet"
    assert location["addresses"][0]["country"] == "NO"
    assert [a["description"] for a in location["accessibility"]] == [
        "Tilgjengelig med rullestol",
        "Teleslynge",
        "Tilrettelagt toalett",
    ]
    [cost] = service["cost_options"]
    assert (cost["currency"], cost["amount"]) == ("NOK", 50)


def test_ids_are_stable_uuid5(directory):
    first, second = directory_package(), directory_package()
    assert first == second
    org = next(o for o in first if o["name"] == "Gausdal pensjonistlag")
    expected = uuid.uuid5(NAMESPACE, f"organisations.organisation:{directory['lag'].pk}")
    assert org["id"] == str(expected)
    ids = []

    def collect(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "id":
                    ids.append(item)
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    collect(first)
    assert all(uuid.UUID(i).version == 5 for i in ids)
    assert len(ids) == len(set(ids)), "every object has its own id"


def test_no_personal_data_of_leaders_or_participants(demo):
    weekly = Activity.objects.get(title="Sterk og stødig")
    leader = PersonFactory(kommune=weekly.kommune, phone="98765432", email="leder@privat.example")
    participant = PersonFactory(
        kommune=weekly.kommune, phone="91234567", email="deltaker@privat.example"
    )
    ActivityLeader.objects.create(activity=weekly, person=leader)
    SignUp.objects.create(activity=weekly, person=participant, status=SignUpStatus.CONFIRMED)
    people = [leader, participant]
    people += [row.person for row in ActivityLeader.objects.select_related("person")]
    people += [row.person for row in SignUp.objects.select_related("person")]
    text = json.dumps(directory_package(), ensure_ascii=False)
    for person in people:
        for value in (person.full_name, person.phone, person.email):
            if value:
                assert value not in text
    assert people
    if weekly.contact_phone and weekly.contact_phone != weekly.organisation.phone:
        assert weekly.contact_phone not in text, "the activity's contact phone is not exported"


def test_view_returns_json_and_filters_by_kommune(directory, validator):
    client = Client()
    url = reverse("activities:hsds")
    assert url == "/aktiviteter/hsds.json"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert_valid(validator, response.json())
    assert len(all_services(response.json())) == 4

    response = client.get(url, {"kommune": "3441"})
    assert response.status_code == 200
    package = response.json()
    assert sorted(s["name"] for s in all_services(package)) == ["Seniorkafé", "Sterk og stødig"]
    service = all_services(package)[0]
    assert service["url"].startswith("http://testserver/aktiviteter/")

    assert client.get(url, {"kommune": "0000"}).status_code == 404


def test_query_count_does_not_grow_with_the_number_of_activities(directory):
    with CaptureQueriesContext(connection) as few:
        directory_package()
    kommune = KommuneFactory()
    for n in range(12):
        organisation = Organisation.objects.create(
            kommune=kommune, name=f"Lag {n}", kind=OrganisationKind.ASSOCIATION
        )
        make_activity(kommune, organisation if n % 3 else None, title=f"Gruppe {n}")
    with CaptureQueriesContext(connection) as many:
        package = directory_package()
    assert len(all_services(package)) == 16
    assert len(many) == len(few) == 1


def test_query_count_is_bounded(directory, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        directory_package([directory["gausdal"].pk])


def test_export_command_writes_valid_json(directory, validator, tmp_path):
    out = tmp_path / "hsds.json"
    call_command("export_hsds", "--kommune", "3405", "--out", str(out))
    package = json.loads(out.read_text(encoding="utf-8"))
    assert_valid(validator, package)
    assert sorted(s["name"] for s in all_services(package)) == ["Digital kafé", "Sommerfest"]
