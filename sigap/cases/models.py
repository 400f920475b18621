"""Reports, cases, referrals and services. Personal data (names, NIK, contacts, addresses,
narratives) sits only in ``EncryptedTextField`` columns; everything else here is safe to count,
filter and export."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.cases import choices as c
from sigap.cases import hashing
from sigap.people.fields import EncryptedTextField

USER = settings.AUTH_USER_MODEL


class ReportQuerySet(models.QuerySet):
    def untriaged(self):
        return self.filter(decision="", case__isnull=True)

    def in_area(self, code: str):
        return self.filter(Q(area_id=code) | Q(area_id__startswith=code + "."))

    def submitted_by(self, user):
        return self.filter(submitted_by=user)

    def with_receipt(self, code: str):
        """The report whose receipt code this is, under any key of the hash ring."""
        return self.filter(receipt_hash__in=hashing.receipt_hashes(code))


class Report(models.Model):
    """A report of a suspicion. Anonymous ones carry no account, IP address or user agent; the
    reporter follows them with a receipt code, of which only a keyed hash is kept."""

    channel = models.CharField(_("channel"), max_length=16, choices=c.Channel.choices)
    is_anonymous = models.BooleanField(default=False)
    receipt_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    # The form's one-time submission id, as a keyed hash (it yields the receipt): the same form
    # posted again, or sent again by an offline outbox, finds its report instead of a new one.
    submission_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    # A keyed hash of what that submission said (sigap.lib.fingerprint): the same id sent again
    # with other content is refused instead of answered with this report.
    submission_fingerprint = models.CharField(max_length=64, blank=True, default="")
    # Foreign keys are indexed below (Meta.indexes), each only as far as a query needs it.
    submitted_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    area = models.ForeignKey(
        "regions.Area",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("area"),
        db_index=False,
    )
    place = EncryptedTextField(_("place"), blank=True, default="")
    what = EncryptedTextField(_("what happened"))
    happened_on = models.DateField(_("when"), null=True, blank=True)
    people_count = models.PositiveSmallIntegerField(_("people at risk"), null=True, blank=True)
    people_ages = models.CharField(_("their ages"), max_length=60, blank=True)
    people_sex = models.CharField(
        _("their sex"), max_length=8, choices=c.PeopleSex.choices, default=c.PeopleSex.UNKNOWN
    )
    relation = models.CharField(
        _("relation to you"), max_length=12, choices=c.Relation.choices, blank=True
    )
    suspect = EncryptedTextField(_("suspect"), blank=True, default="")
    suspect_identifiers = EncryptedTextField(_("suspect's contacts"), blank=True, default="")
    recruitment_apps = models.JSONField(default=list, blank=True)
    destination_country = models.CharField(
        _("destination country"), max_length=2, choices=c.Country.choices, blank=True
    )
    destination_city = EncryptedTextField(_("destination city"), blank=True, default="")
    indicators = models.JSONField(default=list, blank=True)
    contact = EncryptedTextField(_("contact"), blank=True, default="")
    # A report filed by message: the sender's number as a mask ("+62 812-••••-•789"), the only
    # form staff ever see; the number itself stays encrypted in sigap.channels, for replies.
    contact_mask = models.CharField(_("messaging contact"), max_length=40, blank=True)
    risk_score = models.PositiveSmallIntegerField(default=0)
    risk_band = models.CharField(max_length=8, blank=True)
    risk_reasons = models.JSONField(default=list, blank=True)
    rules_version = models.CharField(max_length=16, blank=True)
    # When the worker stored what follows from the report (its identifiers and their links, the
    # risk score's weight for a link, the timeline and audit rows: actions.reports_process);
    # empty for a report filed moments ago.
    processed_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(
        _("decision"), max_length=32, choices=c.TraffickingStatus.choices, blank=True
    )
    decision_note = EncryptedTextField(_("decision note"), blank=True, default="")
    triaged_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    triaged_at = models.DateTimeField(null=True, blank=True)
    case = models.ForeignKey(
        "Case",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
        db_index=False,
    )
    merged_into_case = models.BooleanField(default=False)
    # When what identifies anyone was erased at the end of the retention period (a report
    # judged not to be trafficking and in no case: actions.reports_erase_expired).
    erased_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        # Every index is written by each new report, and most reports are anonymous and new:
        # the indexes on who filed and on the case leave out the rows without one.
        indexes = [
            # The triage queue: untriaged reports of an area subtree, newest first (and any
            # lookup by area).
            models.Index(fields=["area", "decision", "-created_at"], name="report_triage"),
            # A relawan's own reports.
            models.Index(
                fields=["submitted_by"],
                name="report_submitted_by",
                condition=Q(submitted_by__isnull=False),
            ),
            # A case's reports.
            models.Index(fields=["case"], name="report_case", condition=Q(case__isnull=False)),
            # The worker's queue: reports not processed yet, oldest first.
            models.Index(
                fields=["id"], name="report_unprocessed", condition=Q(processed_at__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return f"report {self.pk}"

    @property
    def reference(self) -> str:
        return self.reference_for(self.pk)

    @staticmethod
    def reference_for(pk: int) -> str:
        """The reference people quote, from the key alone (timelines keep only ids)."""
        return f"L-{pk:06d}"

    @property
    def public_status(self) -> str:
        """What the anonymous reporter may know: a stage, never who handles it or how."""
        if self.case_id and self.case.status in c.CLOSED_STATUSES:
            return "closed"
        if self.case_id:
            return "handled"
        if self.decision:
            return "reviewed"
        return "received"


class Identifier(models.Model):
    """A suspect's phone number, handle or company, normalised and stored only as a keyed hash,
    so reports can be linked across areas without decrypting anything."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="identifiers")
    kind = models.CharField(max_length=12, choices=c.IdentifierKind.choices)
    value_hash = models.CharField(max_length=64)
    hint = models.CharField(max_length=40)  # "+62812•••7890": enough to tell two apart

    class Meta:
        indexes = [
            # Linked reports: every report sharing one hash.
            models.Index(fields=["value_hash"], name="identifier_hash"),
        ]

    def __str__(self) -> str:
        return f"identifier {self.pk}"


