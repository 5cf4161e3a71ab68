"""Which way up is the page: Tesseract OSD, with a fallback when OSD is unsure.

OSD is unreliable on low-resolution scans: on FUNSD's 100-dpi pages it was wrong or failed on 7-16
of 50 pages per rotation at native size (OCRmyPDF's default threshold then leaves such pages
unrotated). On the 2x-upscaled page it was wrong on 2-8 of 50, always with an orientation
confidence below 2. So the pipeline runs OSD on the upscaled page, trusts it at confidence 2 or
more, and otherwise decides by reading: the text-line axis comes from projection profiles and the
choice between the two opposite directions from Tesseract's word confidences on a strip of the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import cv2
import numpy as np
import pytesseract
from PIL import Image

from . import preprocess


@dataclass(frozen=True)
class Orientation:
    """rotation: degrees to turn clockwise to make the page upright (0, 90, 180 or 270).

    method: "osd" when Tesseract OSD was trusted, "confidence" when the reading fallback decided.
    confidence: OSD's orientation confidence, or the fallback's margin in mean word confidence.
    """

    rotation: int
    method: str
    confidence: float


def detect_orientation(
    image: Image.Image, *, min_osd_confidence: float = 2.0, lang: str = "eng", psm: int = 6
) -> Orientation:
    """Find how far the page must be turned clockwise to be upright."""
    rotation, confidence = osd(image)
    if rotation is not None and confidence >= min_osd_confidence:
        return Orientation(rotation=rotation, method="osd", confidence=round(confidence, 2))
    return by_reading(image, lang=lang, psm=psm)


def osd(image: Image.Image) -> tuple[int | None, float]:
    """Tesseract OSD's (rotation, orientation confidence); (None, 0) when it finds too little text."""
    try:
        report = pytesseract.image_to_osd(image, config="--psm 0")
    except pytesseract.TesseractError:
        # "Too few characters" on sparse or blank pages: not an error of the upload.
        return None, 0.0
    rotation = re.search(r"Rotate: (\d+)", report)
    confidence = re.search(r"Orientation confidence: ([\d.]+)", report)
    if not rotation or not confidence:
        return None, 0.0
    return int(rotation.group(1)) % 360, float(confidence.group(1))


def lines_are_horizontal(image: Image.Image) -> bool:
    """True when text lines run left-right, judged by which projection profile is more peaked.

    Rows crossing text lines alternate between ink and gaps, so the row profile of an upright (or
    upside-down) page varies far more than the column profile; turned 90 degrees it is the reverse.
    """
    small = image.copy()
    small.thumbnail((800, 800))
    pixels = np.asarray(preprocess.to_grey(small))
    _, ink = cv2.threshold(pixels, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    rows = ink.sum(axis=1, dtype=np.int64).astype(float)
    cols = ink.sum(axis=0, dtype=np.int64).astype(float)
    return _peakedness(rows) >= _peakedness(cols)


def reading_confidence(image: Image.Image, *, lang: str = "eng", psm: int = 6) -> float:
    """Mean Tesseract word confidence, length-weighted, of the image read as it is."""
    data = pytesseract.image_to_data(image, lang=lang, config=f"--psm {psm}", output_type=pytesseract.Output.DICT)
    weighted = total = 0.0
    for text, conf in zip(data["text"], data["conf"]):
        if text.strip() and float(conf) >= 0:
            # Weighting by length keeps one-letter guesses (common when reading upside down) from
            # dominating the mean.
            weighted += float(conf) * len(text.strip())
            total += len(text.strip())
    return weighted / total if total else 0.0


def by_reading(image: Image.Image, *, lang: str = "eng", psm: int = 6) -> Orientation:
    """Read a middle strip both ways along the text axis and keep the more confident direction."""
    width, height = image.size
    if lines_are_horizontal(image):
        base, strip = 0, image.crop((0, height // 3, width, 2 * height // 3))
    else:
        base, strip = 90, image.crop((width // 3, 0, 2 * width // 3, height))
    scores = {}
    for rotation in (base, base + 180):
        scores[rotation] = reading_confidence(preprocess.rotate(strip, -rotation), lang=lang, psm=psm)
    best = max(scores, key=lambda rotation: scores[rotation])
    margin = abs(scores[base] - scores[base + 180])
    return Orientation(rotation=best % 360, method="confidence", confidence=round(margin, 2))


def _peakedness(profile: np.ndarray) -> float:
    mean = profile.mean()
    return float(np.var(np.diff(profile)) / (mean * mean + 1e-9))
