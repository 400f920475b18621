import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sigap.regions.importer import import_areas
from sigap.regions.models import Area, Level


class Command(BaseCommand):
    help = "Import (or refresh) the Kemendagri area hierarchy from idn-area-data CSV files."

    def add_arguments(self, parser):
        parser.add_argument(
            "--source",
            type=Path,
            default=None,
            help="folder with provinces/regencies/districts/villages.csv "
            "(default: the bundled idn-area-data 4.0.1)",
        )
        parser.add_argument(
            "--only",
            default="",
            help="comma-separated regency codes: import only their kecamatan "
            "and desa/kelurahan (e.g. 12.71,35.73)",
        )

    def handle(self, *args, source, only, **options):
        started = time.perf_counter()
        prefixes = [p.strip() for p in only.split(",") if p.strip()] or None

        def progress(count):
            self.stdout.write(f"\r  {count:>6} rows read", ending="")
            self.stdout.flush()

        try:
            counts = import_areas(source, only=prefixes, progress=progress)
        except (FileNotFoundError, KeyError) as error:
            raise CommandError(f"Cannot import areas: {error}")
        self.stdout.write("")
        totals = {level.label: Area.objects.at_level(level).count() for level in Level}
        self.stdout.write(
            self.style.SUCCESS(
                f"Areas: {counts['created']} created, {counts['updated']} updated, "
                f"{counts['unchanged']} unchanged in {time.perf_counter() - started:.1f} s"
            )
        )
        self.stdout.write("  " + ", ".join(f"{label}: {n}" for label, n in totals.items()))