class Attachment(models.Model):
    """An image or PDF, re-encoded without metadata, encrypted in storage; SHA-256 of the
    stored (clean) bytes kept as evidence of integrity."""

    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    case = models.ForeignKey(
        "Case", null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"attachment {self.pk}"


class Message(models.Model):
    """The two-way thread between an anonymous reporter and the handlers."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    from_reporter = models.BooleanField()
    author = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = EncryptedTextField(_("message"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"message {self.pk}"


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=c.CLOSED_STATUSES)

    def in_area(self, code: str):
        return self.filter(Q(area_id=code) | Q(area_id__startswith=code + "."))

    def assigned_to(self, user):
        return self.filter(assigned_to=user)


class Case(models.Model):
    area = models.ForeignKey(
        "regions.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("area")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=c.CaseStatus.choices, default=c.CaseStatus.NEW
    )
    trafficking_status = models.CharField(
        _("trafficking status"), max_length=32, choices=c.TraffickingStatus.choices
    )
    summary = EncryptedTextField(_("summary"), blank=True, default="")
    exploitation_types = models.JSONField(default=list, blank=True)
    methods_of_control = models.JSONField(default=list, blank=True)
    recruitment_methods = models.JSONField(default=list, blank=True)
    recruitment_apps = models.JSONField(default=list, blank=True)
    destination_country = models.CharField(max_length=2, choices=c.Country.choices, blank=True)
    assigned_to = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    closure_reason = EncryptedTextField(_("reason for closing"), blank=True, default="")
    # The other HTCDS 2.0 core fields (sigap.cases.htcds maps each to its column). Places are
    # a SIGAP area inside Indonesia or a country abroad; no query filters on them, so the
    # area keys carry no index.
    status_decided_by = models.CharField(
        _("who decided the trafficking status"),
        max_length=40,
        choices=c.DecisionOrg.choices,
        blank=True,
    )
    recruitment_area = models.ForeignKey(
        "regions.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        verbose_name=_("area of recruitment"),
    )
    recruitment_country = models.CharField(
        _("country of recruitment"), max_length=2, choices=c.Country.choices, blank=True
    )
    exploitation_area = models.ForeignKey(
        "regions.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        verbose_name=_("area of exploitation"),
    )
    exploitation_country = models.CharField(
        _("country of exploitation"), max_length=2, choices=c.Country.choices, blank=True
    )
    forced_labour_industry = models.CharField(
        _("industry of forced labour"),
        max_length=64,
        choices=c.ForcedLabourIndustry.choices,
        blank=True,
    )
    sex_exploitation_types = models.JSONField(default=list, blank=True)
    vulnerabilities = models.JSONField(default=list, blank=True)
    vulnerability_details = EncryptedTextField(
        _("details of vulnerabilities"), blank=True, default=""
    )
    # A case another agency referred to us (or handed over in an HTCDS file).
    referred_in_by = models.CharField(_("referred by (organisation)"), max_length=200, blank=True)
    referred_in_on = models.DateField(_("date of incoming referral"), null=True, blank=True)
    referred_in_reason = models.CharField(
        _("reason for incoming referral"),
        max_length=32,
        choices=c.ReferralReason.choices,
        blank=True,
    )
    referred_in_details = EncryptedTextField(
        _("details of incoming referral"), blank=True, default=""
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # Case lists: an area subtree's cases by status.
            models.Index(fields=["area", "status"], name="case_area_status"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return self.reference_for(self.pk)

    @staticmethod
    def reference_for(pk: int) -> str:
        """The reference people quote, from the key alone (timelines keep only ids)."""
        return f"K-{pk:06d}"

    @property
    def is_closed(self) -> bool:
        return self.status in c.CLOSED_STATUSES


def _identity(nik: str, first_name: str, second_name: str, birth_year) -> tuple[str, str]:
    digits = "".join(ch for ch in nik or "" if ch.isdigit())
    if len(digits) == 16:
        return "victim-nik", digits
    name = " ".join(f"{first_name or ''} {second_name or ''}".lower().split())
    return ("victim-name", f"{name}|{birth_year or ''}") if name else ("", "")


def victim_identity_hash(*, nik: str, first_name: str, second_name: str, birth_year) -> str:
    """A keyed hash that finds the same person twice without decrypting anyone: the NIK when
    there is one, else the name (spaces and case ignored) with the year of birth."""
    purpose, value = _identity(nik, first_name, second_name, birth_year)
    return hashing.keyed_hash(purpose, value) if purpose else ""


def victim_identity_hashes(*, nik: str, first_name: str, second_name: str, birth_year) -> list:
    """The same under every key of the hash ring: what a lookup looks for."""
    purpose, value = _identity(nik, first_name, second_name, birth_year)
    return hashing.keyed_hashes(purpose, value) if purpose else []


class Victim(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="victims")
    first_name = EncryptedTextField(_("first name"))
    second_name = EncryptedTextField(_("last name"), blank=True, default="")
    nik = EncryptedTextField(_("NIK"), blank=True, default="")
    phone = EncryptedTextField(_("phone"), blank=True, default="")
    address = EncryptedTextField(_("address"), blank=True, default="")
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    # HTCDS ``vic_AgeWhenTrafficked`` as another agency recorded it; empty = worked out from
    # the year of birth and the year the case was opened.
    age_when_trafficked = models.PositiveSmallIntegerField(
        _("age when trafficked"), null=True, blank=True
    )
    gender = models.CharField(
        _("gender"), max_length=24, choices=c.Gender.choices, default=c.Gender.UNKNOWN
    )
    citizenship = models.CharField(_("citizenship"), max_length=2, default="ID")
    trafficking_status = models.CharField(
        _("trafficking status"), max_length=32, choices=c.TraffickingStatus.choices
    )
    # victim_identity_hash: an HTCDS import's preview finds the victims it would duplicate.
    identity_hash = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        indexes = [
            # The import preview: victims with any of a file's identity hashes.
            models.Index(fields=["identity_hash"], name="victim_identity"),
        ]

    def __str__(self) -> str:
        return f"victim {self.pk}"

    def save(self, *args, **kwargs):
        self.identity_hash = victim_identity_hash(
            nik=self.nik,
            first_name=self.first_name,
            second_name=self.second_name,
            birth_year=self.birth_year,
        )
        fields = kwargs.get("update_fields")
        if fields is not None and "identity_hash" not in fields:
            kwargs["update_fields"] = [*fields, "identity_hash"]
        super().save(*args, **kwargs)

    @property
    def is_child(self) -> bool:
        return self.birth_year is not None and timezone.localdate().year - self.birth_year < 18

    @property
    def alias(self) -> str:
        """What people without ``personal.view`` see in place of the name."""
        return _("Victim %(n)s") % {"n": self.pk}


class Perpetrator(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="perpetrators")
    role = models.CharField(_("role"), max_length=12, choices=c.PerpetratorRole.choices)
    name = EncryptedTextField(_("name or alias"), blank=True, default="")
    identifiers = EncryptedTextField(_("contacts and accounts"), blank=True, default="")

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"perpetrator {self.pk}"


class TraffickingEvent(models.Model):
    """Recruitment, travel and exploitation, each with a place: the HTCDS event model."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    stage = models.CharField(_("stage"), max_length=16, choices=c.EventStage.choices)
    area = models.ForeignKey(
        "regions.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    country = models.CharField(_("country"), max_length=2, choices=c.Country.choices, blank=True)
    place = EncryptedTextField(_("place"), blank=True, default="")
    happened_on = models.DateField(_("date"), null=True, blank=True)

    class Meta:
        ordering = ["happened_on", "pk"]

    def __str__(self) -> str:
        return f"traffickingevent {self.pk}"


class CaseEvent(models.Model):
    """The timeline: one row per thing that happened to a report or case. ``detail`` holds ids
    and labels only, never personal data."""

    case = models.ForeignKey(
        Case,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="timeline",
        db_index=False,
    )
    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.CASCADE, related_name="timeline"
    )
    actor = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    action = models.CharField(max_length=40)
    detail = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [
            # A case's timeline (a report's uses the report key's own index); a new report's
            # event has no case, so it is left out.
            models.Index(fields=["case"], name="caseevent_case", condition=Q(case__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"caseevent {self.pk}"


class Task(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    title = EncryptedTextField(_("task"))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["done_at", "due_on", "pk"]

    def __str__(self) -> str:
        return f"task {self.pk}"


class Note(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    body = EncryptedTextField(_("note"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"note {self.pk}"


class Consent(models.Model):
    """Consent of a victim (or a child victim's guardian) to services and to sharing their
    record with other organisations. A referral needs both, or an override."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    victim = models.ForeignKey(Victim, on_delete=models.CASCADE, related_name="consents")
    given_by = models.CharField(_("given by"), max_length=8, choices=c.ConsentGiver.choices)
    guardian_name = EncryptedTextField(_("guardian's name"), blank=True, default="")
    for_services = models.BooleanField(_("consents to services"))
    for_disclosure = models.BooleanField(_("consents to sharing with other organisations"))
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"consent {self.pk}"

    @property
    def allows_referral(self) -> bool:
        return self.withdrawn_at is None and self.for_services and self.for_disclosure


class ReferralQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=c.OPEN_REFERRAL_STATUSES)

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(status=c.ReferralStatus.PENDING, deadline__lt=today)

    def to_organisations(self, organisations):
        return self.filter(organisation__in=organisations)


class Referral(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    service = models.CharField(_("service"), max_length=16, choices=c.ServiceKind.choices)
    details = EncryptedTextField(_("what the agency needs to know"), blank=True, default="")
    reason = models.CharField(
        _("reason for referral"),
        max_length=32,
        choices=c.ReferralReason.choices,
        default=c.ReferralReason.SERVICES,
    )
    status = models.CharField(
        max_length=12, choices=c.ReferralStatus.choices, default=c.ReferralStatus.PENDING
    )
    deadline = models.DateField(_("answer by"))
    consent = models.ForeignKey(
        Consent, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    override_reason = models.CharField(
        _("reason for referring without consent"), max_length=300, blank=True
    )
    referred_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    responded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    response_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    responded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "pk"]
        indexes = [
            # A focal point's inbox and the overdue sweep: by organisation/status and deadline.
            models.Index(fields=["organisation", "status", "deadline"], name="referral_inbox"),
            models.Index(fields=["status", "deadline"], name="referral_overdue"),
        ]

    def __str__(self) -> str:
        return f"referral {self.pk}"

    @property
    def reference(self) -> str:
        return self.reference_for(self.pk)

    @staticmethod
    def reference_for(pk: int) -> str:
        """The reference people quote, from the key alone (timelines keep only ids)."""
        return f"R-{pk:06d}"

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.status == c.ReferralStatus.PENDING and self.deadline < today


class ServiceQuerySet(models.QuerySet):
    def owed(self):
        return self.filter(delivered_on__isnull=True, cancelled=False)


class Service(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="services")
    victim = models.ForeignKey(
        Victim, null=True, blank=True, on_delete=models.SET_NULL, related_name="services"
    )
    kind = models.CharField(_("service"), max_length=16, choices=c.ServiceKind.choices)
    provider = models.ForeignKey(
        "people.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    referral = models.ForeignKey(
        Referral, null=True, blank=True, on_delete=models.SET_NULL, related_name="services"
    )
    planned_on = models.DateField(_("planned for"), null=True, blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    cancelled = models.BooleanField(default=False)
    note = EncryptedTextField(_("note"), blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["delivered_on", "planned_on", "pk"]

    def __str__(self) -> str:
        return f"service {self.pk}"
