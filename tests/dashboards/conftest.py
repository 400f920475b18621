from datetime import timedelta

from django.utils import timezone

from sigap.cases import choices as c
from sigap.cases.models import Case, Report
from tests import personas

RENGAS_PULAU = "12.71.12.1002"
MEDAN_DELI = "12.71.06"


def reports(area: str, n: int, days_ago: int = 10, **fields) -> None:
    """``n`` reports in ``area`` (straight to the table: these tests read, they don't file)."""
    when = timezone.now() - timedelta(days=days_ago)
    Report.objects.bulk_create(
        [
            Report(
                channel=c.Channel.WEB,
                area_id=area,
                what="uji",
                created_at=when,
                recruitment_apps=fields.get("apps", ["Facebook"]),
                decision=fields.get("decision", ""),
            )
            for _ in range(n)
        ]
    )


def cases(area: str, n: int, **fields) -> None:
    Case.objects.bulk_create(
        [
            Case(
                area_id=area,
                trafficking_status=c.TraffickingStatus.POSSIBLE,
                exploitation_types=fields.get("types", ["ForcedLabour"]),
                destination_country=fields.get("country", "KH"),
            )
            for _ in range(n)
        ]
    )


def medan_data() -> None:
    """12 reports in Terjun, 3 in Rengas Pulau (both Medan Marelan), 20 in Medan Deli; cases."""
    reports(personas.TERJUN, 12)
    reports(RENGAS_PULAU, 3, apps=["TikTok"])
    reports(MEDAN_DELI + ".1001", 20)
    cases(personas.TERJUN, 4, types=["ForcedCriminalityOnlineScam", "ForcedLabour"])
