import pytest

from tests.worker import drain  # noqa: F401 - the fixture, for the tests in this folder

SIM = {
    "SIGAP_WHATSAPP_APP_SECRET": "simulator-app",
    "SIGAP_WHATSAPP_TOKEN": "simulator-token",
    "SIGAP_WHATSAPP_PHONE_ID": "1000",
    "SIGAP_TELEGRAM_BOT_TOKEN": "1000:simulator",
    "SIGAP_TELEGRAM_SECRET": "simulator-secret",
    "SIGAP_TELEGRAM_PATH": "simulator",
    "SIGAP_SMS_PATH": "simulator",
    "SIGAP_SMS_ALLOWED_ADDRESSES": ["127.0.0.1"],
    "SIGAP_SMS_USER": "simulator",
    "SIGAP_SMS_KEY": "simulator-key",
    "SIGAP_SMS_SENDER": "SIGAP",
}


def simulator_settings(settings, base_url: str) -> None:
    """What SIGAP_CHANNEL_SIMULATOR=true sets, for a server at ``base_url``."""
    settings.SIGAP_CHANNEL_SIMULATOR = True
    for name, value in SIM.items():
        setattr(settings, name, value)
    api = base_url.rstrip("/") + "/kanal/simulator/api"
    settings.SIGAP_WHATSAPP_API_URL = api + "/whatsapp"
    settings.SIGAP_TELEGRAM_API_URL = api + "/telegram"
    settings.SIGAP_SMS_API_URL = api + "/sms"
    settings.SIGAP_BASE_URL = base_url


@pytest.fixture
def simulator(settings):
    simulator_settings(settings, "http://testserver")
    return settings
