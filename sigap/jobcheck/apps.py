from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobcheckConfig(AppConfig):
    name = "sigap.jobcheck"
    verbose_name = _("Cek Lowongan")
