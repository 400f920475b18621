"""Two-factor sign-in: TOTP (RFC 6238) with single-use backup codes.

The secret is stored encrypted on the user once a first code confirms it; until then it waits
in the session, so an unfinished enrolment never replaces a working authenticator. Codes from
the previous, current and next 30-second step are accepted (clock drift), and a step once used
is refused afterwards (RFC 6238 §5.2: no replay). The last accepted step is kept in the audit
log, which every successful verification writes anyway.
"""

import hmac
import re
import secrets
from datetime import timedelta

import pyotp
import segno
from django.db import transaction
from django.utils import timezone

from sigap.lib.crypto import DecryptionError, token_hash
from sigap.people import access
from sigap.people.audit import audit_record
from sigap.people.models import AuditEvent, BackupCode, User

ISSUER = "SIGAP"
BACKUP_CODE_COUNT = 10
# No 0/o, 1/l/i: codes are read off paper and typed on a phone.
BACKUP_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
SESSION_KEY = "sigap_2fa_user"  # "the second factor was passed for this user id"
PENDING_SECRET_KEY = "sigap_totp_pending"
TOTP_CODE = re.compile(r"^\d{6}$")


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """An inline SVG (no inline styles, so the strict content policy allows it)."""
    return segno.make(uri, error="m").svg_inline(scale=1, omitsize=True, dark="#000")


def grouped(secret: str) -> str:
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def clean_code(raw: str) -> str:
    return re.sub(r"[\s-]", "", raw or "").lower()


def matching_step(secret: str, code: str, *, at=None) -> int | None:
    """The time step (previous, current or next) whose code equals ``code``, else None."""
    code = clean_code(code)
    if not secret or not TOTP_CODE.match(code):
        return None
    totp = pyotp.TOTP(secret)
    now_step = totp.timecode(at or timezone.now())
    for step in (now_step - 1, now_step, now_step + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _last_used_step(user: User) -> int:
    recent = (
        AuditEvent.objects.filter(
            action__in=["2fa.verify", "2fa.enrol"],
            object_type="user",
            object_id=str(user.pk),
            at__gte=timezone.now() - timedelta(minutes=3),
        )
        .order_by("-at")
        .first()
    )
    return int((recent.detail or {}).get("step", -1)) if recent else -1


@transaction.atomic
def verify_totp(user: User, code: str) -> bool:
    """Accept a current code once; a replayed or older code is refused."""
    # Lock the user row so two requests with the same code cannot both pass.
    User.objects.select_for_update().filter(pk=user.pk).first()
    try:
        secret = user.totp_secret
    except DecryptionError:
        # Without the data key the authenticator cannot be checked; backup codes still work.
        return False
    step = matching_step(secret, code)
    if step is None or step <= _last_used_step(user):
        return False
    audit_record(actor=user, action="2fa.verify", obj=user, detail={"step": step})
    return True


@transaction.atomic
def enrol_confirm(user: User, secret: str, code: str) -> list[str] | None:
    """Store the secret when ``code`` proves the app holds it; returns new backup codes."""
    step = matching_step(secret, code)
    if step is None:
        return None
    user.totp_secret = secret
    user.totp_confirmed_at = timezone.now()
    user.save(update_fields=["totp_secret", "totp_confirmed_at"])
    audit_record(actor=user, action="2fa.enrol", obj=user, detail={"step": step})
    return backup_codes_regenerate(user, audit=False)


def _new_backup_code() -> str:
    raw = "".join(secrets.choice(BACKUP_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


@transaction.atomic
def backup_codes_regenerate(user: User, *, audit: bool = True) -> list[str]:
    """Replace every backup code with ten new ones, returned once and stored hashed."""
    BackupCode.objects.filter(user=user).delete()
    codes = [_new_backup_code() for _ in range(BACKUP_CODE_COUNT)]
    BackupCode.objects.bulk_create(
        BackupCode(user=user, code_hash=token_hash(clean_code(code))) for code in codes
    )
    if audit:
        audit_record(
            actor=user, action="2fa.backup_regenerate", obj=user, detail={"count": len(codes)}
        )
    return codes


@transaction.atomic
def backup_code_use(user: User, code: str) -> bool:
    """Spend one unused backup code; the conditional UPDATE makes it single-use under races."""
    code = clean_code(code)
    if not code:
        return False
    spent = BackupCode.objects.filter(
        user=user, code_hash=token_hash(code), used_at__isnull=True
    ).update(used_at=timezone.now())
    if spent != 1:
        return False
    audit_record(
        actor=user,
        action="2fa.backup_used",
        obj=user,
        detail={"remaining": backup_codes_left(user)},
    )
    return True


def backup_codes_left(user: User) -> int:
    return BackupCode.objects.filter(user=user, used_at__isnull=True).count()


def verify_second_factor(user: User, code: str) -> bool:
    """A six-digit code is tried as TOTP; anything else as a backup code."""
    if TOTP_CODE.match(clean_code(code)):
        return user.has_totp and verify_totp(user, code)
    return backup_code_use(user, code)


def mark_passed(request, user: User) -> None:
    """Record in the session that this user passed the second factor."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = user.pk
    request.session.pop(PENDING_SECRET_KEY, None)


def has_passed(request) -> bool:
    user = request.user
    return user.is_authenticated and request.session.get(SESSION_KEY) == user.pk


def required_for(user: User) -> bool:
    """Who must pass the second factor: roles that see personal data, and anyone enrolled."""
    return access.needs_two_factor(user) or user.has_totp
