from django.urls import path

from sigap.refugees import views

app_name = "refugees"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/", views.area, name="area"),
    path("<str:code>/hitungan/", views.headcount_new, name="headcount_new"),
]
