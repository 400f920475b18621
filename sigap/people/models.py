"""Users, organisations and memberships: who may do what, over which area."""

from django.conf import settings
from django.contrib.auth import models as auth_models
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.people.fields import EncryptedTextField


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    COORDINATOR = "coordinator", _("Programme coordinator")
    CASE_WORKER = "case_worker", _("Case worker")
    FOCAL_POINT = "focal_point", _("Agency focal point")
    OFFICIAL = "official", _("Lurah / camat")
    AMBASSADOR = "ambassador", _("Duta Anti Trafficking")
    RELAWAN = "relawan", _("Relawan")
    FKDM = "fkdm", _("FKDM member")
    ANALYST = "analyst", _("Analyst (aggregates only)")


class OrgType(models.TextChoices):
    CITY_GOVERNMENT = "city_government", _("City government / Kesbangpol")
    KELURAHAN_OFFICE = "kelurahan_office", _("Kelurahan office")
    KECAMATAN_OFFICE = "kecamatan_office", _("Kecamatan office")
    LPA = "lpa", _("LPA (child protection agency)")
    IOM = "iom", _("IOM")
    UNHCR = "unhcr", _("UNHCR")
    POLRI_PPA = "polri_ppa", _("Polri PPA unit")
    UPTD_PPA = "uptd_ppa", _("UPTD PPA / P2TP2A")
    DINSOS = "dinsos", _("Dinas Sosial")
    DISNAKER = "disnaker", _("Disnaker / BP3MI")
    LPSK = "lpsk", _("LPSK")
    NGO = "ngo", _("NGO")
    COMMUNITY = "community", _("Community")


class UserManager(auth_models.UserManager):
    def get_queryset(self):
        # Sign-in and every request load the user; neither needs the encrypted fields, which
        # are read when used, so that a wrong or missing data key never stops anyone signing in.
        return super().get_queryset().defer("phone", "totp_secret")


class User(AbstractUser):
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="id"
    )
    phone = EncryptedTextField(_("phone"), blank=True, default="")
    totp_secret = EncryptedTextField(blank=True, default="", editable=False)
    totp_confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    failed_logins = models.PositiveIntegerField(default=0, editable=False)
    locked_until = models.DateTimeField(null=True, blank=True, editable=False)

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def has_totp(self) -> bool:
        return self.totp_confirmed_at is not None

    def is_locked(self) -> bool:
        return self.locked_until is not None and self.locked_until > timezone.now()


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    type = models.CharField(_("type"), max_length=32, choices=OrgType.choices)
    area = models.ForeignKey(
        "regions.Area", on_delete=models.PROTECT, verbose_name=_("area"), related_name="+"
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("office phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(fields=["name", "area"], name="org_unique_name_in_area"),
        ]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet):
    def active(self):
        today = timezone.localdate()
        return self.filter(is_active=True, starts_on__lte=today).filter(
            models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=today)
        )


class Membership(models.Model):
    """A user's role in an organisation, over an area (the area and everything inside it)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    area = models.ForeignKey(
        "regions.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("area")
    )
    is_active = models.BooleanField(_("active"), default=True)
    starts_on = models.DateField(_("starts on"), default=timezone.localdate)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["user", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role", "area"], name="membership_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.area_id}"


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self) -> bool:
        now = timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class BackupCode(models.Model):
    """A single-use two-factor backup code, stored hashed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="backup_codes"
    )
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"backup code of {self.user_id}"


class AuditEvent(models.Model):
    """Append-only record of sign-ins, permission changes and reads of personal records.

    Rows are never updated or deleted: the model refuses it and database triggers refuse it too.
    It holds ids and action names, never the personal data itself.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    action = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    area_code = models.CharField(max_length=13, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [
            # "Who read this record?" lists events for one object.
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("audit events are append-only")


class RateCounter(models.Model):
    """One fixed-window counter of a rate limit (``sigap/people/ratelimit.py``). For anonymous
    callers the key holds a short-lived HMAC of the address and the window, never the address
    itself; a row is useless once ``expires`` (Unix seconds, the window's end) has passed."""

    key = models.CharField(max_length=80, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires = models.BigIntegerField(db_index=True)

    def __str__(self) -> str:
        return f"rate counter {self.key}"
