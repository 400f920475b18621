"""Participant lists as XLSX and CSV, for spreadsheets and for the people who sign off events.

Cells that a spreadsheet would run as a formula (starting with = + - @) are prefixed with an
apostrophe: a participant's name must never become a formula on a coordinator's laptop.
"""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook


def _safe(value):
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def participant_table(event, participants, *, with_phone: bool):
    """The header and one row per participant: attendance per day, scores and gain."""
    header = [
        _("No."),
        _("Name"),
        _("Sex"),
        _("Position / occupation"),
        _("Organisation / community"),
        _("Home kelurahan"),
    ]
    if with_phone:
        header.append(_("Phone"))
    header += [_("Day %(day)d") % {"day": d} for d in event.day_numbers]
    header += [_("Pre-test"), _("Post-test"), _("Gain"), _("Registered at the door")]
    rows = []
    for p in participants:
        days = {a.day for a in p.attendance.all()}
        row = [
            p.number,
            p.name,
            p.get_sex_display(),
            p.position,
            p.organisation,
            p.area.name if p.area else "",
        ]
        if with_phone:
            row.append(p.phone)
        row += [_("present") if d in days else "" for d in event.day_numbers]
        row += [p.pre_score, p.post_score, p.gain, _("yes") if p.at_door else _("no")]
        rows.append([_safe(v) for v in row])
    return header, rows


def to_xlsx(title: str, header, rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_csv(header, rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    # A byte-order mark makes spreadsheet programs read the file as UTF-8.
    return "\ufeff" + out.getvalue()


def percent(value) -> str:
    """A share from 0 to 100 with one decimal, as the result sheet shows it."""
    return f"{float(value):.1f}"


def result_table(poll, rows):
    """The selection result: one row per nomination, best first, with the rule's parts."""
    header = [
        _("Rank"),
        _("No."),
        _("Candidate"),
        _("Role"),
        _("Nominated by (participants)"),
        _("Accepted the nomination"),
        _("Rubric score"),
        _("Rubric maximum"),
        _("Rubric (%)"),
        _("Votes by phone"),
        _("Votes on paper"),
        _("Votes"),
        _("Votes (% of the most)"),
        _("Combined result"),
        _("Decision"),
        _("Reason"),
    ]
    answers = {True: _("yes"), False: _("no"), None: _("not yet")}
    table = []
    for rank, row in enumerate(rows, start=1):
        n = row.nomination
        line = [
            rank,
            n.participant.number,
            n.participant.name,
            n.get_role_display(),
            row.nominators,
            answers[n.accepted],
            row.rubric,
            row.rubric_max,
            percent(row.rubric_pct),
            n.phone_votes,
            n.paper_votes,
            row.votes,
            percent(row.vote_pct),
            percent(row.combined),
            n.get_status_display(),
            n.reason,
        ]
        table.append([_safe(v) for v in line])
    return header, table


def outreach_table(rows):
    """Outreach sessions, one row each: when, where, who held it, the audience and topics."""
    from sigap.programme.models import AUDIENCE_FIELDS, Outreach, Topic

    fields = {f.name: f for f in Outreach._meta.get_fields() if f.name in AUDIENCE_FIELDS}
    header = [_("Date"), _("Kelurahan code"), _("Kelurahan"), _("Held by"), _("Place")]
    header += [str(fields[name].verbose_name) for name in AUDIENCE_FIELDS]
    header += [_("People reached"), _("Topics"), _("Notes")]
    topics = dict(Topic.choices)
    table = []
    for o in rows:
        line = [o.held_on, o.area_id, o.area.name, o.member.name if o.member else "",
                o.get_venue_type_display()]  # fmt: skip
        line += [getattr(o, name) for name in AUDIENCE_FIELDS]
        line += [o.audience, ", ".join(str(topics.get(t, t)) for t in o.topics), o.notes]
        table.append([_safe(v) for v in line])
    return header, table


def condition_table(indicators, reports):
    """Condition reports, one row each, one column per question (numbers stay numbers)."""
    header = [_("Kelurahan code"), _("Kelurahan"), _("Period"), _("Due date"), _("Filed on"),
              _("Status")] + [i.label for i in indicators]  # fmt: skip
    table = []
    for r in reports:
        answers = {v.indicator_id: v.value for v in r.values.all()}
        line = [r.area_id, r.area.name, r.period_start.strftime("%Y-%m"), r.due_on, r.filed_on,
                r.get_status_display()]  # fmt: skip
        for i in indicators:
            value = answers.get(i.pk)
            line.append(_("yes") if value is True else _("no") if value is False else value)
        table.append([_safe(v) for v in line])
    return header, table


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(header, rows, filename: str, fmt: str, title: str):
    """The table as an attachment: ``fmt`` "xlsx" or "csv"."""
    from django.http import HttpResponse

    if fmt == "xlsx":
        response = HttpResponse(to_xlsx(title, header, rows), content_type=XLSX_TYPE)
    else:
        response = HttpResponse(to_csv(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
