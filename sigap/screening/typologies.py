# ruff: noqa: E501 (the posts are prose; splitting every sentence would not help anyone read them)
"""The typology corpus: posts written for SIGAP, one slice per trafficking pattern that
Indonesian agencies and NGOs document, plus hard negatives (the legitimate look-alikes).

Every phrase here was written for SIGAP in the project's own words, after the patterns described
in ../shared/reference/indicators-and-red-flags.md, official warnings (Kemnaker, KP2MI/BP3MI,
Kemlu, KemenPPPA) and NGO reports (SBMI, Migrant CARE, IOM). No post was copied from a real
advert; names, numbers and accounts are invented. Labels come from the indicators a post was
built from (a strong indicator, or two or more medium ones: *tinggi*; one medium: *sedang*;
a legitimate look-alike: *rendah*), never from the engine.

The split is FIXED: within each typology every fourth post (index 3, 7, 11, ...) is in the
test split, the rest in the train split, and the generator is seeded, so the same posts land
in the same split on every machine. Rules are written against the train split; the test split
(tests/screening/test_typologies.py, docs/screening.md) only measures. Synthetic posts
overstate how well any engine does on real ones.

    python -m sigap.screening.typologies          # JSONL on stdout
    python -m sigap.screening.typologies --write  # rewrite data/typologies.jsonl
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
SEED = 1608
PER_TYPOLOGY = 80
PER_NEGATIVE = 60
TEST_EVERY = 4  # index % 4 == 3 -> test


@dataclass(frozen=True)
class Part:
    """One piece of a post: its text in Indonesian and English, and what it indicates."""

    id: str
    en: str
    weight: str = ""  # "strong", "medium" or "" (neutral detail)


class G:
    """Seeded helpers."""

    def __init__(self, rng: random.Random):
        self.r = rng

    def pick(self, items: Sequence[T]) -> T:
        return self.r.choice(items)

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def phone(self) -> str:
        prefix = self.pick(["0812", "0813", "0821", "0852", "0857", "0878", "0838"])
        rest = "".join(str(self.r.randint(0, 9)) for _ in range(8))
        return self.pick(
            [f"{prefix}{rest}", f"{prefix}-{rest[:4]}-{rest[4:]}", f"+62{prefix[1:]}{rest}"]
        )

    def name(self) -> str:
        return self.pick(
            [
                "Bu Ani",
                "Pak Darto",
                "Mas Rian",
                "Kak Lina",
                "Bang Ucok",
                "Mbak Sri",
                "Pak Haji Udin",
                "Bu Yanti",
            ]
        )

    def contact(self, en: bool) -> str:
        if en:
            return self.pick(
                [
                    f"WhatsApp {self.phone()}",
                    f"DM me or WA {self.phone()}",
                    f"contact {self.name().split()[-1]} on {self.phone()}",
                    f"message us on Telegram @{self.pick(['jobs', 'hr', 'career'])}_{self.r.randint(10, 99)}",
                ]
            )
        return self.pick(
            [
                f"hub WA {self.phone()}",
                f"info lanjut japri {self.name()} {self.phone()}",
                f"minat? langsung WA {self.phone()}",
                f"hubungi {self.name()} di {self.phone()}",
                f"inbox aja atau WA {self.phone()}",
            ]
        )


def _say(g: G, part: Part, en: bool) -> str:
    return part.en if en else part.id


def _compose(
    g: G,
    en: bool,
    opener: str,
    strong: list[Part],
    medium: list[Part],
    neutral: list[str],
    contact: bool = True,
) -> tuple[str, str]:
    """A post from an opener, indicators and neutral details; its level from the indicators."""
    roll = g.r.random()
    if roll < 0.55 and strong:
        chosen = [g.pick(strong)] + g.r.sample(medium, g.r.randint(0, min(2, len(medium))))
    elif roll < 0.85 and len(medium) >= 2:
        chosen = g.r.sample(medium, g.r.randint(2, min(3, len(medium))))
    else:
        chosen = [g.pick(medium)] if medium else [g.pick(strong)]
    g.r.shuffle(chosen)
    n_strong = sum(1 for p in chosen if p.weight == "strong")
    n_medium = sum(1 for p in chosen if p.weight == "medium")
    level = "tinggi" if n_strong or n_medium >= 2 else "sedang"
    pieces = [_say(g, p, en) for p in chosen]
    # The first neutral detail says what and where the job is: every post has it.
    details = [neutral[0], *g.r.sample(neutral[1:], g.r.randint(0, len(neutral) - 1))]
    body = opener + " " + ". ".join(details + pieces) + "."
    if contact:
        how = g.contact(en)
        body += " " + how[0].upper() + how[1:]
    return body, level


def _informal(g: G, text: str) -> str:
    """The way many posts are typed: slang, capitals, emoji."""
    if g.chance(0.3):
        for full, short in (
            ("yang", "yg"),
            ("tidak", "gak"),
            ("untuk", "utk"),
            ("gaji", "gj"),
            ("sudah", "udh"),
        ):
            text = text.replace(full, short)
    if g.chance(0.15):
        text = text.upper()
    if g.chance(0.25):
        text = g.pick(["🔥 ", "📢 ", "‼️ ", "✈️ "]) + text + g.pick([" 🙏", " 💯", " ✅", ""])
    return text


def _lang(g: G) -> str:
    """id (formal or informal), en, or mixed."""
    return g.pick(["id", "id", "id", "informal", "en", "mixed"])


def _render(g: G, make: Callable[[G, bool], tuple[str, str]]) -> tuple[str, str, str]:
    lang = _lang(g)
    text, level = make(g, lang == "en")
    if lang == "informal":
        text = _informal(g, text)
    elif lang == "mixed":
        endings = ["Monggo share ke yang butuh.", "Thank you, semoga bermanfaat.", "Pls share kak."]
        if level != "rendah":
            endings.append("Serius minat aja ya, no PHP.")
        text += " " + g.pick(endings)
    return text, level, lang


# ---------------------------------------------------------------------------------------------
# 1. Money to the family up front, sponsors and calo at the parents' door, secrecy


def family(g: G, en: bool) -> tuple[str, str]:
    place = g.pick(["Malaysia", "Arab Saudi", "Taiwan", "Hong Kong", "Brunei", "Singapura"])
    strong = [
        Part(
            f"Keluarga langsung dapat uang sirih {g.pick(['2 juta', '3 juta', '5 juta'])} sebelum berangkat",
            f"Your family gets a cash gift of Rp{g.pick(['2', '3', '5'])} million before you leave",
            "strong",
        ),
        Part(
            f"Orang tua diberi uang tanda jadi {g.pick(['1,5 juta', '2 juta', 'Rp3 juta'])}",
            f"Parents receive a Rp{g.pick(['1.5', '2', '3'])} million advance as a sign of commitment",
            "strong",
        ),
        Part(
            "Ada panjar untuk keluarga di kampung, nanti dipotong dari gaji",
            "An advance is paid to the family at home and deducted from wages later",
            "strong",
        ),
        Part(
            "Jangan bilang ke pak RT atau kantor desa dulu, nanti ribet",
            "Don't tell the RT or the village office, it only complicates things",
            "strong",
        ),
        Part(
            "Tidak usah lapor ke kelurahan, semua kami urus diam-diam",
            "No need to report to the village office, we handle everything quietly",
            "strong",
        ),
        Part(
            "Rahasiakan dari perangkat desa sampai sudah berangkat",
            "Keep it secret from the village officials until you have left",
            "strong",
        ),
        Part(
            "Uang saku buat orang tua dikasih di muka, tinggal tanda tangan",
            "Pocket money for your parents is paid up front, just sign",
            "strong",
        ),
    ]
    medium = [
        Part(
            "Sponsor kami akan datang ke rumah bicara dengan orang tua",
            "Our sponsor will visit your home to talk with your parents",
            "medium",
        ),
        Part(
            "Calo dari kecamatan sudah kenal keluarga",
            "The broker from the district already knows the family",
            "medium",
        ),
        Part(
            "PL (petugas lapangan) akan jemput ke rumah",
            "Our field agent will pick you up at home",
            "medium",
        ),
        Part("Semua biaya ditanggung sponsor", "All costs are covered by the sponsor", "medium"),
        Part("Berangkat bulan ini juga", "Departure this month", "medium"),
        Part("Tanpa pengalaman, tanpa ijazah", "No experience or diploma needed", "medium"),
    ]
    neutral = [
        f"Kerja di {place}" if not en else f"Work in {place}",
        "Kerja pabrik atau rumah tangga" if not en else "Factory or household work",
        "Usia 20 ke atas" if not en else "Age 20 and above",
    ]
    opener = (
        g.pick(
            [
                "Info kerja untuk anak ibu bapak.",
                "Lowongan luar negeri.",
                "Dicari tenaga kerja wanita.",
            ]
        )
        if not en
        else g.pick(["Job offer for your daughter or son.", "Overseas vacancy."])
    )
    return _compose(g, en, opener, strong, medium, neutral)


# ---------------------------------------------------------------------------------------------
# 2. Bride trafficking


def bride(g: G, en: bool) -> tuple[str, str]:
    country = g.pick(["China", "Tiongkok", "Taiwan"])
    strong = [
        Part(
            f"Dicari gadis untuk dinikahkan dengan pria {country}, keluarga dapat mahar {g.pick(['20 juta', '30 juta', 'Rp50 juta'])}",
            f"Looking for girls to marry a man from {country}, the family receives a dowry of Rp{g.pick(['20', '30', '50'])} million",
            "strong",
        ),
        Part(
            "Program pengantin pesanan, calon suami sudah menunggu",
            "Mail-order bride programme, the husband is waiting",
            "strong",
        ),
        Part(
            f"Jodoh dengan suami {country} yang mapan, semua biaya nikah ditanggung",
            f"Marriage to a wealthy {country} husband, all wedding costs paid",
            "strong",
        ),
        Part(
            "Umur di dokumen bisa dituakan kalau belum 18",
            "The age on the documents can be made older if under 18",
            "strong",
        ),
        Part(
            "Paspor dan akta nikah diurus agen, data umur diubah",
            "The agent arranges passport and marriage papers, the age is changed",
            "strong",
        ),
        Part(
            "Kawin kontrak dengan pria asing, orang tua dapat uang",
            "Contract marriage with a foreign man, the parents get money",
            "strong",
        ),
    ]
    medium = [
        Part("Tidak perlu bisa bahasa mandarin", "No need to speak Mandarin", "medium"),
        Part("Berangkat dalam dua minggu", "Departure within two weeks", "medium"),
        Part("Kirim foto seluruh badan dulu", "Send a full body photo first", "medium"),
        Part("Tiket dan paspor ditanggung", "Ticket and passport covered", "medium"),
    ]
    neutral = [
        "Hidup enak di luar negeri" if not en else "A comfortable life abroad",
        "Usia 17-25 tahun" if not en else "Age 17-25",
        "Wanita lajang" if not en else "Single women",
    ]
    opener = (
        g.pick(
            [
                "Info jodoh luar negeri.",
                "Biro jodoh internasional.",
                "Kesempatan menikah dan hidup makmur.",
            ]
        )
        if not en
        else g.pick(["International matchmaking.", "Marry abroad and live well."])
    )
    return _compose(g, en, opener, strong, medium, neutral)


# ---------------------------------------------------------------------------------------------
# 3. Hostess, karaoke, spa, "model" and live-streaming jobs for young women


def entertainment(g: G, en: bool) -> tuple[str, str]:
    role = g.pick(
        [
            "LC karaoke",
            "pemandu lagu",
            "terapis spa",
            "host live streaming",
            "model",
            "hostess",
            "purel",
        ]
    )
    role_en = g.pick(
        ["karaoke hostess", "spa therapist", "live streaming host", "model", "club hostess"]
    )
    place = g.pick(["Batam", "Bali", "Jakarta", "Malaysia", "Kuala Lumpur", "Dubai", "Makau"])
    strong = [
        Part(
            "Kirim foto full body dan foto pakai bikini",
            "Send full body photos and a photo in a bikini",
            "strong",
        ),
        Part(
            "Wajib kirim foto badan tanpa hijab dan video",
            "You must send body photos without hijab and a video",
            "strong",
        ),
        Part(
            "Rahasiakan dari keluarga, bilang saja kerja di toko",
            "Keep it from your family, just say you work in a shop",
            "strong",
        ),
        Part(
            "Bisa temani tamu minum sampai pagi",
            "Must accompany guests drinking until morning",
            "strong",
        ),
        Part(
            "Umur 16 juga bisa, KTP dibantu", "Age 16 is fine, we help with the ID card", "strong"
        ),
        Part("Tidak perlu izin orang tua", "No need for your parents' permission", "strong"),
    ]
    medium = [
        Part(
            f"Dicari cewek cantik usia {g.pick(['18-23', '18-25', '19-24'])} tahun",
            f"Looking for pretty girls aged {g.pick(['18-23', '18-25', '19-24'])}",
            "medium",
        ),
        Part(
            f"Gaji {g.pick(['15 juta', '20 juta', '25jt'])} per bulan plus tips",
            f"Pay Rp{g.pick(['15', '20', '25'])} million a month plus tips",
            "medium",
        ),
        Part("Mess dan tiket gratis", "Free housing and ticket", "medium"),
        Part(
            "Tanpa pengalaman, yang penting good looking",
            "No experience, just good looking",
            "medium",
        ),
        Part(
            "Kirim foto close up dan full badan via WA",
            "Send a close-up and a full-length photo via WhatsApp",
            "medium",
        ),
    ]
    neutral = [
        f"Penempatan di {place}" if not en else f"Based in {place}",
        "Kerja malam" if not en else "Night shifts",
    ]
    opener = f"Lowongan {role} untuk wanita." if not en else f"Hiring {role_en}s (female)."
    return _compose(g, en, opener, strong, medium, neutral)


# ---------------------------------------------------------------------------------------------
# 4. Non-procedural routes (Malaysia and elsewhere)


def route(g: G, en: bool) -> tuple[str, str]:
    point = g.pick(["Batam", "Tanjung Pinang", "Nunukan", "Entikong", "Tanjung Balai", "Dumai"])
    where = g.pick(["Malaysia", "Johor", "Sabah", "Sarawak", "Kuala Lumpur", "Brunei"])
    strong = [
        Part(
            "Kerja tanpa permit, nanti diurus di sana",
            "Work without a permit, it is arranged there",
            "strong",
        ),
        Part(
            "Masuk pakai paspor pelancong, bilang mau jalan-jalan",
            "Enter on a tourist passport, say you are visiting",
            "strong",
        ),
        Part(
            f"Dijemput di {point} lalu nyebrang malam pakai speedboat",
            f"Pick-up in {point}, then cross at night by speedboat",
            "strong",
        ),
        Part(
            "Lewat jalur belakang, aman tidak ada pemeriksaan",
            "Through the back route, safe, no checks",
            "strong",
        ),
        Part(
            "Tidak perlu lewat PT atau disnaker, langsung ke majikan",
            "No need to go through an agency or Disnaker, straight to the employer",
            "strong",
        ),
        Part("Cop paspor diurus tekong", "The passport stamp is handled by the smuggler", "strong"),
    ]
    medium = [
        Part(f"Kumpul dulu di {point}", f"Gather first in {point}", "medium"),
        Part("Berangkat minggu depan", "Leave next week", "medium"),
        Part(
            f"Gaji RM {g.pick(['1,800', '2,000', '2.500'])} sebulan",
            f"Wages RM {g.pick(['1,800', '2,000', '2,500'])} a month",
            "medium",
        ),
        Part("Biaya jalan 3 juta bayar dulu", "Travel cost Rp3 million paid first", "medium"),
        Part("Tanpa pengalaman", "No experience needed", "medium"),
    ]
    neutral = [
        f"Kerja ladang sawit di {where}" if not en else f"Plantation work in {where}",
        f"Kerja kilang di {where}" if not en else f"Factory work in {where}",
        f"Kerja bangunan di {where}" if not en else f"Construction work in {where}",
    ]
    opener = (
        g.pick(["Info kerja Malaysia.", "Dicari pekerja untuk seberang.", "LOKER LUAR NEGERI."])
        if not en
        else "Jobs across the border."
    )
    return _compose(g, en, opener, strong, medium, neutral)


# ---------------------------------------------------------------------------------------------
# 5. Domestic work in the Middle East despite the moratorium


def middle_east(g: G, en: bool) -> tuple[str, str]:
    where = g.pick(
        ["Arab Saudi", "Riyadh", "Jeddah", "Dubai", "Kuwait", "Qatar", "Oman", "Yordania"]
    )
    strong = [
        Part(
            "Pakai visa umroh, sampai sana langsung kerja",
            "Travel on an umrah visa and start work on arrival",
            "strong",
        ),
        Part("Berangkat dengan visa ziarah", "You leave on a visit (ziarah) visa", "strong"),
        Part(
            "Kalau ditanya petugas imigrasi bilang mau umroh",
            "If immigration asks, say you are going on umrah",
            "strong",
        ),
        Part(
            "Jalur cepat tanpa BLK dan tanpa penampungan",
            "Fast track with no BLK training and no shelter stay",
            "strong",
        ),
        Part(
            "Tidak perlu pelatihan, langsung terbang",
            "No training needed, fly straight away",
            "strong",
        ),
        Part(
            "Nanti diajari jawaban untuk petugas bandara",
            "We will coach you what to tell the airport officers",
            "strong",
        ),
    ]
    medium = [
        Part(
            f"Gaji {g.pick(['1.500 real', '1.200 riyal', '1.800 real'])} per bulan",
            f"Salary {g.pick(['1,500', '1,200', '1,800'])} riyal a month",
            "medium",
        ),
        Part("Proses kilat dua minggu", "Express process, two weeks", "medium"),
        Part(
            "Tiket dan medical ditanggung sponsor",
            "Ticket and medical paid by the sponsor",
            "medium",
        ),
        Part("Usia 21-45 tanpa pengalaman", "Age 21-45, no experience", "medium"),
    ]
    role = g.pick(["PRT", "ART", "pembantu rumah tangga", "pengasuh anak", "pengasuh lansia"])
    role_en = g.pick(["housemaid", "domestic worker", "nanny", "elderly caregiver in a home"])
    neutral = [
        f"Dibutuhkan {role} di {where}" if not en else f"{role_en.capitalize()} needed in {where}",
        "Majikan baik" if not en else "Good employer",
    ]
    opener = (
        g.pick(["Lowongan Timur Tengah.", "Info kerja Saudi.", "Dicari segera."])
        if not en
        else "Middle East job."
    )
    return _compose(g, en, opener, strong, medium, neutral)


# ---------------------------------------------------------------------------------------------
# 6. Fishing-vessel crews


def fishing(g: G, en: bool) -> tuple[str, str]:
    flag = g.pick(["Taiwan", "Korea", "China", "Peru", "Fiji", "Mauritius", "Afrika Selatan"])
    strong = [
        Part(
            "Gaji dibayar setelah kontrak selesai",
            "Wages are paid when the contract ends",
            "strong",
        ),
        Part(
            "Gaji ditahan agen sampai pulang",
            "The agent holds the wages until you come home",
            "strong",
        ),
        Part(
            "Paspor dan buku pelaut dipegang kapten",
            "The captain keeps your passport and seaman's book",
            "strong",
        ),
        Part(
            "Kontrak 2 tahun, gaji diterima di akhir kontrak",
            "Two-year contract, wages received at the end of the contract",
            "strong",
        ),
        Part(
            "Kalau berhenti sebelum kontrak habis kena denda 30 juta",
            "Quit before the contract ends and you pay a Rp30 million penalty",
            "strong",
        ),
    ]
    medium = [
        Part(
            f"Biaya medical dan dokumen {g.pick(['3,5 juta', '4 juta', 'Rp2.500.000'])} bayar sendiri",
            "Medical and document fees of Rp3.5 million paid by you",
            "medium",
        ),
        Part(
            "Buku pelaut dibuatkan, tanpa pengalaman laut",
            "Seaman's book made for you, no sea experience needed",
            "medium",
        ),
        Part(
            f"Gaji {g.pick(['$450', 'USD 500', '$550'])} per bulan",
            f"Salary {g.pick(['$450', 'USD 500', '$550'])} a month",
            "medium",
        ),
        Part("Berangkat minggu depan", "Departure next week", "medium"),
        Part(
            "Sebagian gaji dipotong untuk biaya", "Part of the wage is deducted for costs", "medium"
        ),
    ]
    neutral = [
        f"Kapal ikan long line {flag}" if not en else f"Long-line fishing vessel, {flag}",
        "Dibutuhkan ABK" if not en else "Deckhands needed",
    ]
    opener = (
        g.pick(
            ["Lowongan ABK kapal ikan.", "Dicari crew kapal ikan luar negeri.", "Info kerja laut."]
        )
        if not en
        else "Fishing crew wanted."
    )
    return _compose(g, en, opener, strong, medium, neutral)


# ---------------------------------------------------------------------------------------------
# 7. Student and internship schemes


def internship(g: G, en: bool) -> tuple[str, str]:
    where = g.pick(["Jerman", "Jepang", "Korea", "Taiwan"])
    where_en = {"Jerman": "Germany", "Jepang": "Japan", "Korea": "Korea", "Taiwan": "Taiwan"}[where]
    strong = [
        Part(
            "Program ferienjob untuk mahasiswa, kerja di gudang dan pabrik, dikonversi jadi SKS",
            "Ferienjob programme for students: warehouse and factory work, converted into credits",
            "strong",
        ),
        Part(
            f"Biaya program dibiayai dana talangan, dicicil dari gaji magang di {where}",
            f"Programme fees covered by a bridging loan repaid from your internship pay in {where_en}",
            "strong",
        ),
        Part(
            "Pinjaman dana talangan 30 juta, potong gaji tiap bulan",
            "A Rp30 million bridging loan, deducted from pay every month",
            "strong",
        ),
        Part(
            "Pakai visa pelajar tapi kerja penuh waktu", "Student visa but full-time work", "strong"
        ),
        Part(
            "Magang ini sebenarnya kerja angkat barang 10 jam sehari",
            "The internship is really lifting boxes ten hours a day",
            "strong",
        ),
    ]
    medium = [
        Part("Tidak perlu bisa bahasa", "No language skills needed", "medium"),
        Part("Berangkat bulan depan", "Depart next month", "medium"),
        Part(
            f"Biaya pendaftaran {g.pick(['5 juta', '7,5 juta', 'Rp10 juta'])} bayar di muka",
            f"Registration fee Rp{g.pick(['5', '7.5', '10'])} million paid up front",
            "medium",
        ),
        Part(
            "Dapat uang saku besar, bisa kirim ke orang tua",
            "Big allowance you can send home",
            "medium",
        ),
        Part("Kuota terbatas, daftar sekarang", "Limited places, apply now", "medium"),
    ]
    neutral = [
        f"Program magang mahasiswa ke {where}" if not en else f"Student internship in {where_en}",
        "Untuk semua jurusan" if not en else "Open to all majors",
    ]
    opener = (
        g.pick(
            ["Kesempatan magang luar negeri!", "Program internasional kampus.", "Magang berbayar."]
        )
        if not en
        else "Paid internship abroad!"
    )
    return _compose(g, en, opener, strong, medium, neutral)


# ---------------------------------------------------------------------------------------------
# 8. Online "task" jobs and scams that escalate to travel


def online_task(g: G, en: bool) -> tuple[str, str]:
    where = g.pick(["Kamboja", "Myanmar", "Laos", "Filipina", "Thailand", "Bangkok", "Manila"])
    where_en = {"Kamboja": "Cambodia", "Filipina": "the Philippines"}.get(where, where)
    strong = [
        Part(
            f"Yang lolos ikut pelatihan di {where}, tiket ditanggung",
            f"Those who pass join training in {where_en}, flight paid",
            "strong",
        ),
        Part(
            "Isi saldo dulu untuk membuka tugas berikutnya",
            "Top up your balance first to unlock the next task",
            "strong",
        ),
        Part(
            "Deposit 500 ribu supaya komisi bisa ditarik",
            "Deposit Rp500,000 so the commission can be withdrawn",
            "strong",
        ),
        Part(
            f"Tim terbaik dipindah kerja kantor di {where}",
            f"The best team members move to our office in {where_en}",
            "strong",
        ),
        Part(
            "Tugas like dan follow dibayar, lalu wajib beli paket premium",
            "Paid like-and-follow tasks, then you must buy a premium package",
            "strong",
        ),
    ]
    medium = [
        Part(
            "Kerja online dari HP, komisi per tugas",
            "Online work from your phone, commission per task",
            "medium",
        ),
        Part(
            f"Penghasilan {g.pick(['300rb', '500 ribu', '1 juta'])} per hari",
            f"Earn Rp{g.pick(['300,000', '500,000', '1 million'])} a day",
            "medium",
        ),
        Part(
            "Tugas rating hotel dan review produk",
            "Tasks rating hotels and reviewing products",
            "medium",
        ),
        Part("Tanpa pengalaman, cukup punya HP", "No experience, just a phone", "medium"),
    ]
    neutral = [
        "Part time atau full time" if not en else "Part time or full time",
        "Admin akan pandu" if not en else "An admin will guide you",
    ]
    opener = (
        g.pick(["Lowongan kerja online.", "Part time online dari rumah.", "Kerja sampingan."])
        if not en
        else "Online job opportunity."
    )
    return _compose(g, en, opener, strong, medium, neutral)


# ---------------------------------------------------------------------------------------------
# 9. Impersonation of state companies, ministries and known employers


def impersonation(g: G, en: bool) -> tuple[str, str]:
    org = g.pick(
        [
            "PT Pertamina (Persero)",
            "PT PLN",
            "Kementerian Ketenagakerjaan",
            "PT Garuda Indonesia",
            "KP2MI",
            "PT Telkom Indonesia",
            "Rekrutmen Bersama BUMN",
            "PT Freeport",
        ]
    )
    strong = [
        Part(
            "Peserta wajib memesan tiket dan hotel melalui travel agent yang kami tunjuk",
            "Candidates must book flights and hotels through the travel agent we appoint",
            "strong",
        ),
        Part(
            f"Biaya akomodasi tes {g.pick(['Rp2.750.000', '3,2 juta', 'Rp1.950.000'])} ditransfer ke travel, diganti setelah tes",
            "Test accommodation fee transferred to the travel agent, refunded after the test",
            "strong",
        ),
        Part(
            "Reservasi tiket hanya lewat biro perjalanan resmi panitia",
            "Tickets may only be booked through the committee's travel bureau",
            "strong",
        ),
        Part(
            "Transfer biaya transportasi ke agen travel sebelum tanggal tes",
            "Transfer the transport fee to the travel agent before the test date",
            "strong",
        ),
    ]
    medium = [
        Part(
            "Anda lolos seleksi administrasi dan dipanggil tes wawancara di Jakarta",
            "You passed the administrative selection and are called to an interview in Jakarta",
            "medium",
        ),
        Part(
            "Konfirmasi kehadiran ke nomor WA panitia",
            "Confirm attendance to the committee's WhatsApp number",
            "medium",
        ),
        Part("Kuota peserta terbatas", "Limited seats", "medium"),
    ]
    neutral = [
        f"Panggilan tes {org}" if not en else f"Test invitation, {org}",
        "Penempatan seluruh Indonesia" if not en else "Placement anywhere in Indonesia",
    ]
    opener = (
        g.pick(
            [
                "PENGUMUMAN PANGGILAN TES.",
                "Undangan seleksi calon pegawai.",
                "Surat panggilan interview.",
            ]
        )
        if not en
        else "INTERVIEW INVITATION."
    )
    return _compose(g, en, opener, strong, medium, neutral)


# ---------------------------------------------------------------------------------------------
# 10. Polite, well-written posts: salary far above the role, online-only interview, weeks


def polite(g: G, en: bool) -> tuple[str, str]:
    where = g.pick(["Dubai", "Kuala Lumpur", "Bangkok", "Singapura", "Turki", "Polandia"])
    role = g.pick(
        ["resepsionis hotel", "staf gudang", "pramusaji restoran", "staf kebersihan", "kasir toko"]
    )
    role_en = g.pick(
        [
            "hotel receptionist",
            "warehouse assistant",
            "restaurant server",
            "cleaning staff",
            "shop cashier",
        ]
    )
    medium = [
        Part(
            f"Gaji {g.pick(['USD 2.500', 'Rp35 juta', 'setara Rp40 juta', 'USD 3,000'])} per bulan",
            f"Monthly salary of {g.pick(['USD 2,500', 'USD 3,000', 'Rp35 million'])}",
            "medium",
        ),
        Part(
            "Wawancara dilakukan secara daring melalui Zoom",
            "Interviews are conducted online only, via Zoom",
            "medium",
        ),
        Part(
            "Kandidat terpilih berangkat dalam tiga minggu",
            "Selected candidates depart within three weeks",
            "medium",
        ),
        Part(
            "Seluruh proses dilakukan secara online tanpa tatap muka",
            "The whole process is online, with no face-to-face meeting",
            "medium",
        ),
    ]
    neutral = [
        f"Kami membuka posisi {role} di {where}"
        if not en
        else f"We are pleased to offer positions as {role_en} in {where}",
        "Kami menghargai ketertarikan Anda" if not en else "We appreciate your interest",
        "Lingkungan kerja profesional" if not en else "A professional working environment",
    ]
    opener = "Dengan hormat." if not en else "Dear candidates,"
    return _compose(g, en, opener, [], medium, neutral)


# ---------------------------------------------------------------------------------------------
# Hard negatives: the legitimate look-alikes (all *rendah*)


def licensed_p3mi(g: G, en: bool) -> tuple[str, str]:
    name = g.pick(
        [
            "PT Sampel Karya Migran Sejahtera",
            "PT Contoh Penempatan Nusantara",
            "PT Demo Tenaga Kerja Abadi",
        ]
    )
    where = g.pick(["Taiwan", "Hong Kong", "Jepang", "Korea Selatan", "Malaysia", "Singapura"])
    if en:
        return (
            f"{name} (licensed placement agency, SIP3MI No. {g.r.randint(100, 999)}/{g.r.randint(2022, 2025)}) "
            f"is recruiting factory operators for {where}. Work visa, employment contract signed before "
            f"departure, registered with KP2MI, no placement fee. Apply through the Disnaker/LTSA office."
        ), "rendah"
    parts = g.r.sample(
        [
            f"SIP3MI No. {g.r.randint(100, 999)}/{g.r.randint(2022, 2025)}",
            "terdaftar di KP2MI",
            "proses resmi melalui Disnaker dan LTSA",
            "visa kerja",
            "perjanjian kerja ditandatangani sebelum berangkat",
            "BPJS Ketenagakerjaan",
            "tidak dipungut biaya penempatan",
            "wajib ikut orientasi pra pemberangkatan",
        ],
        4,
    )
    return f"{name} membuka lowongan operator pabrik ke {where}. " + ", ".join(
        parts
    ) + ".", "rendah"


def g2g(g: G, en: bool) -> tuple[str, str]:
    if en:
        return g.pick(
            [
                "Korea's EPS (G to G) registration is open through KP2MI. Pass the EPS-TOPIK test, register only on the official site. No fees; beware of brokers promising a place.",
                "Government to government placement to Japan (SSW) through KP2MI: language and skills tests, processed at your Disnaker and LTSA. No placement fee.",
            ]
        ), "rendah"
    return g.pick(
        [
            "Pendaftaran program G to G ke Korea (EPS-TOPIK) dibuka oleh KP2MI. Daftar hanya lewat situs resmi, tidak dipungut biaya apa pun.",
            "Penempatan G to G ke Korea sektor manufaktur: wajib lulus EPS-TOPIK, pendaftaran di Disnaker kabupaten/kota, tanpa biaya penempatan.",
            "Program SSW ke Jepang lewat KP2MI: ikuti tes bahasa dan keterampilan, proses di LTSA dan Disnaker. Tidak ada biaya penempatan.",
            "Info resmi BP3MI: seleksi G to G Korea perikanan, syarat lulus EPS-TOPIK dan sehat. Daftar di Disnaker setempat, gratis.",
        ]
    ) + g.pick(
        [
            "",
            " Waspada calo yang menjanjikan kelulusan.",
            f" Info: kantor BP3MI {g.pick(['Medan', 'Surabaya', 'Malang'])}.",
        ]
    ), "rendah"


def real_internship(g: G, en: bool) -> tuple[str, str]:
    if en:
        return g.pick(
            [
                "Internship at our Malang office for final-year students: 3 months, monthly allowance, mentoring, certificate. Apply with your CV and campus letter to intern@contohkarya.co.id.",
                "IM Japan technical intern programme through Disnaker: free of charge, language training before departure, work visa and contract. Registration at your district Disnaker.",
            ]
        ), "rendah"
    return g.pick(
        [
            "Lowongan magang mahasiswa di kantor kami di Medan selama 3 bulan, uang saku bulanan, ada pembimbing dan sertifikat. Kirim CV dan surat pengantar kampus.",
            "Program magang Kampus Merdeka di perusahaan mitra di Jakarta: gratis, konversi SKS sesuai aturan kampus, pendaftaran lewat portal resmi.",
            "IM Japan membuka seleksi peserta magang ke Jepang melalui Disnaker. Gratis, wajib pelatihan bahasa Jepang 4 bulan, visa kerja dan kontrak resmi.",
            "Magang di rumah sakit daerah Malang untuk lulusan D3 keperawatan, 6 bulan, uang saku, pendaftaran di bagian kepegawaian.",
        ]
    ), "rendah"


def local_job(g: G, en: bool) -> tuple[str, str]:
    role = g.pick(
        [
            "kasir",
            "pelayan resto",
            "barista",
            "staf gudang",
            "admin toko",
            "kurir",
            "satpam",
            "penjahit",
            "kasir karaoke keluarga",
            "terapis pijat refleksi",
            "host live jualan baju",
        ]
    )
    city = g.pick(["Medan", "Malang", "Binjai", "Sukun", "Lowokwaru", "Medan Marelan"])
    if en:
        return (
            f"We're hiring a {g.pick(['barista', 'cashier', 'driver', 'admin assistant'])} in {city}. "
            f"Min. high school, able to work shifts, salary IDR {g.pick(['3.2', '3.5', '4'])} million. "
            f"Send your CV to jobs@{g.pick(['kopikita', 'tokomaju', 'sentosa'])}.com"
        ), "rendah"
    parts = g.r.sample(
        [
            f"gaji Rp{g.pick(['3.000.000', '3.500.000', '4.000.000'])}/bulan",
            "pendidikan min SMA/SMK",
            "pengalaman min 1 tahun",
            "usia maks 30 tahun",
            "BPJS Ketenagakerjaan",
            "berpenampilan rapi",
            "jujur dan disiplin",
            "shift pagi dan sore",
        ],
        3,
    )
    how = g.pick(
        [
            f"Kirim lamaran ke email hrd@{g.pick(['tokomaju', 'sentosa', 'kopikita'])}.co.id",
            f"Walk in interview setiap Senin di kantor kami, {city}",
            f"Info: WA {g.phone()} (HRD)",
        ]
    )
    return f"Dibutuhkan {role} di {city}. " + ", ".join(parts) + ". " + how, "rendah"


def warning(g: G, en: bool) -> tuple[str, str]:
    topic = g.pick(
        [
            "uang sirih untuk keluarga dan calo yang datang ke rumah",
            "pengantin pesanan ke Tiongkok",
            "lowongan LC dan terapis spa untuk remaja",
            "jalur belakang lewat Nunukan dan Entikong",
            "PRT ke Arab Saudi dengan visa umroh",
            "ABK kapal ikan yang gajinya ditahan",
            "ferienjob berkedok magang di Jerman",
            "kerja online yang berujung pelatihan di Kamboja",
            "panggilan tes palsu atas nama BUMN dengan biaya travel",
        ]
    )
    if en:
        return g.pick(
            [
                "BEWARE: traffickers offer families money up front and ask them not to tell the village office. Report to KP2MI 0-800-1000.",
                "Warning from BP3MI: fake internships in Germany and Japan. Check before you pay anything.",
            ]
        ), "rendah"
    return (
        g.pick(["WASPADA!", "Hati-hati modus baru:", "Imbauan BP3MI:", "Awas!"])
        + f" Marak perekrutan dengan modus {topic}. "
        + g.pick(
            [
                "Jangan mudah percaya.",
                "Itu modus TPPO.",
                "Laporkan ke call center KP2MI 0-800-1000.",
            ]
        )
    ), "rendah"


def official_recruitment(g: G, en: bool) -> tuple[str, str]:
    org = g.pick(
        [
            "Rekrutmen Bersama BUMN",
            "PT PLN (Persero)",
            "PT Pertamina (Persero)",
            "Kementerian Ketenagakerjaan",
        ]
    )
    if en:
        return (
            f"{org} recruitment is open on the official website only. Selection is free of charge; "
            "the committee never asks for transfers or for bookings through a travel agent."
        ), "rendah"
    return (
        f"Pendaftaran {org} dibuka hanya melalui situs resmi. "
        + g.pick(
            [
                "Seluruh tahapan seleksi tidak dipungut biaya apa pun.",
                "Panitia tidak pernah meminta transfer atau pemesanan tiket melalui travel.",
                "Peserta yang lolos seleksi administrasi diumumkan di situs resmi, tanpa biaya.",
            ]
        )
        + g.pick(
            [
                "",
                " Waspada penipuan yang mengatasnamakan panitia.",
                " Informasi resmi hanya dari akun terverifikasi.",
            ]
        )
    ), "rendah"


def licensed_crew(g: G, en: bool) -> tuple[str, str]:
    flag = g.pick(["Korea", "Taiwan", "Jepang"])
    if en:
        return (
            f"Licensed manning agency (SIUPPAK) recruiting deckhands for a {flag} fishing vessel. "
            "Sea employment agreement signed at the harbour master's office, wages paid monthly to "
            "your own account, BPJS, no recruitment fee."
        ), "rendah"
    return (
        f"Perusahaan awak kapal berizin SIUPPAK membuka lowongan ABK kapal ikan {flag}. "
        + ", ".join(
            g.r.sample(
                [
                    "perjanjian kerja laut ditandatangani di syahbandar",
                    "gaji dibayar tiap bulan ke rekening sendiri",
                    "BPJS Ketenagakerjaan",
                    "tidak dipungut biaya penempatan",
                    "proses resmi melalui BP3MI",
                ],
                3,
            )
        )
        + "."
    ), "rendah"


TYPOLOGIES: dict[str, Callable[[G, bool], tuple[str, str]]] = {
    "keluarga_calo": family,
    "pengantin_pesanan": bride,
    "hiburan_perempuan": entertainment,
    "jalur_nonprosedural": route,
    "prt_timur_tengah": middle_east,
    "abk_kapal_ikan": fishing,
    "magang_pelajar": internship,
    "tugas_online": online_task,
    "catut_instansi": impersonation,
    "santun_halus": polite,
}
NEGATIVES: dict[str, Callable[[G, bool], tuple[str, str]]] = {
    "neg_p3mi_berizin": licensed_p3mi,
    "neg_g_to_g": g2g,
    "neg_magang_resmi": real_internship,
    "neg_lowongan_lokal": local_job,
    "neg_peringatan": warning,
    "neg_rekrutmen_resmi": official_recruitment,
    "neg_abk_berizin": licensed_crew,
}


def generate(seed: int = SEED) -> Iterator[dict[str, str]]:
    """Every post of the typology corpus, with its typology, level, language and split."""
    rng = random.Random(seed)
    g = G(rng)
    for name, make in [*TYPOLOGIES.items(), *NEGATIVES.items()]:
        count = PER_TYPOLOGY if name in TYPOLOGIES else PER_NEGATIVE
        seen: set[str] = set()
        index = 0
        tries = 0
        while index < count and tries < count * 20:
            tries += 1
            text, level, lang = _render(g, make)
            if text in seen:
                continue
            seen.add(text)
            yield {
                "id": f"{name}-{index:03d}",
                "typology": name,
                "text": text,
                "level": level,
                "language": lang,
                "split": "test" if index % TEST_EVERY == TEST_EVERY - 1 else "train",
            }
            index += 1


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if "--write" in args:
        print(f"{write()} posts -> {DATA_FILE}")
        return 0
    for row in generate():
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


# ---------------------------------------------------------------------------------------------
# Scoring: what docs/screening.md and tests/screening/test_typologies.py report

DATA_FILE = Path(__file__).parent / "data" / "typologies.jsonl"


def load(split: str | None = None, path: Path = DATA_FILE) -> list[dict[str, str]]:
    """The committed corpus (``make model`` rewrites it from generate(); a test checks that
    both agree), optionally one split."""
    with open(path, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return [r for r in rows if split is None or r["split"] == split]


def score(levels: list[str], rows: list[dict[str, str]]) -> dict[str, Any]:
    """Per typology: recall of "not low risk" (and of "tinggi" where labelled so), precision
    against every hard negative of the same rows; overall: precision, recall and F1 of "not low
    risk", F1 of "tinggi", and the share of hard negatives screened "tinggi"."""
    negatives = [lvl for lvl, r in zip(levels, rows, strict=True) if r["typology"] in NEGATIVES]
    false_pos = sum(1 for lvl in negatives if lvl != "rendah")
    per: dict[str, dict[str, float]] = {}
    for name in TYPOLOGIES:
        got = [lvl for lvl, r in zip(levels, rows, strict=True) if r["typology"] == name]
        if not got:
            continue
        hits = sum(1 for lvl in got if lvl != "rendah")
        per[name] = {
            "n": len(got),
            "recall": round(hits / len(got), 3),
            "precision": round(hits / (hits + false_pos), 3) if hits + false_pos else 0.0,
        }
    for name in NEGATIVES:
        got = [lvl for lvl, r in zip(levels, rows, strict=True) if r["typology"] == name]
        if got:
            per[name] = {
                "n": len(got),
                "not_low": round(sum(1 for lvl in got if lvl != "rendah") / len(got), 3),
                "tinggi": round(sum(1 for lvl in got if lvl == "tinggi") / len(got), 3),
            }
    return {
        "typologies": per,
        "not_low": _prf(levels, rows, lambda lvl: lvl != "rendah"),
        "tinggi": _prf(levels, rows, lambda lvl: lvl == "tinggi"),
        "negatives_tinggi": round(
            sum(1 for lvl in negatives if lvl == "tinggi") / len(negatives), 3
        )
        if negatives
        else 0.0,
    }


def _prf(
    levels: list[str], rows: list[dict[str, str]], positive: Callable[[str], bool]
) -> dict[str, float]:
    tp = fp = fn = 0
    for lvl, row in zip(levels, rows, strict=True):
        pred, truth = positive(lvl), positive(row["level"])
        tp += pred and truth
        fp += pred and not truth
        fn += truth and not pred
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


def write(path: Path = DATA_FILE, seed: int = SEED) -> int:
    rows = list(generate(seed))
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(rows)


if __name__ == "__main__":
    raise SystemExit(main())
