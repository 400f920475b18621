"""The guided report by message (LAPOR / REPORT): what happened, where (an area found by name),
the recruiter's number, account or company, a photo, then a summary to confirm with YA. The
report is filed as the /lapor/ form files it (no account, ``submitted_by=None``) with the
provider as its channel, and the resident gets the receipt code.

The answers wait in ``Conversation.data`` (encrypted), one conversation per contact, forgotten
after ``EXPIRY`` of silence; BATAL ends it at any step. Each step checks its answer and, when it
cannot use it, asks again saying what to send. Replies are in the caller's active language.
The message sequence is written out in docs/channels.md.
"""

import json
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.cases import actions as cases
from sigap.cases import hashing
from sigap.channels.models import Contact, Conversation, Provider, ReportContact
from sigap.people import files
from sigap.regions.models import Level
from sigap.regions.search import AreaMatch, search_areas
from sigap.tasks import task

REPORT = "report"
EXPIRY = timedelta(hours=24)
START = {"lapor", "laporkan", "/lapor", "report", "/report"}
ENGLISH_START = {"report", "/report"}
CANCEL = {"batal", "cancel", "/batal", "/cancel"}
SKIP = {"lewati", "skip", "/lewati", "/skip", "tidak", "tidak ada", "tidak tahu", "no", "none"}
YES = {"ya", "y", "yes", "ok", "oke", "kirim", "send"}
MIN_WHAT, MAX_WHAT = 10, 2000  # characters
MAX_SUSPECT = 500
MAX_PLACE = 100  # as the area search takes
MAX_CHOICES = 5
REPORTS_PER_DAY = 3
SUMMARY_WHAT = 300  # characters of "what happened" repeated in the summary
SMS_EXCERPT = 80  # characters of each answer repeated in an SMS summary


def start_word(text: str) -> tuple[bool, bool, str]:
    """(is a start, in English, the rest of the message after the word)."""
    first, _sep, rest = text.strip()[: MAX_WHAT + 20].partition(" ")
    word = first.lower().strip(".,!:").partition("@")[0]  # Telegram's /lapor@SigapBot too
    return word in START, word in ENGLISH_START, rest.strip()


def _word(text: str) -> str:
    return text.strip()[:20].lower().strip(".,!")


def active(contact: Contact) -> Conversation | None:
    """The contact's conversation, unless it fell silent for ``EXPIRY`` (then it is deleted)."""
    found = Conversation.objects.filter(contact=contact).first()
    if found is not None and found.updated_at < timezone.now() - EXPIRY:
        found.delete()
        return None
    return found


def expire_silent() -> int:
    """Delete every conversation silent for ``EXPIRY``: unfinished answers are not kept."""
    return Conversation.objects.filter(updated_at__lt=timezone.now() - EXPIRY).delete()[0]


def reports_today(contact: Contact) -> int:
    since = timezone.now() - timedelta(days=1)
    return ReportContact.objects.filter(contact=contact, created_at__gte=since).count()


def start(contact: Contact, rest: str = "") -> str:
    """Begin (or begin again) the report; a text after the keyword answers the first step."""
    if reports_today(contact) >= REPORTS_PER_DAY:
        Conversation.objects.filter(contact=contact).delete()
        return too_many_reports_text()
    data = {"submission": uuid.uuid4().hex}
    conversation, _created = Conversation.objects.update_or_create(
        contact=contact,
        defaults={
            "flow": REPORT,
            "step": "what",
            "data": json.dumps(data),
            "updated_at": timezone.now(),
        },
    )
    intro = _(
        "Report a suspicion of human trafficking: %(n)d short questions. Send CANCEL at any "
        "time to stop."
    ) % {"n": _questions(contact)}
    if rest:
        return intro + "\n\n" + answer(conversation, text=rest)
    return intro + "\n\n" + ask_what(contact)


def answer(conversation: Conversation, *, text: str, photo_ref: str = "") -> str:
    """Take one message as the answer to the current step; the reply (the next question, the
    same one asked again, or the receipt)."""
    text = text.strip()
    if _word(text) in CANCEL:
        conversation.delete()
        return cancelled_text()
    data = json.loads(conversation.data)
    if photo_ref:
        data["photo"] = photo_ref[:500]
        if not text and conversation.step in QUESTIONS:  # a photo sent early is kept
            conversation.data = json.dumps(data, ensure_ascii=False)
            conversation.updated_at = timezone.now()
            conversation.save(update_fields=["data", "updated_at"])
            return _("Photo kept.") + " " + QUESTIONS[conversation.step](conversation.contact)
    step = STEPS.get(conversation.step, _ask_again_what)
    reply, next_step = step(conversation.contact, data, text, photo_ref[:500])
    if next_step is None:
        conversation.delete()
    else:
        conversation.step, conversation.data = next_step, json.dumps(data, ensure_ascii=False)
        conversation.updated_at = timezone.now()
        conversation.save(update_fields=["step", "data", "updated_at"])
    return reply


# ---------------------------------------------------------------------------- the steps


