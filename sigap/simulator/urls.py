"""Mounted at /kanal/simulator/ (sigap/urls.py). Every address answers 404 unless
SIGAP_CHANNEL_SIMULATOR is on (sigap.simulator.access)."""

from django.urls import path

from sigap.simulator import api, views

app_name = "simulator"

urlpatterns = [
    path("", views.chat, name="chat"),
    path("obrolan/", views.messages, name="messages"),
    path("kirim/", views.send, name="send"),
    path("staf/", views.staff, name="staff"),
    # The fake providers (the settings point the channels here when the simulator is on).
    path("api/whatsapp/<str:phone_id>/messages", api.whatsapp_messages, name="whatsapp_messages"),
    path("api/whatsapp/media/<int:pk>/file", api.whatsapp_file, name="whatsapp_file"),
    path("api/whatsapp/<str:media_id>", api.whatsapp_media, name="whatsapp_media"),
    path("api/telegram/bot<str:token>/sendMessage", api.telegram_send, name="telegram_send"),
    path("api/telegram/bot<str:token>/getFile", api.telegram_get_file, name="telegram_get_file"),
    path(
        "api/telegram/file/bot<str:token>/photos/file_<int:pk>.jpg",
        api.telegram_file,
        name="telegram_file",
    ),
    path("api/sms", api.sms_send, name="sms_send"),
]
