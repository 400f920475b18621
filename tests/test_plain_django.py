"""SIGAP reads as Django, not a private copy of it (style.md rule 11, decision 9): no module in
sigap/ imports Django's database backends' internals, calls or overrides a private Django API,
or compiles querysets by hand. Each of those breaks on a Django upgrade."""

import ast
from functools import cache
from pathlib import Path

import pytest

SIGAP = Path(__file__).resolve().parents[1] / "sigap"
# Documented, public, though it lives under django.db.backends: the connection_created signal.
PUBLIC_BACKEND_MODULES = {"django.db.backends.signals"}
# Underscored but documented: Model._meta (the Options API), the default managers, and the
# methods a custom storage class overrides.
DOCUMENTED = {"_meta", "_default_manager", "_base_manager", "_open", "_save"}
FORBIDDEN_CALLS = {"get_compiler", "as_sql"}


@cache
def django_private_names() -> frozenset[str]:
    """Underscored (not dunder) attributes of Django's forms, fields, widgets, models,
    querysets, queries, connections, cursors, requests, responses and templates (the test may
    look at what sigap may not import)."""
    from django import forms
    from django.core.files.storage import FileSystemStorage
    from django.db import models
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.backends.utils import CursorWrapper
    from django.db.models.sql import Query
    from django.http import HttpRequest, HttpResponse
    from django.template import Context, Template

    classes = [
        forms.BaseForm, forms.ModelForm, forms.Field, forms.ChoiceField, forms.FileField,
        forms.Widget, forms.BoundField, models.Model, models.QuerySet, models.Manager,
        models.Field, models.JSONField, Query, BaseDatabaseWrapper, CursorWrapper, HttpRequest,
        HttpResponse, Template, Context, FileSystemStorage,
    ]  # fmt: skip
    names = {n for c in classes for n in dir(c) if n.startswith("_") and not n.startswith("__")}
    return frozenset(names - DOCUMENTED)


def python_files():
    return sorted(p for p in SIGAP.rglob("*.py") if "migrations" not in p.parts)


def offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    private = django_private_names()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules = [node.module]
        elif isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        else:
            modules = []
        for module in modules:
            if module.startswith("django.db.backends") and module not in PUBLIC_BACKEND_MODULES:
                found.append(f"line {node.lineno}: imports {module}")
        if isinstance(node, ast.Attribute):
            owner = node.value.id if isinstance(node.value, ast.Name) else ""
            if node.attr in private and owner not in ("self", "cls"):
                found.append(f"line {node.lineno}: uses Django's private {node.attr}")
            if node.attr in FORBIDDEN_CALLS:
                found.append(f"line {node.lineno}: compiles SQL by hand ({node.attr})")
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name in private:
                    found.append(f"line {item.lineno}: overrides Django's private {item.name}")
    return found


@pytest.mark.parametrize("path", python_files(), ids=lambda p: str(p.relative_to(SIGAP)))
def test_no_private_django_api(path):
    assert offences(path) == []


def test_the_check_catches_what_the_intake_used_to_do(tmp_path):
    sample = tmp_path / "old.py"
    sample.write_text(
        "from django import forms\n"
        "from django.db.backends.utils import CursorWrapper\n"
        "class F(forms.Form):\n"
        "    def _clean_fields(self):\n"
        "        pass\n"
        "sql = qs.query.get_compiler('default').as_sql()\n"
        "value = form._widget_data_value(w, name)\n"
    )
    found = offences(sample)
    assert any("django.db.backends.utils" in f for f in found)
    assert any("overrides Django's private _clean_fields" in f for f in found)
    assert any("get_compiler" in f for f in found)
    assert any("_widget_data_value" in f for f in found)


def test_the_hidden_costs_are_gone():
    for gone in ("cases/prepared.py", "lib/writelock.py", "lib/sqlitewal.py", "lib/po.py"):
        assert not (SIGAP / gone).exists(), gone
