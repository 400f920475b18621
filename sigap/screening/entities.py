"""Extract the facts a person or a case worker wants from a post: who to contact, which company,
where to, how much pay, what it costs, the age asked for, the visa, how soon.

Each extractor starts with a character class or literal so that the regex engine can skip most
of the text quickly, and stops after a fixed number of hits.

Linear time on any input: every repetition in these expressions that could backtrack has an
upper bound, and every expression that looks back or ahead does so in a window of fixed size, so
the work at each place in the text is bounded and the whole is linear in its length
(tests/screening/test_scaling.py checks it at 1x, 4x and 16x on hostile shapes).
"""

from __future__ import annotations

import math
import re

from sigap.lib.phones import find_phones

from .model import Salary, Span
from .normalize import Normalized, word_positions
from .rules import Ruleset

MAX_ENTITIES = 50

# ---------------------------------------------------------------------------------------------
# Accounts, links and e-mail addresses (on the original text: handles are case sensitive)

# The lookahead (a letter a link can start with, then a "/" within 29 characters) is implied by
# the rest; it lets the regex engine drop most positions after a few steps.
_LINK = re.compile(
    r"(?i)(?=[htwmifcalbs][a-z.:/]{2,28}/)(?:https?://)?(?:www\.|m\.)?"
    r"(t\.me|telegram\.me|instagram\.com|instagr\.am|facebook\.com|fb\.com|fb\.me|tiktok\.com"
    r"|wa\.me|chat\.whatsapp\.com|api\.whatsapp\.com|line\.me|bit\.ly|s\.id)"
    r"/([\w@.\-/?=&%+]{1,100})"
)
_LINK_PLATFORM = {
    "t.me": "telegram",
    "telegram.me": "telegram",
    "instagram.com": "instagram",
    "instagr.am": "instagram",
    "facebook.com": "facebook",
    "fb.com": "facebook",
    "fb.me": "facebook",
    "tiktok.com": "tiktok",
    "wa.me": "whatsapp",
    "chat.whatsapp.com": "whatsapp_group",
    "api.whatsapp.com": "whatsapp",
    "line.me": "line",
    "bit.ly": "short_link",
    "s.id": "short_link",
}
_HANDLE = re.compile(r"@([A-Za-z0-9_.]{3,32})")
_HANDLE_PLATFORM = re.compile(
    r"(?i)(telegram|tele|tg|instagram|ig|insta|facebook|fb|tiktok|tt|line)\W{0,12}$"
)
_PLATFORM_NAMES = {
    "telegram": "telegram",
    "tele": "telegram",
    "tg": "telegram",
    "instagram": "instagram",
    "ig": "instagram",
    "insta": "instagram",
    "facebook": "facebook",
    "fb": "facebook",
    "tiktok": "tiktok",
    "tt": "tiktok",
    "line": "line",
}


# Case-insensitive expressions also match four letters that are not ASCII (Python's re docs):
# "İg", "ınsta", "ſ" for s and the Kelvin sign for k. Their lower case is not the ASCII word, so
# they are mapped to it before a table is looked up.
_ODD_CASES = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def _ascii_key(word: str) -> str:
    """``word`` in lower case, with the four letters above read as the ASCII ones they match."""
    return word.translate(_ODD_CASES).lower()


_LINK_WORDS = frozenset({"me", "com", "ly", "id", "am"})
_EMAIL_DOMAIN = re.compile(r"@[A-Za-z0-9\-]{1,63}(?:\.[A-Za-z0-9\-]{1,63}){1,4}")
_EMAIL_LOCAL_CHARS = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._%+-"
)


def _email_local_start(text: str, at: int) -> int:
    """Where the local part of an address whose "@" is at ``at`` starts (``at``: none); at most
    64 characters back, read once (a regex searched in that window tried every start)."""
    pos = at
    floor = max(0, at - 64)
    while pos > floor and text[pos - 1] in _EMAIL_LOCAL_CHARS:
        pos -= 1
    return pos


