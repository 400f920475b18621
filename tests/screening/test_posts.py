"""Table-driven: realistic posts (informal Indonesian, English, mixes) with the level a careful
case worker would give and the flags that must (and must not) be among the reasons."""

import pytest

# (text, level, flags that must fire, flags that must not fire)
POSTS = [
    # --- high risk: scam compounds -----------------------------------------------------------
    (
        "DIBUTUHKAN SEGERA admin customer service di Kamboja, gaji 15jt/bln, tiket & visa "
        "ditanggung, tanpa pengalaman. minat hub WA 0812-3456-7890",
        "tinggi",
        {"tujuan_dilarang", "gaji_tidak_wajar", "biaya_ditanggung", "peran_samar"},
        set(),
    ),
    (
        "dibthkn CS online utk perusahaan di Phnom Penh gj 12-18jt, brgkt pakai visa turis, "
        "cukup bisa ngetik. japri yg minat",
        "tinggi",
        {"tujuan_dilarang", "visa_non_kerja", "syarat_ringan"},
        set(),
    ),
    (
        "Lowongan operator data di Sihanoukville 🇰🇭 gaji $1000 + bonus, tidak perlu ijazah, "
        "berangkat minggu ini!! kuota terbatas",
        "tinggi",
        {"tujuan_dilarang", "syarat_ringan", "berangkat_cepat"},
        set(),
    ),
    (
        "Info kerja Bavet, marketing online, penghasilan belasan juta, mess gratis, tiket "
        "pesawat ditanggung. Contact telegram @kerja_bavet88",
        "tinggi",
        {"tujuan_dilarang", "gaji_tidak_wajar", "biaya_ditanggung"},
        set(),
    ),
    (
        "Kerja di Myawaddy sebagai typing job, gaji 20 juta, syarat mudah, paspor dibuatkan",
        "tinggi",
        {"tujuan_dilarang", "syarat_ringan", "biaya_ditanggung"},
        set(),
    ),
    (
        "Open rekrut admin judi online di Poipet, gaji 18jt, langsung berangkat",
        "tinggi",
        {"peran_penipuan", "tujuan_dilarang", "berangkat_cepat"},
        set(),
    ),
    (
        "Dicari operator slot casino, KK Park, gaji 1500 dolar. Tanpa pengalaman.",
        "tinggi",
        {"peran_penipuan", "tujuan_dilarang"},
        set(),
    ),
    (
        "G A J I 15JT!!! kerja admin di K a m b o j a, hub W.A 0813 2222 3333",
        "tinggi",
        {"tujuan_dilarang", "gaji_tidak_wajar", "peran_samar"},
        set(),
    ),
    (
        "𝐋𝐎𝐊𝐄𝐑 𝐊𝐀𝐌𝐁𝐎𝐉𝐀 admin, gajiii 16jt, free tiket, visa on arrival aja",
        "tinggi",
        {"tujuan_dilarang", "visa_non_kerja", "biaya_ditanggung"},
        set(),
    ),
    (
        "Kerja di Thailand bagian customer service gaji 14jt/bln, berangkat pakai visa turis "
        "lewat Bangkok, tiket ditanggung",
        "tinggi",
        {"tujuan_rawan", "visa_non_kerja", "biaya_ditanggung"},
        set(),
    ),
    (
        "Lowongan kerja Laos (Golden Triangle) staf admin, gaji $1200, tanpa pengalaman, "
        "interview via zoom saja",
        "tinggi",
        {"tujuan_rawan", "peran_samar", "syarat_ringan"},
        set(),
    ),
    (
        "Loker Filipina CS chatting dgn klien luar negeri, gaji 17 juta, syarat ringan, "
        "brgkt cepat",
        "tinggi",
        {"tujuan_rawan", "syarat_ringan", "berangkat_cepat"},
        set(),
    ),
    (
        "kerja di kamboja sbg admin, paspor dipegang perusahaan biar aman, gaji 13jt",
        "tinggi",
        {"dokumen_ditahan", "tujuan_dilarang"},
        set(),
    ),
    # --- high risk: English and mixed --------------------------------------------------------
    (
        "URGENT HIRING: customer service in Cambodia, $1,000-1,500/month, free flight and "
        "accommodation, no experience needed. Contact Telegram @hr_asia21",
        "tinggi",
        {"tujuan_dilarang", "gaji_tidak_wajar", "biaya_ditanggung", "syarat_ringan"},
        set(),
    ),
    (
        "We are hiring typists for a company in Myanmar. Visa on arrival is fine, fast process, "
        "depart this week. WhatsApp +62 812 1111 2222",
        "tinggi",
        {"tujuan_dilarang", "visa_non_kerja", "berangkat_cepat"},
        set(),
    ),
    (
        "Job vacancy chat operator Sihanoukville, salary USD 1.000-1.200, passport will be kept "
        "by the company. DM me",
        "tinggi",
        {"tujuan_dilarang", "dokumen_ditahan"},
        set(),
    ),
    (
        "Hiring admin Phnom Penh, gaji gede $1500, no experience, langsung berangkat!",
        "tinggi",
        {"tujuan_dilarang", "syarat_ringan", "berangkat_cepat"},
        set(),
    ),
    (
        "Online casino staff needed in Cambodia, free visa, big income. Telegram @casino_hr1",
        "tinggi",
        {"tujuan_dilarang", "peran_penipuan"},
        set(),
    ),
    # --- high risk: Middle East domestic work ------------------------------------------------
    (
        "Dibutuhkan PRT untuk majikan di Arab Saudi, pakai visa ziarah, berangkat cepat. Japri",
        "tinggi",
        {"prt_timur_tengah", "visa_non_kerja", "berangkat_cepat"},
        set(),
    ),
    (
        "Lowongan pengasuh lansia ke Dubai, gaji 8 juta, visa umroh nanti kerja di sana, "
        "tidak perlu lewat PT",
        "tinggi",
        {"prt_timur_tengah", "visa_non_kerja", "jalur_ilegal"},
        set(),
    ),
    (
        "Dicari ART ke Kuwait, usia 21-40, proses kilat, gratis tiket",
        "tinggi",
        {"prt_timur_tengah", "berangkat_cepat", "biaya_ditanggung"},
        set(),
    ),
    # --- high risk: fees, illegal routes -----------------------------------------------------
    (
        "Kerja pabrik di Jepang tanpa tes bahasa. Biaya proses 5 juta transfer ke rekening "
        "pribadi saya BRI a.n. Rina. Berangkat 2 minggu",
        "tinggi",
        {"biaya_rekening_pribadi", "biaya_dimuka", "syarat_ringan"},
        set(),
    ),
    (
        "Loker Korea, DP 2jt dulu via OVO ya kak, sisa potong gaji nanti",
        "tinggi",
        {"biaya_rekening_pribadi", "biaya_dimuka", "jeratan_utang"},
        set(),
    ),
    (
        "Kerja kebun sawit di Malaysia lewat jalur tikus, aman, tanpa paspor kerja. Gaji RM 2000",
        "tinggi",
        {"jalur_ilegal"},
        {"tujuan_dilarang"},
    ),
    (
        "Kerja kilang Johor, pakai paspor pelancong, berangkat dari Tanjungbalai malam, "
        "biaya 4 juta bayar dulu",
        "tinggi",
        {"visa_non_kerja", "biaya_dimuka"},
        set(),
    ),
    (
        "Butuh tenaga kerja ke Taiwan, tidak perlu lewat disnaker, uang pelicin 3 juta, langsung "
        "terbang",
        "tinggi",
        {"jalur_ilegal", "biaya_dimuka", "berangkat_cepat"},
        set(),
    ),
    # --- high risk: minors and sexual exploitation -------------------------------------------
    (
        "Dicari cewek usia 16-22 utk LC karaoke di Batam, gaji 25jt, tanpa izin ortu, japri",
        "tinggi",
        {"usia_anak", "eksploitasi_seksual"},
        set(),
    ),
    (
        "Lowongan terapis spa plus di Malaysia, umur 17 bisa, KTP bisa dibantu, mess gratis",
        "tinggi",
        {"usia_anak", "eksploitasi_seksual"},
        set(),
    ),
    (
        "Open BO area Medan, cari cewek baru, kontak lewat MiChat, pelajar boleh",
        "tinggi",
        {"eksploitasi_seksual", "usia_anak"},
        set(),
    ),
    (
        "Cari pemandu lagu utk karaoke di Jakarta, umur 15-20, tidak perlu izin orang tua",
        "tinggi",
        {"eksploitasi_seksual", "usia_anak"},
        set(),
    ),
    # --- medium risk ---------------------------------------------------------------------------
    (
        "Info loker Malaysia kerja di kilang, syarat mudah, proses cepat. Minat WA 0857 1234 5678",
        "sedang",
        {"syarat_ringan", "berangkat_cepat"},
        {"tujuan_dilarang"},
    ),
    (
        "Dibutuhkan SPG di Medan. Biaya seragam 150rb dibayar saat interview. Buruan daftar! "
        "WA 0812 9999 8888",
        "sedang",
        {"biaya_dimuka", "desakan"},
        {"tujuan_dilarang"},
    ),
    (
        "Kerja online dari rumah, penghasilan jutaan per hari, tanpa modal, syarat mudah. DM ya",
        "sedang",
        # id-2026.2: "syarat mudah" counts only for work abroad; the task-job pattern fires
        {"gaji_tidak_wajar", "tugas_online"},
        set(),
    ),
    (
        "LPK Sakura buka program magang ke Jepang. Biaya pelatihan 15jt, dijamin berangkat 3 "
        "bulan, sisa potong gaji",
        "sedang",
        {"biaya_dimuka", "jeratan_utang"},
        set(),
    ),
    (
        "Dibutuhkan ABK kapal ikan Taiwan, gaji $450/bulan, tanpa pengalaman, potong gaji untuk "
        "biaya tiket",
        "tinggi",  # id-2026.2: three medium flags (foreign fishing crew, no experience, debt)
        {"syarat_ringan", "jeratan_utang", "abk_kapal_asing"},
        set(),
    ),
    (
        "Lowongan ke Taiwan bagian pabrik, kirim foto KTP dan KK via WA dulu ya, kuota terbatas",
        "sedang",
        {"data_pribadi", "berangkat_cepat"},
        set(),
    ),
    ("Kerja di Thailand, hotel, hub admin", "sedang", {"tujuan_rawan"}, {"tujuan_dilarang"}),
    (
        "Need workers for a factory in Malaysia. Registration fee RM 300. No experience needed.",
        "sedang",
        {"biaya_dimuka", "syarat_ringan"},
        set(),
    ),
    # --- low risk: licensed placements and G-to-G ------------------------------------------
    (
        "PT Sampel Karya Migran Sejahtera (SIP3MI No. SAMPLE-SIP3MI-0001/2024) membuka lowongan "
        "caregiver ke Taiwan. Gaji NT$ 30.000/bulan. Proses resmi melalui Disnaker dan LTSA, visa "
        "kerja, perjanjian kerja ditandatangani sebelum berangkat.",
        "rendah",
        {"p3mi_terdaftar", "proses_resmi", "visa_kerja", "kontrak_kerja"},
        set(),
    ),
    (
        "PT Contoh Penempatan Nusantara buka lowongan operator pabrik ke Jepang, visa kerja, "
        "BPJS Ketenagakerjaan, tidak dipungut biaya penempatan. "
        "Kantor: Jl. Percobaan No. 22 Malang",
        "rendah",
        {"p3mi_terdaftar", "visa_kerja", "jaminan_sosial"},
        set(),
    ),
    (
        "PT Maju Sentosa Abadi, P3MI resmi terdaftar di KP2MI, merekrut perawat lansia ke Jepang. "
        "Wajib ikut OPP, perjanjian kerja resmi, gaji ¥ 180.000/bulan.",
        "rendah",
        {"izin_disebut", "proses_resmi", "kontrak_kerja"},
        set(),
    ),
    (
        "Lowongan juru masak restoran ke Hong Kong, gaji HK$ 4.990/bulan, tiket ditanggung pemberi "
        "kerja, proses melalui Disnaker, visa kerja dan kontrak kerja sebelum berangkat",
        "rendah",
        {"visa_kerja", "proses_resmi"},
        set(),
    ),
    (
        "Pendaftaran program G to G ke Korea (EPS-TOPIK) dibuka oleh KP2MI. Daftar hanya lewat "
        "situs resmi, tidak dipungut biaya apa pun. Waspada calo.",
        "rendah",
        {"g_to_g"},
        {"biaya_dimuka"},
    ),
    (
        "Program SSW ke Jepang lewat KP2MI: tes bahasa dan keterampilan, proses di LTSA dan "
        "Disnaker setempat.",
        "rendah",
        {"g_to_g", "proses_resmi"},
        set(),
    ),
    (
        "IM Japan membuka seleksi peserta magang ke Jepang melalui Disnaker. Gratis, tanpa biaya "
        "pendaftaran.",
        "rendah",
        {"g_to_g"},
        {"biaya_dimuka"},
    ),
    # --- low risk: local jobs in Medan and Malang --------------------------------------------
    (
        "Dicari kasir untuk toko kami di Jl. Gatot Subroto No. 12 Medan. Pendidikan min SMA, "
        "gaji UMK. Kirim lamaran ke hrd@tokomaju.co.id",
        "rendah",
        set(),
        {"tujuan_dilarang", "biaya_dimuka"},
    ),
    (
        "Lowongan admin gudang di Lowokwaru, Malang. Gaji Rp 3.200.000/bulan, BPJS, min. "
        "pengalaman 1 tahun. Info WA 0812 3456 1111",
        "rendah",
        set(),
        {"peran_samar", "gaji_tidak_wajar"},
    ),
    (
        "Dibutuhkan customer service untuk dealer motor di Medan Helvetia, fresh graduate "
        "dipersilakan, walk in interview tiap Senin",
        "rendah",
        {"alamat_kantor"},
        {"peran_samar"},
    ),
    (
        "LOKER barista kafe di Klojen Malang, tanpa pengalaman, akan dilatih. Kirim CV via WA "
        "0813 5555 6666",
        "rendah",
        set(),
        {"peran_samar", "tujuan_dilarang"},
    ),
    (
        "Dibutuhkan marketing properti di Binjai, gaji pokok + komisi, kirim lamaran ke kantor "
        "kami Jl. Sudirman No. 5",
        "rendah",
        set(),
        {"peran_samar", "gaji_tidak_wajar"},
    ),
    (
        "We're hiring an English tutor in Malang. Min. 1 year experience, salary IDR 4 million. "
        "Send your CV to jobs@lestari.com",
        "rendah",
        set(),
        {"gaji_tidak_wajar"},
    ),
    (
        "Dicari satpam untuk pabrik di Tanjung Morawa, Deli Serdang. Tinggi min 170 cm, punya "
        "sertifikat Gada Pratama. Lamaran diantar langsung.",
        "rendah",
        set(),
        set(),
    ),
    (
        "Butuh helper dapur di rumah makan Medan Marelan, mess disediakan, gaji 2,8 jt",
        "rendah",
        set(),
        {"biaya_ditanggung"},
    ),
    # --- low risk: warnings and news (hard negatives) ----------------------------------------
    (
        "WASPADA! Modus penipuan lowongan kerja ke Kamboja dengan gaji tinggi dan visa turis. "
        "Jangan tergiur, cek dulu di siskop2mi atau hubungi 0800-1000.",
        "rendah",
        {"konteks_peringatan"},
        set(),
    ),
    (
        "Hati-hati lowongan admin di Myanmar gaji 15 juta, tiket ditanggung. Itu modus TPPO. "
        "Bagikan ke keluarga.",
        "rendah",
        {"konteks_peringatan"},
        set(),
    ),
    (
        "Polres Pelabuhan Belawan menangkap dua pelaku yang merekrut 12 warga untuk bekerja "
        "sebagai admin di Kamboja dengan visa turis. Para korban kini dipulangkan.",
        "rendah",
        {"konteks_peringatan"},
        set(),
    ),
    (
        "Sebanyak 46 WNI korban penipuan daring di Myawaddy diselamatkan dan direpatriasi.",
        "rendah",
        {"konteks_peringatan"},
        set(),
    ),
    (
        "Kesbangpol Kota Medan menggelar sosialisasi pencegahan TPPO di Kantor Lurah Terjun dan "
        "memilih 10 Duta Anti Trafficking.",
        "rendah",
        set(),
        set(),
    ),
    (
        "Beware of fake job offers in Cambodia promising high salary and free flights. Do not "
        "fall for them; check with BP3MI first.",
        "rendah",
        {"konteks_peringatan"},
        set(),
    ),
    (
        "Imbauan: jangan mudah percaya tawaran kerja tanpa pengalaman dengan gaji belasan juta "
        "di luar negeri. Tanyakan ke Disnaker.",
        "rendah",
        {"konteks_peringatan"},
        set(),
    ),
    # --- edge cases ----------------------------------------------------------------------------
    ("", "rendah", set(), set()),
    ("😀😀😀🙏🙏", "rendah", set(), set()),
    ("Selamat pagi semua, semoga sehat selalu", "rendah", set(), set()),
    # id-2026.2: a strong flag alone is "tinggi"
    ("Kerja di Kamboja. Tertarik?", "tinggi", {"tujuan_dilarang"}, set()),
    (
        "Tanpa biaya pendaftaran, gratis pelatihan, kerja di pabrik Malang, gaji UMK",
        "rendah",
        set(),
        {"biaya_dimuka"},
    ),
]


