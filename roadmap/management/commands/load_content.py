from roadmap.content.command import ContentCommand
from roadmap.content.loader import load_content


class Command(ContentCommand):
    help = "Load the curated content from YAML; idempotent, archives items that left the files."
    failure = "content not loaded, nothing written"

    def run(self, *, directory):
        tallies = load_content(directory=directory)
        for kind, tally in tallies.items():
            self.stdout.write(f"{kind}: {tally}")
        if not any(t.changed for t in tallies.values()):
            self.stdout.write(self.style.SUCCESS("content is up to date"))
