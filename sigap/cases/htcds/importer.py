"""An HTCDS 2.0 file from another agency becomes cases, victims, consents and referrals.

Two steps. ``preview`` reads the file (CSV in UTF-8, the standard's XLSForm export as .xlsx, or
a case-transfer zip with its password) and says what maps where, which columns and values it
does not know, which rows would duplicate a victim already in SIGAP (by keyed hash) and what is
wrong, per row and cell, in words. ``commit`` writes every row in one transaction, or nothing:
it refuses a preview with any error. One row is one victim and one case (HTCDS has no case
identifier to group victims by).
"""

import csv
import io
import secrets
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.cases import choices as c
from sigap.cases.actions import ActionError
from sigap.cases.htcds import transfer
from sigap.cases.htcds.columns import COLUMNS, NOT_KEPT, XLSFORM_ALIASES, area_zone
from sigap.cases.models import (
    Case,
    CaseEvent,
    Consent,
    Referral,
    Victim,
    victim_identity_hash,
    victim_identity_hashes,
)
from sigap.people import access
from sigap.people.audit import audit_record
from sigap.people.fields import data_cipher
from sigap.people.models import Organisation, OrgType
from sigap.regions.models import Area

MAX_ROWS = 10_000  # a larger file is refused: split it (each part is all-or-nothing)
MAX_CELL = 2_000
REQUIRED = ("vic_TraffickingStatus",)
CASE_STATUS = {
    "Active": c.CaseStatus.NEW,
    "FollowUp": c.CaseStatus.SERVICES,
    "Closed": c.CaseStatus.CLOSED,
    "ClosedReferred": c.CaseStatus.CLOSED_REFERRED,
}
TRUE, FALSE = {"true", "yes", "ya", "1", "benar"}, {"false", "no", "tidak", "0", "salah", ""}
_PHONE_CHARS = set("0123456789 ()-./")
COUNTRIES = frozenset(c.Country.values)


class FileError(ActionError):
    """The file as a whole cannot be read; nothing was imported."""


@dataclass(frozen=True)
class Problem:
    row: int  # the spreadsheet's row number (the header is row 1); 0 for the whole file
    column: str
    message: str


@dataclass
class Preview:
    mapped: list[tuple[str, str]] = field(default_factory=list)  # (file's column, HTCDS field)
    ignored: list[str] = field(default_factory=list)  # HTCDS fields SIGAP does not keep
    unknown: list[str] = field(default_factory=list)  # not HTCDS fields
    rows: list[tuple[int, dict]] = field(default_factory=list)  # (row number, parsed values)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    duplicates: dict[int, str] = field(default_factory=dict)  # row -> what it duplicates

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


# ---------------------------------------------------------------------------- reading


def read_table(data: bytes, *, password: str = "") -> tuple[list, Iterator[list]]:
    """The header and the rows of a CSV, an .xlsx or a transfer zip (decrypted)."""
    if data[:4] == b"PK\x03\x04":
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            raise FileError(_("The file is damaged: it cannot be opened as a zip.")) from None
        if "[Content_Types].xml" in names:
            return _xlsx_rows(data)
        data = _unzip(data, password)
    return _csv_rows(data)


def plain_bytes(data: bytes, *, password: str = "") -> bytes:
    """The file as it reads without a password (a transfer zip's CSV, decrypted)."""
    if data[:4] == b"PK\x03\x04":
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        if "[Content_Types].xml" not in names:
            return _unzip(data, password)
    return data


def _unzip(data: bytes, password: str) -> bytes:
    if not password:
        raise FileError(_("This file is encrypted: type the password the agency told you."))
    try:
        return transfer.zip_decrypt(data, password=password)
    except (RuntimeError, ValueError, zipfile.BadZipFile):
        raise FileError(
            _("The password does not open this file. Check it with the sending agency.")
        ) from None


def _csv_rows(data: bytes):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FileError(
            _(
                "The file is not in UTF-8 (line %(line)s). Save it again as “CSV UTF-8” and "
                "upload it again."
            )
            % {"line": line}
        ) from None
    if "\x00" in text:
        raise FileError(_("The file holds binary data: upload a CSV or .xlsx file."))
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        raise FileError(_("The file is empty."))
    return header, reader


def _xlsx_rows(data: bytes):
    import openpyxl  # only an .xlsx upload pays for loading it

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds on a broken workbook
        raise FileError(_("The .xlsx file cannot be read. Open and save it again.")) from None
    rows = book.worksheets[0].iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise FileError(_("The file is empty."))
    return list(header), rows


