"""Programme files (reference-letter scans, materials, outreach photos, pact documents) through
the one upload pipeline, ``sigap.people.files``: type from the bytes, metadata stripped,
encrypted in storage under a random name, served only as a download."""

from django.core.exceptions import ValidationError

from sigap.people import files

FOLDER = "programme"


def check_upload(upload, *, images_only: bool = False) -> files.CleanFile:
    """The clean file, or ValidationError with a message in the reader's language."""
    try:
        return files.clean(upload, images_only=images_only)
    except files.UploadRejected as error:
        raise ValidationError(str(error), code="upload")


def store(clean: files.CleanFile | None) -> tuple[str, str]:
    """(storage name, content type) to keep on the row; empty strings for no file."""
    if clean is None:
        return "", ""
    return files.store(clean.content, folder=FOLDER), clean.content_type


def download(field, content_type: str, stem: str):
    """The response for a stored programme file (the caller has checked access)."""
    return files.download(field.name, content_type, files.filename(stem, content_type))
