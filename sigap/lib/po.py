"""Read and write gettext catalogues (.po) and compile them to .mo, without GNU gettext.

Only what SIGAP's catalogues use: msgctxt, msgid, msgid_plural, msgstr[n], comments and the
fuzzy flag. Fuzzy entries are left out of the compiled file, as msgfmt does.
"""

import ast
import re
import struct
from dataclasses import dataclass, field
from pathlib import Path

MO_MAGIC = 0x950412DE
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|\{(\w+)\}")


@dataclass
class Entry:
    msgid: str
    msgstr: list[str] = field(default_factory=lambda: [""])
    msgid_plural: str | None = None
    msgctxt: str | None = None
    comments: list[str] = field(default_factory=list)
    fuzzy: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return self.msgctxt, self.msgid

    @property
    def translated(self) -> bool:
        return not self.fuzzy and all(self.msgstr) and bool(self.msgstr)


def _unquote(text: str) -> str:
    return str(ast.literal_eval(text))


def _quote(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    )
    return f'"{escaped}"'


def read_po(path: Path) -> list[Entry]:
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] | None = None
    comments: list[str] = []
    fuzzy = False

    def finish() -> None:
        nonlocal current
        if current is not None:
            entries.append(current)
        current = None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            finish()
            target = None
            continue
        if line.startswith("#"):
            if current is not None and target is not None:
                finish()
                target = None
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            else:
                comments.append(raw)
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            if current is None or target is None:
                raise ValueError(f"{path}:{number}: string outside an entry")
            name, index = target
            value = _unquote(line)
            if name == "msgstr":
                current.msgstr[index] += value
            else:
                setattr(current, name, (getattr(current, name) or "") + value)
            continue
        if keyword == "msgctxt" or (
            keyword == "msgid" and current is not None and current.msgid is not None
        ):
            finish()
        if current is None:
            current = Entry(msgid=None, msgstr=[], comments=comments, fuzzy=fuzzy)  # type: ignore[arg-type]
            comments, fuzzy = [], False
        match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
        if match:
            index = int(match.group(1))
            while len(current.msgstr) <= index:
                current.msgstr.append("")
            current.msgstr[index] = _unquote(rest)
            target = ("msgstr", index)
        elif keyword == "msgstr":
            current.msgstr = [_unquote(rest)]
            target = ("msgstr", 0)
        elif keyword in ("msgid", "msgid_plural", "msgctxt"):
            setattr(current, keyword, _unquote(rest))
            target = (keyword, 0)
        else:
            raise ValueError(f"{path}:{number}: cannot read {line[:40]!r}")
    finish()
    return entries


def write_po(path: Path, entries: list[Entry]) -> None:
    lines: list[str] = []
    for entry in entries:
        lines.extend(entry.comments)
        if entry.fuzzy:
            lines.append("#, fuzzy")
        if entry.msgctxt is not None:
            lines.append(f"msgctxt {_quote(entry.msgctxt)}")
        lines.append(f"msgid {_quote(entry.msgid)}")
        if entry.msgid_plural is not None:
            lines.append(f"msgid_plural {_quote(entry.msgid_plural)}")
            for index, text in enumerate(entry.msgstr or ["", ""]):
                lines.append(f"msgstr[{index}] {_quote(text)}")
        else:
            lines.append(f"msgstr {_quote(entry.msgstr[0] if entry.msgstr else '')}")
        lines.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")


def compile_mo(entries: list[Entry]) -> bytes:
    """The GNU .mo bytes for the translated entries (and the header)."""
    pairs: dict[bytes, bytes] = {}
    for entry in entries:
        if entry.msgid != "" and not entry.translated:
            continue
        source = entry.msgid
        if entry.msgid_plural is not None:
            source += "\x00" + entry.msgid_plural
        if entry.msgctxt is not None:
            source = entry.msgctxt + "\x04" + source
        pairs[source.encode()] = "\x00".join(entry.msgstr).encode()
    keys = sorted(pairs)
    header_size = 7 * 4
    originals_at = header_size
    translations_at = originals_at + 8 * len(keys)
    data_at = translations_at + 8 * len(keys)
    table_o, table_t, blob = [], [], b""
    for key in keys:
        table_o.append((len(key), data_at + len(blob)))
        blob += key + b"\x00"
    for key in keys:
        value = pairs[key]
        table_t.append((len(value), data_at + len(blob)))
        blob += value + b"\x00"
    out = struct.pack("<7I", MO_MAGIC, 0, len(keys), originals_at, translations_at, 0, 0)
    for length, offset in table_o + table_t:
        out += struct.pack("<2I", length, offset)
    return out + blob


def placeholders(text: str) -> set[str]:
    return {a or b for a, b in _PLACEHOLDER.findall(text)}


def placeholder_mismatches(entries: list[Entry]) -> list[Entry]:
    """Translated entries whose msgstr names other placeholders than the msgid."""
    wrong = []
    for entry in entries:
        if not entry.msgid or not entry.translated:
            continue
        expected = placeholders(entry.msgid) | placeholders(entry.msgid_plural or "")
        if any(placeholders(text) - expected for text in entry.msgstr) or (
            entry.msgid_plural is None and placeholders(entry.msgstr[0]) != expected
        ):
            wrong.append(entry)
    return wrong
