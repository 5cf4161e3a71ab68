"""What the content commands share: the ``--dir`` option, and ContentError shown as a command error."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from roadmap.content.reader import ContentError


class ContentCommand(BaseCommand):
    failure = "content has problems"  # the first line above the messages of a ContentError

    def add_arguments(self, parser):
        # Tests and curators' experiments point the commands at another folder.
        parser.add_argument("--dir", default=str(settings.BASE_DIR / "content"), help="folder of the YAML files")

    def handle(self, *args, **options):
        self.options = options
        try:
            self.run(directory=Path(options["dir"]))
        except ContentError as exc:
            raise CommandError(f"{self.failure} ({len(exc.messages)}):\n{exc}") from exc

    def run(self, *, directory: Path) -> None:
        raise NotImplementedError
