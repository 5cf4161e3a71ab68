"""Measure the OCR pipeline against ground truth: character error rate, routing quality, variants.

A directory of `<name>.png|jpg|jpeg|tif|tiff` files, each with `<name>.txt` beside it, is run
through exactly the code the workers use (rasterise -> page.process_page -> routing.route_page),
optionally after turning every page into a harder variant (rotated, skewed, inverted).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import statistics
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from multiprocessing import Pool
from pathlib import Path

from PIL import Image, ImageOps
from rapidfuzz.distance import Levenshtein

from ..routing import AUTO_ACCEPTED, REVIEW, RoutingRules, route_page
from . import preprocess, rasterise
from .page import OcrConfig, PageResult, Word, process_page

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
CER_OK = 0.10  # a page at or under this CER would not need a person's correction


def _skew5(image: Image.Image) -> Image.Image:
    return preprocess.rotate(preprocess.to_grey(image), 5)


def _invert(image: Image.Image) -> Image.Image:
    return ImageOps.invert(preprocess.to_grey(image))


# Rotations are counter-clockwise, as a page placed the wrong way on a scanner would be.
VARIANTS: dict[str, Callable[[Image.Image], Image.Image]] = {
    "upright": lambda image: image,
    "rot90": lambda image: preprocess.rotate(image, 90),
    "rot180": lambda image: preprocess.rotate(image, 180),
    "rot270": lambda image: preprocess.rotate(image, 270),
    "skew5": _skew5,
    "invert": _invert,
}


def normalise(text: str) -> str:
    """Text as compared for CER: all whitespace removed, case folded."""
    return "".join(text.split()).casefold()


def cer(hypothesis: str, reference: str) -> float:
    """Character error rate: Levenshtein distance / reference length, after normalise().

    An empty reference gives 0 for an empty hypothesis and 1 otherwise (rather than dividing by 0).
    """
    hyp, ref = normalise(hypothesis), normalise(reference)
    if not ref:
        return 0.0 if not hyp else 1.0
    return Levenshtein.distance(hyp, ref) / len(ref)


def find_pairs(directory: Path) -> list[tuple[Path, Path]]:
    """(image, ground truth) pairs in directory, sorted by name; images without a .txt are skipped."""
    pairs = []
    for path in sorted(directory.iterdir()):
        truth = path.with_suffix(".txt")
        if path.suffix.lower() in IMAGE_SUFFIXES and truth.is_file():
            pairs.append((path, truth))
    return pairs


@dataclass(frozen=True)
class Row:
    """One evaluated page."""

    name: str
    cer: float
    mean_confidence: float
    low_confidence_share: float
    route: str
    route_reason: str
    rotation: int
    skew_angle: float
    inverted: bool
    orientation_method: str
    seconds: float
    # For the simulated reviewer (review_simulation.py); not printed.
    orientation_confidence: float = 99.0
    words: tuple[Word, ...] = field(default=(), repr=False, compare=False)


def _cache_key(data: bytes, variant: str, config: OcrConfig) -> str:
    # The OCR code itself is part of the key: a changed pipeline must read the pages again.
    code = b"".join(path.read_bytes() for path in sorted(Path(__file__).parent.glob("*.py")))
    return hashlib.sha256(data + variant.encode() + repr(config).encode() + code).hexdigest()[:32]


def read_page(image_path: Path, *, variant: str, config: OcrConfig, cache_dir: Path | None = None) -> PageResult:
    """The pipeline's reading of the page (first page of the file); with cache_dir, read once and
    kept there as JSON (no image), so that sweeping routing thresholds does not OCR again."""
    data = image_path.read_bytes()
    cached = cache_dir / f"{image_path.stem}.{_cache_key(data, variant, config)}.json" if cache_dir else None
    if cached is not None and cached.is_file():
        fields = json.loads(cached.read_text())
        fields["words"] = [Word(text, conf, tuple(box), line) for text, conf, box, line in fields["words"]]
        return PageResult(**fields)
    result = process_page(VARIANTS[variant](rasterise.rasterise(data)[0]), config=config)
    result.image = None
    if cached is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        fields = asdict(result) | {"words": [[w.text, w.confidence, list(w.box), w.line] for w in result.words]}
        cached.write_text(json.dumps(fields))
    return result


def evaluate_page(
    image_path: Path, truth_path: Path, *, variant: str, config: OcrConfig, rules: RoutingRules, seed: int,
    cache_dir: Path | None = None,
) -> Row:
    """Run one page (first page of the file) through the pipeline and score it."""
    result = read_page(image_path, variant=variant, config=config, cache_dir=cache_dir)
    # One rng per page, seeded by name, so the audit sample does not depend on worker scheduling.
    route, reason = route_page(
        mean_confidence=result.mean_confidence,
        low_confidence_share=result.low_confidence_share,
        rules=rules,
        rng=random.Random(f"{seed}:{image_path.name}"),
    )
    return Row(
        name=image_path.stem,
        cer=round(cer(result.text, truth_path.read_text(encoding="utf-8")), 4),
        mean_confidence=result.mean_confidence,
        low_confidence_share=result.low_confidence_share,
        route=route,
        route_reason=reason,
        rotation=result.rotation,
        skew_angle=result.skew_angle,
        inverted=result.inverted,
        orientation_method=result.orientation_method,
        seconds=round(sum(result.timings.values()), 3),
        orientation_confidence=result.orientation_confidence,
        words=tuple(result.words),
    )


def _evaluate_job(job: tuple) -> Row:
    image_path, truth_path, variant, config, rules, seed, cache_dir = job
    return evaluate_page(image_path, truth_path, variant=variant, config=config, rules=rules, seed=seed,
                         cache_dir=cache_dir)


def _init_worker() -> None:
    # Parallelism is by processes; a multi-threaded Tesseract in each would fight over the CPUs.
    os.environ["OMP_THREAD_LIMIT"] = "1"


def evaluate_dir(
    directory: Path,
    *,
    variant: str = "upright",
    config: OcrConfig = OcrConfig(),
    rules: RoutingRules = RoutingRules(),
    jobs: int = 1,
    seed: int = 0,
    cache_dir: Path | None = None,
) -> tuple[list[Row], dict]:
    """Evaluate every pair in directory; return (rows in name order, summary).

    cache_dir: keep each page's OCR there and reuse it (see read_page)."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}; choose from {', '.join(VARIANTS)}")
    work = [(image, truth, variant, config, rules, seed, cache_dir) for image, truth in find_pairs(directory)]
    if jobs > 1 and len(work) > 1:
        with Pool(min(jobs, len(work)), initializer=_init_worker) as pool:
            rows = pool.map(_evaluate_job, work, chunksize=1)
    else:
        _init_worker()
        rows = [_evaluate_job(job) for job in work]
    return rows, summarise(rows, variant=variant)


def summarise(rows: list[Row], *, variant: str = "upright") -> dict:
    """Median/mean CER and routing quality.

    accepted_precision: of the auto-accepted pages, the share with CER <= 0.10.
    bad_pages_caught: of the pages with CER > 0.10, the share sent to review.
    """
    cers = [row.cer for row in rows]
    accepted = [row for row in rows if row.route == AUTO_ACCEPTED]
    bad = [row for row in rows if row.cer > CER_OK]
    return {
        "variant": variant,
        "pages": len(rows),
        "median_cer": round(statistics.median(cers), 4) if cers else None,
        "mean_cer": round(statistics.mean(cers), 4) if cers else None,
        "auto_accepted": len(accepted),
        "review": sum(1 for row in rows if row.route == REVIEW),
        "accepted_precision": _share(sum(1 for row in accepted if row.cer <= CER_OK), len(accepted)),
        "bad_pages": len(bad),
        "bad_pages_caught": _share(sum(1 for row in bad if row.route == REVIEW), len(bad)),
        "seconds_per_page": round(statistics.mean(row.seconds for row in rows), 3) if rows else None,
    }


def row_dict(row: Row) -> dict:
    return {key: value for key, value in asdict(row).items() if key not in ("words", "orientation_confidence")}


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None
