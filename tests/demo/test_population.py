from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Q

from samskap.demo import population as pop
from samskap.demo.cast import CAST, KOMMUNER
from samskap.organisations.models import (
    Membership,
    MembershipRole,
    Organisation,
    OrganisationKind,
)
from samskap.people.forms import LANGUAGE_CHOICES
from samskap.people.models import ContactChannel, Person, Relation, RelationKind, WrittenLanguage

SAMPLE_SIZE = 5000


def people_of(clusters) -> list[pop.PersonSpec]:
    return [p for c in clusters for p in c.people]


def relations_of(clusters) -> list[pop.RelationSpec]:
    return [r for c in clusters for r in c.relations]


@pytest.fixture(scope="module")
def sample() -> list[pop.PersonSpec]:
    return people_of(pop.generate_population(seed=1, count=SAMPLE_SIZE))


# --- pure generation: no database ----------------------------------------------------------


def test_same_seed_gives_the_same_people_and_relations():
    first = list(pop.generate_population(seed=42, count=800))
    second = list(pop.generate_population(seed=42, count=800))
    assert first == second
    assert [(p.full_name, p.latitude, p.longitude) for p in people_of(first)] == [
        (p.full_name, p.latitude, p.longitude) for p in people_of(second)
    ]


def test_different_seeds_give_different_people():
    one = people_of(pop.generate_population(seed=1, count=300))
    two = people_of(pop.generate_population(seed=2, count=300))
    assert [p.full_name for p in one] != [p.full_name for p in two]
    assert [(p.latitude, p.longitude) for p in one] != [(p.latitude, p.longitude) for p in two]


def test_namespaces_do_not_share_people():
    demo = people_of(pop.generate_population(seed=1, count=200, namespace="demo"))
    load = people_of(pop.generate_population(seed=1, count=200, namespace="load"))
    assert [p.full_name for p in demo] != [p.full_name for p in load]
    assert not {p.key for p in demo} & {p.key for p in load}


@pytest.mark.parametrize("count", [0, 1, 7, 1000])
def test_exactly_count_people_with_unique_keys_and_relations_among_them(count):
    clusters = list(pop.generate_population(seed=3, count=count))
    people = people_of(clusters)
    keys = [p.key for p in people]
    assert len(people) == count
    assert len(set(keys)) == count
    seen: set[str] = set()
    for cluster in clusters:  # relations point to this cluster or an earlier one
        seen |= {p.key for p in cluster.people}
        for relation in cluster.relations:
            assert relation.person_key in seen and relation.other_key in seen
            assert relation.person_key != relation.other_key


def test_negative_count_is_refused():
    with pytest.raises(ValueError):
        list(pop.generate_population(seed=1, count=-1))


def test_about_one_relation_per_person_of_the_expected_kinds(sample):
    relations = relations_of(pop.generate_population(seed=1, count=SAMPLE_SIZE))
    assert 0.8 <= len(relations) / SAMPLE_SIZE <= 1.5
    kinds = Counter(r.kind for r in relations)
    assert set(kinds) == {"spouse", "child", "neighbour", "friend"}
    assert set(kinds) <= set(RelationKind.values)


def test_every_person_lives_inside_their_kommune_and_no_other(sample):
    for person in sample:
        area = pop.AREAS_BY_NUMBER[person.kommune_number]
        assert area.contains(person.latitude, person.longitude), person
        others = [a for a in pop.AREAS if a is not area]
        assert not any(a.contains(person.latitude, person.longitude) for a in others), person


