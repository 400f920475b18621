"""Demo data for the two pilot stories, on top of ``sigap.demo.load_people`` (run that first).

Medan: the two-day sosialisasi at the Kantor Lurah Terjun with participants, attendance and test
scores, the two ambassadors selected there, and the 5 pilot kecamatan. Malang: LPA's rakor and
audiensi, the Pakta Integritas of five kelurahan, their relawan and six months of condition
reports (some late, one missing). Real places; every person is fictional and named "(Demo)".

Idempotent: the demo programmes are rebuilt from scratch each time, dated relative to today.
"""

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from sigap.people.models import Organisation
from sigap.programme import actions, periods, stakeholders, stats, voting
from sigap.programme.models import ConditionReport, Nomination, Programme
from sigap.regions.models import Area

MEDAN_NAME = "Duta Anti Trafficking Kota Medan (Demo)"
MALANG_NAME = "Komunitas PP TPPO Kota Malang (Demo)"
MEDAN_PILOT = {
    "12.71.08": "Belawan",
    "12.71.09": "Amplas",
    "12.71.12": "Marelan",
    "12.71.13": "Labuhan",
    "12.71.21": "Selayang",
}
TERJUN = "12.71.12.1003"
MALANG_KELURAHAN = {
    "kotalama": "35.73.03.1001",
    "tanjungrejo": "35.73.04.1006",
    "sukoharjo": "35.73.02.1005",
    "ketawanggede": "35.73.05.1006",
    "polehan": "35.73.01.1010",
}
FIRST_NAMES = [
    "Ani",
    "Budi",
    "Citra",
    "Dedi",
    "Eka",
    "Fitri",
    "Gilang",
    "Hana",
    "Indra",
    "Joko",
    "Kartika",
    "Lukman",
    "Mega",
    "Nanda",
    "Oki",
    "Putri",
    "Rizky",
    "Siti",
    "Taufik",
    "Wulan",
]


# Participants 1–3 of the Terjun sosialisasi: duta.terjun, duta.terjun2 and fkdm.terjun.
SELECTED_NAMES = {0: "Andi Lubis", 1: "Sari Nasution", 2: "Budi Harahap"}


def _area(code: str) -> Area:
    return Area.objects.get(code=code)


