from django.urls import path

from sigap.alerts import views

app_name = "alerts"

urlpatterns = [
    path("", views.alert_list, name="list"),
    path("jalankan/", views.run_now, name="run"),
    path("<int:pk>/", views.alert_detail, name="detail"),
    path("<int:pk>/<slug:action>/", views.alert_post, name="post"),
]
