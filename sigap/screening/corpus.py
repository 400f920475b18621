"""A reproducible, labelled corpus of recruitment posts for training and evaluating the model.

No public Indonesian job-scam data set exists (see ../shared/reference), so SIGAP writes its
own. Every template here was written for SIGAP in the project's own words, after the patterns
that official warnings (Kemnaker, KP2MI/BP3MI, Kemlu) and news reports describe; no post was
copied from a real advert, and all names, numbers and accounts are invented. Labels come from
the *scenario* that produced a post (for example "scam-compound recruitment" -> tinggi), not from
the rules, so the rules can and do disagree with them.

Licence: the same as SIGAP (AGPL-3.0-or-later). Synthetic data overstates how well any model
does on real posts; see docs/screening.md.

    python -m sigap.screening.corpus -n 3000 --seed 2026 -o corpus.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")
SEED = 2026

ROLES_SCAM = [
    "admin",
    "admin media sosial",
    "customer service",
    "CS online",
    "operator data",
    "marketing online",
    "data entry",
    "typing job",
    "live chat",
    "staf administrasi",
    "telemarketing",
    "operator komputer",
    "call center",
]
BANNED_PLACES = [
    "Kamboja",
    "Phnom Penh",
    "Sihanoukville",
    "Bavet",
    "Poipet",
    "Myanmar",
    "Myawaddy",
    "KK Park",
    "Shwe Kokko",
    "Kamboja (Phnom Penh)",
    "Cambodia",
]
RISKY_PLACES = ["Thailand", "Bangkok", "Laos", "Golden Triangle", "Filipina", "Manila"]
BAIT_PLACES = ["Malaysia", "Jepang", "Hong Kong", "Singapura", "Taiwan", "Korea"]
OPEN_PLACES = ["Taiwan", "Hong Kong", "Malaysia", "Jepang", "Korea Selatan", "Singapura"]
MIDDLE_EAST = ["Arab Saudi", "Dubai", "Kuwait", "Qatar", "Abu Dhabi", "Riyadh", "Oman"]
LOCAL = [
    "Medan",
    "Malang",
    "Medan Marelan",
    "Kota Malang",
    "Binjai",
    "Deli Serdang",
    "Lowokwaru",
    "Klojen",
    "Medan Helvetia",
    "Sukun",
]
LOCAL_ROLES = [
    "kasir",
    "pelayan resto",
    "barista",
    "staf gudang",
    "admin toko",
    "sales motor",
    "kurir",
    "satpam",
    "guru les",
    "perawat klinik",
    "cleaning service",
    "helper dapur",
    "customer service",
    "admin gudang",
    "marketing properti",
    "operator produksi",
    "penjahit",
    "montir",
]
FIRST = [
    "Rina",
    "Dedi",
    "Sari",
    "Budi",
    "Ayu",
    "Joko",
    "Lina",
    "Andi",
    "Wati",
    "Hendra",
    "Putri",
    "Rudi",
    "Maya",
    "Agus",
    "Fitri",
    "Yusuf",
    "Nurul",
    "Bayu",
]
COMPANY_A = [
    "Maju",
    "Sejahtera",
    "Mandiri",
    "Karya",
    "Bintang",
    "Cahaya",
    "Mitra",
    "Sentosa",
    "Harapan",
    "Abadi",
    "Nusantara",
    "Samudra",
    "Gemilang",
    "Prima",
    "Lestari",
]
REGISTRY_SAMPLE = [
    "PT Sampel Karya Migran Sejahtera",
    "PT Contoh Penempatan Nusantara",
    "PT Demo Tenaga Kerja Abadi",
    "PT Karya Teladan Samudra",
    "PT Bina Migran Contoh Utama",
]
EMOJI = ["🔥", "✈️", "💰", "‼️", "📢", "✅", "🙏", "👉", "😍", "💯", "🇰🇭", "🇲🇾", "⭐"]


class Gen:
    """Helpers bound to one seeded random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng

    def pick(self, items: Sequence[T]) -> T:
        return self.r.choice(items)

    def maybe(self, p: float, text: str, alt: str = "") -> str:
        return text if self.r.random() < p else alt

    def some(self, items: list[str], lo: int, hi: int) -> list[str]:
        k = self.r.randint(lo, min(hi, len(items)))
        return self.r.sample(items, k)

    def phone(self) -> str:
        prefix = self.pick(["0812", "0813", "0821", "0852", "0857", "0878", "0895", "0838"])
        rest = "".join(str(self.r.randint(0, 9)) for _ in range(self.r.choice([7, 8])))
        style = self.r.random()
        if style < 0.3:
            return f"{prefix}-{rest[:4]}-{rest[4:]}"
        if style < 0.5:
            return f"+62 {prefix[1:]} {rest[:4]} {rest[4:]}"
        if style < 0.6:
            return f"wa.me/62{prefix[1:]}{rest}"
        return prefix + rest

    def handle(self) -> str:
        base = self.pick(["kerja", "loker", "hrd", "info", "karir", "job", "rekrut", "admin"])
        tail = self.pick(["asia", "ln", "id", "global", "cepat", "official", "88", "2026", "vip"])
        return f"@{base}_{tail}{self.r.randint(1, 99)}"

    def company(self) -> str:
        return "PT " + " ".join(self.r.sample(COMPANY_A, 2)) + self.maybe(0.4, " Abadi")

    def licence(self) -> str:
        return f"{self.r.randint(100, 999)}/{self.r.randint(2021, 2025)}"

    def contact(self) -> str:
        return self.pick(
            [
                f"minat hub WA {self.phone()}",
                f"info lebih lanjut hubungi {self.phone()}",
                f"japri aja kak {self.phone()}",
                f"chat admin di telegram {self.handle()}",
                f"DM / inbox ya, atau WA {self.phone()}",
                f"yang berminat langsung WA {self.phone()} ({self.pick(FIRST)})",
                f"contact Telegram {self.handle()}",
                f"kirim data diri ke WA {self.phone()}",
            ]
        )


