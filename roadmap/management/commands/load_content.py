from django.core.management.base import CommandError

from roadmap.content.command import ContentCommand
from roadmap.content.loader import load_content
from roadmap.content.reader import ContentError


class Command(ContentCommand):
    help = "Load the curated content from YAML; idempotent, archives items that left the files."

    def handle(self, *args, **options):
        try:
            tallies = load_content(directory=self.directory(options))
        except ContentError as exc:
            raise CommandError(f"content not loaded, nothing written:\n{exc}") from exc
        for kind, tally in tallies.items():
            self.stdout.write(f"{kind}: {tally}")
        if not any(t.changed for t in tallies.values()):
            self.stdout.write(self.style.SUCCESS("content is up to date"))