def _org(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def _user(username: str):
    return get_user_model().objects.get(username=username)


@transaction.atomic
def load_programmes(today: date | None = None) -> list[Programme]:
    today = today or timezone.localdate()
    names = [MEDAN_NAME, MALANG_NAME]
    # Answers protect their questions, so the reports go before the programme.
    ConditionReport.objects.filter(programme__name__in=names).delete()
    Programme.objects.filter(name__in=names).delete()
    rng = random.Random(2026)
    return [_medan(today, rng), _malang(today, rng)]


# Medan ----------------------------------------------------------------------------------------


def _medan(today: date, rng) -> Programme:
    start = (today - timedelta(days=120)).replace(day=1)
    programme = actions.programme_create(
        actor=None,
        name=MEDAN_NAME,
        lead=_org("Badan Kesbangpol Kota Medan"),
        partners=[_org("IOM Indonesia – Medan")],
        area=_area("12.71"),
        description="Sosialisasi pencegahan dan penanganan TPPO per kecamatan dan diskusi "
        "partisipatif pembentukan Duta Anti Trafficking; penjaringan anggota FKDM.",
        legal_basis="UU 21/2007 tentang Pemberantasan TPPO; Perpres 125/2016 (penanganan "
        "pengungsi); SK Wali Kota Medan tentang Satgas Penanganan Pengungsi.",
        starts_on=start,
        indicators=False,
    )
    actions.letter_add(
        actor=None,
        programme=programme,
        number="000/123/KESBANGPOL/DEMO",
        dated=start,
        issuer="Badan Kesbangpol Kota Medan",
        title="Undangan sosialisasi per kecamatan (Demo)",
    )
    actions.phase_create(
        actor=None,
        programme=programme,
        name="Pilot: 5 kecamatan",
        starts_on=start,
        areas=[_area(c) for c in MEDAN_PILOT],
    )
    rest = Area.objects.filter(code__startswith="12.71.", level=3).exclude(code__in=MEDAN_PILOT)
    actions.phase_create(
        actor=None,
        programme=programme,
        name="Perluasan: 16 kecamatan",
        starts_on=start + timedelta(days=365),
        areas=list(rest),
    )
    for name in [
        "Pengetahuan TPPO dan modus rekrutmen",
        "Kemampuan berkomunikasi",
        "Keaktifan di masyarakat",
    ]:
        actions.criterion_add(actor=None, programme=programme, name=name, max_score=5)
    event = _terjun_sosialisasi(programme, today - timedelta(days=60), rng)
    _participatory_vote(event)
    _select_terjun(event)
    _terjun_relawan(programme, event.starts_on)
    for code, name in [("12.71.09", "Amplas"), ("12.71.08", "Belawan"), ("12.71.21", "Selayang")]:
        actions.event_create(
            actor=None,
            programme=programme,
            kind="sosialisasi",
            area=_area(code),
            title=f"Sosialisasi Pencegahan TPPO Kecamatan Medan {name}",
            venue=f"Kantor Camat Medan {name}",
            starts_on=today - timedelta(days=rng.randint(20, 90)),
            days=2,
            organisers=[_org("Badan Kesbangpol Kota Medan"), _org("IOM Indonesia – Medan")],
        )
    _medan_outreach(programme, today, rng)
    return programme


def _terjun_sosialisasi(programme, day: date, rng):
    event = actions.event_create(
        actor=None,
        programme=programme,
        kind="sosialisasi",
        area=_area(TERJUN),
        title="Sosialisasi Pencegahan dan Penanganan TPPO dan Diskusi Partisipatif Pembentukan "
        "Duta Anti Trafficking, Kecamatan Medan Marelan",
        venue="Kantor Lurah Terjun",
        starts_on=day,
        days=2,
        organisers=[_org("Badan Kesbangpol Kota Medan"), _org("IOM Indonesia – Medan")],
        agenda="Hari 1: pembukaan, pre-test, materi TPPO dan modus rekrutmen lewat media sosial.\n"
        "Hari 2: diskusi partisipatif, post-test, penjaringan Duta Anti Trafficking dan FKDM.",
        test_max=100,
    )
    for name, kind, org in [
        ("Kabid Penanganan Konflik (Demo)", "official", "Badan Kesbangpol Kota Medan"),
        ("Staf Program IOM (Demo)", "practitioner", "IOM Indonesia"),
        ("Dosen Hukum Pidana (Demo)", "academic", "Universitas di Medan"),
    ]:
        actions.speaker_add(actor=None, event=event, name=name, kind=kind, organisation=org)
    people = []
    for i, first in enumerate(FIRST_NAMES):
        people.append(
            actions.participant_register(
                actor=None,
                event=event,
                # The three selected there carry their logins' names (sigap.demo.LOGINS).
                name=f"{SELECTED_NAMES.get(i, first)} (Demo)",
                sex="p" if i % 2 else "l",
                position=rng.choice(
                    ["Kepala Lingkungan", "Kader PKK", "Pemuda", "Guru", "Tokoh agama"]
                ),
                area=event.area,
                at_door=i >= 17,
            )
        )
    actions.attendance_set(
        actor=None,
        event=event,
        marks={
            1: {p.pk for p in people[:19]},
            2: {p.pk for p in people if p.number != 5},
        },
    )
    actions.scores_record(
        actor=None,
        event=event,
        scores={p.pk: (rng.randint(35, 65), rng.randint(65, 95)) for p in people},
    )
    actions.event_notes_update(
        actor=None,
        event=event,
        agenda=event.agenda,
        minutes="Peserta sepakat membentuk Duta Anti Trafficking di Kelurahan Terjun. Modus utama "
        "yang dikenali: lowongan kerja di media sosial. Dua duta dan satu anggota FKDM dipilih.",
    )
    actions.follow_up_add(
        actor=None,
        event=event,
        action="Terbitkan SK Duta Anti Trafficking",
        owner="Badan Kesbangpol Kota Medan",
        due_on=day + timedelta(days=30),
    )
    return event


def _select_terjun(event):
    people = list(event.participants.order_by("number"))
    criteria = list(event.programme.criteria.all())
    choices = [
        (people[0], "ambassador", "duta.terjun"),
        (people[1], "ambassador", "duta.terjun2"),
        (people[2], "fkdm", "fkdm.terjun"),
        (people[3], "ambassador", None),
    ]
    for participant, role, username in choices:
        nomination = actions.nomination_create(actor=None, participant=participant, role=role)
        actions.nomination_score(
            actor=None, nomination=nomination, values={c.pk: 4 if username else 2 for c in criteria}
        )
        member, _pw = actions.nomination_decide(
            actor=None,
            nomination=nomination,
            selected=bool(username),
            reason="Aktif dalam diskusi dan dikenal warga."
            if username
            else "Belum bersedia meluangkan waktu.",
            term_starts=event.starts_on + timedelta(days=1),
            term_ends=event.starts_on + timedelta(days=731),
            appointment_letter="SK/DUTA/TERJUN/DEMO",
        )
        if member is not None:
            member.user = _user(username)
            member.save(update_fields=["user"])


def _participatory_vote(event):
    """The diskusi partisipatif: the participants nominate and vote with their codes (17 by
    phone, 3 on paper); the coordinator's rubric and decisions follow in ``_select_terjun``."""
    poll = voting.poll_open(actor=None, event=event)
    voters = list(poll.voters.select_related("participant").order_by("participant__number"))
    # Peers nominate Andi (1), Sari (2) and Dedi (4) as ambassadors; Budi (3) joins FKDM.
    named = [1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 1, 2, 1, 2]
    for voter, number in zip(voters, named, strict=False):
        voting.peer_nominate(voter=voter, candidate_number=number)
    for nomination in Nomination.objects.filter(participant__event=event):
        voting.nomination_answer(actor=None, nomination=nomination, accepted=True)
    voting.poll_advance(actor=None, poll=poll, stage="voting")
    by_number = {
        n.participant.number: n.pk for n in voting.candidates(poll).select_related("participant")
    }
    choice = [1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 4, 4, 4, 1, 2, 4]
    for voter, number in zip(voters, choice, strict=False):
        voting.vote_cast(voter=voter, nomination_id=by_number[number])
    voting.paper_tally_record(
        actor=None, poll=poll, voter_numbers=[18, 19, 20], counts={by_number[1]: 2, by_number[2]: 1}
    )
    voting.poll_advance(actor=None, poll=poll, stage="closed")


def _terjun_relawan(programme, day):
    """relawan.terjun: a volunteer of the kelurahan, registered after the sosialisasi."""
    member, _pw = actions.member_register(
        actor=None,
        programme=programme,
        name="Rudi Sembiring (Demo)",
        sex="l",
        role="relawan",
        area=_area(TERJUN),
        term_starts=day + timedelta(days=7),
        appointment_letter="SK Lurah Terjun No. 7/DEMO",
    )
    member.user = _user("relawan.terjun")
    member.save(update_fields=["user"])


def _medan_outreach(programme, today, rng):
    # Logged by the members themselves, so each sees their own sessions on /program/saya/.
    members = list(programme.members.filter(role__in=["ambassador", "relawan"]))
    for k in range(8):
        member = members[k % len(members)]
        actions.outreach_log(
            actor=member.user,
            programme=programme,
            area=member.area,
            member=member,
            held_on=today - timedelta(days=5 + 6 * k),
            venue_type=rng.choice(["school", "posyandu", "religious", "rt_rw", "online"]),
            children_f=rng.randint(0, 10),
            children_m=rng.randint(0, 10),
            youth_f=rng.randint(2, 12),
            youth_m=rng.randint(2, 12),
            adults_f=rng.randint(3, 20),
            adults_m=rng.randint(3, 15),
            topics=rng.sample(
                ["online_recruitment", "safe_migration", "child_protection", "reporting"], 2
            ),
        )


# Malang ---------------------------------------------------------------------------------------


def _malang(today: date, rng) -> Programme:
    months_back = 7
    start = periods.period_start(today, 1)
    for _ in range(months_back):
        start = periods.period_start(start - timedelta(days=1), 1)
    programme = actions.programme_create(
        actor=None,
        name=MALANG_NAME,
        lead=_org("LPA Kota Malang"),
        area=_area("35.73"),
        description="Komunitas Pencegahan dan Penanganan TPPO bersama lurah, camat, OPD, "
        "akademisi dan praktisi; relawan di kelurahan yang menandatangani Pakta Integritas.",
        legal_basis="Surat KemenPPPA tentang pembentukan Komunitas PP-TPPO.",
        starts_on=start,
        reports_start=start,
    )
    actions.letter_add(
        actor=None,
        programme=programme,
        dated=date(2018, 10, 22),
        number="B.966/Set/KPP-PA/II/PP.07/10/2018",
        issuer="KemenPPPA",
        title="Pembentukan Komunitas PP-TPPO",
    )
    kelurahan = [_area(c) for c in MALANG_KELURAHAN.values()]
    actions.phase_create(
        actor=None, programme=programme, name="Pilot: 5 kelurahan", starts_on=start, areas=kelurahan
    )
    city = _area("35.73")
    lpa = _org("LPA Kota Malang")
    events = {}
    for kind, title, venue, offset in [
        (
            "rakor",
            "Rakor Komunitas PP TPPO bersama lurah, camat dan Polresta",
            "Kantor LPA Kota Malang",
            -20,
        ),
        ("audiensi", "Audiensi dengan DP3AP2KB dan OPD Kota Malang", "Balai Kota Malang", -10),
    ]:
        events[kind] = actions.event_create(
            actor=None,
            programme=programme,
            kind=kind,
            title=title,
            area=city,
            venue=venue,
            organisers=[lpa],
            starts_on=start + timedelta(days=offset),
            days=1,
        )
    _malang_stakeholders(programme, events, kelurahan)
    for key, area in zip(MALANG_KELURAHAN, kelurahan, strict=True):
        _malang_kelurahan(programme, key, area, start, today, rng)
    return programme


# (organisation, kind, role in the community, representative, position), all city-wide
MALANG_STAKEHOLDERS = [
    ("LPA Kota Malang", "ngo", "pembentuk dan sekretariat komunitas", "Ketua LPA (Demo)", "Ketua"),
    ("DP3AP2KB Kota Malang", "opd", "anggota komunitas; layanan korban", "Kabid PPA (Demo)",
     "Kepala Bidang Perlindungan Anak"),
    ("Dinas Sosial Kota Malang", "opd", "anggota komunitas; rehabilitasi sosial",
     "Kasi Rehsos (Demo)", "Kepala Seksi"),
    ("Polresta Malang Kota – Unit PPA", "police", "penegakan hukum", "Kanit PPA (Demo)",
     "Kepala Unit PPA"),
    ("Universitas di Malang", "academic", "narasumber", "Dosen Hukum Pidana (Demo)", "Dosen"),
    ("Praktisi hukum", "practitioner", "narasumber; pendampingan hukum",
     "Advokat Pendamping (Demo)", "Advokat"),
    ("Kecamatan Kedungkandang", "kecamatan", "pembina kelurahan", "Camat Kedungkandang (Demo)",
     "Camat"),
]  # fmt: skip


def _malang_stakeholders(programme, events, kelurahan):
    """The Komunitas PP TPPO's stakeholders; all come to the rakor, the OPD and the lurah to the
    audiensi, where each kelurahan signs its pact (``_malang_kelurahan``)."""
    city = programme.area
    rows = []
    for i, (org, kind, role, who, position) in enumerate(MALANG_STAKEHOLDERS):
        rows.append(
            stakeholders.stakeholder_add(
                actor=None, programme=programme, organisation=org, kind=kind, role=role,
                area=city, representative=who, position=position,
                phone=f"+6281300000{i:03d}",
            )
        )  # fmt: skip
    for area in kelurahan:
        rows.append(
            stakeholders.stakeholder_add(
                actor=None, programme=programme, organisation=f"Kelurahan {area.name}",
                kind="kelurahan", role="menandatangani Pakta Integritas", area=area,
                representative=f"Lurah {area.name} (Demo)", position="Lurah",
            )
        )  # fmt: skip
    stakeholders.stakeholder_attendance_set(
        actor=None, event=events["rakor"], present={s.pk: "" for s in rows}
    )
    at_audiensi = [s for s in rows if s.kind in ("opd", "kelurahan", "ngo", "kecamatan")]
    present = {s.pk: "" for s in at_audiensi}
    present[rows[1].pk] = "Staf Bidang PPA (Demo)"  # DP3AP2KB sent a member of staff
    stakeholders.stakeholder_attendance_set(actor=None, event=events["audiensi"], present=present)
    for event, who, text, days in [
        (events["rakor"], 3, "Menunjuk petugas penghubung untuk laporan kelurahan", 30),
        (events["rakor"], 4, "Menjadi narasumber pelatihan relawan", 60),
        (events["audiensi"], 1, "Menyediakan rumah aman dan layanan pendampingan korban", 90),
        (events["audiensi"], 2, "Memasukkan korban TPPO dalam program rehabilitasi sosial", 90),
    ]:
        item = stakeholders.stakeholder_commit(
            actor=None, event=event, stakeholder=rows[who], text=text,
            due_on=event.starts_on + timedelta(days=days),
        )  # fmt: skip
        if who == 3:
            stakeholders.stakeholder_commitment_done(
                actor=None, item=item, done_on=event.starts_on + timedelta(days=14)
            )


def _malang_kelurahan(programme, key, area, start, today, rng):
    audiensi = programme.events.get(kind="audiensi")
    stakeholders.audiensi_pact_record(
        actor=None,
        event=audiensi,
        area=area,
        signed_on=audiensi.starts_on,
        signatories=[
            (f"Lurah {area.name} (Demo)", f"Lurah {area.name}", f"Kelurahan {area.name}"),
            ("Ketua LPA (Demo)", "Ketua", "LPA Kota Malang"),
        ],
        commitments=[
            ("volunteers", "Membentuk relawan di tingkat kelurahan", 4),
            ("monitoring", "Melakukan monitoring di wilayah kelurahan", None),
            ("conditions", "Melaporkan kondisi yang ada di wilayah kelurahan setiap bulan", None),
        ],
        notes="Ditandatangani dalam audiensi Komunitas PP TPPO di Balai Kota Malang (Demo).",
    )
    volunteers = 4 if key in ("kotalama", "ketawanggede") else rng.randint(2, 3)
    for i in range(volunteers):
        member, _pw = actions.member_register(
            actor=None,
            programme=programme,
            name=f"{FIRST_NAMES[(i * 5 + len(key)) % 20]} {area.name} (Demo)",
            sex="p" if i % 2 else "l",
            role="relawan",
            area=area,
            term_starts=start,
            appointment_letter=f"SK Lurah {area.name} No. {i + 1}/DEMO",
        )
        if i == 0:
            member.user = _user(f"relawan.{key}")
            member.save(update_fields=["user"])
            _malang_outreach(programme, member, start, today, rng)
    _malang_reports(programme, key, area, start, today, rng)


def _malang_outreach(programme, member, start, today, rng):
    """The relawan's monitoring and outreach: one or two sessions a month (none in Polehan's
    last month), logged by the relawan."""
    day = start + timedelta(days=5)
    while day < today - timedelta(days=3):
        if not (member.area.name == "Polehan" and day > today - timedelta(days=40)):
            actions.outreach_log(
                actor=member.user,
                programme=programme,
                area=member.area,
                member=member,
                held_on=day,
                venue_type=rng.choice(["posyandu", "rt_rw", "religious", "school"]),
                youth_f=rng.randint(2, 8),
                youth_m=rng.randint(2, 8),
                adults_f=rng.randint(4, 15),
                adults_m=rng.randint(3, 10),
                topics=["online_recruitment", "reporting"],
            )
        day += timedelta(days=rng.choice([14, 21, 30]))


def _malang_reports(programme, key, area, start, today, rng):
    indicators = list(programme.indicators.all())
    due_periods = [
        p
        for p in periods.ended_periods(start, today, 1)
        if periods.due_on(p, 1, programme.report_due_days) < today
    ]
    for n, period in enumerate(due_periods):
        last = n == len(due_periods) - 1
        if key == "polehan" and last:
            continue  # the one missing report
        late = key == "sukoharjo" and n in (1, 3)
        values = {
            i.pk: (
                rng.randint(0, 6)
                if i.kind == "number"
                else rng.random() < 0.2
                if i.kind == "yes_no"
                else ""
            )
            for i in indicators
        }
        # The activities the kelurahan reports are those SIGAP counts (stats.ACTIVITY_DEFINITION).
        for i in indicators:
            if i.key == "kegiatan_sosialisasi":
                end = periods.period_end(period, 1)
                values[i.pk] = stats.activities(programme, area.code, since=period, until=end)
        report = actions.condition_file(
            actor=None, programme=programme, area=area, period_start=period, values=values
        )
        filed = report.due_on + timedelta(days=6) if late else report.due_on - timedelta(days=3)
        ConditionReport.objects.filter(pk=report.pk).update(filed_on=filed)
        if not last:
            report.refresh_from_db()
            actions.condition_confirm(actor=None, report=report)