def accounts(text: str, words: frozenset[str]) -> tuple[list[tuple[Span, str, str]], list[Span]]:
    found: list[tuple[Span, str, str]] = []
    emails: list[Span] = []
    if "/" in text and not _LINK_WORDS.isdisjoint(words):
        for m in _LINK.finditer(text):
            domain = _ascii_key(m.group(1))
            platform = _LINK_PLATFORM[domain]
            value = f"{domain}/{m.group(2).rstrip('.,)')}"
            found.append((Span(m.start(), m.end(), m.group()), platform, value))
            if len(found) >= MAX_ENTITIES:
                break
    if "@" not in text:
        return found, emails
    taken: list[tuple[int, int]] = []
    for m in _EMAIL_DOMAIN.finditer(text):
        local = _email_local_start(text, m.start())
        if local < m.start():
            emails.append(Span(local, m.end(), text[local : m.end()]))
            taken.append((local, m.end()))
            if len(emails) >= MAX_ENTITIES:
                break
    for m in _HANDLE.finditer(text):
        if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] == "/"):
            continue  # part of an e-mail address or a link
        if any(s <= m.start() < e for s, e in taken):
            continue
        before = _HANDLE_PLATFORM.search(text, max(0, m.start() - 20), m.start())
        platform = _PLATFORM_NAMES[_ascii_key(before.group(1))] if before else "unknown"
        handle = "@" + m.group(1).rstrip(".")
        found.append((Span(m.start(), m.start() + len(handle), handle), platform, handle))
        if len(found) >= MAX_ENTITIES:
            break
    return found, emails[:MAX_ENTITIES]


# ---------------------------------------------------------------------------------------------
# Companies (original text, so that capitalisation marks where a name ends)

# Words of a name are at most 40 characters and 8 blanks apart: every repetition is bounded.
_NAME_WORD = r"[^\W_][\w&'\-]{0,40}"
_COMPANY_PREFIX = re.compile(
    r"(?i)(PT|P\.T\.|CV|C\.V\.|UD|LPK|Yayasan|Koperasi)\.?[ \t]{1,8}"
    rf"((?:{_NAME_WORD}\.?)(?:[ \t]{{1,8}}(?:{_NAME_WORD}\.?|&)){{0,5}})"
)
# A suffix ("Sdn Bhd", "Ltd") is found first, then up to four words before it are read in a
# window that ends at the suffix. (One expression for both, words then suffix, tried again at
# every word of a long run of suffix-like tokens such as "bhd-bhd-...": quadratic time.)
_COMPANY_SUFFIX = re.compile(
    r"(?i)(?<![^\W_])"
    r"(Sdn\.?[ \t]?Bhd|Co\.?,?[ \t]?Ltd|Pte\.?[ \t]?Ltd|Ltd|Limited|Inc|LLC|Company)\b\.?"
)
_SUFFIX_HEAD = re.compile(rf"(?<![^\W_])(?:{_NAME_WORD}[ \t]{{1,8}}){{1,4}}$")
_SUFFIX_WINDOW = 4 * (41 + 8)
_MAX_SUFFIXES = 200  # suffix words looked at per post
_WORD = re.compile(r"\S+")
_PREFIX_WORDS = frozenset({"pt", "cv", "ud", "lpk", "yayasan", "koperasi"})
_SUFFIX_WORDS = frozenset({"sdn", "bhd", "ltd", "limited", "inc", "llc", "company"})
_COMPANY_STOP = frozenset(
    "membuka buka butuh dibutuhkan mencari cari merekrut rekrut lowongan loker hiring is are"
    " sedang di ke untuk yang dengan adalah alamat jl jln jalan no nomor telp hubungi wa berizin"
    " resmi sip3mi sip2mi p3mi izin kantor kami we open membutuhkan menerima segera"
    " dan atau via gaji info minat juga also serta oleh dari from at the".split()
)


