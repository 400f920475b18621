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
            _extras()
            yield
            transaction.set_rollback(True)
        cache.clear()


def _extras():
    """What the demo lacks for the matrix: a report and a case in Malang, API tokens in both
    cities (so each city's personas meet the other city's records of every kind)."""
    from django.contrib.auth import get_user_model

    from sigap.cases import actions
    from sigap.cases.choices import Channel, TraffickingStatus
    from sigap.people.tokens import token_create
    from sigap.regions.models import Area

    users = get_user_model().objects
    admin = users.get(username="admin")
    report, _code = actions.report_submit(
        data={
            "area": Area.objects.get(code="35.73.05.1006"),
            "what": "Tawaran kerja di luar negeri tanpa dokumen (data uji Malang).",
            "indicators": ["deception"],
        },
        channel=Channel.WEB,
    )
    actions.reports_process()
    report.refresh_from_db()
    actions.report_triage(report=report, actor=admin, decision=TraffickingStatus.POSSIBLE)
    actions.case_open(report=report, actor=admin)
    for username in ("koordinator.medan", "koordinator.malang"):
        token_create(user=users.get(username=username), name="matriks")
