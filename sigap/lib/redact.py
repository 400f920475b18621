"""Client addresses out of log lines: SIGAP stores no reporter's address, and a log is storage.

gunicorn writes the peer's address into its error log ("Invalid request from ip=203.0.113.7:
…"); ``RedactAddresses``, a logging filter, replaces every IPv4 or IPv6 address in a record's
message with ``[address]`` before any handler writes it. Linear in the line's length: one
character-class scan finds candidates and ``ipaddress`` confirms each one.
"""

import ipaddress
import logging
import re

# Runs of hex digits, dots and colons: every address is one (a port after a colon is cut off by
# trying shorter prefixes below); nothing nested, so the scan is linear.
_CANDIDATE = re.compile(r"[0-9A-Fa-f:.]{3,}")
REPLACEMENT = "[address]"


def redact(text: str) -> str:
    """``text`` with each IP address in it replaced."""
    return _CANDIDATE.sub(_replace, text)


def _replace(match: re.Match[str]) -> str:
    token = match.group(0)
    for candidate in (token, token.rstrip(":."), token.strip(":.")):
        if _is_address(candidate):
            return token.replace(candidate, REPLACEMENT)
    stripped = token.strip(":.")
    # "203.0.113.7:51234": an address with its port.
    head, _sep, tail = stripped.rpartition(":")
    if head and tail.isdigit() and _is_address(head.strip("[]")):
        return token.replace(head, REPLACEMENT)
    return token


def _is_address(token: str) -> bool:
    if "." not in token and ":" not in token:
        return False
    try:
        ipaddress.ip_address(token)
    except ValueError:
        return False
    return True


class RedactAddresses(logging.Filter):
    """A logging filter that rewrites the record's message without addresses (never drops it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        return True
