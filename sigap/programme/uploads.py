"""Uploaded documents and photos: PDF, JPEG or PNG only, told apart by their first bytes.

The extension and the browser's content type are what the sender claims; the magic bytes are
what the file is. A file that fails is refused before anything is saved.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sigap.lib import files

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
IMAGES = frozenset({"image/jpeg", "image/png"})
DOCUMENTS = IMAGES | {"application/pdf"}


def sniff(upload) -> str | None:
    """The content type the file's first bytes show, or None if it is none of ours."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = files.sniff(head)
    return content_type if content_type in DOCUMENTS else None


def check_upload(upload, *, images_only: bool = False, max_bytes: int | None = None) -> str:
    """Return the file's content type, or raise ValidationError with a message in Indonesian."""
    limit = max_bytes or MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            _(
                "The file is %(size)s MB; files may be at most %(limit)s MB. Make it smaller "
                "(scan at a lower resolution, or compress the photo) and upload it again."
            ),
            params={"size": f"{upload.size / 1048576:.1f}", "limit": f"{limit / 1048576:.0f}"},
            code="too_large",
        )
    content_type = sniff(upload)
    if content_type is None or (images_only and content_type not in IMAGES):
        message = (
            _("This file is not a JPEG or PNG photo. Choose a photo taken with a camera or phone.")
            if images_only
            else _(
                "This file is not a PDF, JPEG or PNG. Save the document as PDF, or take a "
                "photo of it, and upload it again."
            )
        )
        raise ValidationError(message, code="bad_type")
    return content_type
