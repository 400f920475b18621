from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sigap import demo
from sigap.alerts.demo import load_alerts
from sigap.cases.demo import load_cases
from sigap.people.access import TWO_FACTOR_ROLES
from sigap.programme.demo import load_programmes
from sigap.refugees.demo import load_refugees
from sigap.regions.models import Area


class Command(BaseCommand):
    help = "Load the Medan and Malang pilot demo data (fictional people, real places). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--print-logins", action="store_true", help="only print the demo logins"
        )
        parser.add_argument("--port", type=int, default=8000, help="the port the demo serves on")

    def handle(self, *args, print_logins, port, **options):
        if not print_logins:
            try:
                demo.load_people()
                load_programmes()
                load_cases()
                load_alerts()
                load_refugees()
                demo.load_channels()
            except LookupError as error:
                raise CommandError(str(error))
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
            return
        self.print_logins(port)

    def print_logins(self, port):
        names = dict(
            Area.objects.filter(code__in={login.area for login in demo.LOGINS}).values_list(
                "code", "name"
            )
        )
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"Demo logins (password for all: {demo.DEMO_PASSWORD})")
        )
        self.stdout.write(f"  {'admin':<22} {'administrator':<12} whole country *")
        for login in demo.LOGINS:
            star = " *" if login.role in TWO_FACTOR_ROLES else ""
            where = f"{names.get(login.area, '?')} ({login.area})"
            self.stdout.write(f"  {login.username:<22} {login.role:<12} {where}{star}")
        self.stdout.write(
            "  * sets up two-factor sign-in (TOTP) on first sign-in: scan the QR code "
            "with any authenticator app."
        )
        self.stdout.write(f"  Open http://127.0.0.1:{port} ; Cek Lowongan needs no sign-in.")
        if settings.SIGAP_CHANNEL_SIMULATOR:
            self.stdout.write(
                f"  Channel simulator: http://127.0.0.1:{port}/kanal/simulator/ (write as a "
                "resident by WhatsApp, Telegram or SMS); focal.uptd.medan's Telegram notices: "
                f"http://127.0.0.1:{port}/kanal/simulator/staf/"
            )
        else:
            self.stdout.write("  Channel simulator off (SIGAP_CHANNEL_SIMULATOR=true turns it on).")
        self.stdout.write("")