def companies(norm: Normalized) -> list[tuple[Span, str]]:
    text, words = norm.original, norm.words
    found: list[tuple[Span, str]] = []
    for word in _PREFIX_WORDS.intersection(words):
        for pos in word_positions(norm.text, word, limit=MAX_ENTITIES):
            m = _COMPANY_PREFIX.match(text, norm.to_original(pos, pos + len(word))[0])
            if m is None:
                continue
            name_words = _cut_name(m.group(2).split(), text_is_lower=m.group(2).islower())
            if not name_words:
                continue
            prefix = m.group(1).upper().replace(".", "")
            name = prefix + " " + " ".join(name_words)
            end = m.start(2) + _end_of_words(m.group(2), len(name_words))
            found.append((Span(m.start(), end, text[m.start() : end]), name))
    _in_text_order(found)  # the set gives the prefix words in an order that varies by process
    if _SUFFIX_WORDS.isdisjoint(words):
        return found[:MAX_ENTITIES]
    for count, m in enumerate(_COMPANY_SUFFIX.finditer(text)):
        if count >= _MAX_SUFFIXES or len(found) >= MAX_ENTITIES:
            break
        head_match = _SUFFIX_HEAD.search(text, max(0, m.start() - _SUFFIX_WINDOW), m.start())
        if head_match is None:
            continue
        head = [
            (w.group(), head_match.start() + w.start()) for w in _WORD.finditer(head_match.group())
        ]
        keep: list[tuple[str, int]] = []
        for word, pos in reversed(head):
            if word.lower().strip(".,") in _COMPANY_STOP:
                break
            keep.insert(0, (word, pos))
        if not keep:
            continue
        start = keep[0][1]
        name = " ".join(w for w, _ in keep) + " " + m.group(1)
        found.append((Span(start, m.end(), text[start : m.end()]), name))
    return found[:MAX_ENTITIES]


def _in_text_order(found: list[tuple[Span, str]]) -> None:
    if len(found) > 1:
        found.sort(key=_start_of)


def _start_of(item: tuple[Span, str]) -> int:
    return item[0].start


def _cut_name(words: list[str], text_is_lower: bool) -> list[str]:
    kept: list[str] = []
    for word in words:
        bare = word.strip(".,").lower()
        if bare in _COMPANY_STOP:
            break
        if kept and not text_is_lower and word[:1].islower() and word not in ("&", "dan"):
            break
        kept.append(word.rstrip(".,"))
        if len(kept) == 4:
            break
    return kept


def _end_of_words(chunk: str, count: int) -> int:
    pos = 0
    for _ in range(count):
        while pos < len(chunk) and chunk[pos] in " \t":
            pos += 1
        while pos < len(chunk) and chunk[pos] not in " \t":
            pos += 1
    return len(chunk[:pos].rstrip(".,"))


# ---------------------------------------------------------------------------------------------
# Places (normalised text)


def destinations(norm: Normalized, ruleset: Ruleset) -> list[tuple[Span, str, str]]:
    text = norm.text
    hits: list[tuple[int, int, str, str]] = []
    for word in ruleset.place_words.intersection(norm.words):
        entries = ruleset.places[word]
        pos = text.find(word)
        while pos != -1 and len(hits) < MAX_ENTITIES:
            if pos == 0 or not text[pos - 1].isalnum():
                for name, code in entries:
                    end = pos + len(name)
                    if text.startswith(name, pos) and (end == len(text) or not text[end].isalnum()):
                        hits.append((pos, end, code, name))
                        break
            pos = text.find(word, pos + 1)
    hits.sort(key=lambda h: (h[0], -h[1]))
    found: list[tuple[Span, str, str]] = []
    covered = -1
    for start, end, code, name in hits:  # "arab saudi" wins over the "saudi" inside it
        if start < covered:
            continue
        covered = end
        found.append((norm.span(start, end), code, name))
    return found


# ---------------------------------------------------------------------------------------------
# Money (normalised text: "15jt" is already "15 juta")

