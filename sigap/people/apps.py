from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "sigap.people"
    verbose_name = _("People and organisations")

    def ready(self):
        from sigap.people.dbguard import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="sigap_audit_guard")
