"""The audit log: written by every sign-in and permission change, never changed afterwards."""

import pytest
from django.db import DatabaseError, connection, transaction

from sigap.people.audit import audit_personal_read, audit_record
from sigap.people.models import AuditEvent
from tests import personas
from tests.people.helpers import post_password

pytestmark = pytest.mark.django_db


def test_raw_sql_cannot_change_or_delete_audit_rows(medan_coordinator):
    event = audit_record(
        actor=medan_coordinator,
        action="test.event",
        object_type="user",
        object_id=medan_coordinator.pk,
    )
    for statement in [
        "UPDATE people_auditevent SET action = 'forged' WHERE id = %s",
        "DELETE FROM people_auditevent WHERE id = %s",
    ]:
        with pytest.raises(DatabaseError), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(statement, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "test.event"


def test_the_model_refuses_updates_too(medan_coordinator):
    event = audit_record(actor=medan_coordinator, action="test.event")
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_detail_refuses_personal_data(medan_coordinator):
    with pytest.raises(ValueError):
        audit_record(actor=medan_coordinator, action="x", detail={"username": "duta_terjun"})
    with pytest.raises(ValueError):
        audit_record(actor=medan_coordinator, action="x", detail={"note": "a" * 200})


def test_personal_read_is_recorded_with_its_area(medan_coordinator):
    org = personas.kesbangpol_medan()
    event = audit_personal_read(actor=medan_coordinator, obj=org, reason="follow-up")
    assert (event.action, event.object_type, event.object_id, event.area_code) == (
        "personal.read",
        "organisation",
        str(org.pk),
        personas.MEDAN,
    )


def test_sign_in_and_out_are_audited(client, terjun_ambassador):
    post_password(client, "duta_terjun", "keliru")
    post_password(client, "duta_terjun")
    client.post("/akun/keluar/")
    actions = list(
        AuditEvent.objects.filter(object_id=str(terjun_ambassador.pk))
        .order_by("at", "pk")
        .values_list("action", flat=True)
    )
    assert actions == ["login.failure", "login.success", "logout"]


def test_coordinator_sees_the_log_of_their_scope_only(
    as_user, medan_coordinator, terjun_ambassador, ketawanggede_relawan
):
    audit_record(actor=None, action="login.failure", obj=terjun_ambassador)
    audit_record(actor=None, action="login.failure", obj=ketawanggede_relawan)
    audit_record(
        actor=None,
        action="membership.grant",
        object_type="membership",
        object_id="999",
        area_code=personas.KETAWANGGEDE,
    )
    audit_record(
        actor=None,
        action="membership.grant",
        object_type="membership",
        object_id="998",
        area_code=personas.TERJUN,
    )
    response = as_user(medan_coordinator).get("/akun/audit/")
    seen = {(e.action, e.object_id) for e in response.context["page"]}
    assert ("login.failure", str(terjun_ambassador.pk)) in seen
    assert ("membership.grant", "998") in seen
    assert ("login.failure", str(ketawanggede_relawan.pk)) not in seen
    assert ("membership.grant", "999") not in seen


def test_audit_filters_and_csv_export(as_user, administrator, terjun_ambassador):
    audit_record(actor=None, action="login.failure", obj=terjun_ambassador)
    audit_record(actor=administrator, action="=cmd|calc", area_code=personas.TERJUN)
    client = as_user(administrator)
    response = client.get("/akun/audit/", {"action": "login.", "area": ""})
    assert {e.action for e in response.context["page"]} == {"login.failure"}
    bad = client.get("/akun/audit/", {"area": "medan"})
    assert "Kode wilayah berbentuk seperti 12.71" in bad.content.decode()
    csv_response = client.get("/akun/audit/csv/", {"area": personas.MEDAN})
    body = b"".join(csv_response.streaming_content).decode()
    lines = body.strip().splitlines()
    assert lines[0].startswith("at_utc,action,")
    assert len(lines) == 2 and "'=cmd|calc" in lines[1]  # no formula injection
    assert AuditEvent.objects.filter(action="audit.export", actor=administrator).exists()


def test_admin_shows_the_log_but_cannot_change_it(as_user, administrator):
    event = audit_record(actor=administrator, action="test.event")
    client = as_user(administrator)
    assert client.get("/admin/people/auditevent/").status_code == 200
    assert client.get(f"/admin/people/auditevent/{event.pk}/change/").status_code == 200
    assert client.get("/admin/people/auditevent/add/").status_code == 403
    assert client.post(f"/admin/people/auditevent/{event.pk}/delete/").status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_admin_membership_changes_are_audited(as_user, administrator, terjun_ambassador):
    from sigap.people.models import Membership

    membership = Membership.objects.get(user=terjun_ambassador)
    client = as_user(administrator)
    response = client.post(f"/admin/people/membership/{membership.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(
        action="membership.delete", object_id=str(membership.pk)
    ).exists()
