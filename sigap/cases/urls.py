from django.urls import path

from sigap.cases.views import casework, exports, htcds, public, referrals, reports

app_name = "cases"
urlpatterns = [
    # Public: the only pages without an account (also exempt from two-factor sign-in).
    path("lapor/", public.report_public, name="report_public"),
    path("lapor/wilayah/", public.area_options, name="area_options"),
    path("status/", public.status, name="status"),
    # Reporters and triage.
    path("laporan/", reports.reports, name="reports"),
    path("laporan/baru/", reports.report_new, name="report_new"),
    path("laporan/<int:pk>/", reports.report_detail, name="report"),
    path("laporan/<int:pk>/<slug:action>/", reports.report_post, name="report_post"),
    path("lampiran/<int:pk>/", reports.attachment, name="attachment"),
    # Case work.
    path("kasus/", casework.cases, name="cases"),
    path("kasus/ekspor/htcds.csv", exports.htcds_csv, name="export_htcds"),
    path("kasus/statistik/", exports.statistics, name="statistics"),
    path("kasus/htcds/", htcds.hub, name="htcds"),
    path("kasus/htcds/kirim/", htcds.send, name="htcds_send"),
    path("kasus/htcds/publik/", htcds.public_release, name="htcds_public"),
    path("kasus/htcds/impor/", htcds.import_upload, name="htcds_import"),
    path("kasus/htcds/impor/simpan/", htcds.import_commit, name="htcds_import_commit"),
    path("kasus/htcds/impor/<str:result_id>/", htcds.import_progress, name="htcds_import_progress"),
    path("kasus/<int:pk>/", casework.case_detail, name="case"),
    path("kasus/<int:pk>/tugas/<int:task_id>/selesai/", casework.task_done, name="task_done"),
    path(
        "kasus/<int:pk>/layanan/<int:service_id>/terlaksana/",
        casework.service_done,
        name="service_done",
    ),
    path("kasus/<int:pk>/<slug:action>/", casework.case_post, name="case_post"),
    # Referrals.
    path("rujukan/", referrals.referrals, name="referrals"),
    path("rujukan/<int:pk>/", referrals.referral_detail, name="referral"),
    path("rujukan/<int:pk>/<slug:action>/", referrals.referral_post, name="referral_post"),
]
