import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sigap.regions.boundaries import BoundaryFileError, import_boundaries

SHOWN = 10  # unknown codes listed by name; the rest are counted


class Command(BaseCommand):
    help = (
        "Import area boundaries (GeoJSON FeatureCollections with a 'kode' property, or "
        "cahyadsn/wilayah_boundaries SQL dumps) into the areas' geometry and centroid."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="+",
            type=Path,
            help=".geojson, .json or .sql files, or folders holding them",
        )

    def handle(self, *args, paths, **options):
        started = time.perf_counter()
        try:
            report = import_boundaries(paths)
        except BoundaryFileError as error:
            raise CommandError(f"Cannot import boundaries: {error}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Boundaries: {report.updated} updated, {report.unchanged} unchanged in "
                f"{time.perf_counter() - started:.1f} s"
            )
        )
        if report.unknown:
            listed = ", ".join(report.unknown_codes[:SHOWN])
            more = f" and {report.unknown - SHOWN} more" if report.unknown > SHOWN else ""
            self.stdout.write(
                self.style.WARNING(
                    f"Skipped {report.unknown} unknown area codes (import the areas first?): "
                    f"{listed}{more}"
                )
            )
        if report.invalid:
            self.stdout.write(
                self.style.WARNING(
                    f"Skipped {report.invalid} boundaries without a usable polygon: "
                    + ", ".join(report.invalid_codes[:SHOWN])
                )
            )
