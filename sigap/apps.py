from django.apps import AppConfig


class SigapConfig(AppConfig):
    """The project shell: base templates, home pages, static files, shared commands."""

    name = "sigap"
    verbose_name = "SIGAP"
