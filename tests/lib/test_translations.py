"""``manage.py translations --update/--check/--compile`` on polib: catalogues read and written
without GNU gettext, the compiled file as msgfmt would write it (fuzzy entries left out)."""

import gettext

import polib
import pytest
from django.core.management import CommandError, call_command

from sigap import i18n


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project of one app, ``demo``, with a view and a template to scan."""
    root = tmp_path / "sigap"
    app = root / "demo"
    (app / "templates").mkdir(parents=True)
    (root / "templates").mkdir()
    (app / "__init__.py").write_text("")
    (app / "views.py").write_text(
        "from django.utils.translation import gettext as _, ngettext, pgettext\n"
        "A = _('Report saved.')\n"
        "B = ngettext('%(n)s report', '%(n)s reports', 2)\n"
        "C = pgettext('month', 'May')\n"
    )
    (app / "templates" / "page.html").write_text(
        "{% load i18n %}<h1>{% translate 'Welcome' %}</h1>"
    )
    monkeypatch.setattr(i18n, "ROOT", root)
    return app


def test_update_adds_each_missing_string_once_with_where_it_is(project):
    call_command("translations", "--update", stdout=open("/dev/null", "w"))
    catalogue = polib.pofile(str(i18n.catalogue_path(project)))
    found = {(e.msgctxt, e.msgid): e for e in catalogue}
    assert set(found) == {
        (None, "Report saved."),
        (None, "%(n)s report"),
        ("month", "May"),
        (None, "Welcome"),
    }
    assert found[(None, "%(n)s report")].msgid_plural == "%(n)s reports"
    assert found[(None, "Welcome")].occurrences == [("sigap/demo/templates/page.html", "")]
    assert catalogue.metadata["Language"] == "id"
    call_command("translations", "--update", stdout=open("/dev/null", "w"))
    assert len(polib.pofile(str(i18n.catalogue_path(project)))) == 4  # nothing twice


def test_check_names_untranslated_strings_and_lost_placeholders(project):
    call_command("translations", "--update", stdout=open("/dev/null", "w"))
    with pytest.raises(CommandError, match="untranslated: 'Report saved.'"):
        call_command("translations", "--check")
    path = i18n.catalogue_path(project)
    catalogue = i18n.read_catalogue(path)
    for entry in catalogue:
        if entry.msgid_plural:
            entry.msgstr_plural = {0: "%(jumlah)s laporan"}  # a renamed placeholder
        else:
            entry.msgstr = "terjemahan"
    catalogue.save(str(path))
    with pytest.raises(CommandError, match="placeholders differ: '%\\(n\\)s report'"):
        call_command("translations", "--check")


def test_compile_writes_what_gettext_reads_without_fuzzy_entries(project):
    call_command("translations", "--update", stdout=open("/dev/null", "w"))
    path = i18n.catalogue_path(project)
    catalogue = i18n.read_catalogue(path)
    values = {"Report saved.": "Laporan disimpan.", "May": "Mei", "Welcome": "Selamat datang"}
    for entry in catalogue:
        if entry.msgid_plural:
            entry.msgstr_plural = {0: "%(n)s laporan"}
        else:
            entry.msgstr = values[entry.msgid]
        if entry.msgid == "Welcome":
            entry.flags.append("fuzzy")
    catalogue.save(str(path))
    call_command("translations", "--compile", stdout=open("/dev/null", "w"))
    with open(path.with_suffix(".mo"), "rb") as compiled:
        translation = gettext.GNUTranslations(compiled)
    assert translation.gettext("Report saved.") == "Laporan disimpan."
    assert translation.pgettext("month", "May") == "Mei"
    assert translation.ngettext("%(n)s report", "%(n)s reports", 5) == "%(n)s laporan"
    assert translation.gettext("Welcome") == "Welcome"  # fuzzy: not trusted, as msgfmt
