from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsConfig(AppConfig):
    name = "sigap.channels"
    label = "channels"
    verbose_name = _("Messaging channels")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # cases may not import channels (a lower layer): channels listens to its hooks.
        from sigap.cases import signals
        from sigap.channels import actions

        signals.message_to_reporter.connect(
            actions.team_message_forward, dispatch_uid="channels_team_message"
        )
        signals.report_erased.connect(actions.report_erased_forget, dispatch_uid="channels_erased")