def high_scam_compound(g: Gen) -> str:
    place = g.pick(BANNED_PLACES + RISKY_PLACES if g.r.random() < 0.3 else BANNED_PLACES)
    role = g.pick(ROLES_SCAM)
    pay = g.pick(
        [
            "gaji 15jt/bln",
            "gaji 12-18 juta",
            "gaji $1000",
            "salary USD 1.000-1.200",
            "gaji 1500 dolar",
            "gj 20jt + bonus",
            "penghasilan belasan juta",
            "gaji Rp 13.000.000/bulan",
            "gaji fantastis",
            "gaji 9 jt/bulan bersih",
        ]
    )
    extras = g.some(
        [
            "tiket pesawat dan visa ditanggung perusahaan",
            "berangkat pakai visa turis",
            "tanpa pengalaman",
            "cukup bisa mengetik",
            "berangkat minggu ini",
            "kuota terbatas",
            "usia 18-35 tahun",
            "mess dan makan gratis",
            "paspor dibuatkan",
            "interview via zoom",
            "transit di Bangkok dulu",
            "syarat mudah",
            "tidak perlu ijazah",
            "proses cepat 1 minggu",
            "perusahaan asing ternama",
            "bos China baik",
            "yang penting punya paspor",
        ],
        1,
        5,
    )
    opener = g.pick(
        [
            "DIBUTUHKAN SEGERA",
            "Lowongan kerja luar negeri",
            "LOKER",
            "Info kerja",
            "Open rekrut",
            "Dicari",
            "Kesempatan emas",
        ]
    )
    body = f"{opener} {role} di {place}. {pay}. " + ", ".join(extras) + ". " + g.contact()
    return body