@pytest.mark.parametrize(("text", "level", "must", "must_not"), POSTS, ids=range(len(POSTS)))
def test_post(rules_screener, text, level, must, must_not):
    result = rules_screener.screen(text)
    flags = set(result.flags)
    assert must <= flags, f"missing {must - flags}; got {sorted(flags)}"
    assert not (must_not & flags), f"unexpected {must_not & flags}"
    assert result.level == level, f"{result.level} != {level}; flags {sorted(flags)}"


def test_table_is_big_enough():
    assert len(POSTS) >= 60
    levels = {level for _, level, _, _ in POSTS}
    assert levels == {"tinggi", "sedang", "rendah"}


def test_spans_point_at_the_original_words(rules_screener):
    text = "DIBTHKN admin di K a m b o j a, gj 15jt, hub W.A 0812-3456-7890"
    result = rules_screener.screen(text)
    for reason in result.reasons:
        for span in reason.spans:
            assert text[span.start : span.end] == span.text
    banned = next(r for r in result.reasons if r.id == "tujuan_dilarang")
    assert [s.text for s in banned.spans] == ["K a m b o j a"]


def test_every_reason_explains_itself_in_both_languages(rules_screener):
    result = rules_screener.screen(POSTS[0][0])
    for reason in result.reasons:
        assert reason.explanation_id and reason.explanation_en
        assert reason.advice_id and reason.advice_en
        assert reason.legal_basis and reason.indicator


def test_result_records_ruleset_version(rules_screener):
    assert rules_screener.screen("gaji tinggi").ruleset_version == "id-2026.2"
