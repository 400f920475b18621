"""Reading a bulk file's records and writing their results: JSONL or CSV with ``id`` and ``text``.

A bad record (invalid JSON, no text, bytes that are not UTF-8) becomes a ``Record`` with a
``problem`` and its line number, so the worker reports it and goes on with the rest.
"""

import csv
import io
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext as _

from sigap.jobcheck import display

MAX_BYTES = 10 * 1024 * 1024
MAX_RECORDS = 50_000
# A post longer than the page's limit is reported, not screened: it is almost never one job offer.
MAX_POST_CHARS = 20_000
# One job's screening stops after this many seconds; what is left is reported, line by line
# counted, never silently dropped. (At the engine's worst, a full file takes far less.)
TIME_BUDGET_S = 15 * 60


@dataclass(frozen=True, slots=True)
class Record:
    line: int
    ident: Any
    text: str = ""
    problem: str = ""


class FileProblem(ValueError):
    """The whole file cannot be used; the message says what to do."""


def format_of(name: str) -> str | None:
    lowered = name.lower()
    if lowered.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    if lowered.endswith(".csv"):
        return "csv"
    return None


def _decoded(fh: IO[bytes]) -> Iterator[tuple[int, str | None, str]]:
    """(line number, text or None, problem) for each line of the file."""
    for number, raw in enumerate(fh, start=1):
        try:
            yield number, raw.decode("utf-8-sig" if number == 1 else "utf-8"), ""
        except UnicodeDecodeError as exc:
            yield number, None, _("not UTF-8 text (byte %(byte)s)") % {"byte": exc.start + 1}


def read_records(fh: IO[bytes], fmt: str) -> Iterator[Record]:
    return _jsonl(fh) if fmt == "jsonl" else _csv(fh)


def _jsonl(fh: IO[bytes]) -> Iterator[Record]:
    for number, line, problem in _decoded(fh):
        if line is None:
            yield Record(number, number, problem=problem)
        elif line.strip():
            yield _jsonl_record(number, line)


def _jsonl_record(number: int, line: str) -> Record:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        return Record(
            number, number, problem=_("invalid JSON (column %(col)s)") % {"col": exc.colno}
        )
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        return Record(number, number, problem=_("no “text” string"))
    return _checked(number, data.get("id", number), data["text"])


def _csv(fh: IO[bytes]) -> Iterator[Record]:
    bad: list[Record] = []

    def lines() -> Iterator[str]:
        for number, line, problem in _decoded(fh):
            if line is None:
                bad.append(Record(number, number, problem=problem))
            yield "\n" if line is None else line  # a blank line keeps the line count in step

    reader = csv.DictReader(lines())
    if not reader.fieldnames or "text" not in reader.fieldnames:
        raise FileProblem(
            _("The first line of the CSV file must name the columns, with “id” and “text”.")
        )
    for row in reader:
        yield from bad
        bad.clear()
        if any(row.values()):
            yield _checked(reader.line_num, row.get("id") or reader.line_num, row.get("text"))
    yield from bad


def _checked(number: int, ident: Any, text: str | None) -> Record:
    if not isinstance(text, str) or not text.strip():
        return Record(number, ident, problem=_("the text is empty"))
    if len(text) > MAX_POST_CHARS:
        return Record(
            number,
            ident,
            problem=_("the text is longer than %(max)s characters; shorten it to the post itself")
            % {"max": f"{MAX_POST_CHARS:,}".replace(",", ".")},
        )
    return Record(number, ident, text)


class Budget:
    """The time one job may spend screening; ``over()`` once it is spent."""

    def __init__(self, seconds: float | None = None, clock=time.monotonic):
        self.clock = clock
        self.deadline = clock() + (TIME_BUDGET_S if seconds is None else seconds)

    def over(self) -> bool:
        return self.clock() > self.deadline

    @staticmethod
    def unscreened(record: Record) -> Record:
        """``record`` as a problem: the job ran out of time before it."""
        return Record(
            record.line,
            record.ident,
            problem=_("not screened: the file took longer than the time allowed; split it"),
        )


