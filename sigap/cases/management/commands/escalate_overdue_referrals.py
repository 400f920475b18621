"""Tell coordinators about referrals past their deadline. The worker does it every day (the
`overdue-referrals` schedule, sigap/schedules.py); this runs it by hand."""

from django.core.management.base import BaseCommand

from sigap.cases.referral_actions import referrals_escalate_overdue


class Command(BaseCommand):
    help = "Escalate overdue referrals to the coordinators of their area (once per referral)."

    def handle(self, *args, **options):
        escalated = referrals_escalate_overdue()
        self.stdout.write(f"escalated {len(escalated)} overdue referrals")
