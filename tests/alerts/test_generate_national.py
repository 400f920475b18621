"""generate_national at a tiny scale: the volumes follow the scale and the manifest lists what
was planted."""

import json

from django.core.management import call_command

from sigap.cases.models import Case, Identifier, Report
from sigap.jobcheck.models import Check
from sigap.programme.models import ConditionReport, ConditionValue


def test_generate_national_tiny(areas, tmp_path):
    manifest = tmp_path / "manifest.json"
    call_command(
        "generate_national", seed=7, scale=0.001, only="12.71", manifest=manifest, stdout=None
    )
    plan = json.loads(manifest.read_text())
    assert Report.objects.count() == 2000
    assert Case.objects.count() == 500
    assert Check.objects.count() == 1000
    # 151 kelurahan in Medan, one report a quarter each for the quarters already due.
    assert ConditionValue.objects.count() == 5 * ConditionReport.objects.count()
    assert ConditionReport.objects.count() > 151 * 10
    # At this scale one of each planted thing: a kelurahan and a kecamatan spike, a cluster.
    assert len(plan["spikes"]) == 2 and len(plan["clusters"]) == 1
    cluster = plan["clusters"][0]
    linked = Identifier.objects.filter(value_hash=cluster["hash"])
    assert sorted(linked.values_list("report_id", flat=True)) == sorted(cluster["report_ids"])
    # Generated reports count as processed: the intake worker leaves them alone.
    assert not Report.objects.filter(processed_at__isnull=True).exists()


def test_the_run_finds_what_was_planted(areas, tmp_path):
    from datetime import datetime

    from sigap.alerts.actions import warning_run
    from sigap.alerts.models import Alert, Kind

    manifest = tmp_path / "manifest.json"
    call_command(
        "generate_national", seed=3, scale=0.001, only="12.71", manifest=manifest, stdout=None
    )
    plan = json.loads(manifest.read_text())
    warning_run(cutoff=datetime.fromisoformat(plan["cutoff"]))
    spikes = set(Alert.objects.filter(kind=Kind.SPIKE).values_list("area_id", flat=True))
    assert {s["area"] for s in plan["spikes"]} <= spikes
    networks = [
        set(a.records and [r[1] for r in a.records])
        for a in Alert.objects.filter(kind=Kind.NETWORK)
    ]
    cluster = {str(pk) for pk in plan["clusters"][0]["report_ids"]}
    assert any(cluster <= found for found in networks)
    missing = set(plan["condition_missing"]["areas"])
    flagged = Alert.objects.filter(kind=Kind.CONDITION_MISSING).values_list("area_id", flat=True)
    assert missing == set(flagged)
    # Non-procedural departures planted in one kecamatan's last quarter.
    (planted,) = plan["condition_spikes"]
    spike = Alert.objects.get(area_id=planted["area"], key="condition:berangkat_nonprosedural")
    assert spike.facts["observed"] > spike.facts["threshold"]
