"""`manage.py make_samples DIR`: write the project's generated sample scans with ground truth."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from demo_idp.intake.samples import VARIANT_NAMES, write_samples


class Command(BaseCommand):
    help = "Write generated form scans (<name>.png + <name>.txt) in every variant to DIR."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument("--pages", type=int, default=2, help="distinct pages (each in every variant)")
        parser.add_argument("--variant", action="append", help=f"only these; any of: {', '.join(VARIANT_NAMES)}")

    def handle(self, *args, directory: Path, pages: int, variant: list[str] | None, **options):
        chosen = tuple(variant or VARIANT_NAMES)
        unknown = [name for name in chosen if name not in VARIANT_NAMES]
        if unknown:
            raise CommandError(f"unknown variant {', '.join(unknown)}; choose from {', '.join(VARIANT_NAMES)}")
        if pages < 1:
            raise CommandError("--pages must be at least 1")
        if directory.exists() and not directory.is_dir():
            raise CommandError(f"{directory} exists and is not a directory")
        written = write_samples(directory, pages=pages, variants=chosen)
        self.stdout.write(f"wrote {len(written)} sample pages with ground truth to {directory}")
