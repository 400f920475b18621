"""Demo data for the early warning: a spike of reports in Kelurahan Terjun (Medan Marelan) in
the last complete week and a number shared by reports in Terjun and Medan Belawan, then one
warning run, so the Medan coordinator has alerts to open and acknowledge."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from sigap.alerts import actions
from sigap.alerts.models import Alert
from sigap.cases.hashing import keyed_hash
from sigap.cases.identifiers import hint
from sigap.cases.models import Identifier, Report

TAG = "(Demo) Peringatan dini:"
TERJUN = "12.71.12.1003"
RENGAS_PULAU = "12.71.12.1004"
BELAWAN = "12.71.13.1001"
# Reports a week in Terjun, oldest first; the last is the week the run judges.
TERJUN_WEEKS = [1, 2, 1, 1, 2, 1, 2, 1, 1, 2, 1, 9]
RECRUITER = "+6281299990001"  # fictional


@transaction.atomic
def load_alerts() -> int:
    """Idempotent: the demo's own reports and alerts are replaced."""
    Report.objects.filter(pk__in=[r.pk for r in _demo_reports()]).delete()
    Alert.objects.filter(area__code__startswith="12.71").delete()
    judged = _judged_monday()
    reports = []
    for back, n in enumerate(reversed(TERJUN_WEEKS)):
        reports += [_report(TERJUN, judged - timedelta(weeks=back), i) for i in range(n)]
    linked = [_report(a, judged, 20 + i) for i, a in enumerate((RENGAS_PULAU, BELAWAN, BELAWAN))]
    linked.append(reports[-1])  # one of Terjun's reports of the spike week
    for report in linked:
        value = f"phone:{RECRUITER}"
        Identifier.objects.create(
            report=report,
            kind="phone",
            value_hash=keyed_hash("identifier", value),
            hint=hint("phone", RECRUITER),
        )
    actions.warning_run()
    return Alert.objects.open().filter(area__code__startswith="12.71").count()


def _demo_reports():
    # Narratives are encrypted, so demo rows are found by decrypting, not by a filter.
    recent = Report.objects.filter(area__code__startswith="12.71", rules_version="demo")
    return [r for r in recent if r.what.startswith(TAG)]


def _judged_monday():
    today = timezone.localdate()
    return today - timedelta(days=today.weekday() + 7)


def _report(area: str, monday, n: int) -> Report:
    at = timezone.make_aware(datetime.combine(monday, datetime.min.time()))
    at += timedelta(days=n % 7, hours=9 + n % 8)
    return Report.objects.create(
        channel="web",
        is_anonymous=True,
        area_id=area,
        what=f"{TAG} tawaran kerja ke luar negeri lewat media sosial.",
        rules_version="demo",
        created_at=at,
        processed_at=at,
    )
