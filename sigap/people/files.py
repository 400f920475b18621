"""The one path every upload in SIGAP takes: report and case attachments, outreach photos, pact
documents, reference-letter scans and event materials.

In: the type from the bytes (``sigap.lib.files``), a size and a pixel limit, images re-encoded
without metadata, PDFs without their document metadata. Stored: encrypted under a random name,
so the storage (disk or S3) never holds a readable file or the sender's file name. Out: always as
a download (``Content-Disposition: attachment``) of the stored type, never sniffed, never HTML or
SVG.
"""

import hashlib
import uuid
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.utils.translation import gettext as _

from sigap.lib import files
from sigap.people.fields import data_cipher

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel photo is more than any phone takes
DOCUMENTS = files.IMAGES | {files.PDF}


class UploadRejected(ValueError):
    """A file that is refused, with a message that says what to do instead."""


@dataclass(frozen=True)
class CleanFile:
    content: bytes
    content_type: str
    sha256: str


def _messages() -> dict[str, str]:
    return {
        "type": _(
            "Only photos (JPEG, PNG, WebP) and PDF files can be uploaded. This file is neither: "
            "save the document as PDF, or take a photo of it, and upload it again."
        ),
        "image_type": _(
            "This file is not a JPEG, PNG or WebP photo. Choose a photo taken with a camera or "
            "phone."
        ),
        "pixels": _(
            "The photo is too large (more than %(limit)d megapixels). Make it smaller and "
            "upload it again."
        )
        % {"limit": MAX_PIXELS // 1_000_000},
        "damaged": _("The file could not be read. It may be damaged; try another."),
        "locked": _(
            "The PDF is protected with a password. Save it without the password and upload it "
            "again."
        ),
    }


def clean(upload, *, images_only: bool = False, max_bytes: int | None = None) -> CleanFile:
    """The upload's bytes without metadata, or ``UploadRejected`` with a message for people."""
    limit = max_bytes or MAX_BYTES
    if upload.size > limit:
        raise UploadRejected(
            _(
                "The file is %(size)s MB; files may be at most %(limit)s MB. Make it smaller "
                "(scan at a lower resolution, or compress the photo) and upload it again."
            )
            % {"size": f"{upload.size / 1048576:.1f}", "limit": f"{limit / 1048576:.0f}"}
        )
    allowed = files.IMAGES if images_only else DOCUMENTS
    try:
        content, content_type = files.clean(upload.read(), allowed=allowed, max_pixels=MAX_PIXELS)
    except files.Refused as refused:
        reason = "image_type" if refused.reason == "type" and images_only else refused.reason
        raise UploadRejected(_messages()[reason])
    return CleanFile(content, content_type, hashlib.sha256(content).hexdigest())


def store(content: bytes, *, folder: str) -> str:
    """Encrypt and save under a random name; the storage name to keep."""
    token = data_cipher().encrypt(content)
    return default_storage.save(f"{folder}/{uuid.uuid4().hex}.enc", ContentFile(token))


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


def download(storage_name: str, content_type: str, filename: str) -> HttpResponse:
    """A stored file as a download: its stored type when it is one the pipeline makes (else
    ``application/octet-stream``), never rendered in the page, never cached."""
    if content_type not in DOCUMENTS:
        content_type = "application/octet-stream"
    response = HttpResponse(load(storage_name), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{_safe(filename)}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, max-age=0"
    response["Referrer-Policy"] = "no-referrer"
    # Even opened by a browser, a PDF may run no script and load nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


_EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", files.PDF: ".pdf"}


def _safe(filename: str) -> str:
    return "".join(ch for ch in filename if ch.isascii() and (ch.isalnum() or ch in "-_."))


def filename(stem: str, content_type: str) -> str:
    """A download's name from our own words and the stored type, never the sender's."""
    return _safe(stem) + _EXTENSIONS.get(content_type, "")
