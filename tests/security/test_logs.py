"""No client address in the logs (issue 17, finding 6): gunicorn's error log through the shipped
configuration, and the filter itself, which is linear in the line's length."""

import logging
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sigap.lib.redact import RedactAddresses, redact

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "line, address",
    [
        ("Invalid request from ip=203.0.113.7: Invalid HTTP request line: 'x'", "203.0.113.7"),
        ("Invalid request from ip=2001:db8::7: bad", "2001:db8::7"),
        ("peer ('198.51.100.23', 51234) closed", "198.51.100.23"),
        ("from 192.0.2.1:8080 reset", "192.0.2.1"),
        ("X-Forwarded-For: 10.0.0.1, ::ffff:192.0.2.9", "192.0.2.9"),
    ],
)
def test_addresses_are_replaced(line, address):
    clean = redact(line)
    assert address not in clean and "[address]" in clean


def test_other_text_is_kept():
    line = "Worker (pid:1234) booted at 12:30:05, version 27.0.1, /laporan/21/ 0x1f"
    assert redact(line) == line


def test_the_filter_rewrites_records():
    message, args = "Invalid request from ip=%s: %s", ("203.0.113.7", "bad")
    record = logging.LogRecord("gunicorn.error", logging.WARNING, "", 0, message, args, None)
    assert RedactAddresses().filter(record)
    assert record.getMessage() == "Invalid request from ip=[address]: bad"


def test_linear_time_on_long_hostile_lines():
    timings = []
    for factor in (1, 4, 16):
        line = ("1.2.3." * 2000 + ":" * 3000 + "a:" * 2000) * factor
        start = time.perf_counter()
        redact(line)
        timings.append(time.perf_counter() - start)
    assert timings[2] < max(timings[0], 0.002) * 16 * 4  # linear, with room for noise


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorn_error_log_holds_no_client_address(tmp_path):
    port = _free_port()
    log = tmp_path / "error.log"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "--workers", "1",
         "--bind", f"127.0.0.1:{port}", "--error-logfile", str(log)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                conn = socket.create_connection(("127.0.0.1", port), timeout=10)
                break
            except OSError:
                time.sleep(0.1)
        with conn:
            conn.sendall(b"NOT A REQUEST\r\n\r\n")
            conn.recv(1024)
        for _ in range(50):
            if "Invalid request" in log.read_text():
                break
            time.sleep(0.1)
    finally:
        server.terminate()
        server.wait(timeout=30)
    text = log.read_text()
    assert "Invalid request from ip=[address]" in text
    assert "127.0.0.1" not in text
