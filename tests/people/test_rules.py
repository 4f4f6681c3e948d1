"""The access matrix: every role × relation × consent state, for the person page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from samskap.accounts.models import Role
from samskap.accounts.services import role_assign
from samskap.people.models import RelationKind, RepresentationBasis
from samskap.people.services import relation_add, representation_add
from samskap.privacy.models import ConsentScope
from samskap.privacy.services import consent_grant, consent_revoke
from tests.factories import KommuneFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

ALL_ROLES = [r.value for r in Role]


@pytest.fixture
def kommune():
    return KommuneFactory(number="3441", name="Gausdal")


@pytest.fixture
def subject(kommune):
    return PersonFactory(kommune=kommune, given_name="Eli")


def make_viewer(kommune, role: str | None, *, other_kommune: bool = False):
    user = UserFactory()
    home = KommuneFactory(number="3405", name="Lillehammer") if other_kommune else kommune
    if role:
        role_assign(
            user=user,
            kommune=home,
            role=role,
            organisation=_org(home) if role == Role.ORGANISATION_REP else None,
        )
    return user


def _org(kommune):
    from samskap.organisations.models import Organisation

    return Organisation.objects.get_or_create(
        kommune=kommune, name="Frivilligsentral", kind="volunteer_centre"
    )[0]


@pytest.mark.parametrize("role", [None, *ALL_ROLES])
def test_no_role_alone_gives_access_to_someone_elses_data(kommune, subject, role):
    viewer = make_viewer(kommune, role)
    assert not viewer.has_perm("people.view_person", subject)
    assert not viewer.has_perm("people.change_person", subject)
    assert not viewer.has_perm("people.manage_consent", subject)
    assert not viewer.has_perm("people.view_access_log", subject)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_person_always_sees_and_manages_own_data(kommune, subject, role):
    user = UserFactory(person=subject)
    role_assign(user=user, kommune=kommune, role=Role.RESIDENT)
    for perm in ("view_person", "change_person", "manage_consent", "view_access_log"):
        assert user.has_perm(f"people.{perm}", subject)


def test_representative_may_act_while_representation_is_active(kommune, subject):
    viewer = make_viewer(kommune, Role.RELATIVE)
    today = timezone.localdate()
    rep = representation_add(
        person=subject,
        representative=viewer.person,
        basis=RepresentationBasis.CONSENT,
        start_date=today - dt.timedelta(days=10),
        recorded_by=None,
    )
    assert viewer.has_perm("people.view_person", subject)
    assert viewer.has_perm("people.manage_consent", subject)
    rep.end_date = today - dt.timedelta(days=1)
    rep.save()
    viewer = type(viewer).objects.get(pk=viewer.pk)
    assert not viewer.has_perm("people.view_person", subject)


def test_future_representation_gives_no_access_yet(kommune, subject):
    viewer = make_viewer(kommune, Role.RELATIVE)
    representation_add(
        person=subject,
        representative=viewer.person,
        basis=RepresentationBasis.GUARDIANSHIP,
        start_date=timezone.localdate() + dt.timedelta(days=3),
        recorded_by=None,
    )
    assert not viewer.has_perm("people.view_person", subject)


@pytest.mark.parametrize("role", [Role.RELATIVE, Role.VOLUNTEER, Role.RESIDENT, None])
def test_consent_to_a_named_person_gives_read_access_until_revoked(kommune, subject, role):
    viewer = make_viewer(kommune, role)
    owner = UserFactory(person=subject)
    consent = consent_grant(
        person=subject, scope=ConsentScope.PROFILE, grantee_person=viewer.person, recorded_by=owner
    )
    assert viewer.has_perm("people.view_person", subject)
    assert not viewer.has_perm("people.change_person", subject)
    assert not viewer.has_perm("people.manage_consent", subject)
    consent_revoke(consent=consent, revoked_by=owner)
    assert not viewer.has_perm("people.view_person", subject)


def test_consent_for_another_scope_does_not_open_the_profile(kommune, subject):
    viewer = make_viewer(kommune, Role.RELATIVE)
    owner = UserFactory(person=subject)
    consent_grant(
        person=subject, scope=ConsentScope.PLAN, grantee_person=viewer.person, recorded_by=owner
    )
    assert not viewer.has_perm("people.view_person", subject)


@pytest.mark.parametrize(
    ("granted_role", "viewer_role", "other_kommune", "expected"),
    [
        (Role.CARE_STAFF, Role.CARE_STAFF, False, True),
        (Role.CARE_STAFF, Role.CARE_STAFF, True, False),
        (Role.CARE_STAFF, Role.COORDINATOR, False, False),
        (Role.COORDINATOR, Role.COORDINATOR, False, True),
        (Role.CARE_STAFF, Role.LEADER, False, False),
        (Role.CARE_STAFF, Role.ADMINISTRATOR, False, False),
    ],
)
def test_consent_to_a_role_applies_only_to_that_role_in_the_persons_kommune(
    kommune, subject, granted_role, viewer_role, other_kommune, expected
):
    viewer = make_viewer(kommune, viewer_role, other_kommune=other_kommune)
    owner = UserFactory(person=subject)
    consent_grant(
        person=subject, scope=ConsentScope.PROFILE, grantee_role=granted_role, recorded_by=owner
    )
    assert viewer.has_perm("people.view_person", subject) is expected


@pytest.mark.parametrize(
    ("viewer_role", "relation_kind", "other_kommune", "expected"),
    [
        (Role.CARE_STAFF, RelationKind.STAFF, False, True),
        (Role.CARE_STAFF, RelationKind.STAFF, True, False),
        (Role.CARE_STAFF, RelationKind.FRIEND, False, False),
        (Role.COORDINATOR, RelationKind.STAFF, False, False),
        (Role.VOLUNTEER, RelationKind.STAFF, False, False),
        (Role.LEADER, RelationKind.STAFF, False, False),
    ],
)
def test_care_relation_gives_staff_access_in_the_persons_kommune_only(
    kommune, subject, viewer_role, relation_kind, other_kommune, expected
):
    viewer = make_viewer(kommune, viewer_role, other_kommune=other_kommune)
    relation_add(person=subject, other=viewer.person, kind=relation_kind, recorded_by=None)
    assert viewer.has_perm("people.view_person", subject) is expected
    assert viewer.has_perm("people.change_person", subject) is expected
    assert not viewer.has_perm("people.manage_consent", subject)


def test_ended_care_relation_gives_no_access(kommune, subject):
    viewer = make_viewer(kommune, Role.CARE_STAFF)
    relation = relation_add(
        person=subject,
        other=viewer.person,
        kind=RelationKind.STAFF,
        recorded_by=None,
        start_date=dt.date(2025, 1, 1),
    )
    relation.end_date = dt.date(2025, 6, 1)
    relation.save()
    assert not viewer.has_perm("people.view_person", subject)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.COORDINATOR, True),
        (Role.CARE_STAFF, False),
        (Role.LEADER, False),
        (Role.VOLUNTEER, False),
    ],
)
def test_only_coordinators_see_contact_details_without_consent(kommune, subject, role, expected):
    viewer = make_viewer(kommune, role)
    assert viewer.has_perm("people.view_person_contact", subject) is expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.COORDINATOR, True),
        (Role.CARE_STAFF, True),
        (Role.VOLUNTEER, False),
        (Role.RELATIVE, False),
        (Role.LEADER, False),
        (Role.ADMINISTRATOR, False),
    ],
)
def test_who_may_register_people_without_login(kommune, role, expected):
    viewer = make_viewer(kommune, role)
    assert viewer.has_perm("people.register_person", kommune.pk) is expected


def test_anonymous_user_has_no_access(kommune, subject):
    from django.contrib.auth.models import AnonymousUser

    assert not AnonymousUser().has_perm("people.view_person", subject)


@pytest.mark.parametrize("role", [None, *ALL_ROLES])
def test_access_reason_agrees_with_the_view_rule(kommune, subject, role):
    from samskap.people.rules import access_reason

    viewer = make_viewer(kommune, role)
    relation_add(person=subject, other=viewer.person, kind=RelationKind.STAFF, recorded_by=None)
    assert bool(access_reason(viewer, subject)) is viewer.has_perm("people.view_person", subject)