def test_postal_codes_and_places_match_the_kommune(sample):
    expected = {
        "3440": {"2636": "Øyer", "2635": "Tretten"},
        "3441": {
            "2651": "Østre Gausdal",
            "2656": "Follebu",
            "2652": "Svingvoll",
            "2653": "Vestre Gausdal",
        },
        "3439": {"2630": "Ringebu", "2634": "Fåvang", "2632": "Venabygd"},
    }
    for person in sample:
        if person.kommune_number == "3405":
            code = int(person.postal_code)
            assert 2609 <= code <= 2619 or code == 2625, person
            # 2610 Mesnali, 2612 Sjusjøen and 2616 Lismarka are in Ringsaker.
            assert code not in {2610, 2612, 2616}
            assert person.postal_place == ("Fåberg" if code == 2625 else "Lillehammer")
        else:
            places = expected[person.kommune_number]
            assert places[person.postal_code] == person.postal_place, person
    used = {(p.kommune_number, p.postal_code) for p in sample}
    assert {(k, code) for k, codes in expected.items() for code in codes} <= used


def test_geography_agrees_with_the_named_cast():
    postal_codes: dict[str, str] = {}
    for area in pop.AREAS:
        for settlement in area.settlements:
            assert postal_codes.setdefault(settlement.postal_code, area.number) == area.number
            assert area.contains(settlement.latitude, settlement.longitude), settlement.name
    for number, _name, _phone, lat, lon in KOMMUNER:
        assert pop.AREAS_BY_NUMBER[number].contains(lat, lon)
    for member in CAST:
        area = pop.AREAS_BY_NUMBER[member.kommune]
        assert area.contains(member.latitude, member.longitude), member.key
        assert area.postal_places[member.postal_code] == member.postal_place, member.key


def test_point_in_polygon():
    square = ((0.0, 0.0), (0.0, 1.0), (1.0, 1.0), (1.0, 0.0))
    assert pop.point_in_polygon(0.5, 0.5, square)
    assert not pop.point_in_polygon(1.5, 0.5, square)
    assert not pop.point_in_polygon(0.5, -0.1, square)


def test_ages_are_skewed_old_but_sane(sample):
    ages = [p.age_in() for p in sample]
    assert min(ages) >= 18 and max(ages) <= 104
    share_70_to_95 = sum(70 <= a <= 95 for a in ages) / len(ages)
    assert 0.30 <= share_70_to_95 <= 0.55
    assert sum(a < 40 for a in ages) / len(ages) >= 0.10
    assert 50 <= statistics.median(ages) <= 70
    assert all(p.birth_year == pop.REFERENCE_YEAR - p.age_in() for p in sample)


def test_contact_channels_follow_age(sample):
    def online_share(people):
        return sum(bool({"app", "email"} & set(p.contact_channels)) for p in people) / len(people)

    oldest = [p for p in sample if p.age_in() >= 85]
    youngest = [p for p in sample if p.age_in() < 50]
    assert online_share(oldest) < 0.3
    assert online_share(youngest) > 0.8
    assert any("via_staff" in p.contact_channels for p in oldest)
    assert any("letter" in p.contact_channels for p in oldest)
    assert all(p.contact_channels for p in sample)
    assert {c for p in sample for c in p.contact_channels} <= set(ContactChannel.values)


def test_languages_are_mostly_norwegian_with_minorities(sample):
    written = Counter(p.written_language for p in sample)
    assert written["nb"] / len(sample) > 0.8
    assert written["nn"] / len(sample) > 0.03
    assert set(written) <= set(WrittenLanguage.values)
    spoken = Counter(lang for p in sample for lang in p.languages)
    assert spoken["nb"] / len(sample) > 0.85
    assert {"se", "pl", "so", "ti", "ar", "uk"} <= set(spoken)
    assert set(spoken) <= {code for code, _label in LANGUAGE_CHOICES}


def test_polish_family_names_follow_gender(sample):
    polish = [p for p in sample if p.languages[:1] == ("pl",)]
    assert polish
    for person in polish:
        if person.family_name.endswith(("ski", "cki")):
            assert person.gender == "m"
        if person.family_name.endswith(("ska", "cka")):
            assert person.gender == "f"


def test_phone_numbers_are_fictional_norwegian_mobiles(sample):
    phones = [p.phone for p in sample if p.phone]
    assert len(phones) / len(sample) > 0.9
    assert all(re.fullmatch(r"\+47 9\d\d \d\d \d\d\d", phone) for phone in phones)
    assert all(p.email.endswith("@example.org") for p in sample if p.email)