def count_records(fh: IO[bytes], fmt: str) -> int:
    """Records in the file, bad ones included; raises FileProblem when it is unusable."""
    total = 0
    for _record in read_records(fh, fmt):
        total += 1
        if total > MAX_RECORDS:
            raise FileProblem(
                _("The file has more than %(max)s records. Split it into smaller files.")
                % {"max": f"{MAX_RECORDS:,}".replace(",", ".")}
            )
    if total == 0:
        raise FileProblem(_("The file has no records. Each line needs an “id” and a “text”."))
    return total


class ResultWriter:
    """One record per post. JSONL keeps the machine-readable codes and entities and adds the
    labels; CSV is for people: labelled columns in the worker's language (the sign codes last)."""

    def __init__(self, out: IO[str], fmt: str):
        self.out, self.fmt = out, fmt
        self.csv = csv.writer(out) if fmt == "csv" else None
        if self.csv is not None:
            self.csv.writerow(labelled_headers())

    def write(self, ident: Any, result) -> None:
        record = {
            "id": ident,
            "level": result.level,
            "score": result.score,
            "flags": list(result.flags),
            "entities": result.entities.to_dict(),
            "ruleset_version": result.ruleset_version,
        }
        if self.csv is not None:
            self.csv.writerow(labelled_row(record))
            return
        record["level_label"] = display.level_label(result.level)
        record["flag_labels"] = [display.flag_title(f) for f in result.flags]
        self.out.write(json.dumps(record, ensure_ascii=False) + "\n")


def labelled_headers() -> list[str]:
    return [
        "id",
        _("Risk level"),
        _("Score"),
        _("Signs found"),
        _("Phone numbers"),
        _("Accounts and links"),
        _("E-mail addresses"),
        _("Companies"),
        _("Destinations"),
        _("Pay promised"),
        _("Fees asked"),
        _("Sign codes"),
        _("Rules version"),
    ]


def labelled_row(record: dict[str, Any]) -> list[Any]:
    """A result record (as the JSONL output holds it) as the labelled columns above."""
    e = record.get("entities") or {}
    return [
        record.get("id"),
        display.level_label(record.get("level", "")),
        record.get("score"),
        "; ".join(display.flag_title(f) for f in record.get("flags", [])),
        ", ".join(e.get("phones", [])),
        ", ".join(f"{a['platform']}: {a['value']}" for a in e.get("accounts", [])),
        ", ".join(e.get("emails", [])),
        ", ".join(_company(c) for c in e.get("companies", [])),
        ", ".join(display.destination_name(code) for code in e.get("destinations", [])),
        ", ".join(_money(m) for m in e.get("salaries", [])),
        ", ".join(_money(m) for m in e.get("fees", [])),
        ";".join(record.get("flags", [])),
        record.get("ruleset_version", ""),
    ]


def _company(company: dict[str, Any]) -> str:
    if company.get("in_registry") and company.get("licence_valid"):
        return f"{company['name']} ({_('licensed P3MI')})"
    return str(company.get("name", ""))


def _money(item: dict[str, Any]) -> str:
    return f"{item.get('text', '')} (≈ {display.rupiah(int(item.get('idr_per_month_max', 0)))})"


def to_xlsx(fh: IO[bytes], fmt: str) -> bytes:
    """A job's result file as an XLSX workbook with the labelled columns, in the language
    active now (JSONL results are labelled afresh; CSV results already are)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Results"))
    text = io.TextIOWrapper(fh, encoding="utf-8", newline="")
    if fmt == "csv":
        for row in csv.reader(text):
            sheet.append(row)
    else:
        sheet.append(labelled_headers())
        for line in text:
            if line.strip():
                sheet.append(labelled_row(json.loads(line)))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
