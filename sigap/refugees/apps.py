from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RefugeesConfig(AppConfig):
    name = "sigap.refugees"
    label = "refugees"
    verbose_name = _("Refugee task force")
    default_auto_field = "django.db.models.BigAutoField"