# ---------------------------------------------------------------------------- columns


def map_header(header: list, preview: Preview) -> dict[int, str]:
    """Column index -> HTCDS field; fills the preview's mapped, ignored and unknown lists."""
    by_lower = {name.lower(): name for name in COLUMNS}
    not_kept = {name.lower() for name in NOT_KEPT}
    found: dict[int, str] = {}
    for index, raw in enumerate(header):
        name = str(raw or "").strip()
        name = XLSFORM_ALIASES.get(name, name)
        target = by_lower.get(name.lower())
        if target in found.values():
            preview.errors.append(Problem(1, name, _("This column appears twice.")))
        elif target:
            found[index] = target
            preview.mapped.append((str(raw).strip(), target))
        elif name.lower() in not_kept or not name:
            preview.ignored.append(name)
        else:
            preview.unknown.append(name)
    for required in REQUIRED:
        if required not in found.values():
            preview.errors.append(Problem(1, required, _(
                "The required column %(column)s is missing. The first row must hold HTCDS 2.0 "
                "field names, as a SIGAP case-transfer file or the standard's template has."
            ) % {"column": required}))  # fmt: skip
    return found


# ---------------------------------------------------------------------------- cells


class CellError(ValueError):
    pass


def _text(value) -> str:
    """A cell as text; a formula is refused, our own export's apostrophe taken off."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = "" if value is None else str(value).strip()
    if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@"):
        return text[1:]
    if text[:1] in ("=", "@") or (text[:1] in ("+", "-") and not set(text[1:]) <= _PHONE_CHARS):
        raise CellError(
            _(
                "This cell holds a formula (it starts with “%(char)s”). SIGAP does not run "
                "formulas: type the value itself."
            )
            % {"char": text[:1]}
        )
    if len(text) > MAX_CELL:
        raise CellError(_("This cell is longer than %(n)s characters.") % {"n": MAX_CELL})
    return text


def _one_of(text: str, column) -> str:
    if text not in column.choices:
        allowed = ", ".join(sorted(column.choices))
        raise CellError(
            _("“%(value)s” is not an HTCDS value of %(column)s. Use one of: %(allowed)s.")
            % {"value": text, "column": column.name, "allowed": allowed}
        )
    return text


def _date(value, text: str) -> date | None:
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        if not text:
            return None
        try:
            value = date.fromisoformat(text[:10])
        except ValueError:
            raise CellError(
                _("“%(value)s” is not a date: write it as YYYY-MM-DD, e.g. 2025-03-31.")
                % {"value": text}
            ) from None
    if value > timezone.localdate():
        raise CellError(_("%(date)s is in the future.") % {"date": value.isoformat()})
    if value.year < 1900:
        raise CellError(_("%(date)s is too far in the past.") % {"date": value.isoformat()})
    return value


def _age(text: str):
    if not text:
        return None
    try:
        age = int(float(text))
    except ValueError:
        raise CellError(_("“%(value)s” is not an age in years.") % {"value": text}) from None
    if not 0 <= age <= 120:
        raise CellError(_("An age must be between 0 and 120."))
    return age


def _bool(text: str) -> bool:
    if text.lower() in TRUE | FALSE:
        return text.lower() in TRUE
    raise CellError(_("“%(value)s” is not true or false.") % {"value": text})


def _country(text: str) -> str:
    if len(text) != 2 or not text.isascii() or not text.isalpha():
        raise CellError(
            _("“%(value)s” is not an ISO 3166 country code (two letters, e.g. MY).")
            % {"value": text}
        )
    return text.upper()


def _place(text: str) -> str:
    """An area code (checked against the areas later) or a country code."""
    if text[:2].isdigit():
        return text
    return _country(text)


def parse_cell(column, value):
    text = _text(value)
    kind = column.kind
    if kind == "text":
        return text
    if kind == "date":
        return _date(value, text)
    if not text:
        return [] if kind in ("multi", "countries") else (False if kind == "bool" else "")
    if kind == "pick":
        return _one_of(text, column)
    if kind == "multi":
        parts = text.replace(";", " ").replace(",", " ").split()
        return list(dict.fromkeys(_one_of(part, column) for part in parts))
    if kind == "countries":
        return [_country(part) for part in text.replace(";", " ").split()]
    return {"bool": _bool, "age": _age, "country": _country, "place": _place}[kind](text)


# ---------------------------------------------------------------------------- preview


def preview(data: bytes, *, password: str = "", progress: Callable | None = None) -> Preview:
    """Everything the import would do, and everything wrong with the file, without writing.
    ``progress(rows read)`` is called after each 1,000 rows."""
    result = Preview()
    try:
        header, rows = read_table(data, password=password)
    except FileError as error:
        result.errors.append(Problem(0, "", str(error)))
        return result
    found = map_header(header, result)
    if result.errors:
        return result
    try:
        for number, raw in enumerate(rows, start=2):
            if not any(v not in (None, "") for v in raw):
                continue
            if len(result.rows) == MAX_ROWS:
                raise FileError(_(
                    "The file has more than %(max)s rows. Split it into files of at most "
                    "%(max)s rows and import them one after the other."
                ) % {"max": f"{MAX_ROWS:,}".replace(",", ".")})  # fmt: skip
            result.rows.append((number, _parse_row(number, raw, found, result)))
            if progress and len(result.rows) % 1000 == 0:
                progress(len(result.rows))
    except (FileError, csv.Error) as error:
        message = str(error) if isinstance(error, FileError) else _(
            "After row %(row)s the file cannot be read as CSV (a cell too long, or quotes that "
            "do not close). Save it again as “CSV UTF-8”."
        ) % {"row": result.rows[-1][0] if result.rows else 1}  # fmt: skip
        result.errors.append(Problem(0, "", message))
        result.rows.clear()
        return result
    _check_places(result)
    _find_duplicates(result)
    return result


def _parse_row(number: int, raw, found: dict[int, str], result: Preview) -> dict:
    values = {}
    for index, name in found.items():
        column = COLUMNS[name]
        try:
            values[name] = parse_cell(column, raw[index] if index < len(raw) else None)
        except CellError as error:
            result.errors.append(Problem(number, name, str(error)))
    if not values.get("vic_TraffickingStatus") and "vic_TraffickingStatus" in values:
        result.errors.append(
            Problem(number, "vic_TraffickingStatus", _("The trafficking status is required."))
        )
    _warn_lossy(number, values, result)
    return values


def _warn_lossy(number: int, values: dict, result: Preview) -> None:
    if len(values.get("prs_Citizenship") or []) > 1:
        result.warnings.append(Problem(number, "prs_Citizenship", _(
            "SIGAP keeps one citizenship: the first is kept."
        )))  # fmt: skip
    country = values.get("hte_Country")
    if country and country not in COUNTRIES:
        result.warnings.append(Problem(number, "hte_Country", _(
            "%(code)s is not on SIGAP's list of countries: kept as “another country”."
        ) % {"code": country}))  # fmt: skip
        values["hte_Country"] = c.Country.OTHER


def _check_places(result: Preview) -> None:
    """Area codes must be SIGAP areas; countries must be on SIGAP's list."""
    names = ("vic_LocationOfRecruitment", "vic_LocationOfExploitation")
    codes = {v[n] for _, v in result.rows for n in names if v.get(n, "")[:2].isdigit()}
    known = set(Area.objects.filter(code__in=codes).values_list("code", flat=True))
    for number, values in result.rows:
        for name in names:
            place = values.get(name, "")
            if place[:2].isdigit() and place not in known:
                result.errors.append(Problem(number, name, _(
                    "%(code)s is not a Kemendagri area code SIGAP knows."
                ) % {"code": place}))  # fmt: skip
            elif place and not place[:2].isdigit() and place not in COUNTRIES:
                values[name] = c.Country.OTHER


