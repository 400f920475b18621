from django.urls import path

from sigap.channels import views

app_name = "channels"

urlpatterns = [
    path("whatsapp/", views.whatsapp, name="whatsapp"),
    path("telegram/<str:secret>/", views.telegram, name="telegram"),
    path("sms/<str:secret>/", views.sms, name="sms"),
]
