"""What a new user stumbled on in the pilots (issue 18, "Wrong or confusing today")."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sigap.programme import actions, periods, stats
from sigap.regions.models import Area
from tests import personas

pytestmark = pytest.mark.django_db
KETAWANGGEDE = "35.73.05.1006"


def _last_ended(today, months=1):
    return [p for p in periods.periods_between(date(2025, 10, 1), today, months)
            if periods.period_end(p, months) < today][-1]  # fmt: skip


def test_condition_report_defaults_to_the_month_due(as_user, malang_programme):
    today = timezone.localdate()
    due = _last_ended(today)
    client = as_user(personas.ketawanggede_relawan())
    url = reverse("programme:condition_file", args=[malang_programme.pk])
    page = client.get(url).content.decode()
    assert f'<option value="{due.isoformat()}" selected>' in page
    # Once that month is filed, the one before it is due.
    actions.condition_file(
        actor=None,
        programme=malang_programme,
        area=Area.objects.get(code=KETAWANGGEDE),
        period_start=due,
        values={},
    )
    before = periods.period_start(due - timedelta(days=1), 1)
    page = client.get(url).content.decode()
    assert f'<option value="{before.isoformat()}" selected>' in page


def test_due_period_never_picks_the_unfinished_month_when_one_has_ended(malang_programme):
    today = date(2026, 3, 5)
    assert stats.due_period(malang_programme, today, []) == date(2026, 2, 1)
    assert stats.due_period(malang_programme, today, [date(2026, 2, 1)]) == date(2026, 1, 1)
    malang_programme.reports_start = date(2026, 3, 1)
    assert stats.due_period(malang_programme, today, []) == date(2026, 3, 1)
