from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    """Background work on Django's Tasks API: retries, the dead-letter list, schedules, progress."""

    name = "sigap.tasks"
    label = "sigap_tasks"
    verbose_name = _("Background work")
