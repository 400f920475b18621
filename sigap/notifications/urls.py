from django.urls import path

from sigap.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/buka/", views.open_notification, name="open"),
    path("baca-semua/", views.read_all, name="read_all"),
    path("pesan/", views.messages_page, name="messages"),
    path("pesan/pilihan/", views.messages_kinds, name="messages_kinds"),
    path("pesan/kode/", views.messages_code, name="messages_code"),
    path("pesan/lepas/", views.messages_unlink, name="messages_unlink"),
]
