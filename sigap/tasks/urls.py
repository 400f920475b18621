from django.urls import path

from sigap.tasks import views

app_name = "tasks"
urlpatterns = [
    path("gagal/", views.failed_list, name="failed"),
    path("gagal/<int:pk>/", views.failed_detail, name="failed_detail"),
    path("gagal/<int:pk>/ulang/", views.failed_retry, name="failed_retry"),
    path("<str:result_id>/kemajuan/", views.progress_bar, name="progress"),
]
