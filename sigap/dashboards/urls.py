from django.urls import path

from sigap.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("unduh/<slug:key>.<slug:fmt>", views.download, name="download"),
    path("statistik-terbuka.csv", views.open_statistics, name="open_statistics"),
    path("laporan-bulanan/", views.leadership_reports, name="reports"),
    path("laporan-bulanan/<int:pk>/", views.leadership_report, name="report"),
    path("laporan-bulanan/<int:pk>/<slug:kind>/", views.leadership_report_file, name="report_file"),
]
