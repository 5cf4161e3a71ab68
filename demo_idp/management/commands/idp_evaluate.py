"""`manage.py idp_evaluate DIR`: OCR every `<name>.<image>` + `<name>.txt` pair and score it."""

import json
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from demo_idp.ocr.evaluation import VARIANTS, evaluate_dir, find_pairs, row_dict


class Command(BaseCommand):
    help = (
        "Run every image in DIR (beside its ground-truth .txt) through the OCR pipeline and print the "
        "character error rate, the route per page, and the routing quality."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        # No argparse `choices`: its error is a SystemExit, not a CommandError a caller can catch.
        parser.add_argument("--variant", default="upright", help=f"one of: {', '.join(VARIANTS)}")
        parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
        parser.add_argument("--seed", type=int, default=0, help="seed of the audit sample")
        parser.add_argument("--json", action="store_true", help="print rows and summary as JSON")

    def handle(self, *args, directory: Path, variant: str, jobs: int, seed: int, json: bool, **options):
        if variant not in VARIANTS:
            raise CommandError(f"unknown variant {variant!r}; choose from {', '.join(VARIANTS)}")
        if not directory.is_dir():
            raise CommandError(f"{directory} is not a directory")
        if not find_pairs(directory):
            raise CommandError(
                f"{directory} has no image with ground truth beside it "
                "(expected <name>.png|jpg|tif and <name>.txt)"
            )
        if jobs < 1:
            raise CommandError("--jobs must be at least 1")
        rows, summary = evaluate_dir(directory, variant=variant, jobs=jobs, seed=seed)
        if json:
            self.stdout.write(_dumps({"rows": [row_dict(row) for row in rows], "summary": summary}))
            return
        self.stdout.write(f"{'page':<22} {'CER':>6} {'conf':>6} {'low':>5} {'rot':>4} {'skew':>6}  route: reason")
        for row in rows:
            self.stdout.write(
                f"{row.name:<22} {row.cer:6.3f} {row.mean_confidence:6.1f} {row.low_confidence_share:5.0%} "
                f"{row.rotation:4d} {row.skew_angle:6.2f}  {row.route}: {row.route_reason}"
            )
        self.stdout.write("")
        for key, value in summary.items():
            self.stdout.write(f"{key}: {value}")


def _dumps(data) -> str:
    return json.dumps(data, indent=2)
