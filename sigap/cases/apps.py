from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "sigap.cases"
    verbose_name = _("Reports and cases")
