import pytest

from tests import personas

PILOT_REGENCIES = ["12.71", "35.73"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database holds all provinces and regencies, and Medan and Malang in full."""
    with django_db_blocker.unblock():
        _ensure_areas()


def _ensure_areas():
    from sigap.regions.importer import import_areas
    from sigap.regions.models import Area

    if not Area.objects.filter(code=personas.TERJUN).exists():
        import_areas(only=PILOT_REGENCIES)


@pytest.fixture
def areas(db):
    """The pilot areas; re-imported when a transactional test emptied the tables."""
    _ensure_areas()


@pytest.fixture(autouse=True)
def audit_purge_between_tests(request):
    """Let Django's flush after a transactional test empty the append-only audit table.

    Requesting the database helper first makes this teardown run before the flush.
    """
    from sigap.people.dbguard import state

    if request.node.get_closest_marker("django_db") or {
        "db",
        "transactional_db",
        "live_server",
    } & set(request.fixturenames):
        request.getfixturevalue("_django_db_helper")
    state["purge_allowed"] = False
    yield
    state["purge_allowed"] = True


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Argon2 is what production uses (tests/people check it); tests only need a hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def login(client, user):
    """Sign a user in for a test client, second factor included."""
    client.force_login(user)
    session = client.session
    session[personas.TWO_FACTOR_SESSION_KEY] = user.pk
    session.save()
    return client


@pytest.fixture
def as_user(client, areas):
    """``as_user(user)`` returns the test client signed in as that user (2FA passed)."""
    return lambda user: login(client, user)


@pytest.fixture
def terjun_ambassador(areas):
    return personas.terjun_ambassador()


@pytest.fixture
def medan_coordinator(areas):
    return personas.medan_coordinator()


@pytest.fixture
def malang_coordinator(areas):
    return personas.malang_coordinator()


@pytest.fixture
def ketawanggede_relawan(areas):
    return personas.ketawanggede_relawan()


@pytest.fixture
def medan_case_worker(areas):
    return personas.medan_case_worker()


@pytest.fixture
def uptd_focal_point(areas):
    return personas.uptd_focal_point()


@pytest.fixture
def medan_analyst(areas):
    return personas.medan_analyst()


@pytest.fixture
def outsider(areas):
    return personas.outsider()


@pytest.fixture
def administrator(areas):
    return personas.administrator()


class _Inbox:
    """Messages received by the test SMTP server."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on a free local port; settings point Django's mail at it."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = False
    yield inbox
    controller.stop()
