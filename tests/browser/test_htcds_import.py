"""A case worker imports another agency's HTCDS file in Chromium: a bad file gets its errors
per row and cell and nothing is saved; the corrected file previews and is imported."""

import pytest
from django.core.management import call_command

from sigap.cases.models import Case
from tests import personas
from tests.browser.test_cases_e2e import sign_in, with_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "vic_TraffickingStatus,prs_Gender,prs_FirstName,vic_LocationOfExploitation,hte_Country"
GOOD = "ActualVictimOfTrafficking,Feminine,Ani (uji),12.71.12,MY"


@pytest.fixture
def cache_and_media(transactional_db, settings, tmp_path):
    call_command("createcachetable", verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(page, tmp_path, name: str, *lines: str) -> None:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    page.goto("/kasus/htcds/impor/")
    page.set_input_files("input[name=file]", str(path))
    page.select_option("select[name=area]", personas.MEDAN)
    page.fill("input[name=source]", "IOM Indonesia")
    page.click("#htcds-upload button[type=submit]")


def test_import_with_a_preview(new_page, shot, cache_and_media, tmp_path):
    worker = with_totp(personas.medan_case_worker())
    page = new_page()
    sign_in(page, worker)
    page.goto("/kasus/")
    page.click("#htcds-link")
    page.click("#htcds-import a")
    upload(page, tmp_path, "salah.csv", HEADER, GOOD, GOOD.replace("Feminine", "Perempuan"))
    errors = page.locator("#import-errors")
    assert "Perempuan" in errors.inner_text() and "3" in errors.inner_text()
    shot(page, "errors")
    assert not Case.objects.exists()
    upload(page, tmp_path, "benar.csv", HEADER, GOOD, GOOD.replace("Ani", "Budi"))
    assert page.locator("#import-errors").count() == 0
    shot(page, "preview")
    page.click("#preview button[type=submit]")
    page.wait_for_url("**/kasus/")
    assert Case.objects.filter(area_id=personas.MEDAN).count() == 2
    assert Case.objects.first().exploitation_area_id == personas.MEDAN_MARELAN