_UNITS = r"(juta|ribu|million|thousand|m|jt)"
_NUMBER = r"[0-9]{1,3}(?:[.,][0-9]{3}){1,12}(?:,[0-9]{1,2})?|[0-9]{1,9}(?:[.,][0-9]{1,2})?"
_MONEY = re.compile(
    rf"({_NUMBER})(?:[ \t]?(?:-|s/d|sd|sampai|hingga|to|~)[ \t]?"
    rf"(?:rp\.?[ \t]?|\$[ \t]?)?({_NUMBER}))?"
    rf"(?:[ \t]?{_UNITS}(?![a-z]))?"
)
_BEFORE_WORDS = (
    r"(rp|idr|usd|us\$|\$|rm|myr|sgd|s\$|nt\$|ntd|twd|hk\$|hkd|yen|jpy|krw|won|sar|riyal|aed"
    r"|thb|baht|eur|gbp|mop|rmb|cny|php|kwd|qar)"
)
_AFTER_WORDS = (
    r"(dolar|dollar|usd|ringgit|rm|myr|baht|thb|yen|won|riyal|dirham|aed|sgd|ntd|twd|hkd"
    r"|euro|eur|rupiah|yuan|peso|dinar|real|reais)"
)
_CURRENCY_BEFORE = re.compile(_BEFORE_WORDS + r"\.?[ \t]?:?[ \t]?$")
_CURRENCY_AFTER = re.compile(r"[ \t]?" + _AFTER_WORDS + r"(?![a-z])")
# An amount counts only with a currency before it (``$`` above also matches before a final
# newline) or a unit or currency after its last digit, so a post in which neither stands next
# to a digit has no amount at all; one search tells, and a third of posts are spared the scan
# of every number in them (phone numbers included).
_MONEY_HINT = re.compile(
    _BEFORE_WORDS
    + r"\.?[ \t]?:?[ \t]?\n?[0-9]|[0-9][ \t]?(?:"
    + _UNITS[1:-1]
    + "|"
    + _AFTER_WORDS[1:-1]
    + ")"
)
_CURRENCY_CODE = {
    "rp": "IDR",
    "idr": "IDR",
    "rupiah": "IDR",
    "usd": "USD",
    "us$": "USD",
    "$": "USD",
    "dolar": "USD",
    "dollar": "USD",
    "rm": "MYR",
    "myr": "MYR",
    "ringgit": "MYR",
    "sgd": "SGD",
    "s$": "SGD",
    "nt$": "TWD",
    "ntd": "TWD",
    "twd": "TWD",
    "hk$": "HKD",
    "hkd": "HKD",
    "yen": "JPY",
    "jpy": "JPY",
    "krw": "KRW",
    "won": "KRW",
    "sar": "SAR",
    "riyal": "SAR",
    "real": "SAR",  # "1.500 real": how many say riyal
    "reais": "SAR",
    "aed": "AED",
    "dirham": "AED",
    "thb": "THB",
    "baht": "THB",
    "eur": "EUR",
    "euro": "EUR",
    "gbp": "GBP",
    "mop": "MOP",
    "rmb": "CNY",
    "cny": "CNY",
    "yuan": "CNY",
    "php": "PHP",
    "peso": "PHP",
    "kwd": "KWD",
    "dinar": "KWD",
    "qar": "QAR",
}
_UNIT_FACTOR = {
    "juta": 1_000_000,
    "jt": 1_000_000,
    "million": 1_000_000,
    "m": 1_000_000,
    "ribu": 1_000,
    "thousand": 1_000,
}
_PERIOD = re.compile(
    r"[ \t]?(?:/|per|se|a|an)?[ \t]?"
    r"(bulan|month|mo|hari|day|harian|minggu|week|jam|hour|hr|tahun|year)"
    r"(?![a-z])"
)
_PERIOD_FACTOR = {
    "bulan": 1.0,
    "month": 1.0,
    "mo": 1.0,
    "hari": 26.0,
    "day": 26.0,
    "harian": 26.0,
    "minggu": 4.33,
    "week": 4.33,
    "jam": 208.0,
    "hour": 208.0,
    "hr": 208.0,
    "tahun": 1 / 12,
    "year": 1 / 12,
}
_FEE_WORDS = re.compile(
    r"(biaya|bayar|dp|uang|transfer|setor|fee|deposit|jaminan|pendaftaran|administrasi|modal"
    r"|potongan|dipotong|cicil|pelicin|tebus)(?![a-z])"
)
_SALARY_WORDS = re.compile(
    r"(gaji|penghasilan|income|upah|pendapatan|bonus|komisi|take home|thp|earn|insentif|pay"
    r"|dibayar|digaji|salary|wage|wages|honor|fee harian)(?![a-z])"
)