def high_scam_english(g: Gen) -> str:
    place = g.pick(
        [
            "Cambodia",
            "Phnom Penh",
            "Sihanoukville",
            "Myanmar",
            "Bavet",
            "Laos",
            "Thailand border",
            "Myawaddy",
        ]
    )
    role = g.pick(
        [
            "customer service",
            "typist",
            "admin",
            "chat operator",
            "marketing staff",
            "data entry clerk",
        ]
    )
    extras = g.some(
        [
            "no experience needed",
            "free flight and accommodation",
            "visa on arrival is fine",
            "fast process, depart this week",
            "high salary",
            "only basic English",
            "passport will be kept by the company for safety",
            "limited slots",
        ],
        2,
        4,
    )
    pay = g.pick(["$1,000-1,500/month", "USD 1200", "salary $1500 + commission", "$800 + bonus"])
    lead = g.pick(["URGENT HIRING", "We are hiring", "Job vacancy", "Hiring now"])
    tail = g.pick(
        [f"contact Telegram {g.handle()}", f"WhatsApp {g.phone()}", f"DM me or WA {g.phone()}"]
    )
    mixed = g.maybe(0.4, " Gaji gede, langsung berangkat!")
    return f"{lead}: {role} in {place}, {pay}. " + ", ".join(extras) + f".{mixed} {tail}"


def high_middle_east(g: Gen) -> str:
    role = g.pick(
        [
            "PRT",
            "ART",
            "pembantu rumah tangga",
            "pengasuh anak",
            "pengasuh lansia",
            "sopir keluarga",
            "asisten rumah tangga",
        ]
    )
    extras = g.some(
        [
            "pakai visa ziarah",
            "visa umroh, kerja di sana",
            "berangkat cepat",
            "tanpa biaya",
            "gaji 7 juta",
            "gaji 1500 riyal",
            "usia 21-40",
            "langsung terbang bulan ini",
            "dokumen diurus sponsor",
            "japri saja",
            "tidak perlu lewat PT",
            "proses kilat",
        ],
        2,
        4,
    )
    return (
        f"{g.pick(['Dibutuhkan', 'Dicari', 'Lowongan'])} {role} untuk majikan di "
        f"{g.pick(MIDDLE_EAST)}. " + ", ".join(extras) + ". " + g.contact()
    )


def high_fee_personal(g: Gen) -> str:
    place = g.pick(BAIT_PLACES)
    job = g.pick(
        ["pabrik elektronik", "kebun", "restoran", "hotel", "konstruksi", "perawat lansia"]
    )
    fee = g.pick(
        [
            "biaya proses 5 juta",
            "uang administrasi 3,5 juta",
            "DP 2jt",
            "biaya medical 1.5jt",
            "biaya pendaftaran 750rb",
            "uang jaminan 10 juta",
        ]
    )
    bank = g.pick(["BRI", "BCA", "Mandiri", "BNI", "Dana", "OVO"])
    extras = g.some(
        [
            "tanpa tes bahasa",
            "berangkat 2 minggu",
            "tidak perlu lewat disnaker",
            "gaji 25 juta",
            "sisa biaya potong gaji nanti",
            "kuota terbatas",
            "syarat ringan",
            "kontrak diurus di sana",
        ],
        1,
        3,
    )
    return (
        f"Kerja ke {place} bagian {job}. {fee} transfer ke rekening pribadi saya {bank} "
        f"a.n. {g.pick(FIRST)}. " + ", ".join(extras) + ". " + g.contact()
    )


def high_minor_sexual(g: Gen) -> str:
    role = g.pick(
        [
            "LC karaoke",
            "pemandu lagu",
            "terapis spa plus",
            "hostess",
            "teman minum",
            "model casting",
        ]
    )
    place = g.pick(["Batam", "Malaysia", "Jakarta", "Kuala Lumpur", "Bali", "Medan"])
    extras = g.some(
        [
            "usia 16-22",
            "umur 17 bisa",
            "tanpa izin ortu",
            "KTP bisa dibantu",
            "gaji 25jt",
            "langsung kerja",
            "mess gratis",
            "open BO boleh",
            "kontak lewat MiChat",
            "pelajar boleh",
        ],
        2,
        4,
    )
    return f"Dicari cewek cantik untuk {role} di {place}. " + ", ".join(extras) + ". " + g.contact()


