"""The installable shell on a field user's phone (issue 20): how much the service worker keeps,
how fast a relawan's home page first loads on a slow mobile connection, and how fast it opens
again without any signal.

A throwaway SQLite database in a temporary folder gets the pilot areas and the demo people and
programmes; gunicorn serves it (static files by WhiteNoise after collectstatic, as deployed, but
without precompressed copies). Chromium (Playwright) signs in as the demo relawan of Terjun.

- ``shell_kb_gz``: gzip size (level 9) of everything the worker keeps at install, as served:
  the worker itself, the manifest, the scripts and stylesheets, the icon, the offline page and
  the public report form. Target < 150.
- ``first_load_3g_s``: a fresh browser (the session cookie only: no HTTP cache, no worker)
  loads the home page under Chromium's "Slow 3G" throttling by CDP
  Network.emulateNetworkConditions (400 ms latency, 500 kbit/s down and up), to the load
  event. Target < 5.
- ``repeat_load_offline_s``: the same page reloaded with the browser offline, from the
  worker's cache, to the load event. Target < 1.

    .venv/bin/python bench/offline.py [--json]
"""

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import httpx

sys.path.insert(0, os.path.dirname(__file__))
from _common import ROOT  # noqa: E402
from intake import free_port, start_server  # noqa: E402

USERNAME, PASSWORD = "relawan.terjun", "sigap-demo-2026"
SLOW_3G = {"offline": False, "latency": 400, "downloadThroughput": 62500, "uploadThroughput": 62500}
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update"]  # fmt: skip


def environment(tmp: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "sigap.settings",
        "SIGAP_VAR_DIR": tmp,
        "SIGAP_STATIC_ROOT": os.path.join(tmp, "static"),
        "PYTHONPATH": str(ROOT),
    }


def prepare(env: dict) -> None:
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["createcachetable"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run(manage + command, env=env, check=True, cwd=ROOT)
    script = (
        "import django; django.setup()\n"
        "from sigap.regions.importer import import_areas\n"
        "from sigap import demo\n"
        "from sigap.programme.demo import load_programmes\n"
        "import_areas(only=['12.71', '35.73'])\n"
        "demo.load_people()\n"
        "load_programmes()\n"
    )
    subprocess.run([sys.executable, "-c", script], env=env, check=True, cwd=ROOT)


def shell_sizes(base: str) -> dict[str, int]:
    """Each kept URL's gzip size in bytes, as the server serves it."""
    with httpx.Client(base_url=base, timeout=30) as client:
        worker = client.get("/sw.js").text
        config = json.loads(worker.split("\n", 1)[0].removeprefix("self.SIGAP = ").rstrip(";"))
        urls = ["/sw.js", *config["shell"], *config["publicPages"]]
        sizes = {}
        for url in urls:
            response = client.get(url)
            response.raise_for_status()
            sizes[url] = len(gzip.compress(response.content, compresslevel=9))
    return sizes


def browser_figures(base: str) -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS
        )
        signing = browser.new_context(base_url=base, locale="id-ID")
        page = signing.new_page()
        page.goto("/akun/masuk/")
        page.fill("input[name=username]", USERNAME)
        page.fill("input[name=password]", PASSWORD)
        page.click("form.stack button[type=submit]")
        page.wait_for_selector("text=Keluar", state="attached")
        cookies = signing.storage_state()["cookies"]
        signing.close()

        phone = browser.new_context(
            base_url=base, locale="id-ID", viewport={"width": 360, "height": 740}
        )
        phone.add_cookies(cookies)
        page = phone.new_page()
        cdp = phone.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", SLOW_3G)
        started = time.perf_counter()
        page.goto("/", wait_until="load")
        first = time.perf_counter() - started
        assert page.locator('meta[name="sigap-user"]').get_attribute("content"), "not signed in"

        cdp.send("Network.emulateNetworkConditions", {**SLOW_3G, "latency": 0,
                 "downloadThroughput": -1, "uploadThroughput": -1})  # fmt: skip
        page.wait_for_function("() => navigator.serviceWorker.controller !== null")
        page.reload(wait_until="load")  # through the worker, which keeps the page
        page.wait_for_function(
            "async () => (await caches.keys()).some(n => n.startsWith('sigap-pages-'))"
        )
        phone.set_offline(True)
        started = time.perf_counter()
        page.reload(wait_until="load")
        offline = time.perf_counter() - started
        assert page.locator("html[data-sigap-cache]").count() == 1, "not from the cache"
        browser.close()
    return {"first_load_3g_s": first, "repeat_load_offline_s": offline}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="last line: one JSON object")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sigap-bench-offline-") as tmp:
        env = environment(tmp)
        prepare(env)
        port = free_port()
        server = start_server(env, port, workers=2, threads=4)
        try:
            base = f"http://127.0.0.1:{port}"
            sizes = shell_sizes(base)
            figures = browser_figures(base)
        finally:
            server.terminate()
            server.wait(timeout=30)
    for url, size in sizes.items():
        print(f"  {url:<45} {size / 1024:7.1f} KB gzipped")
    result = {
        "shell_kb_gz": round(sum(sizes.values()) / 1024, 1),
        "first_load_3g_s": round(figures["first_load_3g_s"], 2),
        "repeat_load_offline_s": round(figures["repeat_load_offline_s"], 3),
    }
    print(f"shell kept by the worker: {result['shell_kb_gz']} KB gzipped (target < 150)")
    print(f"home page, first load on Slow 3G: {result['first_load_3g_s']} s (target < 5)")
    print(f"home page again, offline: {result['repeat_load_offline_s']} s (target < 1)")
    if args.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