def test_names_never_reproduce_the_cast_or_real_people(sample):
    cast_names = {f"{m.given_name} {m.family_name}" for m in CAST}
    assert cast_names <= pop.AVOID_FULL_NAMES
    assert not {p.full_name for p in sample} & pop.AVOID_FULL_NAMES


def test_generated_people_pass_model_validation(sample):
    for spec in sample[:400]:
        person = Person(
            given_name=spec.given_name,
            family_name=spec.family_name,
            birth_year=spec.birth_year,
            phone=spec.phone,
            email=spec.email,
            street_address=spec.street_address,
            postal_code=spec.postal_code,
            postal_place=spec.postal_place,
            latitude=spec.latitude,
            longitude=spec.longitude,
            languages=list(spec.languages),
            contact_channels=list(spec.contact_channels),
            written_language=spec.written_language,
            about=spec.about,
        )
        person.clean_fields(exclude=["kommune", "created_by"])


def _demo_plan(seed: int = 1) -> pop.DemoPlan:
    return pop.plan_demo_population(seed=seed, organisations=pop.DEMO_ORGANISATIONS)


def test_demo_plan_is_deterministic_with_staff_and_volunteers():
    plan = _demo_plan()
    assert plan == _demo_plan()
    assert plan != _demo_plan(seed=2)
    residents = [p for p in plan.people if p.key.startswith("demo:")]
    staff = [p for p in plan.people if p.key.startswith("demo-staff:")]
    assert len(residents) == pop.DEMO_RESIDENTS
    assert len(staff) == pop.DEMO_STAFF_PER_KOMMUNE * len(pop.AREAS)
    assert {p.kommune_number for p in residents} == set(pop.AREAS_BY_NUMBER)
    roles = Counter(m.role for m in plan.memberships)
    assert roles[MembershipRole.VOLUNTEER] >= 15
    assert roles[MembershipRole.EMPLOYEE] == len(staff)
    assert set(roles) <= set(MembershipRole.values)
    staff_keys = {p.key for p in staff}
    by_key = {p.key: p for p in plan.people}
    staff_relations = [r for r in plan.relations if r.kind == RelationKind.STAFF]
    assert staff_relations
    for relation in staff_relations:
        assert relation.other_key in staff_keys
        resident = by_key[relation.person_key]
        assert resident.age_in() >= 78
        assert resident.kommune_number == by_key[relation.other_key].kommune_number


def test_demo_organisations_cover_the_kinds_asked_for():
    kinds = Counter(o.kind for o in pop.DEMO_ORGANISATIONS)
    assert 12 <= len(pop.DEMO_ORGANISATIONS) <= 20
    assert set(kinds) <= set(OrganisationKind.values)
    assert {
        "sanitet",
        "red_cross",
        "sports_club",
        "volunteer_centre",
        "small_jobs_centre",
        "senior_centre",
        "school",
        "business",
        "municipal_unit",
    } <= set(kinds)
    assert {o.kommune_number for o in pop.DEMO_ORGANISATIONS} == set(pop.AREAS_BY_NUMBER)
    for org in pop.DEMO_ORGANISATIONS:
        assert pop.AREAS_BY_NUMBER[org.kommune_number].contains(org.latitude, org.longitude)
    assert len({o.key for o in pop.DEMO_ORGANISATIONS}) == len(pop.DEMO_ORGANISATIONS)


# --- loading: PostgreSQL ---------------------------------------------------------------------


def _counts() -> dict[str, int]:
    from samskap.accounts.models import RoleAssignment, User

    return {
        "people": Person.objects.count(),
        "relations": Relation.objects.count(),
        "organisations": Organisation.objects.count(),
        "memberships": Membership.objects.count(),
        "users": User.objects.count(),
        "roles": RoleAssignment.objects.count(),
    }