def high_illegal_route(g: Gen) -> str:
    job = g.pick(["kebun sawit", "kilang", "kontraktor bangunan", "restoran", "ladang"])
    extras = g.some(
        [
            "lewat jalur darat",
            "tanpa paspor kerja",
            "pakai paspor pelancong",
            "berangkat dari Tanjungbalai malam",
            "tidak perlu lewat agen resmi",
            "lewat jalur tikus aman",
            "calo berpengalaman",
            "biaya 4 juta bayar dulu",
            "visa kunjungan nanti diubah di sana",
        ],
        2,
        4,
    )
    return (
        f"Kerja {job} di {g.pick(['Malaysia', 'Sabah', 'Johor', 'Sarawak'])}, "
        f"gaji RM {g.pick(['1500', '1800', '2000', '2500'])}. "
        + ", ".join(extras)
        + ". "
        + g.contact()
    )


def high_gambling(g: Gen) -> str:
    role = g.pick(
        [
            "admin judi online",
            "operator slot",
            "CS casino",
            "staf betting",
            "pencari member judi",
            "admin togel",
        ]
    )
    place = g.pick(BANNED_PLACES + ["Filipina", "Laos"])
    return (
        f"Open rekrut {role} di {place}, gaji {g.pick(['15jt', '18 juta', '$1200'])}, "
        f"{g.pick(['tiket ditanggung', 'tanpa pengalaman', 'berangkat cepat'])}. " + g.contact()
    )


def medium_overseas_vague(g: Gen) -> str:
    place = g.pick(OPEN_PLACES)
    job = g.pick(["pabrik", "kilang", "perkebunan", "restoran", "gudang", "hotel"])
    extras = g.some(
        [
            "syarat mudah",
            "proses cepat",
            "tanpa pengalaman",
            "gaji menarik",
            "kuota terbatas",
            "mess disediakan",
            "bisa bantu urus paspor",
        ],
        1,
        2,
    )
    return f"Info loker {place}, kerja di {job}. " + ", ".join(extras) + ". " + g.contact()


def medium_local_fee(g: Gen) -> str:
    role = g.pick(LOCAL_ROLES)
    fee = g.pick(
        [
            "biaya seragam 150rb",
            "biaya pelatihan 300 ribu",
            "uang pendaftaran 100rb",
            "biaya administrasi Rp 250.000",
            "biaya ID card 75rb",
        ]
    )
    return (
        f"Dibutuhkan {role} di {g.pick(LOCAL)}. {fee} dibayar saat interview. "
        f"{g.pick(['Langsung kerja', 'Segera', 'Buruan daftar'])}! " + g.contact()
    )


def medium_online_job(g: Gen) -> str:
    return (
        g.pick(["Kerja online dari rumah", "Part time online", "Bisnis online via HP"])
        + f", penghasilan {g.pick(['300rb/hari', '500 ribu per hari', 'jutaan per hari'])}. "
        + g.pick(["Tanpa modal", "Modal kecil", "Cukup punya HP"])
        + ", "
        + g.pick(["syarat mudah", "tanpa pengalaman", "bisa sambil sekolah"])
        + ". "
        + g.contact()
    )


def medium_lpk(g: Gen) -> str:
    place = g.pick(["Jepang", "Korea", "Taiwan", "Jerman"])
    return (
        f"LPK {g.pick(COMPANY_A)} {g.pick(COMPANY_A)} buka pendaftaran program magang ke "
        f"{place}. Biaya pelatihan {g.pick(['12 juta', '15jt', '20 juta'])}, "
        f"{g.pick(['berangkat 3 bulan', 'proses cepat', 'dijamin berangkat'])}. "
        + g.pick(["Bisa dicicil.", "DP 5 juta dulu.", "Sisa potong gaji."])
        + " "
        + g.contact()
    )


