"""Login lockout: after SIGAP_LOGIN_MAX_FAILURES consecutive failures (a wrong password or a
wrong second-factor code), the account is locked for SIGAP_LOGIN_LOCK_MINUTES.

Counters are updated with F() expressions so that parallel attempts cannot lose a count.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from sigap.people.audit import audit_record
from sigap.people.models import User


def lock_minutes() -> int:
    return settings.SIGAP_LOGIN_LOCK_MINUTES


@transaction.atomic
def register_failure(user: User, *, step: str = "password") -> bool:
    """Count one failed attempt; returns True when this failure locked the account."""
    User.objects.filter(pk=user.pk).update(failed_logins=F("failed_logins") + 1)
    user.refresh_from_db(fields=["failed_logins", "locked_until"])
    audit_record(actor=None, action="login.failure", obj=user, detail={"via": step})
    if user.failed_logins < settings.SIGAP_LOGIN_MAX_FAILURES:
        return False
    # The counter restarts so that, once the lock ends, the next lock needs a full new series.
    user.locked_until = timezone.now() + timedelta(minutes=lock_minutes())
    user.failed_logins = 0
    user.save(update_fields=["locked_until", "failed_logins"])
    audit_record(
        actor=None,
        action="login.lockout",
        obj=user,
        detail={"count": settings.SIGAP_LOGIN_MAX_FAILURES},
    )
    return True


def register_success(user: User) -> None:
    if user.failed_logins or user.locked_until:
        User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
        user.failed_logins, user.locked_until = 0, None
