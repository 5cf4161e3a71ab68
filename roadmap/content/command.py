"""What the three content commands share: the ``--dir`` option naming the YAML folder."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand


class ContentCommand(BaseCommand):
    def add_arguments(self, parser):
        # Tests and curators' experiments point the commands at another folder.
        parser.add_argument("--dir", default=str(settings.BASE_DIR / "content"), help="folder of the YAML files")

    @staticmethod
    def directory(options) -> Path:
        return Path(options["dir"])
