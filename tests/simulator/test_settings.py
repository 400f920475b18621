"""SIGAP_CHANNEL_SIMULATOR points every channel at the simulator on the same server, and is
refused in production."""

import os
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[2]
CODE = (
    "from django.conf import settings as s; "
    "print(s.SIGAP_WHATSAPP_API_URL, s.SIGAP_TELEGRAM_API_URL, s.SIGAP_SMS_API_URL, "
    "bool(s.SIGAP_WHATSAPP_APP_SECRET and s.SIGAP_TELEGRAM_SECRET and s.SIGAP_SMS_PATH))"
)


def _settings(tmp_path, **variables) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith("SIGAP_")}
    env |= {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "sigap.settings",
        **variables,
    }
    return subprocess.run(
        [sys.executable, "-c", CODE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_simulator_setting_points_the_channels_at_the_same_server(tmp_path):
    run = _settings(
        tmp_path, SIGAP_CHANNEL_SIMULATOR="true", SIGAP_BASE_URL="http://127.0.0.1:8123"
    )
    api = "http://127.0.0.1:8123/kanal/simulator/api"
    assert run.stdout.split() == [f"{api}/whatsapp", f"{api}/telegram", f"{api}/sms", "True"]
    off = _settings(tmp_path)  # off: the real providers, and no channel on without secrets
    assert off.stdout.split() == [
        "https://graph.facebook.com/v21.0",
        "https://api.telegram.org",
        "False",
    ]


def test_the_simulator_is_refused_in_production(tmp_path):
    run = _settings(
        tmp_path,
        SIGAP_CHANNEL_SIMULATOR="true",
        SIGAP_PRODUCTION="true",
        SIGAP_SECRET_KEY="k" * 50,
        SIGAP_DATA_KEYS=Fernet.generate_key().decode(),
    )
    assert run.returncode != 0
    assert "SIGAP_CHANNEL_SIMULATOR must be off when SIGAP_PRODUCTION is true" in run.stderr
