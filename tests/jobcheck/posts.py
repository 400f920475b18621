"""Posts the tests paste: invented, in the style of real ones."""

CAMBODIA_ADMIN = (
    "DIBUTUHKAN SEGERA admin ke Kamboja gaji 15jt, visa turis, tiket ditanggung, "
    "hub WA 0812-3456-7890"
)
LICENSED = (
    "Lowongan resmi: PT Sampel Karya Migran Sejahtera (SIP3MI No. SAMPLE-SIP3MI-0001/2024) "
    "membuka lowongan caregiver ke Jepang. Proses lewat Disnaker/LTSA, visa kerja, perjanjian "
    "kerja ditandatangani sebelum berangkat."
)
