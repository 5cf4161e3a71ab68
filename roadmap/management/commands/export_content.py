from roadmap.content.command import ContentCommand
from roadmap.content.exporter import export_content


class Command(ContentCommand):
    help = "Write the curated content in the database (as curators edited it) back to the YAML files."

    def run(self, *, directory):
        for path in export_content(directory=directory):
            self.stdout.write(f"wrote {path}")
