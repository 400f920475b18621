"""Bad HTCDS files: each gets a clear message per row and cell, and nothing is imported."""

import io

import pytest

from sigap.cases.actions import ActionError
from sigap.cases.htcds import importer, transfer
from sigap.cases.models import Case, Victim
from sigap.people.models import AuditEvent
from sigap.regions.models import Area
from tests import personas

HEADER = "vic_TraffickingStatus,prs_Gender,prs_FirstName,cas_IncomingReferralDate,prs_MobilePhone"
GOOD = "ActualVictimOfTrafficking,Feminine,Ani,2024-05-01,+62 812 1111 2222"


def csv_bytes(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def refused(data: bytes, worker, **kwargs) -> importer.Preview:
    """The preview has errors, the commit refuses it and no case was written."""
    preview = importer.preview(data, **kwargs)
    assert preview.errors and not preview.ok
    with pytest.raises(ActionError):
        importer.commit(actor=worker, preview=preview, area=Area.objects.get(code=personas.MEDAN),
                        source="x")  # fmt: skip
    assert not Case.objects.exists() and not Victim.objects.exists()
    assert not AuditEvent.objects.filter(action="cases.htcds_import").exists()
    return preview


def messages(preview) -> list[tuple[int, str, str]]:
    return [(p.row, p.column, p.message) for p in preview.errors]


def test_a_good_file_imports_with_the_phone_intact(medan_case_worker):
    preview = importer.preview(csv_bytes(HEADER, GOOD))
    assert preview.ok, preview.errors
    medan = Area.objects.get(code=personas.MEDAN)
    (case,) = importer.commit(actor=medan_case_worker, preview=preview, area=medan, source="IOM")
    victim = case.victims.get()
    assert victim.first_name == "Ani" and victim.phone == "+62 812 1111 2222"
    assert case.referred_in_on.isoformat() == "2024-05-01" and case.area_id == personas.MEDAN


def test_wrong_columns(medan_case_worker):
    preview = refused(csv_bytes("nama,umur,alamat", "Ani,20,Medan"), medan_case_worker)
    assert preview.errors[0].column == "vic_TraffickingStatus"
    assert "vic_TraffickingStatus" in preview.errors[0].message
    assert set(preview.unknown) == {"nama", "umur", "alamat"}
    twice = refused(csv_bytes(HEADER + ",prs_Gender", GOOD + ",Feminine"), medan_case_worker)
    assert twice.errors[0].column == "prs_Gender"


def test_unknown_picklist_values_are_named_per_row_and_cell(medan_case_worker):
    preview = refused(
        csv_bytes(HEADER, GOOD, "KorbanPasti,Perempuan,Budi,2024-05-01,"), medan_case_worker
    )
    found = {(row, column) for row, column, _ in messages(preview)}
    assert found == {(3, "vic_TraffickingStatus"), (3, "prs_Gender")}
    text = " ".join(m for *_, m in messages(preview))
    assert "Perempuan" in text and "Feminine" in text  # says what is allowed


def test_dates_in_the_future_or_malformed(medan_case_worker):
    preview = refused(
        csv_bytes(HEADER, GOOD.replace("2024-05-01", "2999-01-01"),
                  GOOD.replace("2024-05-01", "01/05/2024")),
        medan_case_worker,
    )  # fmt: skip
    (future, malformed) = messages(preview)
    assert future[:2] == (2, "cas_IncomingReferralDate") and "2999-01-01" in future[2]
    assert malformed[:2] == (3, "cas_IncomingReferralDate") and "01/05/2024" in malformed[2]


def test_too_many_rows(medan_case_worker):
    data = csv_bytes(HEADER, *([GOOD] * 100_000))
    preview = refused(data, medan_case_worker)
    assert preview.errors[0].row == 0 and "10.000" in preview.errors[0].message
    assert not preview.rows


@pytest.mark.parametrize(
    "cell", ['=HYPERLINK("http://x";"klik")', "@SUM(A1:A2)", "+cmd|' /C calc'!A0", "-2+3"]
)
def test_a_formula_in_a_cell_is_refused(medan_case_worker, cell):
    line = GOOD.replace("Ani", '"' + cell.replace('"', '""') + '"')
    preview = refused(csv_bytes(HEADER, line), medan_case_worker)
    assert messages(preview)[0][:2] == (2, "prs_FirstName")
    assert "rumus" in messages(preview)[0][2]  # "formula": Indonesian is the default


def test_our_own_neutralised_cells_come_back_as_they_were(medan_case_worker):
    preview = importer.preview(csv_bytes(HEADER, GOOD.replace("+62", "'+62")))
    assert preview.ok and preview.rows[0][1]["prs_MobilePhone"] == "+62 812 1111 2222"


def test_not_utf8(medan_case_worker):
    data = csv_bytes(HEADER, GOOD.replace("Ani", "Ani Ç")).replace("Ç".encode(), b"\xc7")
    preview = refused(data, medan_case_worker)
    assert preview.errors[0].row == 0 and "UTF-8" in preview.errors[0].message
    assert "2" in preview.errors[0].message  # the line


def test_wrong_password_and_damaged_files(medan_case_worker):
    zipped = transfer.zip_encrypt(csv_bytes(HEADER, GOOD), name="a.csv", password="benar-sekali")
    assert "sandi" in refused(zipped, medan_case_worker, password="salah").errors[0].message
    assert importer.preview(zipped, password="benar-sekali").ok
    refused(b"PK\x03\x04rusak", medan_case_worker)
    refused(b"", medan_case_worker)


def test_an_error_on_the_last_row_leaves_nothing_behind(medan_case_worker):
    lines = [GOOD.replace("Ani", f"Ani {n}") for n in range(50)]
    lines.append(GOOD.replace("Feminine", "Wanita"))
    preview = refused(csv_bytes(HEADER, *lines), medan_case_worker)
    assert messages(preview)[0][:2] == (52, "prs_Gender")


def test_unknown_area_codes_and_countries(medan_case_worker):
    header = "vic_TraffickingStatus,vic_LocationOfExploitation,hte_Country"
    preview = refused(
        csv_bytes(header, "PossibleVictimOfTrafficking,99.99.99,US"), medan_case_worker
    )
    assert messages(preview)[0][:2] == (2, "vic_LocationOfExploitation")
    ok = importer.preview(csv_bytes(header, "PossibleVictimOfTrafficking,12.71.12,US"))
    assert ok.ok and ok.rows[0][1]["hte_Country"] == "ZZ" and ok.warnings


def test_xlsx_formula_cells_are_refused(medan_case_worker):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["vic_TraffickingStatus", "prs_FirstName"])
    book.active.append(["ActualVictimOfTrafficking", "=1+1"])
    out = io.BytesIO()
    book.save(out)
    preview = refused(out.getvalue(), medan_case_worker)
    assert messages(preview)[0][:2] == (2, "prs_FirstName")


def test_a_cell_too_long_for_csv(medan_case_worker):
    data = csv_bytes(HEADER, GOOD, GOOD.replace("Ani", '"' + "x" * 200_000 + '"'))
    preview = refused(data, medan_case_worker)
    assert preview.errors[0].row == 0 and "CSV UTF-8" in preview.errors[0].message
