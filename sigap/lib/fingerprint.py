"""What a submission said, as one SHA-256: the same form or API request sent twice (an offline
outbox retrying, a double tap) has the same fingerprint; a draft changed after it was sent has
another (docs/offline.md).

Values are normalised before hashing: surrounding blanks stripped, empty values dropped, the
values of one name sorted (the order of ticked boxes says nothing). Files count by the SHA-256 of
their bytes, so a photo sent twice is recognised as the same photo.
"""

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any


def file_digest(chunks: Iterable[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


def fingerprint(
    values: Mapping[str, Iterable[object]], files: Mapping[str, Iterable[str]] | None = None
) -> str:
    """``values``: each name's values (strings, numbers, booleans); ``files``: each name's files'
    SHA-256 (``file_digest``)."""
    content: dict[str, Any] = {}
    for name, items in values.items():
        kept = sorted(_normal(v) for v in items if _normal(v) != "")
        if kept:
            content[name] = kept
    content["files:"] = {
        name: sorted(digests) for name, digests in (files or {}).items() if digests
    }
    text = json.dumps(content, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def form_fingerprint(request: Any, ignored: set[str]) -> str:
    """The fingerprint of a posted form: its fields but ``ignored`` (bookkeeping), and its files
    (left rewound for whoever stores them). ``request`` is a Django request (lib imports no
    Django): anything with ``POST`` and ``FILES`` multi-value mappings."""
    values = {name: request.POST.getlist(name) for name in request.POST if name not in ignored}
    files = {
        name: [file_digest(f.chunks()) for f in request.FILES.getlist(name)]
        for name in request.FILES
    }
    for name in request.FILES:
        for upload in request.FILES.getlist(name):
            upload.seek(0)
    return fingerprint(values, files)


def json_fingerprint(data: object) -> str:
    """The fingerprint of a JSON request's validated body."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _normal(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()
