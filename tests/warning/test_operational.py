"""Operational alerts judged against a date."""

from datetime import date

from sigap.warning import operational
from sigap.warning.model import AreaCoverage, CommitmentProgress, DueReport, OpenReferral

TERJUN = "12.71.12.1003"


def due(filed: bool = False) -> DueReport:
    return DueReport(TERJUN, "1", date(2026, 11, 1), due_on=date(2026, 12, 5), filed=filed)


def test_a_missing_condition_report_alerts_after_its_due_date_not_before():
    assert operational.missing_conditions([due()], today=date(2026, 12, 4)) == []
    assert operational.missing_conditions([due()], today=date(2026, 12, 5)) == []
    (alert,) = operational.missing_conditions([due()], today=date(2026, 12, 6))
    assert alert.area == TERJUN and alert.kind == "condition_missing"
    assert alert.fact("days_late") == 1 and alert.severity == "rendah"


def test_a_filed_condition_report_never_alerts():
    assert operational.missing_conditions([due(filed=True)], today=date(2027, 6, 1)) == []


def test_overdue_referrals_one_alert_per_area():
    referrals = [
        OpenReferral("1", TERJUN, date(2026, 12, 1)),
        OpenReferral("2", TERJUN, date(2026, 11, 1)),
        OpenReferral("3", TERJUN, date(2026, 12, 30)),
    ]
    (alert,) = operational.overdue_referrals(referrals, today=date(2026, 12, 4))
    assert alert.fact("overdue") == 2 and alert.severity == "tinggi"


def test_pact_commitment_behind_its_linear_schedule():
    pact = CommitmentProgress("9", TERJUN, "volunteers", 10, 2, signed_on=date(2026, 6, 1))
    # 90 of 180 days: 5 expected, 2 achieved.
    assert operational.expected_by(pact, date(2026, 8, 30)) == 5
    (alert,) = operational.pacts_behind([pact], today=date(2026, 8, 30))
    assert alert.fact("expected") == 5 and alert.fact("achieved") == 2
    # The first month is not judged.
    assert operational.pacts_behind([pact], today=date(2026, 6, 20)) == []


def test_high_risk_area_without_an_active_member():
    coverage = [
        AreaCoverage(TERJUN, recent_reports=6, active_members=0),
        AreaCoverage("12.71.12.1004", recent_reports=6, active_members=2),
        AreaCoverage("12.71.12.1005", recent_reports=1, active_members=0),
    ]
    assert [a.area for a in operational.uncovered(coverage)] == [TERJUN]
