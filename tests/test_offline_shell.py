"""The installable shell's server side (issue 20): manifest, service worker, offline and outbox
pages, the per-person key the browser names its stores by, and sign-out's purge header."""

import json

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

from tests import personas


@pytest.mark.django_db
def test_manifest_is_installable_and_indonesian(client):
    response = client.get("/manifest.webmanifest", HTTP_ACCEPT_LANGUAGE="id")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert (manifest["name"], manifest["display"], manifest["start_url"]) == (
        "SIGAP",
        "standalone",
        "/",
    )
    assert manifest["lang"] == "id" and "perdagangan orang" in manifest["description"]
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        with Image.open(finders.find(icon["src"].removeprefix("/static/"))) as image:
            assert f"{image.width}x{image.height}" == icon["sizes"]


@pytest.mark.django_db
def test_service_worker_is_served_from_the_root_with_its_shell(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    first_line, source = response.content.decode().split("\n", 1)
    config = json.loads(first_line.removeprefix("self.SIGAP = ").rstrip(";"))
    assert "/luring/" in config["shell"] and config["offlinePage"] == "/luring/"
    assert all(url.startswith("/static/") or url.startswith("/") for url in config["shell"])
    # No third-party anything: the worker imports only our own outbox script.
    assert "http://" not in source and "https://" not in source
    assert "importScripts(CONFIG.outboxScript)" in source
    assert len(config["version"]) == 16


@pytest.mark.django_db
def test_offline_page_names_no_one_even_for_a_signed_in_person(as_user):
    relawan = personas.ketawanggede_relawan()
    client = as_user(relawan)
    page = client.get("/luring/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Tidak ada sinyal" in page
    assert relawan.username not in page and relawan.display_name not in page
    assert 'name="sigap-user"' not in page
    outbox = client.get("/kotak-keluar/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Kiriman tertunda" in outbox and "data-outbox-list" in outbox


@pytest.mark.django_db
def test_each_person_has_their_own_key_which_is_not_their_id(client, as_user):
    anonymous = client.get("/lapor/").content.decode()
    assert '<meta name="sigap-user" content="">' in anonymous
    keys = []
    for user in (personas.ketawanggede_relawan(), personas.terjun_ambassador()):
        page = as_user(user).get("/program/saya/").content.decode()
        key = page.split('<meta name="sigap-user" content="', 1)[1].split('"', 1)[0]
        assert len(key) == 24 and str(user.pk) != key
        keys.append(key)
    assert keys[0] != keys[1]


@pytest.mark.django_db
def test_sign_out_tells_the_browser_to_empty_caches_and_storage(as_user):
    client = as_user(personas.ketawanggede_relawan())
    response = client.post("/akun/keluar/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert response.cookies["sigap_signed_out"].value == "1"
