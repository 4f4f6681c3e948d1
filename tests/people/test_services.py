from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samskap.people.models import Person
from samskap.people.services import person_create, person_update
from samskap.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_update_writes_audit_with_before_and_after_of_changed_fields_only(users):
    eli = users["eli"].person
    person_update(person=eli, changed_by=users["axel"], phone="+47 900 00 001")
    event = AuditEvent.objects.filter(subject=eli, action="person_updated").latest("at")
    assert event.actor == users["axel"]
    assert event.before == {"phone": "+47 913 45 120"}
    assert event.after == {"phone": "+47 900 00 001"}


def test_update_without_permission_is_refused_and_nothing_changes(users):
    eli = users["eli"].person
    with pytest.raises(PermissionDenied):
        person_update(person=eli, changed_by=users["lars"], phone="+47 900 00 002")
    eli.refresh_from_db()
    assert eli.phone == "+47 913 45 120"


def test_bad_input_raises_and_leaves_nothing_half_saved(users):
    eli = users["eli"].person
    count = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as info:
        person_update(
            person=eli, changed_by=users["eli"], given_name="Elisabeth", postal_code="26510"
        )
    assert "postal_code" in info.value.message_dict
    eli.refresh_from_db()
    assert eli.given_name == "Eli"
    assert AuditEvent.objects.count() == count


def test_unicode_names_including_sami_letters_are_accepted(users, demo):
    person = person_create(
        kommune=demo["kommuner"]["3441"],
        created_by=users["hanne"],
        given_name="Áile Máret",
        family_name="Ŋuolja-Øverås",
        birth_year=1948,
    )
    assert Person.objects.get(pk=person.pk).full_name == "Áile Máret Ŋuolja-Øverås"


def test_only_registrars_may_create_people(users, demo):
    with pytest.raises(PermissionDenied):
        person_create(
            kommune=demo["kommuner"]["3441"],
            created_by=users["lars"],
            given_name="Per",
            family_name="Hansen",
        )


def test_national_id_is_stored_only_as_keyed_hash(users, demo):
    person = person_create(
        kommune=demo["kommuner"]["3441"],
        created_by=users["hanne"],
        given_name="Per",
        family_name="Hansen",
        national_id="01014912345",
    )
    assert person.national_id_hash and "01014912345" not in person.national_id_hash
    event = AuditEvent.objects.get(subject=person, action="person_created")
    assert "national_id_hash" not in event.after
