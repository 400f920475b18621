from django.urls import path

from sigap.jobcheck import views

app_name = "jobcheck"
urlpatterns = [
    path("", views.check, name="check"),  # public
    path("statistik/", views.statistics, name="statistics"),
    path("massal/", views.bulk_jobs, name="bulk_jobs"),
    path("massal/<int:pk>/", views.bulk_job, name="bulk_job"),
    path("massal/<int:pk>/progres/", views.bulk_progress, name="bulk_progress"),
    path("massal/<int:pk>/unduh/", views.bulk_download, name="bulk_download"),
]
