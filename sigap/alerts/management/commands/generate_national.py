from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from sigap.alerts.national import Generator, Plan, write_manifest


class Command(BaseCommand):
    help = (
        "Generate synthetic national data (reports, cases, condition reports, screened posts) "
        "for every desa/kelurahan, with planted spikes and recruiter clusters listed in a JSON "
        "manifest. Run manage.py import_areas first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--scale", type=float, default=1.0, help="share of the full volumes (0.001 for tests)"
        )
        parser.add_argument(
            "--only", default="", help="comma-separated area codes: generate only inside them"
        )
        parser.add_argument(
            "--manifest",
            type=Path,
            default=None,
            help="where the manifest goes (default: SIGAP_VAR_DIR/national-manifest.json)",
        )

    def handle(self, *args, seed, scale, only, manifest, **options):
        if not 0 < scale <= 10:
            raise CommandError("--scale must be above 0 and at most 10.")
        plan = Plan(
            seed=seed, scale=scale, only=tuple(p.strip() for p in only.split(",") if p.strip())
        )
        bars: list[tqdm] = []

        def progress(label: str, total: int):
            bar = tqdm(total=total, desc=label, unit=" baris", file=self.stderr._out)
            bars.append(bar)
            return bar.update

        try:
            result = Generator(plan, progress).run()
        except LookupError as error:
            raise CommandError(str(error))
        finally:
            for bar in bars:
                bar.close()
        path = manifest or Path(settings.VAR_DIR) / "national-manifest.json"
        write_manifest(result, path)
        self.stdout.write(
            self.style.SUCCESS(
                f"{result['rows']} rows in {result['seconds']} s "
                f"({result['rows_per_s']} rows/s); manifest: {path}"
            )
        )
