from django.core.management.base import BaseCommand, CommandError

from sigap import i18n


class Command(BaseCommand):
    help = (
        "Compile the .po catalogues to .mo (no GNU gettext needed), check that every "
        "translatable string has an Indonesian translation, or add the missing ones."
    )

    def add_arguments(self, parser):
        parser.add_argument("--compile", action="store_true", help="write django.mo files")
        parser.add_argument(
            "--check",
            action="store_true",
            help="fail when a string lacks a translation or a placeholder differs",
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="add missing strings (untranslated) to each app's catalogue",
        )
        parser.add_argument(
            "--app", default="", help="with --update: only this app (folder name, or 'sigap')"
        )

    def handle(self, *args, compile, check, update, app, **options):
        if not (compile or check or update):
            raise CommandError("Say what to do: --compile, --check or --update.")
        if update:
            self.update(app)
        if check:
            self.check_catalogues()
        if compile:
            self.compile()

    def compile(self):
        for app_dir in i18n.app_dirs():
            for po_path in (app_dir / "locale").glob("*/LC_MESSAGES/django.po"):
                # Fuzzy and untranslated entries are left out, as msgfmt does.
                i18n.read_catalogue(po_path).save_as_mofile(str(po_path.with_suffix(".mo")))
                self.stdout.write(f"compiled {po_path.relative_to(i18n.ROOT.parent)}")

    def update(self, only: str):
        known = i18n.all_catalogue_entries()
        for app_dir in i18n.app_dirs():
            if only and app_dir.name != only:
                continue
            missing = [e for key, e in i18n.extract(app_dir).items() if key not in known]
            if not missing:
                continue
            path = i18n.catalogue_path(app_dir)
            catalogue = i18n.read_catalogue(path) if path.exists() else i18n.new_catalogue()
            catalogue.extend(missing)
            path.parent.mkdir(parents=True, exist_ok=True)
            catalogue.save(str(path))
            self.stdout.write(f"{path.relative_to(i18n.ROOT.parent)}: {len(missing)} added")

    def check_catalogues(self):
        known = i18n.all_catalogue_entries()
        problems = []
        for app_dir in i18n.app_dirs():
            for key, entry in i18n.extract(app_dir).items():
                if key not in known or not known[key].translated():
                    problems.append(f"untranslated: {entry.msgid!r} ({entry.occurrences[0][0]})")
        for entry in i18n.placeholder_mismatches(known.values()):
            problems.append(f"placeholders differ: {entry.msgid!r} -> {entry.msgstr!r}")
        if problems:
            raise CommandError("\n".join(problems))
        self.stdout.write(self.style.SUCCESS(f"{len(known)} strings translated."))
