from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from sigap import offline, views

urlpatterns = [
    path("", views.home, name="home"),
    # First of the includes: the anonymous report form is the busiest public page, and URLs
    # are matched in order. Its paths (lapor/, status/, laporan/, kasus/, rujukan/, lampiran/)
    # overlap no other app's.
    path("", include("sigap.cases.urls")),
    path("tentang/", views.about, name="about"),
    # The installable shell (issue 20): the worker's scope is the path it is served from.
    path("sw.js", offline.service_worker, name="offline_worker"),
    path("manifest.webmanifest", offline.manifest, name="offline_manifest"),
    path("luring/", offline.offline_page, name="offline_page"),
    path("kotak-keluar/", offline.outbox, name="offline_outbox"),
    path("dasbor/", views.dashboard, name="dashboard"),
    path("dasbor/<str:code>/", views.dashboard, name="dashboard_area"),
    path("dasbor-data/", include("sigap.dashboards.urls")),
    path("pengungsi/", include("sigap.refugees.urls")),
    path("peringatan/", include("sigap.alerts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("akun/", include("sigap.people.urls")),
    path("wilayah/", include("sigap.regions.urls")),
    path("notifikasi/", include("sigap.notifications.urls")),
    path("program/", include("sigap.programme.urls")),
    path("cek-lowongan/", include("sigap.jobcheck.urls")),
    # The demo's fake provider and chat page: 404 unless SIGAP_CHANNEL_SIMULATOR is on.
    path("kanal/simulator/", include("sigap.simulator.urls")),
    path("kanal/", include("sigap.channels.urls")),
    path("tugas/", include("sigap.tasks.urls")),
    path("api/v1/", include("sigap.api.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "sigap.views.not_found"
handler500 = "sigap.views.server_error"
