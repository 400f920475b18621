import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_coordinator_pages_render(as_user, medan_coordinator, medan_programme, terjun_event):
    client = as_user(medan_coordinator)
    pk, e = medan_programme.pk, terjun_event.pk
    for name, args in [
        ("index", []),
        ("create", []),
        ("detail", [pk]),
        ("coverage", [pk]),
        ("members", [pk]),
        ("member_add", [pk]),
        ("reach", [pk]),
        ("pacts", [pk]),
        ("pact_create", [pk]),
        ("conditions", [pk]),
        ("event_create", [pk]),
        ("letter_add", [pk]),
        ("phase_create", [pk]),
        ("criterion_add", [pk]),
        ("indicator_add", [pk]),
        ("event", [e]),
        ("participant_add", [e]),
        ("attendance", [e]),
        ("scores", [e]),
        ("notes", [e]),
        ("speaker_add", [e]),
        ("material_add", [e]),
        ("follow_up_add", [e]),
        ("attendance_sheet", [e]),
        ("selection", [e]),
        ("participants_csv", [e]),
        ("participants_xlsx", [e]),
    ]:
        response = client.get(reverse(f"programme:{name}", args=args))
        assert response.status_code == 200, name


def test_ambassador_pages_render(as_user, terjun_ambassador, medan_programme, terjun_event):
    client = as_user(terjun_ambassador)
    for name, args in [
        ("mine", []),
        ("outreach_log", [medan_programme.pk]),
        ("condition_file", [medan_programme.pk]),
        ("event", [terjun_event.pk]),
    ]:
        response = client.get(reverse(f"programme:{name}", args=args))
        assert response.status_code == 200, name
