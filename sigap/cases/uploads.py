"""Report and case attachments, through the one upload pipeline (``sigap.people.files``):
type from the bytes, metadata stripped, encrypted in storage under a random name."""

from sigap.people import files
from sigap.people.files import MAX_BYTES, CleanFile, UploadRejected, delete, load, rotate

__all__ = ["MAX_BYTES", "CleanFile", "UploadRejected", "clean", "delete", "load", "rotate", "store"]


def clean(upload) -> CleanFile:
    """The upload's bytes without metadata, or ``UploadRejected`` with a message for people."""
    return files.clean(upload)


def store(content: bytes) -> str:
    """Encrypt and save; the storage (disk or S3) only ever holds ciphertext."""
    return files.store(content, folder="cases")
