"""Personal API tokens: shown once, stored as a SHA-256 hash, looked up by hash."""

import re
import secrets

from django.db import transaction
from django.utils import timezone

from sigap.lib.crypto import token_hash
from sigap.people.models import ApiToken, AuditEvent

TOKEN_PREFIX = "sgp_"
TOKEN_PATTERN = re.compile(r"^sgp_[A-Za-z0-9_-]{40,60}$")


@transaction.atomic
def token_create(*, user, name: str, expires_at=None) -> tuple[ApiToken, str]:
    """Create a token; the raw value is returned once and never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=raw[:10], token_hash=token_hash(raw), expires_at=expires_at
    )
    AuditEvent.objects.create(
        actor=user, action="token.create", object_type="apitoken", object_id=str(token.pk)
    )
    return token, raw


@transaction.atomic
def token_revoke(*, user, token: ApiToken) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    AuditEvent.objects.create(
        actor=user, action="token.revoke", object_type="apitoken", object_id=str(token.pk)
    )


def is_well_formed(raw: str) -> bool:
    return bool(TOKEN_PATTERN.match(raw or ""))


def token_authenticate(raw: str):
    """The active user owning a usable token, or None (malformed, unknown, revoked, expired)."""
    if not is_well_formed(raw):
        return None
    token = ApiToken.objects.select_related("user").filter(token_hash=token_hash(raw)).first()
    if token is None or not token.is_usable() or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
