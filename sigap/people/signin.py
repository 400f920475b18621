"""The sign-in steps: password (with lockout), then the second factor where it is needed.

The messages never tell whether a username exists: an unknown name and a wrong password get
the same words (and Django's backend hashes a dummy password, so the time taken is the same).
Only the lockout itself is stated, because the person locked out needs to know to wait; so an
unknown name locks too, after as many failures, or the lock message would tell which names are
real.
"""

import hashlib
import hmac

from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.utils.translation import gettext as _

from sigap.people import lockout, ratelimit, twofactor
from sigap.people.audit import audit_record
from sigap.people.models import User


def wrong_password_message() -> str:
    return _(
        "The username or password is incorrect. Check both and try again; after "
        "%(max)d failed attempts in a row the account is locked for %(minutes)d "
        "minutes."
    ) % {"max": settings.SIGAP_LOGIN_MAX_FAILURES, "minutes": settings.SIGAP_LOGIN_LOCK_MINUTES}


def locked_message() -> str:
    return _(
        "This account is locked for %(minutes)d minutes after too many failed sign-in "
        "attempts. Wait and try again, or ask your coordinator for help."
    ) % {"minutes": settings.SIGAP_LOGIN_LOCK_MINUTES}


def wrong_code_message() -> str:
    return _(
        "This code is not correct, or it was already used. Enter the newest code from "
        "your authenticator app, or an unused backup code."
    )


def throttled_message() -> str:
    return _(
        "Too many failed sign-in attempts from this connection. Wait %(minutes)d minutes and "
        "try again, or ask your coordinator for help."
    ) % {"minutes": settings.SIGAP_LOGIN_LOCK_MINUTES}


def _address_window() -> tuple[str, int]:
    return "login_address", settings.SIGAP_LOGIN_LOCK_MINUTES * 60


def _address_throttled(request) -> bool:
    """True when this address (keyed as the rate limits key it, never stored) has failed
    SIGAP_LOGIN_ADDRESS_MAX_FAILURES times within the lock time, over any accounts: password
    spraying tries a few passwords on many accounts, below each account's own lockout."""
    scope, window = _address_window()
    failures = ratelimit.current(scope, ratelimit.client_key(request, window), window)
    return failures >= settings.SIGAP_LOGIN_ADDRESS_MAX_FAILURES


def _address_failed(request) -> None:
    scope, window = _address_window()
    ratelimit.count(scope, ratelimit.client_key(request, window), window)


def password_step(request, username: str, password: str) -> tuple[User | None, str]:
    """The user when the password is right, the account not locked and the address not
    throttled; else an error."""
    if _address_throttled(request):
        audit_record(actor=None, action="login.throttled", detail={"via": "password"})
        return None, throttled_message()
    user, error = _password_step(request, username, password)
    if user is None:
        _address_failed(request)
    return user, error


def _password_step(request, username: str, password: str) -> tuple[User | None, str]:
    known = User.objects.filter(username=username).first()
    if known is not None and known.is_locked():
        audit_record(actor=None, action="login.refused_locked", obj=known)
        return None, locked_message()
    user = authenticate(request, username=username, password=password)
    if user is not None:
        return user, ""
    if known is None:
        # No object id: the typed username may be someone's name and is not kept.
        audit_record(actor=None, action="login.failure", detail={"via": "password"})
        return None, locked_message() if _unknown_name_locked(
            username
        ) else wrong_password_message()
    if lockout.register_failure(known, step="password"):
        return None, locked_message()
    return None, wrong_password_message()


def _unknown_name_locked(username: str) -> bool:
    """Count a failure for a name no account has, keyed by an HMAC of the name (never the name
    itself); True once it has failed as often as locks a real account, within the lock time."""
    key = hmac.new(settings.SECRET_KEY.encode(), username.encode(), hashlib.sha256).hexdigest()
    window = settings.SIGAP_LOGIN_LOCK_MINUTES * 60
    return ratelimit.count("login", key[:32], window) >= settings.SIGAP_LOGIN_MAX_FAILURES


def start_session(request, user: User) -> bool:
    """Sign the user in; returns True when the second factor must still be passed.

    The failure counter is only reset once sign-in is complete: resetting it after the
    password alone would give unlimited guesses at the six-digit code.
    """
    login(request, user)
    if twofactor.required_for(user):
        return True
    complete(request, user, method="password")
    return False


def complete(request, user: User, *, method: str) -> None:
    if twofactor.required_for(user):
        twofactor.mark_passed(request, user)
    lockout.register_success(user)
    audit_record(actor=user, action="login.success", obj=user, detail={"method": method})


def second_factor_step(request, code: str) -> tuple[bool, str]:
    """(passed, message); a wrong code counts toward lockout and may sign the session out."""
    user = request.user
    if user.is_locked():
        end_session(request, audit=False)
        return False, locked_message()
    via_totp = twofactor.TOTP_CODE.match(twofactor.clean_code(code))
    if twofactor.verify_second_factor(user, code):
        complete(request, user, method="totp" if via_totp else "backup_code")
        return True, ""
    if lockout.register_failure(user, step="2fa"):
        end_session(request, audit=False)
        return False, locked_message()
    return False, wrong_code_message()


def end_session(request, *, audit: bool = True) -> None:
    if audit and request.user.is_authenticated:
        audit_record(actor=request.user, action="logout", obj=request.user)
    logout(request)
