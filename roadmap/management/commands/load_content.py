from roadmap.content.command import ContentCommand
from roadmap.content.loader import load_content
from roadmap.content.revision import content_digest
from roadmap.models import ContentRevision


class Command(ContentCommand):
    help = "Load the curated content from YAML; idempotent, archives items that left the files."
    failure = "content not loaded, nothing written"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--if-changed",
            action="store_true",
            help="do nothing when the files are the ones loaded last time (make run uses this)",
        )

    def run(self, *, directory):
        digest = content_digest(directory)
        last = ContentRevision.objects.filter(directory=str(directory)).first()
        if self.options["if_changed"] and last is not None and last.digest == digest:
            self.stdout.write(f"content files unchanged since {last.loaded_at:%Y-%m-%d %H:%M}: not reloaded")
            return
        tallies = load_content(directory=directory)
        ContentRevision.objects.create(digest=digest, directory=str(directory))
        for kind, tally in tallies.items():
            self.stdout.write(f"{kind}: {tally}")
        if not any(t.changed for t in tallies.values()):
            self.stdout.write(self.style.SUCCESS("content is up to date"))
