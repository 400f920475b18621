from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SimulatorConfig(AppConfig):
    name = "sigap.simulator"
    label = "simulator"
    verbose_name = _("Channel simulator (demo)")
    default_auto_field = "django.db.models.BigAutoField"
