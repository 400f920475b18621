from django.urls import path

from sigap.people import views

app_name = "people"
urlpatterns = [
    path("masuk/", views.login, name="login"),
    path("keluar/", views.logout, name="logout"),
    path("verifikasi/", views.verify, name="2fa_verify"),
    path("verifikasi/pasang/", views.enrol, name="2fa_enrol"),
    path("verifikasi/kode-cadangan/", views.backup_codes, name="backup_codes"),
    path("saya/", views.account, name="account"),
    path("saya/sandi/", views.password_change, name="password_change"),
    path("saya/token/", views.token_create, name="token_create"),
    path("saya/token/<int:pk>/cabut/", views.token_revoke, name="token_revoke"),
    path("pengguna/", views.users, name="users"),
    path("pengguna/baru/", views.user_create, name="user_create"),
    path("pengguna/<int:pk>/", views.user_detail, name="user"),
    path("pengguna/<int:pk>/peran/", views.membership_create, name="membership_create"),
    path("pengguna/<int:pk>/nonaktifkan/", views.user_deactivate, name="user_deactivate"),
    path("peran/<int:pk>/akhiri/", views.membership_end, name="membership_end"),
    path("organisasi/", views.organisations, name="organisations"),
    path("organisasi/baru/", views.organisation_create, name="organisation_create"),
    path("organisasi/<int:pk>/", views.organisation_edit, name="organisation_edit"),
    path("audit/", views.audit_log, name="audit"),
    path("audit/csv/", views.audit_csv, name="audit_csv"),
]