def test_seed_demo_region_is_idempotent_and_leaves_the_cast_alone(db):
    call_command("seed", "--region", "demo", stdout=StringIO())
    first = _counts()
    call_command("seed", stdout=StringIO())
    assert _counts() == first

    plan = _demo_plan()
    named = len(CAST)
    assert first["people"] == named + pop.DEMO_RESIDENTS + len(pop.AREAS) * 3
    cast_relations = 5  # see seed_region_and_cast (Eli×3, Torleif×2)
    assert first["relations"] == cast_relations + len(plan.relations)
    assert first["organisations"] == 7 + len(pop.DEMO_ORGANISATIONS)
    assert Membership.objects.filter(role=MembershipRole.VOLUNTEER).count() >= 15
    leaders = Membership.objects.filter(
        organisation__name="Gausdal frivilligsentral", role=MembershipRole.LEADER
    )
    assert [m.person.given_name for m in leaders] == ["Marius"]

    cast_ids = set(
        Person.objects.exclude(
            national_id_hash__in=pop._person_hashes(p.key for p in plan.people).values()
        ).values_list("id", flat=True)
    )
    assert len(cast_ids) == named
    cast_staff = Relation.objects.filter(kind=RelationKind.STAFF).filter(
        Q(person_id__in=cast_ids) | Q(other_id__in=cast_ids)
    )
    assert {(r.person.given_name, r.other.given_name) for r in cast_staff} == {
        ("Eli", "Trine"),
        ("Torleif", "Berit"),
    }
    assert Relation.objects.filter(kind=RelationKind.STAFF).count() > 1


def test_seed_residents_inserts_people_with_relations_once(db):
    call_command("seed", "--residents", "2000", "--seed", "3", stdout=StringIO())
    expected_relations = len(relations_of(pop.generate_population(seed=3, count=2000)))
    assert Person.objects.count() == len(CAST) + 2000
    assert Relation.objects.count() == 5 + expected_relations
    assert expected_relations >= 1600
    assert not Person.objects.filter(created_at__isnull=True).exists()
    newest = Person.objects.order_by("-id").first()
    assert newest.created_at is not None and newest.updated_at is not None

    before = _counts()
    call_command("seed", "--residents", "2000", "--seed", "3", stdout=StringIO())
    assert _counts() == before


def test_residents_can_grow_without_duplicates(db):
    call_command("seed", "--residents", "300", "--seed", "4", stdout=StringIO())
    call_command(
        "seed", "--residents", "700", "--seed", "4", "--batch-size", "100", stdout=StringIO()
    )
    expected = pop.generate_population(seed=4, count=700)
    assert Person.objects.count() == len(CAST) + 700
    assert Relation.objects.count() == 5 + len(relations_of(expected))


def test_bulk_loader_queries_grow_with_batches_not_people(db, demo, django_assert_max_num_queries):
    batch_size = 500
    count = 2000
    max_batches = math.ceil(count / batch_size)
    # Per batch: look up existing keys, insert people, insert relations (+ savepoint pair).
    with django_assert_max_num_queries(6 * max_batches + 1) as captured:
        result = pop.synthetic_residents_load(count=count, seed=5, batch_size=batch_size)
    assert result.people_created == count
    assert result.batches <= max_batches
    inserts = [q for q in captured.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) <= 2 * result.batches


def test_loading_needs_the_region(db):
    with pytest.raises(ValueError, match="Seed the demo region first"):
        pop.synthetic_residents_load(count=1, seed=1)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--residents", "-1"], "--residents must be 0 or more"),
        (["--residents", "10", "--batch-size", "0"], "--batch-size must be 1 or more"),
    ],
)
def test_bad_numbers_are_command_errors(db, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("seed", *args, stdout=StringIO())
    assert not Person.objects.exists()


def test_command_reports_counts_and_time(db):
    out = StringIO()
    call_command("seed", "--residents", "50", "--seed", "6", stdout=out)
    text = out.getvalue()
    assert "Synthetic residents (seed 6): 50 people" in text
    assert re.search(r"in \d+ batches and \d+\.\d s", text)
    assert "Demo population" not in text
