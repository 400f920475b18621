from django.urls import path

from sigap.regions import views

app_name = "regions"
urlpatterns = [
    path("", views.browse, name="browse"),
    # Before the code pattern: "cari" is not an area code.
    path("cari/", views.search, name="search"),
    path("<str:code>/", views.detail, name="detail"),
]
