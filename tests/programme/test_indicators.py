"""Condition report questions: reworded and reordered at any time; their key and answer type
only until a report has answered them."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sigap.programme import actions
from sigap.programme.models import Indicator
from sigap.regions.models import Area
from tests import personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(malang_programme):
    return actions.indicator_add(
        actor=None, programme=malang_programme, key="perekrut", label="Perekrut terlihat?",
        kind="yes_no",
    )  # fmt: skip


def edit(client, question, **data):
    return client.post(reverse("programme:indicator_edit", args=[question.pk]), data)


def test_unanswered_question_can_change_everything(as_user, malang_coordinator, question):
    response = edit(as_user(malang_coordinator), question, label="Berapa perekrut terlihat?",
                    order=2, key="perekrut_terlihat", kind="number")  # fmt: skip
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.label, question.order, question.key, question.kind) == (
        "Berapa perekrut terlihat?", 2, "perekrut_terlihat", "number",
    )  # fmt: skip


def test_answered_question_keeps_its_key_and_type(
    as_user, malang_coordinator, malang_programme, question
):
    actions.condition_file(
        actor=None, programme=malang_programme, area=Area.objects.get(code=personas.KETAWANGGEDE),
        period_start=date(2025, 10, 1), values={question.pk: True},
    )  # fmt: skip
    client = as_user(malang_coordinator)
    page = client.get(reverse("programme:indicator_edit", args=[question.pk])).content.decode()
    assert "Sudah dijawab dalam laporan" in page
    # A disabled field ignores what is posted: the wording changes, the meaning does not.
    response = edit(client, question, label="Ada perekrut terlihat bulan ini?", order=1,
                    key="lain", kind="text")  # fmt: skip
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.label, question.key, question.kind) == (
        "Ada perekrut terlihat bulan ini?", "perekrut", "yes_no",
    )  # fmt: skip
    with pytest.raises(ValidationError, match="sudah menjawab"):
        actions.indicator_update(actor=None, indicator=question, label="x", order=1, kind="text")


def test_bad_input_and_other_areas(as_user, malang_coordinator, medan_coordinator, question):
    client = as_user(malang_coordinator)
    response = edit(client, question, label="", order=0, key="bukan kunci", kind="yes_no")
    page = response.content.decode()
    assert response.status_code == 200 and 'value="bukan kunci"' in page
    assert Indicator.objects.get(pk=question.pk).label == "Perekrut terlihat?"
    assert edit(as_user(medan_coordinator), question, label="Diubah", order=1).status_code == 404