def _identity_args(values: dict) -> dict:
    birthdate = values.get("prs_Birthdate")
    return {
        "nik": values.get("prs_IdentityNumber", ""),
        "first_name": values.get("prs_FirstName", ""),
        "second_name": values.get("prs_SecondName", ""),
        "birth_year": birthdate.year if birthdate else _birth_year(values),
    }


def _find_duplicates(result: Preview) -> None:
    """Rows whose victim is in SIGAP already (its hash under any key of the ring), or on an
    earlier row of the file."""
    row_hashes = {n: victim_identity_hashes(**_identity_args(v)) for n, v in result.rows}
    wanted = [h for hashes in row_hashes.values() for h in hashes]
    existing: dict[str, int] = {}
    for start in range(0, len(wanted), 1000):
        chunk = wanted[start : start + 1000]
        rows = Victim.objects.filter(identity_hash__in=chunk).values_list("identity_hash", "case")
        existing.update(rows)
    first_row: dict[str, int] = {}
    for number, hashes in row_hashes.items():
        case_id = next((existing[h] for h in hashes if h in existing), None)
        if case_id is not None:
            result.duplicates[number] = _("a victim of case %(ref)s") % {
                "ref": Case.reference_for(case_id)
            }
        elif hashes and hashes[0] in first_row:
            result.duplicates[number] = _("row %(n)s of this file") % {"n": first_row[hashes[0]]}
        elif hashes:
            first_row[hashes[0]] = number


