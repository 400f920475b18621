"""Find every translatable string in the code and templates, and the catalogues that hold them.

Each app keeps its catalogue in ``<app>/locale/<lang>/LC_MESSAGES/django.po``; the shell's own
strings (``sigap/*.py``, ``sigap/templates``) live in ``sigap/locale``. Catalogues are read and
written with polib: no GNU gettext (decision 3).
"""

import ast
import io
import re
import tokenize
from pathlib import Path

import polib
from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parent
LANGUAGE = "id"
# callable name -> positions of (context, singular, plural) in its arguments
CALLS = {
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}
SKIP_PARTS = {"migrations", "tests", "__pycache__", "locale", "static", "management"}


def app_dirs() -> list[Path]:
    """The shell and each app folder that has code of its own."""
    return [ROOT] + sorted(
        p
        for p in ROOT.iterdir()
        if p.is_dir()
        and (p / "__init__.py").exists()
        and p.name not in {"screening", "lib", "management"}
    )


def catalogue_path(app_dir: Path, language: str = LANGUAGE) -> Path:
    return app_dir / "locale" / language / "LC_MESSAGES" / "django.po"


def _source_files(app_dir: Path):
    if app_dir == ROOT:
        yield from ROOT.glob("*.py")
        yield from (ROOT / "templates").rglob("*.html")
        return
    for path in app_dir.rglob("*"):
        if path.suffix in (".py", ".html") and not SKIP_PARTS & set(
            path.relative_to(app_dir).parts
        ):
            yield path


def key(entry: polib.POEntry) -> tuple[str | None, str]:
    return entry.msgctxt, entry.msgid


def _calls_in_code(source: str) -> list[polib.POEntry]:
    found = []
    for name, args in _call_arguments(source):
        ctx, single, plural = CALLS[name]
        if len(args) <= max(single, plural or 0, ctx or 0):
            continue
        entry = polib.POEntry(msgid=args[single], msgctxt=args[ctx] if ctx is not None else None)
        if plural is not None:
            entry.msgid_plural, entry.msgstr_plural = args[plural], {0: "", 1: ""}
        found.append(entry)
    return found


def _call_arguments(source: str):
    """(callable name, leading string-literal arguments) for each gettext-style call."""
    tokens = [
        t
        for t in tokenize.generate_tokens(io.StringIO(source).readline)
        if t.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT)
    ]
    for i, token in enumerate(tokens[:-1]):
        if token.type != tokenize.NAME or token.string not in CALLS:
            continue
        if tokens[i + 1].string != "(" or (i and tokens[i - 1].string in (".", "def")):
            continue
        args, current, j = [], "", i + 2
        while j < len(tokens) and tokens[j].type == tokenize.STRING:
            current += ast.literal_eval(tokens[j].string)
            j += 1
            if j < len(tokens) and tokens[j].string == ",":
                args.append(current)
                current = ""
                j += 1
        if current:
            args.append(current)
        if args:
            yield token.string, args


def strings_in(path: Path) -> list[polib.POEntry]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        # Templatize keeps the template's indentation, which is not Python's; string literals
        # in its output are single-line reprs, so dropping leading blanks loses nothing.
        text = "\n".join(line.lstrip() for line in templatize(text, origin=str(path)).splitlines())
    try:
        return _calls_in_code(text)
    except (tokenize.TokenError, SyntaxError, IndentationError) as error:
        raise ValueError(f"cannot scan {path} for translatable strings: {error}")


def extract(app_dir: Path) -> dict[tuple[str | None, str], polib.POEntry]:
    found: dict[tuple[str | None, str], polib.POEntry] = {}
    for path in sorted(_source_files(app_dir)):
        for entry in strings_in(path):
            entry.occurrences = [(str(path.relative_to(ROOT.parent)), "")]
            found.setdefault(key(entry), entry)
    return found


def read_catalogue(path: Path) -> polib.POFile:
    # wrapwidth 0: one line per string when saved, as the catalogues have always been written
    return polib.pofile(str(path), wrapwidth=0)


def new_catalogue(language: str = LANGUAGE) -> polib.POFile:
    catalogue = polib.POFile(wrapwidth=0)
    catalogue.metadata = {
        "Project-Id-Version": "SIGAP",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=1; plural=0;",
    }
    return catalogue


def all_catalogue_entries(language: str = LANGUAGE) -> dict[tuple[str | None, str], polib.POEntry]:
    merged: dict[tuple[str | None, str], polib.POEntry] = {}
    for app_dir in app_dirs():
        path = catalogue_path(app_dir, language)
        if path.exists():
            for entry in read_catalogue(path):
                if entry.translated() or key(entry) not in merged:
                    merged[key(entry)] = entry
    return merged


_PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|\{(\w+)\}")


def placeholders(text: str) -> set[str]:
    return {a or b for a, b in _PLACEHOLDER.findall(text)}


def placeholder_mismatches(entries) -> list[polib.POEntry]:
    """Translated entries whose translation names other placeholders than the msgid."""
    wrong = []
    for entry in entries:
        if not entry.msgid or not entry.translated():
            continue
        expected = placeholders(entry.msgid) | placeholders(entry.msgid_plural or "")
        if entry.msgid_plural:
            bad = any(placeholders(text) - expected for text in entry.msgstr_plural.values())
        else:
            bad = placeholders(entry.msgstr) != expected
        if bad:
            wrong.append(entry)
    return wrong
