"""Community programmes: rollout, events, selection, the community registry, outreach, pacts and
kelurahan condition reports.

Every row hangs on an area (``area_id`` is a Kemendagri code), so ``sigap.people.access.area_q``
scopes every list. Participants' and members' contact details are encrypted; their names stay
plain so that a coordinator can find them (docs/decisions/0005-programme-personal-data.md).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.people.fields import EncryptedTextField

UPLOAD_TO = "programme/%Y/%m/"


class Programme(models.Model):
    class Period(models.IntegerChoices):
        MONTHLY = 1, _("Monthly")
        QUARTERLY = 3, _("Quarterly")

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    lead = models.ForeignKey(
        "people.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("lead organisation"),
    )
    partners = models.ManyToManyField(
        "people.Organisation", blank=True, related_name="+", verbose_name=_("partners")
    )
    area = models.ForeignKey(
        "regions.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("area")
    )
    legal_basis = models.TextField(_("legal basis"), blank=True)
    starts_on = models.DateField(_("starts on"), default=timezone.localdate)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    report_period = models.PositiveSmallIntegerField(
        _("condition report period"), choices=Period.choices, default=Period.MONTHLY
    )
    report_due_days = models.PositiveSmallIntegerField(
        _("days to file after the period ends"), default=10
    )
    # No condition reports before this date; empty means the programme asks for none.
    reports_start = models.DateField(_("condition reports start"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name


class ReferenceLetter(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="letters")
    number = models.CharField(_("letter number"), max_length=120)
    dated = models.DateField(_("date"))
    issuer = models.CharField(_("issued by"), max_length=200)
    title = models.CharField(_("subject"), max_length=300, blank=True)
    # The signed letter as scanned, through the upload pipeline (sigap.people.files): the name of
    # an encrypted file, and its type as its bytes showed.
    scan = models.FileField(_("scan"), upload_to=UPLOAD_TO, blank=True)
    scan_type = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["dated"]

    def __str__(self) -> str:
        return self.number


class Phase(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="phases")
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    areas = models.ManyToManyField("regions.Area", through="TargetArea", related_name="+")

    class Meta:
        ordering = ["programme", "order", "starts_on"]

    def __str__(self) -> str:
        return self.name


class TargetArea(models.Model):
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="targets")
    area = models.ForeignKey("regions.Area", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["area_id"]
        constraints = [
            models.UniqueConstraint(fields=["phase", "area"], name="target_unique_area"),
        ]

    def __str__(self) -> str:
        return f"{self.phase_id}:{self.area_id}"


class EventKind(models.TextChoices):
    SOSIALISASI = "sosialisasi", _("Sosialisasi")
    PELATIHAN = "pelatihan", _("Training (pelatihan)")
    RAKOR = "rakor", _("Coordination meeting (rakor)")
    AUDIENSI = "audiensi", _("Hearing (audiensi)")
    DISKUSI = "diskusi", _("Participatory discussion")


class EventQuerySet(models.QuerySet):
    def held_by(self, day):
        return self.filter(starts_on__lte=day)


class Event(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("type"), max_length=16, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=200)
    area = models.ForeignKey(
        "regions.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("area")
    )
    venue = models.CharField(_("venue"), max_length=200)
    starts_on = models.DateField(_("first day"))
    days = models.PositiveSmallIntegerField(_("number of days"), default=1)
    organisers = models.ManyToManyField(
        "people.Organisation", blank=True, related_name="+", verbose_name=_("organisers")
    )
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    test_max = models.PositiveSmallIntegerField(_("highest test score"), default=100)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        indexes = [
            # Coverage counts a programme's held events per area.
            models.Index(fields=["programme", "area", "starts_on"], name="event_prog_area"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def day_numbers(self) -> list[int]:
        return list(range(1, self.days + 1))


class Speaker(models.Model):
    class Kind(models.TextChoices):
        ACADEMIC = "academic", _("Academic")
        PRACTITIONER = "practitioner", _("Practitioner")
        OFFICIAL = "official", _("Government official")
        OTHER = "other", _("Other")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.OTHER)
    position = models.CharField(_("position"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    topic = models.CharField(_("topic"), max_length=200, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Material(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=UPLOAD_TO)
    content_type = models.CharField(max_length=40)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class Sex(models.TextChoices):
    FEMALE = "p", _("Female")
    MALE = "l", _("Male")


class Participant(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    number = models.PositiveIntegerField(_("no."))
    name = models.CharField(_("name"), max_length=200)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    position = models.CharField(_("position / occupation"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation / community"), max_length=200, blank=True)
    area = models.ForeignKey(
        "regions.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("home kelurahan"),
    )
    phone = EncryptedTextField(_("phone"), blank=True, default="")
    at_door = models.BooleanField(_("registered at the door"), default=False)
    pre_score = models.PositiveSmallIntegerField(_("pre-test"), null=True, blank=True)
    post_score = models.PositiveSmallIntegerField(_("post-test"), null=True, blank=True)
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["event", "number"]
        constraints = [
            models.UniqueConstraint(fields=["event", "number"], name="participant_number"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def gain(self) -> int | None:
        if self.pre_score is None or self.post_score is None:
            return None
        return self.post_score - self.pre_score


class Attendance(models.Model):
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="attendance"
    )
    day = models.PositiveSmallIntegerField(_("day"))

    class Meta:
        ordering = ["participant", "day"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "day"], name="attendance_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} day {self.day}"


class FollowUp(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="follow_ups")
    action = models.CharField(_("action"), max_length=300)
    owner = models.CharField(_("owner"), max_length=200)
    due_on = models.DateField(_("due date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.action


class Criterion(models.Model):
    """One line of the selection rubric a coordinator defines for a programme."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=200)
    max_score = models.PositiveSmallIntegerField(_("highest score"), default=5)
    order = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["programme", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class CommunityRole(models.TextChoices):
    AMBASSADOR = "ambassador", _("Duta Anti Trafficking")
    FKDM = "fkdm", _("FKDM member")
    RELAWAN = "relawan", _("Relawan")


class Nomination(models.Model):
    class Status(models.TextChoices):
        NOMINATED = "nominated", _("Nominated")
        SELECTED = "selected", _("Selected")
        NOT_SELECTED = "not_selected", _("Not selected")

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="nomination"
    )
    role = models.CharField(_("role"), max_length=16, choices=CommunityRole.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NOMINATED
    )
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # The candidate's answer to the nomination: None until they give it. Only candidates who
    # accepted stand in the vote.
    accepted = models.BooleanField(_("accepted the nomination"), null=True, blank=True)
    # Votes are counters, not rows: nothing links a participant to the candidate they chose.
    phone_votes = models.PositiveIntegerField(_("votes by phone"), default=0)
    paper_votes = models.PositiveIntegerField(_("votes on paper"), default=0)

    class Meta:
        ordering = ["participant__number"]

    def __str__(self) -> str:
        return f"{self.participant_id} ({self.role})"


