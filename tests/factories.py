from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from samskap.accounts.models import RoleAssignment, User
from samskap.municipalities.models import Kommune
from samskap.people.models import Person


class KommuneFactory(DjangoModelFactory):
    class Meta:
        model = Kommune
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: f"{9000 + n:04d}")
    name = factory.Sequence(lambda n: f"Testkommune {n}")


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    kommune = factory.SubFactory(KommuneFactory)
    given_name = factory.Faker("first_name", locale="no_NO")
    family_name = factory.Faker("last_name", locale="no_NO")
    birth_year = 1950
    contact_channels = factory.LazyFunction(lambda: ["app"])


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    person = factory.SubFactory(PersonFactory)
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save()


class RoleAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    kommune = factory.SubFactory(KommuneFactory)
    role = "resident"
