"""What a resident's message asks for, and the answer's text: help, stop, a receipt code's
stage, or a job post's Cek Lowongan level with its top reasons.

Nothing personal is answered except to the holder of a receipt code, who sees what the status
page shows them. Replies are in Indonesian, in English when the resident writes English.
"""

import re

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sigap.cases import hashing
from sigap.cases.models import Report
from sigap.jobcheck import actions as jobcheck
from sigap.jobcheck import display
from sigap.jobcheck.models import Source

STOP = {"stop", "berhenti", "unsubscribe", "/stop"}
START = {"mulai", "start", "/start"}
HELP = {"help", "bantuan", "menu", "info", "halo", "hai", "hi", "hello", "/help", "?"}
CHECK = {"cek", "check", "/cek", "/check"}
REPLY = {"balas", "reply", "/balas", "/reply"}
MAX_REPLY_BODY = 2000  # characters, as the status page's message form takes
MIN_POST = 40  # characters: a shorter text that is no command is not taken for a job post
MAX_TEXT = 20_000  # as on the Cek Lowongan page
TOP_REASONS = 3
# Bounded and anchored: a code of 16 digits, grouped with spaces or dashes.
RECEIPT = re.compile(r"[\d][\d \-]{14,38}[\d]")
STRENGTH = {"strong": 0, "medium": 1, "weak": 2}
ENGLISH = {"the", "is", "job", "check", "help", "my", "hello", "hi", "please", "you", "and"}
INDONESIAN = {"yang", "dan", "di", "ini", "kerja", "cek", "saya", "bantuan", "tolong", "halo"}


def language(text: str, hint: str = "") -> str:
    """'en' when the words are more English than Indonesian, else 'id'."""
    words = set(re.findall(r"[a-z]{2,12}", text[:2000].lower()))
    english, indonesian = len(words & ENGLISH), len(words & INDONESIAN)
    if english == indonesian:
        return "en" if hint.startswith("en") and not indonesian else "id"
    return "en" if english > indonesian else "id"


def command(text: str) -> tuple[str, str]:
    """(what, argument): what is stop, start, help, status, check, reply or unknown."""
    stripped = text.strip()
    first, _sep, rest = stripped.partition(" ")
    word = first.lower().strip(".,!")
    if word in STOP and not rest:
        return "stop", ""
    if word in START and not rest:
        return "start", ""
    if word in CHECK:
        return "check", rest.strip()
    if word in REPLY:
        return "reply", rest.strip()
    if RECEIPT.fullmatch(stripped) and hashing.clean_receipt(stripped):
        return "status", hashing.clean_receipt(stripped)
    if len(stripped) >= MIN_POST:
        return "check", stripped
    return "help" if word in HELP or not stripped else "unknown", ""


def help_text() -> str:
    return _(
        "SIGAP, against human trafficking.\n"
        "- Send LAPOR to report a suspicion, in a few short questions.\n"
        "- Send CEK and paste a job offer: we check it for signs of trafficking.\n"
        "- Send your 16-digit receipt code: we tell you your report's stage.\n"
        "- Send STOP to receive nothing more.\n"
        "WhatsApp and Telegram are not anonymous: your number is personal data, kept only "
        "encrypted, to answer you. To report anonymously use %(url)s"
    ) % {"url": f"{settings.SIGAP_BASE_URL}/lapor/"}


def too_many_text(minutes: int) -> str:
    return _(
        "You sent many messages in a short time. Wait %(minutes)d minutes, then send again."
    ) % {"minutes": minutes}


def team_message_text(report: Report, body: str) -> str:
    """The team's message to the reporter, as it reaches them by message."""
    day = date_format(timezone.localtime(report.created_at), "j F Y")
    text = _("Message from the SIGAP team about your report of %(day)s:\n%(body)s") % {
        "day": day,
        "body": body,
    }
    return text + "\n\n" + _("To answer the team, send REPLY and your message.")


def reply_sent_text() -> str:
    return _("Your message was passed to the team handling your report.")


def reply_prompt() -> str:
    return _("Write your message after REPLY in one message, e.g. REPLY The agent called again.")


def no_report_text() -> str:
    return _(
        "No report was filed from this number, so there is nobody to pass the message to. "
        "Send REPORT to report."
    )


def unknown_text() -> str:
    return _("Sorry, we did not understand that.") + "\n" + help_text()


def stop_text() -> str:
    return _("You will receive no more messages from SIGAP. Send MULAI to start again.")


def check_prompt() -> str:
    return _("Paste the job offer after CEK in one message, e.g. CEK Dicari TKW ke Malaysia...")


def check_text(post: str) -> str:
    result = jobcheck.check_screen(text=post[:MAX_TEXT], source=Source.MESSAGE)
    reasons = sorted(result.risk_reasons, key=lambda r: STRENGTH.get(r.strength, 3))
    lines = [_("Cek Lowongan: %(level)s") % {"level": display.level_label(result.level)}]
    if reasons:
        lines.append(_("Main reasons:"))
        lines += [f"- {display.pick(r.flag, 'title')}" for r in reasons[:TOP_REASONS]]
    else:
        lines.append(_("No sign of trafficking found; stay careful."))
    url = f"{settings.SIGAP_BASE_URL}/cek-lowongan/"
    lines.append(_("The full explanation: %(url)s") % {"url": url})
    return "\n".join(lines)


STAGES = {
    "closed": gettext_noop("Handled and closed"),
    "handled": gettext_noop("Being handled by the team"),
    "reviewed": gettext_noop("Reviewed by the team"),
    "received": gettext_noop("Received, waiting for review"),
}


def status_text(code: str) -> str:
    """The stage and the team's latest message, as the status page shows them; one answer for
    every unknown code."""
    report = Report.objects.with_receipt(code).first()
    if report is None:
        return _("No report matches this code. Check the 16 digits and try again.")
    if report.receipt_hash != hashing.receipt_hash(code):
        # Found under an older key of the ring: re-keyed now, as the status page does.
        Report.objects.filter(pk=report.pk).update(receipt_hash=hashing.receipt_hash(code))
    lines = [_("Status") + ": " + _(STAGES[report.public_status])]
    last = report.messages.filter(from_reporter=False).order_by("-created_at", "-pk").first()
    if last is not None:
        lines.append(_("The team's latest message: %(body)s") % {"body": last.body})
    return "\n".join(lines)
