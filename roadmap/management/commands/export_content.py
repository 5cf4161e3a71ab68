from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from roadmap.content.exporter import export_content


class Command(BaseCommand):
    help = "Write the curated content in the database (as curators edited it) back to the YAML files."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(settings.BASE_DIR / "content"), help="folder of the YAML files")

    def handle(self, *args, **options):
        for path in export_content(directory=Path(options["dir"])):
            self.stdout.write(f"wrote {path}")