def money(norm: Normalized, rates: dict[str, float]) -> tuple[list[Salary], list[Salary]]:
    text = norm.text
    salaries: list[Salary] = []
    fees: list[Salary] = []
    if _MONEY_HINT.search(text) is None:
        return salaries, fees
    tried = 0
    for m in _MONEY.finditer(text):
        if len(salaries) + len(fees) >= MAX_ENTITIES or tried >= _MAX_AMOUNTS_TRIED:
            break
        start, end = m.span()
        if start and (text[start - 1] == "+" or _glued(text, start)):
            continue
        tried += 1
        parsed = _amount(text, m, rates)
        if parsed is None:
            continue
        currency, low, high, end, prefix = parsed
        kind = _kind(text, start, currency, end)
        if kind is None:
            continue
        span = norm.span(prefix.start() if prefix else start, end)
        item = Salary(span, int(low), int(high), currency, kind)
        (fees if kind == "fee" else salaries).append(item)
    return salaries, fees


# Numbers read as possible amounts per post: a post with more is a table or a list of posts,
# and reading each costs several window searches ("15jt " * 4000 was the slowest hostile input).
_MAX_AMOUNTS_TRIED = 400


def _glued(text: str, start: int) -> bool:
    """The number at ``start`` is part of a word ("a15", "08123"), not an amount. A currency
    glued before it ("rp14 juta", "rm2.000") still makes an amount."""
    if not text[start - 1].isalnum():
        return False
    glued = _GLUED_CURRENCY.search(text, max(0, start - 4), start)
    return glued is None


_GLUED_CURRENCY = re.compile(r"(?<![a-z0-9])(?:rp|idr|rm|usd|sgd|myr|sar|aed)$")


def _amount(
    text: str, m: re.Match[str], rates: dict[str, float]
) -> tuple[str, float, float, int, re.Match[str] | None] | None:
    digits = m.group(1).replace(".", "").replace(",", "")
    if len(digits) >= 10 and not m.group(3):
        return None  # a phone number or an account number
    start, end = m.span()
    before = _CURRENCY_BEFORE.search(text, max(0, start - 8), start)
    after = _CURRENCY_AFTER.match(text, end)
    unit = m.group(3)
    if not (before or after or unit):
        return None
    found = before or after
    currency = _CURRENCY_CODE[found.group(1)] if found else "IDR"
    if after:
        end = after.end()
    factor = _UNIT_FACTOR.get(unit or "", 1)
    if unit == "m" and currency == "IDR" and not before:
        return None  # "5 m" is more often metres than millions
    low = _number(m.group(1)) * factor
    high = _number(m.group(2)) * factor if m.group(2) else low
    period = _PERIOD.match(text, end)
    per = 1.0
    if period and period.start() - end <= 2:
        per = _PERIOD_FACTOR[period.group(1)]
        end = period.end()
    rate = rates.get(currency, 0.0)
    if not rate:
        return None
    high_idr = max(high, low) * rate * per
    if not math.isfinite(high_idr):
        return None  # hundreds of digits: not an amount anyone was offered
    return currency, low * rate * per, high_idr, end, before


def _number(raw: str) -> float:
    if _GROUPED.fullmatch(raw):
        return float(raw.replace(".", "").replace(",", ""))
    if _GROUPED_DECIMAL.fullmatch(raw):  # "1.500,50", "1,500,50": the last comma is decimal
        whole, _, cents = raw.rpartition(",")
        return float(whole.replace(".", "").replace(",", "") + "." + cents)
    return float(raw.replace(",", "."))


_GROUPED = re.compile(r"[0-9]{1,3}(?:[.,][0-9]{3}){1,12}")
_GROUPED_DECIMAL = re.compile(r"[0-9]{1,3}(?:[.,][0-9]{3}){1,12},[0-9]{1,2}")


