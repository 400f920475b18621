"""docs/settings.md documents every environment variable the code reads, and only those."""

import os
import re
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[1]
READ = re.compile(
    r"""(?:env_(?:str|bool|int|list)|os\.environ\.get|getenv)\(\s*["']([A-Z_]+)["']"""
)
DOCUMENTED = re.compile(r"^\| `([A-Z_]+)` \|", re.M)


def variables_in_code() -> set[str]:
    found = set()
    for path in (ROOT / "sigap").rglob("*.py"):
        found |= set(READ.findall(path.read_text(encoding="utf-8")))
    return found - {"DJANGO_SETTINGS_MODULE"}


def test_every_variable_is_documented_and_every_documented_one_is_used():
    documented = set(DOCUMENTED.findall((ROOT / "docs" / "settings.md").read_text()))
    assert variables_in_code() - documented == set(), "undocumented variables"
    assert documented - variables_in_code() == set(), "documented but unused variables"


def test_check_deploy_is_clean_with_the_documented_production_variables(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith("SIGAP_")}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(
        {
            "SIGAP_PRODUCTION": "true",
            "SIGAP_SECRET_KEY": "k" * 20 + "9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1",
            "SIGAP_DATA_KEYS": Fernet.generate_key().decode(),
            "SIGAP_ALLOWED_HOSTS": "sigap.example.go.id",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_bad_value_stops_start_up_naming_the_variable(tmp_path):
    env = dict(os.environ, SIGAP_DEBUG="maybe", DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SIGAP_DEBUG must be true or false" in result.stderr


def test_production_without_keys_refuses_to_start(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith("SIGAP_")}
    env.update({"SIGAP_PRODUCTION": "true", "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"})
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SIGAP_SECRET_KEY must be set" in result.stderr
