from django.core.management.base import CommandError

from roadmap.content.checker import check_coverage, check_integrity
from roadmap.content.command import ContentCommand
from roadmap.content.reader import ContentError, read_content


class Command(ContentCommand):
    help = "Check the curated content files: references, prerequisite cycles, sources, minimums, hours."

    def handle(self, *args, **options):
        try:
            content = read_content(directory=self.directory(options))
        except ContentError as exc:
            raise CommandError(f"content has {len(exc.messages)} problem(s):\n{exc}") from exc
        problems = check_integrity(content) + check_coverage(content)
        if problems:
            raise CommandError(f"content has {len(problems)} problem(s):\n" + "\n".join(problems))
        counts = ", ".join(f"{len(items)} {kind}" for kind, items in content.items.items())
        self.stdout.write(self.style.SUCCESS(f"content OK: {counts}"))