def medium_crew(g: Gen) -> str:
    return (
        f"Dibutuhkan ABK kapal ikan {g.pick(['Taiwan', 'Korea', 'Peru', 'Fiji'])}, gaji "
        f"{g.pick(['$450', '$500', 'USD 550'])}/bulan, "
        + ", ".join(
            g.some(
                [
                    "tanpa pengalaman",
                    "berangkat cepat",
                    "potong gaji untuk biaya",
                    "tiket ditanggung",
                    "kontrak 2 tahun",
                ],
                2,
                3,
            )
        )
        + ". "
        + g.contact()
    )


def low_licensed(g: Gen) -> str:
    name = g.pick(REGISTRY_SAMPLE) if g.r.random() < 0.5 else g.company()
    place = g.pick(OPEN_PLACES)
    job = g.pick(
        [
            "caregiver",
            "operator pabrik",
            "perawat lansia",
            "pekerja konstruksi",
            "juru masak restoran",
            "housekeeping hotel",
            "pekerja pertanian",
        ]
    )
    parts = g.some(
        [
            f"SIP3MI No. {g.licence()}",
            "terdaftar di KP2MI",
            "proses resmi melalui Disnaker dan LTSA",
            "visa kerja",
            "perjanjian kerja ditandatangani sebelum berangkat",
            "BPJS Ketenagakerjaan",
            "tidak dipungut biaya penempatan",
            "wajib ikut OPP",
            "cek izin kami di siskop2mi",
            "biaya sesuai ketentuan pemerintah",
            "tiket ditanggung pemberi kerja",
            "sertifikat kompetensi dari BLK",
        ],
        3,
        6,
    )
    pay = g.pick(
        [
            "NT$ 30.000/bulan",
            "HK$ 4.990/bulan",
            "RM 2.000/bulan",
            "¥ 180.000/bulan",
            "gaji sesuai kontrak",
            "SGD 1.800/bulan",
        ]
    )
    addr = g.maybe(
        0.6,
        f" Kantor: Jl. {g.pick(COMPANY_A)} No. {g.r.randint(1, 200)}, "
        f"{g.pick(['Medan', 'Malang', 'Surabaya', 'Jakarta'])}.",
    )
    return f"{name} membuka lowongan {job} ke {place}. Gaji {pay}. " + ", ".join(parts) + "." + addr


def low_g2g(g: Gen) -> str:
    return g.pick(
        [
            "Pendaftaran program G to G ke Korea (EPS-TOPIK) dibuka oleh KP2MI. Daftar hanya lewat "
            "situs resmi, tidak dipungut biaya apa pun. Waspada calo yang menjanjikan kelulusan.",
            "Program Specified Skilled Worker (SSW) ke Jepang lewat KP2MI: ikuti tes bahasa dan "
            "keterampilan, proses di LTSA dan Disnaker setempat. Tidak ada biaya penempatan.",
            "Info resmi BP3MI: penempatan G to G ke Korea sektor manufaktur. "
            "Syarat: lulus EPS-TOPIK, "
            "sehat, usia 18-39. Pendaftaran di Disnaker kabupaten/kota.",
            "IM Japan membuka seleksi peserta magang ke Jepang melalui Disnaker. Peserta mendapat "
            "pelatihan, visa kerja dan kontrak resmi. Gratis, tanpa biaya pendaftaran.",
        ]
    ) + g.maybe(0.3, f" Info: kantor BP3MI {g.pick(['Medan', 'Surabaya', 'Malang'])}.")


