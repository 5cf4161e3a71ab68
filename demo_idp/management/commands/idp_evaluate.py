"""`manage.py idp_evaluate DIR`: OCR every `<name>.<image>` + `<name>.txt` pair and score it."""

import json
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from demo_idp.ocr import review_simulation
from demo_idp.ocr.evaluation import VARIANTS, evaluate_dir, find_pairs, row_dict
from demo_idp.routing import RoutingRules


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
        parser.add_argument("--cache", type=Path, default=None,
                            help="keep each page's OCR in this directory and reuse it on the next run")

    def handle(self, *args, directory: Path, variant: str, jobs: int, seed: int, json: bool, cache: Path | None,
               **options):
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
        if cache is not None and cache.exists() and not cache.is_dir():
            raise CommandError(f"--cache {cache} is not a directory")
        rows, summary = evaluate_dir(directory, variant=variant, jobs=jobs, seed=seed, cache_dir=cache)
        summary["review"] = _review(directory, rows, seed)
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
        review = summary.pop("review")
        for key, value in summary.items():
            self.stdout.write(f"{key}: {value}")
        for policy in ("page", "line"):
            self.stdout.write(f"{policy} review: {review[policy]}")
        self.stdout.write("")
        self.stdout.write(f"{'review':<8} {'T':>4} {'words read':>11} {'residual median CER':>20}")
        for row in review["curves"]:
            for policy in ("page", "line"):
                self.stdout.write(f"{policy:<8} {row['threshold']:>4g} {row[policy]['reviewed_word_share']:>11.1%} "
                                  f"{row[policy]['residual_median_cer']:>20.4f}")


def _review(directory: Path, rows, seed: int) -> dict:
    """The simulated reviewer at the routing rules the evaluation used, and over the thresholds."""
    # Named as the evaluation seeds each page's audit draw, so both draw alike.
    pairs = {image.stem: (image.name, truth.read_text(encoding="utf-8")) for image, truth in find_pairs(directory)}
    items = [(pairs[row.name][0], row.words, pairs[row.name][1], row.orientation_method, row.orientation_confidence)
             for row in rows]
    rules = RoutingRules()
    return review_simulation.review_summary(items, rules=rules, seed=seed) | {
        "curves": review_simulation.review_curves(items, rules=rules, seed=seed)}


def _dumps(data) -> str:
    return json.dumps(data, indent=2)