def _what(contact, data, text, photo_ref):
    if len(text) < MIN_WHAT:
        return _("Please tell a little more about what happened (at least %(n)d characters).") % {
            "n": MIN_WHAT
        } + "\n" + ask_what(contact), "what"
    if len(text) > MAX_WHAT:
        return _("That is too long: at most %(n)d characters. Send a shorter account.") % {
            "n": MAX_WHAT
        }, "what"
    data["what"] = text
    return ask_where(contact), "where"


def _ask_again_what(contact, data, text, photo_ref):
    return ask_what(contact), "what"


def _where(contact, data, text, photo_ref):
    choices = data.get("choices") or []
    if text.isdigit() and len(text) <= 2 and choices:
        number = int(text)
        if not 1 <= number <= len(choices):
            return _("Reply with a number from 1 to %(n)d, or send another name.") % {
                "n": len(choices)
            }, "where"
        return _picked(contact, data, *choices[number - 1])
    if not text or len(text) > MAX_PLACE:
        return ask_where(contact), "where"
    return _search(contact, data, text)


def _search(contact, data, text):
    scope = data.get("scope")
    found = search_areas(text, limit=8, scope=scope or None)
    if scope and not found:
        found = search_areas(text, limit=8)
    places = [m for m in found if m.level >= Level.DISTRICT]
    exact = [m for m in places if m.score >= 100]
    wide = [m for m in found if m.level < Level.DISTRICT and m.score >= 100]
    if len(exact) == 1 or (len(places) == 1 and not wide):
        return _picked(contact, data, (exact or places)[0].code, (exact or places)[0].display)
    if exact or (places and not wide):
        return _choices(data, exact or places)
    if wide:  # a kota or kabupaten (or two of one name): the next name is looked for inside
        data["scope"], data["choices"] = [m.code for m in wide[:3]], []
        return _(
            "%(area)s is too wide. Send the name of the kecamatan or the kelurahan/desa in "
            "%(area)s."
        ) % {"area": " / ".join(m.name for m in wide[:3])}, "where"
    return _(
        "We found no kelurahan, desa or kecamatan by that name. Check the spelling, or add the "
        "kecamatan or kota, e.g. Terjun Medan Marelan."
    ), "where"


def _choices(data, matches: list[AreaMatch]):
    shown = matches[:MAX_CHOICES]
    data["choices"] = [[m.code, m.display] for m in shown]
    lines = [_("Which area do you mean? Reply with its number:")]
    lines += [f"{i}. {m.display}" for i, m in enumerate(shown, start=1)]
    lines.append(_("Or send another name."))
    return "\n".join(lines), "where"


def _picked(contact, data, code: str, display: str):
    data.update(area=code, area_name=display)
    data.pop("choices", None)
    data.pop("scope", None)
    return _("Area: %(area)s.") % {"area": display} + "\n\n" + ask_suspect(contact), "suspect"


def _suspect(contact, data, text, photo_ref):
    if _word(text) in SKIP:
        data["suspect"] = ""
        return _after_suspect(contact, data)
    if not text:
        return ask_suspect(contact), "suspect"
    if len(text) > MAX_SUSPECT:
        return _(
            "That is too long: at most %(n)d characters. Send only the number, account or name."
        ) % {"n": MAX_SUSPECT}, "suspect"
    data["suspect"] = text
    return _after_suspect(contact, data)


def _after_suspect(contact, data):
    if contact.channel == Provider.SMS:
        return summary_text(contact, data), "confirm"
    return ask_photo(contact), "photo"


def _photo(contact, data, text, photo_ref):
    if photo_ref or _word(text) in SKIP:
        return summary_text(contact, data), "confirm"
    return _("Send a photo, or SKIP to go on without one."), "photo"


def _confirm(contact, data, text, photo_ref):
    if _word(text) in YES:
        return _file(contact, data)
    if photo_ref:
        return summary_text(contact, data), "confirm"
    return _("Send YES to send the report, or CANCEL to cancel it."), "confirm"


STEPS = {"what": _what, "where": _where, "suspect": _suspect, "photo": _photo, "confirm": _confirm}


def _file(contact, data):
    """File the report as the public form does; the link to the contact lets replies reach
    them. The same conversation confirmed twice files once (its one-time submission id)."""
    if reports_today(contact) >= REPORTS_PER_DAY:
        return too_many_reports_text(), None
    try:
        report, receipt = cases.report_submit(
            data=_report_data(contact, data),
            channel=contact.channel,
            submitted_by=None,
            submission=data["submission"],
        )
    except cases.AlreadyReceived as first:
        report, receipt = first.report, first.receipt
    except cases.AreaNotReportable:
        data.pop("area", None)
        return _("This area cannot take reports.") + "\n" + ask_where(contact), "where"
    link, _created = ReportContact.objects.get_or_create(
        report=report, defaults={"contact": contact, "photo_ref": data.get("photo", "")}
    )
    if link.photo_ref:
        transaction.on_commit(lambda: photo_attach.enqueue(link.pk))
    return receipt_text(receipt), None


