"""Attachments: check the real type by magic bytes, strip every piece of metadata by
re-encoding, hash the clean bytes, encrypt them for storage."""

import hashlib
import io
import uuid
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from sigap.lib.files import sniff
from sigap.people.fields import data_cipher

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding


class UploadRejected(ValueError):
    pass


@dataclass(frozen=True)
class CleanFile:
    content: bytes
    content_type: str
    sha256: str


def clean(upload) -> CleanFile:
    """The upload's bytes without metadata, or ``UploadRejected`` with a message for people."""
    if upload.size > MAX_BYTES:
        raise UploadRejected(_("The file is larger than 5 MB. Send a smaller photo or PDF."))
    raw = upload.read()
    content_type = sniff(raw[:16])
    if content_type is None:
        raise UploadRejected(
            _("Only photos (JPEG, PNG, WebP) and PDF files can be attached. This file is neither.")
        )
    content = raw if content_type == "application/pdf" else _reencode(raw, content_type)
    return CleanFile(content, content_type, hashlib.sha256(content).hexdigest())


def _reencode(raw: bytes, content_type: str) -> bytes:
    """Decode to pixels and encode again: EXIF, GPS, XMP and comments do not survive."""
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(io.BytesIO(raw)) as image:
            image.load()
            pixels = image.convert("RGB") if content_type == "image/jpeg" else image.copy()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise UploadRejected(_("The photo could not be read. It may be damaged; try another."))
    out = io.BytesIO()
    fmt = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}[content_type]
    # A fresh image carries no info dict; exif=b"" makes sure nothing is copied across.
    clean_image = Image.new(pixels.mode, pixels.size)
    clean_image.paste(pixels)
    clean_image.save(out, format=fmt, quality=85, exif=b"")
    return out.getvalue()


def store(content: bytes) -> str:
    """Encrypt and save; the storage (disk or S3) only ever holds ciphertext."""
    token = data_cipher().encrypt(content)
    return default_storage.save(f"cases/{uuid.uuid4().hex}.enc", ContentFile(token))


def load(storage_name: str) -> bytes:
    with default_storage.open(storage_name) as handle:
        return data_cipher().decrypt(handle.read())


def delete(storage_name: str) -> None:
    """Remove a stored file (gone already is fine: erasing twice must not fail)."""
    default_storage.delete(storage_name)


def rotate(storage_name: str) -> None:
    """Re-encrypt a stored file under the newest key, in place."""
    with default_storage.open(storage_name) as handle:
        token = data_cipher().rotate(handle.read())
    default_storage.delete(storage_name)
    default_storage.save(storage_name, ContentFile(token))
