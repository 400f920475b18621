"""Reading a bulk file's records and writing their results: JSONL or CSV with ``id`` and ``text``.

A bad record (invalid JSON, no text, bytes that are not UTF-8) becomes a ``Record`` with a
``problem`` and its line number, so the worker reports it and goes on with the rest.
"""

import csv
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext as _

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
    """The same columns as ``sigap screen``: id, level, score, flags, entities."""

    def __init__(self, out: IO[str], fmt: str):
        self.out, self.fmt = out, fmt
        self.csv = csv.writer(out) if fmt == "csv" else None
        if self.csv is not None:
            self.csv.writerow(["id", "level", "score", "flags", "entities", "ruleset_version"])

    def write(self, ident: Any, result) -> None:
        entities = result.entities.to_dict()
        if self.csv is not None:
            self.csv.writerow(
                [
                    ident,
                    result.level,
                    result.score,
                    ";".join(result.flags),
                    json.dumps(entities, ensure_ascii=False),
                    result.ruleset_version,
                ]
            )
            return
        record = {
            "id": ident,
            "level": result.level,
            "score": result.score,
            "flags": list(result.flags),
            "entities": entities,
            "ruleset_version": result.ruleset_version,
        }
        self.out.write(json.dumps(record, ensure_ascii=False) + "\n")
