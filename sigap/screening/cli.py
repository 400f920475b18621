"""``sigap screen IN -o OUT``: screen a JSONL or CSV file of posts, streaming.

Each input record has ``id`` and ``text``; each output record has the same ``id``, ``level``,
``score``, ``flags`` and ``entities``. The format follows the file extension (``.jsonl``/``.json``
/``.ndjson`` or ``.csv``; ``-`` is JSONL on stdin/stdout). Bad records (invalid JSON, no text,
bytes that are not UTF-8) are reported on stderr with their line numbers and skipped; the rest is
still screened. A text longer than ``--max-chars`` (20,000, the page's limit) is skipped the same
way, and once ``--time-budget`` seconds are spent the records left are reported and skipped.
Exit status: 0 all screened, 1 some records skipped, 2 the files could not be used.
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .engine import Screener
    from .model import Result

Progress = Callable[[int], object]  # told the bytes read so far

BATCH = 256
MAX_CHARS = 20_000  # as the page and the API: a longer text is almost never one job offer
TIME_BUDGET_S = 3600.0


class _Skip:
    """Counts and reports bad records."""

    def __init__(self, stream: IO[str]):
        self.stream = stream
        self.count = 0

    def __call__(self, line: int, problem: str) -> None:
        self.count += 1
        print(f"line {line}: {problem}; skipped", file=self.stream)

    def record(self, ident: Any, problem: str) -> None:
        self.count += 1
        print(f"record {ident!r}: {problem}; skipped", file=self.stream)


def _format(path: str) -> str:
    suffix = Path(path).suffix.lower()
    if path == "-" or suffix in (".jsonl", ".json", ".ndjson"):
        return "jsonl"
    if suffix == ".csv":
        return "csv"
    raise ValueError(f"{path}: use a .jsonl or .csv file (the extension sets the format)")


def _jsonl_records(fh: IO[bytes], skip: _Skip, progress: Progress) -> Iterator[tuple[Any, str]]:
    for number, raw in enumerate(fh, start=1):
        progress(len(raw))
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            skip(number, f"not UTF-8 (byte {exc.start + 1})")
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            skip(number, f"invalid JSON ({exc.msg}, column {exc.colno})")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            skip(number, 'no "text" string')
            continue
        yield record.get("id", number), record["text"]


def _csv_records(fh: IO[bytes], skip: _Skip, progress: Progress) -> Iterator[tuple[Any, str]]:
    def lines() -> Iterator[str]:
        for number, raw in enumerate(fh, start=1):
            progress(len(raw))
            try:
                yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                skip(number, f"not UTF-8 (byte {exc.start + 1})")
                yield "\n"  # keeps the reader's line count in step

    reader = csv.DictReader(lines())
    if not reader.fieldnames or "text" not in reader.fieldnames:
        raise ValueError('the CSV header must have a "text" column (and an "id" column)')
    for row in reader:
        if not any(row.values()):
            continue
        text = row.get("text")
        if not text or not isinstance(text, str):
            skip(reader.line_num, 'no "text" value')
            continue
        yield row.get("id") or reader.line_num, text


class _Writer:
    def __init__(self, out: IO[str], fmt: str):
        self.out, self.fmt = out, fmt
        self.csv = None
        if fmt == "csv":
            self.csv = csv.writer(out)
            self.csv.writerow(["id", "level", "score", "flags", "entities"])

    def write(self, ident: Any, result: Result) -> None:
        entities = result.entities.to_dict()
        flags = list(result.flags)
        if self.csv is not None:
            self.csv.writerow(
                [
                    ident,
                    result.level,
                    result.score,
                    ";".join(flags),
                    json.dumps(entities, ensure_ascii=False),
                ]
            )
            return
        record = {
            "id": ident,
            "level": result.level,
            "score": result.score,
            "flags": flags,
            "entities": entities,
            "ruleset_version": result.ruleset_version,
        }
        self.out.write(json.dumps(record, ensure_ascii=False) + "\n")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="sigap screen", description=__doc__.splitlines()[0])
    p.add_argument("input", help="a .jsonl or .csv file, or - for JSONL on stdin")
    p.add_argument("-o", "--output", default="-", help="a .jsonl or .csv file, or - for stdout")
    p.add_argument("--no-model", action="store_true", help="rules only")
    p.add_argument("--registry", help="CSV of licensed placement companies (default: sample)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument(
        "--max-chars", type=int, default=MAX_CHARS, help="skip longer texts (default 20000)"
    )
    p.add_argument(
        "--time-budget",
        type=float,
        default=TIME_BUDGET_S,
        help="seconds of screening; the records left after it are skipped (default 3600)",
    )
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["screen"]:
        argv = argv[1:]
    args = _parser().parse_args(argv)
    try:
        in_fmt, out_fmt = _format(args.input), _format(args.output)
        screener = _screener(args)
    except (ValueError, OSError) as exc:
        print(f"sigap screen: {exc}", file=sys.stderr)
        return 2
    skip = _Skip(sys.stderr)
    try:
        with _open_in(args.input) as fin, _open_out(args.output) as fout:
            done = _run(screener, fin, fout, in_fmt, out_fmt, skip, args)
    except (ValueError, OSError) as exc:
        print(f"sigap screen: {exc}", file=sys.stderr)
        return 2
    print(f"screened {done} record(s); skipped {skip.count}", file=sys.stderr)
    return 1 if skip.count else 0


def _screener(args: argparse.Namespace) -> Screener:
    from .classifier import load_model
    from .engine import Screener, default_registry
    from .registry import Registry

    registry = Registry.load(args.registry) if args.registry else default_registry()
    screener = Screener(registry=registry, model=None if args.no_model else load_model())
    # What is loaded now (ruleset, model, registry) lives as long as the process: keep it out of
    # the garbage collector's full passes, as the web server does (sigap/wsgi.py).
    gc.collect()
    gc.freeze()
    return screener


def _run(
    screener: Screener,
    fin: IO[bytes],
    fout: IO[str],
    in_fmt: str,
    out_fmt: str,
    skip: _Skip,
    args: argparse.Namespace,
) -> int:
    from tqdm import tqdm

    total = os.fstat(fin.fileno()).st_size if fin is not sys.stdin.buffer else None
    bar = tqdm(
        total=total or None,
        unit="B",
        unit_scale=True,
        file=sys.stderr,
        disable=args.no_progress,
        desc="screening",
    )
    reader = _jsonl_records if in_fmt == "jsonl" else _csv_records
    writer = _Writer(fout, out_fmt)
    done = 0
    batch: list[tuple[Any, str]] = []
    deadline = time.monotonic() + args.time_budget
    for record in reader(fin, skip, bar.update):
        if len(record[1]) > args.max_chars:
            skip.record(record[0], f"text longer than {args.max_chars} characters")
            continue
        if time.monotonic() > deadline:
            skip.record(record[0], "not screened, the time budget is spent")
            continue
        batch.append(record)
        if len(batch) >= BATCH:
            done += _flush(screener, batch, writer)
    done += _flush(screener, batch, writer)
    bar.close()
    return done


def _flush(screener: Screener, batch: list[tuple[Any, str]], writer: _Writer) -> int:
    results = screener.screen_many([text for _, text in batch], batch_size=len(batch) or 1)
    for (ident, _), result in zip(batch, results, strict=True):
        writer.write(ident, result)
    count = len(batch)
    batch.clear()
    return count


def _open_in(path: str) -> AbstractContextManager[IO[bytes]]:
    if path == "-":
        return nullcontext(sys.stdin.buffer)  # used in a with-block, never closed
    return open(path, "rb")  # noqa: SIM115


def _open_out(path: str) -> AbstractContextManager[IO[str]]:
    if path == "-":
        return nullcontext(sys.stdout)
    return open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115


if __name__ == "__main__":
    sys.exit(main())
