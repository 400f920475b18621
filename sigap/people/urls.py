from django.contrib.auth import views as auth_views
from django.urls import path

from sigap.people import views

app_name = "people"
urlpatterns = [
    path("masuk/", auth_views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("saya/", views.account, name="account"),
    path("pengguna/", views.users, name="users"),
    path("organisasi/", views.organisations, name="organisations"),
]
