"""The HTCDS 2.0 CSV export and aggregate statistics with small cells suppressed."""

import csv
import io
from pathlib import Path

from sigap.cases import actions, exports
from sigap.cases.models import Report
from sigap.people import access
from sigap.people.models import AuditEvent
from tests.cases.conftest import make_case, make_report

STANDARD = Path(__file__).resolve().parents[2].parent / "shared/data/htcds/htcds_2.0_fields.csv"


def standard_fields() -> set[str]:
    with STANDARD.open(encoding="utf-8") as handle:
        return {row["field_name_with_prefix"] for row in csv.DictReader(handle)}


def test_htcds_export_uses_standard_field_names_one_row_per_victim(medan_case_worker, as_user):
    case = make_case(medan_case_worker)
    actions.victim_add(case=case, actor=medan_case_worker, first_name="Dewi", gender="Feminine")
    actions.case_update_details(
        case=case,
        actor=medan_case_worker,
        exploitation_types=["ForcedLabour", "ForcedCriminalityOnlineScam"],
        methods_of_control=["WithholdsDocuments"],
        recruitment_methods=[],
    )
    response = as_user(medan_case_worker).get("/kasus/ekspor/htcds.csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == 2
    if STANDARD.exists():
        assert set(rows[0]) <= standard_fields()
    assert rows[0]["vic_TypeOfExploitation"] == "ForcedLabour;Other"
    assert rows[0]["vic_RecruitmentWebsitesAndApps"] == "Facebook;WhatsApp"
    assert rows[0]["vic_TraffickingStatus"] == "PossibleVictimOfTrafficking"
    assert rows[0]["con_Consent"] == "True" and rows[1]["con_Consent"] == "False"
    for secret in ("Siti", "Dewi", "1271010101950001"):
        assert secret not in body
    assert AuditEvent.objects.filter(action="cases.export_htcds").exists()


def test_small_cells_are_suppressed(medan_case_worker, medan_analyst):
    for _ in range(11):
        make_report()
    make_report("12.71.13.1001")
    rows, k = exports.area_statistics(
        area_q=access.area_q(medan_analyst, "aggregates.view", field="area_id"),
        level=3,
        date_from=None,
        date_to=None,
    )
    shown = {area.code: cells for area, cells in rows}
    assert k == 11
    # Medan's total (12) minus 11 would give 12.71.13's count away: 11 is shown as "≥11".
    assert shown["12.71.12"]["reports"] == "≥11"
    assert shown["12.71.13"]["reports"] == "<11"
    assert shown["12.71.12"]["cases"] == "<11"
    assert Report.objects.count() == 12


def test_k_is_configurable(settings, areas):
    settings.SIGAP_SMALL_CELL_K = 5
    assert exports.small_cell_k() == 5 and exports.suppress(4, 5) == "<5"
