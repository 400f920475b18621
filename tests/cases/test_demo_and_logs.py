"""The demo data loads (twice), and public intake leaves no address in the logs."""

import logging

from sigap import demo
from sigap.cases.demo import load_cases
from sigap.cases.models import Case, Referral, Report
from tests.cases.test_intake import FORM


def test_demo_cases_load_idempotently(areas):
    demo.load_people()
    assert load_cases() == 3
    assert load_cases() == 3
    assert Report.objects.count() == 3 and Case.objects.count() == 1
    assert Referral.objects.count() == 1


def test_public_intake_logs_no_address_or_browser(client, areas, caplog):
    caplog.set_level(logging.DEBUG)
    client.post("/lapor/", FORM, REMOTE_ADDR="10.77.66.55", HTTP_USER_AGENT="HP-Murah/2.0")
    client.post("/status/", {"code": "1"}, REMOTE_ADDR="10.77.66.55")
    client.get("/laporan/999/", REMOTE_ADDR="10.77.66.55")
    text = "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    assert "10.77.66.55" not in text and "HP-Murah" not in text
