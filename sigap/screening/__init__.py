"""SIGAP "Cek Lowongan": an explainable risk screener for job offers and recruitment posts.

Pure Python: imports nothing from Django or other SIGAP apps (only ``sigap.lib``).

    >>> from sigap.screening import screen
    >>> result = screen("Dibutuhkan admin ke Kamboja, gaji 15jt, visa turis, hub WA 0812...")
    >>> result.level, result.flags
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from typing import Any

from .engine import MAX_CHARS, Screener, ScreeningInputError, default_registry
from .model import Entities, Flag, Input, Reason, Result, Span
from .registry import Registry

__all__ = [
    "MAX_CHARS",
    "Entities",
    "Flag",
    "Input",
    "Reason",
    "Registry",
    "Result",
    "Screener",
    "ScreeningInputError",
    "Span",
    "default_screener",
    "screen",
    "screen_bytes",
    "screen_many",
]

_default: Screener | None = None
_lock = threading.Lock()


def default_screener() -> Screener:
    """The shared screener: the default ruleset, the registry from SIGAP_P3MI_REGISTRY (or the
    sample), and the model file if it has been built (``make model``)."""
    global _default
    if _default is None:
        with _lock:
            if _default is None:
                from .classifier import load_model

                _default = Screener(registry=default_registry(), model=load_model())
    return _default


def screen(
    text: str,
    *,
    channel: str | None = None,
    url: str | None = None,
    country: str | None = None,
) -> Result:
    return default_screener().screen(text, channel=channel, url=url, country=country)


def screen_many(texts: Iterable[str | Input], *, batch_size: int = 256) -> Iterator[Result]:
    return default_screener().screen_many(texts, batch_size=batch_size)


def screen_bytes(data: bytes, *, errors: str = "strict", **kwargs: Any) -> Result:
    """Screen raw bytes (an uploaded file, a request body).

    UTF-8 (with or without a byte-order mark) is decoded. Anything else raises
    ScreeningInputError, unless ``errors="replace"``, which swaps undecodable bytes for U+FFFD."""
    return screen(decode_text(data, errors=errors), **kwargs)


def decode_text(data: bytes, *, errors: str = "strict") -> str:
    if b"\x00" in data[:8192] and errors == "strict":
        raise ScreeningInputError(
            "Berkas ini tampaknya biner, bukan teks. Tempelkan teks lowongannya saja. "
            "This looks like a binary file, not text. Paste the text of the post instead."
        )
    try:
        return data.decode("utf-8-sig", errors=errors)
    except UnicodeDecodeError as exc:
        raise ScreeningInputError(
            f"Teks bukan UTF-8 yang sah (byte ke-{exc.start + 1}). Simpan ulang sebagai UTF-8 "
            f"lalu coba lagi. The text is not valid UTF-8 (byte {exc.start + 1}); "
            "save it as UTF-8 and try again."
        ) from None