def _report_data(contact: Contact, data: dict) -> dict:
    suspect = data.get("suspect", "")
    # Numbers and accounts go where the identifiers are read from; a plain name is the suspect.
    identifies = any(char.isdigit() or char == "@" for char in suspect)
    return {
        "area_id": data["area"],
        "what": data["what"],
        "suspect": "" if identifies else suspect,
        "suspect_identifiers": suspect if identifies else "",
        "contact_mask": contact.mask(),
    }


# ---------------------------------------------------------------------------- the photo


@task(retries=3, backoff_s=60)
def photo_attach(link_id: int) -> str:
    """Fetch the photo a resident sent with a report from the provider and attach it."""
    return attach_photo(link_id=link_id)


def attach_photo(*, link_id: int) -> str:
    """'attached', 'none' (no photo, or the report is gone), 'refused' (not a photo), or
    'later' (the provider's transport cannot fetch media yet: the reference is kept)."""
    from sigap.channels import transports

    link = ReportContact.objects.select_related("contact", "report").filter(pk=link_id).first()
    if link is None or not link.photo_ref:
        return "none"
    sender = transports.transport(link.contact.channel)
    if not hasattr(sender, "fetch_media"):
        return "later"
    content, content_type = sender.fetch_media(link.photo_ref)  # refused: the task retries
    upload = SimpleUploadedFile("photo", content, content_type=content_type)
    try:
        clean = files.clean(upload, images_only=True)
    except files.UploadRejected:
        clean = None
    with transaction.atomic():
        attached = clean is not None and cases.report_attach(report=link.report, clean=clean)
        ReportContact.objects.filter(pk=link.pk).update(photo_ref="")
    return "attached" if attached else "refused" if clean is None else "none"


# ---------------------------------------------------------------------------- the texts


def _url(name: str) -> str:
    return settings.SIGAP_BASE_URL.rstrip("/") + reverse(name)


def _questions(contact: Contact) -> int:
    return 3 if contact.channel == Provider.SMS else 4  # an SMS carries no photo


def _numbered(contact: Contact, number: int, text: str) -> str:
    return f"({number}/{_questions(contact)}) {text}"


def ask_what(contact: Contact) -> str:
    text = _(
        "What happened? Tell us briefly: who offered what work, where to, and what seems wrong."
    )
    return _numbered(contact, 1, text)


def ask_where(contact: Contact) -> str:
    text = _(
        "Where did it happen, or where does the person live? Send the name of the "
        "kelurahan/desa or kecamatan, e.g. Terjun or Medan Marelan."
    )
    return _numbered(contact, 2, text)


def ask_suspect(contact: Contact) -> str:
    text = _(
        "The recruiter's phone number, account or company name, if you know it. Send SKIP to skip."
    )
    return _numbered(contact, 3, text)


def ask_photo(contact: Contact) -> str:
    text = _(
        "Do you have a photo, e.g. of the job ad or the chat? Send it now, or send SKIP to skip."
    )
    return _numbered(contact, 4, text)


def summary_text(contact: Contact, data: dict) -> str:
    # An SMS summary must fit the gateway's four messages: short, plain excerpts.
    sms = contact.channel == Provider.SMS
    what = _excerpt(data["what"], SMS_EXCERPT if sms else SUMMARY_WHAT, plain=sms)
    who = _excerpt(data.get("suspect") or "-", SMS_EXCERPT if sms else MAX_SUSPECT, plain=sms)
    lines = [
        _("Your report:"),
        _("What happened: %(what)s") % {"what": what},
        _("Where: %(area)s") % {"area": data["area_name"]},
        _("Recruiter: %(who)s") % {"who": who},
        *([] if sms else [_("Photo: yes") if data.get("photo") else _("Photo: no")]),
        "",
        not_anonymous_text(contact.channel),
        "",
        _("Send YES to send the report, or CANCEL to cancel it."),
    ]
    return "\n".join(lines)


def _excerpt(text: str, most: int, *, plain: bool = False) -> str:
    if plain:
        text = text.encode("ascii", "ignore").decode()
    return text if len(text) <= most else text[: most - 3].rstrip() + "..."


def not_anonymous_text(channel: str) -> str:
    return _(
        "Please note: %(channel)s is not anonymous. Your number is kept encrypted, only so that "
        "the team's replies reach you here, and it is erased with the report. To report "
        "anonymously use %(url)s"
    ) % {"channel": Provider(channel).label, "url": _url("cases:report_public")}


def receipt_text(receipt: str) -> str:
    return _(
        "Thank you: your report was received.\n"
        "Receipt code: %(code)s\n"
        "Keep it. Send it here at any time to see your report's stage and the team's messages, "
        "or enter it at %(url)s. The team's replies also come to this chat."
    ) % {"code": hashing.format_receipt(receipt), "url": _url("cases:status")}


def cancelled_text() -> str:
    return _("Report cancelled; nothing was sent. Send REPORT to start again.")


def too_many_reports_text() -> str:
    return _(
        "You have sent %(n)d reports today, the most one number can send in a day. Send more "
        "tomorrow, or use %(url)s."
    ) % {"n": REPORTS_PER_DAY, "url": _url("cases:report_public")}


QUESTIONS = {"what": ask_what, "where": ask_where, "suspect": ask_suspect}