def low_local(g: Gen) -> str:
    role = g.pick(LOCAL_ROLES)
    place = g.pick(LOCAL)
    parts = g.some(
        [
            f"gaji UMK {g.pick(['Medan', 'Malang'])}",
            "pendidikan min SMA/SMK",
            "pengalaman min 1 tahun",
            "fresh graduate dipersilakan",
            "BPJS Ketenagakerjaan",
            "usia maks 30 tahun",
            "berpenampilan rapi",
            "bisa mengoperasikan komputer",
            f"gaji Rp {g.pick(['3.000.000', '3.500.000', '2.900.000', '4.000.000'])}/bulan",
            "jujur dan disiplin",
            "tanpa pengalaman",
            "memiliki SIM C",
        ],
        2,
        5,
    )
    apply = g.pick(
        [
            f"Kirim lamaran ke email hrd@{g.pick(COMPANY_A).lower()}.co.id",
            f"Lamaran diantar langsung ke Jl. {g.pick(COMPANY_A)} "
            f"No. {g.r.randint(1, 150)}, {place}",
            f"Walk in interview setiap Senin di kantor kami, {place}",
            f"Info: WA {g.phone()} (HRD)",
            f"Kirim CV via WA {g.phone()}",
        ]
    )
    head = g.pick(["Dibutuhkan", "Lowongan kerja", "LOKER", "Dicari", "We are hiring"])
    firm = g.maybe(0.5, f" di {g.company()}", " untuk toko kami")
    return f"{head} {role}{firm} ({place}). " + ", ".join(parts) + ". " + apply


def low_local_english(g: Gen) -> str:
    return (
        "We're hiring a "
        + g.pick(["barista", "cashier", "English tutor", "admin assistant", "driver"])
        + f" in {g.pick(['Malang', 'Medan'])}. Requirements: "
        + ", ".join(
            g.some(
                [
                    "min. 1 year experience",
                    "friendly",
                    "able to work shifts",
                    "good communication",
                    "min. high school",
                ],
                2,
                3,
            )
        )
        + f". Salary IDR {g.pick(['3.2', '3.5', '4'])} million. Send your CV to "
        f"jobs@{g.pick(COMPANY_A).lower()}.com"
    )


def low_warning(g: Gen) -> str:
    quoted = g.some(
        [
            "gaji tinggi belasan juta",
            "kerja admin di Kamboja",
            "visa turis",
            "tiket ditanggung",
            "berangkat cepat",
            "tanpa pengalaman",
            "transfer biaya ke rekening pribadi",
            "customer service di Myanmar",
        ],
        2,
        4,
    )
    return (
        g.pick(["WASPADA!", "Hati-hati!", "Awas modus baru!", "Imbauan:", "PERINGATAN:"])
        + " Banyak lowongan palsu yang menjanjikan "
        + ", ".join(quoted)
        + ". "
        + g.pick(["Jangan tergiur.", "Jangan mudah percaya.", "Itu modus TPPO."])
        + " "
        + g.pick(
            [
                "Cek dulu di siskop2mi.bp2mi.go.id atau tanyakan ke Disnaker.",
                "Laporkan ke call center KP2MI 0-800-1000.",
                "Tanyakan ke BP3MI terdekat sebelum berangkat.",
                "Bagikan ke keluarga dan tetangga.",
            ]
        )
    )


def low_news(g: Gen) -> str:
    return g.pick(
        [
            f"Polres {g.pick(['Pelabuhan Belawan', 'Malang', 'Binjai'])} menangkap dua pelaku yang "
            f"merekrut {g.r.randint(3, 20)} warga untuk bekerja sebagai admin di Kamboja dengan "
            "visa turis. Para korban kini dipulangkan.",
            f"Sebanyak {g.r.randint(10, 90)} WNI korban penipuan daring di Myawaddy "
            "diselamatkan dan "
            "direpatriasi. Mereka dijanjikan gaji belasan juta sebagai customer service.",
            f"Kesbangpol Kota Medan menggelar sosialisasi pencegahan TPPO di Kantor Lurah Terjun, "
            f"Medan Marelan, dan memilih {g.r.randint(5, 15)} Duta Anti Trafficking.",
            "LPA Kota Malang bersama lurah dan camat membentuk Komunitas PP TPPO; lima kelurahan "
            "menandatangani Pakta Integritas untuk memantau perekrutan kerja di wilayahnya.",
            "Tersangka perdagangan orang ditangkap di Kualanamu saat akan memberangkatkan korban "
            "ke Kamboja lewat Singapura sebagai rombongan keluarga berlibur.",
        ]
    )