# ---------------------------------------------------------------------------- waiting file


def store_pending(data: bytes) -> str:
    """Keep a previewed file, encrypted, until its commit (which deletes it): the storage
    (disk or S3) only ever holds ciphertext."""
    name = f"htcds-imports/{secrets.token_hex(16)}"
    return default_storage.save(name, ContentFile(data_cipher().encrypt(data)))


def read_pending(name: str) -> bytes:
    with default_storage.open(name) as stored:
        return data_cipher().decrypt(stored.read())


def drop_pending(name: str) -> None:
    default_storage.delete(name)


# ---------------------------------------------------------------------------- commit


def _birth_year(values: dict):
    """From the date of birth; else estimated from the age (the import's year)."""
    if values.get("prs_Birthdate"):
        return values["prs_Birthdate"].year
    age = values.get("vic_AgeWhenTrafficked")
    return timezone.localdate().year - age if age is not None else None


@transaction.atomic
def commit(
    *,
    actor,
    preview: Preview,
    area: Area,
    source: str,
    skip_duplicates: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> list[Case]:
    """Write every row of an error-free preview into ``area``, or nothing. Rows that would
    duplicate a victim are left out unless ``skip_duplicates`` is false. ``progress(done,
    total)`` is called after each batch (a task passes its progress bar's)."""
    if not access.can(actor, "cases.handle", area.code):
        raise ActionError(_("You may only import cases into an area you handle."))
    if not preview.ok:
        raise ActionError(_("The file has errors: nothing was imported. Correct them first."))
    rows = [(n, v) for n, v in preview.rows if not (skip_duplicates and n in preview.duplicates)]
    cases: list[Case] = []
    for start in range(0, len(rows), 1000):
        cases += _write_batch(rows[start : start + 1000], actor=actor, area=area)
        if progress:
            progress(min(start + 1000, len(rows)), len(rows))
    skipped = len(preview.rows) - len(rows)
    audit_record(
        actor=actor,
        action="cases.htcds_import",
        area_code=area.code,
        reason=source,
        detail={"cases": len(cases), "skipped": skipped},
    )
    return cases


def _write_batch(rows, *, actor, area: Area) -> list[Case]:
    now = timezone.now()
    cases = Case.objects.bulk_create([_case(v, actor, area, now) for _, v in rows])
    victims = Victim.objects.bulk_create(
        [_victim(v, case) for (_, v), case in zip(rows, cases, strict=True)]
    )
    consents = Consent.objects.bulk_create(
        [
            _consent(v, case, victim, actor)
            for (_, v), case, victim in zip(rows, cases, victims, strict=True)
            if v.get("vic_AgreementToManagePersonalData") or v.get("con_Consent")
        ]
    )
    by_case = {k.case_id: k for k in consents}
    organisations = _organisations({v.get("cas_ReferredOrganisation", "") for _, v in rows}, area)
    Referral.objects.bulk_create(
        [
            _referral(v, case, organisations, by_case.get(case.pk), actor)
            for (_, v), case in zip(rows, cases, strict=True)
            if v.get("cas_ReferredOrganisation")
        ]
    )
    CaseEvent.objects.bulk_create(
        [
            CaseEvent(case=case, actor=actor, action="case.htcds_imported", detail={"row": n})
            for (n, _), case in zip(rows, cases, strict=True)
        ]  # fmt: skip
    )
    return cases


def _case(v: dict, actor, area: Area, now) -> Case:
    status = CASE_STATUS.get(v.get("cas_Status") or "Active", c.CaseStatus.NEW)
    recruitment, exploitation = (
        v.get("vic_LocationOfRecruitment", ""),
        v.get("vic_LocationOfExploitation", ""),
    )
    return Case(
        area=area,
        status=status,
        trafficking_status=v["vic_TraffickingStatus"],
        exploitation_types=v.get("vic_TypeOfExploitation", []),
        methods_of_control=v.get("vic_MethodsOfControl", []),
        recruitment_methods=v.get("vic_MethodOfRecruitment", []),
        recruitment_apps=v.get("vic_RecruitmentWebsitesAndApps", []),
        destination_country=v.get("hte_Country", ""),
        status_decided_by=v.get("vic_TraffickingStatusDecisionMakingOrg", ""),
        recruitment_area_id=recruitment if recruitment[:2].isdigit() else None,
        recruitment_country="" if recruitment[:2].isdigit() else recruitment,
        exploitation_area_id=exploitation if exploitation[:2].isdigit() else None,
        exploitation_country="" if exploitation[:2].isdigit() else exploitation,
        forced_labour_industry=v.get("vic_ForcedLabourIndustry", ""),
        sex_exploitation_types=v.get("vic_TypeOfSexExploitation", []),
        vulnerabilities=v.get("vic_Vulnerabilities", []),
        vulnerability_details=v.get("vic_DetailsOfVulnerabilities", ""),
        referred_in_by=v.get("cas_ReferringOrganisation", "")[:200],
        referred_in_on=v.get("cas_IncomingReferralDate"),
        referred_in_reason=v.get("cas_ReasonForIncomingReferral", ""),
        referred_in_details=v.get("cas_IncomingReferralDetails", ""),
        closure_reason=v.get("cas_ReasonForCaseClosure", ""),
        closed_at=now if status in c.CLOSED_STATUSES else None,
        assigned_to=actor,
        opened_by=actor,
        created_at=now,
    )


def _victim(v: dict, case: Case) -> Victim:
    citizenship = v.get("prs_Citizenship") or ["ID"]
    victim = Victim(
        case=case,
        first_name=v.get("prs_FirstName", ""),
        second_name=v.get("prs_SecondName", ""),
        nik=v.get("prs_IdentityNumber", ""),
        phone=v.get("prs_MobilePhone", ""),
        address=v.get("prs_MailingStreet", ""),
        birth_year=_birth_year(v),
        age_when_trafficked=v.get("vic_AgeWhenTrafficked"),
        gender=v.get("prs_Gender") or c.Gender.UNKNOWN,
        citizenship=citizenship[0],
        trafficking_status=v["vic_TraffickingStatus"],
    )
    victim.identity_hash = victim_identity_hash(**_identity_args(v))  # not set by bulk_create
    return victim


def _consent(v: dict, case: Case, victim: Victim, actor) -> Consent:
    """The sending agency's record of consent, carried over as it was given there."""
    shares = bool(v.get("con_Consent"))
    giver = c.ConsentGiver.GUARDIAN if victim.is_child else c.ConsentGiver.VICTIM
    return Consent(case=case, victim=victim, given_by=giver, for_services=shares,
                   for_disclosure=shares, recorded_by=actor)  # fmt: skip


def _organisations(names: set[str], area: Area) -> dict[str, Organisation]:
    """Agencies by name (any case); one not in SIGAP yet is added in the import's area."""
    names.discard("")
    found = {o.name.lower(): o for o in Organisation.objects.all() if o.name.lower() in
             {n.lower() for n in names}}  # fmt: skip
    for name in names:
        if name.lower() not in found:
            found[name.lower()] = Organisation.objects.create(
                name=name[:200], type=OrgType.NGO, area=area
            )
    return found


def _referral(v: dict, case: Case, organisations, consent, actor) -> Referral:
    """The sending agency's referral, on record as done (no agency is asked anything)."""
    day = v.get("cas_OutgoingReferralDate") or timezone.localdate()
    at = datetime.combine(day, time(12), tzinfo=area_zone(case.area_id))
    allowed = consent is not None and consent.allows_referral
    return Referral(
        case=case,
        organisation=organisations[v["cas_ReferredOrganisation"].lower()],
        service=c.ServiceKind.REINTEGRATION,
        details=v.get("cas_OutgoingReferralDetails", ""),
        reason=v.get("cas_ReasonForOutgoingReferral") or c.ReferralReason.SERVICES,
        status=c.ReferralStatus.DONE,
        deadline=day,
        consent=consent if allowed else None,
        override_reason="" if allowed else _("Imported from an HTCDS file."),
        referred_by=actor,
        response_reason=_("Imported from an HTCDS file."),
        created_at=at,
        responded_at=at,
    )
