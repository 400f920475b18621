from django.urls import path

from sigap.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/buka/", views.open_notification, name="open"),
    path("baca-semua/", views.read_all, name="read_all"),
]
