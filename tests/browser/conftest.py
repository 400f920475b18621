"""Playwright (for Python) driving Debian's Chromium against a live test server.

Screenshots land in test-artifacts/screenshots/ for a person to look at.
"""

import os
import shutil
from pathlib import Path

import pyotp
import pytest
from django.utils import timezone

from tests import personas

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def chromium_path() -> str | None:
    return (
        os.environ.get("SIGAP_TEST_CHROMIUM")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if executable is None:
        pytest.skip("Chromium is not installed (apt-get install chromium); .ci/run installs it")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the test itself
    # makes are still plain synchronous calls, so Django's async guard must stand aside.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_page(browser, live_server, areas):
    """``new_page(viewport=PHONE, locale="id-ID")`` opens a fresh browser context on the server."""
    contexts = []

    def open_page(viewport=DESKTOP, locale="id-ID"):
        context = browser.new_context(viewport=viewport, locale=locale, base_url=live_server.url)
        context.set_default_timeout(15000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def shot(request):
    """``shot(page, "name")`` saves a full-page screenshot named after the test."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = ARTIFACTS / f"{request.node.name}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def with_totp(user):
    """The user with a confirmed authenticator, as a staff account needs to sign in."""
    user.totp_secret = pyotp.random_base32()
    user.totp_confirmed_at = timezone.now()
    user.save()
    return user


def sign_in(page, user):
    """Sign in through the pages: password, then the authenticator's code."""
    page.goto("/akun/masuk/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", personas.PASSWORD)
    page.click("form.stack button[type=submit]")
    page.wait_for_url("**/verifikasi/**")
    page.fill("input[name=code]", pyotp.TOTP(user.totp_secret).now())
    page.click("form.stack button[type=submit]")
    page.wait_for_url(lambda url: "/verifikasi/" not in url)
