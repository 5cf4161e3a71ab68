"""The per-page pipeline: clean up, straighten, read with word boxes, turn upright by reading.

A page is read once; only a doubtful reading is read again turned 180 degrees (orientation.py).

`process_page` is the one entry point the Celery task calls for each rasterised page. It records
the seconds spent in each stage so the pipeline can store them as events for the dashboards.
Routing is separate (routing.route_page) because its rules live in the settings.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytesseract
from PIL import Image

from . import orientation, preprocess

# Workers scale by processes, so Tesseract's own OpenMP threads would only oversubscribe the CPUs.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


@dataclass(frozen=True)
class OcrConfig:
    """Pipeline settings; the defaults are the ones measured best on FUNSD (EVALUATION.md).

    psm 6 (one uniform block) reads forms in the ground truth's top-to-bottom, left-to-right order;
    psm 3 splits them into columns and scored CER 0.28 against 0.17 for psm 6 (both at 2x).
    """

    lang: str = "eng"
    psm: int = 6
    target_long_side: int = 2000
    max_upscale: float = 3.0
    # A first reading scoring at least this (length-weighted mean word confidence) is taken as the
    # right way up; below it the page is read turned 180 degrees too (orientation.read_upright).
    trust_reading: float = 60.0
    # Below this for both directions nothing reads like text read the right way up (FUNSD upside
    # down: at most 37): the page is read along the other text axis as well.
    retry_reading: float = 45.0
    deskew: bool = True
    max_skew: float = 10.0
    remove_lines: bool = True
    low_word_confidence: float = 60.0
    timeout: float = 120.0


@dataclass(frozen=True)
class Word:
    """One recognised word; box is (left, top, width, height) in the processed page's pixels."""

    text: str
    confidence: float
    box: tuple[int, int, int, int]
    line: int


@dataclass
class PageResult:
    """Everything the pipeline stores for a page.

    rotation: degrees turned clockwise to make the page upright (0, 90, 180, 270).
    skew_angle: degrees the text was tilted (counter-clockwise positive), corrected by deskewing.
    image: the processed, upright page the word boxes refer to (for the review view).
    timings: seconds per stage, in pipeline order.
    """

    rotation: int
    skew_angle: float
    text: str
    words: list[Word]
    mean_confidence: float
    low_confidence_share: float
    inverted: bool
    upscale: float
    orientation_method: str
    orientation_confidence: float
    image: Image.Image | None = field(default=None, repr=False)
    timings: dict[str, float] = field(default_factory=dict)


def process_page(image: Image.Image, *, config: OcrConfig = OcrConfig()) -> PageResult:
    """Run one page image through the whole pipeline and return text, words and measurements."""
    timings: dict[str, float] = {}
    with _timed(timings, "clean"):
        page, inverted = preprocess.uninvert(preprocess.to_grey(image))
        factor = preprocess.upscale_factor(
            page.size, target_long_side=config.target_long_side, max_factor=config.max_upscale
        )
        page = preprocess.upscale(page, factor)
    skew = 0.0
    if config.deskew:
        # Straighten first: the text-line axis test and the reading both want level lines, and
        # right-angle turns after deskewing are lossless.
        with _timed(timings, "deskew"):
            page, skew = preprocess.deskew(page, max_angle=config.max_skew)
    with _timed(timings, "clean"):
        # Rule removal commutes with right-angle turns, so it runs once, before the page is turned.
        ocr_input = preprocess.remove_lines(page) if config.remove_lines else page

    def read(rotation: int) -> list[Word]:
        # The first reading is the OCR; a second one is the price of deciding the orientation.
        with _timed(timings, "orientation" if "ocr" in timings else "ocr"):
            return ocr_words(preprocess.rotate(ocr_input, -rotation), lang=config.lang, psm=config.psm,
                             timeout=config.timeout)

    start = time.perf_counter()
    found, words = orientation.read_upright(
        page, read, trust_score=config.trust_reading, retry_below=config.retry_reading
    )
    # What read() did not time is the text-line axis test: orientation work too.
    axis_test = time.perf_counter() - start - timings["ocr"] - timings.get("orientation", 0.0)
    timings["orientation"] = round(timings.get("orientation", 0.0) + max(axis_test, 0.0), 4)
    page = preprocess.rotate(page, -found.rotation)
    mean, low_share = confidence_stats(words, low_word_confidence=config.low_word_confidence)
    return PageResult(
        rotation=found.rotation,
        skew_angle=skew,
        text=words_to_text(words),
        words=list(words),
        mean_confidence=mean,
        low_confidence_share=low_share,
        inverted=inverted,
        upscale=round(factor, 3),
        orientation_method=found.method,
        orientation_confidence=found.confidence,
        image=page,
        timings=timings,
    )


def ocr_words(image: Image.Image, *, lang: str = "eng", psm: int = 6, timeout: float = 120.0) -> list[Word]:
    """OCR once with Tesseract's image_to_data; keep real words (non-blank, confidence >= 0).

    Tesseract's per-word inversion check (tessedit_do_invert) stays on although the page was
    un-inverted as a whole: turning it off saved 8% of the OCR's CPU on FUNSD but read a white-on-black
    form header as "S Onn Co) NWAWNe".
    """
    data = pytesseract.image_to_data(
        as_bmp(image), lang=lang, config=f"--psm {psm}", output_type=pytesseract.Output.DICT, timeout=timeout
    )
    words: list[Word] = []
    line_ids: dict[tuple[int, int, int], int] = {}
    for index, text in enumerate(data["text"]):
        confidence = float(data["conf"][index])
        if not text.strip() or confidence < 0:
            continue
        key = (data["block_num"][index], data["par_num"][index], data["line_num"][index])
        box = (data["left"][index], data["top"][index], data["width"][index], data["height"][index])
        words.append(Word(text=text.strip(), confidence=confidence, box=box, line=line_ids.setdefault(key, len(line_ids))))
    return words


def as_bmp(image: Image.Image) -> Image.Image:
    """The image marked to reach Tesseract as BMP: pytesseract writes PNG by default, and writing a
    2x FUNSD page as PNG took 45 times as long as BMP (0.54 s against 0.012 s on a busy machine)."""
    marked = image.copy()
    marked.format = "BMP"
    return marked


def words_to_text(words: list[Word]) -> str:
    """Words joined by spaces, one Tesseract line per text line."""
    lines: dict[int, list[str]] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word.text)
    return "\n".join(" ".join(line) for line in lines.values())


def confidence_stats(words: list[Word], *, low_word_confidence: float) -> tuple[float, float]:
    """(mean word confidence 0-100, share of words below low_word_confidence); (0, 1) if no words.

    A page with no words counts as entirely low confidence so it is always sent to review.
    """
    if not words:
        return 0.0, 1.0
    confidences = [word.confidence for word in words]
    low = sum(1 for value in confidences if value < low_word_confidence)
    return round(sum(confidences) / len(confidences), 2), round(low / len(confidences), 4)


@contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = round(timings.get(stage, 0.0) + time.perf_counter() - start, 4)