SCENARIOS: list[tuple[str, str, float, Callable[[Gen], str]]] = [
    ("scam_compound", "tinggi", 0.16, high_scam_compound),
    ("scam_english", "tinggi", 0.06, high_scam_english),
    ("middle_east_domestic", "tinggi", 0.05, high_middle_east),
    ("fee_personal_account", "tinggi", 0.05, high_fee_personal),
    ("minor_sexual", "tinggi", 0.04, high_minor_sexual),
    ("illegal_route", "tinggi", 0.04, high_illegal_route),
    ("gambling", "tinggi", 0.03, high_gambling),
    ("overseas_vague", "sedang", 0.08, medium_overseas_vague),
    ("local_fee", "sedang", 0.06, medium_local_fee),
    ("online_job", "sedang", 0.04, medium_online_job),
    ("lpk_fee", "sedang", 0.04, medium_lpk),
    ("fishing_crew", "sedang", 0.03, medium_crew),
    ("licensed_p3mi", "rendah", 0.10, low_licensed),
    ("g2g", "rendah", 0.04, low_g2g),
    ("local_job", "rendah", 0.10, low_local),
    ("local_english", "rendah", 0.03, low_local_english),
    ("warning", "rendah", 0.03, low_warning),
    ("news", "rendah", 0.02, low_news),
]

_SLANG = [
    ("gaji", "gj"),
    ("dibutuhkan", "dibthkn"),
    ("hubungi", "hub"),
    ("yang", "yg"),
    ("tidak", "tdk"),
    ("untuk", "utk"),
    ("dengan", "dgn"),
    ("juta", "jt"),
    ("lowongan kerja", "loker"),
    ("berangkat", "brgkt"),
    ("segera", "sgr"),
    ("WhatsApp", "WA"),
    ("pengalaman", "pengalamn"),
    ("karena", "krn"),
]


FLAG_EMOJI = frozenset({"🇰🇭", "🇲🇾"})


def noisy(g: Gen, text: str, risky: bool = True) -> str:
    """Write the post the way people type: slang, capitals, emoji, stretched letters."""
    r = g.r
    if r.random() < 0.5:
        for full, short in _SLANG:
            if r.random() < 0.5:
                text = text.replace(full, short)
    if r.random() < 0.15:
        text = text.upper()
    if r.random() < 0.35:
        # A country's flag marks a destination: never on a post whose scenario has none.
        emoji = EMOJI if risky else [e for e in EMOJI if e not in FLAG_EMOJI]
        text = g.pick(emoji) + " " + text + " " + g.pick(emoji)
    if r.random() < 0.1:
        text = text.replace("gaji", "gajiii").replace("Gaji", "Gajiii")
    if r.random() < 0.05:
        text = text.replace("gaji", "g a j i").replace("WA", "W.A")
    if r.random() < 0.3:
        text = text.replace(". ", ".\n")
    return text


def generate(n: int = 3000, seed: int = SEED) -> Iterator[dict[str, str]]:
    rng = random.Random(seed)
    g = Gen(rng)
    weights = [w for _, _, w, _ in SCENARIOS]
    for i in range(n):
        name, level, _, make = rng.choices(SCENARIOS, weights=weights)[0]
        text = noisy(g, make(g), risky=level != "rendah")
        yield {"id": f"c{i + 1:05d}", "text": text, "level": level, "scenario": name}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write SIGAP's synthetic screening corpus.")
    parser.add_argument("-n", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("-o", "--output", default="-")
    args = parser.parse_args(argv)
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")  # noqa: SIM115
    try:
        for row in generate(args.n, args.seed):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
