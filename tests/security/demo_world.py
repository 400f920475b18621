"""The pilot demo (people, programmes, reports, cases of Medan and Malang), loaded once per test
module inside a transaction that is rolled back when the module ends.

The security suites ask the same questions of every route and persona; building the world once
keeps them at seconds. Use it as ``pytestmark = pytest.mark.usefixtures("demo_world")`` plus
the ``db`` fixture in each test (each test then runs in a savepoint of the module's transaction).
"""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction

from tests.conftest import _ensure_areas


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker):
    from sigap import demo
    from sigap.cases.demo import load_cases
    from sigap.programme.demo import load_programmes

    with django_db_blocker.unblock():
        call_command("createcachetable", verbosity=0)
        with transaction.atomic():
            _ensure_areas()
            demo.load_people()
            load_programmes()
            load_cases()
            yield
            transaction.set_rollback(True)
        cache.clear()
