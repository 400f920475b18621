"""Project-wide middleware: security headers, and body size limits per path."""

from django.http import HttpResponse
from django.utils.translation import gettext as _


class SecurityHeadersMiddleware:
    """Headers Django does not set itself: a strict content policy and no third-party anything.

    Every script and style is served from our own origin (vendored, no CDN), so the policy can
    forbid everything else.
    """

    POLICY = (
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/admin/"):
            response.headers.setdefault("Content-Security-Policy", self.POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "geolocation=(), camera=(), microphone=()"
        )
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


KB, MB = 1024, 1024 * 1024
# The largest body each public form and endpoint can need, every field at its limit in the
# costliest encoding (UTF-8 percent-encoded: 9 bytes a character) plus its files; the longest
# matching prefix applies. Signed-in uploads have their own limits inside (5 MB a file, bulk
# screening 10 MB, an HTCDS import 20 MB); nothing at all is larger than BODY_LIMIT_DEFAULT.
BODY_LIMITS = {
    "/lapor/": 26 * MB,  # 5 files of 5 MB and about 9,000 characters of text
    "/lapor/wilayah/": 4 * KB,  # the area search (GET)
    "/status/": 64 * KB,  # a receipt code and a 2,000-character message
    "/cek-lowongan/": 512 * KB,  # a 20,000-character post, or a 200 KB text file
    "/cek-lowongan/massal/": 11 * MB,  # signed in: a 10 MB bulk file
    "/api/v1/screening": 512 * KB,  # the same post as JSON (\uXXXX escapes: 12 bytes a char)
    "/akun/masuk/": 16 * KB,
    "/akun/verifikasi/": 16 * KB,
    "/i18n/": 4 * KB,
    "/program/pilih/": 16 * KB,
    "/kanal/": 256 * KB,  # a provider's webhook: a batch of messages as JSON, no files
}
BODY_LIMIT_DEFAULT = 30 * MB


class BodyLimitMiddleware:
    """Refuse a request whose declared body is larger than its path may need (413), before
    anything reads it: an anonymous caller cannot make SIGAP parse, store or screen more than a
    form at its limits. Django's DATA_UPLOAD_MAX_MEMORY_SIZE and each field's length still
    apply below this."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body without a valid length
        if length > body_limit(request.path_info):
            return HttpResponse(
                _("This request is too large for this page. Send less text or smaller files."),
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


def body_limit(path: str) -> int:
    matches = [prefix for prefix in BODY_LIMITS if path.startswith(prefix)]
    return BODY_LIMITS[max(matches, key=len)] if matches else BODY_LIMIT_DEFAULT