def _kind(text: str, start: int, currency: str, end: int) -> str | None:
    window = text[max(0, start - 45) : start]
    fee = _last(_FEE_WORDS, window)
    salary = _last(_SALARY_WORDS, window)
    if fee > salary:
        return "fee"
    if salary > fee:
        return "salary"
    if currency != "IDR" or _PERIOD.match(text, end):
        return "salary"
    return None


def _last(pattern: re.Pattern[str], window: str) -> int:
    last = -1
    for m in pattern.finditer(window):
        last = m.start()
    return last


# ---------------------------------------------------------------------------------------------
# Age, licence numbers

_AGE = re.compile(
    r"(?:usia|umur|age|aged)(?:[^a-z0-9]{1,3}(?:min(?:imal|imum)?|maks(?:imal)?|max(?:imal|imum)?"
    r"|antara|between|dari|from|mulai))?[^a-z0-9]{1,3}([0-9]{1,2})(?![0-9])"
    r"(?:[ \t]?(?:tahun|th|years?)?[ \t]?(?:-|s/d|sd|sampai|hingga|to|dan|and)[ \t]?"
    r"([0-9]{1,2})(?![0-9]))?"
)
_AGE_EN = re.compile(
    r"([0-9]{1,2})[ \t]?(?:-[ \t]?([0-9]{1,2})[ \t]?)?(?:yo|y\.o|years old)(?![a-z])"
)
_LICENCE = re.compile(
    r"(?:sip3mi|sip2mi|siup3mi|sippmi|siuppmi|nomor izin|no\.? ?izin|izin no\.?)"
    r"[^a-z0-9]{0,4}(?:no\.?|nomor)?[^a-z0-9]{0,3}([0-9a-z][0-9a-z./\-]{3,40}[0-9a-z])"
)


def ages(norm: Normalized) -> list[tuple[Span, int, int | None]]:
    text = norm.text
    found: list[tuple[Span, int, int | None]] = []
    for pattern in _age_patterns(text):
        for m in pattern.finditer(text):
            low = int(m.group(1))
            high = int(m.group(2)) if m.group(2) else None
            if not 10 <= low <= 70 or (high is not None and not low <= high <= 80):
                continue
            found.append((norm.span(*m.span()), low, high))
            if len(found) >= MAX_ENTITIES:
                return found
    return found


def _age_patterns(text: str) -> tuple[re.Pattern[str], ...]:
    """The age expressions that can match: each needs a word that a substring test finds."""
    words = "usia" in text or "umur" in text or "age" in text
    english = "yo" in text or "y.o" in text or "years old" in text
    if words and english:
        return (_AGE, _AGE_EN)
    return (_AGE,) if words else (_AGE_EN,) if english else ()


def licences(norm: Normalized) -> list[tuple[Span, str]]:
    text = norm.text
    found = []
    for m in _LICENCE.finditer(text):
        if not any(c.isdigit() for c in m.group(1)):
            continue
        span = norm.span(*m.span(1))
        found.append((span, span.text.upper()))
        if len(found) >= MAX_ENTITIES:
            break
    return found


def phones(text: str) -> list[tuple[Span, str]]:
    return [(Span(s, e, text[s:e]), e164) for (s, e), e164 in find_phones(text)][:MAX_ENTITIES]


_VISA_TYPES = (
    ("on arrival", "on_arrival"),
    ("voa", "on_arrival"),
    ("bebas", "visa_free"),
    ("free", "visa_free"),
    ("calling", "calling"),
    ("kerja", "work"),
    ("work", "work"),
    ("permit", "work"),
    ("ziarah", "pilgrimage"),
    ("umroh", "pilgrimage"),
    ("umrah", "pilgrimage"),
    ("pelajar", "student"),
    ("student", "student"),
    ("kunjungan", "visit"),
    ("visit", "visit"),
    ("transit", "transit"),
)


def visa_type(phrase: str) -> str:
    low = phrase.lower()
    for key, kind in _VISA_TYPES:
        if key in low:
            return kind
    return "tourist"
