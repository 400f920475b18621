"""`make demo` with the simulator: the Medan focal point's notices go to a simulated Telegram
chat, and the printed logins point at the simulator's pages."""

from io import StringIO

import pytest
from django.core.management import call_command

from sigap.demo import load_channels, load_people
from sigap.notifications.models import MESSAGE_KINDS, MessageLink

pytestmark = pytest.mark.django_db


def test_demo_links_the_focal_points_telegram_chat_and_can_run_twice(areas):
    load_people()
    load_channels()
    link = load_channels()
    assert MessageLink.objects.count() == 1
    assert link.user.username == "focal.uptd.medan"
    assert (link.channel, link.is_linked, link.kinds) == ("telegram", True, list(MESSAGE_KINDS))


def test_printed_logins_mention_the_simulator_when_it_is_on(areas, settings):
    settings.SIGAP_CHANNEL_SIMULATOR = True
    out = StringIO()
    call_command("load_demo", "--print-logins", "--port", "8123", stdout=out)
    assert "http://127.0.0.1:8123/kanal/simulator/" in out.getvalue()
    assert "http://127.0.0.1:8123/kanal/simulator/staf/" in out.getvalue()
    settings.SIGAP_CHANNEL_SIMULATOR = False
    out = StringIO()
    call_command("load_demo", "--print-logins", stdout=out)
    assert "SIGAP_CHANNEL_SIMULATOR=true" in out.getvalue()
