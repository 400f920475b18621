from django.core.management.base import BaseCommand

from sigap.programme.demo import load_programmes


class Command(BaseCommand):
    help = "Load the programme demo stories (Medan, Malang). Run load_demo first."

    def handle(self, *args, **options):
        for programme in load_programmes():
            self.stdout.write(f"loaded {programme.name}")
