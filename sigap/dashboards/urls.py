from django.urls import path

from sigap.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("unduh/<slug:key>.<slug:fmt>", views.download, name="download"),
]
