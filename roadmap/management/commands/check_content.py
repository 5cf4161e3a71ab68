from roadmap.content.checker import check_coverage, check_integrity
from roadmap.content.command import ContentCommand
from roadmap.content.reader import ContentError, read_content
from roadmap.content.wording import check_wording


class Command(ContentCommand):
    help = (
        "Check the curated content files: references, prerequisite cycles, sources, minimums, hours, "
        "and what learners read (no jargon about the source documents, no retired certification recommended)."
    )

    def run(self, *, directory):
        content = read_content(directory=directory)
        problems = check_integrity(content) + check_coverage(content) + check_wording(content)
        if problems:
            raise ContentError(problems)
        counts = ", ".join(f"{len(items)} {kind}" for kind, items in content.items.items())
        self.stdout.write(self.style.SUCCESS(f"content OK: {counts}"))
