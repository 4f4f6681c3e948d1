from __future__ import annotations

import pytest
from django.db import connection

from samskap.accounts.models import User
from samskap.demo.cast import seed_region_and_cast


@pytest.fixture
def demo(db):
    """The demo region and the named cast (see samskap/demo/cast.py)."""
    return seed_region_and_cast()


@pytest.fixture
def users(demo) -> dict[str, User]:
    return {u.username: u for u in User.objects.select_related("person")}


def pytest_report_header(config):
    return "Samskap tests: PostgreSQL from DATABASE_URL, Chromium at /usr/bin/chromium"


@pytest.fixture(autouse=True, scope="session")
def _require_postgresql(django_db_setup, django_db_blocker):
    """The suite runs against the production database engine, never SQLite."""
    with django_db_blocker.unblock():
        assert connection.vendor == "postgresql", (
            "Run the tests through `make test`, which starts a PostgreSQL server."
        )


@pytest.fixture(autouse=True)
def _bokmal_by_default():
    """Each test starts in bokmål, whatever language an earlier test activated."""
    from django.utils import translation

    translation.activate("nb")
    yield
    translation.deactivate()
