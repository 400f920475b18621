"""What a file really is, from its first bytes, and the same file with nothing in it but its
content: the extension and the browser's content type are only what the sender claims, and a
phone's photo carries where it was taken.

Framework-free: the Django side (messages, encryption, storage, serving) is
``sigap.people.files``.
"""

import io

import pikepdf
from PIL import Image, UnidentifiedImageError

PDF = "application/pdf"
IMAGES = frozenset({"image/jpeg", "image/png", "image/webp"})
SIGNATURES = (
    (b"%PDF-", PDF),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
# What a PDF reader may run or show about the document's maker, dropped with the metadata.
_PDF_ROOT_KEYS = ("/Metadata", "/OpenAction", "/AA", "/PieceInfo")


class Refused(ValueError):
    """Why a file was refused: ``reason`` is "type", "pixels", "damaged" or "locked"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def sniff(head: bytes) -> str | None:
    """The content type the first bytes (16 are enough) show, or None for anything else."""
    for magic, content_type in SIGNATURES:
        if head.startswith(magic):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def clean(
    raw: bytes, *, allowed: frozenset[str] = IMAGES | {PDF}, max_pixels: int
) -> tuple[bytes, str]:
    """(content without metadata, content type from the bytes), or ``Refused``."""
    content_type = sniff(raw[:16])
    if content_type is None or content_type not in allowed:
        raise Refused("type")
    if content_type == PDF:
        return strip_pdf(raw), PDF
    return reencode(raw, content_type, max_pixels=max_pixels), content_type


def reencode(raw: bytes, content_type: str, *, max_pixels: int) -> bytes:
    """Decode to pixels and encode again: EXIF, GPS, XMP and comments do not survive.

    The size is read from the header and checked before any pixel is decoded, so a small file
    that claims 400 megapixels costs nothing (Pillow's own bomb guard stays on behind it)."""
    try:
        with Image.open(io.BytesIO(raw), formats=[_FORMATS[content_type]]) as image:
            if image.width * image.height > max_pixels:
                raise Refused("pixels")
            image.load()
            pixels = image.convert("RGB") if content_type == "image/jpeg" else image.copy()
    except Image.DecompressionBombError:
        raise Refused("pixels")
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise Refused("damaged")
    # A fresh image carries no info dict; exif=b"" makes sure nothing is copied across.
    bare = Image.new(pixels.mode, pixels.size)
    bare.paste(pixels)
    out = io.BytesIO()
    bare.save(out, format=_FORMATS[content_type], quality=85, exif=b"")
    return out.getvalue()


def strip_pdf(raw: bytes) -> bytes:
    """The PDF without its document information (Author, Creator, Producer, dates), its XMP
    metadata streams and what would run on opening; a damaged or locked PDF is refused."""
    try:
        with pikepdf.open(io.BytesIO(raw)) as pdf:
            if pdf.is_encrypted:
                raise Refused("locked")
            if "/Info" in pdf.trailer:
                del pdf.trailer["/Info"]
            for key in _PDF_ROOT_KEYS:
                if key in pdf.Root:
                    del pdf.Root[key]
            for obj in pdf.objects:
                # XMP on pages, images and fonts too: any dictionary or stream may carry one.
                if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream) and "/Metadata" in obj:
                    del obj["/Metadata"]
            out = io.BytesIO()
            pdf.remove_unreferenced_resources()
            pdf.save(out, deterministic_id=True)
            return out.getvalue()
    except pikepdf.PasswordError:
        raise Refused("locked")
    except pikepdf.PdfError:
        raise Refused("damaged")
