"""The case-transfer file: the transfer profile's CSV, encrypted for one receiving agency.

Two ways, both openable with free tools on the other side:

* a password: an AES-256 zip (7-Zip, WinZip, ``unzip`` from p7zip), the password shown once
  to the sender, who tells it to the agency by another channel (a phone call, not the e-mail
  that carries the file);
* the agency's public key: an age file (https://age-encryption.org, ``age -d``), when the
  agency has given its ``age1...`` key.
"""

import io
import secrets

import pyrage
import pyzipper
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.cases import access as case_access
from sigap.cases.actions import ActionError
from sigap.cases.htcds import export
from sigap.cases.models import Case, CaseEvent
from sigap.people.audit import audit_personal_read, audit_record

PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read over a phone


def new_password() -> str:
    """Six groups of four (about 119 bits): long enough, and easy to dictate."""
    groups = ("".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(4)) for _ in range(6))
    return "-".join(groups)


def zip_encrypt(data: bytes, *, name: str, password: str) -> bytes:
    out = io.BytesIO()
    with pyzipper.AESZipFile(
        out, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
    ) as archive:
        archive.setpassword(password.encode())
        archive.setencryption(pyzipper.WZ_AES, nbits=256)
        archive.writestr(name, data)
    return out.getvalue()


def zip_decrypt(data: bytes, *, password: str) -> bytes:
    """The one CSV inside a transfer zip (for the import side)."""
    with pyzipper.AESZipFile(io.BytesIO(data)) as archive:
        archive.setpassword(password.encode())
        names = [n for n in archive.namelist() if not n.endswith("/")]
        if len(names) != 1:
            raise ValueError("a transfer zip holds exactly one file")
        return archive.read(names[0])


def age_encrypt(data: bytes, *, recipient: str) -> bytes:
    try:
        key = pyrage.x25519.Recipient.from_str(recipient.strip())
    except pyrage.RecipientError:
        raise ActionError(
            _("That is not an age public key: it starts with “age1” and has 62 characters.")
        ) from None
    return pyrage.encrypt(data, [key])


def _require_consent_to_share(cases) -> None:
    """Every victim of every case has a current consent to share their record."""
    missing = []
    for case in cases:
        victims = list(case.victims.all())
        shared = {
            k.victim_id for k in case.consents.all() if k.for_disclosure and not k.withdrawn_at
        }
        if not victims or any(v.pk not in shared for v in victims):
            missing.append(case.reference)
    if missing:
        raise ActionError(
            _(
                "No consent to share is recorded for every victim of %(refs)s. Record the "
                "victims' (or guardians') consent first, or leave those cases out."
            )
            % {"refs": ", ".join(missing)}
        )


@transaction.atomic
def transfer_export(*, actor, cases, agency: str, password: str = "", recipient: str = ""):
    """The encrypted transfer file of ``cases`` for ``agency``: (file name, bytes).

    Only by someone who may refer each case (who handles its area), only for cases whose
    every victim consented to sharing; each case and victim read is audited as a read of
    personal data, and the case's timeline says to whom it went."""
    cases = list(cases.prefetch_related("victims", "consents"))
    if not cases:
        raise ActionError(_("Choose at least one case."))
    if not all(case_access.can_handle_case(actor, case) for case in cases):
        raise ActionError(_("You may only transfer cases of your own area."))
    _require_consent_to_share(cases)
    ids = [case.pk for case in cases]
    data = "".join(export.csv_lines(Case.objects.filter(pk__in=ids), "transfer"))
    stamp = timezone.localdate().isoformat()
    name = f"sigap-htcds-transfer-{stamp}.csv"
    for case in cases:
        audit_personal_read(actor=actor, obj=case, reason="htcds.transfer")
        for victim in case.victims.all():
            audit_personal_read(
                actor=actor, obj=victim, area_code=case.area_id, reason="htcds.transfer"
            )
        CaseEvent.objects.create(
            case=case, actor=actor, action="case.htcds_transferred", detail={"agency": agency[:64]}
        )
    method = "age" if recipient else "zip"
    audit_record(
        actor=actor,
        action="cases.htcds_transfer",
        reason=agency,
        detail={"cases": len(ids), "encryption": method},
    )
    if recipient:
        return name + ".age", age_encrypt(data.encode("utf-8"), recipient=recipient)
    return name.removesuffix(".csv") + ".zip", zip_encrypt(
        data.encode("utf-8"), name=name, password=password
    )
