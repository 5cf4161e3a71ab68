from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from roadmap.content.loader import load_content
from roadmap.content.reader import ContentError


class Command(BaseCommand):
    help = "Load the curated content from YAML; idempotent, archives items that left the files."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(settings.BASE_DIR / "content"), help="folder of the YAML files")

    def handle(self, *args, **options):
        try:
            tallies = load_content(directory=Path(options["dir"]))
        except ContentError as exc:
            raise CommandError(f"content not loaded, nothing written:\n{exc}") from exc
        for kind, tally in tallies.items():
            self.stdout.write(f"{kind}: {tally}")
        if not any(t.changed for t in tallies.values()):
            self.stdout.write(self.style.SUCCESS("content is up to date"))