class Poll(models.Model):
    """The participatory part of an event's selection: participants nominate and vote on their
    own phones with the event's code and their own, or on paper (entered as one tally)."""

    class Stage(models.TextChoices):
        NOMINATING = "nominating", _("Nominations open")
        VOTING = "voting", _("Voting open")
        CLOSED = "closed", _("Closed")

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="poll")
    code = models.CharField(_("event code"), max_length=8, unique=True)
    stage = models.CharField(
        _("stage"), max_length=12, choices=Stage.choices, default=Stage.NOMINATING
    )
    # Percent of the combined result that comes from the rubric; the rest from the votes.
    rubric_weight = models.PositiveSmallIntegerField(_("weight of the rubric (%)"), default=50)
    paper_ballots = models.PositiveIntegerField(_("paper ballots counted"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.code


class Voter(models.Model):
    """A participant's personal code for an event's poll (printed on the attendance list)."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="voters")
    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="voter")
    code = models.CharField(_("personal code"), max_length=8)
    nominated = models.ForeignKey(
        Nomination, null=True, blank=True, on_delete=models.SET_NULL, related_name="nominators"
    )
    # How this participant voted ("phone" or "paper"; empty: not yet); never for whom.
    ballot = models.CharField(max_length=5, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["poll", "code"], name="voter_code_per_poll"),
        ]

    def __str__(self) -> str:
        return f"{self.poll_id}:{self.participant_id}"


class Score(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField(_("score"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["nomination", "criterion"], name="score_once"),
        ]

    def __str__(self) -> str:
        return f"{self.nomination_id}:{self.criterion_id}={self.value}"


class MemberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Member.Status.ACTIVE)


class Member(models.Model):
    """The registry of community members: ambassadors, FKDM members and relawan."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        INACTIVE = "inactive", _("Inactive")
        ENDED = "ended", _("Ended")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=200)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    role = models.CharField(_("role"), max_length=16, choices=CommunityRole.choices)
    area = models.ForeignKey(
        "regions.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("area")
    )
    phone = EncryptedTextField(_("phone"), blank=True, default="")
    term_starts = models.DateField(_("term starts"))
    term_ends = models.DateField(_("term ends"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    appointment_letter = models.CharField(_("appointment letter (SK) number"), max_length=120)
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="community_roles",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["area_id", "role", "name"]
        indexes = [
            # Coverage and pact fulfilment count a programme's active members per area.
            models.Index(fields=["programme", "status", "area"], name="member_prog_status_area"),
        ]

    def __str__(self) -> str:
        return self.name


class VenueType(models.TextChoices):
    SCHOOL = "school", _("School / campus")
    POSYANDU = "posyandu", _("Posyandu")
    RELIGIOUS = "religious", _("Pengajian / church group")
    RT_RW = "rt_rw", _("RT/RW meeting")
    ONLINE = "online", _("Online")
    OTHER = "other", _("Other")


class Topic(models.TextChoices):
    ONLINE_RECRUITMENT = "online_recruitment", _("Online recruitment")
    SAFE_MIGRATION = "safe_migration", _("Safe migration")
    CHILD_PROTECTION = "child_protection", _("Child protection")
    REPORTING = "reporting", _("Where to report")
    REFUGEES = "refugees", _("Refugees")
    OTHER = "other", _("Other")


AUDIENCE_FIELDS = ("children_f", "children_m", "youth_f", "youth_m", "adults_f", "adults_m")


class Outreach(models.Model):
    """One socialisation session an ambassador or relawan held."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="outreach")
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="outreach"
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    area = models.ForeignKey(
        "regions.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("kelurahan")
    )
    held_on = models.DateField(_("date"))
    venue_type = models.CharField(_("place"), max_length=16, choices=VenueType.choices)
    children_f = models.PositiveIntegerField(_("girls (under 18)"), default=0)
    children_m = models.PositiveIntegerField(_("boys (under 18)"), default=0)
    youth_f = models.PositiveIntegerField(_("young women (18–24)"), default=0)
    youth_m = models.PositiveIntegerField(_("young men (18–24)"), default=0)
    adults_f = models.PositiveIntegerField(_("women (25+)"), default=0)
    adults_m = models.PositiveIntegerField(_("men (25+)"), default=0)
    topics = models.JSONField(_("topics"), default=list)
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    # Files here hold the name of an encrypted, metadata-free file (sigap.people.files).
    photo = models.FileField(_("photo"), upload_to=UPLOAD_TO, blank=True)
    photo_type = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Raised by one on each save; an edit based on an older version is refused (docs/offline.md).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [
            # Reach statistics sum a programme's sessions per area.
            models.Index(fields=["programme", "area"], name="outreach_prog_area"),
        ]

    def __str__(self) -> str:
        return f"{self.area_id} {self.held_on}"

    @property
    def audience(self) -> int:
        return sum(getattr(self, f) for f in AUDIENCE_FIELDS)


class Pact(models.Model):
    """A kelurahan's Pakta Integritas."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="pacts")
    area = models.ForeignKey(
        "regions.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("kelurahan")
    )
    signed_on = models.DateField(_("signed on"))
    # The audiensi at which it was signed, if recorded as an event.
    event = models.ForeignKey(
        Event,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pacts",
        verbose_name=_("signed at the event"),
    )
    document = models.FileField(_("scanned document"), upload_to=UPLOAD_TO, blank=True)
    document_type = models.CharField(max_length=40, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["area_id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "area"], name="pact_one_per_area"),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id}:{self.area_id}"


class Signatory(models.Model):
    pact = models.ForeignKey(Pact, on_delete=models.CASCADE, related_name="signatories")
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Commitment(models.Model):
    class Kind(models.TextChoices):
        VOLUNTEERS = "volunteers", _("Form kelurahan volunteers")
        MONITORING = "monitoring", _("Monitor the kelurahan")
        CONDITIONS = "conditions", _("Report the kelurahan's conditions every period")
        OTHER = "other", _("Other commitment")

    pact = models.ForeignKey(Pact, on_delete=models.CASCADE, related_name="commitments")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    text = models.CharField(_("commitment"), max_length=300)
    target = models.PositiveIntegerField(_("target"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text


class Stakeholder(models.Model):
    """An organisation in a programme's community (a kelurahan, an OPD, Polresta, a campus, the
    LPA) with the person who represents it. The representative's contact details are personal
    data: encrypted, and every page that shows them records the read."""

    class Kind(models.TextChoices):
        KELURAHAN = "kelurahan", _("Kelurahan / desa government")
        KECAMATAN = "kecamatan", _("Kecamatan government")
        OPD = "opd", _("City agency (OPD)")
        POLICE = "police", _("Police")
        ACADEMIC = "academic", _("Academic / campus")
        PRACTITIONER = "practitioner", _("Practitioner")
        NGO = "ngo", _("NGO / community organisation")
        OTHER = "other", _("Other")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="stakeholders")
    organisation = models.CharField(_("organisation"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    role = models.CharField(_("role in the community"), max_length=200, blank=True)
    area = models.ForeignKey(
        "regions.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("area")
    )
    representative = models.CharField(_("representative"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    phone = EncryptedTextField(_("phone"), blank=True, default="")
    email = EncryptedTextField(_("e-mail"), blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "organisation"]

    def __str__(self) -> str:
        return self.organisation


class StakeholderAttendance(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="stakeholders")
    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="attendance"
    )
    # Who came for the organisation when it was not the usual representative.
    attended_by = models.CharField(_("represented by"), max_length=200, blank=True)

    class Meta:
        ordering = ["stakeholder__kind", "stakeholder__organisation"]
        constraints = [
            models.UniqueConstraint(fields=["event", "stakeholder"], name="stakeholder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id}:{self.stakeholder_id}"


class StakeholderCommitment(models.Model):
    """What a stakeholder promised, usually at a rakor or audiensi, and whether it was done."""

    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="commitments"
    )
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="commitments"
    )
    text = models.CharField(_("commitment"), max_length=300)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.text


class Indicator(models.Model):
    """One typed question of a programme's condition report."""

    class Kind(models.TextChoices):
        NUMBER = "number", _("Number")
        YES_NO = "yes_no", _("Yes / no")
        TEXT = "text", _("Text")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="indicators")
    key = models.SlugField(_("key"), max_length=60)
    label = models.CharField(_("question"), max_length=200)
    kind = models.CharField(_("answer type"), max_length=8, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["programme", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "key"], name="indicator_key"),
        ]

    def __str__(self) -> str:
        return self.label


class ConditionReportQuerySet(models.QuerySet):
    def late(self):
        return self.filter(filed_on__gt=F("due_on"))

    def confirmed(self):
        return self.filter(status=ConditionReport.Status.CONFIRMED)

    def on_time(self):
        return self.filter(filed_on__lte=F("due_on"))


class ConditionReport(models.Model):
    class Status(models.TextChoices):
        FILED = "filed", _("Filed, awaiting confirmation")
        CONFIRMED = "confirmed", _("Confirmed")

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="condition_reports"
    )
    area = models.ForeignKey(
        "regions.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("kelurahan")
    )
    period_start = models.DateField(_("period"))
    due_on = models.DateField(_("due date"))
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.FILED)
    # The local date it was (last) filed: what "on time" compares with the due date.
    filed_on = models.DateField(_("filed on"))
    filed_at = models.DateTimeField(default=timezone.now)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Raised by one on each filing; a correction based on an older version is refused.
    version = models.PositiveIntegerField(default=1)

    objects = ConditionReportQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "area_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "area", "period_start"], name="condition_once_per_period"
            ),
        ]
        indexes = [
            # The missing/late list reads one programme's reports over a range of periods.
            models.Index(fields=["programme", "period_start"], name="condition_prog_period"),
        ]

    def __str__(self) -> str:
        return f"{self.area_id} {self.period_start:%Y-%m}"


class ConditionValue(models.Model):
    """One answer, in the column of its type, so numbers stay numbers for early warning."""

    report = models.ForeignKey(ConditionReport, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    number = models.BigIntegerField(null=True, blank=True)
    flag = models.BooleanField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="condition_value_once"),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__gte=0), name="condition_number_ge_0"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_id}:{self.indicator_id}"

    @property
    def value(self):
        if self.indicator.kind == Indicator.Kind.NUMBER:
            return self.number
        if self.indicator.kind == Indicator.Kind.YES_NO:
            return self.flag
        return self.text


class Reminder(models.Model):
    """A condition-report reminder already sent: makes the reminder command idempotent."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    area = models.ForeignKey("regions.Area", on_delete=models.CASCADE, related_name="+")
    period_start = models.DateField()
    kind = models.CharField(max_length=8)  # "due" or "late"
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "area", "period_start", "kind"], name="reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.area_id} {self.period_start}"


class Submission(models.Model):
    """A form or API request that was carried out, by its submission id: the same id sent
    again (an outbox retrying, a double tap) is answered with the first result instead of a
    second record (docs/offline.md). Holds ids and a hash of the content, never the content."""

    class Kind(models.TextChoices):
        CONDITION = "condition", _("condition report")
        OUTREACH = "outreach", _("outreach session")
        ATTENDANCE = "attendance", _("attendance")
        REGISTRATION = "registration", _("registration")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=32)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # SHA-256 of the normalised content and the files' SHA-256 (sigap.lib.fingerprint).
    fingerprint = models.CharField(max_length=64)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    # Where the page went and what it said the first time, for a replay.
    location = models.CharField(max_length=300, blank=True)
    message = models.CharField(max_length=300, blank=True)
    # The API's first answer, for a replay over the API.
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    body = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # Also the index every lookup by (user, key) uses.
            models.UniqueConstraint(fields=["user", "key"], name="submission_once_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"
